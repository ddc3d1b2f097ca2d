"""Defaults in one place: paths, limits and thresholds live only here."""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
ONTOLOGY_DIR = PROJECT_DIR / "ontology"
DEFAULT_RAW_DIR = PROJECT_DIR / "raw_docs"
DEFAULT_OUT_DIR = PROJECT_DIR / "extracted"
GOLD_DIR = PROJECT_DIR / "tests" / "gold"
# the development corpus (a byte copy of ../shared/corpus/docs, names kept) and its gold;
# split.json assigns each labelled document to the tuning or the check set
CORPUS_DIR = PROJECT_DIR / "tests" / "corpus" / "docs"
CORPUS_GOLD_DIR = GOLD_DIR / "corpus"
CORPUS_SPLIT = PROJECT_DIR / "tests" / "corpus" / "split.json"
# the lineage a reader draws between corpus documents (edges and negative pairs)
CORPUS_LINEAGE_GOLD = CORPUS_GOLD_DIR / "lineage" / "lineage.json"
THRESHOLDS_FILE = PROJECT_DIR / "eval_thresholds.json"
JIEBA_USER_DICT = ONTOLOGY_DIR / "jieba_userdict.txt"
AGENCY_ALIASES = ONTOLOGY_DIR / "agency_aliases.tsv"
GONGWEN_LEXICON = ONTOLOGY_DIR / "gongwen_lexicon.tsv"  # 公文 words: 文种, policy kinds, issuer endings
QUERIES_DIR = ONTOLOGY_DIR / "queries"

DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # larger inputs are refused, not half-read
DEFAULT_PDF_READER = "pdfplumber"  # or "fast" (pypdfium2, pdfplumber only where needed): same records
# per-document budget, seconds: a document still in ingest, structure or extract after this
# long is refused with a one-line error naming the stage, and a build goes on with the rest
# (a 公文 takes ~10 ms, the corpus's 331-page PDF a few seconds; None: no budget)
DEFAULT_MAX_SECONDS: float | None = 300.0
# a corpus folder: the inputs and the outputs side by side (`policykg ingest --root`)
RAW_DIR_NAME = "raw_docs"
OUT_DIR_NAME = "extracted"
SUPPORTED_SUFFIXES = {".txt": "text", ".md": "markdown", ".pdf": "pdf", ".docx": "docx",
                      ".html": "html", ".htm": "html",
                      # legacy Word, WPS Office and RTF: converted to DOCX by LibreOffice (ingest/legacy.py)
                      ".doc": "legacy", ".wps": "legacy", ".rtf": "legacy"}
# a PDF page whose text is more than this share of (cid:N)/U+FFFD is unreadable
DEFAULT_GARBAGE_RATIO = 0.1
# fuzzy title matching (rapidfuzz ratio, 0-100); measured in tests/link
DEFAULT_TITLE_MATCH = 90.0
# award conditions pair in evaluation at rapidfuzz WRatio >= this (0-100); the two gold
# labelings' true pairs score 80-100 and their best wrong pairs <= 40 (tests/evaluate)
DEFAULT_CONDITION_MATCH = 60.0
DEFAULT_EVAL_REPORT = DEFAULT_OUT_DIR / "eval_report.json"
BASE_IRI = "https://policykg.example.org/"
