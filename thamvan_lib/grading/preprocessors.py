"""The kit's nbgrader preprocessors: deleted test cells put back before grading, short
tracebacks in feedback; and how they read a notebook's graded cells."""

from __future__ import annotations

from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from .exercises import read_notebook


class RestoreDeletedTests(Preprocessor):
    """Put back the test cells a trainee deleted, so that they run and are graded (the
    trainer is still told: flag ``deleted_cell``). nbgrader restores edited test cells
    (``OverwriteCells``) but not deleted ones; its ``OverwriteCells.add_missing_cells``
    fails (KeyError) when the cell before a test is a read-only cell, as in most exercises.

    A missing test is copied from the released notebook to just after the nearest cell
    before it there that the trainee kept. ``OverwriteCells`` runs next and gives it the
    gradebook's source, hidden tests included, as it does for every test cell."""

    enabled = Bool(True)

    def preprocess(self, nb, resources):
        from nbgrader.coursedir import CourseDirectory

        info = resources["nbgrader"]
        coursedir = CourseDirectory(config=self.config)
        released = Path(coursedir.format_path(coursedir.release_directory, ".", info["assignment"]))
        released = released / f"{info['notebook']}.ipynb"
        if released.exists():
            for grade_id in put_back_tests(nb, read_notebook(released)):
                self.log.warning("Test cell %s was deleted; put back from %s", grade_id, released)
        return nb, resources


def put_back_tests(nb, released) -> list[str]:
    """Insert into ``nb`` the test cells of ``released`` it lacks, in the released order;
    returns their grade ids. Cells are matched by grade id, or by cell id for cells nbgrader
    does not know (Jupyter keeps the ids of the cells a trainee fetched)."""
    restored = []
    for index, cell in enumerate(released.cells):
        kept = [_cell_key(c) for c in nb.cells]
        if not is_test_cell(cell) or _cell_key(cell) in kept:
            continue
        before = [_cell_key(c) for c in released.cells[:index]]
        at = next((kept.index(key) + 1 for key in reversed(before) if key and key in kept), 0)
        nb.cells.insert(at, _fresh_copy(cell, nb))
        restored.append(_grade_id(cell))
    return restored


def _cell_key(cell) -> str | None:
    return _grade_id(cell) or cell.get("id")


def _fresh_copy(cell, nb):
    """A copy of a released cell to insert into ``nb``: no outputs, and a cell id of its own
    where the notebook's format has ids (4.5 and later)."""
    import copy

    from nbformat.v4.nbbase import random_cell_id

    cell = copy.deepcopy(cell)
    cell.outputs, cell.execution_count = [], None
    if nb.nbformat_minor >= 5:
        cell.id = random_cell_id()
    else:
        cell.pop("id", None)
    return cell


class SheetAnswersIntoCells(Preprocessor):
    """Written answers typed on the answer sheet go into the manually graded cells they
    answer (the sheet's ``cell``), so formgrader shows them to the trainer with their rubric:
    nbgrader grades cells, the sheet keeps its answers in ``answers.json``."""

    enabled = Bool(True)

    def preprocess(self, nb, resources):
        from nbgrader.coursedir import CourseDirectory

        from ..answers import AnswerFile, sheet_spec
        from ..content import ContentError

        info = resources["nbgrader"]
        try:
            cells = {item.cell: item.id for item in sheet_spec(info["assignment"]).items if item.cell}
        except ContentError:
            return nb, resources  # an assignment without a sheet
        coursedir = CourseDirectory(config=self.config)
        folder = Path(coursedir.format_path(coursedir.submitted_directory, info["student"], info["assignment"]))
        typed = AnswerFile(folder).load()
        for cell in nb.cells:
            text = typed.get(cells.get(_grade_id(cell), ""))
            if isinstance(text, str) and text.strip():
                cell.source = text.strip()
        return nb, resources


class ShortTracebacks(Preprocessor):
    """Keep only the error's name and message in feedback pages: a traceback quotes the
    failing line of a hidden test, and the reason is all a trainee needs."""

    enabled = Bool(True)  # nbconvert registers preprocessor classes disabled by default

    def preprocess_cell(self, cell, resources, index):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                output["traceback"] = [f"{output.get('ename', '')}: {output.get('evalue', '')}"]
        return cell, resources



def _grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def is_test_cell(cell) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution") and cell.cell_type == "code"

