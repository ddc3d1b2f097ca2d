"""Records survive their JSON: `T.from_dict(r.to_dict()) == r` for every record type (hypothesis).

The strategies are read off the record types themselves (a Literal field draws from its
vocabulary), so a new field or a new record type is covered without editing this file.
"""
from __future__ import annotations

import collections.abc
import dataclasses
import re
import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any, Literal, Union

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import records
from pipeline.errors import RecordError
from pipeline.io import dumps_json_bytes
from pipeline.records import VOCABULARIES, Extraction, Header, Record, SourceInfo
from pipeline.serialise import Serialised, decode, encode

ROOT = Path(__file__).resolve().parents[2]
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)  # no lone surrogates: not UTF-8
NUMBER = st.floats(allow_nan=False, allow_infinity=False) | st.integers(-10**12, 10**12)
RECORD_TYPES = sorted((c for c in vars(records).values() if isinstance(c, type) and dataclasses.is_dataclass(c)
                       and c.__module__ == records.__name__), key=lambda c: c.__name__)


def strategy_of(tp: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values of type `tp` as the stages could make them (finite numbers, UTF-8 text)."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (Union, types.UnionType):
        return st.one_of(*(st.none() if a is type(None) else strategy_of(a, depth) for a in args))
    if origin is Literal:
        return st.sampled_from(args)
    if origin is collections.abc.Sequence:  # a field that may hold a spilled sequence: drawn as a tuple
        return strategy_of(tuple[args[0], ...], depth)  # type: ignore[valid-type]
    if origin is tuple:
        size = 3 if depth < 2 else 1  # records of records (a linked corpus) stay small
        if len(args) == 2 and args[1] is Ellipsis:
            return st.lists(strategy_of(args[0], depth + 1), max_size=size).map(tuple)
        return st.tuples(*(strategy_of(a, depth + 1) for a in args))
    if origin is dict:
        return st.dictionaries(TEXT, strategy_of(args[1], depth + 1), max_size=3)
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        return st.builds(tp, **{f.name: strategy_of(hints[f.name], depth + 1) for f in dataclasses.fields(tp)})
    if isinstance(tp, type) and issubclass(tp, Enum):
        return st.sampled_from(list(tp))
    return {str: TEXT, int: st.integers(-10**9, 10**9), float: NUMBER, bool: st.booleans()}[tp]


def _through_bytes(obj: Serialised) -> Any:
    """Through the bytes every sink writes (and the cache reads back)."""
    return type(obj).from_dict(orjson.loads(dumps_json_bytes(obj.to_dict())))


@pytest.mark.parametrize("cls", RECORD_TYPES, ids=lambda c: c.__name__)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_record_type_survives_its_json(cls: type, data: st.DataObject) -> None:
    obj = data.draw(strategy_of(cls))
    assert cls.from_dict(obj.to_dict()) == obj
    assert _through_bytes(obj) == obj


@settings(max_examples=300, deadline=None)
@given(strategy_of(Record))
def test_a_record_survives_its_json(record: Record) -> None:
    assert _through_bytes(record) == record


@given(strategy_of(tuple[str, ...]), strategy_of(tuple[str, ...]))
def test_the_extractions_warnings_are_the_records(own: tuple[str, ...], extracted: tuple[str, ...]) -> None:
    """One list, as the JSON has one: the extraction's warnings follow the record's own."""
    record = Record(source=SourceInfo("a.txt", "0" * 64, "text", None), text="", header=Header(), clauses=(),
                    extraction=Extraction(warnings=extracted), warnings=own)
    assert record.warnings == own + extracted and record.extraction.warnings == ()
    assert _through_bytes(record) == record


def test_header_sources_are_one_mapping_in_key_order() -> None:
    header = Header(sources=(("title", "metadata"), ("doc_number", "text"), ("title", "text")))
    assert header.sources == (("doc_number", "text"), ("title", "text"))
    assert _through_bytes(header) == header


def test_the_seed_records_survive_their_json(seed_records: dict[str, Record]) -> None:
    for record in seed_records.values():
        assert _through_bytes(record) == record


def test_the_record_json_is_flat_with_the_contracts_keys(record_schema: dict[str, Any]) -> None:
    """The contract's keys and the extras, nothing renamed: the header and the extraction are inline."""
    data = Record(source=SourceInfo("a.txt", "0" * 64, "text", None), text="", header=Header(), clauses=(),
                  extraction=Extraction()).to_dict()
    extras = {"order_number", "cost_sharing", "addressees", "cc", "printed_by", "printed_date", "publicity", "signer",
              "attachments", "header_sources", "parts", "page_map", "warnings"}
    assert set(data) == set(record_schema["required"]) | extras
    assert data["schema"] == records.SCHEMA_ID and data["header_sources"] == {} and data["source"]["pages"] is None


# ---------------------------------------------------------------- what is read back is checked

def _seed_json(seed_records: dict[str, Record]) -> dict[str, Any]:
    """A seed record's JSON with at least one amount, percentage, part and header source."""
    for record in seed_records.values():
        data = record.to_dict()
        if data["amounts"] and data["percentages"] and data["parts"] and data["header_sources"]:
            return data
    raise AssertionError("no seed record has amounts, percentages, parts and header sources")


def _set(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


@pytest.mark.parametrize("path, value, message", [
    (("amounts", 0, "role"), "maximum", "amounts[0].role: 'maximum' is not one of max, fixed, threshold"),
    (("amounts", 0, "unit"), "千元", "amounts[0].unit: '千元' is not one of 元, 万元, 亿元"),
    (("percentages", 0, "role"), "cap", "percentages[0].role: 'cap' is not one of rate, max_rate"),
    (("source", "format"), "pdf2", "source.format: 'pdf2' is not one of pdf, text"),
    (("parts", 0, "name"), "Title", "parts[0].name: 'Title' is not one of 元数据"),
    (("header_sources",), ["title", "text"], "header_sources: must be a JSON object, not list"),
    (("issuers",), "河北省科学技术厅", "issuers: must be a JSON array, not str"),
    (("schema",), "policykg.record/2", "schema: 'policykg.record/2', not 'policykg.record/1'"),
])
def test_a_record_that_does_not_fit_its_types_is_refused_naming_the_field(
        seed_records: dict[str, Record], path: tuple[Any, ...], value: Any, message: str) -> None:
    data = orjson.loads(orjson.dumps(_seed_json(seed_records)))
    _set(data, path, value)
    with pytest.raises(RecordError) as err:
        Record.from_dict(data)
    assert err.value.message.startswith(message)
    assert isinstance(err.value, ValueError)  # the cache reads a damaged entry as a miss


def test_a_missing_key_is_refused_where_the_field_has_no_default(seed_records: dict[str, Record]) -> None:
    data = _seed_json(seed_records)
    for key in ("text", "source", "clauses"):
        with pytest.raises(RecordError, match=f"^{key}: missing$"):
            Record.from_dict({k: v for k, v in data.items() if k != key})
    # an extra beyond the contract may be absent (a record from another producer): its default
    lean = {k: v for k, v in data.items() if k not in ("cost_sharing", "parts", "page_map", "header_sources")}
    assert Record.from_dict(lean).parts == ()


def test_the_stages_values_are_checked_where_they_are_made() -> None:
    assert records.as_amount_role("max") == "max" and records.as_money_unit("亿元") == "亿元"
    for narrow, value in ((records.as_amount_role, "rate"), (records.as_percent_role, "fixed"),
                          (records.as_award_amount_role, "threshold"), (records.as_source_format, "legacy")):
        with pytest.raises(ValueError, match=re.escape(repr(value))):
            narrow(value)


# ---------------------------------------------------------------- the vocabularies are the contract's

def _shape_lists() -> list[tuple[str, ...]]:
    shapes = (ROOT / "ontology" / "shapes.ttl").read_text(encoding="utf-8")
    return [tuple(re.findall(r'"([^"]*)"', m)) for m in re.findall(r"sh:in \(([^)]*)\)", shapes)]


@pytest.mark.parametrize("vocabulary, schema_path", [
    ("amount_role", ("amounts", "role")), ("money_unit", ("amounts", "unit")),
    ("percent_role", ("percentages", "role")), ("award_amount_role", ("awards", "amount_role")),
    ("source_format", ("source", "format")),
])
def test_a_vocabulary_is_the_contracts(record_schema: dict[str, Any], vocabulary: str,
                                       schema_path: tuple[str, str]) -> None:
    holder, name = schema_path
    node = record_schema["properties"][holder]
    props = node["items"]["properties"] if node.get("type") == "array" else node["properties"]
    allowed = [v for v in props[name]["enum"] if v is not None]
    if vocabulary == "source_format":  # the contract allows formats this pipeline does not read (ofd)
        assert set(VOCABULARIES[vocabulary]) <= set(allowed)
    else:
        assert list(VOCABULARIES[vocabulary]) == allowed


@pytest.mark.parametrize("vocabulary", ["source_format", "money_unit", "amount_role", "percent_role",
                                        "award_amount_role", "link_kind", "statement_kind"])
def test_a_vocabulary_is_the_ontology_shapes(vocabulary: str) -> None:
    assert VOCABULARIES[vocabulary] in _shape_lists()


# ---------------------------------------------------------------- the serialiser on other shapes

class Colour(Enum):
    RED = "red"
    BLUE = "blue"


@dataclasses.dataclass(frozen=True)
class _Inner:
    colour: Colour
    pair: tuple[str, int]
    counts: dict[str, int]


@dataclasses.dataclass(frozen=True)
class _Outer:
    inner: _Inner | None
    many: tuple[_Inner, ...]
    kind: Literal["a", "b"] = "a"


@given(strategy_of(_Outer))
def test_the_serialiser_handles_enums_fixed_tuples_and_optionals(obj: _Outer) -> None:
    data = encode(obj)
    assert all(isinstance(i["colour"], str) and isinstance(i["pair"], list) for i in data["many"])
    assert decode(_Outer, orjson.loads(orjson.dumps(data))) == obj


def test_an_enum_value_outside_it_is_refused() -> None:
    data = {"inner": None, "many": [{"colour": "green", "pair": ["x", 1], "counts": {}}]}
    with pytest.raises(RecordError, match=r"^many\[0\]\.colour: 'green' is not one of red, blue$"):
        decode(_Outer, data)
