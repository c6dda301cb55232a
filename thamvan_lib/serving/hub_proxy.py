"""The workshop hub's proxy: the pure-Python configurable-http-proxy, answering the
WebSocket subprotocol a browser asks for.

JupyterLab and Voila open kernel channels asking for the subprotocol
``v1.kernel.websocket.jupyter.org``. The proxy passes the request on, with that header, to
the user's Jupyter server, which accepts it; but the proxy's own handshake with the browser
names no subprotocol, so the browser refuses the connection ("Sent non-empty
'Sec-WebSocket-Protocol' header but no response was received") and the page must connect
again (in the older text protocol). Answering with the client's first choice, the one the
Jupyter server takes, and passing the browser's binary frames on as binary, makes both
sides of the proxy speak the same protocol.

    python -m thamvan_lib.serving.hub_proxy [configurable-http-proxy's options]
"""

from __future__ import annotations

from configurable_http_proxy.cli import main
from configurable_http_proxy.handlers import ProxyHandler


def first_offered(self, subprotocols: list[str]) -> str | None:
    return subprotocols[0] if subprotocols else None


def relay_to_server(self, message) -> None:
    """The proxy's own ``on_message``, keeping a binary frame binary (the v1 protocol's
    frames are binary; sent on as text, the Jupyter server cannot read them)."""
    if self.ws_client:
        prefix = self.target["prefix"] if self.target else ""
        if prefix:
            self.proxy.update_last_activity(prefix)
        self.ws_client.write_message(message, binary=isinstance(message, bytes))


ProxyHandler.select_subprotocol = first_offered
ProxyHandler.on_message = relay_to_server

if __name__ == "__main__":
    main()
