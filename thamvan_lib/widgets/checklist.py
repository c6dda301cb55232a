"""A step's checklist whose ticks are saved at once."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from ..schema import Step
from ..store import Store
from .common import View, esc


class ChecklistView(View):
    def __init__(self, step: Step, store: Store, on_change: Callable[[], None] | None = None,
                 **kwargs):
        super().__init__(**kwargs)
        self.step, self.store, self.on_change = step, store, on_change
        done = {item for _, item in store.done_items(step.id)}
        self.boxes = {}
        for item in step.checklist:
            box = w.Checkbox(value=item.id in done, description=item.text.get(self.lang),
                             indent=False, layout=w.Layout(width="100%"))
            box.observe(lambda change, item_id=item.id: self._save(item_id, change["new"]),
                        names="value")
            self.boxes[item.id] = box
        self.status = w.HTML()
        self.widget = w.VBox(
            [w.HTML(f"<h3>{esc(self.t('step.checklist'))}</h3>"), *self.boxes.values(), self.status],
            layout=w.Layout(width="100%"))
        self.widget.add_class("thamvan").add_class("thamvan-checklist")

    def _save(self, item_id: str, done: bool) -> None:
        try:
            self.store.set_done(self.step.id, item_id, done)
            self.status.value = ""
        except Exception as err:  # a locked or read-only file must not lose the tick silently
            self.status.value = f"<b style='color:#b3261e'>{esc(self.t('error.save_failed', reason=str(err)))}</b>"
            return
        if self.on_change:
            self.on_change()
