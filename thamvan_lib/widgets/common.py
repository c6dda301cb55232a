"""Small pieces every view shares: escaping, links and the kit's stylesheet."""

from __future__ import annotations

import html
import os
import posixpath
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs

import ipywidgets as w

from ..content import LANGUAGES, Content, language, load
from ..store import Store

LANGUAGE_SETTING = "lang"  # the learner's choice of language, in the store's settings


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def href(target: str, from_dir: str = "") -> str:
    """A relative link from a notebook in ``from_dir`` to ``target`` (both under notebooks/).

    >>> href("dashboards/home.ipynb", "")
    'dashboards/home.ipynb'
    >>> href("01-chuan-bi.ipynb", "dashboards")
    '../01-chuan-bi.ipynb'
    """
    return posixpath.relpath(target, from_dir or ".")


@cache
def _css() -> str:
    return (Path(__file__).with_name("style.css")).read_text(encoding="utf-8")


def stylesheet() -> w.HTML:
    """The kit's CSS as a widget, so it works in Voila and in JupyterLab alike."""
    return w.HTML(f"<style>{_css()}</style>", layout=w.Layout(display="none"))


def preferred_language(store: Store | None = None) -> str:
    """The language the learner chose on the home dashboard, else ``THAMVAN_LANG``'s.

    Without a ``store``, the current learner's is read.
    """
    chosen = (store or Store()).get_setting(LANGUAGE_SETTING)
    return chosen if chosen in LANGUAGES else language()


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
    Outside Voila's preheating this returns at once, without importing
    ``voila.utils`` (3 s of imports a cold page would wait for).
    """
    if os.environ.get("VOILA_PREHEAT") != "True":
        return
    try:
        from voila.utils import wait_for_request
    except ImportError:
        return
    wait_for_request()
