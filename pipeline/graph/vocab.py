"""The vocabularies of the graph and the one place where IRIs are minted.

ELI (`eli:`) carries documents and their lineage; the project ontology (`pkg:`, defined in
ontology/policykg.ttl) adds awards, amounts, rates, citations, provenance and the
confidence / evidence / lag of lineage links.  Every IRI is derived from config.BASE_IRI
and a deterministic key (the canonical 文号, else a content hash), so rebuilding the
graph from the same records gives the same IRIs.
"""
from __future__ import annotations

import hashlib
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
    "doc_iri",
    "link_iri",
    "part_iri",
]

PREFIXES = {"eli": ELI, "pkg": PKG, "dcterms": DCTERMS, "foaf": FOAF, "rdf": RDF, "rdfs": RDFS, "xsd": XSD}

# lineage kind (records.LineageEdge.kind) → the predicate of the direct triple
LINK_PREDICATES = {
    "cites": ELI.cites, "repeals": ELI.repeals, "amends": ELI.amends, "changes": ELI.changes,
    "replaces": DCTERMS.replaces, "precedence": PKG.takesPrecedenceOver, "continues": PKG.continues,
    "provision": PKG.succeedsAward,
}

# characters kept as they are in an IRI path segment: IRIs allow non-ASCII letters, so a
# 文号 stays readable (`…/doc/连工信规〔2024〕1号`); ASCII delimiters are percent-encoded
_SAFE = "-._~()"


def _segment(key: str) -> str:
    return "".join(ch if ord(ch) > 127 else quote(ch, safe=_SAFE) for ch in key)


def doc_iri(key: str) -> URIRef:
    """A document node: the canonical 文号, or a hash of the title key for one without."""
    if key.startswith(("title:", "sha:")):
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
        return URIRef(f"{BASE}doc/{key.split(':', 1)[0]}-{digest}")
    return URIRef(f"{BASE}doc/{_segment(key)}")


def part_iri(doc_key: str, kind: str, local: str) -> URIRef:
    """A part of a document: a clause (`clause`, its id path), an award, amount, citation…"""
    return URIRef(f"{doc_iri(doc_key)}/{kind}/{_segment(local)}")


def agent_iri(name: str) -> URIRef:
    return URIRef(f"{BASE}agent/{_segment(name)}")


def link_iri(*parts: str) -> URIRef:
    """A lineage link (a reified statement): a hash of what it links and how."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]
    return URIRef(f"{BASE}link/{digest}")
