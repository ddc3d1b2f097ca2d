"""policykg: Chinese government policy documents (公文) → records and a lineage graph.

The public API: one function per stage, each from records to records, and the engine that
runs them (imported on first use, so `policykg --help` loads no stage and no NLP library).

    ingest_file(path)            file → IngestedText (normalised text, page map)
    structure_document(text)     IngestedText → StructuredDoc (parts, header, clauses)
    extract_mentions(doc)        StructuredDoc → Extraction (amounts, %, awards, refs)
    assemble_record(doc, ex)     → Record (the contract of shared/contract/RECORD.md)
    process_file(path)           the three above: file → pre-link Record
    link_corpus(records)         [Record] → LinkedCorpus (resolved refs, lineage)
    build(paths, sink)           every stage over a corpus (pipeline/engine/)
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import assemble_record, build, process_file
    from .extract import extract_mentions
    from .ingest import ingest_file
    from .link import link_corpus
    from .records import Extraction, IngestedText, LinkedCorpus, Record, StructuredDoc
    from .structure import structure_document

_EXPORTS = {
    "ingest_file": ".ingest", "structure_document": ".structure", "extract_mentions": ".extract",
    "assemble_record": ".engine", "process_file": ".engine", "build": ".engine", "link_corpus": ".link",
    "IngestedText": ".records", "StructuredDoc": ".records", "Extraction": ".records", "Record": ".records",
    "LinkedCorpus": ".records",
}
__all__ = ["Extraction", "IngestedText", "LinkedCorpus", "Record", "StructuredDoc", "assemble_record", "build",
           "extract_mentions", "ingest_file", "link_corpus", "process_file", "structure_document"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name], __name__), name)
