"""A document's lineage as an SVG picture, laid out by Graphviz `dot` (Debian package graphviz).

The picture holds the document, every document it reaches through lineage links and every
document that reaches it (at most MAX_NODES of them, nearest first).  Earlier documents stand
on the left, arrows point from a document to the earlier one it cites, repeals, amends,
replaces or continues; colour says the kind (a legend names them), width the confidence.
Documents in the corpus are filled boxes, documents only cited are dashed; each box links to
`lineage.svg?doc=…` of its document, so a click opens that document's lineage.

The data come from three SELECT queries given to `select` (a function returning rows as
{variable: value}), so the same code draws from the endpoint's workers or any store.
"""
from __future__ import annotations

import subprocess
from collections.abc import Callable
from html import escape
from urllib.parse import quote

from ..errors import ConfigError, NotFound
from ..normalize import normalize_doc_number, normalize_order_number
from .vocab import ELI, PKG

__all__ = ["KINDS", "MAX_NODES", "NotFound", "dot_source", "lineage_svg", "render_svg"]

MAX_NODES = 60
DOT_TIMEOUT_S = 20.0
# lineage kind → (colour, legend label)
KINDS = {"cites": ("#2e6db4", "cites 引用"), "repeals": ("#c0392b", "repeals 废止"),
         "amends": ("#d68910", "amends 修改"), "changes": ("#b9770e", "changes 调整"),
         "replaces": ("#7d3c98", "replaces 替代"), "continues": ("#138d75", "continues 延续"),
         "precedence": ("#566573", "takes precedence 优先适用")}
_PATH = ("(eli:cites|eli:repeals|eli:amends|eli:changes|<http://purl.org/dc/terms/replaces>|"
         "pkg:continues|pkg:takesPrecedenceOver)")
_PREFIXES = (f"PREFIX eli: <{ELI}>\nPREFIX pkg: <{PKG}>\n"
             "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n")
Select = Callable[[str], list[dict[str, str]]]


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def _iri_ok(text: str) -> bool:
    return text.startswith(("http://", "https://", "urn:")) and not any(c in text for c in '<>"{}|^`\\ \n\t')


def find_document(select: Select, key: str) -> str | None:
    """The IRI of the document with this 文号 (in any brackets), title or IRI."""
    keys = [key]
    for normal in (normalize_doc_number(key, strip_lead_ins=False), normalize_order_number(key)):
        if normal and normal not in keys:
            keys.insert(0, normal)
    values = " ".join(_literal(k) for k in keys)
    iri = f"UNION {{ BIND(<{key}> AS ?d) ?d a eli:LegalResource }}" if _iri_ok(key) else ""
    rows = select(f"""{_PREFIXES}SELECT ?d WHERE {{
  {{ VALUES ?k {{ {values} }} ?d eli:id_local ?k }} UNION {{ VALUES ?k {{ {values} }} ?d eli:title ?k }}
  UNION {{ VALUES ?k {{ {values} }} ?d pkg:policyTitle ?k }} {iri}
}} LIMIT 1""")
    return rows[0]["d"] if rows else None


def lineage_data(select: Select, start: str) -> tuple[dict[str, dict[str, str]], list[dict[str, str]], int]:
    """(nodes by IRI with id/title/date/status, links among them, how many documents were found)."""
    found = select(f"""{_PREFIXES}SELECT DISTINCT ?n WHERE {{
  {{ <{start}> {_PATH}* ?n }} UNION {{ ?n {_PATH}* <{start}> }}
}} LIMIT {MAX_NODES * 20}""")
    iris = [start] + [r["n"] for r in found if r.get("n") and r["n"] != start]
    total = len(iris)
    iris = iris[:MAX_NODES]
    values = " ".join(f"<{i}>" for i in iris)
    info = select(f"""{_PREFIXES}SELECT ?n (SAMPLE(?i) AS ?id) (SAMPLE(?t) AS ?title) (SAMPLE(?d) AS ?date)
       (SAMPLE(?s) AS ?status) WHERE {{
  VALUES ?n {{ {values} }}
  OPTIONAL {{ ?n eli:id_local ?i }} OPTIONAL {{ ?n eli:title ?t }} OPTIONAL {{ ?n eli:date_document ?d }}
  OPTIONAL {{ ?n pkg:resolutionStatus ?s }}
}} GROUP BY ?n""")
    nodes = {row["n"]: row for row in info}
    for iri in iris:
        nodes.setdefault(iri, {"n": iri})
    links = select(f"""{_PREFIXES}SELECT ?s ?o ?kind (SAMPLE(?c) AS ?confidence) (SAMPLE(?e) AS ?evidence) WHERE {{
  VALUES ?s {{ {values} }}
  ?l a pkg:LineageLink ; rdf:subject ?s ; rdf:object ?o ; pkg:linkKind ?kind .
  OPTIONAL {{ ?l pkg:confidence ?c }} OPTIONAL {{ ?l pkg:evidence ?e }}
}} GROUP BY ?s ?o ?kind""")
    links = [link for link in links if link["o"] in nodes]
    return nodes, links, total


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _wrap(text: str, width: int, lines: int) -> list[str]:
    out = [text[i:i + width] for i in range(0, len(text), width)][:lines]
    if len(text) > width * lines:
        out[-1] = out[-1][:-1] + "…"
    return out


