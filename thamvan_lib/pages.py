"""Where the kit's pages are, as links between them.

Every notebook and dashboard is served by Voila at ``<base>/voila/render/<path>``, ``path``
under ``notebooks/``; the home page is no notebook but a page of the kit's own
(``<base>/thamvan/home``, ``serving/home_page.py``), so that a person who only looks at it
holds no kernel. Links are relative, so they work under a hub user's ``/user/<name>/`` too.

>>> href("01-chuan-bi.ipynb", "dashboards"), href(HOME_ROUTE, "")
('../01-chuan-bi.ipynb', '../../thamvan/home')
>>> home_href("dashboards"), home_href("")
('../../../thamvan/home', '../../thamvan/home')
>>> step_href("P1.1", "dashboards"), step_href("L10", HOME_ROUTE)
('step.ipynb?step=P1.1', '../voila/render/dashboards/step.ipynb?step=L10')
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote

HOME_ROUTE = "thamvan/home"  # the home page, under the server's base address
STEP_PAGE = "dashboards/step.ipynb"  # one step to work on: its checklist and self-checks
NOTEBOOKS_ROUTE = "voila/render"


def href(target: str, from_dir: str = "") -> str:
    """A relative link from a notebook in ``from_dir`` to ``target`` (both under notebooks/);
    either may be ``HOME_ROUTE``, the home page."""
    if target == HOME_ROUTE:
        return home_href(from_dir)
    if from_dir == HOME_ROUTE:
        return f"../{NOTEBOOKS_ROUTE}/{target}"
    return posixpath.relpath(target, from_dir or ".")


def home_href(from_dir: str = "") -> str:
    """The home page, from a notebook in ``from_dir``: up from ``voila/render/<from_dir>``."""
    depth = 2 + len([part for part in from_dir.split("/") if part])
    return "../" * depth + HOME_ROUTE


def step_href(step_id: str, from_dir: str = "") -> str:
    return f"{href(STEP_PAGE, from_dir)}?step={quote(step_id)}"
