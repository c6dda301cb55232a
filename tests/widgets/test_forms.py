"""The generic form: numbers as people type them, editors drawn from dataclasses, the
FormView's draft, and the small pieces of the hand-drawn forms."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import ipywidgets as w
import pytest

from thamvan_lib.errors import KitError
from thamvan_lib.store import Store
from thamvan_lib.widgets.forms import (Editors, FormView, ListEditor, Nested, Row, Scalar, issues_html,
                                       join_path, lines, number_text, parse_number, text_input)


@pytest.mark.parametrize("typed, whole, value", [
    ("9400", True, 9400), ("9.400", True, 9400), ("9 400", True, 9400), ("", True, None),
    ("0,05", False, 0.05), ("0.05", False, 0.05), ("5%", False, 0.05), ("185.500.000", True, 185500000)])
def test_numbers_are_read_as_people_type_them(typed, whole, value):
    assert parse_number(typed, whole) == value


@pytest.mark.parametrize("typed, whole", [("chín nghìn", True), ("9400.5", True), ("năm phần trăm", False)])
def test_text_is_not_a_number(typed, whole):
    with pytest.raises(ValueError):
        parse_number(typed, whole)


@pytest.mark.parametrize("value", [9400, 0.05, 2.0, None])
def test_a_number_in_a_box_is_read_back_as_it_was(value):
    text = number_text(value)
    assert parse_number(text, isinstance(value, int)) == value
    assert number_text(2.0) == "2"


def test_field_paths():
    assert join_path("", "name") == "name"
    assert join_path("tools", 2) == "tools[2]"
    assert join_path("tools[2]", "sample") == "tools[2].sample"


# --- a small document of its own, to drive FormView without a domain ----------------------

@dataclasses.dataclass
class Place:
    name: str = ""
    people: int | None = None

    def to_dict(self):
        return dataclasses.asdict(self)


@dataclasses.dataclass
class Note:
    title: str = dataclasses.field(default="", metadata={"required": True})
    day: dt.date | None = None
    colour: str = ""
    share: float | None = None
    places: list[Place] = dataclasses.field(default_factory=list)
    head: Place = dataclasses.field(default_factory=Place)

    def to_dict(self):
        data = dataclasses.asdict(self)
        data["day"] = self.day.isoformat() if self.day else None
        return data

    @classmethod
    def from_dict(cls, data):
        if not isinstance(data.get("title", ""), str):
            raise KitError("plan.error.draft_unreadable", kind="note")
        return cls(title=data.get("title", ""), colour=data.get("colour", ""), share=data.get("share"),
                   day=dt.date.fromisoformat(data["day"]) if data.get("day") else None,
                   places=[Place(**p) for p in data.get("places", [])], head=Place(**(data.get("head") or {})))


def label(path: str, lang: str) -> str:
    return f"[{path}]"


class NoteView(FormView):
    kind = "note"
    cls = Note
    editors = Editors(label, {"colour": (("conference", "interview"), "plan.kind")}, {"title"})

    def __init__(self, store=None, **kwargs):
        super().__init__(store, "vi", **kwargs)
        self.saved: list[dict] = []
        self._build([], None)

    def save_draft(self, data: dict) -> None:
        if data["title"] == "refuse":
            raise KitError("plan.error.draft_unreadable", kind="note")
        self.saved.append(data)
        self.store.save_json(self.kind, data)

    def validate(self, doc) -> list:
        return []

    def example(self):
        return Note(title="Ví dụ", places=[Place("Xã A", 120)])


def test_editors_are_drawn_from_the_dataclass(content):
    view = NoteView()
    editors = view.form.editors
    assert isinstance(editors["title"], Scalar) and editors["title"].kind == "long"
    assert editors["title"].input.description == "[title] *"
    assert editors["day"].kind == "date" and editors["share"].kind == "float"
    assert editors["colour"].kind == "choice"
    assert [v for _, v in editors["colour"].input.options] == ["", "conference", "interview"]
    assert isinstance(editors["places"], ListEditor) and isinstance(editors["head"], Nested)
    assert view.field("head.people").kind == "int"


def test_a_form_view_saves_what_is_typed_and_restores_it(content):
    view = NoteView()
    assert view.status.value == "" and view.saved == []  # opening saves nothing
    view.field("title").input.value = "Họp dân"
    assert re.search(r"\d\d:\d\d:\d\d", view.status.value)
    view.form.editors["places"].add()
    view.field("places[0].people").input.value = "một trăm"
    assert view.values()[1] == {"places[0].people": "một trăm"}
    again = NoteView()
    assert "Đã mở lại" in again.status.value
    assert again.field("title").input.value == "Họp dân"
    assert again.field("places[0].people").input.value == "một trăm"  # the typed text came back


def test_a_refused_draft_is_said_on_the_status_line(content):
    view = NoteView()
    view.field("title").input.value = "refuse"
    assert "thamvan-error" in view.status.value


def test_a_damaged_form_draft_is_set_aside_and_the_form_starts_clean(content):
    Store().save_draft("note", "{not json")
    view = NoteView()
    assert "bị hỏng" in view.status.value and view.field("title").input.value == ""
    assert Store().damaged_drafts("note")[0]["data"] == "{not json"


def test_the_example_fills_the_form_and_is_saved(content):
    view = NoteView()
    view.load_example()
    assert view.field("places[0].name").input.value == "Xã A"
    assert view.saved[-1]["places"] == [{"name": "Xã A", "people": 120}]


# --- the pieces of hand-drawn forms -------------------------------------------------------

def test_lines_and_text_inputs():
    assert lines(" a \n\n b\n") == ["a", "b"] and lines(None) == []
    box = text_input("Tên", long=True, placeholder="…")
    assert isinstance(box, w.Textarea) and box.rows == 3 and box.placeholder == "…"
    assert isinstance(text_input("Tên"), w.Text)


def test_a_row_reports_every_change(content):
    view = NoteView()
    seen = []
    row = Row(view, "Kênh 1", {"name": text_input("Tên")}, lambda: seen.append(1))
    row.inputs["name"].value = "Loa"
    assert seen == [1] and "Kênh 1" in row.widget.children[0].children[0].value


def test_issues_are_listed_errors_first(content):
    class Issue:
        def __init__(self, severity, text):
            self.severity, self._text = severity, text

        def text(self, lang):
            return self._text

    view = NoteView()
    html = issues_html(view, [Issue("warning", "nên xem"), Issue("error", "thiếu tên")])
    assert html.index("thiếu tên") < html.index("nên xem")
    assert "✔" in issues_html(view, [])
