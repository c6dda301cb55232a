"""A real workshop JupyterHub on 127.0.0.1 (free ports), stopped with everything it started."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

from tests.support.processes import free_port
from thamvan_lib.serving import accounts, hub

CLASS = {
    "course_id": "thamvan",
    "trainer": {"username": "giang-vien", "name": "Nguyễn Thị Hương"},
    "trainees": [{"username": "hv-an", "name": "Trần Văn An"},
                 {"username": "hv-binh", "name": "Lê Thị Bình"}],
}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def reachable_folder() -> Path:
    """A temporary folder the class's accounts can pass through (pytest's own are root's only)."""
    folder = Path(tempfile.mkdtemp(prefix="thamvan-hub-", dir="/tmp"))
    os.chmod(folder, 0o711)
    return folder


class Hub:
    """``jupyterhub -f deploy/jupyterhub_config.py`` for a temporary workshop, run as root with
    accounts of a prefix of its own, all removed by ``stop``."""

    running: set = set()  # the hubs whose logs a failing test reports

    def __init__(self, folder: Path | None = None, class_data: dict = CLASS, timeout: float = 120,
                 env: dict | None = None):
        import yaml

        folder = folder or reachable_folder()
        self.folder = folder
        self.prefix = f"tv{os.urandom(3).hex()}-"
        self.people = [class_data["trainer"]["username"], *(t["username"] for t in class_data["trainees"])]
        self.workshop = folder / "workshop"
        self.class_list = folder / "class.yaml"
        self.class_list.write_text(yaml.safe_dump(class_data, allow_unicode=True), encoding="utf-8")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = "thamvan-test-" + os.urandom(16).hex()
        env = dict(os.environ, THAMVAN_CLASS=str(self.class_list), THAMVAN_WORKSHOP=str(self.workshop),
                   THAMVAN_HUB_PORT=str(self.port), THAMVAN_HUB_INTERNAL_PORT=str(free_port()),
                   THAMVAN_PROXY_API_PORT=str(free_port()), THAMVAN_HUB_API_TOKEN=self.token,
                   THAMVAN_ACCOUNT_PREFIX=self.prefix,
                   # tests start servers themselves unless they test the start beforehand
                   **{hub.PRESTART_VARIABLE: "0", **(env or {})},
                   PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
        self.workshop.mkdir(parents=True)
        self.log = open(folder / "jupyterhub.log", "w+", encoding="utf-8")
        started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(hub.config_file())],
            cwd=self.workshop, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self._wait(lambda: requests.get(f"{self.url}/hub/api/", timeout=2).ok, timeout, "start")
        except BaseException:
            self.stop()
            raise
        self.start_seconds = time.monotonic() - started
        Hub.running.add(self)
        self.passwords = hub.read_passwords(self.workshop)
        self.state = self.workshop / "hub"

    def account(self, user: str) -> str:
        return self.prefix + user

    def _wait(self, ready, timeout: float, what: str):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterHub exited during {what}:\n{self.output()}")
            try:
                if ready():
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"JupyterHub {what} took more than {timeout} s:\n{self.output()[-5000:]}")

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    # --- the REST API with the admin service's token -----------------------------

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"token {self.token}"}
        return requests.request(method, f"{self.url}/hub/api{path}", headers=headers, timeout=30, **kwargs)

    def spawn(self, *users: str, timeout: float = 180) -> float:
        """Start the users' servers at once; return the seconds until all answer."""
        started = time.monotonic()
        for user in users:
            response = self.api("POST", f"/users/{user}/server")
            assert response.status_code in (201, 202), response.text + self.output()[-3000:]
        def ready():
            models = [self.api("GET", f"/users/{u}").json() for u in users]
            return all(m["servers"].get("", {}).get("ready") for m in models)
        self._wait(ready, timeout, f"spawn of {users}")
        return time.monotonic() - started

    def user_token(self, user: str) -> str:
        response = self.api("POST", f"/users/{user}/tokens", json={"note": "test", "expires_in": 3600})
        assert response.status_code == 201, response.text
        return response.json()["token"]

    def login(self, user: str, password: str | None = None) -> requests.Session:
        """A browser-like session: the login form, with its XSRF field, then the hub's cookie."""
        session = requests.Session()
        page = session.get(f"{self.url}/hub/login", timeout=30)
        xsrf = re.search(r'name="_xsrf"\s+value="([^"]+)"', page.text)
        data = {"username": user, "password": self.passwords[user] if password is None else password}
        if xsrf:
            data["_xsrf"] = xsrf.group(1)
        session.login_response = session.post(f"{self.url}/hub/login?next=", data=data, timeout=60,
                                              allow_redirects=False)
        return session

    # --- stopping ------------------------------------------------------------------

    def _server_pids(self) -> list[int]:
        try:
            with sqlite3.connect(self.workshop / "hub" / "jupyterhub.sqlite") as db:
                states = [row[0] for row in db.execute("SELECT state FROM spawners")]
        except sqlite3.Error:
            return []
        pids = []
        for state in states:
            try:
                pid = json.loads(state or "{}").get("pid")
            except (TypeError, ValueError):
                pid = None
            if pid:
                pids.append(int(pid))
        return pids

    def stop(self):
        Hub.running.discard(self)
        pids = self._server_pids()
        proxy = self.workshop / "hub" / "proxy.pid"
        if proxy.exists():
            pids.append(int(proxy.read_text().strip() or 0))
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the hub stops user servers and the proxy
            try:
                self.process.wait(45)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        for pid in pids:  # whatever the hub could not stop, by the ids it recorded
            if pid and _alive(pid):
                os.kill(pid, signal.SIGKILL)
        self.log.close()
        for user in self.people:  # the machine is left as it was
            accounts.remove_account(self.account(user))
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing hub test reports the end of each running hub's log (the user servers write
    there too): the only trace of what a server did once its workshop is removed."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        for running in list(Hub.running):
            report.sections.append(("JupyterHub log, last 12,000 characters", running.output()[-12_000:]))


@pytest.fixture(scope="module")
def workshop_hub():
    hub_ = Hub()
    try:
        yield hub_
    finally:
        hub_.stop()
