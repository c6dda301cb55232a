"""Kernel websockets in the v1 protocol only, and no traceback sent to a visitor.

A socket opened without the v1 subprotocol gets Jupyter's legacy protocol, whose binary
frames Voila reads as v1: a visitor asking the widget manager for its state that way sent
Voila to 100 % CPU and gigabytes of memory. Every page the kit serves speaks v1 (JupyterLab
and Voila's own front end), so anything else is closed at once.

A malformed message from a visitor (a ``comm_open`` the widgets cannot read) made the
kernel print a traceback, with the server's install paths, to its stderr, which travels to
the page. Error and stderr messages go to the server's log instead; the page keeps the
kit's own notices. Loaded by name through ``--…kernel_websocket_connection_class`` (see
``kernels.kernel_options``).
"""

from __future__ import annotations

import json

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

V1 = "v1.kernel.websocket.jupyter.org"
PROTOCOL_ERROR = 1002
LOGGED_CHARACTERS = 2000


def _part(frame: bytes, index: int) -> bytes:
    """Part ``index`` of a v1 frame (0 channel, 1 header, 2 parent, 3 metadata, 4 content)."""
    start = int.from_bytes(frame[8 * (index + 1):8 * (index + 2)], "little")
    end = int.from_bytes(frame[8 * (index + 2):8 * (index + 3)], "little")
    return frame[start:end]


def error_output(frame: bytes) -> str | None:
    """The text of an error or stderr message in a v1 frame, or None for any other message.

    >>> from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1
    >>> def frame(kind, content):
    ...     msg = {"header": {"msg_type": kind}, "parent_header": {}, "metadata": {}, "content": content}
    ...     return serialize_msg_to_ws_v1(msg, "iopub", lambda d: json.dumps(d).encode())
    >>> error_output(frame("stream", {"name": "stderr", "text": "Traceback …"}))
    'Traceback …'
    >>> error_output(frame("stream", {"name": "stdout", "text": "hello"})) is None
    True
    """
    if _part(frame, 0) != b"iopub":
        return None
    kind = json.loads(_part(frame, 1)).get("msg_type")
    if kind not in ("stream", "error"):
        return None
    content = json.loads(_part(frame, 4))
    if kind == "stream":
        return content.get("text", "") if content.get("name") == "stderr" else None
    return "\n".join(content.get("traceback") or [f"{content.get('ename')}: {content.get('evalue')}"])


class V1OnlyConnection(ZMQChannelsWebsocketConnection):
    async def connect(self):
        if self.subprotocol != V1:
            self.log.warning("Kernel websocket without the %s subprotocol refused", V1)
            self.websocket_handler.close(PROTOCOL_ERROR, f"{V1} required")
            return None
        return await super().connect()

    def handle_incoming_message(self, incoming_msg) -> None:
        if self.subprotocol == V1:  # frames that raced the close are dropped
            super().handle_incoming_message(incoming_msg)

    @property
    def write_message(self):
        send = self.websocket_handler.write_message

        def without_tracebacks(message, binary=False):
            text = error_output(message) if binary and isinstance(message, bytes) else None
            if text is not None:
                self.log.warning("Kernel output kept from the page: %s", text[:LOGGED_CHARACTERS])
                return None
            return send(message, binary=binary)

        return without_tracebacks
