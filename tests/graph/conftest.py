"""The endpoint (Oxigraph's server behind the front) over the seed graph, started once per module."""
from __future__ import annotations

import pytest
from endpoint_helpers import start_endpoint


@pytest.fixture(scope="module")
def endpoint(seed_graph_file, tmp_path_factory):
    ep = start_endpoint(seed_graph_file, tmp_path_factory.mktemp("endpoint"), timeout=3.0, request_timeout=1.5,
                        max_body=64 * 1024, workers=4)
    yield ep
    ep.stop_thread()


@pytest.fixture(scope="module")
def base(endpoint):
    return endpoint.url
