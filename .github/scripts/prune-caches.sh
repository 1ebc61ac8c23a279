#!/usr/bin/env bash
# Remove the meta-issues build caches nobody will restore again.
#
#   prune-caches.sh keep-newest    per branch, all but the newest entry whose key starts
#                                  with $PREFIX (each build saves a new one: keys roll forward)
#   prune-caches.sh ref REF        every entry of REF (refs/pull/N/merge once N is closed)
#
# env: REPO (owner/name), PREFIX (default meta-issues-); needs `actions: write`.
set -euo pipefail

: "${REPO:?}"
PREFIX="${PREFIX:-meta-issues-}"

entries() {  # id <TAB> ref, newest first
  gh api --paginate "repos/$REPO/actions/caches?key=$PREFIX&sort=created_at&direction=desc&per_page=100" \
    --jq '.actions_caches[] | [.id, .ref] | @tsv'
}

delete() {
  gh api --silent -X DELETE "repos/$REPO/actions/caches/$1"
  echo "deleted cache $1 ($2)"
}

mapfile -t listed < <(entries)  # all pages first: deleting while paging would skip some

case "${1:-}" in
  keep-newest)
    declare -A seen=()
    for line in "${listed[@]}"; do
      IFS=$'\t' read -r id ref <<< "$line"
      [ -n "$id" ] || continue
      if [ -n "${seen[$ref]:-}" ]; then delete "$id" "$ref"; else seen[$ref]=1; fi
    done
    ;;
  ref)
    [ $# -eq 2 ] || { echo "usage: $0 ref REF" >&2; exit 1; }
    for line in "${listed[@]}"; do
      IFS=$'\t' read -r id ref <<< "$line"
      if [ -n "$id" ] && [ "$ref" = "$2" ]; then delete "$id" "$ref"; fi
    done
    ;;
  *)
    echo "usage: $0 keep-newest | ref REF" >&2
    exit 1
    ;;
esac
