"""Every record the pipeline writes validates against the shared contract."""
import json

import jsonschema
import pytest

from pipeline.io import dumps_json
from pipeline.records import Record


def test_every_seed_record_validates(seed_records, record_schema):
    validator = jsonschema.Draft202012Validator(record_schema)
    for stem, record in seed_records.items():
        errors = list(validator.iter_errors(record.to_dict()))
        assert not errors, f"{stem}: {errors[0].message} at {list(errors[0].absolute_path)}"


def test_record_round_trips_through_json(seed_records):
    for record in seed_records.values():
        data = json.loads(dumps_json(record.to_dict()))
        assert Record.from_dict(data).to_dict() == record.to_dict()


def test_offsets_slice_the_text(seed_records):
    for record in seed_records.values():
        for clause in record.clauses:
            assert record.text[clause.start:clause.end] == clause.text


@pytest.mark.parametrize("field", ["amounts", "percentages", "awards", "references"])
def test_mention_lists_exist(seed_records, field):
    for record in seed_records.values():
        assert isinstance(record.to_dict()[field], list)
