"""What every view that keeps the learner's work repeats: the store, a quiet time while a
form is filled in by code (``loading``), the status line with its saved / error notes,
autosave, drafts read back under the store's one policy, and the pages' stylesheets.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import ipywidgets as w

from ..errors import KitError
from ..store import DAMAGED_DRAFT, Draft, Store, preferred_language
from .common import View, esc, stylesheet

# The forms' own CSS: labels that wrap, boxes around repeated parts, the error colour.
FORM_CSS = """<style>
.thamvan-form .widget-label { white-space: normal; line-height: 1.3; height: auto; }
.thamvan-form .widget-text, .thamvan-form .widget-textarea, .thamvan-form .widget-dropdown,
.thamvan-form .widget-datepicker { width: 100%; height: auto; }
.thamvan-form .widget-textarea textarea { min-height: 3.2em; }
.thamvan-item { border: 1px solid #dadce0; border-radius: 6px; padding: 4px 8px; margin: 4px 0; }
.thamvan-part { border-left: 3px solid #e8eef8; padding-left: 8px; margin: 4px 0; }
.thamvan-error, .thamvan .thamvan-error { color: #b3261e; }
.thamvan-saved { color: #1e6b32; }
.thamvan-issues li { margin: 2px 0; }
.thamvan-issues li.error b { color: #b3261e; }
.thamvan-issues li.warning b { color: #8a5a00; }
.thamvan-table td, .thamvan-table th { padding: 2px 10px; border-bottom: 1px solid #e0e0e0; text-align: left; }
.thamvan-table td.num, .thamvan-table th.num { text-align: right; }
/* Vietnamese tab titles are long: size each tab to its title instead of cutting it */
.jupyter-widgets.jupyter-widget-tab > .lm-TabBar .lm-TabBar-tab { flex: 0 0 auto; }
</style>"""


def form_style() -> w.HTML:
    """The forms' CSS as a hidden widget (see ``FORM_CSS``)."""
    return w.HTML(FORM_CSS, layout=w.Layout(display="none"))


def page_style() -> list[w.HTML]:
    """The kit's stylesheet and the forms' CSS: the first children of a tool's page."""
    return [stylesheet(), form_style()]


def wide() -> w.Layout:
    """A full-width layout of its own: a Layout shared by many widgets would hide them all
    when one of them is hidden (``layout.display = "none"``)."""
    return w.Layout(width="100%")


def json_object(data) -> dict:
    """A draft that must be a JSON object: anything else is damaged (for ``Store.load_json``)."""
    if not isinstance(data, dict):
        raise TypeError(f"a JSON object was expected, not {type(data).__name__}")
    return data


def data_link(name: str, data: bytes, mime: str, label: str) -> str:
    """A download link that carries the file itself (a ``data:`` address; no network)."""
    encoded = base64.b64encode(data).decode("ascii")
    return (f"<a class='thamvan-download' download='{esc(name)}' "
            f"href='data:{mime};base64,{encoded}'>{esc(label)}</a>")


def saved_note(view: View, key: str = "plan_builder.saved", **values) -> str:
    """"Saved at 14:03:12", for a status line (``key`` is given the ``time`` and ``values``)."""
    time = dt.datetime.now().strftime("%H:%M:%S")
    return f"<span class='thamvan-saved'>{esc(view.t(key, time=time, **values))}</span>"


def error_note(text: str) -> str:
    return f"<span class='thamvan-error'>{esc(text)}</span>"


class StoreView(View):
    """A view of the learner's own work: their store, their language, a status line.

    ``loading()`` marks the time code fills the inputs (restoring a draft, loading an
    example): a change then is not the learner's, so ``changed`` does not save it.
    """

    _loading_depth = 0  # nested ``loading()`` blocks still open

    def __init__(self, store: Store | None = None, lang: str | None = None, **kwargs):
        self.store = store or Store()
        super().__init__(lang=lang or preferred_language(self.store), **kwargs)
        self.status = w.HTML()

    @contextmanager
    def loading(self) -> Iterator[None]:
        self._loading_depth += 1
        try:
            yield
        finally:
            self._loading_depth -= 1

    @property
    def is_loading(self) -> bool:
        return self._loading_depth > 0

    def changed(self, *_) -> None:
        """An input changed: save at once, unless code is filling the form."""
        if not self.is_loading:
            self.save()

    def save(self) -> bool:
        raise NotImplementedError

    def autosave(self, write: Callable[[], object], status: w.HTML | None = None,
                 key: str = "plan_builder.saved") -> bool:
        """Run ``write`` (it saves a draft) and say so on the status line, or why it could not."""
        status = status or self.status
        try:
            write()
        except KitError as err:
            status.value = error_note(err.text(self.lang))
            return False
        status.value = saved_note(self, key)
        return True

    def draft_note(self, draft: Draft, kind: str, restored_key: str = "plan_builder.restored") -> str:
        """What the status line says about a draft read back: restored, set aside as damaged, or nothing."""
        if draft.damaged:
            return error_note(self.t(DAMAGED_DRAFT, kind=kind))
        if draft.value is not None:
            return f"<span class='thamvan-saved'>{esc(self.t(restored_key))}</span>"
        return ""
