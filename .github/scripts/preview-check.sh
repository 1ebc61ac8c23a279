#!/usr/bin/env bash
# Decide what to do with the site a "Docs" run built for a pull request, treating the
# artifact as data: publish it, remove the preview (the pull request is closed), or skip it
# (the pull request moved on to a newer commit, whose own run publishes).
#
# env: ARTIFACT (the downloaded site), REPO (owner/name), HEAD_SHA (the commit that was built)
# writes number=N and action=publish|remove|skip to $GITHUB_OUTPUT (or stdout)
set -euo pipefail

: "${ARTIFACT:?}" "${REPO:?}" "${HEAD_SHA:?}"
OUTPUT="${GITHUB_OUTPUT:-/dev/stdout}"

die() { echo "::error::$*" >&2; exit 1; }

[ -f "$ARTIFACT/.pr-number" ] || die "the artifact has no .pr-number"
number="$(head -c 20 "$ARTIFACT/.pr-number" | tr -d '[:space:]')"
[[ "$number" =~ ^[0-9]{1,10}$ ]] || die "the artifact has no valid pull request number"
[ -z "$(find "$ARTIFACT" -type l -print -quit)" ] || die "the artifact contains symbolic links"

# The number comes from the artifact: it is trusted only if that pull request's head is the
# commit that was built.
read -r state head < <(gh api "repos/$REPO/pulls/$number" --jq '.state + " " + .head.sha')
if [ "$head" != "$HEAD_SHA" ]; then
  # Also what a forged number meets: it can neither publish nor remove another preview.
  echo "::notice::pull request #$number is at ${head:0:12}, not at the built ${HEAD_SHA:0:12}: skipped; the run for its newest commit publishes the preview"
  action=skip
elif [ "$state" != "open" ]; then
  echo "::notice::pull request #$number is $state: its preview is removed, not published"
  action=remove
else
  action=publish
fi
rm -f "$ARTIFACT/.pr-number"
{ echo "number=$number"; echo "action=$action"; } >> "$OUTPUT"
