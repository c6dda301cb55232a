"""The ``thamvan`` command: start the kit, open JupyterLab, check content."""

from __future__ import annotations

import os
import subprocess
import sys

from pathlib import Path

import click

from . import server
from .content import ContentError, check, help_text, load
from .errors import KitError
from .vietnamese import repair_file


@click.group(help=help_text("cli.help.main"))
def main():
    pass


@main.command(help=help_text("cli.help.start"))
@click.option("--port", default=8866, show_default=True)
@click.option("--preheat/--no-preheat", default=True, show_default=True,
              help=help_text("cli.help.preheat"))
def start(port: int, preheat: bool):
    content = _check_content()
    data_dir = server.prepare_template()
    click.echo(f"{_both(content, 'cli.open_url')}:\n  {server.home_url(port)}")
    click.echo(_both(content, "cli.stop"))
    _run(server.voila_command(port=port, preheat=preheat), server.voila_environment(data_dir))


@main.command(help=help_text("cli.help.lab"))
@click.option("--port", default=8888, show_default=True)
def lab(port: int):
    _check_content()
    server.lab_settings_overrides()
    data_dir = server.prepare_template()
    _run(server.lab_command(port=port), server.voila_environment(data_dir))


@main.command("check-content", help=help_text("cli.help.check_content"))
def check_content():
    def tool_loaders():  # the checks each tool makes on loading, beyond the files' models
        from . import analysis, communication, plan, questionnaire, roleplay, training, uptake

        return {"rubrics": roleplay.load_rubrics, "personas": roleplay.load_personas,
                "scenario": roleplay.load_scenarios, "codebook": analysis.load_codebook,
                "questionnaire_rules": questionnaire.load_rules,
                "supervision": communication.load_supervision, "plan_example": plan.load_example,
                "training_example": training.load_example, "uptake_example": uptake.load_example}

    report = check(tool_loaders=tool_loaders)
    click.echo(report.text(), err=not report.ok)
    sys.exit(0 if report.ok else 2)


def _both(content, key: str, **values) -> str:
    """A message in Vietnamese, then English: the command line serves both readers at once."""
    return " / ".join(content.message(key, lang, **values) for lang in ("vi", "en"))


@main.group(help=help_text("cli.help.text"))
def text():
    pass


@text.command("repair", help=help_text("cli.help.text_repair"))
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path),
              help=help_text("cli.help.output_dir"))
def repair(files: tuple[Path, ...], output_dir: Path | None):
    content = _check_content()
    failed = False
    for source in files:
        folder = output_dir or source.parent
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{source.stem}.unicode.txt"
        try:
            result = repair_file(source, target)
        except KitError as err:
            click.echo(f"{source}: {err}", err=True)
            failed = True
            continue
        changed = result.changed_words
        key = "vietnamese.repair.changed" if changed else "vietnamese.repair.unchanged"
        click.echo(f"{source} → {target}")
        click.echo("  " + _both(content, key, count=len(changed), encoding=result.encoding))
        for old, new in changed[:12]:  # enough to judge the repair at a glance
            click.echo(f"    {old} → {new}")
        if len(changed) > 12:
            click.echo(f"    … (+{len(changed) - 12})")
    sys.exit(1 if failed else 0)


@main.group(help=help_text("cli.help.course"))
@click.option("--course-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=help_text("cli.help.course_dir"))
@click.option("--exchange", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=help_text("cli.help.exchange"))
@click.pass_context
def course(ctx, course_dir: Path | None, exchange: Path | None):
    from .course import Course
    from .store import kit_home

    ctx.obj = Course(course_dir or kit_home() / "course", exchange or kit_home() / "exchange")


def _course_step(ctx, action, key: str, describe=lambda result: {}):
    """Run one step of the course; say what it did (``describe`` turns its result into values)."""
    content = _check_content()
    try:
        result = action(ctx.obj)
    except Exception as err:  # nbgrader's own errors are long; the trainer gets one clear line
        click.echo(_both(content, "course.failed", reason=err), err=True)
        sys.exit(1)
    click.echo(_both(content, key, **describe(result)))
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
    from .course import Flag

    content = _check_content()
    students = _course_step(ctx, lambda c: c.collect(assignment), "course.collected",
                            lambda students: {"assignment": assignment, "count": len(students)})
    try:
        with click.progressbar(length=len(students), label=_both(content, "course.grading"),
                               file=sys.stderr) as bar:
            scores = ctx.obj.autograde(assignment, students, workers=workers, timeout=timeout,
                                       progress=lambda *_: bar.update(1))
    except Exception as err:  # noqa: BLE001 - nbgrader's own errors are long
        click.echo(_both(content, "course.failed", reason=err), err=True)
        sys.exit(1)
    for student, score in scores.items():
        if isinstance(score, Flag):
            key = "course.flagged" if score.score is None else "course.flagged_score"
            click.echo("  " + content.message(key, "vi", student=student, score=score.score,
                                              reason=score.reason))
        else:
            click.echo("  " + _both(content, "course.graded", student=student, score=score))


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


def _check_content():
    try:
        return load()
    except ContentError as err:
        click.echo(str(err), err=True)
        sys.exit(2)


def _run(command: list[str], env: dict[str, str]) -> None:
    """Become the server (exec), so that a stop signal reaches it: a child would outlive a
    ``thamvan`` process that was terminated, with every kernel it started."""
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.execve(command[0], command, env)
    try:
        sys.exit(subprocess.call(command, env=env, cwd=os.getcwd()))
    except KeyboardInterrupt:
        sys.exit(0)


# `thamvan hub`: JupyterHub for a workshop class, everything in hub.py
from .hub import command as _hub_command  # noqa: E402

main.add_command(_hub_command)
