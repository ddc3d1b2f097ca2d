"""Synthetic corpora for `make bench`: N documents made by varying the seed documents.

Each document is one seed (round robin) with, drawn from a per-document RNG so a corpus
is reproducible from (seeds, n, seed):
- numbers: every amount and percentage scaled by a per-document factor;
- city: the seed's home city (its most frequent city name) becomes another city, and the
  文号 prefixes that abbreviate it follow (连政办发 → 盐政办发);
- 文号: the document's own number becomes unique in the corpus (cited ones keep theirs);
- dates: every 年月日 date shifted by the same number of days;
- clause order: runs of sibling items `（一）…（N）` shuffled (labels stay in sequence);
- typography: ASCII/full-width brackets and digits, spaces around numbers, markdown
  marks dropped, CRLF, page furniture (`— 3 —`), hard-wrapped lines.
The five seeds average ~10 KB, so the documents do too.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections import Counter
from pathlib import Path

GENERATOR_VERSION = 2
STAMP = ".corpus.json"  # the settings a corpus folder was made with
# (name, 文号 abbreviation): cities and counties of one province, so variants stay plausible
CITIES = (
    ("连云港", "连"), ("泗阳", "泗"), ("启东", "启"), ("盐城", "盐"), ("淮安", "淮"), ("宿迁", "宿"),
    ("镇江", "镇"), ("常州", "常"), ("扬州", "扬"), ("泰州", "泰"), ("徐州", "徐"), ("无锡", "锡"),
    ("如皋", "皋"), ("沭阳", "沭"), ("东台", "东"), ("海安", "海"), ("丹阳", "丹"), ("句容", "句"),
)
_DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12})([〔\[［(（])(\d{4})([〕\]］)）])(\d{1,4})号")
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)(\s*)(亿元|万元|元)")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)(\s*)(%|％)")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_ITEM = re.compile(r"^(\s*(?:- )?)([（(])([一二三四五六七八九十]{1,3})([）)])(.+)$")
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def vary_document(seed_text: str, index: int, rng: random.Random) -> str:
    """One synthetic document: `seed_text` with every variation applied (see the module docstring)."""
    text = seed_text.replace("\r\n", "\n")
    text = _vary_city(text, rng)
    text = _vary_doc_numbers(text, index)
    text = _vary_numbers(text, rng)
    text = _shift_dates(text, rng.randint(-400, 400))
    if rng.random() < 0.5:
        text = _shuffle_items(text, rng)
    return _vary_typography(text, rng)


def _home_city(text: str) -> tuple[str, str] | None:
    counts = Counter({city: text.count(city[0]) for city in CITIES})
    best, n = counts.most_common(1)[0]
    return best if n else None


def _vary_city(text: str, rng: random.Random) -> str:
    home = _home_city(text)
    if home is None:
        return text
    target = rng.choice([c for c in CITIES if c != home])
    text = text.replace(home[0], target[0])
    # 文号 prefixes abbreviate the city by its first character: 连政办发 → 盐政办发
    return _DOC_NUMBER.sub(lambda m: (target[1] + m.group(1)[1:] if m.group(1).startswith(home[1])
                                      else m.group(1)) + m.group(0)[len(m.group(1)):], text)


def _vary_doc_numbers(text: str, index: int) -> str:
    head = "\n".join(text.split("\n")[:15])
    own = _DOC_NUMBER.search(head)
    own_text = own.group(0) if own else None

    def renumber(m: re.Match[str]) -> str:
        org, open_, year, close, _ = m.groups()
        if m.group(0) == own_text:  # unique in the corpus: the serial is the document's index
            return f"{org}{open_}{int(year) + index % 3}{close}{index + 1}号"
        # a cited document keeps its number (its city prefix has already followed the city),
        # so one title always goes with one 文号 across the corpus, as in real citations
        return m.group(0)

    return _DOC_NUMBER.sub(renumber, text)


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def _vary_numbers(text: str, rng: random.Random) -> str:
    factor = rng.choice((0.5, 0.8, 1.0, 1.5, 2.0, 3.0))
    text = _AMOUNT.sub(lambda m: _fmt(round(float(m.group(1)) * factor, 1)) + m.group(2) + m.group(3), text)
    return _PERCENT.sub(lambda m: _fmt(max(1.0, min(100.0, round(float(m.group(1)) * factor))))
                        + m.group(2) + m.group(3), text)


def _shift_dates(text: str, days: int) -> str:
    def shift(m: re.Match[str]) -> str:
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) + dt.timedelta(days=days)
        except ValueError:  # not a calendar date (a typo in the source): left as written
            return m.group(0)
        return f"{day.year}年{day.month}月{day.day}日"

    return _DATE.sub(shift, text)


def _shuffle_items(text: str, rng: random.Random) -> str:
    """Shuffle the bodies within runs of single-paragraph sibling items."""
    lines = text.split("\n")
    run: list[int] = []
    for i, line in enumerate(lines + ["<end>"]):
        if _ITEM.match(line):
            run.append(i)
        elif line.strip() and run:
            _shuffle_run(lines, run, rng)
            run = []
    return "\n".join(lines)


def _shuffle_run(lines: list[str], run: list[int], rng: random.Random) -> None:
    """The labels stay where they are (so numbering stays in sequence); the bodies move."""
    matches = [m for m in (_ITEM.match(lines[i]) for i in run) if m]
    bodies = [m.group(5) for m in matches]
    rng.shuffle(bodies)
    for i, m, body in zip(run, matches, bodies):
        lines[i] = f"{m.group(1)}{m.group(2)}{m.group(3)}{m.group(4)}{body}"


def _vary_typography(text: str, rng: random.Random) -> str:
    if rng.random() < 0.3:
        text = re.sub(r"（([一二三四五六七八九十]{1,3})）", r"(\1)", text)
    if rng.random() < 0.3:
        text = _AMOUNT.sub(lambda m: m.group(1) + " " + m.group(3), text)
    if rng.random() < 0.2:
        text = _AMOUNT.sub(lambda m: m.group(1).translate(_FULLWIDTH) + m.group(2) + m.group(3), text)
    if rng.random() < 0.3:
        text = re.sub(r"(?m)^(#{1,6} |- )", "", text)
    if rng.random() < 0.2:
        text = _hard_wrap(text, rng.choice((36, 40, 44)))
    if rng.random() < 0.3:
        text = _add_page_furniture(text, rng.choice((30, 40, 50)))
    if rng.random() < 0.3:
        text = text.replace("\n", "\r\n")
    return text


def _hard_wrap(text: str, width: int) -> str:
    """Cut long paragraphs into lines of `width` characters, as text copied from a PDF is."""
    out = []
    for line in text.split("\n"):
        while len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return "\n".join(out)


def _add_page_furniture(text: str, every: int) -> str:
    lines = text.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        if i and i % every == 0:
            out.append(f"— {i // every + 1} —")
    return "\n".join(out)


def build_corpus_dir(seed_dir: Path, out_dir: Path, n: int, *, seed: int = 7) -> list[Path]:
    """Write `n` synthetic documents into `out_dir` (reused when already made with the same settings)."""
    seeds = sorted(p for p in seed_dir.glob("*.txt"))
    if not seeds:
        raise FileNotFoundError(f"no seed documents (*.txt) in {seed_dir}")
    stamp = {"generator": GENERATOR_VERSION, "n": n, "seed": seed,
             "seeds": [p.name for p in seeds], "sizes": [p.stat().st_size for p in seeds]}
    # hidden, so that `policykg build` of the folder reads the documents only (list_inputs)
    stamp_file = out_dir / STAMP
    paths = [out_dir / f"syn_{i:05d}.txt" for i in range(n)]
    if stamp_file.exists() and json.loads(stamp_file.read_text(encoding="utf-8")) == stamp:
        return paths
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "corpus.json").unlink(missing_ok=True)  # where generator 2 kept its stamp
    seed_texts = [p.read_text(encoding="utf-8") for p in seeds]
    for i, path in enumerate(paths):
        rng = random.Random(f"{seed}:{i}")
        path.write_bytes(vary_document(seed_texts[i % len(seed_texts)], i, rng).encode("utf-8"))
    stamp_file.write_text(json.dumps(stamp, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    return paths
