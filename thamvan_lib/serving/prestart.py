"""Start the class's servers before the class arrives.

A workshop logs in together: thirty people pressing "Đăng nhập" within a minute. Started
at login, each server costs a few CPU-seconds while everybody waits; started by the hub
beforehand, a login only checks the password and opens the home page. The hub runs
this as a service when it starts: it asks the hub's API to start every person's server, as
many at a time as the machine has cores, then stays idle (a managed service that exits is
restarted by the hub). Servers stopped later (the idle culler, the disk guard, the trainer)
start again at the next login, as before.

    python -m thamvan_lib.serving.prestart     (started by the hub, see serving/hub.py)
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

READY_TIMEOUT = 300  # seconds one server may take to answer, on a machine busy starting others
POLL = 0.5


def _call(method: str, path: str) -> tuple[int, dict]:
    url = os.environ["JUPYTERHUB_API_URL"].rstrip("/") + path
    request = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None,
                                     headers={"Authorization": f"token {os.environ['JUPYTERHUB_API_TOKEN']}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
            return response.status, json.loads(body) if body else {}
    except urllib.error.HTTPError as err:
        return err.code, {}


def _ready(user: str) -> bool:
    status, model = _call("GET", f"/users/{user}")
    server = (model.get("servers") or {}).get("", {})
    return status == 200 and bool(server.get("ready"))


def start_server(user: str, timeout: float = READY_TIMEOUT) -> str:
    """Start ``user``'s server and wait until it answers; returns what happened, for the log."""
    status, _ = _call("POST", f"/users/{user}/server")
    if status == 400:  # already running (or being started by the person's own login)
        return "running"
    if status not in (201, 202):
        return f"refused ({status})"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _ready(user):
            return "started"
        time.sleep(POLL)
    return "still starting"


def start_all(users: list[str], workers: int | None = None) -> dict[str, str]:
    """Start the servers of ``users``, ``workers`` at a time (default: one per core)."""
    workers = max(1, workers or os.cpu_count() or 1)
    began = time.monotonic()
    results = {}
    with ThreadPoolExecutor(workers) as pool:
        for user, outcome in zip(users, pool.map(start_server, users)):
            results[user] = outcome
            print(f"prestart: {user}: {outcome} ({time.monotonic() - began:.0f} s)", file=sys.stderr, flush=True)
    return results


def main() -> None:
    users = json.loads(os.environ["THAMVAN_PRESTART_USERS"])
    start_all(users)
    threading.Event().wait()  # stay: the hub restarts a managed service that exits


if __name__ == "__main__":
    main()
