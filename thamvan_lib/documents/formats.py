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
