"""Every graded exercise through one real nbgrader cycle: release, fetch, submit, collect,
autograde, manual grades, feedback, export. Each exercise gets a whole class: a good answer
typed on the answer sheet (``answers.json``, written as people write on paper) or into the
fill-in templates of the exercises that have no sheet yet, a partial answer, an untouched notebook, the source notebook
itself (the key: it must earn every autograded point, as ``nbgrader validate`` would check),
and the broken submissions: a value of the wrong type, a syntax error, an endless loop, an
edited and a deleted test cell, a file that is not JSON. The expected scores are data below,
worked out by hand from the points of each answer, never from the code under test."""

from __future__ import annotations

import ast
import csv
import html as html_lib
import re
import shutil
from functools import partial

import nbformat
import pytest

from tests.support.course import hand_in
from thamvan_lib import content, locations
from thamvan_lib.answers import AnswerFile, choices, sheet_spec
from thamvan_lib.grading.autograde import Flag
from thamvan_lib.grading.course import Course
from thamvan_lib.trainer_notes import load_notes, note_texts

pytestmark = pytest.mark.slow

# Seconds per cell, per exercise. The slowest legitimate cells (the first import of pandas or
# of the grading helpers) took up to 7.5 s on a loaded 2-core machine, co-mau's 0.2 s; dieu-hanh's
# answer sheet opens some 300 widget comms, past 12 s on the same machine under a full suite.
# The endless loop waits this long, in one worker, while the others grade the rest of the class.
TIMEOUT = {"co-mau": 3, "co-mau-phieu-hoi": 12, "dieu-hanh": 30, "bien-ban": 12, "ke-hoach": 12,
           "phan-tich": 12, "du-an-luat": 12}
# The endless loop sleeps instead of spinning: what is tested is nbgrader stopping a cell
# that never ends, and a spinning loop would take a core from the other workers for the
# whole time limit (test_robust_autograde has the spinning one, with a short limit, on co-mau).
LOOP = "import time\nwhile True:  # vòng lặp vô hạn / endless loop\n    time.sleep(0.2)\n"

# The class, in the order grading starts: the endless loop first, so its wait overlaps the rest.
STUDENTS = ("hv-lap-vo-han", "hv-dung", "hv-mot-phan", "hv-chua-lam", "hv-nguon", "hv-sai-kieu",
            "hv-loi-cu-phap", "hv-sua-kiem-tra", "hv-xoa-kiem-tra", "hv-json-hong")
# exercise → autograded points
POINTS = {"co-mau": 3, "dieu-hanh": 12, "bien-ban": 19, "ke-hoach": 5, "co-mau-phieu-hoi": 9,
          "phan-tich": 7, "du-an-luat": 20}
