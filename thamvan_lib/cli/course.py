"""``thamvan course …``: the trainer's nbgrader workflow, one command per step."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..content import help_text
from .content import checked_content


@click.group(help=help_text("cli.help.course"))
@click.option("--course-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=help_text("cli.help.course_dir"))
@click.option("--exchange", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=help_text("cli.help.exchange"))
@click.pass_context
def course(ctx, course_dir: Path | None, exchange: Path | None):
    from ..grading.course import Course
    from ..store import kit_home

    ctx.obj = Course(course_dir or kit_home() / "course", exchange or kit_home() / "exchange")


def _course_step(ctx, action, key: str, describe=lambda result: {}):
    """Run one step of the course; say what it did (``describe`` turns its result into values)."""
    content = checked_content()
    try:
        result = action(ctx.obj)
    except Exception as err:  # nbgrader's own errors are long; the trainer gets one clear line
        click.echo(content.line("course.failed", reason=err), err=True)
        sys.exit(1)
    click.echo(content.line(key, **describe(result)))
    return result


@course.command("import", help=help_text("cli.help.course_import"))
@click.pass_context
def course_import(ctx):
    _course_step(ctx, lambda c: c.import_exercises(), "course.imported",
                 lambda names: {"count": len(names), "names": ", ".join(names)})


@course.command("release", help=help_text("cli.help.course_release"))
@click.argument("assignment")
@click.pass_context
def course_release(ctx, assignment: str):
    _course_step(ctx, lambda c: c.release(assignment), "course.released",
                 lambda _: {"assignment": assignment})


@course.command("collect", help=help_text("cli.help.course_collect"))
@click.argument("assignment")
@click.pass_context
def course_collect(ctx, assignment: str):
    _course_step(ctx, lambda c: c.collect(assignment), "course.collected",
                 lambda students: {"assignment": assignment, "count": len(students)})


@course.command("autograde", help=help_text("cli.help.course_autograde"))
@click.argument("assignment")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help=help_text("cli.help.workers"))
@click.option("--timeout", type=click.IntRange(min=1), default=None,
              help=help_text("cli.help.timeout"))
@click.pass_context
def course_autograde(ctx, assignment: str, workers: int | None, timeout: int | None):
    from ..grading.autograde import Flag

    content = checked_content()
    students = _course_step(ctx, lambda c: c.collect(assignment), "course.collected",
                            lambda students: {"assignment": assignment, "count": len(students)})
    try:
        with click.progressbar(length=len(students), label=content.line("course.grading"),
                               file=sys.stderr) as bar:
            scores = ctx.obj.autograde(assignment, students, workers=workers, timeout=timeout,
                                       progress=lambda *_: bar.update(1))
    except Exception as err:  # nbgrader's own errors are long
        click.echo(content.line("course.failed", reason=err), err=True)
        sys.exit(1)
    for student, score in scores.items():
        if isinstance(score, Flag):
            key = "course.flagged" if score.score is None else "course.flagged_score"
            click.echo("  " + content.message(key, "vi", student=student, score=score.score,
                                              reason=score.reason))
        else:
            click.echo("  " + content.line("course.graded", student=student, score=score))


@course.command("grade", help=help_text("cli.help.course_grade"))
@click.argument("assignment")
@click.argument("student")
@click.argument("grade_id")
@click.argument("score", type=float)
@click.option("--notebook", default=None, help=help_text("cli.help.notebook"))
@click.option("--comment", default=None, help=help_text("cli.help.comment"))
@click.pass_context
def course_grade(ctx, assignment: str, student: str, grade_id: str, score: float,
                 notebook: str | None, comment: str | None):
    _course_step(ctx, lambda c: c.set_manual_grade(assignment, student, notebook or assignment, grade_id,
                                                   score, comment), "course.manual_saved",
                 lambda _: {"student": student, "grade_id": grade_id, "score": score})


@course.command("feedback", help=help_text("cli.help.course_feedback"))
@click.argument("assignment")
@click.pass_context
def course_feedback(ctx, assignment: str):
    _course_step(ctx, lambda c: c.feedback(assignment), "course.feedback",
                 lambda pages: {"count": len(pages)})


@course.command("export", help=help_text("cli.help.course_export"))
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def course_export(ctx, path: Path):
    _course_step(ctx, lambda c: c.export(path), "course.exported", lambda _: {"path": path})


@course.command("key", help=help_text("cli.help.course_key"))
@click.argument("assignment")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True)
def course_key(assignment: str, out: Path):
    from ..content import load
    from ..documents.formats import write_files
    from ..documents.key import key_outline

    paths = write_files(key_outline(assignment), out, f"dap-an-{assignment}")
    click.echo(load().line("key.written", assignment=assignment, paths=", ".join(map(str, paths))))
