"""Free ports, the kernels a server started, stopping a process group, processes a run left behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
from pathlib import Path

from thamvan_lib.serving.forks import KERNEL_NAME

# Every process a test starts inherits this mark, so the run can find the ones a test left
# behind (a server outliving its test keeps a CI job from ever finishing).
SESSION_MARK = "THAMVAN_TEST_SESSION"
HELPERS = ("multiprocessing.forkserver", "multiprocessing.resource_tracker")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kernel_pids(server_pid: int) -> set[int]:
    """The IPython kernels a server started (``thamvan start`` execs Voila), or that its fork
    server forked for it (named so: their command line is the fork server's)."""
    import psutil

    try:
        children = psutil.Process(server_pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return set()
    pids = set()
    for child in children:
        try:
            if child.name() == KERNEL_NAME or "ipykernel" in " ".join(child.cmdline()):
                pids.add(child.pid)
        except psutil.Error:
            continue
    return pids


def kernel_process(server_pid: int, kernel_id: str):
    """The process of kernel ``kernel_id`` under the server: the one started with its
    connection file, or (forked, with the fork server's command line) the one listening on
    its Unix sockets, ``kernel-<id>-ipc-N``."""
    import psutil

    for pid in kernel_pids(server_pid):
        try:
            process = psutil.Process(pid)
            if any(kernel_id in part for part in process.cmdline()) or any(
                    kernel_id in (socket.laddr or "") for socket in process.net_connections(kind="unix")):
                return process
        except psutil.Error:
            continue
    return None


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


def leftover_processes(mark: str) -> dict[int, str]:
    """Processes other than this one that carry the run's mark in their environment."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if f"{SESSION_MARK}={mark}".encode() in environ.split(b"\0") and not any(
                helper in command for helper in HELPERS):
            found[int(entry.name)] = command.strip()
    return found
