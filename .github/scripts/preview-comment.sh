#!/usr/bin/env bash
# Link a published preview on its pull request: one comment, found again by its marker and
# edited on the next publish (never another workflow's comment).
#
# env: REPO (owner/name), NUMBER, SITE (the published site: its meta-issues.json gives the
# Changes page's URL), HEAD_SHA (optional, named in the comment)
set -euo pipefail

: "${REPO:?}" "${NUMBER:?}" "${SITE:?}"
MARKER="<!-- meta-issues:preview -->"

[[ "$NUMBER" =~ ^[0-9]{1,10}$ ]] || { echo "::error::'$NUMBER' is not a number" >&2; exit 1; }

# Where Pages serves the site: a custom domain, a user site or a project site alike.
base="$(gh api "repos/$REPO/pages" --jq '.html_url' 2>/dev/null || true)"
if [[ ! "$base" =~ ^https?://[^[:space:]]+$ ]]; then
  base="https://${REPO%%/*}.github.io/${REPO#*/}/"
  echo "::warning::the Pages API gave no site address; guessing $base"
fi
url="${base%/}/pr-preview/pr-$NUMBER/"

# The Changes page's address as the build wrote it (base_path, use_directory_urls); the
# artifact is data, so only a plain relative path is accepted.
changes=""
if [ -f "$SITE/meta-issues.json" ]; then
  changes="$(jq -r '.changes_url // empty' "$SITE/meta-issues.json" 2>/dev/null || true)"
fi
if [[ ! "$changes" =~ ^[A-Za-z0-9._~/-]{1,200}$ ]] || [[ "$changes" == *..* ]]; then
  changes=""
fi

body="$MARKER
**Docs preview:** $url"
if [ -n "$changes" ]; then
  body="$body
**What changed in meaning:** $url${changes#/}"
fi
if [ -n "${HEAD_SHA:-}" ]; then
  body="$body

Built from ${HEAD_SHA:0:12}."
fi

existing="$(gh api --paginate "repos/$REPO/issues/$NUMBER/comments" \
  --jq ".[] | select(.user.login == \"github-actions[bot]\" and (.body | contains(\"$MARKER\"))) | .id" \
  | head -n 1)"
if [ -n "$existing" ]; then
  gh api --silent -X PATCH "repos/$REPO/issues/comments/$existing" -f body="$body"
  echo "updated the preview comment on #$NUMBER: $url"
else
  gh api --silent -X POST "repos/$REPO/issues/$NUMBER/comments" -f body="$body"
  echo "commented the preview on #$NUMBER: $url"
fi
