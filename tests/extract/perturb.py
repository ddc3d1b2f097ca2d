"""Seeds with every number and place changed, and their gold changed the same way.

The memorisation check of issue 14: a rule that names a seed's wording, number or place
scores on the seed and not on the rewrite.  `perturb(text, gold, seed)` rewrites a document
and its gold label together, reproducibly for one `seed`:

- money: every number written with 元/万元/亿元 (list members `50、30万元` and ranges
  `300-500万元` included) is scaled by one factor per document;
- percentages (`%`, `％`, `‰`, `百分之…`): shifted by one step per document (down where the
  step would pass 100);
- years (`2022年`, `〔2022〕`, `2022-2024`, ISO dates): shifted by a multiple of four
  (leap days stay valid); 文号 serial numbers (`〔2022〕11号`) by one offset;
- city and county names: swapped for other real ones;
- for the corpus (`make_corpus`): the province, its short name, its cities and new areas, the
  agencies' names (for the other real forms provinces use: `经济和信息化厅` for `工业和信息化厅`) and
  the industries a policy is about (`奶牛` → `肉牛`, `钢铁` → `有色金属`) — so that a rule that names a
  tuning document's place, agency or subject shows.

Everything is found in one scan of the original string, so that a rewritten number is never
rewritten again (a scaled `1000` becoming a "year" `2000`).  Gold strings (conditions, titles,
文号, issuers) go through the same rewrite; gold numbers through the same maps.
"""
from __future__ import annotations

import copy
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cn2an

_FW = str.maketrans("０１２３４５６７８９．", "0123456789.")
_TO_FW = str.maketrans("0123456789.", "０１２３４５６７８９．")
_CN = "零〇一二两三四五六七八九十百千万亿"
# a magnitude alone before the unit (`万亿元`) is one of it
_BARE = f"(?<![0-9０-９{_CN}数几多余上近])[百千万](?=亿元|万元)"
_NUM = f"(?:[0-9０-９]+(?:[.．][0-9０-９]+)?|[{_CN}]*[一二两三四五六七八九十][{_CN}]*|{_BARE})"
_JOIN = r"\s*(?:万元|亿元|元)?\s*(?:[、和及或至到\-－—–~～])\s*"
MONEY_RUN = re.compile(f"{_NUM}(?:{_JOIN}{_NUM})*\\s*(?:万元|亿元|元)(?![化宇素件旦器])")
_NUM_IN_RUN = re.compile(_NUM)
PERCENT = re.compile(f"(?P<num>{_NUM})\\s*(?P<sign>[%％‰])|(?P<lead>[百千]分之)(?P<cn>[{_CN}点]+)")
DOC_SERIAL = re.compile(r"(?<=[〕\]］])\s*(?P<n>[0-9０-９]+)(?=\s*号)")
YEAR = re.compile(r"(?<![0-9０-９.．])(?P<y>(?:19|20)[0-9]{2})(?=\s*(?:年|〕|\]|］|[-－—–~～至到]\s*(?:19|20)[0-9]{2}|-[01][0-9]-))"
                  r"|(?<=[-－—–~～至到])(?P<y2>(?:19|20)[0-9]{2})(?=\s*年)")

# real cities and counties of other provinces; the seeds' own places are swapped for these
CITIES = ("湛江", "绵阳", "洛阳", "芜湖", "株洲", "宜昌", "潍坊", "柳州", "赣州", "保定", "遵义", "九江")
COUNTIES = ("宁乡", "仙游", "安溪", "桐乡", "长兴", "邳州", "新沂", "寿光", "晋江", "慈溪", "醴陵", "浏阳",
            "义乌", "德清", "昆山", "荣成")
# the places the seeds name (cities first: longer names are replaced before their parts)
SEED_CITIES = ("连云港", "宿迁", "南通")
SEED_COUNTIES = ("启东", "泗阳", "泗洪", "沭阳", "宿城", "宿豫", "海州", "赣榆", "灌云", "灌南", "海门", "如东", "如皋")


@dataclass(frozen=True)
class Perturbation:
    """The maps of one rewrite: money factor, percent step, year and 文号 offsets, places."""

    factor: int
    step: float
    years: int
    serial: int
    places: dict[str, str]

    def money(self, value: float) -> float:
        return value * self.factor

    def percent(self, value: float) -> float:
        return round(value + self.step if value + self.step <= 100 else value - self.step, 6)

    def year(self, y: int) -> int:
        return y + self.years


