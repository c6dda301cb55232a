"""A graded nbgrader class, built the one way every suite needs it: import the exercises,
release, each trainee fetches, answers and submits, collect, autograde. And what trainees
do to ``co-mau``: type on its answer sheet (``answers.json``), or tamper with its cells."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from thamvan_lib.answers import AnswerFile
from thamvan_lib.grading.course import Course

from . import trainee

ANSWER, TEST = "cau-1-tra-loi", "cau-1-dap-an"  # co-mau's answer cell and its hidden test

# The trainees of the small ``co-mau`` class, as typed on the sheet: 371 is the right sample
# size, 385 forgets the finite population correction, None leaves the answer blank.
CO_MAU_CLASS = {"hv-an": "371 người", "hv-binh": "385", "hv-chau": "385", "hv-dung": None}

Edit = Callable[[Path], None]


def cell(nb, grade_id: str):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def edit_cells(change: Callable[[nbformat.NotebookNode], None]) -> Edit:
    """A trainee's edit of a notebook file, made by ``change`` on its cells."""
    def edit(path: Path) -> None:
        nb = nbformat.read(path, as_version=4)
        change(nb)
        nbformat.write(nb, path)
    return edit


def on_sheet(answers: dict[str, str]) -> Edit:
    """What a trainee types on the answer sheet: ``answers.json`` beside the notebook."""
    def edit(path: Path) -> None:
        AnswerFile(path.parent).save(answers)
    return edit


def type_answer(text: str) -> Callable[[nbformat.NotebookNode], None]:
    """``text`` typed into ``co-mau``'s answer cell in JupyterLab (code, not the sheet)."""
    def change(nb):
        answer = cell(nb, ANSWER)
        answer.source = answer.source + "\n" + text
    return change


def leave_blank(nb) -> None:
    """The notebook handed in as fetched."""


def both(*edits: Edit) -> Edit:
    def edit(path: Path) -> None:
        for one in edits:
            one(path)
    return edit


def _edit_the_test(nb) -> None:
    cell(nb, TEST).source = "assert True"


def _delete_the_test(nb) -> None:
    nb.cells.remove(cell(nb, TEST))


# a wrong answer, and the visible copy of the hidden test made to pass
edit_the_test = both(on_sheet({"co_mau": "385"}), edit_cells(_edit_the_test))
# a right answer, and the test removed
delete_the_test = both(on_sheet({"co_mau": "371"}), edit_cells(_delete_the_test))


def break_json(path: Path) -> None:
    path.write_text('{"cells": [ {"cell_type": "code", "sour', encoding="utf-8")


def answer_co_mau(value: str | None) -> Edit:
    """The trainee's answer to ``co-mau``: the sample size typed on the sheet (None: left blank)."""
    return on_sheet({"co_mau": value}) if value else edit_cells(leave_blank)


def hand_in(course: Course, assignment: str, student: str, home: Path, edit: Edit | None = None) -> Path:
    """A trainee fetches the released assignment into ``home``, edits the notebook file and submits it."""
    notebook = trainee.fetch(course, assignment, student, home) / f"{assignment}.ipynb"
    if edit:
        edit(notebook)
    trainee.submit(course, assignment, student, home)
    return notebook


def released_course(folder: Path, handed_in: dict[str, Edit], assignment: str = "co-mau") -> Course:
    """A course in ``folder/course`` and ``folder/exchange`` with ``assignment`` released and
    handed in by every trainee of ``handed_in`` (homes in ``folder/homes/<student>``)."""
    course = Course(folder / "course", folder / "exchange")
    course.import_exercises()
    course.release(assignment)
    for student, edit in handed_in.items():
        hand_in(course, assignment, student, folder / "homes" / student, edit)
    return course


@dataclass(frozen=True)
class GradedClass:
    """Where a graded class lives, and what ``collect`` and ``autograde`` answered."""
    folder: Path
    collected: list[str]
    scores: dict


def graded_class(folder: Path, answers: dict[str, str | None] = CO_MAU_CLASS, **autograde) -> GradedClass:
    """The ``co-mau`` class released, handed in, collected and autograded in ``folder``."""
    course = released_course(folder, {student: answer_co_mau(value) for student, value in answers.items()})
    collected = course.collect("co-mau")
    return GradedClass(folder, collected, course.autograde("co-mau", **autograde))


def copy_class(graded: GradedClass, target: Path) -> Course:
    """A copy of a graded class a test may change (feedback, manual grades) without touching
    the one the session shares."""
    for part in ("course", "exchange"):
        shutil.copytree(graded.folder / part, target / part)
    return Course(target / "course", target / "exchange")
