"""The 公文 words every stage builds its patterns from: ontology/gongwen_lexicon.tsv, read once.

The kinds of document (通知, 实施细则, 若干措施 …), the words a title wraps its subject in
(关于, 印发 …) and the endings of issuing bodies' names (人民政府, 委员会, 局 …) were lists kept
in each stage; they live in one table now, each row naming the patterns (`roles`) that use it.
A stage asks for a role's words as a tuple (`words`) or as a regex alternation (`alternation`).
The table is read when the first stage module is imported: a missing file or a malformed row
is a ConfigError naming the file (and the line), before the first document is read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import config
from .errors import ConfigError

CLASSES = ("wenzhong", "policy", "other", "title", "area", "organ")
ROLES = ("doc_type", "title_end", "heading_end", "generic", "signature", "issuer", "order_head",
         "order_number", "org_line", "agency_name")
_HINT = "restore ontology/gongwen_lexicon.tsv (rows: word<TAB>class<TAB>role,role…; see its header)"


@dataclass(frozen=True)
class Word:
    word: str
    cls: str
    roles: frozenset[str]


@lru_cache(maxsize=4)
def load_lexicon(path: Path = config.GONGWEN_LEXICON) -> tuple[Word, ...]:
    """The lexicon's rows in file order; a missing file or a malformed row is a ConfigError."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:  # an empty table would silently change every document
        raise ConfigError(f"公文 lexicon {path} cannot be read ({type(exc).__name__})", locator=str(path),
                          hint=_HINT) from exc
    rows: list[Word] = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(_row(line, rows, f"{path}:{lineno}"))
    if not rows:
        raise ConfigError(f"公文 lexicon {path} has no rows", locator=str(path), hint=_HINT)
    missing = [r for r in ROLES if not any(r in w.roles for w in rows)]
    if missing:
        raise ConfigError(f"公文 lexicon {path} has no word for {', '.join(missing)}", locator=str(path), hint=_HINT)
    return tuple(rows)


def _row(line: str, before: list[Word], where: str) -> Word:
    cells = line.split("\t")
    roles = frozenset(cells[2].split(",")) if len(cells) == 3 else frozenset()
    if len(cells) != 3 or not re.fullmatch(r"[^\s,]+", cells[0]) or cells[1] not in CLASSES \
            or not roles or not roles <= set(ROLES):
        raise ConfigError(f"bad 公文 lexicon row {line!r}", locator=where,
                          hint=f"expected word<TAB>class<TAB>role,role…; class one of {', '.join(CLASSES)}, "
                               f"roles of {', '.join(ROLES)}")
    for earlier in before:
        if earlier.word == cells[0]:
            raise ConfigError(f"公文 lexicon word {cells[0]!r} listed twice", locator=where, hint=_HINT)
        if cells[0].endswith(earlier.word):  # a title ending in both must be read as the longer kind
            raise ConfigError(f"公文 lexicon word {cells[0]!r} comes after {earlier.word!r}, which it ends with",
                              locator=where, hint="move the longer word up")
    return Word(cells[0], cells[1], roles)


def words(role: str, path: Path = config.GONGWEN_LEXICON) -> tuple[str, ...]:
    """The words of one role, in file order (longer words before the words they end with)."""
    if role not in ROLES:
        raise ValueError(f"unknown lexicon role {role!r}")
    return tuple(w.word for w in load_lexicon(path) if role in w.roles)


def alternation(role: str, path: Path = config.GONGWEN_LEXICON) -> str:
    """`(?:人民政府|委员会|…|局)`: the role's words as one regex group, longest first, so that
    where two words start at one place (委员会, 委) the longer is tried first."""
    ordered = sorted(words(role, path), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) for w in ordered) + ")"