def _key(node: dict[str, str]) -> str:
    return node.get("id") or node["n"]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def dot_source(start: str, nodes: dict[str, dict[str, str]], links: list[dict[str, str]], total: int) -> str:
    """The Graphviz description of the picture (HTML-like labels; the legend is added by `legend`)."""
    lines = ["digraph lineage {",
             ('  graph [rankdir=LR, nodesep=0.35, ranksep=0.9, fontname="sans-serif", '
              'fontsize=11, bgcolor="white", pad=0.2];'),
             ('  node [shape=box, style="rounded,filled", fontname="sans-serif", fontsize=11, margin="0.12,0.06", '
              'penwidth=1.2];'),
             '  edge [fontname="sans-serif", fontsize=10, arrowsize=0.8];']
    if total > len(nodes):
        lines.append(f'  label={_quote(f"{len(nodes)} of {total} documents drawn (the nearest)")}; labelloc=b;')
    names = {iri: f"n{i}" for i, iri in enumerate(nodes)}
    for iri, node in nodes.items():
        corpus = node.get("status") == "ingested"
        title = node.get("title", "")
        label_rows = [f"<B>{escape(_short(node['id'], 26))}</B>" if node.get("id") else "<I>(no 文号)</I>"]
        label_rows += [escape(part) for part in _wrap(title, 16, 2)] if title else []
        if node.get("date"):
            label_rows.append(f'<FONT COLOR="#555555" POINT-SIZE="10">{escape(node["date"])}</FONT>')
        status = "in the corpus" if corpus else "only cited" if node.get("status") else "document"
        label_rows.append(f'<FONT COLOR="#777777" POINT-SIZE="9">{status}</FONT>')
        fill = "#fdebd0" if iri == start else "#e8f1fa" if corpus else "#ffffff"
        style = "rounded,filled" if corpus or iri == start else "rounded,dashed,filled"
        color = "#a04000" if iri == start else "#34495e" if corpus else "#7f8c8d"
        tooltip = f"{node.get('id') or iri}  {title}".strip()
        lines.append(f"  {names[iri]} [label=<{'<BR/>'.join(label_rows)}>, fillcolor=\"{fill}\", style=\"{style}\", "
                     f"color=\"{color}\", penwidth={2.2 if iri == start else 1.2}, "
                     f"URL={_quote('lineage.svg?doc=' + quote(_key(node), safe=''))}, target=\"_top\", "
                     f"tooltip={_quote(_short(tooltip, 200))}, id={_quote('doc-' + names[iri])}];")
    for link in links:
        kind = link["kind"]
        colour, _ = KINDS.get(kind, ("#555555", kind))
        try:
            conf = float(link.get("confidence") or 0)
        except ValueError:
            conf = 0.0
        tip = f"{kind} ({conf:.2f}): {_short(link.get('evidence', ''), 160)}"
        # drawn from the earlier document to the later so that time runs left to right; the
        # arrow head stays on the earlier one (dir=back): "later → earlier"
        lines.append(f"  {names[link['o']]} -> {names[link['s']]} [dir=back, color=\"{colour}\", "
                     f"fontcolor=\"{colour}\", label={_quote(kind)}, penwidth={1 + 2 * max(0.0, min(conf, 1.0)):.1f}, "
                     f"style={'dashed' if conf < 0.6 else 'solid'}, tooltip={_quote(tip)}];")
    lines.append("}")
    return "\n".join(lines)


