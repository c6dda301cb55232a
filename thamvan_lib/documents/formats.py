"""The file formats a document is offered in: suffix, MIME type, and the bytes of an outline.

>>> MIME["html"], SUFFIXES
('text/html;charset=utf-8', ('docx', 'html'))
"""

from __future__ import annotations

from . import docx, html
from .outline import Outline

MIME = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "html": "text/html;charset=utf-8"}
SUFFIXES = tuple(MIME)


def file_bytes(outline: Outline, fmt: str) -> bytes:
    """The outline as the bytes of a ``docx`` or ``html`` file, for a download."""
    if fmt == "docx":
        return docx.docx_bytes(docx.render(outline))
    return html.render(outline).encode("utf-8")


def write_files(outline: Outline, folder, stem: str, formats=("docx", "html")) -> list:
    """``outline`` written as ``folder/stem.<format>`` for each format; the paths written."""
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in formats:
        path = folder / f"{stem}.{fmt}"
        path.write_bytes(file_bytes(outline, fmt))
        paths.append(path)
    return paths
