"""The trainer's nbgrader workflow: generate, release, collect, autograde, feedback, export.

A thin layer over nbgrader's own API, so the ``thamvan course`` commands and the
tests drive the real pipeline. One ``Course`` is one folder (nbgrader's course
directory: ``source/``, ``release/``, ``submitted/``, ``autograded/``,
``feedback/``, ``gradebook.db``) and one exchange folder shared with trainees.

Answer keys live only in ``exercises/`` (copied into ``source/``) and in the
hidden tests; what trainees fetch is nbgrader's ``release/`` version.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sys
import shutil
from dataclasses import dataclass
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool
from traitlets.config import Config

REPO_EXERCISES = Path(__file__).resolve().parent.parent / "exercises"
NBGRADER_TEMPLATES = Path(__file__).resolve().parent / "templates" / "nbgrader"
COURSE_ID = "thamvan"
# nbgrader's stubs, in the trainee's language (exercises use fill-in templates instead where they can)
CODE_STUB = "# ↑ ĐIỀN CÂU TRẢ LỜI VÀO DÒNG TRÊN (FILL IN THE LINE ABOVE)"
TEXT_STUB = "VIẾT CÂU TRẢ LỜI CỦA BẠN Ở ĐÂY (WRITE YOUR ANSWER HERE)"
# a point lost in a ``checks.Grade`` report (Vietnamese half): "  ✗ label (mất 2 điểm): reason"
_LOST = re.compile(r"^\s*✗ (?P<criterion>.+?) \(mất (?P<lost>[\d.,]+) điểm\): (?P<reason>.+)$", re.M)


def template_config() -> Config:
    """nbgrader's feedback and formgrade templates with the kit's MathJax macro (none: no CDN)
    found first."""
    import nbgrader

    c = Config()
    c.HTMLExporter.extra_template_basedirs = [
        str(NBGRADER_TEMPLATES),
        str(Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates")]
    return c


# nbgrader reads a course folder's own nbgrader_config.py last, after formgrader has set its
# template folders (which would bring back the CDN's MathJax on the grading page).
ROOT_CONFIG = """# Written by Thamvan: the kit's templates for formgrader's grading page (no CDN).
from thamvan_lib.course import template_config

c = get_config()  # noqa: F821
c.merge(template_config())
"""


def course_config(root: Path, exchange: Path, course_id: str = COURSE_ID,
                  student_id: str = "*", assignment_dir: Path | None = None) -> Config:
    """The nbgrader configuration of a Thamvan course (also used by grading/nbgrader_config.py)."""
    c = Config()
    c.CourseDirectory.root = str(root)
    c.CourseDirectory.course_id = course_id
    c.CourseDirectory.student_id = student_id
    c.Exchange.root = str(exchange)
    if assignment_dir is not None:
        c.Exchange.assignment_dir = str(assignment_dir)
    c.ClearSolutions.code_stub = {"python": CODE_STUB}
    c.ClearSolutions.text_stub = TEXT_STUB
    c.Execute.timeout = 120
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.preprocessors import (CheckCellMetadata, ClearHiddenTests, ClearOutput,
                                        DeduplicateIds, GetGrades, OverwriteCells,
                                        OverwriteKernelspec)

    # Feedback is rendered from the autograded notebooks, which hold the hidden tests again:
    # clear them, or the key given back to one class reaches the next.
    c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, ShortTracebacks,
                                        CSSHTMLHeaderPreprocessor]
    c.merge(template_config())
    # nbgrader's own steps before grading, with deleted test cells put back before
    # OverwriteCells checks every test cell (serial and parallel grading, nbgrader's commands)
    c.Autograde.sanitize_preprocessors = [ClearOutput, DeduplicateIds, OverwriteKernelspec,
                                          RestoreDeletedTests, OverwriteCells, CheckCellMetadata]
    return c


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
            for grade_id in _put_back_tests(nb, _read(released)):
                self.log.warning("Test cell %s was deleted; put back from %s", grade_id, released)
        return nb, resources


def _put_back_tests(nb, released) -> list[str]:
    """Insert into ``nb`` the test cells of ``released`` it lacks, in the released order;
    returns their grade ids. Cells are matched by grade id, or by cell id for cells nbgrader
    does not know (Jupyter keeps the ids of the cells a trainee fetched)."""
    restored = []
    for index, cell in enumerate(released.cells):
        kept = [_cell_key(c) for c in nb.cells]
        if not _is_test(cell) or _cell_key(cell) in kept:
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


class ShortTracebacks(Preprocessor):
    """Keep only the error's name and message in feedback pages: a traceback quotes the
    failing line of a hidden test, and the reason is all a trainee needs."""

    enabled = Bool(True)  # nbconvert registers preprocessor classes disabled by default

    def preprocess_cell(self, cell, resources, index):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                output["traceback"] = [f"{output.get('ename', '')}: {output.get('evalue', '')}"]
        return cell, resources


@contextlib.contextmanager
def _quiet_logs():
    """nbgrader logs at INFO to stderr; the trainer reads the kit's own summary instead."""
    import logging

    logger = logging.getLogger("traitlets")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _prepare_nbgrader() -> None:
    """nbgrader stamps a new gradebook with its migration head, which it reads by running the
    ``alembic`` command in a subprocess: seconds on a busy machine, for a constant. Read it
    in-process instead. The command lives beside this Python, which a kit started as
    ``.venv/bin/thamvan`` need not have on PATH: put it there for nbgrader's other uses."""
    import nbgrader.api

    nbgrader.api.get_alembic_version = _alembic_head
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join([bin_dir, os.environ.get("PATH", "")])


