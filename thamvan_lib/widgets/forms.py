"""The generic form of a document: one input per field of its dataclasses, a box per
repeated part, its check, its example, its files and its autosaved draft.

``Editors`` says how a document's fields become inputs (their labels, which are
drop-downs, which take several sentences); ``FormView`` is the page around them. The plan
builder and the training planner are ``FormView`` subclasses. A number field takes what
people type ("9.400", "0,05", "5%"); text that is not a number is shown with a message
next to the field and kept, as typed, beside the draft (``<kind>:typed`` in the store).

The smaller pieces (``text_input``, ``Row``, ``issues_html``, ``lines``) serve the
hand-drawn forms of the phase dashboards.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import types
import typing
from collections.abc import Callable

import ipywidgets as w

from ..errors import KitError
from ..store import Draft
from .base import StoreView, wide
from .common import View, esc

LABELS = {"description_width": "220px"}  # the width of every form's labels

# --- numbers as people type them ---------------------------------------------------

_GROUPED = re.compile(r"[+-]?\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*")


def parse_number(text: str, whole: bool) -> int | float | None:
    """A number typed in a box: "9.400", "9 400" and "9400" are 9400; "0,05", "0.05" and "5%"
    are 0.05. Empty is None; anything else raises ``ValueError``.

    >>> parse_number("9.400", True), parse_number("0,05", False), parse_number("5%", False)
    (9400, 0.05, 0.05)
    """
    s = text.strip().replace("\u00a0", " ")
    if not s:
        return None
    if whole:
        if _GROUPED.fullmatch(s):
            s = re.sub(r"[.,\s]", "", s)
        if not re.fullmatch(r"[+-]?\d+", s):
            raise ValueError(text)
        return int(s)
    percent = s.endswith("%")
    s = s.rstrip("%").strip().replace(" ", "")
    if "," in s and "." not in s:
        s = s.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", s):
        raise ValueError(text)
    value = float(s)
    if not math.isfinite(value):
        raise ValueError(text)
    return value / 100 if percent else value


def number_text(value) -> str:
    """A number for a box, the way it is read back by ``parse_number``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) >= 1:
        value = int(value)
    return str(value)



def join_path(path: str, name) -> str:
    """A field path one level down: ``join_path("tools", 2)`` is "tools[2]", ``join_path("", "name")`` "name"."""
    if isinstance(name, int):
        return f"{path}[{name}]"
    return f"{path}.{name}" if path else str(name)



# --- editors: one per field, drawn from the dataclasses ------------------------------

