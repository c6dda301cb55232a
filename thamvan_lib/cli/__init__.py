"""The ``thamvan`` command: start the kit, open JupyterLab, check content, run a course or
a workshop hub; one module per command group."""

from __future__ import annotations

import click

from ..content import help_text
from . import content, course, hub, serve, text


@click.group(help=help_text("cli.help.main"))
def main():
    pass


for command in (serve.start, serve.lab, content.check_content, text.text, course.course, hub.hub):
    main.add_command(command)
