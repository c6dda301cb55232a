"""Handing in a form that is not an nbgrader assignment (the knowledge test, the evaluation)
through nbgrader's exchange, and the trainer collecting it.

The safety is the exchange's, unchanged: a hand-in goes into the course's ``inbound`` folder,
which every trainee may write and nobody but the trainer may list (sticky, so nobody removes
another's), under a name ending in a random string; at collection it is filed under the
account that handed it in, whatever name it carries (``owner_collect``). Two differences from
an exercise: nothing is released first (the questions are the kit's content), and the first
hand-in counts, since a test is handed in once.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .config import course_config, prepare_nbgrader, run_exchange

FILE = "answers.json"


def _submit_class():
    from nbgrader.exchange.default import ExchangeSubmit

    class FormSubmit(ExchangeSubmit):
        """nbgrader's submit without a released copy to compare with: the form is its own."""

        def init_release(self):
            self.release_path = self.src_path

    return FormSubmit


def _collect_class():
    from .owner_collect import OwnerCheckedCollect

    class FirstCollect(OwnerCheckedCollect):
        """The earliest hand-in of each trainee, filed under its owner's name."""

        def _sort_by_timestamp(self, records):
            return sorted(records, key=lambda item: item["timestamp"])

    return FirstCollect


def hand_in(exchange: Path, course_id: str, student: str, assignment: str, data: dict, work: Path) -> None:
    """``data`` handed in as ``answers.json`` of ``assignment``; ``work`` is the trainee's own
    folder where the copy handed in is written first."""
    folder = Path(work) / assignment
    folder.mkdir(parents=True, exist_ok=True)
    (folder / FILE).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    config = course_config(Path(work) / ".course", Path(exchange), course_id, student_id=student,
                           assignment_dir=Path(work))
    run_exchange(_submit_class(), config, assignment)


def collect(course_root: Path, exchange: Path, course_id: str, assignment: str,
            account_prefix: str | None = None) -> dict[str, dict]:
    """Every trainee's first hand-in of ``assignment``, by trainee: collected into the course's
    ``submitted/`` and read back. Nothing handed in yet: an empty dict."""
    from .course import Course

    course = Course(course_root, exchange, course_id)
    if (Path(exchange) / course_id / "inbound").is_dir():
        config = course_config(course.root, course.exchange, course_id)
        config.OwnerCheckedCollect.account_prefix = account_prefix if account_prefix is not None else \
            os.environ.get("THAMVAN_ACCOUNT_PREFIX", "jupyter-")
        config.ExchangeCollect.check_owner = False  # the owner decides (above), no warning needed
        course.root.mkdir(parents=True, exist_ok=True)
        prepare_nbgrader()  # collect opens the gradebook
        run_exchange(_collect_class(), config, assignment)
    found = {}
    for path in sorted((course.root / "submitted").glob(f"*/{assignment}/{FILE}")):
        try:
            found[path.parent.parent.name] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a damaged hand-in counts as none; the trainer sees who is missing
    return found
