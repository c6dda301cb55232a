"""Small pieces every view shares: escaping, links and the kit's stylesheet."""

from __future__ import annotations

import html
import os
import signal
import sys
import threading
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs

import ipywidgets as w

from ..content import Content, language, load
from .notices import problem_box


def esc(text: str) -> str:
    return html.escape(text, quote=True)


@cache
def _css() -> str:
    return (Path(__file__).with_name("style.css")).read_text(encoding="utf-8")


# The pages' stylesheets, newest last: where a failing button shows its notice (_action_failed).
_stylesheets: list[w.HTML] = []


def stylesheet() -> w.HTML:
    """The kit's CSS as a widget, so it works in Voila and in JupyterLab alike."""
    sheet = w.HTML(f"<style>{_css()}</style>", layout=w.Layout(display="none"))
    _stylesheets.append(sheet)
    return sheet


def query_parameter(name: str) -> str | None:
    """A parameter of the page's address (``?step=P1.1``) when Voila serves the notebook.

    Voila puts the query string in ``QUERY_STRING``: in the kernel's environment for a
    cold kernel, and after ``wait_for_visitor()`` for a preheated one.
    """
    values = parse_qs(os.environ.get("QUERY_STRING", "").lstrip("?")).get(name)
    return values[0].strip() if values else None


class View:
    """Base of the kit's views: content, language and the widget to display."""

    widget: w.Widget

    def __init__(self, content: Content | None = None, lang: str | None = None):
        self.content = content or load()
        self.lang = lang or language()

    def t(self, key: str, **values) -> str:
        return self.content.message(key, self.lang, **values)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def wait_for_visitor() -> None:
    """In a preheated Voila kernel, wait here until a person opens the page.

    Everything above this call (imports, loading content) is done ahead of
    time; everything below reads the learner's saved state when they arrive.
    Outside Voila's preheating this returns at once. In a Voila kernel, the
    page's time limit starts here (``limit_cell_time``).
    """
    if os.environ.get("VOILA_PREHEAT") == "True":
        _wait_for_request()
    limit_cell_time()
    notify_failed_actions()


def _wait_for_request() -> None:
    """Voila's ``voila.utils.wait_for_request`` without importing ``voila.utils``: its imports
    (Jupyter's server and Lab's) cost 2 s of CPU in every preheated kernel, that is for every
    visitor of a preheated page. The kernel waits on Voila's query socket for the visitor's
    request and takes its variables (``QUERY_STRING`` …) into its environment."""
    import asyncio
    import json

    from websockets.asyncio.client import connect

    env = os.environ
    base = env.get("VOILA_WS_BASE_URL") or env.get("VOILA_SERVER_URL", "/")
    url = (f"{env.get('VOILA_WS_PROTOCOL', 'ws')}://{env.get('VOILA_APP_IP', '127.0.0.1')}:"
           f"{env.get('VOILA_APP_PORT', '8866')}{base}voila/query/{env.get('VOILA_KERNEL_ID')}")
    received: list[str] = []

    async def receive():
        async with connect(url, open_timeout=5) as socket:
            received.append(await socket.recv())

    def run():  # in a thread of its own: the kernel's event loop is already running
        try:
            asyncio.run(receive())
        except (OSError, TimeoutError) as err:  # as Voila: the page opens without the request
            print(f"thamvan: no request from Voila ({err})", file=sys.__stderr__)  # the server's log

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    for key, value in json.loads(received[0] if received else "{}").items():
        os.environ[key] = value


# --- the execution time limit of a page, in Voila's kernels -------------------------------

class TimeLimitExceeded(BaseException):
    """A page's cell ran past the kit's limit (not an ``Exception``: no ``except Exception``
    in a view may swallow it)."""


class CallbackTimeLimitExceeded(Exception):
    """A button's or a field's callback ran past the kit's limit. An ``Exception``: the
    kernel's message loop must go on, and the widget's own handler shows the kit's notice."""


def _time_limit() -> int:
    """Seconds a cell of a page may run: ``THAMVAN_TIME_LIMIT`` in a kernel Voila started
    (``VOILA_BASE_URL`` is set), else 0, no limit (JupyterLab, tests, scripts)."""
    if "VOILA_BASE_URL" not in os.environ or not hasattr(signal, "SIGALRM"):
        return 0
    try:
        return max(int(os.environ.get("THAMVAN_TIME_LIMIT", "0")), 0)
    except ValueError:
        return 0


