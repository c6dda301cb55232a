"""Deleted test cells go back where they were: the placing alone, without nbgrader (the real
cycle is in test_exercises and test_robust_autograde)."""

from __future__ import annotations

import copy

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from thamvan_lib.grading.preprocessors import put_back_tests


def _meta(grade_id, **flags):
    return {"nbgrader": {"grade_id": grade_id, "grade": False, "solution": False, "locked": False,
                         "schema_version": 3, **flags}}


def _test(grade_id):
    return new_code_cell(f"assert {grade_id.replace('-', '_')}", metadata=_meta(grade_id, grade=True,
                                                                             locked=True, points=1))


RELEASED = new_notebook(cells=[
    new_markdown_cell("# Bài tập", metadata=_meta("gioi-thieu", locked=True)),
    new_code_cell("import pandas as pd"),                                   # no grade id
    new_code_cell("x = None", metadata=_meta("cau-1-tra-loi", solution=True)),
    new_code_cell("format_check(x)", metadata=_meta("cau-1-dinh-dang", locked=True)),
    _test("cau-1-cham"),
    new_code_cell("y = None", metadata=_meta("cau-2-tra-loi", solution=True)),
    _test("cau-2a-cham"),
    _test("cau-2b-cham"),
])


def _order(nb):
    return [c.metadata.get("nbgrader", {}).get("grade_id") or c.source for c in nb.cells]


def _handed_in(*deleted_ids):
    nb = copy.deepcopy(RELEASED)
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") not in deleted_ids]
    return nb


def test_nothing_deleted_nothing_changed():
    nb = _handed_in()
    assert put_back_tests(nb, RELEASED) == [] and _order(nb) == _order(RELEASED)


def test_a_test_after_a_read_only_cell_goes_back_after_it():
    nb = _handed_in("cau-1-cham")
    assert put_back_tests(nb, RELEASED) == ["cau-1-cham"]
    assert _order(nb) == _order(RELEASED)


def test_consecutive_tests_go_back_in_order():
    nb = _handed_in("cau-2a-cham", "cau-2b-cham")
    assert put_back_tests(nb, RELEASED) == ["cau-2a-cham", "cau-2b-cham"]
    assert _order(nb) == _order(RELEASED)


def test_a_test_whose_neighbours_were_deleted_too_follows_the_nearest_kept_cell():
    nb = _handed_in("cau-1-dinh-dang", "cau-1-cham", "cau-2-tra-loi", "cau-2a-cham")
    assert put_back_tests(nb, RELEASED) == ["cau-1-cham", "cau-2a-cham"]
    assert _order(nb) == ["gioi-thieu", "import pandas as pd", "cau-1-tra-loi", "cau-1-cham",
                          "cau-2a-cham", "cau-2b-cham"]


def test_cells_without_a_grade_id_are_found_by_their_cell_id():
    released = copy.deepcopy(RELEASED)
    released.cells.insert(5, new_code_cell("print(x)"))    # a plain cell right before cau-2
    released.cells.insert(7, new_code_cell("print(y)"))    # and one right before cau-2a-cham
    nb = copy.deepcopy(released)
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "cau-2a-cham"]
    nb.cells.append(new_code_cell("# ô nháp của học viên"))  # a scratch cell at the end
    assert put_back_tests(nb, released) == ["cau-2a-cham"]
    assert _order(nb) == _order(released) + ["# ô nháp của học viên"]


def test_a_first_cell_goes_back_first_with_an_id_of_its_own():
    released = new_notebook(cells=[_test("cau-0-cham")] + copy.deepcopy(RELEASED.cells))
    nb = copy.deepcopy(RELEASED)
    assert put_back_tests(nb, released) == ["cau-0-cham"]
    assert _order(nb) == _order(released)
    assert nb.cells[0].id != released.cells[0].id and nb.cells[0].outputs == []
