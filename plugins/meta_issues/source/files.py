"""The only place the reader touches the file system: listing folders and reading their files.

A meta-issue is parsed from a ``FolderInput``, the bytes of its files as they were read once,
never from paths. The parse is then a pure function of that value, and whoever keeps results
(the cache) keys them by ``FolderInput.digest``: the digest of exactly the bytes parsed, so an
edit racing a build can never pair one version's parse with another version's key.

Symbolic links are never followed: a link is listed as such and its target is not read. Files
are opened with ``O_NOFOLLOW`` where the platform has it, so a link planted between listing
and reading is refused too.

The listing goes down the folder's sub-folders (hidden ones aside, within ``MAX_DEPTH`` and
``MAX_LISTED``): files beside the text (``images/flame.png``) are published with the pages, and
whether one exists is part of the folder's digest, as every page linking to it depends on that.
Their bytes are read only when they are published (``read_published``), never followed
through a link either.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat as stat_module
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..text import portability_problem

README = "README.md"
TEST_CASES = "test-cases.md"
LOG = "implementation-log.md"
ATTEMPTS = "attempts"
COMPANIONS = (TEST_CASES, LOG)

MAX_BYTES = 1_000_000
MAX_LISTED = 2000  # entries of one meta-issue folder, sub-folders included
MAX_DEPTH = 8
MAX_PUBLISHED_BYTES = 50_000_000  # a file beside the text larger than this is not published
# Files a browser would run as code when opened from the site: never published as they are.
ACTIVE_SUFFIXES = frozenset({
    ".html", ".htm", ".xhtml", ".xht", ".shtml", ".mht", ".mhtml", ".svg", ".svgz", ".xml",
    ".xsl", ".xslt", ".js", ".mjs", ".cjs", ".wasm", ".swf", ".php", ".hta",
})
MARKDOWN_SUFFIXES = (".md", ".markdown")
# Of a file over MAX_BYTES only the head is read: enough for its front matter.
HEAD_BYTES = 65_536

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)

# What a listing says about one path (see ``Entry.kind``).
FILE, LINK, FOLDER, OTHER = "file", "link", "folder", "other"


@dataclass(frozen=True)
class Entry:
    """A path the reader looks at, relative to its meta-issue folder, with its ``lstat``."""

    name: str  # "README.md", "attempts/001-x.md"
    kind: str  # FILE, LINK, FOLDER or OTHER
    size: int = 0
    mtime_ns: int = 0
    ctime_ns: int = 0
    inode: int = 0

    @property
    def signature(self) -> tuple[str, str, int, int, int, int]:
        """Changes whenever the file's bytes can have changed (but see ``cache.inputs``)."""
        return (self.name, self.kind, self.size, self.mtime_ns, self.ctime_ns, self.inode)


@dataclass(frozen=True)
class SourceFile:
    """One file as read: its bytes (only the head of a file over ``MAX_BYTES``)."""

    name: str
    size: int
    data: bytes = b""
    problem: str = ""  # "" when read; else why not: LINK, OTHER or "unreadable: <reason>"

    @property
    def digest(self) -> str:
        return file_digest(self.name, self.size, self.problem, self.data)


def file_digest(name: str, size: int, problem: str, data: bytes) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for part in (name.encode("utf-8", "surrogateescape"), b"%d" % size,
                 problem.encode("utf-8", "surrogateescape")):
        digest.update(part + b"\0")
    digest.update(data)
    return digest.hexdigest()


@dataclass(frozen=True)
class FolderInput:
    """Everything the reader takes from one meta-issue folder."""

    name: str  # the folder's name on disk
    files: tuple[SourceFile, ...]  # the Markdown files the reader parses, by name
    listed: tuple[Entry, ...]  # every entry of the folder and of attempts/ (for names)

    @property
    def digest(self) -> str:
        return folder_digest(self.name, [(f.name, f.digest) for f in self.files],
                             self.listed)

    def file(self, name: str) -> SourceFile | None:
        return next((f for f in self.files if f.name == name), None)


