"""The one keying policy: a stored result's key is a digest of everything it depends on.

Every key starts from ``environment()``: the bytes of this package (its modules, the charts'
drawing code and the assets included), the versions of the libraries that shape a result, and
Python's version. A local edit of the plugin or an upgrade of matplotlib therefore never reads
results made by other code. The rest of a key is the result's own inputs, passed to ``digest``
as values (never ``repr`` text, which differs between Python versions and hides field names).
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import json
import sys
from importlib import metadata
from pathlib import Path, PurePath

# Libraries whose version can change what a stored result holds: the Markdown parser and
# YAML (parsed models), matplotlib (charts), and MkDocs and Material (the export's URLs and
# what the pages are written for).
LIBRARIES = ("markdown-it-py", "PyYAML", "matplotlib", "mkdocs", "mkdocs-material")
# Bump when the layout of the store changes in a way old entries cannot be told apart.
FORMAT = 2


def canonical(value: object) -> object:
    """``value`` as JSON-ready data that tells apart everything a result could depend on."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$type": type(value).__qualname__, **fields}
    if isinstance(value, enum.Enum):
        return {"$enum": type(value).__qualname__, "v": canonical(value.value)}
    if isinstance(value, float):
        return {"$float": repr(value)}  # JSON would merge -0.0 and 0.0 and refuse nan
    if isinstance(value, (tuple, list)):
        return [canonical(item) for item in value]
    if isinstance(value, dict):
        return {"$dict": sorted([canonical(k), canonical(v)] for k, v in value.items())}
    if isinstance(value, (set, frozenset)):
        return {"$set": sorted(json.dumps(canonical(item), sort_keys=True) for item in value)}
    if isinstance(value, PurePath):
        return {"$path": value.as_posix()}
    if value is None or isinstance(value, (str, int, bool)):
        return value
    raise TypeError(f"no canonical form for {type(value).__name__}")


def digest(*parts: object) -> str:
    """A 40-hex-digit digest of ``parts`` and of the environment."""
    text = json.dumps([environment(), *map(canonical, parts)], sort_keys=True,
                      ensure_ascii=True, separators=(",", ":"))
    return hashlib.blake2b(text.encode("ascii"), digest_size=20).hexdigest()


@functools.cache
def environment() -> str:
    """A digest of the code and the libraries behind every stored result."""
    hasher = hashlib.blake2b(digest_size=20)
    hasher.update(f"format {FORMAT} python {sys.version_info[:3]}".encode())
    for library in LIBRARIES:
        hasher.update(f"{library} {_version(library)}\0".encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".css", ".js") and "__pycache__" not in path.parts:
            hasher.update(path.relative_to(package).as_posix().encode() + b"\0")
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"
