"""``thamvan text repair``: Unicode copies of TCVN3/VNI text files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..content import help_text
from ..errors import KitError
from ..vietnamese import repair_file
from .content import checked_content


@click.group(help=help_text("cli.help.text"))
def text():
    pass


@text.command("repair", help=help_text("cli.help.text_repair"))
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path),
              help=help_text("cli.help.output_dir"))
def repair(files: tuple[Path, ...], output_dir: Path | None):
    content = checked_content()
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
        click.echo("  " + content.line(key, count=len(changed), encoding=result.encoding))
        for old, new in changed[:12]:  # enough to judge the repair at a glance
            click.echo(f"    {old} → {new}")
        if len(changed) > 12:
            click.echo(f"    … (+{len(changed) - 12})")
    sys.exit(1 if failed else 0)
