"""The grading helpers of the exercises (thamvan_lib/checks.py)."""

from __future__ import annotations

import yaml

from thamvan_lib import checks
from thamvan_lib.checks import (AtLeast, format_check, format_checks, grade_findings, grade_labels,
                                grade_plan, grade_questions, grade_table, grade_value, plan_with)
from thamvan_lib.content import PACKAGE_CONTENT


def test_labels_partial_credit_explains_without_naming_the_missing_label():
    key = {"luot-1": {"cau-hoi-trung-lap"}, "luot-2": set()}
    g = grade_labels({"luot-1": "", "luot-2": "2"}, key, points=2,
                     allowed=["muc-dich-ghi-am", "cau-hoi-trung-lap"])
    assert g.score == 0.0 and g.max_points == 2.0
    vi, en = g.report("vi"), g.report("en")
    assert "còn thiếu tiêu chí" in vi and "mất 1 điểm" in vi
    missing = " ".join(r["vi"] + r["en"] for r in g.parts[0].reasons)
    assert "cau-hoi-trung-lap" not in missing  # the key's label stays out of the reason
    assert "does not apply" in en and "cau-hoi-trung-lap" in en  # what the trainee wrote (2) is named
    assert grade_labels({}, key, points=2).score == 0


def test_table_rows_share_points_and_tolerance():
    key = {"a": 50.0, "b": [1, 2]}
    g = grade_table({"a": 50.05, "b": [1, 3]}, key, points=4, tolerance=0.1)
    assert g.score == 3.0
    assert "bạn ghi 3, chưa đúng" in g.report("vi")
    assert "đúng là" not in g.report("vi") and "right answer" not in g.report("en")
    assert grade_table({"a": None, "b": "1, 2"}, key, points=4).score == 0
    assert grade_value("Có", "có", 1).score == 1


def test_findings_recall_kind_precision():
    key = {"dong-1": "bo-sot", "dong-2": "gop-y-kien"}
    perfect = grade_findings({"dong-1": "bo-sot", "dong-2": "gop-y-kien", "dong-3": "dung"}, key, 10)
    assert perfect.score == 10
    nothing = grade_findings({"dong-1": None, "dong-2": "dung"}, key, 10)
    assert nothing.score == 0 and "chưa báo lỗi nào" in nothing.report("vi")
    wrong = grade_findings({"dong-1": "gop-y-kien", "dong-3": "bo-sot"}, key, 10)
    assert wrong.score == round(5 * 1 / 2 + 0 + 2 * 1 / 2, 2)
    report = wrong.report("vi")
    assert "không phải loại “gop-y-kien”" in report and "dong-3 không có lỗi" in report
    assert "dong-2" not in report  # the missed error is counted, not shown where
    assert "Còn 1 lỗi bạn chưa tìm ra" in report


def test_plan_groups_lose_points_per_bad_field_and_wrong_types_do_not_crash():
    groups = [({"vi": "Độ tin cậy", "en": "Reliability"},
               ["reliability.margin", "reliability.confidence", "reliability.population"], 3),
              ({"vi": "Kinh phí", "en": "Budget"}, ["budget.total"], 1)]
    key = {"reliability.margin": 0.03, "tools[0].sample": AtLeast(1059)}
    assert grade_plan(plan_with({}), groups, key=key).score == 4
    g = grade_plan(plan_with({"reliability.population": "chín nghìn", "budget.total": None}), groups, key=key)
    assert g.score == 2.0
    assert "con số" in g.report("vi") and "Tổng kinh phí" in g.report("vi")


def test_questions_must_pass_the_questionnaire_checks():
    kinds = {"C1": "single"}
    options = {"C1": ["Có", "Không", "Không biết"]}
    good = "Ông/bà có gặp khó khăn khi làm giấy chuyển viện lên bệnh viện tỉnh không?"
    assert grade_questions({"C1": good}, 2, kinds=kinds, options=options).score == 2
    bad = grade_questions({"C1": "Ông/bà có gặp khó khăn khi làm thủ tục chuyển tuyến KCB không?"}, 2,
                          kinds=kinds, options=options)
    assert bad.score == 0 and "KCB" in bad.report("vi")
    off = grade_questions({"C1": good}, 2, kinds=kinds, options=options, must_mention={"C1": ["thuốc"]})
    assert off.score == 0


def test_format_check_never_reveals_the_key(capsys):
    assert not format_check("x", None, "int")
    assert not format_check("x", 2.5, "int")
    assert not format_check("x", [1, 2], "row", size=3)
    assert not format_check("x", "abc, 99", "choices", allowed=["abc", "def"])
    assert format_check("x", "", "choices", allowed=["abc"])
    assert format_check("x", "2026-07-31", "date")
    assert not format_check("x", "31/7/2026", "date")
    out = capsys.readouterr().out
    assert "Chưa điền" in out and "số nguyên" in out and "đúng 3 số" in out and "99" in out
    assert format_checks({"a": 1}, ["a"], "int")


def test_score_is_the_last_expression_nbgrader_reads():
    """nbgrader turns a test cell's single numeric output into partial credit."""
    from nbformat.v4 import new_code_cell, new_output
    from nbgrader.utils import determine_grade

    g = grade_value(1, 2, 3)
    cell = new_code_cell("", metadata={"nbgrader": {"grade": True, "grade_id": "x", "points": 3,
                                                    "solution": False, "locked": True}})
    cell.outputs = [new_output("stream", name="stdout", text=str(g)),
                    new_output("execute_result", data={"text/plain": repr(g.score)}, execution_count=1)]
    assert determine_grade(cell) == (0.0, 3.0)


def test_messages_of_the_helpers_exist(content):
    keys = {k for k in content.messages if k.startswith("checks.")}
    source = (checks.__file__ and open(checks.__file__, encoding="utf-8").read())
    import re

    used = set(re.findall(r'"(checks\.[a-z_.]+)"', source))
    assert used <= keys, used - keys
    assert yaml.safe_load((PACKAGE_CONTENT / "messages" / "checks.yaml").read_text(encoding="utf-8"))