def limit_cell_time() -> None:
    """Stop this page's cells after ``_time_limit()`` seconds, from now on.

    Voila's own cell timeout cannot be used: it would count the time a preheated kernel
    waits for its visitor, so this limit starts when ``wait_for_visitor`` returns. The
    learner sees the kit's friendly notice; the traceback goes to the server's log only."""
    seconds = _time_limit()
    if not seconds or threading.current_thread() is not threading.main_thread():
        return  # signals are the main thread's only
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    if not getattr(shell, "_thamvan_time_limit", False):
        in_callback = [False]

        def expired(signum, frame):
            raise (CallbackTimeLimitExceeded if in_callback[0] else TimeLimitExceeded)(seconds)

        signal.signal(signal.SIGALRM, expired)
        shell.events.register("pre_run_cell", lambda info: signal.alarm(seconds))
        shell.events.register("post_run_cell", lambda result: signal.alarm(0))
        shell.set_custom_exc((TimeLimitExceeded,), _time_limit_notice)
        _limit_callbacks(getattr(shell, "kernel", None), seconds, in_callback)
        shell._thamvan_time_limit = True
    signal.alarm(seconds)  # the cell running now


def _limit_callbacks(kernel, seconds: int, in_callback: list[bool]) -> None:
    """The same limit for what a click or a typed value runs: widget messages (``comm_msg``)
    are handled outside any cell, so a callback in an endless loop held the kernel for ever."""
    handler = getattr(kernel, "shell_handlers", {}).get("comm_msg")
    if handler is None:
        return

    def limited(*args, **kwargs):
        in_callback[0] = True
        signal.alarm(seconds)
        try:
            return handler(*args, **kwargs)
        finally:
            signal.alarm(0)
            in_callback[0] = False

    kernel.shell_handlers["comm_msg"] = limited


def _time_limit_notice(shell, etype, value, tb, tb_offset=None):
    from IPython.display import HTML, display

    log = getattr(getattr(shell, "kernel", None), "log", None)
    if log is not None:  # the kernel's log is the server's, never the page
        log.error("A cell ran past the time limit of %s s", value, exc_info=(etype, value, tb))
    display(HTML(problem_box("time_limit")))
    return None  # no traceback for the page; the cell still counts as failed


# --- a button or field whose callback fails, in Voila's kernels ----------------------------

def notify_failed_actions() -> None:
    """In a kernel Voila started, a callback that raises shows the kit's notice on the page.

    ipywidgets hands a failing callback (a click, a changed value) to the shell's
    ``showtraceback``, whose output Voila drops: the trainee would click and see nothing.
    Here the traceback goes to the server's log and the page's stylesheet widget shows the
    friendly notice. Errors of the page's own cells keep Voila's path (the template's notice)."""
    if "VOILA_BASE_URL" not in os.environ:
        return
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or getattr(shell, "_thamvan_failed_actions", False):
        return
    in_cell = [True]  # called from a page's cell: its own errors are the cell's
    shell.events.register("pre_run_cell", lambda info: in_cell.__setitem__(0, True))
    shell.events.register("post_run_cell", lambda result: in_cell.__setitem__(0, False))
    cell_traceback = shell.showtraceback

    def showtraceback(*args, **kwargs):
        if in_cell[0] or not _stylesheets:
            return cell_traceback(*args, **kwargs)
        _action_failed(shell)

    shell.showtraceback = showtraceback
    shell._thamvan_failed_actions = True


def _action_failed(shell) -> None:
    log = getattr(getattr(shell, "kernel", None), "log", None)
    if log is not None:
        log.error("A widget callback failed", exc_info=True)
    sheet = _stylesheets[-1]
    failures = getattr(sheet, "_thamvan_failures", 0) + 1
    sheet._thamvan_failures = failures  # a new value each time: a closed notice comes back
    sheet.value = (f"<style>{_css()}</style><!-- {failures} -->"
                   + problem_box("action", closable=True))
    sheet.layout.display = None
