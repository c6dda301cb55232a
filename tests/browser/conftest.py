"""A real kit server (``thamvan start``) and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class KitServer:
    def __init__(self, home, preheat=True, extra=()):
        self.port = free_port()
        self.log = open(home.parent / f"voila-{self.port}.log", "w+")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "thamvan_lib", "start", f"--port={self.port}"]
            + ([] if preheat else ["--no-preheat"]) + list(extra),
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}/voila/render/dashboards/home.ipynb"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.output())
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/voila/api/shutdown", timeout=1)
            except urllib.error.HTTPError:
                return  # the server answers
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("Voila did not start in 60 s:\n" + self.output())

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def stop(self):
        """The server and every kernel it started: they share the server's process group."""
        stop_group(self.process)
        self.log.close()


def kernel_pids(server_pid: int) -> set[int]:
    """The IPython kernels a server started (``thamvan start`` execs Voila)."""
    import psutil

    try:
        children = psutil.Process(server_pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return set()
    pids = set()
    for child in children:
        try:
            if "ipykernel" in " ".join(child.cmdline()):
                pids.add(child.pid)
        except psutil.Error:
            continue
    return pids


def stop_group(process: subprocess.Popen, wait: float = 10) -> None:
    """Terminate a process started with ``start_new_session`` and all of its group."""
    for sig, timeout in ((signal.SIGTERM, wait), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout)
            # the leader is gone; children it left (kernels) get the same signal
            os.killpg(process.pid, signal.SIGKILL)
            break
        except subprocess.TimeoutExpired:
            continue
        except ProcessLookupError:
            break


@pytest.fixture
def kit_server(kit_home):
    server = KitServer(kit_home)
    yield server
    server.stop()


@pytest.fixture
def page(browser):
    """A fresh page that records the host of every request it makes, and its console's errors."""
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.requested_hosts = set()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda err: page.console_errors.append(str(err)))
    page.on("request", lambda r: page.requested_hosts.add(urlparse(r.url).hostname)
            if urlparse(r.url).scheme in ("http", "https", "ws", "wss") else None)
    yield page
    context.close()
