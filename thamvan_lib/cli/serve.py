"""``thamvan start`` (the dashboards in Voila) and ``thamvan lab`` (JupyterLab)."""

from __future__ import annotations

import os
import subprocess
import sys

import click

from ..content import help_text
from ..serving import server
from .content import checked_content


@click.command(help=help_text("cli.help.start"))
@click.option("--port", default=8866, show_default=True)
@click.option("--preheat/--no-preheat", default=True, show_default=True,
              help=help_text("cli.help.preheat"))
@click.option("--max-kernels", default=server.DEFAULT_MAX_KERNELS, show_default=True,
              type=click.IntRange(1, 1000), help=help_text("cli.help.max_kernels"))
@click.option("--max-kernels-per-visitor", default=server.DEFAULT_MAX_KERNELS_PER_VISITOR, show_default=True,
              type=click.IntRange(1, 1000), help=help_text("cli.help.max_kernels_per_visitor"))
@click.option("--trainer", is_flag=True, help=help_text("cli.help.trainer"))
def start(port: int, preheat: bool, max_kernels: int, max_kernels_per_visitor: int, trainer: bool):
    content = checked_content()
    data_dir = server.prepare_template()
    click.echo(f"{content.line('cli.open_url')}:\n  {server.home_url(port)}")
    click.echo(content.line("cli.stop"))
    _run(server.voila_command(port=port, preheat=preheat, max_kernels=max_kernels,
                              max_kernels_per_visitor=max_kernels_per_visitor),
         server.voila_environment(data_dir, trainer=trainer))


@click.command(help=help_text("cli.help.lab"))
@click.option("--port", default=8888, show_default=True)
def lab(port: int):
    checked_content()
    server.lab_settings_overrides()
    data_dir = server.prepare_template()
    # JupyterLab asks for its token: whoever has it is the trainer at this machine
    _run(server.lab_command(port=port), server.voila_environment(data_dir, trainer=True))


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
