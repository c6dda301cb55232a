"""Handing in a form through nbgrader's real exchange with nothing released, and the trainer
collecting it: the first hand-in counts, a hand-in is filed under its owner, and the hub's
inbox (``pretest.ExchangeInbox``) gives the trainer's summary what trainees handed in."""

from __future__ import annotations

import getpass
import os

import pytest

from thamvan_lib import pretest
from thamvan_lib.grading.handin import collect, hand_in
from thamvan_lib.store import Store

pytestmark = pytest.mark.slow


@pytest.fixture
def exchange(tmp_path):
    inbound = tmp_path / "exchange" / "thamvan" / "inbound"
    inbound.mkdir(parents=True)
    os.chmod(inbound, 0o3733)  # as the hub makes it: write and pass, nobody lists
    return tmp_path / "exchange"


def test_the_first_hand_in_counts_and_nothing_needs_releasing(exchange, tmp_path):
    course = tmp_path / "course"
    assert collect(course, exchange, "thamvan", "kiem-tra-dau-khoa") == {}
    hand_in(exchange, "thamvan", "hv-an", "kiem-tra-dau-khoa", {"kind": "pre", "answers": {"q": "a"}}, tmp_path / "an")
    hand_in(exchange, "thamvan", "hv-an", "kiem-tra-dau-khoa", {"kind": "pre", "answers": {"q": "b"}}, tmp_path / "an")
    hand_in(exchange, "thamvan", "hv-binh", "kiem-tra-dau-khoa", {"kind": "pre", "answers": {"q": "c"}}, tmp_path / "binh")
    assert not (exchange / "thamvan" / "outbound").exists()  # nothing was released
    found = collect(course, exchange, "thamvan", "kiem-tra-dau-khoa")
    assert {who: data["answers"] for who, data in found.items()} == {"hv-an": {"q": "a"}, "hv-binh": {"q": "c"}}
    assert (course / "submitted" / "hv-an" / "kiem-tra-dau-khoa" / "answers.json").exists()
    assert collect(course, exchange, "thamvan", "kiem-tra-cuoi-khoa") == {}  # another form, apart


def test_a_hand_in_is_filed_under_the_account_that_made_it(exchange, tmp_path):
    """Every account a trainee's (prefix ""): a hand-in naming a classmate is filed under its owner."""
    hand_in(exchange, "thamvan", "hv-binh", "danh-gia-khoa-hoc", {"kind": "evaluation", "answers": {}}, tmp_path / "x")
    found = collect(tmp_path / "course", exchange, "thamvan", "danh-gia-khoa-hoc", account_prefix="")
    assert list(found) == [getpass.getuser()]


def test_the_hubs_inbox_from_the_dashboard_to_the_summary(exchange, tmp_path, kit_home, monkeypatch):
    box = pretest.ExchangeInbox(exchange, "thamvan", work=tmp_path / "work", course=tmp_path / "course")
    store = Store(learner="hv-an")
    pretest.hand_in(store, "pre", {"a-p1-co-mau": "b"}, box, "a")
    assert pretest.handed_in(store, "pre").answers == {"a-p1-co-mau": "b"}  # the trainee's receipt
    collected = box.collected("pre")
    assert list(collected) == ["hv-an"] and collected["hv-an"].form == "a"
    summary = pretest.class_results(box)
    assert len(summary.pre) == 1 and summary.table is not None
    row = summary.table[(summary.table.trainee == "hv-an") & (summary.table.phase == 1)].iloc[0]
    assert (row.pre_right, row.pre_total) == (1, 3)
