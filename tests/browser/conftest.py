"""Fixtures for a real kit server (``thamvan start``) and pages of Debian's Chromium."""

from __future__ import annotations

import pytest

from tests.support.browser import watch
from tests.support.servers import KitServer


@pytest.fixture
def kit_server(kit_home):
    server = KitServer(kit_home)
    yield server
    server.stop()


@pytest.fixture
def page(browser):
    """A fresh page that records the host of every request it makes, and its console's errors."""
    context = browser.new_context(locale="vi-VN")
    yield watch(context.new_page())
    context.close()
