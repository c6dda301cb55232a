"""One step's page (``dashboards/step.ipynb?step=P1.1``): its details, the tasks to tick, the
self-checks, and the way back to the home page. The home page lists the steps; working on
one needs a kernel, which only this page starts."""

from __future__ import annotations

import ipywidgets as w

from ..pages import STEP_PAGE, home_href
from ..store import Store
from .base import StoreView
from .common import esc, query_parameter, stylesheet
from .step import StepView

STEP_DIR = STEP_PAGE.rpartition("/")[0]


class StepPage(StoreView):
    """The step ``step_id``, else the one in the page's address (``?step=``)."""

    def __init__(self, step_id: str | None = None, store: Store | None = None, lang: str | None = None,
                 **kwargs):
        super().__init__(store, lang, **kwargs)
        step_id = step_id or query_parameter("step") or ""
        back = w.HTML(f"<p class='thamvan'><a href='{esc(home_href(STEP_DIR))}'>{esc(self.t('step.back_home'))}</a></p>")
        self.step_view: StepView | None = None
        if step_id in self.content.steps:
            self.step_view = StepView(self.content.steps[step_id], self.store, from_dir=STEP_DIR,
                                      content=self.content, lang=self.lang)
            body = self.step_view.widget
        else:
            body = w.HTML(f"<p class='thamvan' role='alert'><b>{esc(self.t('step.unknown', step=step_id[:20]))}</b></p>")
        self.widget = w.VBox([stylesheet(), back, body], layout=w.Layout(width="100%"))
        self.widget.add_class("thamvan")
