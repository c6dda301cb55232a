"""The trainer's nbgrader workflow: generate, release, collect, autograde, feedback, export.

A thin layer over nbgrader's own API, so the ``thamvan course`` commands and the
tests drive the real pipeline. One ``Course`` is one folder (nbgrader's course
directory: ``source/``, ``release/``, ``submitted/``, ``autograded/``,
``feedback/``, ``gradebook.db``) and one exchange folder shared with trainees.

Answer keys live only in ``exercises/`` (copied into ``source/``) and in the
hidden tests; what trainees fetch is nbgrader's ``release/`` version.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import exercises, gradebook
from .config import COURSE_ID, course_config, prepare_nbgrader, quiet_logs, write_root_config

if TYPE_CHECKING:  # the autograder imports nbconvert: a second the class view need not wait
    from .autograde import Flag


@dataclass
class Course:
    root: Path
    exchange: Path
    course_id: str = COURSE_ID

    def __post_init__(self):
        self.root, self.exchange = Path(self.root), Path(self.exchange)

    def api(self, **extra):
        from nbgrader.apps import NbGraderAPI

        prepare_nbgrader()
        self.root.mkdir(parents=True, exist_ok=True)
        self.exchange.mkdir(parents=True, exist_ok=True)
        return NbGraderAPI(config=course_config(self.root, self.exchange, self.course_id, **extra))

    def import_exercises(self, source: Path | None = None) -> list[str]:
        """Copy the kit's source assignments (with their keys) into the course's source/."""
        self.write_root_config()
        return exercises.import_exercises(self.root, source)

    def write_root_config(self) -> None:
        """The course folder's nbgrader_config.py, for formgrader."""
        write_root_config(self.root)

    def _check(self, result: dict, action: str) -> dict:
        if not result.get("success"):
            raise RuntimeError(f"nbgrader {action}: {result.get('error') or result.get('log')}")
        return result

    def generate(self, assignment: str) -> Path:
        with quiet_logs():
            self._check(self.api().generate_assignment(assignment), "generate_assignment")
        return self.root / "release" / assignment

    def release(self, assignment: str) -> None:
        self.generate(assignment)
        with quiet_logs():
            self._check(self.api().release_assignment(assignment), "release_assignment")

    def collect(self, assignment: str) -> list[str]:
        with quiet_logs():
            self._check(self.api().collect(assignment), "collect")
        folder = self.root / "submitted"
        return sorted(p.name for p in folder.iterdir() if (p / assignment).is_dir()) if folder.exists() else []

    def autograde(self, assignment: str, students: list[str] | None = None, workers: int | None = None,
                  progress=None, timeout: int | None = None) -> dict[str, float | Flag]:
        """Every submission graded, the doubtful ones flagged: see ``autograde.autograde``."""
        from . import autograde

        return autograde.autograde(self, assignment, students, workers, progress, timeout)

    def feedback(self, assignment: str) -> list[Path]:
        """Feedback pages per trainee (no CDN script: see ``NBGRADER_TEMPLATES``), released to the exchange."""
        api = self.api()
        with quiet_logs():
            self._check(api.generate_feedback(assignment), "generate_feedback")
        pages = sorted((self.root / "feedback").glob(f"*/{assignment}/*.html"))
        with quiet_logs():
            self._check(api.release_feedback(assignment), "release_feedback")
        return pages

    # --- the gradebook (see gradebook.py) ---------------------------------------------

    def grades(self):
        return gradebook.grades(self)

    def question_grades(self):
        return gradebook.question_grades(self)

    def grade_table(self):
        return gradebook.grade_table(self)

    def set_manual_grade(self, assignment: str, student: str, notebook: str, grade_id: str,
                         score: float, comment: str | None = None) -> None:
        gradebook.set_manual_grade(self, assignment, student, notebook, grade_id, score, comment)

    def export(self, path: Path) -> Path:
        return gradebook.export(self, path)

    def mistakes(self, assignment: str):
        return gradebook.mistakes(self, assignment)


def trainer_course() -> Course:
    """The trainer's course as this server sees it: on the workshop hub, the course in the
    trainer's home with the hub's exchange and course id (``THAMVAN_EXCHANGE``,
    ``THAMVAN_COURSE_ID``); elsewhere the one under ``THAMVAN_HOME``."""
    from ..store import kit_home

    env = os.environ
    if env.get("JUPYTERHUB_USER"):
        return Course(Path.home() / "course", Path(env.get("THAMVAN_EXCHANGE") or kit_home() / "exchange"),
                      env.get("THAMVAN_COURSE_ID") or COURSE_ID)
    return Course(kit_home() / "course", kit_home() / "exchange")
