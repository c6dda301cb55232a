"""The nbgrader configuration of a Thamvan course, and how the kit runs nbgrader quietly and
quickly (its templates without a CDN, its log at WARNING, its migration head read in-process)."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from pathlib import Path

from traitlets.config import Config

from ..errors import KitError

NBGRADER_TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "nbgrader"
COURSE_ID = "thamvan"
# nbgrader's stubs, in the trainee's language (exercises use fill-in templates instead where they can)
CODE_STUB = "# ↑ CÂU TRẢ LỜI LẤY TỪ PHIẾU TRẢ LỜI Ở TRÊN (THE ANSWERS COME FROM THE SHEET ABOVE)"
TEXT_STUB = "VIẾT CÂU TRẢ LỜI VÀO PHIẾU TRẢ LỜI Ở TRÊN (WRITE YOUR ANSWER ON THE ANSWER SHEET ABOVE)"


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
from thamvan_lib.grading.config import template_config

c = get_config()  # noqa: F821
c.merge(template_config())
"""


def write_root_config(root: Path) -> None:
    """The course folder's nbgrader_config.py (``ROOT_CONFIG``), for formgrader."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "nbgrader_config.py").write_text(ROOT_CONFIG, encoding="utf-8")


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

    # here, not at the top: the Bài tập dashboard imports this module and must show its page
    # without importing nbconvert (a second of a shared CPU per trainee)
    from .preprocessors import RestoreDeletedTests, SheetAnswersIntoCells, ShortTracebacks

    # Feedback is rendered from the autograded notebooks, which hold the hidden tests again:
    # clear them, or the key given back to one class reaches the next.
    c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, ShortTracebacks,
                                        CSSHTMLHeaderPreprocessor]
    c.merge(template_config())
    # nbgrader's own steps before grading, with deleted test cells put back before
    # OverwriteCells checks every test cell (serial and parallel grading, nbgrader's commands)
    c.Autograde.sanitize_preprocessors = [ClearOutput, DeduplicateIds, OverwriteKernelspec,
                                          RestoreDeletedTests, SheetAnswersIntoCells, OverwriteCells,
                                          CheckCellMetadata]
    return c



@contextlib.contextmanager
def quiet_logs():
    """nbgrader logs at INFO to stderr; the trainer reads the kit's own summary instead."""
    import logging

    logger = logging.getLogger("traitlets")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def run_exchange(step, config: Config, assignment: str) -> None:
    """One nbgrader exchange step (fetch, submit, collect …: its class) for ``assignment``,
    its logs quiet; a refusal from the exchange becomes the kit's Vietnamese message."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeError

    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = assignment
    try:
        with quiet_logs():
            step(coursedir=coursedir, authenticator=Authenticator(config=config), config=config).start()
    except ExchangeError as err:
        raise KitError("assignments.exchange_failed", assignment=assignment, reason=err) from err


def prepare_nbgrader() -> None:
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
