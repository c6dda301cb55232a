"""Shared fixtures: every test gets its own kit home, so no test sees another's progress."""

from __future__ import annotations

import shutil

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
