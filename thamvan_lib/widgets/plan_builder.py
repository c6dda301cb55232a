"""Forms for the phase-1 documents: the consultation plan and the request documents.

A thin view over ``thamvan_lib.plan``: the form is drawn from the documents' own
dataclasses (one input per field, a repeatable block per list of parts), the checks are
``validate`` / ``validate_plan``, the example is ``load_example`` and the files come from
``thamvan_lib.documents``. Every change is saved at once with ``plan.save_draft``, so a
closed tab or a dead kernel loses nothing; on opening, the draft is restored.

A number field takes what people type ("9.400", "0,05", "5%"). Text that is not a number
is shown with a message next to the field and kept, as typed, beside the draft
(``<kind>:typed`` in the store), so it comes back with the draft too.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from .. import plan as domain
from ..documents.docx import docx_bytes
from ..documents.formats import MIME
from ..documents.plan import notice_docx, notice_html, plan_docx, plan_html
from ..errors import KitError
from ..records import field_label
from ..store import Store
from .base import StoreView, data_link, page_style
from .common import esc
from .forms import Editors, FormView

# The plan's fields in the sections of the form, in the order of the document.
PLAN_SECTIONS: list[tuple[str, list[str]]] = [
    ("general", ["issuing_body", "parent_body", "number", "symbol", "place", "issued_on", "subject",
                 "name", "background", "purposes", "requirements", "recipients", "signer"]),
    ("content", ["contents", "target_groups", "communes"]),
    ("tools", ["tools"]),
    ("sample", ["reliability", "sample_processing"]),
    ("timeline", ["timeline", "assignments"]),
    ("communication", ["communication"]),
    ("resources", ["resources", "budget", "contractors"]),
    ("report", ["report_structure", "software", "training"]),
]
REQUEST_KINDS = ("dossier", "summary", "opinion", "key_questions")

# Fields written in several sentences get a larger box.
LONG_FIELDS = {"background", "guide", "original_text", "sample_processing", "purpose", "how_to_send",
               "feedback", "tasks", "needs", "note", "software", "text", "content", "send_to"}
# Fields whose values are slugs; their labels are content (plan.kind.*, plan.source.*, plan.measure.*).
CHOICES = {"kind": (domain.TOOL_KINDS, "plan.kind"), "source": (domain.SOURCES, "plan.source"),
           "measure": (domain.MEASURES, "plan.measure")}

EDITORS = Editors(field_label, CHOICES, LONG_FIELDS)


class DocumentView(FormView):
    """The form of one phase-1 document, with its check, its example and its autosaved draft.

    ``sections`` puts the top-level fields in tabs: [(section slug, [field names])].
    ``validator`` replaces ``plan.validate`` (the key questions are checked against the
    summary's contents). ``exports`` adds the Word and HTML buttons (plan only).
    """

    editors = EDITORS

    def __init__(self, kind: str, store: Store | None = None, lang: str | None = None,
                 sections: list[tuple[str, list[str]]] | None = None, exports: bool = False,
                 validator: Callable | None = None, title: bool = True, **kwargs):
        super().__init__(store, lang, **kwargs)
        self.kind = kind
        self.cls = domain.DOCUMENTS[kind]
        self.validator = validator or domain.validate
        if title:
            head = w.HTML(f"<div class='thamvan'><h1>{esc(self.t(f'plan_builder.title.{kind}'))}</h1>"
                          f"<p class='muted'>{esc(self.t(f'plan_builder.intro.{kind}'))}</p></div>")
        else:
            head = w.HTML(f"<p class='thamvan muted'>{esc(self.t(f'plan_builder.intro.{kind}'))}</p>")
        self._build([head], sections, exports=exports)

    def save_draft(self, data: dict) -> None:
        domain.save_draft(self.store, self.kind, data)

    def validate(self, doc) -> list:
        return self.validator(doc)

    def example(self):
        return getattr(domain.load_example(), self.kind)

    def export(self, fmt: str) -> str:
        """Download links to the plan and its public notice as Word (``docx``) or web pages (``html``)."""
        data, _ = self.values()
        try:
            plan = self.cls.from_dict(data)
            if fmt == "docx":
                files = [(docx_bytes(plan_docx(plan, self.lang)), "plan"),
                         (docx_bytes(notice_docx(plan, self.lang)), "notice")]
            else:
                files = [(plan_html(plan, self.lang).encode("utf-8"), "plan"),
                         (notice_html(plan, self.lang).encode("utf-8"), "notice")]
        except KitError as err:
            self.downloads.value = f"<p class='thamvan-error'>{esc(err.text(self.lang))}</p>"
            return self.downloads.value
        names = {"plan": "ke-hoach-tham-van", "notice": "thong-bao-cong-khai-ke-hoach"}
        links = [data_link(f"{names[which]}.{fmt}", content, MIME[fmt],
                           self.t(f"plan_builder.download.{which}", format=fmt.upper()))
                 for content, which in files]
        self.downloads.value = (f"<div class='thamvan'><p>{esc(self.t('plan_builder.downloads'))} "
                                f"{' · '.join(links)}</p></div>")
        return self.downloads.value


class PlanBuilderView(DocumentView):
    """The consultation plan (L4–L5, P1.4–P1.5), section by section, with Word and HTML files."""

    def __init__(self, store: Store | None = None, lang: str | None = None, **kwargs):
        super().__init__("plan", store, lang, sections=PLAN_SECTIONS, exports=True, **kwargs)
        self.widget.children = [*page_style(), *self.widget.children]


class RequestDocumentsView(StoreView):
    """The request dossier (L1), the requirement summary (L2), the opinion on content (L3)
    and the key questions (P1.3), one tab each; the key questions are checked against the
    contents of the summary."""

    def __init__(self, store: Store | None = None, lang: str | None = None, **kwargs):
        super().__init__(store, lang, **kwargs)
        self.documents: dict[str, DocumentView] = {}
        for kind in REQUEST_KINDS:
            validator = self._key_questions if kind == "key_questions" else None
            self.documents[kind] = DocumentView(kind, self.store, self.lang, validator=validator,
                                                title=False, content=self.content)
        self.tabs = w.Tab(children=[d.widget for d in self.documents.values()],
                          titles=[self.t(f"plan_builder.title.{k}") for k in REQUEST_KINDS])
        header = w.HTML(f"<div class='thamvan'><h1>{esc(self.t('plan_builder.request_title'))}</h1>"
                        f"<p class='muted'>{esc(self.t('plan_builder.request_intro'))}</p></div>")
        self.widget = w.VBox([*page_style(), header, self.tabs], layout=w.Layout(width="100%"))
        self.widget.add_class("thamvan")

    def _key_questions(self, doc) -> list:
        summary = self.documents["summary"].document()
        contents = [item.content for item in summary.items if item.content]
        return domain.validate_key_questions(doc, contents or None)