# the tuning corpus's places (Hebei and its cities, new areas, the region), longest first in the scan
CORPUS_PLACES = ("京津冀", "京津", "河北", "冀", "石家庄", "唐山", "秦皇岛", "邯郸", "邢台", "张家口",
                 "承德", "沧州", "廊坊", "衡水", "定州", "辛集", "雄安", "渤海新区")
PROVINCES = (("湖南", "湘"), ("江西", "赣"), ("安徽", "皖"), ("四川", "川"), ("湖北", "鄂"), ("福建", "闽"))
OTHER_CITIES = ("株洲", "宜昌", "芜湖", "赣州", "绵阳", "泉州", "岳阳", "九江", "蚌埠", "襄阳", "南充", "漳州",
                "衡阳", "上饶")
NEW_AREAS = ("湘江", "赣江", "天府", "江北", "两江")
# agencies: other real names of the same bodies (in other provinces' or older 公文)
AGENCIES = {"工业和信息化厅": "经济和信息化厅", "工信厅": "经信厅", "科学技术厅": "科技创新厅",
            "农业农村厅": "农业厅", "卫生健康委员会": "卫生和健康委员会", "市场监督管理局": "市场监管局"}
# the industries the tuning policies are about, and others of the same grammar
SUBJECTS = {"奶牛": "肉牛", "奶业": "肉业", "钢铁": "有色金属", "钒钛": "稀土", "铸造": "冲压", "锻压": "焊接",
            "养老": "托育", "中成药": "民族药", "医药": "化工"}


def make_corpus(seed: int) -> Perturbation:
    """A rewrite of a tuning document: numbers as `make`, and the places, agencies and subjects."""
    rng = random.Random(seed)
    base = make(seed)
    province, short = rng.choice(PROVINCES)
    cities = rng.sample(OTHER_CITIES, 12)
    places = {"河北": province, "冀": short, "京津冀": "长三角", "京津": "沪苏", "雄安": rng.choice(NEW_AREAS),
              "渤海新区": "临港新区"}
    places |= dict(zip((c for c in CORPUS_PLACES if c not in places), cities))
    return Perturbation(factor=base.factor, step=base.step, years=base.years, serial=base.serial,
                        places=places | AGENCIES | SUBJECTS)


def make(seed: int) -> Perturbation:
    rng = random.Random(seed)
    cities = rng.sample(CITIES, len(SEED_CITIES))
    counties = rng.sample(COUNTIES, len(SEED_COUNTIES))
    places = dict(zip(SEED_CITIES, cities)) | dict(zip(SEED_COUNTIES, counties))
    return Perturbation(factor=rng.choice((2, 3, 4, 6)), step=float(rng.choice((1, 2, 3))),
                        years=rng.choice((-8, -4, 4)), serial=rng.randint(3, 40), places=places)


def _read(num: str) -> float:
    if num in ("百", "千", "万"):
        return {"百": 100.0, "千": 1000.0, "万": 10000.0}[num]
    s = num.translate(_FW)
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s)
    return float(cn2an.cn2an(s.replace("两", "二").replace("〇", "零"), "normal"))


def _write(value: float, like: str) -> str:
    """`value` in the numeral style of `like` (Arabic, full-width, Chinese)."""
    if re.fullmatch(r"[0-9.]+", like) or not re.search(f"[{_CN}]", like):
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        return text.translate(_TO_FW) if re.search("[０-９]", like) else text
    return cn2an.an2cn(int(value)) if value == int(value) else cn2an.an2cn(value)


def _money_run(p: Perturbation, run: str) -> str:
    # `五十万元`: a Chinese numeral ending in 万 carries the unit; scale the numeral before it
    return _NUM_IN_RUN.sub(lambda m: _scale_numeral(p, m.group()), run)


def _scale_numeral(p: Perturbation, num: str) -> str:
    if num in ("百", "千", "万"):  # `万亿元` → `二万亿元`
        return cn2an.an2cn(int(p.money(_read(num))))
    if num[-1] in "万亿" and len(num) > 1 and not num[0].isdigit():
        return _write(p.money(_read(num[:-1])), num[:-1]) + num[-1]
    return _write(p.money(_read(num)), num)


def _percent(p: Perturbation, m: re.Match[str]) -> str:
    if m.group("num"):
        num = m.group("num")
        value = _read(num)
        if m.group("sign") == "‰":
            return _write(round(p.percent(value / 10) * 10, 6), num) + m.group("sign")
        return _write(p.percent(value), num) + m.group()[len(num):]
    value = _read(m.group("cn").replace("点", "."))  if "点" not in m.group("cn") else None
    if value is None:
        return m.group()
    if m.group("lead") == "千分之":
        return m.group("lead") + cn2an.an2cn(round(p.percent(value / 10) * 10))
    return m.group("lead") + cn2an.an2cn(int(p.percent(value)))