# exercise → (changes to the good answer, a reason the feedback must show)
PARTIAL = {
    "co-mau": ({"co_mau": "385"}, "Cỡ mẫu chưa đúng"),
    "dieu-hanh": ({"luot_03_lam_sai": '""', "luot_26_lam_sai": '"ngon-ngu-de-hieu"'},
                  "còn thiếu tiêu chí"),
    "bien-ban": ({"dong_06": '"dung"', "dong_12": '"bo-sot"', "luot_bi_bo_sot": '"9"',
                  "dong_02": '"them-y-kien"', "noi_dung_thuoc": "[1, 3, 1]"},
                 "lỗi bạn chưa tìm ra"),
    "ke-hoach": ({"sai_so": "10%", "tong_kinh_phi": "220000000"}, "(budget.total) chưa đúng với đề bài"),
    "co-mau-phieu-hoi": ({"binh_minh": "228", "cau_c2": '"Ông/bà có đồng ý rằng nhân viên trạm y tế '
                          'xã phục vụ rất tận tình không?"'}, "cụm từ dẫn dắt"),
    "phan-tich": ({"ty_le_thieu_thuoc": "40.0"}, "bạn ghi 40: chưa đúng"),
    # a reasoned, evidenced view on the family doctor filed as out of scope; an objection the
    # chair's conclusion rejects proposed for uptake in part
    "du-an-luat": ({"dieu_2": '"ngoai-pham-vi"', "de_xuat_9": '"tiep-thu-mot-phan"'},
                   "kết luận của đồng chí chủ trì"),
}
# exercise → how the broken submissions break it: a value of the wrong type (on the good
# answer), the answer cell with a syntax error, the answer cell that loops, the test cell
# edited to ``assert True`` (on the partial answer), the test cells deleted (on the good answer)
BROKEN = {
    "co-mau": dict(wrong_type={"co_mau": "ba trăm bảy mươi"}, syntax="cau-1-tra-loi", loop="cau-1-tra-loi",
                   edited="cau-1-dap-an", deleted=("cau-1-dap-an",)),
    "co-mau-phieu-hoi": dict(wrong_type={"binh_minh": "hai trăm"},
                             syntax="cau-1-tra-loi", loop="cau-2-tra-loi", edited="cau-2-cham",
                             deleted=("cau-1-cham",)),
    "dieu-hanh": dict(wrong_type={"luot_01_lam_dung": "1.2"}, syntax="cau-1-tra-loi",
                      loop="cau-1-tra-loi", edited="cau-1-cham", deleted=("cau-1-cham",)),
    "bien-ban": dict(wrong_type={"noi_dung_thuoc": "một, ba, hai"}, syntax="cau-2-tra-loi",
                     loop="cau-1-tra-loi", edited="cau-1-cham", deleted=("cau-2a-cham", "cau-2b-cham")),
    "ke-hoach": dict(wrong_type={"tong_kinh_phi": "hai trăm ba mươi mốt triệu"}, syntax="cau-1-tra-loi",
                     loop="cau-1-tra-loi", edited="cau-1-cham", deleted=("cau-1-cham",)),
    "phan-tich": dict(wrong_type={"so_phieu_an_binh": "hai mươi bốn"}, syntax="cau-1-tra-loi",
                      loop="cau-1-tra-loi", edited="cau-1b-cham", deleted=("cau-1a-cham",)),
    "du-an-luat": dict(wrong_type={"dieu_7": "đường giao thông"}, syntax="cau-1-tra-loi",
                       loop="cau-1-tra-loi", edited="cau-2-cham", deleted=("cau-1-cham", "cau-2-cham")),
}
# The autograded score of each trainee, in the order of STUDENTS; None: not graded.
# An edited test is put back by nbgrader, a deleted one by the kit: those score as their answers.
# co-mau: one test of 3 points; the format self-check earns nothing. A sample size the sheet
#   cannot read ("ba trăm bảy mươi") earns nothing either.
# co-mau-phieu-hoi: question 1 is 3 points, question 2 (three questions rewritten) 6: a count
#   the sheet cannot read ("hai trăm") loses its 1; the syntax error loses question 1; the loop
#   in question 2's cell is stopped, and question 2's answers, read from the sheet by question
#   1's cell, are graded all the same.
# dieu-hanh: the 12 lines the key gives criteria carry 1 point each (a line with none only
#   costs half a point per false alarm). Partial: turn 3's broken criterion left out loses 1,
#   turn 26 with one of its three 2/3; "1.2", no criterion's code, loses turn 1's point.
# bien-ban: question 1 is 10 points, 2a 5 (one per topic row), 2b 4. Partial: line 6 missed,
#   line 12 misnamed, turn 27 missed, line 2 a false alarm, one wrong count:
#   5·7/9 + 3·6/9 + 2·7/8 = 7.64 for the errors, 5 − 1/3 = 4.67 and 4 for the tables. A row
#   written in words is one row of 2a; the syntax error in question 2's cell costs nothing (its
#   answers were read from the sheet by question 1's cell), the loop in question 1's loses 1.
# ke-hoach: groups of 2 (margin, confidence, population), 1, 1 and 1 (budget). Partial: a
#   margin of 10% costs a third of the first group, a wrong total the budget; a budget written
#   in words costs the budget.
# phan-tich: 1a is 3 counts of 1 point, 1b 4 values of 1; a count written in words is one count.
# du-an-luat: 10 opinions, each 1 point for its provision (question 1) and 1 for the proposal
#   (question 2). Partial: opinion 2 misfiled and opinion 9's proposal wrong, 9 + 9; a
#   provision that is not on the list ("đường giao thông") is opinion 7 unanswered in question
#   1; every answer is read in question 1's cell, so its loop and its syntax error lose both.
SCORES = {
    #                   loop good  partial blank key  type  syntax edited deleted json
    "co-mau":           (0,   3,   0,      0,    3,   0,    0,     0,     3,      None),
    "co-mau-phieu-hoi": (9,   9,   6,      0,    9,   8,    6,     6,     9,      None),
    "dieu-hanh":        (0,   12,  10.33,  0,    12,  11,   0,     10.33, 12,     None),
    "bien-ban":         (9,   19,  16.31,  0,    19,  18,   19,    16.31, 19,     None),
    "ke-hoach":         (0,   5,   3.33,   0,    5,   4,    0,     3.33,  5,      None),
    "phan-tich":        (0,   7,   6,      0,    7,   6,    0,     6,     7,      None),
    "du-an-luat":       (0,   20,  18,     0,    20,  19,   0,     18,    20,     None),
}
FLAGS = {"hv-lap-vo-han": "timeout", "hv-sua-kiem-tra": "tampered", "hv-xoa-kiem-tra": "deleted_cell",
         "hv-json-hong": "invalid_notebook", "hv-sai-kieu": "unreadable_answers"}
