"""The graph stage as ingest sees it: its public functions, optional while it is missing.

Without a graph stage no graph files are written (as `build` does) and SHACL is reported as
not available, never as passed.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

from ..records import LinkedCorpus
from .report import ShaclOutcome

log = logging.getLogger(__name__)


def write_graph_outputs(linked: LinkedCorpus, folder: Path) -> list[Path]:
    """Write the graph files (graph.ttl, graph.nt) into `folder`; [] when there is no graph stage."""
    try:
        from ..graph import write_graph_files
    except ImportError:
        log.debug("graph stage has no write_graph_files: no graph files written")
        return []
    write_graph_files(linked, folder)
    # list what is there rather than trust the return value: every file written must be staged
    return sorted(p for p in folder.rglob("*") if p.is_file())


def validate_graph_files(linked: LinkedCorpus, folder: Path) -> ShaclOutcome:
    """SHACL-validate the graph of `linked` (as staged in `folder`) with the graph stage's shapes."""
    try:
        from ..graph import load_graph
        from ..graph.validate import validate_graph
    except ImportError:
        return ShaclOutcome(False)
    turtle = folder / "graph.ttl"
    if not turtle.is_file():
        return ShaclOutcome(False)
    conforms, text = validate_graph(load_graph(turtle))
    return ShaclOutcome(True, conforms, _summary(conforms, text))


def _summary(conforms: bool, text: str) -> str:
    """'N results' from pySHACL's report, plus the first violation's message when it fails."""
    count = re.search(r"Results \((\d+)\)", text)
    summary = f"{count.group(1)} results" if count else ""
    message = re.search(r"Message: (.+)", text)
    if not conforms and message:
        summary += f"; first: {message.group(1).strip()}"
    return summary.strip("; ")
