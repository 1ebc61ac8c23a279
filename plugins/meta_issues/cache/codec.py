"""The JSON form of stored results: typed encoding and checked decoding of the model.

Results are stored as JSON, never pickle: a cache folder restored from CI must not be able to
run code, so the worst a corrupt entry can do is be rejected and recomputed.

Dataclasses become arrays of their fields in order (compact and fast to rebuild); unions of
dataclasses carry their class name. Decoding checks every value against its declared type, so a
corrupt entry raises ``Unstorable`` instead of producing a model that fails later.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, Union


class Unstorable(ValueError):
    """A value the JSON codec cannot represent faithfully; the result is simply not stored."""


# --- the codec ----------------------------------------------------------------------------
#
# Type-directed, compiled once per type into closures: dataclasses become arrays of their
# fields in order (compact and fast to rebuild), unions of dataclasses carry their class name.
# Decoding checks every value against its declared type, so a corrupt entry raises instead of
# producing a model that fails later in a confusing place.

Encoder = Callable[[Any], Any]
Decoder = Callable[[Any], Any]


def _fail(expected: str, value: object) -> typing.NoReturn:
    raise Unstorable(f"expected {expected}, got {type(value).__name__}")


def _decode_str(value: Any) -> str:
    if type(value) is not str:
        _fail("str", value)
    return value


def _decode_int(value: Any) -> int:
    if type(value) is not int:
        _fail("int", value)
    return value


def _decode_bool(value: Any) -> bool:
    if type(value) is not bool:
        _fail("bool", value)
    return value


def _decode_float(value: Any) -> float:
    if type(value) is float:
        return value
    if type(value) is int:
        return float(value)
    _fail("float", value)


def _decode_none(value: Any) -> None:
    if value is not None:
        _fail("null", value)


def _identity(value: Any) -> Any:
    return value


_JSON_SCALARS = (str, int, float, bool, type(None))


def _encode_free(value: Any) -> Any:
    """Free-form YAML data (front matter): JSON values, plus tagged dates."""
    if isinstance(value, _JSON_SCALARS):
        return value
    if isinstance(value, list):
        return [_encode_free(item) for item in value]
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise Unstorable("a mapping with non-string keys")
        if "$" in value:
            raise Unstorable("a mapping with the reserved key '$'")
        return {key: _encode_free(item) for key, item in value.items()}
    if isinstance(value, dt.datetime):
        return {"$": "datetime", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$": "date", "v": value.isoformat()}
    raise Unstorable(f"a {type(value).__name__} in front matter")


def _decode_free(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode_free(item) for item in value]
    if isinstance(value, dict):
        tag = value.get("$")
        if tag == "datetime":
            return dt.datetime.fromisoformat(_decode_str(value["v"]))
        if tag == "date":
            return dt.date.fromisoformat(_decode_str(value["v"]))
        if tag is not None:
            raise Unstorable(f"unknown tag {tag!r}")
        return {key: _decode_free(item) for key, item in value.items()}
    return value


_SCALARS: dict[Any, tuple[Encoder, Decoder]] = {
    str: (_identity, _decode_str),
    bool: (_identity, _decode_bool),
    int: (_identity, _decode_int),
    float: (_identity, _decode_float),
    type(None): (_identity, _decode_none),
    object: (_encode_free, _decode_free),
    Any: (_encode_free, _decode_free),
}


@functools.cache
def _codec(tp: Any) -> tuple[Encoder, Decoder]:
    """The encoder and decoder for a type annotation."""
    if tp in _SCALARS:
        return _SCALARS[tp]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _enum_codec(tp)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _dataclass_codec(tp)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is Literal:
        return _literal_codec(args)
    if origin in (Union, types.UnionType):
        return _union_codec(args)
    if origin is list:
        return _list_codec(args[0])
    if origin is tuple:
        return _tuple_codec(args)
    if origin is dict:
        return _dict_codec(args[0], args[1])
    raise TypeError(f"no JSON codec for {tp!r}")


def _enum_codec(tp: type[enum.Enum]) -> tuple[Encoder, Decoder]:
    members = {member.value: member for member in tp}

    def decode(value: Any) -> Any:
        try:
            return members[value]
        except (KeyError, TypeError):
            raise Unstorable(f"not a {tp.__name__}: {value!r}") from None

    return (lambda member: member.value), decode


def _literal_codec(allowed: tuple[Any, ...]) -> tuple[Encoder, Decoder]:
    def decode(value: Any) -> Any:
        if value not in allowed or type(value) not in {type(a) for a in allowed}:
            raise Unstorable(f"{value!r} is not one of {allowed!r}")
        return value

    return _identity, decode


def _union_codec(members: tuple[Any, ...]) -> tuple[Encoder, Decoder]:
    others = tuple(m for m in members if m is not type(None))
    optional = len(others) < len(members)
    if len(others) == 1:
        encode_one, decode_one = _codec(others[0])
    else:  # a union of dataclasses: tag each value with its class name
        if not all(dataclasses.is_dataclass(m) for m in others):
            raise TypeError(f"no JSON codec for the union {members!r}")
        by_type = {m: _codec(m) for m in others}
        by_name = {m.__name__: codec[1] for m, codec in by_type.items()}

        def encode_one(value: Any) -> Any:
            return [type(value).__name__, by_type[type(value)][0](value)]

        def decode_one(value: Any) -> Any:
            if type(value) is not list or len(value) != 2 or value[0] not in by_name:
                _fail("a tagged value", value)
            return by_name[value[0]](value[1])

    if not optional:
        return encode_one, decode_one
    return (
        lambda value: None if value is None else encode_one(value),
        lambda value: None if value is None else decode_one(value),
    )


def _list_codec(item: Any) -> tuple[Encoder, Decoder]:
    encode_item, decode_item = _codec(item)

    def decode(value: Any) -> list[Any]:
        if type(value) is not list:
            _fail("list", value)
        return [decode_item(element) for element in value]

    if encode_item is _identity:
        return list, decode
    return (lambda value: [encode_item(element) for element in value]), decode


def _tuple_codec(args: tuple[Any, ...]) -> tuple[Encoder, Decoder]:
    if len(args) == 2 and args[1] is Ellipsis:
        encode_list, decode_list = _list_codec(args[0])
        return encode_list, lambda value: tuple(decode_list(value))
    codecs = [_codec(arg) for arg in args]

    def decode(value: Any) -> tuple[Any, ...]:
        if type(value) is not list or len(value) != len(codecs):
            _fail(f"{len(codecs)} items", value)
        return tuple(codec[1](element) for codec, element in zip(codecs, value, strict=True))

    return (lambda value: [c[0](e) for c, e in zip(codecs, value, strict=True)]), decode


def _dict_codec(key: Any, item: Any) -> tuple[Encoder, Decoder]:
    if key not in (str, int):
        raise TypeError(f"no JSON codec for dict keys of {key!r}")
    encode_item, decode_item = _codec(item)
    to_key: Callable[[str], Any] = str if key is str else int

    def encode(value: dict[Any, Any]) -> dict[str, Any]:
        if key is str and not all(type(k) is str for k in value):
            raise Unstorable("a mapping with non-string keys")
        return {str(k): encode_item(v) for k, v in value.items()}

    def decode(value: Any) -> dict[Any, Any]:
        if type(value) is not dict:
            _fail("object", value)
        try:
            return {to_key(k): decode_item(v) for k, v in value.items()}
        except ValueError as error:
            raise Unstorable(str(error)) from None

    return encode, decode


def _dataclass_codec(cls: type) -> tuple[Encoder, Decoder]:
    hints = typing.get_type_hints(cls)
    fields = [f for f in dataclasses.fields(cls) if f.init]
    names = [f.name for f in fields]
    # Filled lazily: a field may refer to a class whose codec is being compiled (recursion).
    codecs: list[tuple[Encoder, Decoder]] = []

    def compiled() -> list[tuple[Encoder, Decoder]]:
        if not codecs:
            codecs.extend(_codec(hints[name]) for name in names)
        return codecs

    def encode(value: Any) -> list[Any]:
        return [codec[0](getattr(value, name))
                for codec, name in zip(compiled(), names, strict=True)]

    def decode(value: Any) -> Any:
        if type(value) is not list or len(value) != len(names):
            _fail(f"{cls.__name__} fields", value)
        return cls(*[codec[1](element) for codec, element in zip(compiled(), value, strict=True)])

    return encode, decode


def encode(tp: Any, value: Any) -> Any:
    """``value`` as JSON-ready data, driven by its declared type ``tp``."""
    return _codec(tp)[0](value)


def decode(tp: Any, data: Any) -> Any:
    """The inverse of ``encode``; raises ``Unstorable`` on data that does not fit ``tp``."""
    try:
        return _codec(tp)[1](data)
    except (KeyError, IndexError, TypeError, AttributeError) as error:
        raise Unstorable(f"{type(error).__name__}: {error}") from None
