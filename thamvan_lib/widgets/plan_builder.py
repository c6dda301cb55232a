"""Forms for the phase-1 documents: the consultation plan and the request documents.

A thin view over ``thamvan_lib.plan``: the form is drawn from the documents' own
dataclasses (one input per field, a repeatable block per list of parts), the checks are
``validate`` / ``validate_plan``, the example is ``load_example`` and the files come from
``thamvan_lib.documents``. Every change is saved at once with ``plan.save_draft``, so a
closed tab or a dead kernel loses nothing; on opening, the draft is restored.

A number field takes what people type ("9.400", "0,05", "5%"). Text that is not a number
is shown with a message next to the field and kept, as typed, beside the draft
(``<kind>:typed`` in the store), so it comes back with the draft too.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
import math
import re
import types
import typing
from collections.abc import Callable

import ipywidgets as w

from .. import plan as domain
from ..documents import MIME, docx_bytes, notice_docx, notice_html, plan_docx, plan_html
from ..errors import KitError
from ..records import field_label, plain
from ..store import Store
from .common import View, esc, preferred_language, stylesheet

# The plan's fields in the sections of the form, in the order of the document.
PLAN_SECTIONS: list[tuple[str, list[str]]] = [
    ("general", ["issuing_body", "parent_body", "number", "symbol", "place", "issued_on", "subject",
                 "name", "background", "purposes", "requirements", "recipients", "signer"]),
    ("content", ["contents", "target_groups", "communes"]),
    ("tools", ["tools"]),
    ("sample", ["reliability", "sample_processing"]),
    ("timeline", ["timeline", "assignments"]),
    ("communication", ["communication"]),
    ("resources", ["resources", "budget", "contractors"]),
    ("report", ["report_structure", "software", "training"]),
]
REQUEST_KINDS = ("dossier", "summary", "opinion", "key_questions")

# Fields written in several sentences get a larger box.
LONG_FIELDS = {"background", "guide", "original_text", "sample_processing", "purpose", "how_to_send",
               "feedback", "tasks", "needs", "note", "software", "text", "content", "send_to"}
# Fields whose values are slugs; their labels are content (plan.kind.*, plan.source.*, plan.measure.*).
CHOICES = {"kind": (domain.TOOL_KINDS, "plan.kind"), "source": (domain.SOURCES, "plan.source"),
           "measure": (domain.MEASURES, "plan.measure")}


STYLE = """<style>
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
    """The forms' own CSS (labels that wrap, boxes around repeated parts, error colour)."""
    return w.HTML(STYLE, layout=w.Layout(display="none"))


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


