"""The vocabularies of the graph and the one place where IRIs are minted.

ELI (`eli:`) carries documents and their lineage; the project ontology (`pkg:`, defined in
ontology/policykg.ttl) adds awards, amounts, rates, citations, provenance and the
confidence / evidence / lag of lineage links.  Every IRI is derived from config.BASE_IRI
and a deterministic key (the canonical 文号, else a content hash), so rebuilding the
graph from the same records gives the same IRIs.
"""
from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, XSD

from .. import config

ELI = Namespace("http://data.europa.eu/eli/ontology#")
PKG = Namespace(config.BASE_IRI + "ontology#")
BASE = config.BASE_IRI

__all__ = [
    "DCTERMS",
    "ELI",
    "FOAF",
    "LINK_PREDICATES",
    "PKG",
    "PREFIXES",
    "RDF",
    "RDFS",
    "XSD",
    "agent_iri",
    "award_lineage_iri",
    "doc_iri",
    "link_iri",
    "part_iri",
    "plain_terms",
    "sub_iri",
    "wording_iri",
]

PREFIXES = {"eli": ELI, "pkg": PKG, "dcterms": DCTERMS, "foaf": FOAF, "rdf": RDF, "rdfs": RDFS, "xsd": XSD}

# lineage kind (records.LineageEdge.kind) → the predicate of the direct triple
LINK_PREDICATES = {
    "cites": ELI.cites, "repeals": ELI.repeals, "amends": ELI.amends, "changes": ELI.changes,
    "replaces": DCTERMS.replaces, "precedence": PKG.takesPrecedenceOver, "continues": PKG.continues,
    "provision": PKG.succeedsAward,
}

# characters kept as they are in an IRI path segment: IRIs allow non-ASCII letters (RFC 3987
# `ucschar`), so a 文号 stays readable (`…/doc/连工信规〔2024〕1号`); ASCII delimiters, control
# characters, private-use characters and noncharacters are percent-encoded (UTF-8), and so is
# Unicode white space (U+3000 …): legal in an IRI, but invisible, and rdflib's N-Triples
# parser cannot read an IRI holding it
_SAFE = "-._~()"
_UCSCHAR = "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef" + "".join(
    f"{chr(plane << 16)}-{chr((plane << 16) | 0xFFFD)}" for plane in range(1, 14)) + "\U000e1000-\U000efffd"
_UNSAFE = re.compile(f"[^A-Za-z0-9\\-._~(){_UCSCHAR}]|\\s")


def _segment(key: str) -> str:
    return _UNSAFE.sub(lambda m: quote(m.group(), safe=_SAFE), key)


def doc_iri(key: str) -> URIRef:
    """A document node: the canonical 文号, or a hash of the title key for one without."""
    if key.startswith(("title:", "sha:")):
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
        return URIRef(f"{BASE}doc/{key.split(':', 1)[0]}-{digest}")
    return URIRef(f"{BASE}doc/{_segment(key)}")


def part_iri(doc_key: str, kind: str, local: str) -> URIRef:
    """A part of a document: a clause (`clause`, its id path), an award, amount, citation…"""
    return URIRef(sub_iri(doc_iri(doc_key), kind, local))


def sub_iri(doc: str, kind: str, local: str) -> str:
    """`part_iri` under a document IRI already minted, as a plain str (the graph writer's hot path)."""
    return f"{doc}/{kind}/{_segment(local)}"


def agent_iri(name: str) -> URIRef:
    return URIRef(f"{BASE}agent/{_segment(name)}")


def award_lineage_iri(doc_key: str, award: int) -> URIRef:
    """An award lineage (pkg:AwardLineage), named after its first award: a hash of that award."""
    digest = hashlib.sha256(f"{doc_key}\x1f{award}".encode()).hexdigest()[:20]
    return URIRef(f"{BASE}award-lineage/{digest}")


def wording_iri(condition: str) -> URIRef:
    """An award condition's wording (pkg:Wording): a hash of the text, shared by every award worded so."""
    digest = hashlib.sha256(condition.encode("utf-8")).hexdigest()[:20]
    return URIRef(f"{BASE}wording/{digest}")


def link_iri(*parts: str) -> URIRef:
    """A lineage link (a reified statement): a hash of what it links and how."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]
    return URIRef(f"{BASE}link/{digest}")


class _PlainTerms:
    """A namespace whose terms are plain `str`, each made once: rdflib's URIRef is minted,
    hashed and compared in Python, which the millions of triples of a large corpus feel."""

    def __init__(self, namespace: str | type) -> None:
        self._namespace = str(namespace)

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        term = self._namespace + name
        setattr(self, name, term)  # later lookups find the attribute and skip __getattr__
        return term


def plain_terms(namespace: str | type) -> _PlainTerms:
    """`plain_terms(PKG).condition == str(PKG.condition)`, without an rdflib term per use."""
    return _PlainTerms(namespace)
