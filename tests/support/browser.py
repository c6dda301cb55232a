"""Debian's Chromium driven by Playwright, offline: no browser download, no host but the kit's."""

from __future__ import annotations

from urllib.parse import urlparse

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def launch(playwright):
    """Debian's Chromium, started by a ``sync_playwright()`` instance."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def watch(page):
    """Record on the page the host of every request it makes and its console's errors."""
    page.requested_hosts = set()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda err: page.console_errors.append(str(err)))
    page.on("request", lambda r: page.requested_hosts.add(urlparse(r.url).hostname)
            if urlparse(r.url).scheme in ("http", "https", "ws", "wss") else None)
    return page