@functools.lru_cache(maxsize=1)
def _alembic_head() -> str:
    """What ``alembic heads`` prints for nbgrader's migrations, as ``get_alembic_version``."""
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import ALEMBIC_DIR

    config = AlembicConfig()
    config.set_main_option("script_location", ALEMBIC_DIR)
    return ScriptDirectory.from_config(config).get_current_head()


@dataclass
class Course:
    root: Path
    exchange: Path
    course_id: str = COURSE_ID

    def __post_init__(self):
        self.root, self.exchange = Path(self.root), Path(self.exchange)

    def api(self, **extra):
        from nbgrader.apps import NbGraderAPI

        _prepare_nbgrader()
        self.root.mkdir(parents=True, exist_ok=True)
        self.exchange.mkdir(parents=True, exist_ok=True)
        return NbGraderAPI(config=course_config(self.root, self.exchange, self.course_id, **extra))

    # --- trainer ---------------------------------------------------------------

    def import_exercises(self, source: Path = REPO_EXERCISES) -> list[str]:
        """Copy the kit's source assignments (with their keys) into the course's source/."""
        self.write_root_config()
        names = []
        for folder in sorted(p for p in Path(source).iterdir() if p.is_dir() and any(p.glob("*.ipynb"))):
            target = self.root / "source" / folder.name
            shutil.copytree(folder, target, dirs_exist_ok=True)
            names.append(folder.name)
        return names

    def write_root_config(self) -> None:
        """The course folder's nbgrader_config.py (``ROOT_CONFIG``), for formgrader."""
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "nbgrader_config.py").write_text(ROOT_CONFIG, encoding="utf-8")

    def _check(self, result: dict, action: str) -> dict:
        if not result.get("success"):
            raise RuntimeError(f"nbgrader {action}: {result.get('error') or result.get('log')}")
        return result

    def generate(self, assignment: str) -> Path:
        with _quiet_logs():
            self._check(self.api().generate_assignment(assignment), "generate_assignment")
        return self.root / "release" / assignment

    def release(self, assignment: str) -> None:
        self.generate(assignment)
        with _quiet_logs():
            self._check(self.api().release_assignment(assignment), "release_assignment")

    def collect(self, assignment: str) -> list[str]:
        with _quiet_logs():
            self._check(self.api().collect(assignment), "collect")
        folder = self.root / "submitted"
        return sorted(p.name for p in folder.iterdir() if (p / assignment).is_dir()) if folder.exists() else []

    def autograde(self, assignment: str, students: list[str] | None = None, workers: int | None = None,
                  progress=None, timeout: int | None = None) -> dict[str, "float | Flag"]:
        """Collect (unless ``students`` is given) and autograde every submission.

        Returns, per trainee, the score (a float), or a ``Flag`` when the submission needs the
        trainer's eye: it could not be graded (``score`` None: unreadable notebook, crashed
        kernel) or was graded with a caveat (a cell ran out of time; a test cell was edited or
        deleted, and graded with the original all the same). One broken submission never
        stops the batch.

        ``workers`` processes grade in parallel (default: every core); ``workers=1`` is the
        serial path, one nbgrader API for all. ``timeout`` is the per-cell limit in seconds
        (default ``Execute.timeout`` of the course, 120). ``progress(done, total, student,
        outcome)`` is called after each submission.

        Parallel grading runs in two steps so that the gradebook (SQLite) has one writer only:
        each worker runs nbgrader's own autograde with the gradebook steps (``SaveAutoGrades``,
        ``AssignLatePenalties``) left out, against a private copy of the gradebook (nbgrader
        also records the student and submission as it starts); the executed notebooks land in
        ``autograded/`` as usual. Then this process runs those same nbgrader preprocessors on
        the executed notebooks, one trainee at a time, in the real gradebook. The scores come
        from the same code on the same executed notebooks, so they are identical to the serial
        path (a test checks it); no lock, no "database is locked" retries, no merge of rows.
        """
        students = list(students) if students is not None else self.collect(assignment)
        workers = workers or default_workers()
        workers = max(1, min(workers, len(students) or 1))
        if workers == 1:
            outcomes = self._autograde_serial(assignment, students, progress, timeout)
        else:
            outcomes = self._autograde_parallel(assignment, students, workers, progress, timeout)
        return {student: outcomes[student] for student in students}

    def _grading_config(self, timeout: int | None) -> Config:
        c = course_config(self.root, self.exchange, self.course_id)
        if timeout is not None:
            c.Execute.timeout = int(timeout)
        # nbclient's graceful shutdown asks the kernel to quit and waits for it: up to
        # seconds per submission of nothing. The notebook is saved already; kill it.
        c.Execute.shutdown_kernel = "immediate"
        return c

    def _autograde_serial(self, assignment, students, progress, timeout) -> dict:
        from nbgrader.apps import NbGraderAPI

        _prepare_nbgrader()
        api = NbGraderAPI(config=self._grading_config(timeout))
        errors = {}
        outcomes = {}
        with _quiet_logs():
            for done, student in enumerate(students, 1):
                try:
                    result = api.autograde(assignment, student)
                except Exception as err:  # noqa: BLE001 - one submission never stops the batch
                    result = {"success": False, "error": repr(err)}
                errors[student] = None if result.get("success") else _error_text(result)
                outcomes[student] = self._outcome(assignment, student, errors[student])
                if progress:
                    progress(done, len(students), student, outcomes[student])
        return outcomes

    def _autograde_parallel(self, assignment, students, workers, progress, timeout) -> dict:
        import tempfile
        from concurrent.futures import ProcessPoolExecutor, as_completed

        from nbgrader.api import Gradebook

        _prepare_nbgrader()
        with _quiet_logs(), Gradebook(f"sqlite:///{self.root / 'gradebook.db'}", self.course_id):
            pass  # creates gradebook.db if grading is the course's first step
        errors: dict[str, str | None] = {}
        outcomes = {}
        with tempfile.TemporaryDirectory(prefix="thamvan-grade-") as scratch:
            pool = ProcessPoolExecutor(workers, mp_context=_pool_context(),
                                       initializer=_worker_start,
                                       initargs=(str(self.root), str(self.exchange), self.course_id,
                                                 scratch, timeout))
            with pool:
                futures = {pool.submit(_worker_grade, assignment, student): student for student in students}
                for done, future in enumerate(as_completed(futures), 1):
                    student = futures[future]
                    try:
                        errors[student] = future.result()
                    except Exception as err:  # noqa: BLE001 - a worker that died takes one student only
                        errors[student] = f"{type(err).__name__}: {err}"
                    # the gradebook step, here and serially: one writer for gradebook.db
                    try:
                        self._save_grades(assignment, student, graded=errors[student] is None)
                    except Exception as err:  # noqa: BLE001
                        errors[student] = errors[student] or f"{type(err).__name__}: {err}"
                    outcomes[student] = self._outcome(assignment, student, errors[student])
                    if progress:
                        progress(done, len(students), student, outcomes[student])
        return outcomes

    def _save_grades(self, assignment: str, student: str, graded: bool) -> None:
        """What nbgrader's autograde writes to the gradebook, from the executed notebooks:
        student, submission (with its timestamp), then ``SaveAutoGrades`` and
        ``AssignLatePenalties``, nbgrader's own preprocessors."""
        import nbformat
        from nbgrader.api import Gradebook
        from nbgrader.coursedir import CourseDirectory
        from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades

        config = self._grading_config(None)
        coursedir = CourseDirectory(config=config)
        submitted = Path(coursedir.format_path(coursedir.submitted_directory, student, assignment))
        timestamp = coursedir.get_existing_timestamp(str(submitted))
        with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
            gb.update_or_create_student(student)
            if timestamp:
                gb.update_or_create_submission(assignment, student, timestamp=timestamp)
            else:
                gb.update_or_create_submission(assignment, student)
            if not graded:
                return
            names = [nb.name for nb in gb.find_assignment(assignment).notebooks]
            for name in names:  # a notebook not handed in scores zero, as nbgrader does
                if not (submitted / f"{name}.ipynb").exists():
                    for grade in gb.find_submission_notebook(name, assignment, student).grades:
                        grade.auto_score, grade.needs_manual_grade = 0, False
                    gb.db.commit()
        autograded = Path(coursedir.format_path(coursedir.autograded_directory, student, assignment))
        with _quiet_logs():
            for name in names:
                path = autograded / f"{name}.ipynb"
                if not path.exists():
                    continue
                nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
                resources = {"nbgrader": {"student": student, "assignment": assignment,
                                          "notebook": name, "db_url": coursedir.db_url}}
                for step in (SaveAutoGrades, AssignLatePenalties):
                    nb, resources = step(config=config).preprocess(nb, resources)

    def _outcome(self, assignment: str, student: str, error: str | None) -> "float | Flag":
        """The score, or a flag with the reasons in Vietnamese."""
        if error is not None:
            kind = _failure_kind(error)
            return Flag(student, (kind,), _message(f"course.flag.{kind}", detail=_last_line(error)), None)
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{self.root / 'gradebook.db'}", self.course_id) as gb:
            score = gb.find_submission(assignment, student).score
        kinds, reasons = [], []
        for kind, values in self._caveats(assignment, student):
            kinds.append(kind)
            reasons.append(_message(f"course.flag.{kind}", **values))
        if kinds:
            return Flag(student, tuple(kinds), " ".join(reasons), float(score))
        return float(score)

    def _caveats(self, assignment: str, student: str):
        """(kind, values) for what a graded submission did wrong: test cells edited or deleted
        (compared with the released version), cells that ran out of time."""
        import nbformat

        release = self.root / "release" / assignment
        for released in sorted(release.glob("*.ipynb")):
            submitted = self.root / "submitted" / student / assignment / released.name
            autograded = self.root / "autograded" / student / assignment / released.name
            if not submitted.exists():
                continue
            tests = {c.metadata["nbgrader"]["grade_id"]: {c.source.strip()}
                     for c in _read(released).cells if _is_test(c)}
            source = self.root / "source" / assignment / released.name
            if source.exists():  # the key itself, hidden tests and all, is no tampering
                for c in _read(source).cells:
                    if _is_test(c) and c.metadata["nbgrader"]["grade_id"] in tests:
                        tests[c.metadata["nbgrader"]["grade_id"]].add(c.source.strip())
            try:
                handed_in = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source.strip()
                             for c in _read(submitted).cells}
            except Exception:  # noqa: BLE001 - unreadable: flagged by nbgrader's failure already
                continue
            deleted = [g for g in tests if g not in handed_in]
            edited = [g for g in tests if g in handed_in and handed_in[g] not in tests[g]]
            if deleted:
                yield "deleted_cell", {"cells": ", ".join(deleted)}
            if edited:
                yield "tampered", {"cells": ", ".join(edited)}
            if autograded.exists():
                late = [c.metadata.get("nbgrader", {}).get("grade_id") or str(i)
                        for i, c in enumerate(nbformat.read(autograded, as_version=4).cells)
                        if any(o.get("ename") == "CellTimeoutError" for o in c.get("outputs", []))]
                if late:
                    yield "timeout", {"cells": ", ".join(late)}

    def feedback(self, assignment: str) -> list[Path]:
        """Feedback pages per trainee (no CDN script: see ``NBGRADER_TEMPLATES``), released to the exchange."""
        api = self.api()
        with _quiet_logs():
            self._check(api.generate_feedback(assignment), "generate_feedback")
        pages = sorted((self.root / "feedback").glob(f"*/{assignment}/*.html"))
        with _quiet_logs():
            self._check(api.release_feedback(assignment), "release_feedback")
        return pages

    def grades(self):
        """One row per trainee and assignment: score, max score, percentage."""
        import pandas as pd

        rows = []
        with self.api().gradebook as gradebook:
            for assignment in gradebook.assignments:
                for student in gradebook.students:
                    try:
                        sub = gradebook.find_submission(assignment.name, student.id)
                    except Exception:  # nbgrader's MissingEntry: the trainee did not submit
                        score = None
                    else:
                        score = sub.score
                    rows.append({"assignment": assignment.name, "student": student.id,
                                 "score": score, "max_score": assignment.max_score,
                                 "percent": None if score is None or not assignment.max_score
                                 else round(100 * score / assignment.max_score, 1)})
        return pd.DataFrame(rows, columns=["assignment", "student", "score", "max_score", "percent"])

    def set_manual_grade(self, assignment: str, student: str, notebook: str, grade_id: str,
                         score: float, comment: str | None = None) -> None:
        """Enter the trainer's score for one graded cell (a written answer, or a correction of
        the autograder's), and optionally a comment, in the gradebook: as formgrader does, the
        manual score takes the place of the automatic one in every total."""
        from nbgrader.api import Gradebook, MissingEntry

        with Gradebook(f"sqlite:///{self.root / 'gradebook.db'}", self.course_id) as gb:
            try:
                grade = gb.find_grade(grade_id, notebook, assignment, student)
            except MissingEntry:
                raise ValueError(_message("course.manual.unknown", grade_id=grade_id, notebook=notebook,
                                          student=student)) from None
            if not 0 <= float(score) <= (grade.max_score or 0):
                raise ValueError(_message("course.manual.out_of_range", score=score, grade_id=grade_id,
                                          max_score=grade.max_score))
            grade.manual_score = float(score)
            grade.needs_manual_grade = False
            if comment is not None:
                try:
                    gb.find_comment(grade_id, notebook, assignment, student).manual_comment = comment
                except MissingEntry:  # only answer cells carry comments: keep it on the notebook's first
                    submission = gb.find_submission_notebook(notebook, assignment, student)
                    if submission.comments:
                        submission.comments[0].manual_comment = comment
            gb.db.commit()

    def question_grades(self):
        """One row per trainee and graded cell: automatic and manual score, the score that
        counts (manual first), the maximum, and whether it still needs the trainer."""
        import pandas as pd
        from nbgrader.api import Gradebook

        columns = ["assignment", "student", "notebook", "grade_id", "auto_score", "manual_score",
                   "score", "max_score", "needs_manual_grade"]
        db = self.root / "gradebook.db"
        if not db.exists():
            return pd.DataFrame(columns=columns)
        rows = []
        with Gradebook(f"sqlite:///{db}", self.course_id) as gb:
            for assignment in gb.assignments:
                for submission in assignment.submissions:
                    for notebook in submission.notebooks:
                        for grade in notebook.grades:
                            rows.append({"assignment": assignment.name, "student": submission.student.id,
                                         "notebook": notebook.name, "grade_id": grade.name,
                                         "auto_score": grade.auto_score, "manual_score": grade.manual_score,
                                         "score": grade.score, "max_score": grade.max_score,
                                         "needs_manual_grade": bool(grade.needs_manual_grade)})
        return pd.DataFrame(rows, columns=columns)

    def grade_table(self):
        """The class on one sheet: a row per trainee; per assignment its total and percentage,
        then one column per question (``assignment/grade_id``, with the notebook's name in
        between when the assignment has several)."""
        import pandas as pd

        totals, questions = self.grades(), self.question_grades()
        students = sorted(set(totals["student"]) | set(questions["student"]))
        table = pd.DataFrame({"student": students}).set_index("student")
        for assignment in dict.fromkeys(totals["assignment"]):
            rows = totals[totals["assignment"] == assignment].set_index("student")
            table[assignment] = rows["score"]
            table[f"{assignment} (%)"] = rows["percent"]
            mine = questions[questions["assignment"] == assignment]
            several = mine["notebook"].nunique() > 1
            for (notebook, grade_id), cells in mine.groupby(["notebook", "grade_id"], sort=False):
                name = f"{assignment}/{notebook}/{grade_id}" if several else f"{assignment}/{grade_id}"
                table[name] = cells.set_index("student")["score"]
        return table.reset_index()

    def export(self, path: Path) -> Path:
        """The grades by the file's suffix: ``.csv`` (UTF-8 with BOM, so Excel shows
        Vietnamese names right) or ``.xlsx`` (a class sheet, then every graded cell)."""
        path = Path(path)
        table = self.grade_table()
        if path.suffix.lower() == ".xlsx":
            import pandas as pd

            with pd.ExcelWriter(path, engine="openpyxl") as writer:
                table.to_excel(writer, sheet_name="Bảng điểm", index=False)
                self.question_grades().to_excel(writer, sheet_name="Từng câu", index=False)
                for sheet in writer.sheets.values():
                    sheet.freeze_panes = "B2"
                    for column in sheet.columns:
                        width = max(len(str(c.value or "")) for c in column)
                        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 40)
        else:
            table.to_csv(path, index=False, encoding="utf-8-sig")
        return path

    def mistakes(self, assignment: str):
        """Every point lost, read from the autograded notebooks: per trainee and graded cell,
        the rubric criterion (the label of a ``checks.Grade`` part, when the test names
        criteria) and the reason: the part's reason, or the failed assertion's message."""
        import pandas as pd

        rows = []
        for path in sorted((self.root / "autograded").glob(f"*/{assignment}/*.ipynb")):
            student = path.parent.parent.name
            try:
                cells = _read(path).cells
            except Exception:  # noqa: BLE001 - a notebook nbgrader could not finish
                continue
            for cell in cells:
                meta = cell.metadata.get("nbgrader", {})
                if not meta.get("grade") or cell.cell_type != "code":
                    continue
                for output in cell.get("outputs", []):
                    if output.get("output_type") == "error":
                        reason = output.get("evalue") or output.get("ename", "")
                        rows.append({"student": student, "grade_id": meta["grade_id"], "criterion": None,
                                     "lost": meta.get("points"), "reason": reason.strip()})
                    elif output.get("output_type") == "stream":
                        for match in _LOST.finditer(output.get("text", "")):
                            rows.append({"student": student, "grade_id": meta["grade_id"],
                                         "criterion": match["criterion"].strip(),
                                         "lost": float(match["lost"].replace(",", ".")),
                                         "reason": match["reason"].strip()})
        return pd.DataFrame(rows, columns=["student", "grade_id", "criterion", "lost", "reason"])

    # --- trainee ---------------------------------------------------------------

    def fetch(self, assignment: str, student: str, home: Path) -> Path:
        from nbgrader.exchange.default import ExchangeFetchAssignment

        return self._exchange_step(ExchangeFetchAssignment, assignment, student, home) or \
            Path(home) / assignment

    def submit(self, assignment: str, student: str, home: Path) -> None:
        from nbgrader.exchange.default import ExchangeSubmit

        self._exchange_step(ExchangeSubmit, assignment, student, home)

    def _exchange_step(self, kind, assignment: str, student: str, home: Path):
        from nbgrader.auth import Authenticator
        from nbgrader.coursedir import CourseDirectory

        Path(home).mkdir(parents=True, exist_ok=True)
        config = course_config(self.root, self.exchange, self.course_id, student_id=student,
                               assignment_dir=Path(home))
        coursedir = CourseDirectory(config=config)
        coursedir.assignment_id = assignment
        with _quiet_logs():
            kind(coursedir=coursedir, authenticator=Authenticator(config=config), config=config).start()
        return None


