"""Autograding a class that hands in everything a class hands in: right, partly right, blank,
the wrong type, a syntax error, an endless loop, an edited and a deleted test cell, a broken
file, a cell that kills the kernel. Each is graded or flagged with its reason, the batch never
stops, and the parallel path scores exactly as the serial one. Then manual grades and export."""

from __future__ import annotations

import nbformat
import pytest

from tests.support.course import (ANSWER, TEST, break_json, cell, delete_the_test, edit_cells, edit_the_test,
                                  leave_blank, on_sheet, released_course, type_answer)
from thamvan_lib.grading.autograde import Flag

pytestmark = pytest.mark.slow

TIMEOUT = 3  # seconds per cell: the endless loop stops here


# trainee → (what they hand in, expected score, expected flag kind or None)
CLASS = {
    "hv-dung": (on_sheet({"co_mau": "371"}), 3.0, None),
    "hv-dung-chu": (on_sheet({"co_mau": "371 người"}), 3.0, None),  # as written on paper
    "hv-sai": (on_sheet({"co_mau": "385"}), 0.0, None),
    "hv-bo-trong": (edit_cells(leave_blank), 0.0, None),
    "hv-khong-doc-duoc": (on_sheet({"co_mau": "ba trăm bảy mươi"}), 0.0, "unreadable_answers"),
    # cells edited in JupyterLab, past the sheet
    "hv-loi-cu-phap": (edit_cells(type_answer("co_mau = = 371")), 0.0, None),
    "hv-lap-vo-han": (edit_cells(type_answer("while True:\n    pass")), 0.0, "timeout"),
    # the edited test is put back by nbgrader: 385 still earns nothing; the deleted one by the
    # kit: 371 earns its points
    "hv-sua-kiem-tra": (edit_the_test, 0.0, "tampered"),
    "hv-xoa-kiem-tra": (delete_the_test, 3.0, "deleted_cell"),
    "hv-json-hong": (break_json, None, "invalid_notebook"),
    "hv-sap-kernel": (edit_cells(type_answer("import os; os._exit(1)")), None, "kernel_died"),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("robust")
    course = released_course(tmp, {student: change for student, (change, _, _) in CLASS.items()})
    assert course.collect("co-mau") == sorted(CLASS)
    seen = []
    serial = course.autograde("co-mau", workers=1, timeout=TIMEOUT)
    serial_cells = course.question_grades()
    parallel = course.autograde("co-mau", workers=3, timeout=TIMEOUT,
                                progress=lambda done, total, student, outcome: seen.append((done, total, student)))
    return course, serial, serial_cells, parallel, seen


def _score(outcome):
    return outcome.score if isinstance(outcome, Flag) else outcome


def _kind(outcome):
    return outcome.kind if isinstance(outcome, Flag) else None


@pytest.mark.parametrize("student", sorted(CLASS))
def test_each_submission_is_graded_or_flagged_with_its_reason(graded, student):
    _, serial, _, parallel, _ = graded
    _, score, kind = CLASS[student]
    for outcomes in (serial, parallel):
        assert _score(outcomes[student]) == score
        assert _kind(outcomes[student]) == kind
        if kind:
            assert outcomes[student].reason and outcomes[student].student == student


def test_flag_reasons_are_in_vietnamese_and_say_what_to_do(graded):
    _, _, _, parallel, _ = graded
    assert "không phải JSON hợp lệ" in parallel["hv-json-hong"].reason
    assert "JSONDecodeError: Unterminated string" in parallel["hv-json-hong"].reason  # the detail
    assert "sập nhân Python" in parallel["hv-sap-kernel"].reason
    assert "cau-1-tra-loi" in parallel["hv-lap-vo-han"].reason
    assert "quá thời gian" in parallel["hv-lap-vo-han"].reason
    assert "sửa ô kiểm tra cau-1-dap-an" in parallel["hv-sua-kiem-tra"].reason
    assert "xóa ô kiểm tra cau-1-dap-an" in parallel["hv-xoa-kiem-tra"].reason


def test_parallel_gives_exactly_the_serial_scores(graded):
    course, serial, serial_cells, parallel, _ = graded
    assert {s: _score(o) for s, o in parallel.items()} == {s: _score(o) for s, o in serial.items()}
    assert {s: _kind(o) for s, o in parallel.items()} == {s: _kind(o) for s, o in serial.items()}
    key = ["student", "grade_id"]
    assert (course.question_grades().sort_values(key).reset_index(drop=True)
            .equals(serial_cells.sort_values(key).reset_index(drop=True)))


def test_progress_is_reported_for_every_submission(graded):
    *_, seen = graded
    assert [done for done, _, _ in seen] == list(range(1, len(CLASS) + 1))
    assert {total for _, total, _ in seen} == {len(CLASS)}
    assert sorted(student for _, _, student in seen) == sorted(CLASS)


def test_the_endless_loop_was_stopped_and_the_rest_of_the_notebook_ran(graded):
    course, *_ = graded
    nb = nbformat.read(course.root / "autograded" / "hv-lap-vo-han" / "co-mau" / "co-mau.ipynb", as_version=4)
    assert any(o.get("ename") == "CellTimeoutError" for o in cell(nb, ANSWER).outputs)
    assert any(o.get("output_type") == "error" for o in cell(nb, TEST).outputs)


def test_manual_grade_shows_in_grades_and_both_exports(graded, tmp_path):
    import openpyxl

    course, *_ = graded
    # the trainer overrides the autograder: 2 of the 3 points, by hand, to the trainee whose
    # endless loop was stopped
    course.set_manual_grade("co-mau", "hv-lap-vo-han", "co-mau", "cau-1-dap-an", 2,
                            comment="Chấm tay: cách tính đúng, vòng lặp do gõ nhầm.")
    grades = course.grades().set_index("student")
    assert grades.loc["hv-lap-vo-han", "score"] == 2.0
    assert grades.loc["hv-lap-vo-han", "percent"] == 66.7
    cells = course.question_grades().set_index(["student", "grade_id"])
    assert cells.loc[("hv-lap-vo-han", "cau-1-dap-an"), "manual_score"] == 2.0
    with pytest.raises(ValueError, match="ngoài khoảng"):
        course.set_manual_grade("co-mau", "hv-dung", "co-mau", "cau-1-dap-an", 5)
    with pytest.raises(ValueError, match="Không tìm thấy câu"):
        course.set_manual_grade("co-mau", "hv-dung", "co-mau", "khong-co", 1)

    csv = course.export(tmp_path / "diem.csv").read_text(encoding="utf-8-sig")
    header, *rows = csv.splitlines()
    assert header.split(",")[:3] == ["student", "co-mau", "co-mau (%)"]
    assert "co-mau/cau-1-dap-an" in header and "co-mau/cau-1-dinh-dang" not in header  # it earns nothing
    assert any(r.startswith("hv-lap-vo-han,2.0,66.7") for r in rows)
    assert any(r.startswith("hv-xoa-kiem-tra,3.0,100.0") for r in rows)

    book = openpyxl.load_workbook(course.export(tmp_path / "diem.xlsx"))
    assert book.sheetnames == ["Bảng điểm", "Từng câu"]
    sheet = book["Bảng điểm"]
    head = [c.value for c in sheet[1]]
    assert head[:3] == ["student", "co-mau", "co-mau (%)"] and "co-mau/cau-1-dap-an" in head
    rows = {r[0]: dict(zip(head, r)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["hv-dung"]["co-mau"] == 3 and rows["hv-sai"]["co-mau/cau-1-dap-an"] == 0
    assert rows["hv-lap-vo-han"]["co-mau/cau-1-dap-an"] == 2
    assert rows["hv-xoa-kiem-tra"]["co-mau/cau-1-dap-an"] == 3  # the deleted test, put back
    assert len(rows) == len(CLASS)


def test_grade_command_and_xlsx_export_from_the_command_line(graded, tmp_path):
    from click.testing import CliRunner

    from thamvan_lib.cli import main

    course, *_ = graded
    base = ["course", "--course-dir", str(course.root), "--exchange", str(course.exchange)]
    result = CliRunner().invoke(main, base + ["grade", "co-mau", "hv-sua-kiem-tra", "cau-1-dap-an", "1"])
    assert result.exit_code == 0, result.output
    assert "Đã ghi 1.0 điểm cho hv-sua-kiem-tra" in result.output
    result = CliRunner().invoke(main, base + ["grade", "co-mau", "hv-dung", "cau-1-dap-an", "9"])
    assert result.exit_code == 1 and "ngoài khoảng" in result.output
    result = CliRunner().invoke(main, base + ["export", str(tmp_path / "diem.xlsx")])
    assert result.exit_code == 0 and (tmp_path / "diem.xlsx").exists()