# The trainer's grades of the written answers (markdown cells; co-mau, co-mau-phieu-hoi and
# bien-ban have none): trainee → exercise → cell → points
MANUAL = {
    "hv-dung": {"dieu-hanh": {"cau-2a-tra-loi": 2, "cau-2b-tra-loi": 1.5, "cau-2c-tra-loi": 1},
                "ke-hoach": {"cau-2-tra-loi": 1.5}, "phan-tich": {"cau-2-tra-loi": 4},
                "du-an-luat": {"cau-3-tra-loi": 3.5}},
    "hv-mot-phan": {"dieu-hanh": {"cau-2a-tra-loi": 0, "cau-2b-tra-loi": 2, "cau-2c-tra-loi": 0.5},
                    "ke-hoach": {"cau-2-tra-loi": 2}, "phan-tich": {"cau-2-tra-loi": 2.5},
                    "du-an-luat": {"cau-3-tra-loi": 1}},
}
# Trainees of one exercise only: the realistic answers of its class besides the good one
# (hv-dung), the empty sheet (hv-chua-lam) and the unreadable answer (hv-sai-kieu). Each is
# the good answer with changes (None: left empty) and the autograded score worked out by hand.
# du-an-luat (1 point per provision, 1 per proposal):
#   hv-cau-tha, a careless officer: opinion 6 filed under the choice of care and opinion 10
#     under funding, opinion 9 left empty (provisions 7/10); opinions 1 and 8 proposed for
#     uptake, Ms Mỷ's allowance proposed as not taken up, opinion 9 left empty (proposals
#     6/10): 13.
#   hv-tiep-thu-het, who takes everything up: every proposal "tiếp thu", right only for the
#     four opinions the chair's conclusions take up whole (2, 5, 6, 10), and the two
#     out-of-scope opinions filed under a provision (provisions 8/10): 12.
EXTRA = {
    "du-an-luat": {
        "hv-cau-tha": ({"dieu_6": '"noi-kham-ban-dau"', "dieu_10": '"kinh-phi-tram"', "dieu_9": None,
                        "de_xuat_1": '"tiep-thu"', "de_xuat_8": '"tiep-thu"', "de_xuat_3": '"khong-tiep-thu"',
                        "de_xuat_9": None}, 13),
        "hv-tiep-thu-het": ({**{f"de_xuat_{n}": '"tiep-thu"' for n in range(1, 11)},
                             "dieu_3": '"bac-si-gia-dinh"', "dieu_7": '"kinh-phi-tram"'}, 12),
    },
}
SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)\n### END SOLUTION", re.S)
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)\n### END HIDDEN TESTS", re.S)


# The good answers as trainees write them on paper: the sheet reads them as the key's values.
TYPED = {"co-mau": {"co_mau": "371 người"},
         "ke-hoach": {"sai_so": "3%", "do_tin_cay": "95 %", "quy_mo_tong_the": "129.700",
                      "co_mau_phieu_hoi": "1.600 phiếu", "han_nhan_y_kien": "17/04/2026",
                      "tong_kinh_phi": "231.500.000 đồng"}}


