"""Attacks on a page's kernel websocket, against a real ``thamvan start``.

A visitor who opens the socket without the v1 subprotocol got the legacy protocol, whose
binary frames Voila then read as v1 and hung on (100 % CPU, gigabytes): only v1 is served.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
import uuid

import psutil
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.support.servers import KitServer

pytestmark = pytest.mark.slow

V1 = "v1.kernel.websocket.jupyter.org"
PAGE = "dashboards/analysis.ipynb"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("home") / "thamvan"
    home.mkdir()
    kit = KitServer(home, preheat=False)
    yield kit
    kit.stop()


def open_page(server) -> str:
    """Load a page as a browser would and return its kernel's id."""
    url = f"http://127.0.0.1:{server.port}/voila/render/{PAGE}"
    html = urllib.request.urlopen(url, timeout=120).read().decode()
    return re.search(r'"kernelId": ?"([0-9a-f-]+)"', html).group(1)


def channels(server, kernel_id: str) -> str:
    return f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}"


def legacy_request_states() -> str:
    """The widget manager's state request, in the legacy JSON protocol."""
    def message(msg_type, content):
        return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": "x",
                           "username": "", "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "content": content, "buffers": [],
                "channel": "shell"}
    comm_id = uuid.uuid4().hex
    return [json.dumps(message("comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control",
                                             "data": {}})),
            json.dumps(message("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}}))]


def answer_seconds(server) -> float:
    start = time.monotonic()
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{server.port}/voila/api/shutdown", timeout=30)
    except urllib.error.HTTPError:
        pass  # an answer, which is all that is asked
    return time.monotonic() - start


def resident_bytes(pid: int) -> int:
    process = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [process, *process.children(recursive=True)])


def test_a_legacy_kernel_socket_is_refused_and_the_server_keeps_answering(server):
    kernel_id = open_page(server)

    # the sync client: a browser test before this one may leave an asyncio loop running here
    with connect(channels(server, kernel_id), open_timeout=10) as ws:
        assert ws.subprotocol is None
        try:
            for frame in legacy_request_states():
                ws.send(frame)
            ws.recv(timeout=10)  # closed by the server instead of answered in a protocol Voila misreads
        except ConnectionClosed:
            pass
    code, reason = ws.close_code, ws.close_reason

    assert code == 1002 and V1 in reason
    time.sleep(2)  # the hang took hold within a second of the request
    assert answer_seconds(server) < 1.0
    assert resident_bytes(server.process.pid) < 1024 ** 3


def test_the_v1_protocol_the_pages_use_still_connects(server):
    kernel_id = open_page(server)

    with connect(channels(server, kernel_id), subprotocols=[V1], open_timeout=10) as ws:
        assert ws.subprotocol == V1
        assert isinstance(ws.recv(timeout=20), bytes)  # the kernel's status, in v1 frames


def v1_frame(msg_type: str, content: dict) -> bytes:
    from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

    msg = {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": "x", "username": "",
                      "version": "5.3", "date": ""},
           "parent_header": {}, "metadata": {}, "content": content}
    return serialize_msg_to_ws_v1(msg, "shell", lambda d: json.dumps(d).encode())


def test_a_malformed_comm_open_gets_no_traceback_back(server):
    kernel_id = open_page(server)
    received = []
    with connect(channels(server, kernel_id), subprotocols=[V1], open_timeout=10) as ws:
        for content in ({"comm_id": "x", "target_name": "jupyter.widget", "data": {"state": {"_model_name": "?"}}},
                        {"comm_id": 5, "target_name": None, "data": "garbage"}):
            ws.send(v1_frame("comm_open", content))
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                received.append(ws.recv(timeout=1))
            except TimeoutError:
                continue
    assert received  # the kernel did answer (its status), just not with a traceback
    for frame in received:
        assert b"Traceback" not in frame and b"site-packages" not in frame and b"File \\\"" not in frame
    assert "Kernel output kept from the page" in server.output()
