"""Shared fixtures: every test gets its own kit home, so no test sees another's progress."""

from __future__ import annotations

import os
import shutil
import signal
import time
import uuid
from pathlib import Path

import pytest

from thamvan_lib import content as content_module
from thamvan_lib.store import Store


@pytest.fixture(autouse=True)
def kit_home(tmp_path, monkeypatch):
    home = tmp_path / "kit-home"
    monkeypatch.setenv("THAMVAN_HOME", str(home))
    monkeypatch.setenv("THAMVAN_LEARNER", "hoc-vien-1")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.delenv("THAMVAN_LANG", raising=False)
    monkeypatch.delenv("THAMVAN_CONTENT", raising=False)
    return home


@pytest.fixture(scope="session")
def browser():
    """One Debian Chromium for every browser test of the run (tests/browser, tests/hub).

    Started at its first use, before later tests (nbclient, nbgrader) leave an asyncio
    loop behind, under which Playwright's sync API refuses to start."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def store(kit_home):
    return Store()


@pytest.fixture
def content():
    return content_module.load()


@pytest.fixture
def content_copy(tmp_path):
    """A copy of the content folder a test may break."""
    target = tmp_path / "content"
    shutil.copytree(content_module.PACKAGE_CONTENT, target)
    return target


# Every process a test starts inherits this mark, so the run can find the ones a test left
# behind (a server outliving its test keeps a CI job from ever finishing).
SESSION_MARK = "THAMVAN_TEST_SESSION"
HELPERS = ("multiprocessing.forkserver", "multiprocessing.resource_tracker")


def pytest_configure(config):
    os.environ[SESSION_MARK] = uuid.uuid4().hex


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


def pytest_sessionfinish(session, exitstatus):
    """Fail the run if a test left a process running, after stopping it."""
    mark = os.environ.get(SESSION_MARK)
    if not mark or not Path("/proc").is_dir():
        return
    deadline = time.monotonic() + 10  # give servers being stopped time to go
    while (leftovers := leftover_processes(mark)) and time.monotonic() < deadline:
        time.sleep(0.5)
    for pid in leftovers:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    if leftovers:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        lines = "\n".join(f"  {pid}: {command[:160]}" for pid, command in leftovers.items())
        if reporter:
            reporter.write_line(f"\nProcesses left running by the tests (now killed):\n{lines}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