class Scalar:
    """One input: text, lines, a number, a date, yes/no or a choice among slugs."""

    def __init__(self, view: View, kind: str, name: str, label: str, required: bool,
                 on_change: Callable[[], None], choices: tuple = (), prefix: str = ""):
        self.view, self.kind, self.name = view, kind, name
        description = label + (" *" if required else "")
        layout = w.Layout(width="100%")
        style = LABELS
        if kind == "bool":
            self.input = w.Checkbox(description=label, indent=False, layout=layout)
        elif kind == "date":
            self.input = w.DatePicker(description=description, style=style, layout=layout)
        elif kind == "choice":
            options = [(view.t("plan_builder.choose"), "")]
            options += [(view.content.message(f"{prefix}.{c}", view.lang), c) for c in choices]
            self.input = w.Dropdown(description=description, options=options, value="",
                                    style=style, layout=layout)
        elif kind in ("long", "lines", "allocation"):
            placeholder = {"lines": view.t("plan_builder.one_per_line"),
                           "allocation": view.t("plan_builder.allocation_hint")}.get(kind, "")
            self.input = w.Textarea(description=description, placeholder=placeholder, rows=3,
                                    continuous_update=True, style=style, layout=layout)
        else:
            placeholder = {"int": view.t("plan_builder.number_hint"),
                           "float": view.t("plan_builder.decimal_hint")}.get(kind, "")
            self.input = w.Text(description=description, placeholder=placeholder,
                                continuous_update=True, style=style, layout=layout)
        self.error = w.HTML()
        self.widget = w.VBox([self.input, self.error], layout=w.Layout(width="100%"))

        def changed(_):
            self.problem()
            on_change()

        self.input.observe(changed, names="value")

    def _parse(self):
        """The value for the document; ``ValueError`` when the typed text is not usable."""
        value = self.input.value
        if self.kind in ("int", "float"):
            return parse_number(value, self.kind == "int")
        if self.kind == "lines":
            return [line.strip() for line in value.splitlines() if line.strip()]
        if self.kind == "allocation":
            shares = {}
            for line in value.splitlines():
                if not line.strip():
                    continue
                name, sep, number = line.rpartition(":")
                if not sep or not name.strip():
                    raise ValueError(line)
                shares[name.strip()] = parse_number(number, True)
                if shares[name.strip()] is None:
                    raise ValueError(line)
            return shares
        if self.kind == "date":
            return value.isoformat() if value else None
        return value

    def problem(self) -> str | None:
        """Show (next to the field) and return why the typed text is not usable, if it is not."""
        try:
            self._parse()
        except ValueError:
            key = {"int": "plan_builder.error.not_whole", "float": "plan_builder.error.not_a_number",
                   "allocation": "plan_builder.error.allocation"}[self.kind]
            message = self.view.t(key, value=str(self.input.value).strip())
            self.error.value = f"<span class='thamvan-error'>⚠ {esc(message)}</span>"
            return message
        self.error.value = ""
        return None

    def get(self, path: str, typed: dict):
        try:
            return self._parse()
        except ValueError:
            typed[path] = self.input.value
            return {} if self.kind == "allocation" else None

    def set(self, value) -> None:
        if self.kind == "bool":
            self.input.value = bool(value)
        elif self.kind == "date":
            self.input.value = dt.date.fromisoformat(value) if value else None
        elif self.kind == "choice":
            value = value or ""
            if value not in [v for _, v in self.input.options]:  # keep a value the list lacks
                self.input.options = list(self.input.options) + [(value, value)]
            self.input.value = value
        elif self.kind == "lines":
            self.input.value = "\n".join(value or [])
        elif self.kind == "allocation":
            self.input.value = "\n".join(f"{k}: {v}" for k, v in (value or {}).items())
        elif self.kind in ("int", "float"):
            self.input.value = number_text(value)
        else:
            self.input.value = value or ""

    def restore_typed(self, path: str, typed: dict) -> None:
        if path in typed and isinstance(typed[path], str):
            self.input.value = typed[path]

    def find(self, path: str, here: str):
        return self if path == here else None


class Part:
    """The fields of one dataclass (a document, or a part such as a tool or a commune)."""

    def __init__(self, view: View, cls, label_path: str, on_change: Callable[[], None], editors: Editors):
        self.cls = cls
        hints = typing.get_type_hints(cls)
        self.editors: dict[str, object] = {}
        for f in dataclasses.fields(cls):
            self.editors[f.name] = editors.make(view, cls, hints[f.name], f.name, join_path(label_path, f.name),
                                                bool(f.metadata.get("required")), on_change)
        self.widget = w.VBox([e.widget for e in self.editors.values()], layout=w.Layout(width="100%"))

    def get(self, path: str, typed: dict) -> dict:
        return {name: e.get(join_path(path, name), typed) for name, e in self.editors.items()}

    def set(self, data: dict) -> None:
        for name, e in self.editors.items():
            e.set(data.get(name))

    def restore_typed(self, path: str, typed: dict) -> None:
        for name, e in self.editors.items():
            e.restore_typed(join_path(path, name), typed)

    def find(self, path: str, here: str):
        for name, e in self.editors.items():
            found = e.find(path, join_path(here, name))
            if found:
                return found
        return None


class Nested(Part):
    """A part shown under its own heading (reliability, communication, budget, signer)."""

    def __init__(self, view, cls, label_path, label, required, on_change, editors: Editors):
        super().__init__(view, cls, label_path, on_change, editors)
        heading = w.HTML(f"<h4>{esc(label)}{' *' if required else ''}</h4>")
        self.widget = w.VBox([heading, w.VBox(self.widget.children, layout=w.Layout(width="100%"))],
                             layout=w.Layout(width="100%"))
        self.widget.add_class("thamvan-part")

    def set(self, data) -> None:
        super().set(data or self.cls().to_dict())


