"""Run code in a kernel of a user's server the way JupyterLab does: the REST API starts the
kernel, the v1 kernel websocket carries execute_request and brings back what it prints.

The kit's servers keep error and stderr messages from the websocket, so code that wants
to report a failure prints it."""

from __future__ import annotations

import contextlib
import json
import time
import uuid

import requests
from websockets.sync.client import connect

V1 = "v1.kernel.websocket.jupyter.org"


def frame(channel: str, msg: dict) -> bytes:
    from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

    return serialize_msg_to_ws_v1(msg, channel, lambda d: json.dumps(d).encode())


def parse(frame: bytes) -> tuple[str, dict, dict]:
    from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1

    channel, parts = deserialize_msg_from_ws_v1(frame)
    header, parent, _metadata, content = (json.loads(p) for p in parts[:4])
    return channel, {"header": header, "parent_header": parent}, content


class Kernel:
    """One kernel in the server at ``base`` (``http://…/user/<name>``), used with ``token``."""

    def __init__(self, base: str, token: str):
        self.base, self.headers = base.rstrip("/"), {"Authorization": f"token {token}"}
        response = requests.post(f"{self.base}/api/kernels", headers=self.headers, json={"name": "python3"},
                                 timeout=60)
        response.raise_for_status()
        self.id = response.json()["id"]
        url = self.base.replace("http", "ws", 1) + f"/api/kernels/{self.id}/channels"
        self._open = contextlib.ExitStack()
        self.ws = self._open.enter_context(connect(url, subprotocols=[V1], additional_headers=self.headers,
                                                   open_timeout=30, max_size=2 ** 24))

    def run(self, code: str, timeout: float = 60) -> str | None:
        """What ``code`` printed, or None when the kernel died (or did not finish) in ``timeout``."""
        msg_id = uuid.uuid4().hex
        self.ws.send(frame("shell", {
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": uuid.uuid4().hex,
                       "username": "", "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        output, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                received = self.ws.recv(timeout=max(0.1, deadline - time.monotonic()))
            except TimeoutError:
                break
            channel, msg, content = parse(received)
            msg_type = msg["header"]["msg_type"]
            if channel == "iopub" and msg_type == "status" and content.get("execution_state") in ("restarting", "dead"):
                return None
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg_type == "stream":
                output.append(content.get("text", ""))
            elif msg_type == "status" and content.get("execution_state") == "idle":
                return "".join(output)
        return None

    def close(self):
        self._open.close()
        requests.delete(f"{self.base}/api/kernels/{self.id}", headers=self.headers, timeout=30)


def widgets_ready(base: str, user: str, kernel_id: str, cookies, timeout: float) -> None:
    """The page's own first question over its kernel websocket (``base`` is ``http://…/user/<name>``):
    which widget comms exist. Returns once there are some; raises when none or too late."""
    url = base.replace("http", "ws", 1) + f"/api/kernels/{kernel_id}/channels"
    cookie = "; ".join(f"{c.name}={c.value}" for c in cookies)
    with connect(url, subprotocols=[V1], additional_headers={"Cookie": cookie}, open_timeout=timeout) as ws:
        msg_id = uuid.uuid4().hex
        ws.send(frame("shell", {"header": {"msg_id": msg_id, "msg_type": "comm_info_request", "session": msg_id,
                                            "username": user, "version": "5.3", "date": ""},
                                 "parent_header": {}, "metadata": {}, "channel": "shell",
                                 "content": {"target_name": "jupyter.widget"}}))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            channel, msg, content = parse(ws.recv(timeout=deadline - time.monotonic()))
            if msg["header"]["msg_type"] == "comm_info_reply" and msg["parent_header"].get("msg_id") == msg_id:
                if content.get("comms"):
                    return
                raise RuntimeError("the page's kernel holds no widget")
    raise TimeoutError("no comm_info_reply")
