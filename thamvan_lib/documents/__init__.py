"""The kit's documents as files: DOCX (python-docx) and self-contained HTML (Jinja2).

``outline`` is what a document is made of (letterhead, title, headings, paragraphs,
tables, figures, page breaks, signature, appendix); ``docx`` and ``html`` draw any
outline, so the Word file and the web page always say the same thing; ``formats`` names
the file types. One module per document builds its outline and nothing else: ``plan``
(the plan and its public notice), ``training``, ``reports``, ``uptake``, ``workshop``.

Import the module you need (``from thamvan_lib.documents.plan import plan_docx``): the
package imports nothing on its own, so that the home page's server (``home_page``) does not
load python-docx and the plan documents with it.

>>> from thamvan_lib.plan import load_example
>>> from thamvan_lib.documents.plan import plan_html
>>> page = plan_html(load_example().plan)
>>> "KẾ HOẠCH" in page and "http" not in page
True
"""
