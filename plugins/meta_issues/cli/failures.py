"""What the command line says when it cannot do what was asked: one line, never a traceback.

Every failure the user can cause — a path that is missing, empty, a file where a folder is
expected, unreadable, not UTF-8, on a full or read-only device — becomes a ``CliError`` whose
message names the path and the problem; ``main`` prints it as ``meta-issues: <message>`` and
exits 1.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from ..source.files import ATTEMPTS, COMPANIONS, README


class CliError(Exception):
    """Something the user asked cannot be done; the message says what and where."""


_PROBLEMS = {
    errno.ENOENT: "no such file or folder",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "is a folder, not a file",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "read-only file system",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EEXIST: "already exists",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EIO: "input/output error",
}


def os_problem(error: OSError) -> str:
    """The problem an ``OSError`` reports, in the words the CLI uses."""
    known = _PROBLEMS.get(error.errno or 0)
    if known:
        return known
    return (error.strerror or str(error) or type(error).__name__).lower()


def os_failure(path: Path | str, error: OSError, doing: str = "") -> CliError:
    """``path: [doing: ]problem`` for an ``OSError`` met while working on ``path``."""
    what = f"{doing}: " if doing else ""
    return CliError(f"{shown(path)}: {what}{os_problem(error)}")


def shown(path: Path | str) -> str:
    """A path as the user typed it (``''`` shows as such, so an empty argument is visible)."""
    text = str(path)
    return text if text else "''"


def path_argument(value: str | None, name: str) -> Path | None:
    """A path argument, refusing an empty one (``Path('')`` would silently mean ``.``)."""
    if value is None:
        return None
    if not value.strip():
        raise CliError(f"{shown(value)}: empty {name}; name a path (use . for this folder)")
    return Path(value)


def looks_like_one_investigation(folder: Path) -> bool:
    """``folder`` is a single meta-issue (it has the README and companions) rather than the
    folder that holds them."""
    if not (folder / README).is_file():
        return False
    if (folder / ATTEMPTS).is_dir() or any((folder / name).is_file() for name in COMPANIONS):
        return True
    try:
        children = [child for child in folder.iterdir() if child.is_dir()]
    except OSError:
        return False
    return not any((child / README).is_file() for child in children)


def source_folder(source: Path) -> Path:
    """Check SRC is a folder of meta-issues; the message says what it is instead."""
    if not source.exists():
        raise CliError(f"{shown(source)}: not a folder of meta-issues: no such folder")
    if not source.is_dir():
        raise CliError(f"{shown(source)}: not a folder of meta-issues: it is a file")
    if not os.access(source, os.R_OK | os.X_OK):
        raise CliError(f"{shown(source)}: permission denied")
    if looks_like_one_investigation(source):
        typed = source.name not in ("", ".", "..") and str(source.parent) != "."
        parent = source.parent if typed else source.resolve().parent
        raise CliError(
            f"{shown(source)}: is one investigation (it has a {README}); pass the folder that "
            f"holds the investigations, its parent {parent}")
    return source


def write_text_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path``; any failure (missing folder, a folder, a full or read-only
    device) is a one-line ``CliError``."""
    if path.is_dir():
        raise CliError(f"{shown(path)}: is a folder; name a file to write")
    parent = path.parent
    if not parent.is_dir():
        problem = "is not a folder" if parent.exists() else "does not exist"
        raise CliError(f"{shown(path)}: the folder {shown(parent)} {problem}")
    try:
        with path.open("w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except OSError as error:  # a full device fails on close, without a file name
        raise os_failure(path, error, "cannot write") from None


def read_utf8(path: Path) -> tuple[bytes, str]:
    """A text file's bytes and text; not UTF-8 (UTF-16, Latin-1, binary) is a ``CliError``."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise os_failure(path, error, "cannot read") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CliError(f"{shown(path)}: is UTF-16; save it as UTF-8 and run the command again")
    try:
        return raw, raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CliError(f"{shown(path)}: is not UTF-8 (byte {error.start}); save it as UTF-8 "
                       "and run the command again") from None