@dataclass(frozen=True)
class Flag:
    """A submission the trainer should look at: ``kinds`` (``invalid_notebook``,
    ``kernel_died``, ``failed``, ``timeout``, ``tampered``, ``deleted_cell``), the reason in
    Vietnamese, and the score when it was graded anyway (None when it could not be)."""

    student: str
    kinds: tuple[str, ...]
    reason: str
    score: float | None = None

    @property
    def kind(self) -> str:
        return self.kinds[0]

    def __str__(self) -> str:
        return self.reason


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers() -> int:
    """One more worker than cores: a worker spends about half of each submission waiting for
    its kernel to start, and the kernel's CPU then goes to the other workers."""
    return _cores() + 1


def _pool_context():
    """Not fork: a child forked from this process would share its event loop and the sockets
    of kernels it ran. A fork server is a fresh process that imports nbgrader once and forks
    the workers from there (a spawned worker would import it again: seconds each);
    spawn where there is no fork server (Windows)."""
    import multiprocessing

    try:
        context = multiprocessing.get_context("forkserver")
    except ValueError:
        return multiprocessing.get_context("spawn")
    context.set_forkserver_preload(["thamvan_lib.course", "nbgrader.apps", "nbgrader.preprocessors",
                                    "nbclient", "jupyter_client"])
    return context