_LEGEND_H = 58


def _legend(kinds: list[str], width: float) -> str:
    """A strip above the picture: the colour of each link kind drawn, and the three kinds of box."""
    parts = [(f'<g id="legend" font-family="sans-serif" font-size="12">'
              f'<rect x="4" y="4" width="{width - 8:.0f}" height="{_LEGEND_H - 10}" rx="6" fill="#fafafa" '
              f'stroke="#bbbbbb"/><text x="14" y="22" font-weight="bold" fill="#333">Legend 图例</text>')]
    x = 100.0
    for kind in kinds:
        colour, label = KINDS.get(kind, ("#555555", kind))
        parts.append(f'<line x1="{x + 28:.0f}" y1="18" x2="{x:.0f}" y2="18" stroke="{colour}" stroke-width="2.5"/>'
                     f'<path d="M{x:.0f},18 l8,-4 l0,8 z" fill="{colour}"/>'
                     f'<text x="{x + 34:.0f}" y="22" fill="{colour}">{escape(label)}</text>')
        x += 44 + 7.5 * len(label.encode("gbk", "replace"))
    boxes = [("#fdebd0", "#a04000", "", "this document 本文件"), ("#e8f1fa", "#34495e", "", "in the corpus 已收录"),
             ("#ffffff", "#7f8c8d", ' stroke-dasharray="4,3"', "only cited 仅被引用")]
    x = 14.0
    for fill, stroke, dash, label in boxes:
        parts.append(f'<rect x="{x:.0f}" y="31" width="26" height="14" rx="3" fill="{fill}" stroke="{stroke}"{dash}/>'
                     f'<text x="{x + 32:.0f}" y="43" fill="#333">{escape(label)}</text>')
        x += 50 + 7.5 * len(label.encode("gbk", "replace"))
    parts.append(f'<text x="{x:.0f}" y="43" fill="#666" font-size="11">arrows point to the earlier document; '
                 'dashed: confidence &lt; 0.6; click a box for its lineage</text></g>')
    return "".join(parts)


def _with_legend(svg: str, kinds: list[str]) -> str:
    """The picture from dot below a legend strip, in one SVG."""
    import re

    m = re.match(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    width, height = (float(m.group(1)) * 4 / 3, float(m.group(2)) * 4 / 3) if m else (800.0, 600.0)
    total_w = max(width, 860.0)
    inner = svg.replace("<svg ", f'<svg x="0" y="{_LEGEND_H}" ', 1)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="{total_w:.0f}" height="{height + _LEGEND_H:.0f}" viewBox="0 0 {total_w:.0f} {height + _LEGEND_H:.0f}">'
            f'{_legend(kinds, total_w)}{inner}</svg>')


def render_svg(source: str, timeout: float = DOT_TIMEOUT_S) -> str:
    """`dot -Tsvg`; the SVG element alone (no XML declaration), ready to be inlined in a page."""
    try:
        done = subprocess.run(["dot", "-Tsvg"], input=source.encode("utf-8"), capture_output=True,
                              timeout=timeout, check=False)
    except FileNotFoundError:
        raise ConfigError("Graphviz is not installed: the lineage picture needs `dot`",
                          hint="apt-get install graphviz") from None
    except subprocess.TimeoutExpired:
        raise ConfigError(f"Graphviz took more than {timeout:g} s to lay out the lineage") from None
    if done.returncode != 0:
        raise ConfigError(f"Graphviz failed: {done.stderr.decode('utf-8', 'replace').strip()[:300]}")
    svg = done.stdout.decode("utf-8")
    return svg[svg.index("<svg"):]


def lineage_svg(select: Select, key: str) -> str:
    """The SVG picture of the lineage around the document `key` (文号, title or IRI)."""
    start = find_document(select, key)
    if start is None:
        raise NotFound(f"no document {key}")
    nodes, links, total = lineage_data(select, start)
    kinds = list(dict.fromkeys(link["kind"] for link in links))
    return _with_legend(render_svg(dot_source(start, nodes, links, total)), kinds)
