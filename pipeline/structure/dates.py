"""Dates in a date-labelled field (a site's `成文日期`, `实施日期` …), in any typography a site prints.

`parse_date` (normalize) reads the 公文's own form, `年月日` in Arabic, full-width or Chinese
numerals (`二ＯＯ四年` with a Latin O included).  Sites also print `2023-06-29`, `2023.6.29`,
`2023/06/29`, and some print the date with no separators at all (`20230629`), or lose them in
a copy.  A run of digits is read only when it can mean one date: eight digits that form a valid
day (`YYYYMMDD`).  Shorter runs (`2023629`, `2023111` = 1 November or 11 January) are never
guessed: the field stays null and a warning says why.
"""
from __future__ import annotations

import datetime as dt
import re

from ..normalize import fold_width, parse_date

# years a 公文 of the PRC can bear, so that an index number or a serial is not read as a date
_YEARS = range(1949, 2100)
_SEPARATED_RE = re.compile(r"(?<![0-9])(?P<y>[0-9]{4})\s*(?P<sep>[./\-])\s*(?P<m>[0-9]{1,2})\s*(?P=sep)\s*"
                           r"(?P<d>[0-9]{1,2})(?![0-9])")
_RUN_RE = re.compile(r"(?<![0-9])(?P<run>(?:19|20)[0-9]{3,6})(?![0-9])")


def _day(y: int, m: int, d: int) -> str | None:
    if y not in _YEARS:
        return None
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _readings(run: str) -> list[str]:
    """Every valid day a run of digits without separators could be (`YYYY` + month + day)."""
    year, rest = int(run[:4]), run[4:]
    days = (_day(year, int(rest[:cut]), int(rest[cut:])) for cut in (1, 2) if 0 < cut < len(rest) and len(rest) - cut <= 2)
    return sorted({day for day in days if day})


def read_labelled_date(raw: str) -> tuple[str | None, str | None]:
    """(ISO date, warning) of the value of a date-labelled field; (None, warning) when it is
    not a date or could be more than one; the warning is None when nothing needs saying."""
    if iso := parse_date(raw):
        return iso, None
    value = fold_width(raw).strip()
    if m := _SEPARATED_RE.search(value):
        iso = _day(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        return (iso, None) if iso else (None, f"{raw!r} is not a valid date")
    if m := _RUN_RE.search(value):
        run = m.group("run")
        if len(run) == 8:
            iso = _day(int(run[:4]), int(run[4:6]), int(run[6:]))
            if iso:
                return iso, f"{raw!r} printed without separators, read as {iso}"
            return None, f"{raw!r} printed without separators is not a valid date"
        readings = _readings(run)
        if len(readings) > 1:
            return None, f"{raw!r} printed without separators could be {' or '.join(readings)}: not read"
        return None, f"{raw!r} printed without separators does not spell YYYYMMDD: not read"
    return None, f"{raw!r} is not a date"
