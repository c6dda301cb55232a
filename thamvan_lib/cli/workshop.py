"""``thamvan workshop …``: what a trainer prints for a workshop."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..content import help_text
from .content import checked_content


@click.group("workshop", help=help_text("cli.help.workshop_group"))
def workshop():
    pass


@workshop.command("programme", help=help_text("cli.help.workshop_programme"))
@click.option("--programme", "programme_id", default="mot-ngay", show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True)
def workshop_programme(programme_id: str, out: Path):
    from ..documents.formats import file_bytes
    from ..documents.programme import programme_outline
    from ..programme import load_programmes

    content = checked_content()
    programmes = load_programmes()
    if programme_id not in programmes:
        click.echo(content.line("programme.unknown", programme=programme_id, known=", ".join(sorted(programmes))),
                   err=True)
        sys.exit(2)
    out.mkdir(parents=True, exist_ok=True)
    outline = programme_outline(programmes[programme_id])
    paths = []
    for fmt in ("docx", "html"):
        path = out / f"chuong-trinh-{programme_id}.{fmt}"
        path.write_bytes(file_bytes(outline, fmt))
        paths.append(str(path))
    click.echo(content.line("programme.written", programme=programme_id, paths=", ".join(paths)))
