"""The form of the support-staff training plan (L8, P1.5), with its check, example and files.

A thin view over ``thamvan_lib.training``, built from the same editors as the plan
builder (one input per field, a box per repeated part): the labels are the training's
(``training.field.*``), the roles, methods and kinds of material are drop-downs, and the
skills part is a choice among the rubrics of ``content/roleplay/rubrics.yaml``. Every
change is saved at once in the store (draft kind "training"; text typed where a number
belongs, kind "training:typed"), and the draft comes back when the form is opened again.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from .. import training as domain
from ..documents.training import training_files
from ..errors import KitError
from ..store import Store
from .base import data_link, page_style
from .common import View, esc
from .forms import Editors, FormView

KIND = domain.KIND
SECTIONS: list[tuple[str, list[str]]] = [
    ("general", ["title", "organiser", "parent_body", "number", "symbol", "place", "issued_on",
                 "consultation", "consultation_start", "needs_assessment", "recipients", "signer"]),
    ("participants", ["participants"]),
    ("content", ["content"]),
    ("sessions", ["sessions"]),
    ("movement", ["venues", "moves"]),
    ("materials", ["materials", "convening"]),
]
LONG_FIELDS = {"needs_assessment", "how", "who", "note", "use", "consultation"}
# (class, field) → (slugs, message prefix); the labels are training.<prefix>.<slug>.
CHOICES = {(domain.Participant, "role"): (domain.ROLES, "training.role"),
           (domain.Session, "method"): (domain.METHODS, "training.method"),
           (domain.Material, "kind"): (domain.MATERIAL_KINDS, "training.material")}
TIME_FIELDS = {(domain.Session, "start"), (domain.Session, "end")}


class Rubrics:
    """The skills part: the rubrics to teach, chosen by name, kept as ids."""

    def __init__(self, view: View, label: str, required: bool, on_change: Callable[[], None]):
        self.known = domain.rubrics()
        options = [(f"{r.name.get(view.lang)} ({r.id})", r.id) for r in self.known.values()]
        self.input = w.SelectMultiple(description=label + (" *" if required else ""), options=options,
                                      rows=len(options), style={"description_width": "220px"},
                                      layout=w.Layout(width="100%"))
        hint = w.HTML(f"<span class='muted'>{esc(view.t('training_planner.skills_hint'))}</span>")
        self.widget = w.VBox([self.input, hint], layout=w.Layout(width="100%"))
        self.input.observe(lambda _: on_change(), names="value")

    def get(self, path: str, typed: dict) -> list[str]:
        return list(self.input.value)

    def set(self, value) -> None:
        ids = [v for v in value or []]
        extra = [v for v in ids if v not in self.known]   # keep an id the rubrics lack
        if extra:
            self.input.options = list(self.input.options) + [(v, v) for v in extra]
        self.input.value = tuple(ids)

    def restore_typed(self, path: str, typed: dict) -> None:
        pass

    def find(self, path: str, here: str):
        return self if path == here else None


class TrainingEditors(Editors):
    """The training's labels, drop-downs and long fields; the skills are chosen among the
    rubrics, and the sessions' times get a hint."""

    def __init__(self):
        super().__init__(domain.field_label, CHOICES, LONG_FIELDS)

    def make(self, view: View, owner, tp, name: str, label_path: str, required: bool, on_change):
        if owner is domain.TrainingContent and name == "skills":
            return Rubrics(view, self.field_label(label_path, view.lang), required, on_change)
        editor = super().make(view, owner, tp, name, label_path, required, on_change)
        if (owner, name) in TIME_FIELDS:
            editor.input.placeholder = view.t("training_planner.time_hint")
        return editor


class TrainingPlannerView(FormView):
    """The training plan in tabs: check, example, Word and HTML programme, autosaved draft."""

    kind = KIND
    cls = domain.TrainingPlan
    editors = TrainingEditors()
    example_loaded_key = "training_planner.example_loaded"

    def __init__(self, store: Store | None = None, lang: str | None = None, **kwargs):
        super().__init__(store, lang, **kwargs)
        head = w.HTML(f"<div class='thamvan'><h1>{esc(self.t('training_planner.title'))}</h1>"
                      f"<p class='muted'>{esc(self.t('training_planner.intro'))}</p></div>")
        self._build([*page_style(), head], SECTIONS, "training_planner.section", exports=True)

    def save_draft(self, data: dict) -> None:
        domain.save_draft(self.store, data)

    def validate(self, doc) -> list:
        return domain.validate_training(doc)

    def example(self):
        return domain.load_example()

    def export(self, fmt: str) -> str:
        """A download link (a ``data:`` address) to the programme as Word (``docx``) or HTML (``html``)."""
        try:
            name, data, mime = training_files(self.document(), fmt, self.lang)
        except KitError as err:
            self.downloads.value = f"<p class='thamvan-error'>{esc(err.text(self.lang))}</p>"
            return self.downloads.value
        link = data_link(name, data, mime, self.t("training_planner.download", format=fmt.upper()))
        self.downloads.value = f"<div class='thamvan'><p>{esc(self.t('plan_builder.downloads'))} {link}</p></div>"
        return self.downloads.value