class ListEditor:
    """A list of parts (tools, communes, budget lines …): each in a box, added and removed freely."""

    def __init__(self, view: View, item_cls, label_path: str, label: str, required: bool,
                 on_change: Callable[[], None], editors: Editors):
        self.view, self.item_cls, self.label_path, self.label = view, item_cls, label_path, label
        self.on_change, self.editors = on_change, editors
        self.items: list[Part] = []
        self.boxes = w.VBox(layout=w.Layout(width="100%"))
        self.add_button = w.Button(description=view.t("plan_builder.add", label=label), icon="plus",
                                   layout=w.Layout(width="auto"))
        self.add_button.on_click(lambda _: (self.add(), on_change()))
        heading = w.HTML(f"<h4>{esc(label)}{' *' if required else ''}</h4>")
        self.widget = w.VBox([heading, self.boxes, self.add_button], layout=w.Layout(width="100%"))
        self.widget.add_class("thamvan-part")

    def add(self, data: dict | None = None) -> Part:
        item = Part(self.view, self.item_cls, self.label_path, self.on_change, self.editors)
        item.set(data or self.item_cls().to_dict())
        self.items.append(item)
        self._draw()
        return item

    def remove(self, item: Part) -> None:
        self.items.remove(item)
        self._draw()
        self.on_change()

    def _draw(self) -> None:
        boxes = []
        for n, item in enumerate(self.items, 1):
            remove = w.Button(description=self.view.t("plan_builder.remove"), icon="trash",
                              layout=w.Layout(width="auto"))
            remove.on_click(lambda _, it=item: self.remove(it))
            title = w.HTML(f"<b>{esc(self.view.t('plan_builder.item', label=self.label, n=n))}</b>")
            box = w.VBox([w.HBox([title, remove], layout=w.Layout(justify_content="space-between")),
                          item.widget], layout=w.Layout(width="100%"))
            box.add_class("thamvan-item")
            boxes.append(box)
        self.boxes.children = boxes

    def get(self, path: str, typed: dict) -> list:
        return [item.get(join_path(path, n), typed) for n, item in enumerate(self.items)]

    def set(self, data) -> None:
        self.items = []
        for value in data or []:
            item = Part(self.view, self.item_cls, self.label_path, self.on_change, self.editors)
            item.set(value)
            self.items.append(item)
        self._draw()

    def restore_typed(self, path: str, typed: dict) -> None:
        for n, item in enumerate(self.items):
            item.restore_typed(join_path(path, n), typed)

    def find(self, path: str, here: str):
        for n, item in enumerate(self.items):
            found = item.find(path, join_path(here, n))
            if found:
                return found
        return None



class Editors:
    """How a document's fields become inputs: ``field_label(path, lang)`` names them,
    ``choices`` makes drop-downs ({field name or (class, field name): (slugs, message
    prefix)}) and ``long_fields`` get a larger box. A tool with fields of its own kind
    subclasses this and overrides ``make`` (parts and lists call back into it)."""

    def __init__(self, field_label: Callable[[str, str], str], choices: dict | None = None,
                 long_fields=frozenset()):
        self.field_label, self.choices, self.long_fields = field_label, choices or {}, long_fields

    def make(self, view: View, owner: type, tp, name: str, label_path: str, required: bool,
             on_change: Callable[[], None]):
        """The editor of field ``name`` (of type ``tp``) of the dataclass ``owner``."""
        label = self.field_label(label_path, view.lang)
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            tp = next(a for a in args if a is not type(None))
            origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin is list:
            if dataclasses.is_dataclass(args[0]):
                return ListEditor(view, args[0], label_path, label, required, on_change, self)
            return Scalar(view, "lines", name, label, required, on_change)
        if origin is dict:
            return Scalar(view, "allocation", name, label, required, on_change)
        if dataclasses.is_dataclass(tp):
            return Nested(view, tp, label_path, label, required, on_change, self)
        choice = self.choices.get((owner, name)) or (self.choices.get(name) if tp is str else None)
        if choice:
            choices, prefix = choice
            return Scalar(view, "choice", name, label, required, on_change, choices, prefix)
        kind = {int: "int", float: "float", bool: "bool", dt.date: "date"}.get(tp)
        if kind is None:
            kind = "long" if name in self.long_fields else "text"
        return Scalar(view, kind, name, label, required, on_change)


# --- the document view ---------------------------------------------------------------

