"""A trainee's side of the nbgrader exchange, as the Assignments panel does it: fetch a
released assignment into a home folder, submit it back."""

from __future__ import annotations

from pathlib import Path

from thamvan_lib.grading.config import course_config, quiet_logs
from thamvan_lib.grading.course import Course


def fetch(course: Course, assignment: str, student: str, home: Path) -> Path:
    """The released assignment, in ``home/assignment``."""
    from nbgrader.exchange.default import ExchangeFetchAssignment

    _exchange_step(course, ExchangeFetchAssignment, assignment, student, home)
    return Path(home) / assignment


def submit(course: Course, assignment: str, student: str, home: Path) -> None:
    from nbgrader.exchange.default import ExchangeSubmit

    _exchange_step(course, ExchangeSubmit, assignment, student, home)


def _exchange_step(course: Course, kind, assignment: str, student: str, home: Path) -> None:
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory

    Path(home).mkdir(parents=True, exist_ok=True)
    config = course_config(course.root, course.exchange, course.course_id, student_id=student,
                           assignment_dir=Path(home))
    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = assignment
    with quiet_logs():
        kind(coursedir=coursedir, authenticator=Authenticator(config=config), config=config).start()