def _has_sheet(name: str) -> bool:
    return (content.content_root() / "exercises" / "sheets" / f"{name}.yaml").exists()


def _typed(value: str) -> str:
    """A key's Python value (``"Ông/bà…"``, ``370``) as a trainee types it on the sheet."""
    try:
        value = ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return value
    return value if isinstance(value, str) else str(value)


def _cells(path):
    return nbformat.read(path, as_version=4)


def _cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _source(name: str):
    return _cells(locations.exercises() / name / f"{name}.ipynb")


def _source_answers(name: str) -> tuple[dict[str, str], dict[str, str]]:
    """The key's answers as a trainee would type them: ``name = value`` lines of the solution
    regions, and the model texts of the manually graded cells."""
    lines, texts = {}, {}
    for cell in _source(name).cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("solution"):
            continue
        if cell.cell_type == "markdown":
            texts[meta["grade_id"]] = cell.source
            continue
        for line in SOLUTION.search(cell.source).group(1).splitlines():
            var, value = line.split(" = ", 1)
            lines[var.strip()] = value.strip()
    return lines, texts


def _fill(nb, values: dict[str, str], texts: dict[str, str]) -> None:
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and meta.get("grade_id") in texts:
            cell.source = texts[meta["grade_id"]]
        elif cell.cell_type == "code" and meta.get("solution"):
            for var, value in values.items():
                cell.source = re.sub(rf"(?m)^{re.escape(var)} = None\b", f"{var} = {value}", cell.source)
            assert "= None" not in cell.source, cell.source


def _hand_in(name: str, student: str, notebook) -> None:
    """Turn the fetched ``notebook`` (a path) into what ``student`` hands in for ``name``."""
    if student == "hv-nguon":
        shutil.copy(locations.exercises() / name / f"{name}.ipynb", notebook)
        return
    if student == "hv-json-hong":
        notebook.write_text('{"cells": [ {"cell_type": "code", "sour', encoding="utf-8")
        return
    good, texts = _source_answers(name)
    changes, broken = PARTIAL[name][0], dict(BROKEN[name])
    if _has_sheet(name):
        good = {var: _typed(value) for var, value in good.items()} | TYPED.get(name, {})
        changes = {var: _typed(value) for var, value in changes.items()}
        broken["wrong_type"] = {var: _typed(value) for var, value in broken["wrong_type"].items()}
    partial = {**good, **changes}
    nb = _cells(notebook)
    answers = {}
    if student in EXTRA.get(name, {}):
        own = EXTRA[name][student][0]
        answers = {var: value for var, value in {**good, **own}.items() if var not in own or own[var] is not None}
        answers = {var: _typed(value) for var, value in answers.items()} if _has_sheet(name) else answers
    elif student in ("hv-dung", "hv-loi-cu-phap", "hv-lap-vo-han", "hv-xoa-kiem-tra"):
        answers = good
    elif student in ("hv-mot-phan", "hv-sua-kiem-tra"):
        answers = partial
    elif student == "hv-sai-kieu":
        answers = {**good, **broken["wrong_type"]}
    if answers and _has_sheet(name):  # written answers too: on the sheet, into their cells when graded
        written = {item.id: texts[item.cell] for item in sheet_spec(name).items if item.cell in texts}
        AnswerFile(notebook.parent).save({**answers, **written})
    elif answers:
        _fill(nb, answers, texts)
    if student == "hv-loi-cu-phap":
        cell = _cell(nb, broken["syntax"])
        cell.source, changed = re.subn(r"(?m)^(\w+) = ", r"\1 = = ", cell.source, count=1)
        if not changed:  # a sheet's answer cell has no assignment left after release: type one
            cell.source += "\ncau_tra_loi = = 1"
        with pytest.raises(SyntaxError):
            compile(cell.source, "cell", "exec")
    elif student == "hv-lap-vo-han":
        _cell(nb, broken["loop"]).source = LOOP + _cell(nb, broken["loop"]).source
    elif student == "hv-sua-kiem-tra":
        _cell(nb, broken["edited"]).source = "assert True"
    elif student == "hv-xoa-kiem-tra":
        for grade_id in broken["deleted"]:
            nb.cells.remove(_cell(nb, grade_id))
    nbformat.write(nb, notebook)


