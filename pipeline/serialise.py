"""One serialiser for the records: a dataclass → JSON-ready data (`encode`) and back (`decode`).

It is driven by the field types — nested dataclasses, `tuple[X, ...]` and fixed tuples,
`X | None`, `Literal[...]`, `Enum`, `dict[str, X]` — so a record type gets its JSON by being
declared.  Field metadata say where the JSON is not the plain shape:

- `inline(*omit)`: the nested dataclass's fields sit in the parent's object (the record's header
  and extraction: the contract's record is flat), but the fields `omit` names;
- `json_key(...)`: another key in the JSON; `AS_OBJECT`: a tuple of (key, value) pairs is a JSON
  object (`header_sources`);
- a class's `JSON_CONSTANTS` (a ClassVar) are written as they are and checked on reading (`schema`).

What is read back is checked against the types where a wrong value would pass unseen: a missing
key (a field without a default), a value outside its `Literal` vocabulary, a list where an object
belongs.  The plan of each class is built once from its type hints, so `encode` costs one dict
per object and one call per field that is not JSON already.
"""
from __future__ import annotations

import collections.abc
import dataclasses
import functools
import types
import typing
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, ClassVar, Literal, Self, TypeVar, Union, get_args, get_origin

from .errors import RecordError

T = TypeVar("T")
Codec = Callable[[Any], Any]  # None where a value is JSON as it is

AS_OBJECT: Mapping[str, Any] = {"as_object": True}


def json_key(key: str, **more: Any) -> dict[str, Any]:
    """Field metadata: write the field under `key`."""
    return {"key": key, **more}


def inline(*omit: str) -> dict[str, Any]:
    """Field metadata: the nested dataclass's fields in the parent's object, but `omit`."""
    return {"inline": True, "omit": frozenset(omit)}


def encode(obj: Any) -> dict[str, Any]:
    """The JSON-ready dict of a dataclass instance (tuples become lists, Enums their values)."""
    return _encoder(type(obj))(obj)  # type: ignore[arg-type, no-any-return]


def decode(cls: type[T], data: Any) -> T:
    """The instance of dataclass `cls` that `encode` turned into `data`; RecordError (naming the
    field) for data that does not fit the types."""
    return _decoder(cls)(data)  # type: ignore[arg-type, no-any-return]


class Serialised:
    """`to_dict` / `from_dict` for a dataclass, by `encode` / `decode`."""

    __slots__ = ()
    JSON_CONSTANTS: ClassVar[Mapping[str, Any]] = {}

    def to_dict(self) -> dict[str, Any]:
        return encode(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        return decode(cls, data)


# ---------------------------------------------------------------- the plan of a class


@dataclasses.dataclass(frozen=True)
class _Field:
    key: str
    name: str
    type: Any
    required: bool
    inline: frozenset[str] | None  # None: not inline; else the omitted fields
    as_object: bool


@functools.cache
def _fields(cls: type) -> tuple[_Field, ...]:
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        meta = f.metadata
        has_default = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        out.append(_Field(meta.get("key", f.name), f.name, hints[f.name], not has_default,
                          meta.get("omit", frozenset()) if meta.get("inline") else None, bool(meta.get("as_object"))))
    return tuple(out)


def _flat(cls: type, omit: frozenset[str] = frozenset()) -> list[tuple[tuple[str, ...], _Field]]:
    """Every written field of `cls` with its attribute path, inline fields expanded in place."""
    out: list[tuple[tuple[str, ...], _Field]] = []
    for f in _fields(cls):
        if f.name in omit:
            continue
        if f.inline is not None:
            out += [((f.name, *path), sub) for path, sub in _flat(f.type, f.inline)]
        else:
            out.append(((f.name,), f))
    return out


def _is_none(tp: Any) -> bool:
    return tp is type(None)


def _optional(tp: Any) -> Any | None:
    """X of `X | None`; None for any other type."""
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if not _is_none(a)]
        if len(args) == 1 and len(get_args(tp)) == 2:
            return args[0]
        raise TypeError(f"no JSON form for the union {tp!r}: only X | None")
    return None


def _or_none(codec: Codec | None) -> Codec | None:
    return None if codec is None else (lambda v: None if v is None else codec(v))


def _each(codec: Codec | None) -> Codec:
    return list if codec is None else (lambda v: [codec(x) for x in v])


def _each_value(codec: Codec | None) -> Codec:
    return dict if codec is None else (lambda v: {k: codec(x) for k, x in v.items()})


# ---------------------------------------------------------------- encoding


@functools.cache
def _encoder(cls: type) -> Codec:
    constants = dict(getattr(cls, "JSON_CONSTANTS", {}))
    plan = []
    for path, f in _flat(cls):
        get = _getter(path)
        enc = _pairs_to_object(f.type) if f.as_object else _value_codec(f.type, decoding=False)
        plan.append((f.key, get, enc))
    plain = tuple((key, get) for key, get, enc in plan if enc is None)
    coded = tuple((key, get, enc) for key, get, enc in plan if enc is not None)

    def encode_one(obj: Any) -> dict[str, Any]:
        out = dict(constants)
        for key, get in plain:
            out[key] = get(obj)
        for key, get, enc in coded:
            out[key] = enc(get(obj))
        return out

    return encode_one


def _getter(path: tuple[str, ...]) -> Codec:
    if len(path) == 1:
        name = path[0]
        return lambda obj: getattr(obj, name)
    import operator

    return operator.attrgetter(".".join(path))


