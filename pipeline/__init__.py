"""policykg: Chinese government policy documents (公文) → records and a lineage graph.

The public API: one function per stage, each from records to records.

    ingest_file(path)            file → IngestedText (normalised text, page map)
    structure_document(text)     IngestedText → StructuredDoc (parts, header, clauses)
    extract_mentions(doc)        StructuredDoc → Extraction (amounts, %, awards, refs)
    assemble_record(doc, ex)     → Record (the contract of shared/contract/RECORD.md)
    link_corpus(records)         [Record] → LinkedCorpus (resolved refs, lineage)
"""
from .extract import extract_mentions
from .ingest import ingest_file
from .link import link_corpus
from .records import Extraction, IngestedText, LinkedCorpus, Record, StructuredDoc
from .runner import assemble_record, build_corpus, process_file
from .structure import structure_document

__all__ = [
    "ingest_file", "structure_document", "extract_mentions", "assemble_record", "link_corpus",
    "process_file", "build_corpus", "IngestedText", "StructuredDoc", "Extraction", "Record", "LinkedCorpus",
]
__version__ = "0.1.0"