def _students(name: str) -> tuple[str, ...]:
    """The class of ``name``: every exercise's trainees, then its own."""
    return STUDENTS + tuple(EXTRA.get(name, {}))


def _expected(name: str, student: str) -> float | None:
    if student in EXTRA.get(name, {}):
        return EXTRA[name][student][1]
    return SCORES[name][STUDENTS.index(student)]


def _wanted(request) -> list[str]:
    """The exercises the selected tests of this module are about (``-k du-an-luat`` grades one
    class, not seven); all of them when a selected test is about no single exercise."""
    names = set()
    for item in request.session.items:
        if item.module is not request.module:
            continue
        name = getattr(item, "callspec", None) and item.callspec.params.get("name")
        if not name:
            return list(POINTS)
        names.add(name)
    return [name for name in POINTS if name in names]


def _manual_cells(name: str) -> set[str]:
    return {c.metadata["nbgrader"]["grade_id"] for c in _source(name).cells
            if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("grade")}


@pytest.fixture(scope="module")
def course(tmp_path_factory, request):
    """The whole cycle, once: release, hand in, autograde, manual grades, feedback, export."""
    tmp = tmp_path_factory.mktemp("exercises")
    course = Course(tmp / "course", tmp / "exchange")
    assert set(POINTS) <= set(course.import_exercises())
    results, pages = {}, {}
    wanted = _wanted(request)
    for name in wanted:
        course.release(name)
        for student in _students(name):
            hand_in(course, name, student, tmp / "homes" / student, partial(_hand_in, name, student))
        assert course.collect(name) == sorted(_students(name))
        results[name] = course.autograde(name, list(_students(name)), timeout=TIMEOUT[name])
    for student, grades in MANUAL.items():
        for name, cells in grades.items():
            for grade_id, score in cells.items():
                if name in wanted:
                    course.set_manual_grade(name, student, name, grade_id, score)
    for name in wanted:
        pages[name] = course.feedback(name)
    exports = course.export(tmp / "diem.csv"), course.export(tmp / "diem.xlsx")
    return course, results, pages, exports


def test_there_are_at_least_five_new_exercises():
    names = {p.name for p in locations.exercises().iterdir() if p.is_dir()}
    assert set(POINTS) <= names and len(names - {"co-mau"}) >= 5


@pytest.mark.parametrize("name", list(POINTS))
def test_released_version_holds_no_key(course, name):
    course, *_ = course
    good, texts = _source_answers(name)
    notes = [t for lang in ("vi", "en") for t in note_texts(load_notes()[("exercise", name)], lang) if len(t) > 25]
    assert notes
    released = course.root / "release" / name / f"{name}.ipynb"
    outbound = course.exchange / course.course_id / "outbound" / name / f"{name}.ipynb"
    for path in (released, outbound):
        raw = path.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in raw and "HIDDEN TESTS" not in raw and "DAP_AN" not in raw
        sources = "\n".join(c.source for c in _cells(path).cells)
        for var, value in good.items():
            assert f"{var} = {value}" not in sources
        for text in texts.values():
            assert text not in sources
        assert "CÂU TRẢ LỜI LẤY TỪ PHIẾU TRẢ LỜI Ở TRÊN" in sources
        leaked = [t for t in notes if t in sources]
        assert not leaked, leaked[:2]  # the trainer's note on this exercise stays with the trainer


@pytest.mark.parametrize("name", list(POINTS))
def test_the_table_gives_the_good_answer_and_the_key_every_autograded_point(name):
    assert _expected(name, "hv-dung") == _expected(name, "hv-nguon") == POINTS[name]


@pytest.mark.parametrize("name", list(POINTS))
def test_every_submission_gets_its_expected_score_and_flag(course, name):
    _, results, *_ = course
    got = {}
    for student, outcome in results[name].items():
        score, kind = (outcome.score, outcome.kind) if isinstance(outcome, Flag) else (outcome, None)
        got[student] = (None if score is None else round(score, 2), kind)
    flagged = "\n".join(f"{s}: {o}" for s, o in results[name].items() if isinstance(o, Flag))
    assert got == {s: (_expected(name, s), FLAGS.get(s)) for s in _students(name)}, flagged  # with the flags' reasons


