"""The phase-1 documents as files: DOCX (python-docx) and self-contained HTML.

``layout`` turns a plan into a neutral outline in the layout of a Vietnamese
administrative document (heading block, title, Roman sections, recipients, signature);
``docx`` and ``html`` draw that outline, so the Word file and the web page always say
the same thing. The labels are content: ``content/messages/plan.yaml`` (``plan.doc.*``).

>>> from thamvan_lib.plan import load_example
>>> page = plan_html(load_example().plan)
>>> "KẾ HOẠCH" in page and "http" not in page
True
"""

from __future__ import annotations

from .docx import docx_bytes, notice_docx, plan_docx
from .html import notice_html, plan_html
from .layout import Layout, notice_layout, plan_layout

__all__ = ["Layout", "docx_bytes", "notice_docx", "notice_html", "notice_layout", "plan_docx",
           "plan_html", "plan_layout"]