def _pairs_to_object(tp: Any) -> Codec:
    enc = _value_codec(get_args(get_args(tp)[0])[1], decoding=False)
    if enc is None:
        return dict
    return lambda pairs: {k: enc(v) for k, v in pairs}


def _tuple_encoder(args: tuple[Any, ...]) -> Codec:
    if len(args) == 2 and args[1] is Ellipsis:
        return _each(_value_codec(args[0], decoding=False))
    encs = [_value_codec(a, decoding=False) for a in args]
    if all(e is None for e in encs):
        return list
    return lambda v: [x if e is None else e(x) for e, x in zip(encs, v)]


def _value_codec(tp: Any, *, decoding: bool) -> Codec | None:
    """How a value of type `tp` becomes JSON (or, `decoding`, JSON that value); None when the
    JSON value is the value (str, numbers, None; a Literal's, which decoding checks)."""
    inner = _optional(tp)
    if inner is not None:
        return _or_none(_value_codec(inner, decoding=decoding))
    origin, args = get_origin(tp), get_args(tp)
    if dataclasses.is_dataclass(tp):
        return _decoder(tp) if decoding else _encoder(tp)  # type: ignore[arg-type]
    if isinstance(tp, type) and issubclass(tp, Enum):
        return _enum_decoder(tp) if decoding else _enum_value
    if origin is Literal:
        return _literal_decoder(args) if decoding else None
    if origin is tuple:
        return _tuple_decoder(args) if decoding else _tuple_encoder(args)
    if origin is collections.abc.Sequence:  # a spilled sequence is written as a list, read back as a tuple
        return _tuple_decoder((args[0], ...)) if decoding else _tuple_encoder((args[0], ...))
    if origin is dict:
        return _each_value(_value_codec(args[1], decoding=decoding))
    if tp in (str, int, float, bool) or _is_none(tp):
        return None
    raise TypeError(f"no JSON form for {tp!r}")


def _enum_value(member: Enum) -> Any:
    return member.value


# ---------------------------------------------------------------- decoding


@functools.cache
def _decoder(cls: type, omit: frozenset[str] = frozenset()) -> Codec:
    """`cls` from a JSON object; `omit`: fields not read (an inline field's, left to their defaults)."""
    constants = dict(getattr(cls, "JSON_CONSTANTS", {}))
    plan: list[tuple[_Field, Codec | None, bool]] = []
    for f in _fields(cls):
        if f.name in omit:
            continue
        if f.inline is not None:
            plan.append((f, _decoder(f.type, f.inline), True))
        else:
            plan.append((f, _object_to_pairs(f.type) if f.as_object else _value_codec(f.type, decoding=True), False))

    def decode_one(data: Any) -> Any:
        if not isinstance(data, dict):
            raise RecordError(f"must be a JSON object, not {type(data).__name__}")
        for key, value in constants.items():
            if key in data and data[key] != value:
                raise RecordError(f"{data[key]!r}, not {value!r}", field=key, hint="a record of another format")
        kwargs = {}
        for f, dec, is_inline in plan:
            if is_inline and dec is not None:  # its keys are this object's
                kwargs[f.name] = dec(data)
            elif f.key in data:
                try:
                    kwargs[f.name] = data[f.key] if dec is None else dec(data[f.key])
                except RecordError as exc:  # say which field, from the record down
                    raise exc.within(f.key) from None
            elif f.required:
                raise RecordError("missing", field=f.key)
        return cls(**kwargs)

    return decode_one


def _object_to_pairs(tp: Any) -> Codec:
    dec = _value_codec(get_args(get_args(tp)[0])[1], decoding=True)

    def pairs(value: Any) -> tuple[tuple[str, Any], ...]:
        if not isinstance(value, dict):
            raise RecordError(f"must be a JSON object, not {type(value).__name__}")
        return tuple((k, v if dec is None else dec(v)) for k, v in value.items())

    return pairs


def _literal_decoder(allowed: tuple[Any, ...]) -> Codec:
    def literal(value: Any) -> Any:
        if value in allowed:
            return value
        raise RecordError(f"{value!r} is not one of {', '.join(map(str, allowed))}")

    return literal


def _enum_decoder(enum: type[Enum]) -> Codec:
    def member(value: Any) -> Any:
        try:
            return enum(value)
        except ValueError:
            raise RecordError(f"{value!r} is not one of {', '.join(str(m.value) for m in enum)}") from None

    return member


def _tuple_decoder(args: tuple[Any, ...]) -> Codec:
    """`tuple[X, ...]` (any length) or `tuple[X, Y]` (that many) from a JSON array."""
    any_length = len(args) == 2 and args[1] is Ellipsis
    decs = [_value_codec(a, decoding=True) for a in (args[:1] if any_length else args)]
    fixed = None if any_length else len(decs)
    plain = all(d is None for d in decs)

    def sequence(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise RecordError(f"must be a JSON array, not {type(value).__name__}")
        if fixed is not None and len(value) != fixed:
            raise RecordError(f"must hold {fixed} values, not {len(value)}")
        if plain:
            return tuple(value)
        out = []
        for i, x in enumerate(value):
            dec = decs[0] if fixed is None else decs[i]
            try:
                out.append(x if dec is None else dec(x))
            except RecordError as exc:
                raise exc.within(i) from None
        return tuple(out)

    return sequence
