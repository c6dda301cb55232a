"""A trainee's side of the course, for the "Bài tập" dashboard: what is released, fetch it,
hand it in with a receipt, and read the feedback once the trainer returns it.

It goes through nbgrader's own exchange (fetch, submit, fetch feedback), so the trainer's
formgrader and ``thamvan course`` see exactly what JupyterLab's Assignments panel would
send. Where things are: in the class hub, the exchange and the course id come from the
server's environment (``THAMVAN_EXCHANGE``, ``THAMVAN_COURSE_ID``, set by the hub) and the
trainee is the hub user; alone, the exchange is under THAMVAN_HOME and the assignments are
fetched into the kit's ``notebooks/bai-tap`` (``served_as``), where ``thamvan start``'s Voila
can show their answer sheets; one learner per machine.

Fetching twice never overwrites what the trainee has typed: an assignment already in the
home folder stays as it is.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .. import locations
from ..errors import KitError
from ..store import Store, current_learner, kit_home
from .config import COURSE_ID, course_config, run_exchange

RECEIPTS = "assignment-receipts"
SERVED_FOLDER = "bai-tap"  # alone: under the kit's notebooks/, which thamvan start serves
_SCORE = re.compile(r"Score:\s*([\d.]+)\s*/\s*([\d.]+)")


@dataclass(frozen=True)
class Receipt:
    assignment: str
    time: str        # "dd/mm/yyyy HH:MM:SS", local time
    fingerprint: str  # the first characters of a hash of what was handed in

    def as_dict(self) -> dict:
        return {"assignment": self.assignment, "time": self.time, "fingerprint": self.fingerprint}


@dataclass(frozen=True)
class Feedback:
    page: Path
    score: float | None
    max_score: float | None


class Learner:
    """One trainee of one course: ``home`` is where their copies of the assignments live."""

    def __init__(self, exchange: Path, home: Path, student: str, course_id: str = COURSE_ID,
                 store: Store | None = None, served_as: str = ""):
        self.exchange, self.home, self.student, self.course_id = Path(exchange), Path(home), student, course_id
        self.store = store or Store()
        self.served_as = served_as  # ``home`` as a path under the server's root ("" : the root)

    @classmethod
    def from_environment(cls) -> "Learner":
        env = os.environ
        if env.get("JUPYTERHUB_USER"):  # a server of the class hub: files in the home folder
            return cls(Path(env.get("THAMVAN_EXCHANGE") or "/srv/nbgrader/exchange"), Path.home(),
                       env["JUPYTERHUB_USER"], env.get("THAMVAN_COURSE_ID") or COURSE_ID)
        return cls(Path(env.get("THAMVAN_EXCHANGE") or kit_home() / "exchange"),
                   locations.notebooks() / SERVED_FOLDER, current_learner(),
                   env.get("THAMVAN_COURSE_ID") or COURSE_ID, served_as=SERVED_FOLDER)

    def sheet_path(self, assignment: str) -> str:
        """The answer sheet's notebook as a path under the server's root, for Voila's address."""
        return "/".join(p for p in (self.served_as, assignment, f"{assignment}.ipynb") if p)

    # --- what there is -----------------------------------------------------------------

    def released(self) -> list[str]:
        outbound = self.exchange / self.course_id / "outbound"
        try:
            return sorted(p.name for p in outbound.iterdir() if p.is_dir())
        except OSError:
            return []

    def folder(self, assignment: str) -> Path:
        return self.home / assignment

    def notebook(self, assignment: str) -> Path:
        return self.folder(assignment) / f"{assignment}.ipynb"

    def fetched(self, assignment: str) -> bool:
        return self.notebook(assignment).exists()

    # --- fetch, submit, feedback ---------------------------------------------------------

    def _run(self, step, assignment: str) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        run_exchange(step, course_config(self.home / ".course", self.exchange, self.course_id,
                                         student_id=self.student, assignment_dir=self.home), assignment)

    def fetch(self, assignment: str) -> Path:
        """The assignment in the home folder; one already there is left as it is."""
        from nbgrader.exchange.default import ExchangeFetchAssignment

        if assignment not in self.released():
            raise KitError("assignments.not_released", assignment=assignment)
        if not self.fetched(assignment):
            self._run(ExchangeFetchAssignment, assignment)
        return self.folder(assignment)

    def submit(self, assignment: str) -> Receipt:
        from nbgrader.exchange.default import ExchangeSubmit

        if not self.fetched(assignment):
            raise KitError("assignments.not_fetched", assignment=assignment)
        digest = hashlib.sha256()
        for path in sorted(self.folder(assignment).rglob("*")):
            if path.is_file() and "feedback" not in path.parts and ".ipynb_checkpoints" not in path.parts:
                digest.update(path.relative_to(self.home).as_posix().encode() + b"\0" + path.read_bytes())
        self._run(ExchangeSubmit, assignment)
        receipt = Receipt(assignment, datetime.now().strftime("%d/%m/%Y %H:%M:%S"), digest.hexdigest()[:10])
        self.store.save_json(RECEIPTS, [*self.receipts(), receipt.as_dict()])
        return receipt

    def receipts(self, assignment: str | None = None) -> list[dict]:
        saved = self.store.load_json(RECEIPTS).value or []
        return [r for r in saved if assignment is None or r.get("assignment") == assignment]

    def feedback(self, assignment: str) -> Feedback | None:
        """The newest feedback the trainer returned (fetched from the exchange), or None."""
        from nbgrader.exchange.default import ExchangeFetchFeedback

        if self.fetched(assignment) and (self.exchange / self.course_id / "feedback").exists():
            try:
                self._run(ExchangeFetchFeedback, assignment)
            except KitError:
                pass  # nothing returned yet
        pages = sorted(self.folder(assignment).glob("feedback/*/*.html"))
        if not pages:
            return None
        page = pages[-1]
        found = _SCORE.search(page.read_text(encoding="utf-8", errors="replace"))
        return Feedback(page, float(found.group(1)) if found else None, float(found.group(2)) if found else None)