class FormView(StoreView):
    """A document's form with its check, its example, its files and its autosaved draft: what
    the plan builder's documents and the training planner share.

    A subclass sets ``kind`` (the store's draft kind), ``cls`` (the document's dataclass) and
    ``editors``, calls ``_build`` and supplies the domain: ``save_draft``, ``validate``,
    ``example`` and, with files, ``export``. Text typed where a number belongs is kept
    beside the draft (kind ``<kind>:typed``) and named by the check.
    """

    kind: str
    cls: type
    editors: Editors
    example_loaded_key = "plan_builder.example_loaded"

    def _build(self, head: list, sections: list[tuple[str, list[str]]] | None,
               section_prefix: str = "plan_builder.section", exports: bool = False) -> None:
        with self.loading():
            self.form = Part(self, self.cls, "", self.changed, self.editors)
        self.check_button = w.Button(description=self.t("plan_builder.check"), icon="check",
                                     button_style="primary")
        self.check_button.on_click(lambda _: self.check())
        self.example_button = w.Button(description=self.t("plan_builder.example"), icon="book")
        self.example_button.on_click(lambda _: self.load_example())
        buttons = [self.check_button, self.example_button]
        if exports:
            self.word_button = w.Button(description=self.t("plan_builder.export_word"), icon="file-word-o")
            self.word_button.on_click(lambda _: self.export("docx"))
            self.html_button = w.Button(description=self.t("plan_builder.export_html"), icon="file-code-o")
            self.html_button.on_click(lambda _: self.export("html"))
            buttons += [self.word_button, self.html_button]
        self.issues, self.downloads = w.HTML(), w.HTML()
        if sections:
            pages = [w.VBox([self.form.editors[name].widget for name in names],
                            layout=w.Layout(width="100%")) for _, names in sections]
            self.sections = w.Tab(children=pages,
                                  titles=[self.t(f"{section_prefix}.{slug}") for slug, _ in sections])
            body = self.sections
        else:
            self.sections = None
            body = self.form.widget
        toolbar = w.HBox(buttons + [self.status], layout=w.Layout(align_items="center", flex_flow="row wrap"))
        self.widget = w.VBox(head + [toolbar, self.issues, self.downloads, body],
                             layout=w.Layout(width="100%"))
        self.widget.add_class("thamvan")
        self.widget.add_class("thamvan-form")
        self.restore()

    # the domain, per document
    def save_draft(self, data: dict) -> None:
        raise NotImplementedError

    def validate(self, doc) -> list:
        raise NotImplementedError

    def example(self):
        raise NotImplementedError

    def export(self, fmt: str) -> str:
        raise NotImplementedError

    def field_label(self, path: str) -> str:
        return self.editors.field_label(path, self.lang)

    # drafts
    def restore(self) -> None:
        """Open the saved draft (and the typed text not yet usable), or an empty document."""
        draft, typed = self.store.load_json(self.kind, self.cls.from_dict), Draft()
        if draft.value is not None:
            typed = self.store.load_json(self.typed_kind)
        self.set_document(draft.value or self.cls(), typed.value if isinstance(typed.value, dict) else {})
        self.status.value = self.draft_note(typed, self.typed_kind) if typed.damaged else \
            self.draft_note(draft, self.kind)

    @property
    def typed_kind(self) -> str:
        return f"{self.kind}:typed"

    def set_document(self, doc, typed: dict | None = None) -> None:
        with self.loading():
            self.form.set(doc.to_dict())
            self.form.restore_typed("", typed or {})

    def values(self) -> tuple[dict, dict]:
        """The form as a document dict, and {field path: typed text} of what is not usable yet."""
        typed: dict = {}
        return self.form.get("", typed), typed

    def document(self):
        return self.cls.from_dict(self.values()[0])

    def save(self) -> bool:
        data, typed = self.values()
        return self.autosave(lambda: (self.save_draft(data), self.store.save_json(self.typed_kind, typed)))

    def field(self, path: str):
        """The input of a field path ("reliability.population", "sessions[0].start")."""
        return self.form.find(path, "")

    # actions
    def load_example(self) -> None:
        self.set_document(self.example())
        self.save()
        self.issues.value = f"<p class='thamvan muted'>{esc(self.t(self.example_loaded_key))}</p>"

    def check(self) -> list:
        """Show every missing field and inconsistency; return the issues."""
        data, typed = self.values()
        try:
            issues = self.validate(self.cls.from_dict(data))
        except KitError as err:
            self.issues.value = f"<p class='thamvan-error'>{esc(err.text(self.lang))}</p>"
            return []
        self.issues.value = self.issues_html(issues, typed)
        return issues

    def issues_html(self, issues: list, typed: dict) -> str:
        severity = {"error": self.t("plan.severity.error"), "warning": self.t("plan.severity.warning")}
        items = []
        for path, text in typed.items():
            label = self.field_label(path)
            items.append(f"<li class='error'><b>{esc(severity['error'])}</b> · "
                         f"{esc(self.t('plan_builder.typed_issue', label=label, field=path, value=text))}</li>")
        typed_paths = set(typed)
        for issue in sorted(issues, key=lambda i: i.severity != "error"):
            if issue.field in typed_paths and issue.rule == "missing":
                continue  # already said: the typed text is not a number
            where = self._section_of(issue.field)
            prefix = f"[{esc(where)}] " if where else ""
            items.append(f"<li class='{esc(issue.severity)}'><b>{esc(severity[issue.severity])}</b> · "
                         f"{prefix}{esc(issue.text(self.lang))}</li>")
        errors = sum(1 for i in issues if i.severity == "error") + len(typed)
        warnings = sum(1 for i in issues if i.severity == "warning")
        if not items:
            return f"<div class='thamvan'><p class='thamvan-saved'>✔ {esc(self.t('plan_builder.no_issues'))}</p></div>"
        summary = self.t("plan_builder.issues_summary", errors=errors, warnings=warnings)
        return (f"<div class='thamvan'><p><b>{esc(summary)}</b></p>"
                f"<ul class='thamvan-issues'>{''.join(items)}</ul></div>")

    def _section_of(self, path: str) -> str:
        if self.sections is None:
            return ""
        top = re.split(r"[.\[]", path, maxsplit=1)[0]
        for n, child in enumerate(self.sections.children):
            if self.form.editors.get(top) and self.form.editors[top].widget in child.children:
                return self.sections.get_title(n)
        return ""



