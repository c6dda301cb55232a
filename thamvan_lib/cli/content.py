"""``thamvan check-content``, and the content every command checks before it starts."""

from __future__ import annotations

import sys

import click

from ..content import ContentError, check, help_text, load


@click.command("check-content", help=help_text("cli.help.check_content"))
def check_content():
    report = check(tool_loaders=tool_loaders)
    text = report.text()
    if report.ok:  # the trainer notes sit beside the kit, not in its content folder
        from ..trainer_notes import load_notes

        content = load(report.root)
        text += "\n  " + content.line("cli.content_files", kind=content.both("content.kind.trainer_notes"),
                                      count=len(load_notes()))
    click.echo(text, err=not report.ok)
    sys.exit(0 if report.ok else 2)


def tool_loaders() -> dict:
    """The checks each tool makes on loading, beyond the files' models (imported only when
    every file fits its model: they take seconds to import)."""
    from .. import communication, draft_law, plan, pretest, programme, storyline, trainer_notes, training, uptake
    from ..analysis.coding import load_codebook
    from ..questionnaire_rules import load_rules
    from ..roleplay.loading import load_personas, load_rubrics, load_scenarios

    return {"rubrics": load_rubrics, "personas": load_personas, "scenario": load_scenarios,
            "codebook": load_codebook, "questionnaire_rules": load_rules,
            "supervision": communication.load_supervision, "plan_example": plan.load_example,
            "training_example": training.load_example, "uptake_example": uptake.load_example,
            "programme": programme.load_programmes, "storyline": storyline.checked_storyline,
            "trainer_notes": trainer_notes.check_notes, "pretest": pretest.checked_bank,
            "draft_law": draft_law.checked_draft_law}


def checked_content():
    try:
        return load()
    except ContentError as err:
        click.echo(str(err), err=True)
        sys.exit(2)
