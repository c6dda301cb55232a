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
    from ..documents.formats import write_files
    from ..documents.programme import programme_outline

    content, programme = _programme_or_exit(programme_id)
    paths = write_files(programme_outline(programme), out, f"chuong-trinh-{programme_id}")
    click.echo(content.line("programme.written", programme=programme_id, paths=", ".join(map(str, paths))))


def _programme_or_exit(programme_id: str):
    from ..programme import load_programmes

    content = checked_content()
    programmes = load_programmes()
    if programme_id not in programmes:
        click.echo(content.line("programme.unknown", programme=programme_id, known=", ".join(sorted(programmes))),
                   err=True)
        sys.exit(2)
    return content, programmes[programme_id]


@workshop.command("materials", help=help_text("cli.help.workshop_materials"))
@click.option("--programme", "programme_id", default="mot-ngay", show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True)
def workshop_materials(programme_id: str, out: Path):
    from ..documents import materials as docs
    from ..documents.pdf import page_count, write_documents
    from ..errors import KitError

    content, programme = _programme_or_exit(programme_id)
    outlines = {}
    for name, build in (("chuong-trinh", docs.programme_material), ("tai-lieu-doc", docs.reading_set),
                        ("cam-nang-thuc-hanh", docs.handbook), ("ghi-chu-giang-vien", docs.trainer_notes)):
        click.echo(content.line("materials.progress.building", document=f"{name}-{programme_id}"))
        outlines[f"{name}-{programme_id}"] = build(programme)
    try:
        written = write_documents(outlines, out,
                                  lambda step: click.echo(content.line(f"materials.progress.{step}")))
    except KitError as err:
        click.echo(str(err), err=True)
        sys.exit(2)
    click.echo(content.line("materials.written", count=2 * len(written), out=str(out)))
    for docx_path, pdf_path in written.values():
        click.echo(content.line("materials.file", name=f"{docx_path.name}, {pdf_path.name}",
                                pages=page_count(pdf_path.read_bytes())))
    click.echo(content.line("materials.trainer_only", name=f"ghi-chu-giang-vien-{programme_id}"))


@workshop.command("slides", help=help_text("cli.help.workshop_slides"))
@click.option("--programme", "programme_id", default="mot-ngay", show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True)
def workshop_slides(programme_id: str, out: Path):
    from ..documents.slides import day_deck

    content, programme = _programme_or_exit(programme_id)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for day in programme.days:
        click.echo(content.line("slides.progress", day=day.day))
        paths.append(day_deck(programme, day.day).save(out / f"trinh-chieu-{programme_id}-ngay-{day.day}.pptx"))
    click.echo(content.line("slides.written", count=len(paths), out=str(out), paths=", ".join(p.name for p in paths)))
