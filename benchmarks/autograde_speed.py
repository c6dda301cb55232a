"""Autograde speed: stock ``nbgrader autograde`` (serial) against ``thamvan course autograde``
(parallel), on the same 40 submissions of ``co-mau``.

    uv run --extra test python benchmarks/autograde_speed.py [--count 40] [--workers N]

Builds a course in a temporary folder: 40 trainees fetch ``co-mau`` and hand in a mix of good
and bad answers (right, wrong number, blank, wrong type, syntax error, edited and deleted
test cells, a broken file). Both runs are command-line subprocesses on their own copy of the
collected course, with the course's nbgrader settings (grading/nbgrader_config.py): the
stock one runs ``nbgrader autograde co-mau`` in ``grading/``, ours ``thamvan course autograde
co-mau`` (collect, then grade in parallel). Prints the wall times and their ratio (the target
is ≤ 0.55 on 2 cores). No endless loop in the mix: its time limit would swamp the figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.course import (break_json, delete_the_test, edit_cells, edit_the_test,  # noqa: E402
                                  leave_blank, released_course, type_answer)
from thamvan_lib.grading.autograde import default_workers  # noqa: E402
from thamvan_lib.grading.course import Course  # noqa: E402

# the mix, cycled over the trainees: mostly real answers, some broken ones
MIX = [edit_cells(change) for change in (
    type_answer("co_mau = 370"), type_answer("co_mau = 385"), type_answer("co_mau = 370"), leave_blank,
    type_answer('co_mau = "370"'), type_answer("co_mau = 370"), type_answer("co_mau = = 370"),
    type_answer("co_mau = 371"), edit_the_test, delete_the_test, type_answer("co_mau = 370"))] + [break_json]


def build(folder: Path, count: int) -> Course:
    course = released_course(folder, {f"hv-{i + 1:02d}": MIX[i % len(MIX)] for i in range(count)})
    course.collect("co-mau")
    return course


def _timed(command: list[str], env: dict, cwd: Path) -> tuple[float, int]:
    """Wall time and exit code (stock nbgrader exits 1 when any submission failed: the
    broken files in the mix)."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="thamvan-bench-") as tmp:
        tmp = Path(tmp)
        build(tmp / "built", args.count)
        for name in ("stock", "ours"):  # each run starts from the same collected course
            shutil.copytree(tmp / "built" / "course", tmp / name / "course")
        env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
                   THAMVAN_HOME=str(tmp / "home"))

        stock_env = dict(env, THAMVAN_COURSE=str(tmp / "stock" / "course"),
                         THAMVAN_EXCHANGE=str(tmp / "built" / "exchange"))
        stock, stock_code = _timed([str(bin_dir / "nbgrader"), "autograde", "co-mau"], stock_env, ROOT / "grading")

        command = [str(bin_dir / "thamvan"), "course", "--course-dir", str(tmp / "ours" / "course"),
                   "--exchange", str(tmp / "built" / "exchange"), "autograde", "co-mau"]
        if args.workers:
            command += ["--workers", str(args.workers)]
        ours, ours_code = _timed(command, env, ROOT)

        same = _scores(tmp / "stock" / "course") == _scores(tmp / "ours" / "course")
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        print(f"{args.count} submissions of co-mau, {cores} cores, "
              f"{args.workers or default_workers()} workers")
        print(f"stock nbgrader autograde (serial):   {stock:6.1f} s  (exit {stock_code})")
        print(f"thamvan course autograde (parallel): {ours:6.1f} s  (exit {ours_code})")
        print(f"ratio: {ours / stock:.2f}  (target ≤ 0.55 on 2 cores)")
        print(f"same scores in both gradebooks: {same}")


def _scores(root: Path) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "thamvan") as gb:
        return {(st.id, a.name): _score(gb, a.name, st.id) for a in gb.assignments for st in gb.students}


def _score(gb, assignment, student):
    try:
        return gb.find_submission(assignment, student).score
    except Exception:  # MissingEntry
        return None


if __name__ == "__main__":
    main()