def _message(key: str, **values) -> str:
    from .content import load

    return load().message(key, "vi", **values)


_EXCEPTION_LINE = re.compile(r"^\s*([\w.]+(?:Error|Exception|Interrupt)): ?(.*)$")


def _error_text(result: dict) -> str:
    """nbgrader's log holds the real cause; its ``error`` only says that something failed."""
    return "\n".join(filter(None, [result.get("log"), result.get("error")])) or "failed"


def _last_line(error: str) -> str:
    """The first exception that is not nbgrader's own wrapper: ``NotJSONError: …``."""
    found = [m for m in map(_EXCEPTION_LINE.match, error.splitlines()) if m]
    causes = [m for m in found if "NbGraderException" not in m.group(1)] or found
    if not causes:
        return error.strip().splitlines()[-1][:200] if error.strip() else ""
    name, text = causes[0].groups()
    return f"{name.rsplit('.', 1)[-1]}: {text}"[:200]


def _failure_kind(error: str) -> str:
    text = _last_line(error).lower() + " " + error.lower()
    if "deadkernel" in text or "kernel died" in text or "kernel has died" in text:
        return "kernel_died"
    if "notjson" in text or "json" in text or "unreadable notebook" in text or "notebook does not appear" in text:
        return "invalid_notebook"
    return "failed"


