"""Which folders changed: each folder's input digest, reading only files whose stat moved.

A file's digest is remembered with the ``lstat`` it had when it was read (size, mtime, ctime,
inode), and reused while the file's ``lstat`` is the same. Two rules keep that honest:

- the bytes are remembered only if the file did not move while it was read (the reader
  compares ``fstat`` before and after);
- a file modified in the last ``RACY_SECONDS`` is never remembered: on a file system with
  coarse timestamps a same-size edit in the same tick would otherwise keep the old digest
  (git's "racily clean" rule).

The digest used to *look up* a stored parse may thus come from memory, but a parse is always
stored under the digest of the bytes it was made from (``FolderInput.digest``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..source.files import (
    Entry,
    FolderInput,
    SourceFile,
    folder_digest,
    list_folder,
    parsed_names,
    read_entry,
)

RACY_SECONDS = 2.0
Remembered = tuple[int, int, int, int, str]  # size, mtime_ns, ctime_ns, inode, file digest


@dataclass
class FolderState:
    """A folder as listed now, with its digest and whatever files had to be read for it."""

    name: str
    listed: tuple[Entry, ...]
    digest: str
    read: dict[str, SourceFile] = field(default_factory=dict)

    def input(self, folder: Path, inputs: Inputs) -> FolderInput:
        """The folder's bytes, reading those not read yet (and remembering them)."""
        files = tuple(self.read.get(entry.name) or inputs.read(folder, entry)
                      for entry in parsed_names(self.listed))
        return FolderInput(self.name, files, self.listed)


class Inputs:
    """File digests by ``lstat``, for one source folder; kept in memory and in the store."""

    def __init__(self, remembered: dict[str, Remembered] | None = None) -> None:
        self.remembered: dict[str, Remembered] = dict(remembered or {})
        self.used: dict[str, Remembered] = {}
        self.changed = False

    def state(self, root: Path, name: str) -> FolderState:
        folder = root / name
        listed = list_folder(folder)
        digests: list[tuple[str, str]] = []
        read: dict[str, SourceFile] = {}
        for entry in parsed_names(listed):
            known = self._known(f"{name}/{entry.name}", entry)
            if known is None:
                file = self.read(folder, entry)
                read[entry.name] = file
                known = file.digest
            digests.append((entry.name, known))
        return FolderState(name, listed, folder_digest(name, digests, listed), read)

    def _known(self, path: str, entry: Entry) -> str | None:
        remembered = self.remembered.get(path)
        if remembered is None or remembered[:4] != (entry.size, entry.mtime_ns, entry.ctime_ns,
                                                    entry.inode):
            return None
        self.used[path] = remembered
        return remembered[4]

    def read(self, folder: Path, entry: Entry) -> SourceFile:
        file, steady = read_entry(folder, entry)
        path = f"{folder.name}/{entry.name}"
        if steady is not None and steady.st_mtime < time.time() - RACY_SECONDS:
            remembered = (steady.st_size, steady.st_mtime_ns, steady.st_ctime_ns,
                          steady.st_ino, file.digest)
            self.used[path] = remembered
            self.changed = self.changed or self.remembered.get(path) != remembered
        return file

    def keep(self) -> dict[str, Remembered]:
        """What to remember for the next build: the files this build saw."""
        self.changed = self.changed or len(self.used) != len(self.remembered)
        self.remembered, self.used = self.used, {}
        return self.remembered
