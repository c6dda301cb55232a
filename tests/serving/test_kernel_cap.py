"""Pages opened past the server's kernel ceiling get the "busy" page, against a real
``thamvan start``: aborted page loads used to pile up kernels until memory ran out."""

from __future__ import annotations

import http.client
import time
import urllib.request

import pytest

from tests.support.processes import kernel_pids
from tests.support.servers import KitServer

pytestmark = pytest.mark.slow

CEILING = 2
PAGE = "/voila/render/dashboards/manual.ipynb"


def serve(tmp_path, *options):
    home = tmp_path / "thamvan"
    home.mkdir()
    return KitServer(home, preheat=False, extra=list(options))


@pytest.fixture
def server(tmp_path):
    kit = serve(tmp_path, f"--max-kernels={CEILING}")
    yield kit
    kit.stop()


@pytest.fixture
def server_for_many(tmp_path):
    """A high total ceiling and a low one per visitor: one visitor meets theirs first."""
    kit = serve(tmp_path, "--max-kernels=50", f"--max-kernels-per-visitor={CEILING}")
    yield kit
    kit.stop()


def aborted_load(port: int) -> None:
    """Ask for a page and hang up as soon as it starts to arrive."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", PAGE)
    response = connection.getresponse()
    response.read(200)
    connection.close()


def busy_page_after_aborted_loads(server) -> str:
    """Abort more page loads than the ceiling allows, then ask once more: the busy page."""
    for _ in range(CEILING + 4):
        aborted_load(server.port)
    time.sleep(2)
    assert len(kernel_pids(server.process.pid)) <= CEILING
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"http://127.0.0.1:{server.port}{PAGE}", timeout=60)
    assert refused.value.code == 503
    return refused.value.read().decode()


def test_aborted_page_loads_stop_at_the_ceiling_with_a_friendly_page(server):
    page = busy_page_after_aborted_loads(server)
    assert "Máy chủ đang bận" in page and "The server is busy" in page
    assert "Traceback" not in page and "http" not in page.split("<body>")[1]  # nothing fetched


def test_one_visitor_cannot_hold_more_than_their_share(server_for_many):
    assert "Máy chủ đang bận" in busy_page_after_aborted_loads(server_for_many)
    assert "already holds" in server_for_many.output()
