"""The ``thamvan`` command: start the kit, open JupyterLab, check content, run a course or
a workshop hub; one module per command group."""

from __future__ import annotations

import click

from ..content import help_text
from . import content, course, hub, serve, text, workshop


@click.group(help=help_text("cli.help.main"))
def main():
    pass


main.add_command(serve.start)
main.add_command(serve.lab)
main.add_command(content.check_content)
main.add_command(text.text)
main.add_command(course.course)
main.add_command(hub.hub)
main.add_command(hub.prepare_home_command)
main.add_command(workshop.workshop)