@pytest.mark.parametrize("name", list(POINTS))
def test_flags_name_the_cells(course, name):
    _, results, *_ = course
    assert BROKEN[name]["loop"] in results[name]["hv-lap-vo-han"].reason
    assert f"sửa ô kiểm tra {BROKEN[name]['edited']}" in results[name]["hv-sua-kiem-tra"].reason
    assert f"xóa ô kiểm tra {', '.join(BROKEN[name]['deleted'])}" in results[name]["hv-xoa-kiem-tra"].reason
    assert "không phải JSON hợp lệ" in results[name]["hv-json-hong"].reason
    [(var, typed)] = BROKEN[name]["wrong_type"].items()  # never silently zeroed: what was written
    assert var in results[name]["hv-sai-kieu"].reason and _typed(typed) in results[name]["hv-sai-kieu"].reason


@pytest.mark.parametrize("name", list(POINTS))
def test_deleted_test_cells_are_put_back_where_they_were_and_run(course, name):
    course, *_ = course
    released = _cells(course.root / "release" / name / f"{name}.ipynb")
    graded = _cells(course.root / "autograded" / "hv-xoa-kiem-tra" / name / f"{name}.ipynb")
    order = lambda nb: [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    assert order(graded) == order(released)
    for grade_id in BROKEN[name]["deleted"]:
        cell = _cell(graded, grade_id)
        assert cell.execution_count and "HIDDEN TESTS" in cell.source  # the real test ran


def test_gradebook_max_scores(course):
    course, *_ = course
    grades = course.grades()
    with course.api().gradebook as gradebook:
        for name, points in POINTS.items():
            assignment = gradebook.find_assignment(name)
            manual = sum(c.max_score for n in assignment.notebooks for c in n.grade_cells
                         if c.cell_type == "markdown")
            assert assignment.max_score - manual == points
    assert set(grades["assignment"]) >= set(POINTS)


@pytest.mark.parametrize("student", list(MANUAL))
def test_every_written_answer_got_a_manual_grade(course, student):
    course, *_ = course
    assert {name: set(cells) for name, cells in MANUAL[student].items()} == \
        {name: _manual_cells(name) for name in POINTS if _manual_cells(name)}
    cells = course.question_grades().set_index(["assignment", "student", "grade_id"])
    for name, scores in MANUAL[student].items():
        for grade_id, score in scores.items():
            assert cells.loc[(name, student, grade_id), "manual_score"] == score
            assert not cells.loc[(name, student, grade_id), "needs_manual_grade"]


def _total(name: str, student: str) -> float:
    """What the export must show: the autograded score plus the trainer's grades (a
    submission that could not be graded counts 0)."""
    return (_expected(name, student) or 0) + sum(MANUAL.get(student, {}).get(name, {}).values())


def test_csv_export_totals_are_autograde_plus_manual(course):
    *_, (path, _) = course
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = {row["student"]: row for row in csv.DictReader(f)}
    assert set(rows) == {s for name in POINTS for s in _students(name)}
    got = {(name, s): float(rows[s][name]) for name in POINTS for s in _students(name)}
    assert got == pytest.approx({(name, s): _total(name, s) for name in POINTS for s in _students(name)},
                                abs=0.005)


def test_xlsx_export_totals_are_autograde_plus_manual(course):
    import openpyxl

    *_, (_, path) = course
    sheet = openpyxl.load_workbook(path)["Bảng điểm"]
    head = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(head, r)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {s for name in POINTS for s in _students(name)}
    got = {(name, s): rows[s][name] for name in POINTS for s in _students(name)}
    assert got == pytest.approx({(name, s): _total(name, s) for name in POINTS for s in _students(name)},
                                abs=0.005)


def _page_text(page, without_styles: bool = False) -> str:
    """A feedback page as a reader sees it: tags gone (code is split into highlighted spans)."""
    raw = page.read_text(encoding="utf-8")
    if without_styles:
        raw = re.sub(r"(?s)<(style|script)\b.*?</\1>", "", raw)
    return html_lib.unescape(re.sub(r"<[^>]+>", "", raw))


@pytest.mark.parametrize("name", list(POINTS))
def test_feedback_for_every_graded_trainee_without_hidden_tests(course, name):
    course, results, pages, _ = course
    graded = {s for s, o in results[name].items() if not isinstance(o, Flag) or o.score is not None}
    assert {p.parent.parent.name for p in pages[name]} == graded
    released = {line.strip() for c in _cells(course.root / "release" / name / f"{name}.ipynb").cells
                for line in c.source.splitlines()}
    hidden = {line.strip() for block in HIDDEN.findall("\n".join(c.source for c in _source(name).cells))
              for line in block.splitlines() if len(line.strip()) > 12} - released
    assert hidden
    for page in pages[name]:
        text = _page_text(page)
        assert "HIDDEN TESTS" not in text and "DAP_AN" not in text
        for line in hidden:
            assert line not in text, (page, line)
        if "hv-nguon" not in page.parts:  # the trainee who handed in the key itself
            assert "BEGIN SOLUTION" not in text


@pytest.mark.parametrize("name", list(POINTS))
def test_feedback_explains_lost_points_in_vietnamese_then_english(course, name):
    _, _, pages, _ = course
    text = _page_text(next(p for p in pages[name] if "hv-mot-phan" in p.parts))
    assert PARTIAL[name][1] in text
    if name != "co-mau":   # co-mau's test cell predates the grading helpers
        # every lost point explained, Vietnamese report first, English second
        assert re.search(r"mất [\d,]+ điểm\).*?lost [\d.]+ points\)", text, re.S)


def _spellings(value) -> set[str]:
    """How a key's value could be shown: as written in the key, in Vietnamese and in English."""
    try:
        value = ast.literal_eval(value)
    except (ValueError, SyntaxError):
        pass
    if isinstance(value, str):  # a label (a code listed for everyone) is checked in test_checks
        return set() if re.fullmatch(r"[a-z0-9-]+", value) or len(value) < 4 else {value}
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return set()
    shown = {f"{value:g}", f"{value:g}".replace(".", ",")}
    if float(value).is_integer():
        shown |= {f"{int(value):,}", f"{int(value):,}".replace(",", ".")}
    return {s for s in shown if len(s) >= 2}


@pytest.mark.parametrize("name", list(POINTS))
def test_no_feedback_of_a_wrong_answer_gives_the_key_away(course, name):
    """A key value the trainee did not write, and that the exercise does not give, never
    appears in their feedback: the next class would have the key."""
    course, _, pages, _ = course
    good, _ = _source_answers(name)
    page = next(p for p in pages[name] if "hv-mot-phan" in p.parts)
    text = _page_text(page, without_styles=True)
    # what the exercise gives everyone (its texts, its data tables): the page of a blank sheet
    given = _page_text(next(p for p in pages[name] if "hv-chua-lam" in p.parts), without_styles=True)
    wrote = {var: _typed(value) for var, value in PARTIAL[name][0].items()}
    checked = 0
    for var in wrote:
        for spelling in _spellings(good[var]) - _spellings(PARTIAL[name][0][var]):
            if re.search(rf"(?<![\w.,]){re.escape(spelling)}(?![\w,]|\.\d)", given):
                continue  # given by the exercise itself
            checked += 1
            assert not re.search(rf"(?<![\w.,]){re.escape(spelling)}(?![\w,]|\.\d)", text), (var, spelling)
    # a choice is shown by its name: the reasons of a lost point never name the key's choice
    if "grade_choices" in "\n".join(c.source for c in _source(name).cells):
        items = {item.id: item for item in sheet_spec(name).items}
        lost = "\n".join(re.findall(r"✗[^\n]*\n[^\n✗]*", text))
        for var in wrote:
            right = dict(choices(items[var]))[ast.literal_eval(good[var])]
            assert lost and f"“{right['vi']}”" not in lost and f"“{right['en']}”" not in lost, (var, right)
            checked += 1
    # dieu-hanh has labels only (its messages are checked in test_checks);
    # phan-tich's key value also appears in its data table
    assert checked or name in ("dieu-hanh", "phan-tich")
