#!/usr/bin/env bash
# Install a built wheel into a fresh virtual environment and use it as a new team would:
# `meta-issues init`, the sample investigations, `meta-issues lint`, `mkdocs build --strict`.
# The release workflow runs it on every supported Python; tests/test_packaging.py runs it too.
#
#   .ci/smoke-wheel.sh WHEEL [PYTHON]
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: $0 WHEEL [PYTHON]" >&2; exit 2; }
wheel="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
python="${2:-python3}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true PIP_DISABLE_PIP_VERSION_CHECK=1

"$python" -m venv "$work/venv"
bin="$work/venv/bin"
"$bin/python" -m pip install -q "$wheel"
"$bin/meta-issues" --version
"$bin/python" -c 'import meta_issues, pathlib; assert (pathlib.Path(meta_issues.__file__).parent / "py.typed").is_file()'
cd "$work"
"$bin/meta-issues" -q init project
cp -R "$repo/meta-issues/." project/meta-issues/
"$bin/meta-issues" lint project/meta-issues
(cd project && "$bin/mkdocs" build --strict --quiet)
test -f project/site/meta-issues/index.html
test -f project/site/meta-issues.json
echo "the wheel works from a fresh virtual environment"
