"""Autograding a class: every submission graded, serially or by a pool of workers, and
the submissions that need the trainer's eye flagged (``Flag``) instead of stopping the batch."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from traitlets.config import Config

from .config import course_config, prepare_nbgrader, quiet_logs
from .exercises import read_notebook
from .preprocessors import is_test_cell


def autograde(course, assignment: str, students: list[str] | None = None, workers: int | None = None,
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
    students = list(students) if students is not None else course.collect(assignment)
    workers = workers or default_workers()
    workers = max(1, min(workers, len(students) or 1))
    if workers == 1:
        outcomes = _autograde_serial(course, assignment, students, progress, timeout)
    else:
        outcomes = _autograde_parallel(course, assignment, students, workers, progress, timeout)
    return {student: outcomes[student] for student in students}


IOPUB_TIMEOUT_SECONDS = 20
# a finished cell whose last output never came (seen with workers on every core): the
# submission is graded once more before it is reported as not gradable
LOST_OUTPUT = "Timeout waiting for IOPub output"


def grading_config(root: Path, exchange: Path, course_id: str, timeout: int | None) -> Config:
    """The course's configuration for grading, with ``timeout`` seconds per cell if given."""
    c = course_config(root, exchange, course_id)
    if timeout is not None:
        c.Execute.timeout = int(timeout)
    # nbclient's graceful shutdown asks the kernel to quit and waits for it: up to
    # seconds per submission of nothing. The notebook is saved already; kill it.
    c.Execute.shutdown_kernel = "immediate"
    # nbclient waits 4 s for a finished cell's last output, and nbgrader fails the whole
    # submission past it: a busy machine (workers on every core) can take longer
    c.Execute.iopub_timeout = IOPUB_TIMEOUT_SECONDS
    return c


def _autograde_serial(course, assignment, students, progress, timeout) -> dict:
    from nbgrader.apps import NbGraderAPI

    prepare_nbgrader()
    api = NbGraderAPI(config=grading_config(course.root, course.exchange, course.course_id, timeout))
    errors = {}
    outcomes = {}
    with quiet_logs():
        for done, student in enumerate(students, 1):
            try:
                result = api.autograde(assignment, student)
            except Exception as err:  # one submission never stops the batch
                result = {"success": False, "error": repr(err)}
            errors[student] = None if result.get("success") else _error_text(result)
            outcomes[student] = _outcome(course, assignment, student, errors[student])
            if progress:
                progress(done, len(students), student, outcomes[student])
    return outcomes


def _autograde_parallel(course, assignment, students, workers, progress, timeout) -> dict:
    import tempfile
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from nbgrader.api import Gradebook

    prepare_nbgrader()
    with quiet_logs(), Gradebook(f"sqlite:///{course.root / 'gradebook.db'}", course.course_id):
        pass  # creates gradebook.db if grading is the course's first step
    errors: dict[str, str | None] = {}
    outcomes = {}
    with tempfile.TemporaryDirectory(prefix="thamvan-grade-") as scratch:
        pool = ProcessPoolExecutor(workers, mp_context=_pool_context(),
                                   initializer=_worker_start,
                                   initargs=(str(course.root), str(course.exchange), course.course_id,
                                             scratch, timeout))
        with pool:
            futures = {pool.submit(_worker_grade, assignment, student): student for student in students}
            for done, future in enumerate(as_completed(futures), 1):
                student = futures[future]
                try:
                    errors[student] = future.result()
                    if errors[student] and LOST_OUTPUT in errors[student]:
                        errors[student] = pool.submit(_worker_grade, assignment, student).result()
                except Exception as err:  # a worker that died takes one student only
                    errors[student] = f"{type(err).__name__}: {err}"
                # the gradebook step, here and serially: one writer for gradebook.db
                try:
                    _save_grades(course, assignment, student, graded=errors[student] is None)
                except Exception as err:
                    errors[student] = errors[student] or f"{type(err).__name__}: {err}"
                outcomes[student] = _outcome(course, assignment, student, errors[student])
                if progress:
                    progress(done, len(students), student, outcomes[student])
    return outcomes


def _save_grades(course, assignment: str, student: str, graded: bool) -> None:
    """What nbgrader's autograde writes to the gradebook, from the executed notebooks:
    student, submission (with its timestamp), then ``SaveAutoGrades`` and
    ``AssignLatePenalties``, nbgrader's own preprocessors."""
    import nbformat
    from nbgrader.api import Gradebook
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades

    config = grading_config(course.root, course.exchange, course.course_id, None)
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
    with quiet_logs():
        for name in names:
            path = autograded / f"{name}.ipynb"
            if not path.exists():
                continue
            nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
            resources = {"nbgrader": {"student": student, "assignment": assignment,
                                      "notebook": name, "db_url": coursedir.db_url}}
            for step in (SaveAutoGrades, AssignLatePenalties):
                nb, resources = step(config=config).preprocess(nb, resources)


