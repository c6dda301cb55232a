"""``thamvan check-content``, and the content every command checks before it starts."""

from __future__ import annotations

import sys

import click

from ..content import ContentError, help_text, load


@click.command("check-content", help=help_text("cli.help.check_content"))
def check_content():
    content = checked_content()
    click.echo(both_languages(content, "cli.content_ok", steps=len(content.steps),
                              phases=len(content.phases)))


def both_languages(content, key: str, **values) -> str:
    """A message in Vietnamese, then English: the command line serves both readers at once."""
    return " / ".join(content.both(key, **values).values())


def checked_content():
    try:
        return load()
    except ContentError as err:
        click.echo(str(err), err=True)
        sys.exit(2)