def rewrite(p: Perturbation, text: str) -> str:
    """`text` with its money, percents, years, 文号 serials and places changed."""
    spans: list[tuple[int, int, str]] = []
    for rx, fn in ((MONEY_RUN, lambda m: _money_run(p, m.group())),
                   (PERCENT, lambda m: _percent(p, m)),
                   (DOC_SERIAL, lambda m: m.group()[:m.start("n") - m.start()] + str(int(m.group("n").translate(_FW)) + p.serial)),
                   (YEAR, lambda m: str(p.year(int(m.group())))),
                   (re.compile("|".join(sorted(p.places, key=len, reverse=True))), lambda m: p.places[m.group()])):
        for m in rx.finditer(text):
            spans.append((m.start(), m.end(), fn(m)))
    out, pos = [], 0
    for s, e, new in sorted(spans, key=lambda t: (t[0], -(t[1] - t[0]))):
        if s < pos:  # inside a span already rewritten
            continue
        out.append(text[pos:s])
        out.append(new)
        pos = e
    out.append(text[pos:])
    return "".join(out)


def _date(p: Perturbation, value: str | None) -> str | None:
    if not value or not re.match(r"\d{4}-", value):
        return value
    return f"{p.year(int(value[:4]))}{value[4:]}"


def _num(fn: Callable[[float], float], value: Any) -> Any:
    return None if value is None else fn(value)


def perturb_gold(p: Perturbation, gold: dict[str, Any]) -> dict[str, Any]:
    """The gold label of the rewritten document."""
    g = copy.deepcopy(gold)
    w = lambda s: None if s is None else rewrite(p, s)
    for key in ("doc_number", "order_number", "title", "policy_title"):
        if isinstance(g.get(key), str):
            g[key] = w(g[key])
    g["issuers"] = [w(x) for x in g.get("issuers") or []]
    for key in ("issue_date", "effective_from", "effective_to"):
        g[key] = _date(p, g.get(key))
    for r in g.get("references") or []:
        for key in ("doc_number", "title", "resolved"):
            r[key] = w(r.get(key))
    for a in g.get("amounts") or []:
        # a list member (`50` of `50、30万元`) is written without its unit
        a["text"] = w(a["text"]) if re.search("元", a["text"]) else _scale_numeral(p, a["text"].strip())
        a["value"], a["value_max"] = _num(p.money, a["value"]), _num(p.money, a.get("value_max"))
    for x in g.get("percentages") or []:
        x["text"], x["value"] = w(x["text"]), _num(p.percent, x["value"])
    for a in g.get("awards") or []:
        for key in ("amount", "threshold", "cap"):
            a[key] = _num(p.money, a.get(key))
        a["rate"] = _num(p.percent, a.get("rate"))
        for key in ("condition", "rate_base", "per"):
            a[key] = w(a.get(key))
    for c in g.get("cost_sharing") or []:
        ratio = bool(re.search(r"\d\s*[:：]\s*\d", c["text"])) or "一半" in c["text"]
        c["text"] = w(c["text"])
        c["parties"] = [w(x) for x in c["parties"]]
        if not ratio:  # shares written as money (`其中省级500元、市县300元`)
            c["shares"] = [p.money(x) for x in c["shares"]]
    return g


def perturb(text: str, gold: dict[str, Any], seed: int, *,
            maker: Callable[[int], Perturbation] = make) -> tuple[str, dict[str, Any]]:
    """A document and its gold with every number and place changed (reproducible); `maker`
    `make_corpus` for a tuning document of the corpus."""
    p = maker(seed)
    return rewrite(p, text), perturb_gold(p, gold)


def write_perturbed(stems: list[str], docs: Path, gold: Path, out: Path, seed: int, *,
                    maker: Callable[[int], Perturbation] = make) -> None:
    """`out/raw/<stem>.txt` and `out/gold/<stem>.json`: the documents `docs/<stem>.txt` and their
    gold `gold/<stem>.json` rewritten by `perturb`."""
    (out / "raw").mkdir()
    (out / "gold").mkdir()
    for stem in stems:
        text = (docs / f"{stem}.txt").read_text(encoding="utf-8")
        label = json.loads((gold / f"{stem}.json").read_text(encoding="utf-8"))
        new_text, new_gold = perturb(text, label, seed, maker=maker)
        (out / "raw" / f"{stem}.txt").write_text(new_text, encoding="utf-8")
        (out / "gold" / f"{stem}.json").write_text(json.dumps(new_gold, ensure_ascii=False), encoding="utf-8")
