"""One store for every result kept between builds: JSON entries and content files.

Layout under ``cache_dir``::

    CACHEDIR.TAG                  tells backup tools the folder can be rebuilt
    lock                          builds share it; pruning takes it alone
    <environment>/entries/<kind>/<xx>/<key>.json
    <environment>/files/<xx>/<name>            pages (.md) and charts (.svg)
    <environment>/manifests/<project>.json     what each project's last build used

``<environment>`` is ``keys.environment()``: results of other code or other library versions
live in other folders and are removed whole when nothing uses them.

Safe by construction:

- nothing inside ``cache_dir`` is followed if it is a symbolic link: folders are checked with
  ``lstat`` (a planted link is removed, its target untouched), files are opened with
  ``O_NOFOLLOW`` and replaced atomically, and only names this module builds from hex digests
  are ever joined to a path;
- an entry whose file is missing, truncated or not a regular file is a miss, never an error;
- a write that fails (read-only or full cache) is remembered once as a note and the build
  goes on without keeping anything;
- after a build, ``finish`` writes the project's manifest and, when no other build holds the
  lock, removes every entry and file that no manifest names.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import stat as stat_module
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .keys import environment

if sys.platform != "win32":  # elsewhere builds do not coordinate and nothing is pruned
    import fcntl

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NAME = re.compile(r"[0-9a-f]{16,64}(?:\.[a-z]{1,8}){0,2}")
_KIND = re.compile(r"[a-z]{1,16}")
# A manifest older than this no longer protects what it names (a project not built for a
# month); the next prune removes its results.
MANIFEST_DAYS = 30
_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
        "# Results kept between builds by mkdocs-meta-issues; safe to delete.\n")


class Store:
    """Entries and files of one environment under ``cache_dir``, for one project."""

    def __init__(self, cache_dir: Path, project: str) -> None:
        self.root = cache_dir
        self.base = cache_dir / environment()[:24]
        self.project = project
        self.used: set[str] = set()  # relative names of what this build read or wrote
        self.notes: list[str] = []  # problems worth one line in the log
        self.writable = True
        self._folders: set[str] = set()  # folders checked (or made) during this build
        self._lock: Any = None

    # --- folders and paths -------------------------------------------------------------

    def _folder(self, folder: Path, create: bool) -> bool:
        """Whether ``folder`` (inside the cache) is a real folder; a link there is removed."""
        key = str(folder)
        if key in self._folders:
            return True
        parent = folder.parent
        if folder != self.root and not self._folder(parent, create):
            return False
        try:
            info = os.lstat(folder)
        except FileNotFoundError:
            return create and self._make(folder)
        except OSError:
            return False
        if stat_module.S_ISDIR(info.st_mode):
            self._folders.add(key)
            return True
        if folder != self.root and stat_module.S_ISLNK(info.st_mode):
            with contextlib.suppress(OSError):
                os.unlink(folder)  # the link only; its target is never touched
            return create and self._make(folder)
        return False

    def _make(self, folder: Path) -> bool:
        try:
            os.mkdir(folder)
        except FileExistsError:
            return self._folder(folder, False)
        except OSError as error:
            self._note(f"cannot create {folder}: {error.strerror or error}")
            return False
        self._folders.add(str(folder))
        return True

    def _entry_path(self, kind: str, key: str) -> Path:
        if not _KIND.fullmatch(kind) or not _NAME.fullmatch(key):
            raise ValueError(f"not a cache key: {kind}/{key}")
        return self.base / "entries" / kind / key[:2] / f"{key}.json"

    def file_path(self, name: str) -> Path:
        """Where the content file ``name`` (a digest with a suffix) is kept."""
        if not _NAME.fullmatch(name):
            raise ValueError(f"not a cache file name: {name}")
        return self.base / "files" / name[:2] / name

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.base).as_posix()

    def mark(self, kind: str, key: str) -> None:
        """Count an entry as used by this build without reading it (a memo had it)."""
        self.used.add(self._relative(self._entry_path(kind, key)))

    def mark_file(self, name: str) -> None:
        self.used.add(self._relative(self.file_path(name)))

    # --- reading ----------------------------------------------------------------------

    def get(self, kind: str, key: str) -> Any | None:
        """The entry stored under ``key``, or ``None`` (missing, unreadable, not ours)."""
        path = self._entry_path(kind, key)
        data = self._read(path)
        if data is None:
            return None
        try:
            entry = json.loads(data)
        except (ValueError, RecursionError):
            return None
        if type(entry) is not dict or entry.get("key") != key:
            return None
        self.used.add(self._relative(path))
        return entry.get("value")

    def _read(self, path: Path) -> bytes | None:
        if not self._folder(path.parent, False):
            return None
        try:
            handle = os.open(path, os.O_RDONLY | _NOFOLLOW)
        except OSError:
            return None
        with os.fdopen(handle, "rb") as stream:
            try:
                return stream.read()
            except OSError:
                return None

    def file(self, name: str, size: int) -> str | None:
        """The path of content file ``name`` if it is a regular file of ``size`` bytes."""
        path = self.file_path(name)
        if not self._folder(path.parent, False):
            return None
        try:
            info = os.lstat(path)
        except OSError:
            return None
        if not stat_module.S_ISREG(info.st_mode) or info.st_size != size:
            return None
        self.used.add(self._relative(path))
        return str(path)

    def read_file(self, name: str, size: int) -> bytes | None:
        path = self.file(name, size)
        data = self._read(Path(path)) if path is not None else None
        return data if data is not None and len(data) == size else None

    # --- writing ----------------------------------------------------------------------

    def put(self, kind: str, key: str, value: Any) -> None:
        path = self._entry_path(kind, key)
        try:
            data = json.dumps({"key": key, "value": value}, ensure_ascii=True,
                              separators=(",", ":"), allow_nan=False).encode("ascii")
        except (TypeError, ValueError, RecursionError):
            return  # not representable as JSON: simply not kept
        if self._write(path, data):
            self.used.add(self._relative(path))

    def put_file(self, name: str, data: bytes) -> str | None:
        """Keep ``data`` as content file ``name``; its path, or ``None`` if it cannot be."""
        existing = self.file(name, len(data))
        if existing is not None:
            return existing
        path = self.file_path(name)
        if not self._write(path, data):
            return None
        self.used.add(self._relative(path))
        return str(path)

    def _write(self, path: Path, data: bytes) -> bool:
        if not self.writable or not self._folder(path.parent, True):
            return False
        try:
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                os.replace(temporary, path)  # replaces a link at ``path``, never its target
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as error:
            self._note(f"cannot write to {self.root}: {error.strerror or error}")
            self.writable = False
            return False
        return True

    def _note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    # --- a build's lifetime -----------------------------------------------------------

    def begin(self) -> None:
        """Start a build: folders are checked again, and the lock is shared."""
        self._folders = set()
        self.used = set()
        self.notes = []
        self.writable = True
        try:
            os.makedirs(self.root, exist_ok=True)
        except OSError as error:
            self._note(f"cannot create {self.root}: {error.strerror or error}")
        if not self._folder(self.root, False):
            self.writable = False
            return
        self._tag()
        self._lock = self._open_lock()
        if self._lock is not None:
            _flock(self._lock, shared=True)

    def _tag(self) -> None:
        tag = self.root / "CACHEDIR.TAG"
        if not tag.exists() and not tag.is_symlink():
            self._write(tag, _TAG.encode())

    def _open_lock(self) -> Any:
        if sys.platform == "win32" or not self.writable:
            return None
        try:
            handle = os.open(self.root / "lock", os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o644)
        except OSError:
            return None
        return handle

    def finish(self) -> None:
        """End a build: record what it used, then prune if no other build is running."""
        lock, self._lock = self._lock, None
        if not self.writable or lock is None:
            self._close(lock)
            return
        manifest = self.base / "manifests" / f"{self.project}.json"
        self._write(manifest, json.dumps(sorted(self.used)).encode())
        self.used.add(self._relative(manifest))
        try:
            if _flock(lock, shared=False, wait=False):
                self._folders = set()  # check again what the build checked long ago
                self._prune()
        finally:
            self._close(lock)

    def finish_without_pruning(self) -> None:
        """End a build of a process that builds again soon (serve): record, keep the rest."""
        lock, self._lock = self._lock, None
        if self.writable and lock is not None:
            manifest = self.base / "manifests" / f"{self.project}.json"
            self._write(manifest, json.dumps(sorted(self.used)).encode())
        self._close(lock)

    def prune_now(self) -> None:
        """Prune outside a build, if no build holds the lock."""
        self._folders = set()  # anything may have changed since the last build checked them
        if not self._folder(self.root, False):
            return
        lock = self._open_lock()
        try:
            if lock is not None and _flock(lock, shared=False, wait=False):
                self._prune()
        finally:
            self._close(lock)

    @staticmethod
    def _close(lock: Any) -> None:
        if lock is not None:
            with contextlib.suppress(OSError):
                os.close(lock)

    def _prune(self) -> None:
        """Remove other environments, and what no recent manifest of this one names."""
        for other in _children(self.root):
            if other.name != self.base.name and other.is_dir() and not other.is_symlink():
                shutil.rmtree(other, ignore_errors=True)
        keep = self._named_by_manifests()
        for folder in ("entries", "files"):
            if not self._folder(self.base / folder, False):
                continue  # missing, or a planted link (now removed): nothing of ours in it
            for path in _files_under(self.base / folder):
                if self._relative(path) not in keep:
                    with contextlib.suppress(OSError):
                        path.unlink()

    def _named_by_manifests(self) -> set[str]:
        keep: set[str] = set()
        oldest = time.time() - MANIFEST_DAYS * 86400
        if not self._folder(self.base / "manifests", False):
            return keep
        for path in _children(self.base / "manifests"):
            data = self._read(path) if path.suffix == ".json" else None
            try:
                names = json.loads(data) if data is not None else None
                fresh = os.lstat(path).st_mtime >= oldest
            except (ValueError, OSError):
                names, fresh = None, False
            if not fresh or not isinstance(names, list):
                with contextlib.suppress(OSError):
                    path.unlink()
                continue
            keep.update(name for name in names if isinstance(name, str))
        return keep


def _flock(handle: int, *, shared: bool, wait: bool = True) -> bool:
    if sys.platform == "win32":
        return False
    flags = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if wait else fcntl.LOCK_NB)
    try:
        fcntl.flock(handle, flags)
    except OSError:
        return False
    return True


def _children(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as scan:
            return [Path(entry.path) for entry in scan]
    except OSError:
        return []


def _files_under(folder: Path) -> Iterator[Path]:
    """Files below ``folder`` without following links (links are yielded, to be removed)."""
    for directory, folders, files in os.walk(folder, followlinks=False):
        base = Path(directory)
        yield from (base / name for name in files)
        yield from (base / name for name in folders if (base / name).is_symlink())
