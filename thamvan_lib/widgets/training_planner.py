"""The form of the support-staff training plan (L8, P1.5), with its check, example and files.

A thin view over ``thamvan_lib.training``, built from the same editors as the plan
builder (one input per field, a box per repeated part): the labels are the training's
(``training.field.*``), the roles, methods and kinds of material are drop-downs, and the
skills part is a choice among the rubrics of ``content/roleplay/rubrics.yaml``. Every
change is saved at once in the store (draft kind "training"; text typed where a number
belongs, kind "training:typed"), and the draft comes back when the form is opened again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Callable

import ipywidgets as w

from .. import training as domain
from ..documents.training import training_files
from ..errors import KitError
from ..records import plain
from ..store import Store
from . import plan_builder as pb
from .common import View, esc, preferred_language, stylesheet

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


class _Rubrics:
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


class _Part(pb._Part):
    def __init__(self, view: View, cls, label_path: str, on_change: Callable[[], None]):
        self.cls = cls
        hints = typing.get_type_hints(cls)
        self.editors = {}
        for f in dataclasses.fields(cls):
            self.editors[f.name] = _editor(view, cls, hints[f.name], f.name, pb._join(label_path, f.name),
                                           bool(f.metadata.get("required")), on_change)
        self.widget = w.VBox([e.widget for e in self.editors.values()], layout=w.Layout(width="100%"))


class _Nested(pb._Nested):
    def __init__(self, view, cls, label_path, label, required, on_change):
        _Part.__init__(self, view, cls, label_path, on_change)
        heading = w.HTML(f"<h4>{esc(label)}{' *' if required else ''}</h4>")
        self.widget = w.VBox([heading, w.VBox(self.widget.children, layout=w.Layout(width="100%"))],
                             layout=w.Layout(width="100%"))
        self.widget.add_class("thamvan-part")


class _List(pb._List):
    def add(self, data: dict | None = None) -> _Part:
        item = _Part(self.view, self.item_cls, self.label_path, self.on_change)
        item.set(data or plain(self.item_cls()))
        self.items.append(item)
        self._draw()
        return item

    def set(self, data) -> None:
        self.items = []
        for value in data or []:
            item = _Part(self.view, self.item_cls, self.label_path, self.on_change)
            item.set(value)
            self.items.append(item)
        self._draw()


def _editor(view: View, owner, tp, name: str, label_path: str, required: bool, on_change):
    label = domain.field_label(label_path, view.lang)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        tp = next(a for a in args if a is not type(None))
        origin, args = typing.get_origin(tp), typing.get_args(tp)
    if owner is domain.TrainingContent and name == "skills":
        return _Rubrics(view, label, required, on_change)
    if origin is list:
        if dataclasses.is_dataclass(args[0]):
            return _List(view, args[0], label_path, label, required, on_change)
        return pb._Scalar(view, "lines", name, label, required, on_change)
    if dataclasses.is_dataclass(tp):
        return _Nested(view, tp, label_path, label, required, on_change)
    if (owner, name) in CHOICES:
        choices, prefix = CHOICES[(owner, name)]
        return pb._Scalar(view, "choice", name, label, required, on_change, choices, prefix)
    kind = {int: "int", float: "float", bool: "bool", dt.date: "date"}.get(tp)
    if kind is None:
        kind = "long" if name in LONG_FIELDS else "text"
    editor = pb._Scalar(view, kind, name, label, required, on_change)
    if (owner, name) in TIME_FIELDS:
        editor.input.placeholder = view.t("training_planner.time_hint")
    return editor


class TrainingPlannerView(pb.FormView):
    """The training plan in tabs: check, example, Word and HTML programme, autosaved draft."""

    kind = KIND
    cls = domain.TrainingPlan
    example_loaded_key = "training_planner.example_loaded"

    def __init__(self, store: Store | None = None, lang: str | None = None, **kwargs):
        self.store = store or Store()
        super().__init__(lang=lang or preferred_language(self.store), **kwargs)
        self._loading = True
        self.form = _Part(self, domain.TrainingPlan, "", self._changed)
        head = w.HTML(f"<div class='thamvan'><h1>{esc(self.t('training_planner.title'))}</h1>"
                      f"<p class='muted'>{esc(self.t('training_planner.intro'))}</p></div>")
        self._build([stylesheet(), pb.form_style(), head], SECTIONS, "training_planner.section", exports=True)

    def load_draft(self):
        return domain.load_draft(self.store)

    def save_draft(self, data: dict) -> None:
        domain.save_draft(self.store, data)

    def validate(self, doc) -> list:
        return domain.validate_training(doc)

    def example(self):
        return domain.load_example()

    def field_label(self, path: str) -> str:
        return domain.field_label(path, self.lang)

    def export(self, fmt: str) -> str:
        """A download link (a ``data:`` address) to the programme as Word (``docx``) or HTML (``html``)."""
        try:
            name, data, mime = training_files(self.document(), fmt, self.lang)
        except KitError as err:
            self.downloads.value = f"<p class='thamvan-error'>{esc(err.text(self.lang))}</p>"
            return self.downloads.value
        link = pb.data_link(name, data, mime, self.t("training_planner.download", format=fmt.upper()))
        self.downloads.value = f"<div class='thamvan'><p>{esc(self.t('plan_builder.downloads'))} {link}</p></div>"
        return self.downloads.value
