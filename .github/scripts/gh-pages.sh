#!/usr/bin/env bash
# Publish a built site to the gh-pages branch, or remove a preview from it.
#
#   gh-pages.sh publish-root SITE           the site at the root; pr-preview/ and CNAME stay
#   gh-pages.sh publish-preview N SITE      the site at pr-preview/pr-N/
#   gh-pages.sh remove-preview N            pr-preview/pr-N/ removed
#
# Runs in a clone of the repository ($PAGES, default ./gh-pages) whose remote "origin" has the
# branch ($BRANCH, default gh-pages). Each attempt starts again from the branch's newest tip and
# makes the change anew, so a push that lost a race (another preview or deploy landed first) is
# redone on top of it without merge conflicts. Exits 1 when no attempt could push: a preview
# that was not published must not be announced.
set -euo pipefail

PAGES="${PAGES:-gh-pages}"
BRANCH="${BRANCH:-gh-pages}"
ATTEMPTS="${ATTEMPTS:-5}"
RETRY_DELAY="${RETRY_DELAY:-5}"

die() { echo "::error::$*" >&2; exit 1; }

number_ok() { [[ "$1" =~ ^[0-9]{1,10}$ ]] || die "'$1' is not a pull request number"; }

site_ok() {
  [ -d "$1" ] || die "$1 is not a folder"
  [ -z "$(find "$1" -type l -print -quit)" ] || die "$1 contains symbolic links"
}

apply_root() {  # everything but .git, the previews and the custom domain is replaced
  local site="$1"
  find . -mindepth 1 -maxdepth 1 ! -name .git ! -name pr-preview ! -name CNAME -exec rm -rf {} +
  if [ -e "$site/CNAME" ]; then rm -f CNAME; fi  # a CNAME the site ships wins
  cp -R --no-dereference "$site/." .
  touch .nojekyll
}

apply_preview() {
  local number="$1" site="$2"
  rm -rf "pr-preview/pr-$number"
  mkdir -p "pr-preview/pr-$number"
  cp -R --no-dereference "$site/." "pr-preview/pr-$number/"
  touch .nojekyll
}

apply_remove() {
  rm -rf "pr-preview/pr-$1"
}

publish() {  # MESSAGE CHANGE [ARGS...]: make the change on the newest tip and push it
  local message="$1" attempt
  shift
  cd "$PAGES"
  git config user.name >/dev/null || git config user.name "github-actions[bot]"
  git config user.email >/dev/null \
    || git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
  for ((attempt = 1; attempt <= ATTEMPTS; attempt++)); do
    git fetch -q --depth=1 origin "$BRANCH"
    git reset -q --hard FETCH_HEAD
    git clean -qfdx
    "$@"
    git add -A
    if git diff --cached --quiet; then
      echo "$BRANCH already has this change"
      return 0
    fi
    git commit -q -m "$message"
    if git push -q origin "HEAD:refs/heads/$BRANCH"; then
      echo "pushed to $BRANCH: $message"
      return 0
    fi
    echo "::warning::push $attempt of $ATTEMPTS to $BRANCH failed; trying again" >&2
    if ((attempt < ATTEMPTS)); then sleep $((attempt * RETRY_DELAY)); fi
  done
  die "could not push to $BRANCH after $ATTEMPTS attempts; nothing was published"
}

absolute() { (cd "$1" && pwd -P); }

main() {
  local command="${1:-}"
  case "$command" in
    publish-root)
      [ $# -eq 2 ] || die "usage: $0 publish-root SITE"
      site_ok "$2"
      publish "Deploy ${GITHUB_SHA:-the site}" apply_root "$(absolute "$2")"
      ;;
    publish-preview)
      [ $# -eq 3 ] || die "usage: $0 publish-preview N SITE"
      number_ok "$2"
      site_ok "$3"
      publish "Preview of pull request #$2" apply_preview "$2" "$(absolute "$3")"
      ;;
    remove-preview)
      [ $# -eq 2 ] || die "usage: $0 remove-preview N"
      number_ok "$2"
      publish "Remove the preview of pull request #$2" apply_remove "$2"
      ;;
    *)
      die "usage: $0 publish-root SITE | publish-preview N SITE | remove-preview N"
      ;;
  esac
}

main "$@"