def number_text(value, lang: str = "vi") -> str:
    """A number for a box, the way it is read back by ``parse_number``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) >= 1:
        value = int(value)
    return str(value)


def data_link(name: str, data: bytes, mime: str, label: str) -> str:
    """A download link that carries the file itself (a ``data:`` address; no network)."""
    encoded = base64.b64encode(data).decode("ascii")
    return (f"<a class='thamvan-download' download='{esc(name)}' "
            f"href='data:{mime};base64,{encoded}'>{esc(label)}</a>")


def _join(path: str, name) -> str:
    if isinstance(name, int):
        return f"{path}[{name}]"
    return f"{path}.{name}" if path else str(name)


def _unindexed(path: str) -> str:
    return re.sub(r"\[[^\]]*\]", "", path)


# --- editors: one per field, drawn from the dataclasses ------------------------------

class _Scalar:
    """One input: text, lines, a number, a date, yes/no or a choice among slugs."""

    def __init__(self, view: View, kind: str, name: str, label: str, required: bool,
                 on_change: Callable[[], None], choices: tuple = (), prefix: str = ""):
        self.view, self.kind, self.name = view, kind, name
        description = label + (" *" if required else "")
        layout = w.Layout(width="100%")
        style = {"description_width": "220px"}
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


class _Part:
    """The fields of one dataclass (a document, or a part such as a tool or a commune)."""

    def __init__(self, view: View, cls, label_path: str, on_change: Callable[[], None]):
        self.cls = cls
        hints = typing.get_type_hints(cls)
        self.editors: dict[str, object] = {}
        for f in dataclasses.fields(cls):
            self.editors[f.name] = _editor(view, hints[f.name], f.name, _join(label_path, f.name),
                                           bool(f.metadata.get("required")), on_change)
        self.widget = w.VBox([e.widget for e in self.editors.values()], layout=w.Layout(width="100%"))

    def get(self, path: str, typed: dict) -> dict:
        return {name: e.get(_join(path, name), typed) for name, e in self.editors.items()}

    def set(self, data: dict) -> None:
        for name, e in self.editors.items():
            e.set(data.get(name))

    def restore_typed(self, path: str, typed: dict) -> None:
        for name, e in self.editors.items():
            e.restore_typed(_join(path, name), typed)

    def find(self, path: str, here: str):
        for name, e in self.editors.items():
            found = e.find(path, _join(here, name))
            if found:
                return found
        return None


class _Nested(_Part):
    """A part shown under its own heading (reliability, communication, budget, signer)."""

    def __init__(self, view, cls, label_path, label, required, on_change):
        super().__init__(view, cls, label_path, on_change)
        heading = w.HTML(f"<h4>{esc(label)}{' *' if required else ''}</h4>")
        self.widget = w.VBox([heading, w.VBox(self.widget.children, layout=w.Layout(width="100%"))],
                             layout=w.Layout(width="100%"))
        self.widget.add_class("thamvan-part")

    def set(self, data) -> None:
        super().set(data or plain(self.cls()))


class _List:
    """A list of parts (tools, communes, budget lines …): each in a box, added and removed freely."""

    def __init__(self, view: View, item_cls, label_path: str, label: str, required: bool,
                 on_change: Callable[[], None]):
        self.view, self.item_cls, self.label_path, self.label = view, item_cls, label_path, label
        self.on_change = on_change
        self.items: list[_Part] = []
        self.boxes = w.VBox(layout=w.Layout(width="100%"))
        self.add_button = w.Button(description=view.t("plan_builder.add", label=label), icon="plus",
                                   layout=w.Layout(width="auto"))
        self.add_button.on_click(lambda _: (self.add(), on_change()))
        heading = w.HTML(f"<h4>{esc(label)}{' *' if required else ''}</h4>")
        self.widget = w.VBox([heading, self.boxes, self.add_button], layout=w.Layout(width="100%"))
        self.widget.add_class("thamvan-part")

    def add(self, data: dict | None = None) -> _Part:
        item = _Part(self.view, self.item_cls, self.label_path, self.on_change)
        item.set(data or plain(self.item_cls()))
        self.items.append(item)
        self._draw()
        return item

    def remove(self, item: _Part) -> None:
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
        return [item.get(_join(path, n), typed) for n, item in enumerate(self.items)]

    def set(self, data) -> None:
        self.items = []
        for value in data or []:
            item = _Part(self.view, self.item_cls, self.label_path, self.on_change)
            item.set(value)
            self.items.append(item)
        self._draw()

    def restore_typed(self, path: str, typed: dict) -> None:
        for n, item in enumerate(self.items):
            item.restore_typed(_join(path, n), typed)

    def find(self, path: str, here: str):
        for n, item in enumerate(self.items):
            found = item.find(path, _join(here, n))
            if found:
                return found
        return None


def _editor(view: View, tp, name: str, label_path: str, required: bool, on_change):
    label = field_label(label_path, view.lang)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        tp = next(a for a in args if a is not type(None))
        origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is list:
        if dataclasses.is_dataclass(args[0]):
            return _List(view, args[0], label_path, label, required, on_change)
        return _Scalar(view, "lines", name, label, required, on_change)
    if origin is dict:
        return _Scalar(view, "allocation", name, label, required, on_change)
    if dataclasses.is_dataclass(tp):
        return _Nested(view, tp, label_path, label, required, on_change)
    if name in CHOICES and tp is str:
        choices, prefix = CHOICES[name]
        return _Scalar(view, "choice", name, label, required, on_change, choices, prefix)
    kind = {int: "int", float: "float", bool: "bool", dt.date: "date"}.get(tp)
    if kind is None:
        kind = "long" if name in LONG_FIELDS else "text"
    return _Scalar(view, kind, name, label, required, on_change)


# --- the document view ---------------------------------------------------------------

class FormView(View):
    """A document's form with its check, its example, its files and its autosaved draft: what
    the plan builder's documents and the training planner share.

    A subclass sets ``kind`` (the store's draft kind), ``cls`` (the document's dataclass) and
    ``form``, calls ``_build`` and supplies the domain: ``load_draft``, ``save_draft``,
    ``validate``, ``example`` and, with files, ``export``. Text typed where a number belongs
    is kept beside the draft (kind ``<kind>:typed``) and named by the check.
    """

    kind: str
    cls: type
    example_loaded_key = "plan_builder.example_loaded"

    def _build(self, head: list, sections: list[tuple[str, list[str]]] | None,
               section_prefix: str = "plan_builder.section", exports: bool = False) -> None:
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
        self.status, self.issues, self.downloads = w.HTML(), w.HTML(), w.HTML()
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
    def load_draft(self):
        raise NotImplementedError

    def save_draft(self, data: dict) -> None:
        raise NotImplementedError

    def validate(self, doc) -> list:
        raise NotImplementedError

    def example(self):
        raise NotImplementedError

    def export(self, fmt: str) -> str:
        raise NotImplementedError

    def field_label(self, path: str) -> str:
        return field_label(path, self.lang)

    # drafts
    def restore(self) -> None:
        """Open the saved draft (and the typed text not yet usable), or an empty document."""
        note, typed = "", {}
        try:
            doc = self.load_draft()
        except KitError as err:  # a damaged draft: say so, start afresh
            doc, note = None, f"<span class='thamvan-error'>{esc(err.text(self.lang))}</span>"
        if doc is not None:
            try:
                typed = json.loads(self.store.load_draft(self._typed_kind) or "{}")
            except json.JSONDecodeError:
                typed = {}
            note = f"<span class='thamvan-saved'>{esc(self.t('plan_builder.restored'))}</span>"
        self.set_document(doc or self.cls(), typed if isinstance(typed, dict) else {})
        self.status.value = note

    @property
    def _typed_kind(self) -> str:
        return f"{self.kind}:typed"

    def set_document(self, doc, typed: dict | None = None) -> None:
        self._loading = True
        try:
            self.form.set(doc.to_dict())
            self.form.restore_typed("", typed or {})
        finally:
            self._loading = False

    def values(self) -> tuple[dict, dict]:
        """The form as a document dict, and {field path: typed text} of what is not usable yet."""
        typed: dict = {}
        return self.form.get("", typed), typed

    def document(self):
        return self.cls.from_dict(self.values()[0])

    def _changed(self) -> None:
        if not self._loading:
            self.save()

    def save(self) -> bool:
        data, typed = self.values()
        try:
            self.save_draft(data)
        except KitError as err:
            self.status.value = f"<span class='thamvan-error'>{esc(err.text(self.lang))}</span>"
            return False
        self.store.save_draft(self._typed_kind, json.dumps(typed, ensure_ascii=False))
        time = dt.datetime.now().strftime("%H:%M:%S")
        self.status.value = f"<span class='thamvan-saved'>{esc(self.t('plan_builder.saved', time=time))}</span>"
        return True

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


class DocumentView(FormView):
    """The form of one phase-1 document, with its check, its example and its autosaved draft.

    ``sections`` puts the top-level fields in tabs: [(section slug, [field names])].
    ``validator`` replaces ``plan.validate`` (the key questions are checked against the
    summary's contents). ``exports`` adds the Word and HTML buttons (plan only).
    """

    def __init__(self, kind: str, store: Store | None = None, lang: str | None = None,
                 sections: list[tuple[str, list[str]]] | None = None, exports: bool = False,
                 validator: Callable | None = None, title: bool = True, **kwargs):
        self.store = store or Store()
        super().__init__(lang=lang or preferred_language(self.store), **kwargs)
        self.kind = kind
        self.cls = domain.DOCUMENTS[kind]
        self.validator = validator or domain.validate
        self._loading = True
        self.form = _Part(self, self.cls, "", self._changed)
        if title:
            head = w.HTML(f"<div class='thamvan'><h1>{esc(self.t(f'plan_builder.title.{kind}'))}</h1>"
                          f"<p class='muted'>{esc(self.t(f'plan_builder.intro.{kind}'))}</p></div>")
        else:
            head = w.HTML(f"<p class='thamvan muted'>{esc(self.t(f'plan_builder.intro.{kind}'))}</p>")
        self._build([head], sections, exports=exports)

    def load_draft(self):
        return domain.load_draft(self.store, self.kind)

    def save_draft(self, data: dict) -> None:
        domain.save_draft(self.store, self.kind, data)

    def validate(self, doc) -> list:
        return self.validator(doc)

    def example(self):
        return getattr(domain.load_example(), self.kind)

    def export(self, fmt: str) -> str:
        """Download links to the plan and its public notice as Word (``docx``) or web pages (``html``)."""
        data, _ = self.values()
        try:
            plan = self.cls.from_dict(data)
            if fmt == "docx":
                files = [(docx_bytes(plan_docx(plan, self.lang)), "plan"),
                         (docx_bytes(notice_docx(plan, self.lang)), "notice")]
            else:
                files = [(plan_html(plan, self.lang).encode("utf-8"), "plan"),
                         (notice_html(plan, self.lang).encode("utf-8"), "notice")]
        except KitError as err:
            self.downloads.value = f"<p class='thamvan-error'>{esc(err.text(self.lang))}</p>"
            return self.downloads.value
        names = {"plan": "ke-hoach-tham-van", "notice": "thong-bao-cong-khai-ke-hoach"}
        links = [data_link(f"{names[which]}.{fmt}", content, MIME[fmt],
                           self.t(f"plan_builder.download.{which}", format=fmt.upper()))
                 for content, which in files]
        self.downloads.value = (f"<div class='thamvan'><p>{esc(self.t('plan_builder.downloads'))} "
                                f"{' · '.join(links)}</p></div>")
        return self.downloads.value


class PlanBuilderView(DocumentView):
    """The consultation plan (L4–L5, P1.4–P1.5), section by section, with Word and HTML files."""

    def __init__(self, store: Store | None = None, lang: str | None = None, **kwargs):
        super().__init__("plan", store, lang, sections=PLAN_SECTIONS, exports=True, **kwargs)
        self.widget.children = [stylesheet(), form_style(), *self.widget.children]


class RequestDocumentsView(View):
    """The request dossier (L1), the requirement summary (L2), the opinion on content (L3)
    and the key questions (P1.3), one tab each; the key questions are checked against the
    contents of the summary."""

    def __init__(self, store: Store | None = None, lang: str | None = None, **kwargs):
        self.store = store or Store()
        super().__init__(lang=lang or preferred_language(self.store), **kwargs)
        self.documents: dict[str, DocumentView] = {}
        for kind in REQUEST_KINDS:
            validator = self._key_questions if kind == "key_questions" else None
            self.documents[kind] = DocumentView(kind, self.store, self.lang, validator=validator,
                                                title=False, content=self.content)
        self.tabs = w.Tab(children=[d.widget for d in self.documents.values()],
                          titles=[self.t(f"plan_builder.title.{k}") for k in REQUEST_KINDS])
        header = w.HTML(f"<div class='thamvan'><h1>{esc(self.t('plan_builder.request_title'))}</h1>"
                        f"<p class='muted'>{esc(self.t('plan_builder.request_intro'))}</p></div>")
        self.widget = w.VBox([stylesheet(), form_style(), header, self.tabs], layout=w.Layout(width="100%"))
        self.widget.add_class("thamvan")

    def _key_questions(self, doc) -> list:
        summary = self.documents["summary"].document()
        contents = [item.content for item in summary.items if item.content]
        return domain.validate_key_questions(doc, contents or None)