def folder_digest(name: str, files: Iterable[tuple[str, str]], listed: Iterable[Entry]) -> str:
    """A digest of a folder's name, its listing (names and kinds) and its files' digests."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
    for entry in listed:
        digest.update(f"{entry.kind}:{entry.name}".encode("utf-8", "surrogateescape") + b"\0")
    digest.update(b"\1")
    for file_name, file_hash in files:
        digest.update(file_name.encode("utf-8", "surrogateescape") + b"\0" + file_hash.encode())
    return digest.hexdigest()


# --- listing ------------------------------------------------------------------------------


def _entry(name: str, path: str) -> Entry:
    try:
        info = os.lstat(path)
    except OSError:
        return Entry(name, OTHER)
    if stat_module.S_ISLNK(info.st_mode):
        kind = LINK
    elif stat_module.S_ISDIR(info.st_mode):
        kind = FOLDER
    elif stat_module.S_ISREG(info.st_mode):
        kind = FILE
    else:
        kind = OTHER
    return Entry(name, kind, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def _scan(folder: Path, prefix: str) -> list[Entry]:
    try:
        with os.scandir(folder) as scan:
            names = sorted(item.name for item in scan)
    except OSError:
        return []
    return [_entry(prefix + name, os.path.join(folder, name)) for name in names]


def list_folder(folder: Path) -> tuple[Entry, ...]:
    """The folder's entries, then those of its sub-folders (links are listed, not entered;
    hidden names below the top are skipped), at most ``MAX_LISTED`` of them."""
    entries = _scan(folder, "")[:MAX_LISTED]
    for entry in list(entries):
        if entry.kind == FOLDER and not entry.name.startswith("."):
            _walk(folder / entry.name, f"{entry.name}/", entries, 1)
    return tuple(entries)


def _walk(folder: Path, prefix: str, entries: list[Entry], depth: int) -> None:
    for entry in _scan(folder, prefix):
        if len(entries) >= MAX_LISTED:
            return
        if entry.name.rsplit("/", 1)[-1].startswith("."):
            continue
        entries.append(entry)
        if entry.kind == FOLDER and depth < MAX_DEPTH:
            _walk(folder / entry.name.rsplit("/", 1)[-1], f"{entry.name}/", entries, depth + 1)


def is_attempt_file(entry: Entry) -> bool:
    """A file of ``attempts/`` itself (not of a folder below it) the reader parses: Markdown,
    or a link, which the reader reports."""
    name = entry.name.removeprefix(f"{ATTEMPTS}/")
    return (entry.name.startswith(f"{ATTEMPTS}/") and "/" not in name
            and (name.lower().endswith(".md") or entry.kind == LINK))


def is_document(entry: Entry) -> bool:
    """Another Markdown file of the folder (``notes/profiling.md``): published as a page."""
    return (entry.kind in (FILE, LINK) and entry.name.lower().endswith(MARKDOWN_SUFFIXES)
            and entry.name not in (README, *COMPANIONS) and not is_attempt_file(entry))


def parsed_names(listed: Iterable[Entry]) -> list[Entry]:
    """The entries whose bytes the reader parses: README, companions, attempt files and the
    other Markdown files."""
    return [entry for entry in listed
            if entry.name in (README, *COMPANIONS) or is_attempt_file(entry)
            or is_document(entry)]


def files_beside(listed: Iterable[Entry]) -> dict[str, str]:
    """Every other entry: path -> "" when it is published as it is, else why it is not
    (folders get a trailing ``/``)."""
    found: dict[str, str] = {}
    for entry in listed:
        if entry.name in (README, *COMPANIONS, ATTEMPTS) or is_attempt_file(entry) \
                or is_document(entry):
            continue
        if entry.kind == FOLDER:
            found[f"{entry.name}/"] = "it is a folder"
        else:
            found[entry.name] = _unpublished(entry)
    return found


def _unpublished(entry: Entry) -> str:
    if entry.kind == LINK:
        return "it is a symbolic link, which is never followed"
    if entry.kind != FILE:
        return "it is not a regular file"
    suffix = os.path.splitext(entry.name)[1].lower()
    if suffix in ACTIVE_SUFFIXES:
        return (f"{suffix} files could run scripts in the site; convert it (an image as PNG, "
                "a page as Markdown) or link to where it is hosted")
    if entry.size > MAX_PUBLISHED_BYTES:
        return f"it is larger than {MAX_PUBLISHED_BYTES // 1_000_000} MB"
    for part in entry.name.split("/"):
        problem = portability_problem(part) or (
            f"'{part}' contains '#', '?' or '%', which URLs cannot keep"
            if re.search(r"[#?%]", part) else None)
        if problem:
            return f"its name is not portable: {problem}"
    return ""


def read_published(path: Path) -> bytes | None:
    """The bytes of a file beside the text, to publish; ``None`` if it is no longer a regular
    file of at most ``MAX_PUBLISHED_BYTES`` (a link planted since it was listed is refused)."""
    try:
        handle = os.open(path, os.O_RDONLY | _NOFOLLOW | _BINARY)
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if not stat_module.S_ISREG(info.st_mode) or info.st_size > MAX_PUBLISHED_BYTES:
            return None
        with os.fdopen(handle, "rb", closefd=False) as stream:
            return stream.read(MAX_PUBLISHED_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(handle)


SourceEntry = tuple[str, str]  # a top-level entry of the source folder: name and kind


def list_source(root: Path) -> list[SourceEntry]:
    """The entries of the source folder the reader considers, sorted by name.

    Names starting with ``.`` or ``_`` are skipped (editor files, drafts); files are not
    meta-issues and are ignored.
    """
    found: list[SourceEntry] = []
    for entry in _scan(root, ""):
        if entry.name.startswith((".", "_")):
            continue
        if entry.kind in (LINK, FOLDER):
            found.append((entry.name, entry.kind))
    return found


# --- reading --------------------------------------------------------------------------------


def read_entry(folder: Path, entry: Entry) -> tuple[SourceFile, os.stat_result | None]:
    """The file ``entry`` names, and the stat its bytes belong to when that is certain.

    The stat is ``None`` when the file moved while it was read: such bytes are parsed (they
    are what the reader saw) but a cache must not remember them under any signature.
    """
    if entry.kind != FILE:
        return SourceFile(entry.name, entry.size, problem=entry.kind), None
    try:
        handle = os.open(folder / entry.name, os.O_RDONLY | _NOFOLLOW | _BINARY)
    except OSError as error:
        return SourceFile(entry.name, entry.size, problem=_unreadable(error)), None
    try:
        before = os.fstat(handle)
        if not stat_module.S_ISREG(before.st_mode):
            return SourceFile(entry.name, before.st_size, problem=OTHER), None
        with os.fdopen(handle, "rb", closefd=False) as stream:
            data = stream.read(HEAD_BYTES if before.st_size > MAX_BYTES else MAX_BYTES + 1)
        after = os.fstat(handle)
    except OSError as error:
        return SourceFile(entry.name, entry.size, problem=_unreadable(error)), None
    finally:
        os.close(handle)
    size = max(after.st_size, len(data))
    steady = (before.st_size, before.st_mtime_ns, before.st_ctime_ns) == (
        after.st_size, after.st_mtime_ns, after.st_ctime_ns)
    return SourceFile(entry.name, size, data), after if steady else None


def _unreadable(error: OSError) -> str:
    return f"unreadable: {error.strerror or error}"


def read_folder(folder: Path, listed: tuple[Entry, ...] | None = None) -> FolderInput:
    """Read every file of the folder the reader parses."""
    listed = list_folder(folder) if listed is None else listed
    files = tuple(read_entry(folder, entry)[0] for entry in parsed_names(listed))
    return FolderInput(folder.name, files, listed)
