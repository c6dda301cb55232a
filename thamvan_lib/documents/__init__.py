"""The kit's documents as files: DOCX (python-docx) and self-contained HTML (Jinja2).

``outline`` is what a document is made of (letterhead, title, headings, paragraphs,
tables, figures, page breaks, signature, appendix); ``docx`` and ``html`` draw any
outline, so the Word file and the web page always say the same thing; ``formats`` names
the file types. One module per document builds its outline and nothing else: ``plan``
(the plan and its public notice), ``training``, ``reports``, ``uptake``, ``workshop``.

>>> from thamvan_lib.plan import load_example
>>> page = plan_html(load_example().plan)
>>> "KẾ HOẠCH" in page and "http" not in page
True
"""

from __future__ import annotations

from .docx import docx_bytes
from .formats import MIME, file_bytes
from .outline import Outline
from .plan import notice_docx, notice_html, notice_outline, plan_docx, plan_html, plan_outline

__all__ = ["MIME", "Outline", "docx_bytes", "file_bytes", "notice_docx", "notice_html",
           "notice_outline", "plan_docx", "plan_html", "plan_outline"]
