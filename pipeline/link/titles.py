"""Title keys and fuzzy title matching for resolving title-only citations.

A notice that 印发s a policy and the policy are one instrument, so a title yields several
keys: the whole title, the enclosed policy's title, and the title without its issuer
(`市委市政府关于…` → `关于…`).  Titles written relative to the citing document
(`市政府关于…`) only match within the same area, so their keys carry the area's name.
Fuzzy matching is gated on what a near-miss must not change: the place name the title
starts with and every number in it (years, editions).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .. import config
from ..normalize import normalize_title, title_key
from .aliases import issuer_place

# `市政府办公室关于印发《X》的通知`, `关于转发X的通知`: X is the enclosed instrument
_ENCLOSED_RE = re.compile(r"关于(?:印发|转发|颁布|公布)[《〈<]?(?P<x>.+?)[》〉>]?的(?:通知|决定|函)$")
_ISSUER_RE = re.compile(r"^(?P<issuer>.{1,20}?)(?P<rest>关于.+)$")
# titles that begin with a word meaning "our own area"
_RELATIVE_RE = re.compile(r"^(?:省|市|县|区|全省|全市|全县|本市|本县|我市|我县)")
_PLACE_HEAD_RE = re.compile(r"^(?P<p>[\u4e00-\u9fff]{1,7}?(?:自治区|省|市|县|区))")
_NUMBERS_RE = re.compile(r"\d+")


@dataclass(frozen=True)
class TitleMatch:
    key: tuple[str, str]
    score: float  # 100 for an exact key match


def enclosed_title(title: str) -> str | None:
    """The policy a 印发/转发 notice encloses, from the notice's title; else None."""
    m = _ENCLOSED_RE.search(normalize_title(title))
    return m.group("x") if m else None


def title_keys(title: str, scopes: dict[str, str]) -> list[tuple[str, str]]:
    """Matching keys `(scope, key)` of a title.

    `scopes` maps a relative head word (省/市/县/区) to the citing document's area of that
    level; a relative title's keys are scoped to that area, absolute titles to "".
    """
    out: list[tuple[str, str]] = []
    full = normalize_title(title)
    scope = _scope(full, scopes)
    variants = [full]
    inner = enclosed_title(title)
    if inner:
        variants.append(normalize_title(inner))
    else:
        m = _ISSUER_RE.match(full)
        if m:  # `市委市政府关于X` is also cited as `关于X`: same area as its issuer
            variants.append(m.group("rest"))
    for i, variant in enumerate(variants):
        own = _scope(variant, scopes) if (i == 1 and inner) else scope
        key = (own, title_key(variant))
        if key[1] and key not in out:
            out.append(key)
    if not inner and not scope:
        m = _ISSUER_RE.match(full)
        area = issuer_place(m.group("issuer")) if m else None
        if m and area:  # `江苏省工业和信息化厅关于X` is cited `省工信厅关于X` in its province: the area's `关于X`
            key = (area, title_key(m.group("rest")))
            if key[1] and key not in out:
                out.append(key)
    return out


def _scope(title: str, scopes: dict[str, str]) -> str:
    m = _RELATIVE_RE.match(title)
    if not m:
        return ""
    head = m.group(0)[-1]
    return scopes.get(head, "?" + head)


def compatible(a: str, b: str) -> bool:
    """Two titles may be the same document only with the same numbers and leading place."""
    if _NUMBERS_RE.findall(a) != _NUMBERS_RE.findall(b):
        return False
    pa, pb = _PLACE_HEAD_RE.match(a), _PLACE_HEAD_RE.match(b)
    return (pa.group("p") if pa else None) == (pb.group("p") if pb else None)


def score(a: str, b: str) -> float:
    """Similarity of two title keys (rapidfuzz ratio, 0-100); 0 when incompatible."""
    return fuzz.ratio(a, b) if compatible(a, b) else 0.0


def _block(scope: str, key: str) -> tuple[str, tuple[str, ...], str | None]:
    """Keys that can match at all share a block: scope, numbers and leading place (`compatible`)."""
    place = _PLACE_HEAD_RE.match(key)
    return scope, tuple(_NUMBERS_RE.findall(key)), place.group("p") if place else None


class TitleIndex:
    """Title keys → the documents they name, with fuzzy candidates blocked by `compatible`.

    Blocking is what keeps resolution linear in the corpus: a fuzzy lookup compares a key
    only with keys of the same scope, numbers and leading place, never with every title.
    """

    def __init__(self) -> None:
        self.exact: dict[tuple[str, str], set[str]] = {}
        self._blocks: dict[tuple[str, tuple[str, ...], str | None], list[str]] = {}

    def add(self, key: tuple[str, str], target: str) -> None:
        if key not in self.exact:
            self.exact[key] = set()
            self._blocks.setdefault(_block(*key), []).append(key[1])
        self.exact[key].add(target)

    def __contains__(self, key: object) -> bool:
        return key in self.exact

    def __getitem__(self, key: tuple[str, str]) -> set[str]:
        return self.exact[key]

    def candidates(self, key: tuple[str, str], threshold: float) -> list[tuple[str, float]]:
        """Keys of the same block scoring at or above `threshold`, in the order they were added."""
        choices = self._blocks.get(_block(*key), [])
        found = process.extract(key[1], choices, scorer=fuzz.ratio, score_cutoff=threshold, limit=None)
        return [(choice, score) for choice, score, _ in sorted(found, key=lambda m: m[2])]


def best_match(keys: list[tuple[str, str]], index: TitleIndex,
               threshold: float = config.DEFAULT_TITLE_MATCH) -> tuple[TitleMatch | None, set[str]]:
    """Exact keys first, then the best fuzzy key of the same scope at or above `threshold`.

    Returns the match and the canonical 文号 it stands for (several = ambiguous).
    """
    for key in keys:
        if key in index:
            return TitleMatch(key, 100.0), index[key]
    best: TitleMatch | None = None
    for key in keys:
        for other, s in index.candidates(key, threshold):
            if best is None or s > best.score:
                best = TitleMatch((key[0], other), s)
    return best, (index[best.key] if best else set())