def _read(path: Path):
    import nbformat

    return nbformat.read(path, as_version=4)


def _grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def _is_test(cell) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution") and cell.cell_type == "code"


# --- the parallel workers: one NbGraderAPI per process, its own copy of the gradebook ---

_WORKER: dict = {}


def _worker_start(root: str, exchange: str, course_id: str, scratch: str, timeout: int | None) -> None:
    from nbgrader.apps import NbGraderAPI
    from nbgrader.preprocessors import CheckCellMetadata, Execute, IgnorePattern, LimitOutput
    from nbconvert.preprocessors import ClearMetadataPreprocessor

    _prepare_nbgrader()
    course = Course(Path(root), Path(exchange), course_id)
    private = Path(scratch) / f"gradebook-{os.getpid()}.db"
    shutil.copyfile(course.root / "gradebook.db", private)
    config = course._grading_config(timeout)
    config.CourseDirectory.db_url = f"sqlite:///{private}"
    if os.name == "posix":
        # kernels on Unix sockets named after this worker: with TCP, workers starting kernels
        # at once can be handed the same port, and a good submission's kernel dies at birth
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = str(Path(scratch) / f"kernel-{os.getpid()}")
    # nbgrader's own autograde steps, less the two that write grades (done by the parent)
    config.Autograde.autograde_preprocessors = [Execute, IgnorePattern, ClearMetadataPreprocessor,
                                                LimitOutput, CheckCellMetadata]
    _WORKER["api"] = NbGraderAPI(config=config)


def _worker_grade(assignment: str, student: str) -> str | None:
    """Execute one submission; None when it went through, else nbgrader's error log."""
    try:
        with _quiet_logs():
            result = _WORKER["api"].autograde(assignment, student)
    except Exception as err:  # noqa: BLE001
        return f"{type(err).__name__}: {err}"
    return None if result.get("success") else _error_text(result)
