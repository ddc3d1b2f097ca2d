"""A document's lineage as an SVG picture, drawn server-side (no JavaScript library, no CDN).

The picture holds the document, everything it reaches through lineage links and everything
that reaches it.  Columns are layers of the (acyclic) lineage: the earliest documents on the
left, each document one column right of the latest one it links to.
"""
from __future__ import annotations

from collections import defaultdict
from html import escape

from rdflib import Graph, Literal, URIRef

from .vocab import ELI, PKG, RDF

_COLORS = {"cites": "#4a6fa5", "repeals": "#c0392b", "changes": "#d68910", "amends": "#d68910",
           "replaces": "#7d3c98", "continues": "#16a085", "precedence": "#566573"}
_BOX_W, _BOX_H, _COL, _ROW = 190, 46, 260, 66


def lineage_edges(graph: Graph) -> list[tuple[URIRef, URIRef, str, float]]:
    """Document-level lineage links: (later, earlier, kind, confidence)."""
    out = []
    for link in graph.subjects(RDF.type, PKG.LineageLink):
        s, o = graph.value(link, RDF.subject), graph.value(link, RDF.object)
        kind, conf = graph.value(link, PKG.linkKind), graph.value(link, PKG.confidence)
        if isinstance(s, URIRef) and isinstance(o, URIRef) and kind is not None:
            out.append((s, o, str(kind), float(conf) if isinstance(conf, Literal) else 0.0))
    return out


def find_document(graph: Graph, key: str) -> URIRef | None:
    """A document node by its 文号 (eli:id_local), its title, or its IRI."""
    for prop in (ELI.id_local, ELI.title, PKG.policyTitle):
        for node in graph.subjects(prop, Literal(key)):
            if isinstance(node, URIRef):
                return node
    node = URIRef(key)
    return node if (node, RDF.type, ELI.LegalResource) in graph else None


def _neighbourhood(edges: list[tuple[URIRef, URIRef, str, float]], start: URIRef) -> set[URIRef]:
    down, up = defaultdict(set), defaultdict(set)
    for s, o, _, _ in edges:
        down[s].add(o)
        up[o].add(s)
    seen = {start}
    for adj in (down, up):
        stack = [start]
        while stack:
            for nxt in adj[stack.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
    return seen


def _label(graph: Graph, node: URIRef) -> tuple[str, str]:
    number = graph.value(node, ELI.id_local)
    title = graph.value(node, ELI.title)
    date = graph.value(node, ELI.date_document)
    first = str(number) if number else (str(title)[:14] + "…" if title and len(str(title)) > 14 else str(title or "?"))
    second = str(date) if date else ("(unresolved)" if not number else "(cited)")
    return first, second


def lineage_svg(graph: Graph, key: str) -> str:
    """The SVG picture of the lineage around the document `key` (文号, title or IRI)."""
    start = find_document(graph, key)
    if start is None:
        return _message(f"no document {key}")
    edges = lineage_edges(graph)
    nodes = _neighbourhood(edges, start)
    edges = [e for e in edges if e[0] in nodes and e[1] in nodes]
    layer = _layers(nodes, edges)
    columns: dict[int, list[URIRef]] = defaultdict(list)
    for node in sorted(nodes, key=lambda n: _label(graph, n)):
        columns[layer[node]].append(node)
    pos = {n: (20 + c * _COL, 30 + r * _ROW) for c, col in columns.items() for r, n in enumerate(col)}
    width = 40 + (max(columns) + 1) * _COL
    height = 60 + max(len(c) for c in columns.values()) * _ROW
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
              'font-family="sans-serif" font-size="12"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" '
              'refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L10,5L0,10z" fill="#555"/>'
              '</marker></defs>')]
    for i, (s, o, kind, conf) in enumerate(edges):
        (x1, y1), (x2, y2) = pos[s], pos[o]
        color = _COLORS.get(kind, "#555")
        bend = (i % 3 - 1) * 8  # parallel edges between one pair stay apart
        parts.append(f'<line x1="{x1}" y1="{y1 + _BOX_H / 2 + bend}" x2="{x2 + _BOX_W}" y2="{y2 + _BOX_H / 2 + bend}" '
                     f'stroke="{color}" stroke-width="1.5" marker-end="url(#arrow)"><title>{escape(kind)} '
                     f'({conf:.2f})</title></line>')
        mx, my = (x1 + x2 + _BOX_W) / 2, (y1 + y2 + _BOX_H) / 2 + bend - 3
        parts.append(f'<text x="{mx}" y="{my}" fill="{color}" text-anchor="middle">{escape(kind)} {conf:.2f}</text>')
    for node, (x, y) in pos.items():
        first, second = _label(graph, node)
        fill = "#fdebd0" if node == start else "#eaf2f8"
        parts.append(f'<g><title>{escape(str(graph.value(node, ELI.title) or node))}</title>'
                     f'<rect x="{x}" y="{y}" width="{_BOX_W}" height="{_BOX_H}" rx="6" fill="{fill}" stroke="#34495e"/>'
                     f'<text x="{x + 8}" y="{y + 19}">{escape(first)}</text>'
                     f'<text x="{x + 8}" y="{y + 37}" fill="#666">{escape(second)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def _layers(nodes: set[URIRef], edges: list[tuple[URIRef, URIRef, str, float]]) -> dict[URIRef, int]:
    """Longest path to a sink: earlier documents get lower layers (the lineage is acyclic)."""
    out: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, o, _, _ in edges:
        out[s].add(o)
    memo: dict[URIRef, int] = {}

    def depth(n: URIRef, trail: frozenset[URIRef]) -> int:
        if n not in memo:
            memo[n] = 1 + max((depth(m, trail | {n}) for m in out[n] if m not in trail), default=-1)
        return memo[n]

    return {n: depth(n, frozenset()) for n in nodes}


def _message(text: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40" font-family="sans-serif">'
            f'<text x="10" y="25">{escape(text)}</text></svg>')
