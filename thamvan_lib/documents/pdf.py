"""Word files printed to PDF by LibreOffice (headless), and what the PDF says of its layout.

``convert`` runs one LibreOffice for many files, with a profile of its own so a LibreOffice a
trainer has open does not swallow the job. ``heading_pages`` reads the PDF's bookmarks
(LibreOffice writes one per heading with an outline level) to find the page each heading
fell on; ``write_documents`` uses it to print a table of contents with true page numbers: a
first print to lay the pages out, then the Word file with its pages written in, printed
again.

>>> page_count(b"<</Type/Pages/Count 2>> <</Type/Page/Parent 1 0 R>> <</Type/Page /Parent 1 0 R>>")
2
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..errors import KitError
from .docx import docx_bytes, render
from .outline import Contents, Outline, contents_headings

TIMEOUT = 600  # seconds for one batch: a loaded two-core machine prints ~1 page a second
_OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise KitError("materials.no_libreoffice")
    return found


def convert(paths: list[Path], outdir: Path, fmt: str = "pdf") -> list[Path]:
    """Print ``paths`` to ``fmt`` in ``outdir`` (same names, new suffix) with one LibreOffice."""
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="thamvan-lo-") as profile:
        done = subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
                               "--convert-to", fmt, "--outdir", str(outdir), *map(str, paths)],
                              capture_output=True, text=True, timeout=TIMEOUT)
    results = [outdir / f"{p.stem}.{fmt}" for p in paths]
    missing = [p.name for p in results if not p.exists()]
    if done.returncode or missing:
        raise KitError("materials.convert_failed", files=", ".join(missing) or "-",
                       detail=(done.stderr or done.stdout).strip()[-300:])
    return results


def _objects(pdf: bytes) -> dict[int, bytes]:
    return {int(number): body for number, body in _OBJECT.findall(pdf)}


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def _page_order(objects: dict[int, bytes]) -> list[int]:
    """The page objects in reading order, from the page tree's /Kids."""
    order: list[int] = []

    def walk(number: int) -> None:
        body = objects.get(number, b"")
        kids = re.search(rb"/Kids\s*\[([^\]]*)\]", body)
        if kids and re.search(rb"/Type\s*/Pages", body):
            for kid in re.findall(rb"(\d+)\s+0\s+R", kids.group(1)):
                walk(int(kid))
        elif re.search(rb"/Type\s*/Page(?![a-zA-Z])", body):
            order.append(number)

    roots = [n for n, body in objects.items()
             if re.search(rb"/Type\s*/Pages", body) and not re.search(rb"/Parent", body)]
    for root in roots:
        walk(root)
    return order


def heading_pages(pdf: bytes) -> list[int]:
    """The page (from 1) of each bookmarked heading, in reading order."""
    objects = _objects(pdf)
    index = {number: n + 1 for n, number in enumerate(_page_order(objects))}
    marks = []
    for body in objects.values():
        if b"/Title" not in body:
            continue
        dest = re.search(rb"/Dest\s*\[\s*(\d+)\s+0\s+R\s*/XYZ\s+([-\d.]+)\s+([-\d.]+)", body)
        if dest and int(dest.group(1)) in index:
            marks.append((index[int(dest.group(1))], -float(dest.group(3))))
    return [page for page, _ in sorted(marks)]


def write_documents(outlines: dict[str, Outline], out: Path,
                    progress: Callable[[str], None] = lambda name: None) -> dict[str, tuple[Path, Path]]:
    """Each outline as ``<name>.docx`` and ``<name>.pdf`` in ``out``; a ``Contents`` block gets
    the pages of the first print. ``progress`` is told each step's name."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {name: out / f"{name}.docx" for name in outlines}
    for name, outline in outlines.items():
        paths[name].write_bytes(docx_bytes(render(outline)))
    progress("layout")
    pdfs = dict(zip(outlines, convert(list(paths.values()), out)))
    again = []
    for name, outline in outlines.items():
        contents = [b for b in outline.blocks if isinstance(b, Contents)]
        if not contents:
            continue
        pages = heading_pages(pdfs[name].read_bytes())
        if len(pages) != len(contents_headings(outline.blocks)):
            raise KitError("materials.contents_mismatch", document=name)
        for block in contents:
            block.pages = [str(p) for p in pages]
        paths[name].write_bytes(docx_bytes(render(outline)))
        again.append(name)
    if again:
        progress("pages")
        convert([paths[name] for name in again], out)
    return {name: (paths[name], pdfs[name]) for name in outlines}
