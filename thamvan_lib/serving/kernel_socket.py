"""Kernel websockets in the v1 protocol only.

A socket opened without the v1 subprotocol gets Jupyter's legacy protocol, whose binary
frames Voila reads as v1: a visitor asking the widget manager for its state that way sent
Voila to 100 % CPU and gigabytes of memory. Every page the kit serves speaks v1 (JupyterLab
and Voila's own front end), so anything else is closed at once. Loaded by name through
``--…kernel_websocket_connection_class`` (see ``kernels.kernel_options``).
"""

from __future__ import annotations

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

V1 = "v1.kernel.websocket.jupyter.org"
PROTOCOL_ERROR = 1002


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
