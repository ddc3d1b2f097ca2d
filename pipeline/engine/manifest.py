"""The manifest: what a build read and wrote, with counts and a log per stage.

Each stage's entry (`StageLog`) holds its counts in / out / rejected and a digest of what it
read and of what it wrote (sha256 over the sorted `file sha256` lines, as a DVC lock file
hashes a folder), so two manifests with equal digests saw the same inputs at every stage.
`pipeline` is the hash of the code and data that make the records.  Nothing in it depends on
time or on how many workers ran, so it is byte-identical
between a build, an ingest and a Dask run of the same corpus.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any

from ..records import LinkedCorpus, LinkView, StageLog
from .cache import pipeline_version
from .document import STAGES, Failure, Trace

SCHEMA = "policykg.manifest/2"


def _digest(entries: dict[str, str]) -> str:
    lines = "".join(f"{name}\t{sha}\n" for name, sha in sorted(entries.items()))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def stage_logs(traces: dict[str, Trace], failures: list[Failure], linked: LinkedCorpus | None,
               kept: list[LinkView], records: dict[str, str], graph: list[str]) -> list[StageLog]:
    """The log of every stage: the per-document ones from the documents' traces and failures,
    then link (duplicates are its rejects), records and graph."""
    rejected = Counter(f.error.stage or STAGES[0] for f in failures)
    logs = []
    reached = len(traces) + len(failures)
    fields = {"ingest": ("bytes_sha", "text_sha"), "structure": ("text_sha", "structure_sha"),
              "extract": ("structure_sha", "extraction_sha")}
    for stage in STAGES:
        read, wrote = fields[stage]
        out = reached - rejected[stage]
        logs.append(StageLog(stage, inputs={f: getattr(t, read) for f, t in traces.items()},
                             outputs={f: getattr(t, wrote) for f, t in traces.items()},
                             counts={"in": reached, "out": out, "rejected": rejected[stage]}))
        reached = out
    duplicates = len(linked.duplicates) if linked else 0
    logs.append(StageLog("link", inputs={f: t.extraction_sha for f, t in traces.items()},
                         counts={"in": len(traces), "out": len(traces) - duplicates, "rejected": duplicates}))
    logs.append(StageLog("records", outputs=dict(records),
                         counts={"in": len(kept), "out": len(records), "rejected": 0}))
    logs.append(StageLog("graph", outputs={name: "" for name in graph},
                         counts={"in": len(kept), "out": len(graph), "rejected": 0}))
    return logs


def _log_entry(log: StageLog) -> dict[str, Any]:
    entry: dict[str, Any] = {"stage": log.stage, "counts": dict(log.counts)}
    if log.inputs:
        entry["inputs"] = _digest(log.inputs)
    if log.outputs and any(log.outputs.values()):
        entry["outputs"] = _digest(log.outputs)
    return entry


def build_manifest(views: list[LinkView], failures: list[Failure], linked: LinkedCorpus | None,
                   outputs: list[str], logs: list[StageLog]) -> dict[str, Any]:
    """What a build read (every input, duplicates included) and wrote, with counts and stage logs."""
    counts = [dict(v.counts) for v in views]
    return {
        # not `schema`: that key marks a record of the contract, and checks validate every such file
        "manifest_format": SCHEMA,
        "pipeline": pipeline_version(),  # the code and data that made the records (engine/cache.py)
        "inputs": {v.source.file: v.source.sha256 for v in views},
        "failed": {f.file: f.line for f in failures},
        "outputs": sorted(outputs),
        "counts": {
            "documents": len(views),
            "failed": len(failures),
            "duplicates": len(linked.duplicates) if linked else 0,
            "amounts": sum(c["amounts"] for c in counts),
            "awards": sum(c["awards"] for c in counts),
            "references": sum(c["references"] for c in counts),
        },
        "stages": [_log_entry(log) for log in logs],
    }
