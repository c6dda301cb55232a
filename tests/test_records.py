"""The documents' machinery on small documents of its own: conversion, required fields,
the wording of issues, duplicates and drafts."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass, field
from typing import ClassVar

import pytest

from thamvan_lib.errors import KitError
from thamvan_lib.records import (FORMAT, Document, Issue, Part, Rules, checked, empty_required, errors,
                                 field_label, format_issues, join_path, load_draft, message_text, plain,
                                 required, required_part, save_draft)
from thamvan_lib.store import Store


@dataclass
class Room(Part):
    name: str = required()
    seats: int | None = required(None)
    ratio: float | None = None
    booked: bool = False


@dataclass
class Leader(Part):
    title: str = required()
    name: str = required()


@dataclass
class Meeting(Document):
    KIND: ClassVar[str] = "meeting"
    title: str = required()
    day: dt.date | None = None
    rooms: list[Room] = required([])
    topics: list[str] = required([])
    budget: dict[str, int] = field(default_factory=dict)
    signer: Leader = required_part(Leader)


RULES = Rules("plan", {"missing": "error", "unknown_choice": "error", "duplicate": "warning",
                       "no_feedback": "error"},
              own_message={"signer.name": "no_feedback"})


# --- conversion -------------------------------------------------------------------

def test_values_are_converted_on_creation_and_from_a_dict():
    decomposed = unicodedata.normalize("NFD", "  Hội trường xã  ")
    room = Room(decomposed, 120.0, 0.5)
    assert room == Room("Hội trường xã", 120, 0.5)
    meeting = Meeting.from_dict({"title": "Họp", "day": "2026-04-08", "rooms": [{"name": "A"}],
                                 "topics": "Chi phí\n\nThời gian chờ\n", "budget": {"in": 5.0}})
    assert meeting.day == dt.date(2026, 4, 8) and meeting.rooms == [Room("A")]
    assert meeting.topics == ["Chi phí", "Thời gian chờ"] and meeting.budget == {"in": 5}


def test_an_empty_box_means_not_filled_in():
    assert Room("A", "  ").seats is None and Meeting(day="").day is None


@pytest.mark.parametrize("build, path, key", [
    (lambda: Room(seats="120"), "seats", "plan.error.not_a_number"),
    (lambda: Room(seats=True), "seats", "plan.error.not_a_number"),
    (lambda: Room(seats=1.5), "seats", "plan.error.not_whole"),
    (lambda: Room(ratio=float("inf")), "ratio", "plan.error.not_a_number"),
    (lambda: Room(booked="có"), "booked", "plan.error.not_yes_no"),
    (lambda: Room(name=42), "name", "plan.error.not_text"),
    (lambda: Meeting(day="08/04/2026"), "day", "plan.error.not_a_date"),
    (lambda: Meeting(rooms="A"), "rooms", "plan.error.not_a_list"),
    (lambda: Meeting(rooms=[{"name": "A", "seats": "nhiều"}]), "rooms[0].seats", "plan.error.not_a_number"),
    (lambda: Meeting(signer=["x"]), "signer", "plan.error.not_a_dict"),
    (lambda: Meeting(budget={"in": "5"}), "budget['in']", "plan.error.not_a_number"),
    (lambda: Meeting.from_dict({"titel": "Họp"}), "titel", "plan.error.unknown_field"),
    (lambda: Meeting.from_dict({"rooms": [{"nam": "A"}]}), "rooms[0].nam", "plan.error.unknown_field"),
    (lambda: Meeting.from_dict("Họp"), "Meeting", "plan.error.not_a_dict"),
])
def test_a_wrong_type_is_refused_with_its_path(build, path, key):
    with pytest.raises(KitError) as err:
        build()
    assert err.value.key == key and err.value.values["field"] == path
    assert path in err.value.text("vi") and path in err.value.text("en")


def test_a_dict_of_another_kind_is_refused():
    with pytest.raises(KitError) as err:
        Meeting.from_dict({"kind": "plan", "title": "Họp"})
    assert err.value.key == "plan.error.wrong_kind"


def test_to_dict_round_trips_with_format_and_kind():
    meeting = Meeting("Họp", dt.date(2026, 4, 8), [Room("A", 10)], ["Chi phí"], {"in": 5},
                      Leader("Chủ tịch", "Nguyễn Văn A"))
    data = json.loads(json.dumps(meeting.to_dict(), ensure_ascii=False))
    assert data["format"] == FORMAT and data["kind"] == "meeting" and data["day"] == "2026-04-08"
    assert Meeting.from_dict(data) == meeting
    assert Room("A").to_dict() == plain(Room("A")) == {"name": "A", "seats": None, "ratio": None,
                                                       "booked": False}


def test_checked_converts_again_and_refuses_another_class():
    meeting = Meeting()
    meeting.rooms = [{"name": " B "}]      # changed in a notebook after creation
    assert checked(meeting, Meeting).rooms == [Room("B")]
    meeting.rooms = [{"seats": "x"}]
    with pytest.raises(KitError):
        checked(meeting, Meeting)
    with pytest.raises(KitError) as err:
        checked(Room(), Meeting)
    assert err.value.key == "plan.error.not_a_document"


def test_join_path():
    assert join_path("", "rooms") == "rooms"
    assert join_path(join_path("rooms", 2), "seats") == "rooms[2].seats"


# --- required fields and issues ---------------------------------------------------------

def test_every_empty_required_field_is_found_with_its_path():
    meeting = Meeting(rooms=[Room("A", 10), Room()])
    assert empty_required(meeting) == ["title", "rooms[1].name", "rooms[1].seats", "topics",
                                       "signer.title", "signer.name"]
    assert empty_required(meeting, skip=frozenset({"rooms", "signer"})) == ["title", "topics"]


def test_rules_word_missing_fields_with_their_labels_and_own_messages():
    issues = RULES.missing(Meeting(title="Họp", topics=["Chi phí"], rooms=[Room("A", 10)]))
    assert [(i.field, i.rule, i.severity) for i in issues] == [
        ("signer.title", "missing", "error"), ("signer.name", "no_feedback", "error")]
    assert issues[0].values["label"] == {"vi": "Chức vụ người ký", "en": "Signatory's position"}
    assert issues[0].text("vi") == "Chưa điền “Chức vụ người ký” (signer.title)."
    assert issues[1].message_key == "plan.issue.no_feedback"


def test_labels_come_from_the_domain_first_then_the_shared_ones():
    assert Rules("training", {}).label("sessions[0].title")["en"] == "Session"
    assert Rules("training", {}).label("reliability.margin")["en"] == "Margin of error"
    assert field_label("rooms[3].unheard_of", "en") == "unheard_of"


def test_a_choice_outside_the_list_names_the_allowed_values_in_vietnamese():
    assert RULES.choice("", ("conference",), "plan.kind", "tools[0].kind") == []
    assert RULES.choice("conference", ("conference",), "plan.kind", "tools[0].kind") == []
    [issue] = RULES.choice("hop", ("conference", "other"), "plan.kind", "tools[0].kind")
    assert issue.rule == "unknown_choice" and issue.values["allowed"] == "conference (Hội nghị tham vấn), other"


def test_duplicates_are_found_case_aside():
    issues = RULES.duplicates(["Xã An Bình", "", "xã an bình", "", "Phường Hòa Minh"], "communes", "name")
    assert [(i.field, i.severity, i.values["value"]) for i in issues] == [
        ("communes[2].name", "warning", "xã an bình")]
    assert [i.field for i in RULES.duplicates(["a", "A"], "topics")] == ["topics[1]"]


def test_values_in_both_languages_follow_the_reader(monkeypatch):
    issue = Issue("communes[1]", "warning", "duplicate", "plan.issue.duplicate",
                  {"value": {"vi": "Xã An Bình", "en": "An Binh commune"}})
    assert issue.text("en").startswith("“An Binh commune” is repeated (communes[1])")
    assert issue.text() == message_text(issue.message_key, {**issue.values, "field": "communes[1]"}, "vi")
    monkeypatch.setenv("THAMVAN_LANG", "en")
    assert issue.text().startswith("“An Binh commune”")


def test_format_issues_lists_errors_first_and_errors_keeps_them_only():
    warning = Issue("topics[1]", "warning", "duplicate", "plan.issue.duplicate", {"value": "a"})
    error = Issue("title", "error", "missing", "plan.issue.missing")
    assert format_issues([warning, error], "en").splitlines() == [
        "Error · title · “Title” is not filled in (title).",
        "Check · topics[1] · “a” is repeated (topics[1]); list each entry once."]
    assert errors([warning, error]) == [error]


# --- drafts -------------------------------------------------------------------------------

def test_drafts_round_trip_and_a_bad_one_is_refused_when_saved(store):
    assert load_draft(store, Meeting) is None
    save_draft(store, Meeting, {"title": "Họp", "rooms": [{"name": "A"}]})
    assert load_draft(Store(), Meeting) == Meeting("Họp", rooms=[Room("A")])
    with pytest.raises(KitError):
        save_draft(store, Meeting, {"rooms": [{"seats": "nhiều"}]})
    assert load_draft(store, Meeting).title == "Họp"
    store.save_draft("meeting", "{not json")
    with pytest.raises(KitError) as err:
        load_draft(store, Meeting)
    assert err.value.key == "plan.error.draft_unreadable" and err.value.values["kind"] == "meeting"