def _outcome(course, assignment: str, student: str, error: str | None) -> "float | Flag":
    """The score, or a flag with the reasons in Vietnamese."""
    if error is not None:
        kind = _failure_kind(error)
        return Flag(student, (kind,), _message(f"course.flag.{kind}", detail=_last_line(error)), None)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}", course.course_id) as gb:
        score = gb.find_submission(assignment, student).score
    kinds, reasons = [], []
    for kind, values in _caveats(course, assignment, student):
        kinds.append(kind)
        reasons.append(_message(f"course.flag.{kind}", **values))
    if kinds:
        return Flag(student, tuple(kinds), " ".join(reasons), float(score))
    return float(score)


def _caveats(course, assignment: str, student: str):
    """(kind, values) for what a graded submission did wrong: test cells edited or deleted
    (compared with the released version), cells that ran out of time."""
    import nbformat

    release = course.root / "release" / assignment
    for released in sorted(release.glob("*.ipynb")):
        submitted = course.root / "submitted" / student / assignment / released.name
        autograded = course.root / "autograded" / student / assignment / released.name
        if not submitted.exists():
            continue
        tests = {c.metadata["nbgrader"]["grade_id"]: {c.source.strip()}
                 for c in read_notebook(released).cells if is_test_cell(c)}
        source = course.root / "source" / assignment / released.name
        if source.exists():  # the key itself, hidden tests and all, is no tampering
            for c in read_notebook(source).cells:
                if is_test_cell(c) and c.metadata["nbgrader"]["grade_id"] in tests:
                    tests[c.metadata["nbgrader"]["grade_id"]].add(c.source.strip())
        try:
            handed_in = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source.strip()
                         for c in read_notebook(submitted).cells}
        except Exception:  # unreadable: flagged by nbgrader's failure already
            continue
        deleted = [g for g in tests if g not in handed_in]
        edited = [g for g in tests if g in handed_in and handed_in[g] not in tests[g]]
        if deleted:
            yield "deleted_cell", {"cells": ", ".join(deleted)}
        if edited:
            yield "tampered", {"cells": ", ".join(edited)}
        yield from _unreadable_answers(assignment, submitted.parent)
        if autograded.exists():
            late = [c.metadata.get("nbgrader", {}).get("grade_id") or str(i)
                    for i, c in enumerate(nbformat.read(autograded, as_version=4).cells)
                    if any(o.get("ename") == "CellTimeoutError" for o in c.get("outputs", []))]
            if late:
                yield "timeout", {"cells": ", ".join(late)}


def _unreadable_answers(assignment: str, folder):
    """An answer sheet whose file, or some of whose answers, cannot be read: graded as empty,
    but the trainer is told what was written, so nothing is silently zeroed."""
    import json

    from ..answers import ANSWER_FILE, read_item, sheet_spec
    from ..content import ContentError

    path = folder / ANSWER_FILE
    if not path.exists():
        return
    try:
        items = sheet_spec(assignment).items
    except ContentError:
        return
    try:
        typed = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(typed, dict):
            raise ValueError("not an object")
    except (OSError, ValueError) as err:
        yield "unreadable_answers", {"answers": f"{ANSWER_FILE}: {err}"}
        return
    problems = [f"{item.id} “{typed[item.id]}”" for item in items
                if item.id in typed and read_item(item, typed[item.id]).problem is not None]
    if problems:
        yield "unreadable_answers", {"answers": "; ".join(problems)}


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
    context.set_forkserver_preload(["thamvan_lib.grading.autograde", "nbgrader.apps",
                                    "nbgrader.preprocessors", "nbclient", "jupyter_client"])
    return context


def _message(key: str, **values) -> str:
    from ..content import load

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


# --- the parallel workers: one NbGraderAPI per process, its own copy of the gradebook ---

_WORKER: dict = {}


def _worker_start(root: str, exchange: str, course_id: str, scratch: str, timeout: int | None) -> None:
    from nbgrader.apps import NbGraderAPI
    from nbgrader.preprocessors import CheckCellMetadata, Execute, IgnorePattern, LimitOutput
    from nbconvert.preprocessors import ClearMetadataPreprocessor

    prepare_nbgrader()
    private = Path(scratch) / f"gradebook-{os.getpid()}.db"
    shutil.copyfile(Path(root) / "gradebook.db", private)
    config = grading_config(Path(root), Path(exchange), course_id, timeout)
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
        with quiet_logs():
            result = _WORKER["api"].autograde(assignment, student)
    except Exception as err:
        return f"{type(err).__name__}: {err}"
    return None if result.get("success") else _error_text(result)
