"""Records survive their JSON: `Record.from_dict(r.to_dict()) == r` for any record (hypothesis)."""
from __future__ import annotations

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.io import dumps_json_bytes
from pipeline.records import (
    Amount,
    Award,
    Clause,
    CostShare,
    Extraction,
    Header,
    PageSpan,
    Part,
    Percentage,
    Record,
    Reference,
    SourceInfo,
)

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)  # no lone surrogates: not UTF-8
MAYBE = st.none() | TEXT
WORDS = st.tuples() | st.tuples(TEXT) | st.tuples(TEXT, TEXT)
NUMBER = st.floats(allow_nan=False, allow_infinity=False) | st.integers(-10**12, 10**12)
MAYBE_NUMBER = st.none() | NUMBER
OFFSET = st.integers(0, 10**7)


def _many(strategy: st.SearchStrategy) -> st.SearchStrategy:  # type: ignore[type-arg]
    return st.lists(strategy, max_size=3).map(tuple)


RECORDS = st.builds(
    Record,
    source=st.builds(SourceInfo, file=TEXT, sha256=TEXT, format=TEXT, pages=st.none() | st.integers(0, 999)),
    text=TEXT,
    header=st.builds(Header, doc_number=MAYBE, order_number=MAYBE, title=MAYBE, policy_title=MAYBE,
                     doc_type=MAYBE, issuers=WORDS, issue_date=MAYBE, effective_from=MAYBE, effective_to=MAYBE,
                     addressees=WORDS, cc=WORDS, printed_by=MAYBE, printed_date=MAYBE, publicity=MAYBE,
                     signer=MAYBE, attachments=WORDS),
    clauses=_many(st.builds(Clause, id=TEXT, number=TEXT, heading=MAYBE, text=TEXT, parent=MAYBE, start=OFFSET,
                            end=OFFSET, level=st.integers(1, 6), lead_units=WORDS, responsible_units=WORDS)),
    extraction=st.builds(
        Extraction,
        amounts=_many(st.builds(Amount, text=TEXT, value=NUMBER, value_max=MAYBE_NUMBER, unit=TEXT, role=TEXT,
                                clause=MAYBE, start=OFFSET, end=OFFSET)),
        percentages=_many(st.builds(Percentage, text=TEXT, value=NUMBER, role=TEXT, clause=MAYBE, start=OFFSET,
                                    end=OFFSET)),
        awards=_many(st.builds(Award, clause=MAYBE, condition=TEXT, amount=MAYBE_NUMBER, amount_role=MAYBE,
                               rate=MAYBE_NUMBER, rate_base=MAYBE, threshold=MAYBE_NUMBER, cap=MAYBE_NUMBER,
                               per=MAYBE, start=OFFSET, end=OFFSET)),
        references=_many(st.builds(Reference, doc_number=MAYBE, title=MAYBE, raw=TEXT, start=OFFSET, end=OFFSET,
                                   resolved=MAYBE, lead_in=MAYBE)),
        cost_sharing=_many(st.builds(CostShare, text=TEXT, parties=WORDS, shares=_many(NUMBER), clause=MAYBE,
                                     start=OFFSET, end=OFFSET)),
        warnings=WORDS),
    page_map=_many(st.builds(PageSpan, page=st.integers(1, 999), start=OFFSET, end=OFFSET)),
    parts=_many(st.builds(Part, name=TEXT, text=TEXT, start=OFFSET, end=OFFSET)),
    warnings=WORDS,
)


@settings(max_examples=300, deadline=None)
@given(RECORDS)
def test_a_record_survives_its_json(record: Record) -> None:
    """Through the bytes every sink writes (and the cache reads back)."""
    assert Record.from_dict(orjson.loads(dumps_json_bytes(record.to_dict()))) == record


@given(WORDS, WORDS)
def test_the_extractions_warnings_are_the_records(own: tuple[str, ...], extracted: tuple[str, ...]) -> None:
    """One list, as the JSON has one: the extraction's warnings follow the record's own."""
    record = Record(source=SourceInfo("a.txt", "0" * 64, "text", None), text="", header=Header(), clauses=(),
                    extraction=Extraction(warnings=extracted), warnings=own)
    assert record.warnings == own + extracted and record.extraction.warnings == ()


def test_the_seed_records_survive_their_json(seed_records: dict[str, Record]) -> None:
    for record in seed_records.values():
        assert Record.from_dict(orjson.loads(dumps_json_bytes(record.to_dict()))) == record
