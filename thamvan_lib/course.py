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
COURSE_ID = "thamvan"
# nbgrader's stubs, in the trainee's language (exercises use fill-in templates instead where they can)
CODE_STUB = "# ↑ ĐIỀN CÂU TRẢ LỜI VÀO DÒNG TRÊN (FILL IN THE LINE ABOVE)"
TEXT_STUB = "VIẾT CÂU TRẢ LỜI CỦA BẠN Ở ĐÂY (WRITE YOUR ANSWER HERE)"
# feedback pages load MathJax from a CDN; the kit works offline, and exercises use no maths
_MATHJAX = re.compile(r"<script[^>]*(mathjax|MathJax)[^>]*>.*?</script>", re.S)


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
    # Feedback is rendered from the autograded notebooks, which hold the hidden tests again:
    # clear them, or the key given back to one class reaches the next.
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.preprocessors import ClearHiddenTests, GetGrades

    c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, ShortTracebacks,
                                        CSSHTMLHeaderPreprocessor]
    return c


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


def _put_environment_on_path() -> None:
    """nbgrader creates its gradebook by running the ``alembic`` command, which lives beside
    this Python; a kit started as ``.venv/bin/thamvan`` need not have that folder on PATH."""
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join([bin_dir, os.environ.get("PATH", "")])


@dataclass
class Course:
    root: Path
    exchange: Path
    course_id: str = COURSE_ID

    def __post_init__(self):
        self.root, self.exchange = Path(self.root), Path(self.exchange)

    def api(self, **extra):
        from nbgrader.apps import NbGraderAPI

        _put_environment_on_path()
        self.root.mkdir(parents=True, exist_ok=True)
        self.exchange.mkdir(parents=True, exist_ok=True)
        return NbGraderAPI(config=course_config(self.root, self.exchange, self.course_id, **extra))

    # --- trainer ---------------------------------------------------------------

    def import_exercises(self, source: Path = REPO_EXERCISES) -> list[str]:
        """Copy the kit's source assignments (with their keys) into the course's source/."""
        names = []
        for folder in sorted(p for p in Path(source).iterdir() if p.is_dir() and any(p.glob("*.ipynb"))):
            target = self.root / "source" / folder.name
            shutil.copytree(folder, target, dirs_exist_ok=True)
            names.append(folder.name)
        return names

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

    def autograde(self, assignment: str, students: list[str] | None = None) -> dict[str, float]:
        """Autograde every collected submission in one nbgrader API (one start-up cost)."""
        api = self.api()
        students = students or self.collect(assignment)
        scores = {}
        with _quiet_logs():
            for student in students:
                self._check(api.autograde(assignment, student), f"autograde {student}")
            with api.gradebook as gradebook:
                for student in students:
                    scores[student] = gradebook.find_submission(assignment, student).score
        return scores

    def feedback(self, assignment: str) -> list[Path]:
        """Feedback pages per trainee, released to the exchange, with no CDN script left."""
        api = self.api()
        with _quiet_logs():
            self._check(api.generate_feedback(assignment), "generate_feedback")
        pages = sorted((self.root / "feedback").glob(f"*/{assignment}/*.html"))
        for page in pages:
            page.write_text(_MATHJAX.sub("", page.read_text(encoding="utf-8")), encoding="utf-8")
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

    def export(self, path: Path) -> Path:
        """Grades as CSV (UTF-8 with BOM, so Excel shows Vietnamese names right)."""
        path = Path(path)
        self.grades().to_csv(path, index=False, encoding="utf-8-sig")
        return path

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
