"""Any outline as one self-contained HTML page, drawn by the Jinja2 template
``templates/documents/page.html.j2`` (every value escaped).

One file with its style inline: no web fonts, no CDN, no link to anything, so the page
opens offline, prints on A4 and can be attached to an e-mail as it is. A figure is its
PNG inline (``data:image/png;base64,…``).

>>> from .outline import Outline, Para
>>> page = render(Outline("vi", "BẢNG", "<Thử>", [Para("a & b")]))
>>> "<p>a &amp; b</p>" in page, "&lt;Thử&gt;" in page, "http" in page
(True, True, False)
"""

from __future__ import annotations

import base64
from functools import cache

import jinja2

from .outline import Outline


def png_source(png: bytes) -> str:
    """A PNG as the source of an ``<img>``: the picture itself, no file beside the page."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("thamvan_lib", "templates/documents"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    env.filters["png_source"] = png_source
    return env


def template(name: str) -> jinja2.Template:
    """One of the kit's page templates (``templates/documents/<name>``), compiled once."""
    return _environment().get_template(name)


def render_template(name: str, **values) -> str:
    """Any of the kit's page templates, every value escaped."""
    return template(name).render(**values)


def render(outline: Outline) -> str:
    """The outline as one self-contained HTML page."""
    return _environment().get_template("page.html.j2").render(outline=outline)
