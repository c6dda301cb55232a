"""``thamvan hub``: JupyterHub for a workshop class (see ``serving/hub.py``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..content import help_text
from ..errors import KitError
from ..serving import accounts
from ..serving.hub import (HubSettings, check_machine, default_workshop, ensure_passwords, example_class, hub_command,
                           load_class_list, prepare_home, state_dir)
from .content import checked_content


@click.command("hub", help=help_text("cli.help.hub"))
@click.option("--class-list", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=example_class(), show_default=True,
              help=help_text("cli.help.class_list"))
@click.option("--workshop", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=help_text("cli.help.workshop"))
@click.option("--port", default=8000, show_default=True)
@click.option("--ip", default="127.0.0.1", show_default=True,
              help=help_text("cli.help.ip"))
@click.option("--new-password", "reset", multiple=True,
              help=help_text("cli.help.new_password"))
@click.option("--account-prefix", default=accounts.DEFAULT_PREFIX, show_default=True,
              help=help_text("cli.help.account_prefix"))
@click.option("--remove-accounts", is_flag=True, help=help_text("cli.help.remove_accounts"))
@click.option("--prestart/--no-prestart", default=True, show_default=True, help=help_text("cli.help.prestart"))
def hub(class_list: Path, workshop: Path | None, port: int, ip: str, reset: tuple[str, ...],
        account_prefix: str, remove_accounts: bool, prestart: bool):
    content = checked_content()
    workshop = (workshop or default_workshop()).resolve()
    try:
        people = load_class_list(class_list)
        check_machine()
    except KitError as err:
        click.echo(str(err), err=True)
        sys.exit(2)
    if remove_accounts:  # after the workshop: accounts and their homes go, the rest stays
        kept = False
        for person in people.people:
            try:
                if accounts.remove_account(accounts.account_name(account_prefix, person.username)):
                    click.echo(f"- {person.username}")
            except KitError as err:  # the others are still removed; the trainer is told which stayed
                click.echo(str(err), err=True)
                kept = True
        sys.exit(2 if kept else 0)
    unknown = set(reset) - people.usernames
    if unknown:
        click.echo(content.line("hub.unknown_user", names=", ".join(sorted(unknown))), err=True)
        sys.exit(2)
    workshop.mkdir(parents=True, exist_ok=True)
    new = ensure_passwords(people, workshop, reset)
    if new:
        click.echo(content.line("hub.passwords", count=len(new), path=state_dir(workshop) / "passwords.csv"))
        click.echo(content.line("hub.passwords_delete"))
    click.echo(content.line("hub.open_url") + f":\n  http://{ip}:{port}/hub/login")
    click.echo(content.line("hub.class", trainer=people.trainer.username,
                              count=len(people.trainees)))
    click.echo(content.line("cli.stop"))
    if prestart:
        click.echo(content.line("hub.prestart", count=len(people.people)))
    command, env = hub_command(HubSettings(class_list, workshop, port, ip, account_prefix=account_prefix,
                                           prestart=prestart))
    os.chdir(workshop)
    os.execvpe(command[0], command, env)  # Ctrl+C and signals reach JupyterHub itself


@click.command("prepare-home", help=help_text("cli.help.prepare_home"))
@click.option("--home", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=help_text("cli.help.home"))
def prepare_home_command(home: Path | None):
    """Run in each user's server as it starts (Kubernetes: the pod's postStart hook)."""
    prepare_home(home or Path.home())