# --- pieces of the hand-drawn forms (the phase dashboards) ------------------------------

def issues_html(view: View, issues: list) -> str:
    """Issues of a check, errors first, in the reader's language (a ✔ when there are none)."""
    if not issues:
        return f"<div class='thamvan'><p class='thamvan-saved'>✔ {esc(view.t('plan_builder.no_issues'))}</p></div>"
    severity = {"error": view.t("plan.severity.error"), "warning": view.t("plan.severity.warning")}
    items = [f"<li class='{esc(i.severity)}'><b>{esc(severity[i.severity])}</b> · {esc(i.text(view.lang))}</li>"
             for i in sorted(issues, key=lambda i: i.severity != "error")]
    errors = sum(1 for i in issues if i.severity == "error")
    summary = view.t("plan_builder.issues_summary", errors=errors, warnings=len(issues) - errors)
    return (f"<div class='thamvan'><p><b>{esc(summary)}</b></p>"
            f"<ul class='thamvan-issues'>{''.join(items)}</ul></div>")


def lines(text: str) -> list[str]:
    """The non-empty lines of a box, trimmed."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def text_input(label: str, long: bool = False, placeholder: str = ""):
    cls = w.Textarea if long else w.Text
    box = cls(description=label, placeholder=placeholder, continuous_update=True, style=LABELS, layout=wide())
    if long:
        box.rows = 3
    return box


class Row:
    """One repeated part (a channel, a form, a policy): its inputs in a box with a remove
    button; a change of any input calls ``on_change`` (the view's ``changed`` by default)."""

    def __init__(self, view: StoreView, title: str, inputs: dict, on_change: Callable[[], None] | None = None):
        on_change = on_change or view.changed
        self.inputs = inputs
        self.remove = w.Button(description=view.t("plan_builder.remove"), icon="trash",
                               layout=w.Layout(width="auto"))
        head = w.HBox([w.HTML(f"<b>{esc(title)}</b>"), self.remove],
                      layout=w.Layout(justify_content="space-between"))
        self.widget = w.VBox([head, *inputs.values()], layout=wide())
        self.widget.add_class("thamvan-item")
        for box in inputs.values():
            box.observe(lambda _: on_change(), names="value")
