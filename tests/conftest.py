"""Shared fixtures: every test gets its own kit home, so no test sees another's progress."""

from __future__ import annotations

import os
import shutil
import signal
import time
import uuid
from pathlib import Path

import pytest

from tests.support.browser import launch
from tests.support.processes import SESSION_MARK, leftover_processes
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
    monkeypatch.delenv("THAMVAN_ROLE", raising=False)  # a trainee unless a test says otherwise
    return home


@pytest.fixture(scope="session")
def browser():
    """One Debian Chromium for every browser test of the run (tests/browser, tests/hub).

    Started at its first use, before later tests (nbclient, nbgrader) leave an asyncio
    loop behind, under which Playwright's sync API refuses to start."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def co_mau_class(tmp_path_factory):
    """The small ``co-mau`` class (``CO_MAU_CLASS``) released, handed in and autograded once
    per run, for the tests that only read its results; copy it (``copy_class``) to change it."""
    from tests.support.course import graded_class

    return graded_class(tmp_path_factory.mktemp("co-mau-class"), workers=2)


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


def pytest_configure(config):
    os.environ[SESSION_MARK] = uuid.uuid4().hex


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


# The quick report of conference 1 and the synthesis, for the domain's and the documents'
# report tests.

@pytest.fixture(scope="module")
def conference():
    from thamvan_lib.minutes import load_conference

    return load_conference(1)


@pytest.fixture(scope="module")
def quick(conference):
    from thamvan_lib.reports import quick_report

    return quick_report(*conference)


@pytest.fixture(scope="module")
def synthesis():
    from thamvan_lib.reports import synthesis_from_folder

    return synthesis_from_folder()
