"""Helpers of the endpoint tests: an endpoint on a copy of the seed graph, one HTTP request."""
from __future__ import annotations

import shutil
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

from pipeline.graph.serve import Endpoint, EndpointConfig

PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def start_endpoint(seed_graph_file: Path, folder: Path, **options: object) -> Endpoint:
    """An endpoint on a copy of the seed graph in `folder` (so its store is its own)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("graph.ttl", "graph.nt"):
        shutil.copy(seed_graph_file.with_name(name), folder / name)
    config = EndpointConfig(folder / "graph.ttl", port=0, **options)  # type: ignore[arg-type]
    return Endpoint(config).start_in_thread()


def fetch(url, data=None, headers=None, method=None, timeout=30):
    """(status, content type, body text) of one request; HTTP errors are answers too."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.headers.get("Content-Type"), resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type"), exc.read().decode("utf-8")


def raw(port: int, data: bytes, *, wait: float = 10.0, then_close: bool = False) -> bytes:
    """Send bytes as they are and read the answer until the server closes (or `wait` passes)."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as sock:
        sock.sendall(data)
        if then_close:
            sock.shutdown(socket.SHUT_WR)
        out = b""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except (TimeoutError, ConnectionResetError):
                break
            if not chunk:
                break
            out += chunk
        return out


def status_of(answer: bytes) -> int:
    line = answer.split(b"\r\n", 1)[0].split(b" ")
    return int(line[1]) if len(line) > 1 and line[1].isdigit() else 0
