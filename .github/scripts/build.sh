#!/usr/bin/env bash
# Build the site with --strict. On a pull request the build is a preview: the checkout is the
# merge commit refs/pull/N/merge, whose first parent is the base branch's tip, so HEAD^1 is
# exactly what the pull request changes (checkout with fetch-depth: 2). The number is written
# into the site as data for the preview action, which checks it before trusting it.
#
# env: CONFIG (mkdocs.yml), EVENT (github.event_name), PR_NUMBER, SITE_DIR (where to build;
# the same path every run, since the plugin's cache is per project and site folder)
set -euo pipefail

config="${CONFIG:-mkdocs.yml}"
site_dir="${SITE_DIR:-${RUNNER_TEMP:-/tmp}/meta-issues-site}"
rm -rf "$site_dir"
if [ "${EVENT:-}" = pull_request ]; then
  export META_ISSUES_COMPARE_TO="${META_ISSUES_COMPARE_TO:-HEAD^1}"
fi
mkdocs build --strict --config-file "$config" --site-dir "$site_dir"
if [ "${EVENT:-}" = pull_request ]; then
  [[ "${PR_NUMBER:-}" =~ ^[0-9]{1,10}$ ]] || { echo "::error::no pull request number" >&2; exit 1; }
  printf '%s\n' "$PR_NUMBER" > "$site_dir/.pr-number"
fi
echo "site-dir=$site_dir" >> "${GITHUB_OUTPUT:-/dev/stdout}"
