"""The source folder as it is at a git ref, for preview builds (``compare_to``).

Runs ``git`` with ``subprocess`` (an argument list, never a shell), reads only: which
meta-issue folders differ from the ref (``git diff --name-only`` plus untracked files), and
the base version of those folders (``git archive`` into a temporary folder, every member's
path checked before it is written).
"""

from __future__ import annotations

import io
import posixpath
import re
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

GIT_TIMEOUT = 120


class GitRefError(Exception):
    """The comparison cannot be made; the message says why and what to do."""


@dataclass
class SourceDiff:
    commit: str
    changed: set[str]  # folder names directly under the source folder that differ
    shallow: bool


def _git(args: list[str], cwd: Path, *, binary: bool = False) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(  # noqa: S603 - fixed executable, argument list, no shell
            ["git", "--literal-pathspecs", *args],  # noqa: S607 - git from PATH, as CI runs it
            cwd=cwd,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError as error:
        raise GitRefError("git is not installed (or not on PATH)") from error
    except subprocess.TimeoutExpired as error:
        raise GitRefError(f"git {args[0]} took longer than {GIT_TIMEOUT}s") from error


def _text(output: bytes) -> str:
    return output.decode("utf-8", "replace").strip()


_BAD_REF = re.compile(r"^-|[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|//|/$|\.lock$|^$")


def _repository(source_dir: Path) -> tuple[Path, str]:
    """The work tree's top folder and the source folder's path in it (posix, "" for the top)."""
    if not source_dir.is_dir():
        raise GitRefError(f"{source_dir} is not a folder")
    top = _git(["rev-parse", "--show-toplevel"], source_dir)
    if top.returncode != 0:
        detail = _text(top.stderr).splitlines()
        reason = detail[-1] if detail else "git rev-parse failed"
        if "not a git repository" in reason:
            raise GitRefError(f"{source_dir} is not inside a git checkout; preview comparison "
                              "needs the repository (check it out with git, not as an archive)")
        raise GitRefError(f"git cannot read the repository at {source_dir}: {reason}")
    toplevel = Path(_text(top.stdout)).resolve()
    try:
        relative = source_dir.resolve().relative_to(toplevel).as_posix()
    except ValueError as error:
        raise GitRefError(f"{source_dir} is outside the git work tree {toplevel}") from error
    return toplevel, "" if relative == "." else relative


def resolve(source_dir: Path, ref: str) -> tuple[Path, str, str, bool]:
    """``(toplevel, source path in the repo, commit id, shallow)`` or ``GitRefError``."""
    # A ref is a name or a commit id with an optional ~N/^N suffix; nothing that git could
    # read as an option or a path.
    name = re.sub(r"(\^\{?\w*\}?|~\d*|\^\d*)+$", "", ref)
    if _BAD_REF.search(name):
        raise GitRefError(f"'{ref}' is not a git ref (expected a branch, tag or commit, e.g. "
                          "origin/main)")
    toplevel, relative = _repository(source_dir)
    shallow = _text(_git(["rev-parse", "--is-shallow-repository"], toplevel).stdout) == "true"
    found = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"],
                 toplevel)
    if found.returncode != 0:
        hint = ("this is a shallow clone: fetch the ref first, e.g. `git fetch --depth=1 origin "
                "main` for origin/main, or check out with fetch-depth: 2 and compare to HEAD^1"
                if shallow else "fetch it first (e.g. `git fetch origin main`) or check the name")
        raise GitRefError(f"git ref '{ref}' not found in {toplevel}; {hint}")
    return toplevel, relative, _text(found.stdout), shallow


def _top_folder(path: str, relative: str) -> str | None:
    """The first path component under the source folder, or None for loose files."""
    inside = path[len(relative) + 1:] if relative else path
    if relative and not path.startswith(relative + "/"):
        return None
    parts = inside.split("/")
    return parts[0] if len(parts) > 1 and parts[0] else None


def changed_folders(source_dir: Path, ref: str) -> SourceDiff:
    """Meta-issue folders whose files differ from ``ref`` (edits, new and deleted files)."""
    toplevel, relative, commit, shallow = resolve(source_dir, ref)
    spec = [relative] if relative else ["."]
    diff = _git(["diff", "--name-only", "--no-renames", "-z", commit, "--", *spec], toplevel)
    if diff.returncode != 0:
        raise GitRefError(f"git diff against '{ref}' failed: {_text(diff.stderr)}")
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z", "--", *spec], toplevel)
    if untracked.returncode != 0:
        raise GitRefError(f"git ls-files failed: {_text(untracked.stderr)}")
    changed: set[str] = set()
    for output in (diff.stdout, untracked.stdout):
        for raw in output.split(b"\0"):
            if not raw:
                continue
            folder = _top_folder(raw.decode("utf-8", "surrogateescape"), relative)
            if folder is not None:
                changed.add(folder)
    return SourceDiff(commit, changed, shallow)


def materialise(source_dir: Path, commit: str, folders: list[str], into: Path) -> list[str]:
    """Write ``folders`` of the source folder as they are at ``commit`` into ``into``.

    Returns the folders that exist at the commit. Only regular files and folders are written;
    a member whose path would leave ``into`` is skipped.
    """
    toplevel, relative = _repository(source_dir)
    prefix = f"{relative}/" if relative else ""
    present = _present(toplevel, prefix, commit, folders)
    if not present:
        return []
    archive = _git(["archive", "--format=tar", commit, "--",
                    *(f"{prefix}{f}" for f in present)], toplevel)
    if archive.returncode != 0:
        raise GitRefError(f"git archive failed: {_text(archive.stderr)}")
    root = into.resolve()
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout), mode="r:") as tar:
        for member in tar:
            _extract(tar, member, prefix, root)
    return present


def _present(toplevel: Path, prefix: str, commit: str, folders: list[str]) -> list[str]:
    """Those of ``folders`` that exist at ``commit``."""
    wanted = [f for f in folders if f and "/" not in f and f not in (".", "..")]
    if not wanted:
        return []
    listed = _git(["ls-tree", "-z", "--name-only", commit, "--",
                   *(f"{prefix}{f}" for f in wanted)], toplevel)
    if listed.returncode != 0:
        raise GitRefError(f"git ls-tree failed: {_text(listed.stderr)}")
    return [posixpath.basename(p.decode("utf-8", "surrogateescape"))
            for p in listed.stdout.split(b"\0") if p]


def _extract(tar: tarfile.TarFile, member: tarfile.TarInfo, prefix: str, root: Path) -> None:
    """Write one archive member under ``root`` if it is a folder or a regular file inside it
    (links, devices and the like are not written: the reader skips links anyway)."""
    name = member.name
    if prefix:
        if not name.startswith(prefix):
            return
        name = name[len(prefix):]
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts:
        return
    target = (root / Path(*path.parts)).resolve()
    if not target.is_relative_to(root):
        return
    if member.isdir():
        target.mkdir(parents=True, exist_ok=True)
    elif member.isfile():
        stream = tar.extractfile(member)
        if stream is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(stream.read())
