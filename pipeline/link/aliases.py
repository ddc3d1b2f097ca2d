"""Place and agency aliases: the hand-kept table plus what the corpus itself teaches.

A 文号 starts with the issuing area's abbreviation (`连` = 连云港市) unless the citing
document writes it relative to itself (`市制造强市办〔2022〕11号` inside a 连云港 document).
Resolving that needs to know, for every document, which area issued it and that area's
abbreviation; the table in ontology/agency_aliases.tsv holds the known ones and
`learn_places` adds the pairs each document shows (its own 文号 + its issuer's name).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import config
from ..errors import ConfigError
from ..normalize import DOC_NUMBER_RE
from ..records import LinkView, Record

log = logging.getLogger(__name__)

# an issuer's name begins with its area: 连云港市…, 江苏省…, 泗阳县…, 浦东新区…
_PLACE_RE = re.compile(r"^(?P<place>[\u4e00-\u9fff]{1,7}?(?:自治区|特别行政区|新区|省|市|县|区))")
# area-relative words a document writes instead of its own area's abbreviation
RELATIVE_WORDS = ("省", "市", "县", "区")


@dataclass
class Place:
    abbr: str
    name: str
    parent: str | None = None

    @property
    def level(self) -> str:
        """The suffix that says what kind of area it is: 省, 市, 县 or 区."""
        return "省" if self.name.endswith(("省", "自治区")) else self.name[-1]


@dataclass
class AliasTable:
    """Places by abbreviation and by full name, agency codes by abbreviation."""

    places: dict[str, Place] = field(default_factory=dict)  # abbr -> place
    by_name: dict[str, Place] = field(default_factory=dict)
    agencies: dict[str, list[str]] = field(default_factory=dict)  # code -> full names
    learned: list[tuple[str, str]] = field(default_factory=list)

    def add_place(self, place: Place) -> None:
        self.places.setdefault(place.abbr, place)
        self.by_name.setdefault(place.name, place)

    def place_of_number(self, number: str | None) -> Place | None:
        """The area a canonical 文号 belongs to: its longest known leading abbreviation."""
        if not number:
            return None
        for size in range(min(4, len(number)), 0, -1):
            place = self.places.get(number[:size])
            if place:
                return place
        return None

    def parent_of(self, place: Place, level: str) -> Place | None:
        """`place` itself or the nearest area above it of the given level (省/市/县)."""
        current: Place | None = place
        seen = set()
        while current is not None and current.name not in seen:
            if current.level == level:
                return current
            seen.add(current.name)
            current = self.by_name.get(current.parent or "")
        return None


def load_aliases(path: Path = config.AGENCY_ALIASES) -> AliasTable:
    """Read the alias table; a malformed row is a configuration error, named by line."""
    table = AliasTable()
    if not path.exists():  # an empty table would silently change every resolution
        raise ConfigError(f"alias table {path} not found", hint="restore ontology/agency_aliases.tsv")
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 3 or cells[0] not in ("place", "agency") or not cells[1] or not cells[2]:
            raise ConfigError(f"bad alias row {line!r}", locator=f"{path}:{lineno}",
                              hint="expected kind<TAB>abbr<TAB>full_name[<TAB>parent], kind place|agency")
        if cells[0] == "place":
            parent = cells[3].strip() if len(cells) > 3 and cells[3].strip() else None
            table.add_place(Place(cells[1], cells[2], parent))
        else:
            table.agencies.setdefault(cells[1], []).append(cells[2])
    return table


def issuer_place(issuer: str) -> str | None:
    """The area at the head of an issuing body's name (`连云港市工业和信息化局` → `连云港市`)."""
    m = _PLACE_RE.match(issuer)
    return m.group("place") if m else None


def learn_places(table: AliasTable, records: list[LinkView] | list[Record]) -> list[str]:
    """Add the (abbreviation, area) pairs the corpus shows; return warnings for conflicts.

    `连工信规〔2024〕1号` issued by `连云港市工业和信息化局` says 连 = 连云港市: the
    abbreviation is the 文号's leading characters that the area's name starts with.
    """
    warnings = []
    for record in records:
        number, issuers = record.header.doc_number, record.header.issuers
        if not number or not issuers:
            continue
        name = issuer_place(issuers[0])
        m = DOC_NUMBER_RE.match(number)
        if not name or not m:
            continue
        abbr = _common_prefix(m.group("agency"), name)
        if not abbr or abbr in RELATIVE_WORDS:
            continue
        known = table.places.get(abbr)
        if known and known.name != name:
            warnings.append(f"{record.source.file}: 文号 {number} of {issuers[0]} says {abbr} = {name}, "
                            f"the alias table says {abbr} = {known.name}; the table wins")
            continue
        if not known:
            table.add_place(Place(abbr, name, None))
            table.learned.append((abbr, name))
            log.info("learned %s = %s from %s", abbr, name, record.source.file)
    return warnings


def _common_prefix(a: str, b: str) -> str:
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size]:
        size += 1
    return a[:size]


def record_place(table: AliasTable, record: LinkView | Record) -> Place | None:
    """The area that issued `record`: from its issuer's name, else from its own 文号."""
    for issuer in record.header.issuers:
        name = issuer_place(issuer)
        if name and name in table.by_name:
            return table.by_name[name]
        if name and name[-1] in "省市县区":
            return Place(abbr="", name=name)
    return table.place_of_number(record.header.doc_number)


def localize_number(table: AliasTable, number: str, place: Place | None) -> str:
    """`市制造强市办〔2022〕11号` in a 连云港 document → `连制造强市办〔2022〕11号`.

    The relative word names a level (市 = the city the document belongs to, 省 = its
    province); a county's 市 is its parent city.  Unknown areas leave the number as written.
    """
    head = number[0]
    if head not in RELATIVE_WORDS or place is None or DOC_NUMBER_RE.match(number) is None:
        return number
    target = table.parent_of(place, head)
    if target is None and head == "市" and place.level == "县":
        target = table.by_name.get(place.parent or "")
    if target is None or not target.abbr:
        log.info("cannot map %s: no %s-level abbreviation known for %s", number, head, place.name)
        return number
    return target.abbr + number[1:]
