#!/usr/bin/env bash
# Install mkdocs-meta-issues (and whatever else $INSTALL names) for the build action; prints
# the installed plugin's version as the step output "version" (part of the cache key).
#
# env: INSTALL (pip arguments; default: the release matching $ACTION_REF, e.g. v1.2.3)
set -euo pipefail

spec="${INSTALL:-}"
if [ -z "$spec" ]; then
  if [[ "${ACTION_REF:-}" =~ ^v([0-9]+\.[0-9]+\.[0-9]+.*)$ ]]; then
    spec="mkdocs-meta-issues==${BASH_REMATCH[1]}"
  else
    spec="mkdocs-meta-issues"
  fi
fi
read -r -a arguments <<< "$spec"
python -m pip install --disable-pip-version-check "${arguments[@]}"
version="$(python -c 'import meta_issues; print(meta_issues.__version__)')"
echo "mkdocs-meta-issues $version"
echo "version=$version" >> "${GITHUB_OUTPUT:-/dev/stdout}"
