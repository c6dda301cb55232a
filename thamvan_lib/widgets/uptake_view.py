"""Phases 4 and 5 dashboard: an answer to every opinion, the public feedback page, the policy review.

A thin view over ``thamvan_lib.uptake`` and ``thamvan_lib.documents.uptake``:

* the tracking sheet (L13–L14, P4.1): one row per opinion or theme of the dataset
  (``opinions_from_data``: the themes of the letters and the parts of the draft discussed
  at the conferences, with their counts), each with its decision (tiếp thu, tiếp thu một
  phần, không tiếp thu, ngoài phạm vi), how, the explanation (giải trình) of what is not
  taken up, the change or the option chosen instead, who handles it (for an opinion out of
  scope, the body it was passed to) and its status. "Nạp ví dụ phản hồi" loads the worked example of Sơn Hà
  (``load_example``). The check is ``validate_tracker``: every opinion without an answer
  and every answer missing its content (how, why, to whom) is named;
* the public feedback page (P4.2): ``feedback_html``, one static HTML file with nothing to
  fetch, previewed here and downloaded (refused, naming the opinions, while one has no
  answer);
* the policy-impact review (P5.1–P5.2): ``ImpactReview`` checked by ``validate_review``,
  downloaded as DOCX and HTML (``review_docx``, ``review_html``).

Every change is saved at once (drafts ``uptake`` and ``impact_review`` of the store).
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w

from .. import uptake as domain
from ..documents.docx import docx_bytes
from ..documents.formats import MIME
from ..documents.uptake import feedback_docx, feedback_html, review_docx, review_html, tracker_docx, tracker_html
from ..errors import KitError
from ..dataset import KIT, read_letter_index, read_units
from ..store import Store
from .base import StoreView, data_link, page_style, wide
from .common import esc
from .forms import LABELS, Row, issues_html, lines, text_input

TRACKER_KIND = "uptake"
REVIEW_KIND = "impact_review"
ROW_LABELS = {"description_width": "170px"}


def dataset_opinions(folder: Path | str | None = None, lang: str = "vi") -> list[domain.Opinion]:
    """The opinions of the dataset: one per theme of the letters, one per part of the draft
    discussed at the conferences, with their counts."""
    return domain.opinions_from_data(read_letter_index(folder), read_units(folder), lang)


class _OpinionRow:
    """One opinion and its response: decision, how or why, reason, change, handler, status."""

    def __init__(self, view: "UptakeView", n: int, opinion: domain.Opinion, response: domain.Response | None):
        t = view.t
        self.opinion, self.answered_on = opinion, response.answered_on if response else None
        r = response or domain.Response(opinion.id)
        source = t(f"uptake.source.{opinion.source}") if opinion.source in domain.SOURCES else opinion.source
        count = "" if opinion.count is None else t("phases_ui.up.count", count=opinion.count)
        self.title = w.HTML(f"<b>{n}. {esc(opinion.summary)}</b><br><span class='muted'>{esc(source)}"
                            f"{' · ' + esc(count) if count else ''} · <code>{esc(opinion.id)}</code></span>")
        if r.decision in domain.LEGACY_DECISIONS:  # an answer saved before giải trình stopped being an outcome
            self.title.value += f"<div style='color:#8a4b00'>⚠ {esc(t('uptake.row.choose_again'))}</div>"
        decisions = [(t("uptake.decision.none"), "")] + [(t(f"uptake.decision.{d}"), d) for d in domain.DECISIONS]
        statuses = [(t(f"uptake.status.{s}"), s) for s in domain.STATUSES]
        self.decision = w.Dropdown(description=t("uptake.field.decision"), options=decisions,
                                   value=r.decision if r.decision in domain.DECISIONS else "",
                                   style=ROW_LABELS, layout=w.Layout(width="50%"))
        self.status = w.Dropdown(description=t("uptake.field.status"), options=statuses,
                                 value=r.status if r.status in domain.STATUSES else "pending",
                                 style=ROW_LABELS, layout=w.Layout(width="50%"))
        self.content = w.Textarea(description=t("uptake.field.content"), value=r.content, rows=2,
                                  style=ROW_LABELS, layout=wide())
        self.reason = w.Text(description=t("uptake.field.reason"), value=r.reason, style=ROW_LABELS, layout=wide())
        self.change = w.Text(description=t("uptake.field.change"), value=r.change, style=ROW_LABELS, layout=wide())
        self.handled_by = w.Text(description=t("uptake.field.handled_by"), value=r.handled_by,
                                 style=ROW_LABELS, layout=wide())
        self.widget = w.VBox([self.title, w.HBox([self.decision, self.status], layout=wide()),
                              self.content, self.reason, self.change, self.handled_by], layout=wide())
        self.widget.add_class("thamvan-item")
        self._had_response = response is not None
        for box in (self.decision, self.status, self.content, self.reason, self.change, self.handled_by):
            box.observe(lambda _: view.changed(), names="value")
        self.decision.observe(lambda _: self._show_reason(), names="value")
        self._show_reason()

    def _show_reason(self) -> None:
        owed = self.decision.value in ("partly_taken_up", "not_taken_up")  # giải trình is owed
        self.reason.layout.display = None if owed or self.reason.value else "none"

    def response(self) -> domain.Response | None:
        """The row's response; None while nothing at all is written (the opinion has no answer)."""
        values = dict(decision=self.decision.value, content=self.content.value.strip(),
                      reason=self.reason.value.strip(), change=self.change.value.strip(),
                      handled_by=self.handled_by.value.strip(), status=self.status.value)
        if not self._had_response and not any(v for k, v in values.items() if k != "status") \
                and values["status"] == "pending":
            return None
        return domain.Response(self.opinion.id, answered_on=self.answered_on, **values)


class _PolicyRow:
    def __init__(self, view: "UptakeView", n: int, impact: domain.PolicyImpact):
        t = view.t
        effects = [(t("plan_builder.choose"), "")] + [(t(f"uptake.effect.{e}"), e) for e in domain.EFFECTS]
        if impact.effect and impact.effect not in domain.EFFECTS:
            effects.append((impact.effect, impact.effect))
        self.inputs = {
            "policy": text_input(t("uptake.field.policy") + " *"),
            "findings": text_input(t("uptake.field.findings") + " *", True, t("phases_ui.rev.findings_hint")),
            "effect": w.Dropdown(description=t("uptake.field.effect") + " *", options=effects, style=LABELS, layout=wide()),
            "reason": text_input(t("phases_ui.rev.reason") + " *", True),
            "responsible": text_input(t("uptake.field.responsible")),
            "deadline": w.DatePicker(description=t("phases_ui.rev.deadline"), style=LABELS, layout=wide()),
        }
        self.inputs["policy"].value, self.inputs["findings"].value = impact.policy, "\n".join(impact.findings)
        self.inputs["effect"].value, self.inputs["reason"].value = impact.effect, impact.reason
        self.inputs["responsible"].value, self.inputs["deadline"].value = impact.responsible, impact.deadline
        row = Row(view, t("phases_ui.rev.policy_n", n=n), self.inputs, view.review_changed)
        self.widget, self.remove = row.widget, row.remove

    def impact(self) -> domain.PolicyImpact:
        i = self.inputs
        return domain.PolicyImpact(policy=i["policy"].value.strip(), findings=lines(i["findings"].value),
                                   effect=i["effect"].value, reason=i["reason"].value.strip(),
                                   responsible=i["responsible"].value.strip(), deadline=i["deadline"].value)


class UptakeView(StoreView):
    """The uptake tracker, the public feedback page and the policy-impact review."""

    def __init__(self, store: Store | None = None, lang: str | None = None,
                 folder: Path | str | None = None, **kwargs):
        super().__init__(store, lang, **kwargs)
        self.folder = Path(folder) if folder else KIT.folder
        with self.loading():
            self._draw_page()
        self.restore()

    def _draw_page(self) -> None:
        t = self.t
        # --- the tracker ---------------------------------------------------------------------
        self.fields = {
            "consultation": text_input(t("uptake.field.consultation") + " *", True),
            "asked": text_input(t("uptake.field.asked") + " *", True, t("plan_builder.one_per_line")),
            "how_we_asked": text_input(t("phases_ui.up.how_we_asked"), True, t("plan_builder.one_per_line")),
            "place": text_input(t("uptake.field.place") + " *"),
            "contact": text_input(t("phases_ui.up.contact")),
        }
        for box in self.fields.values():
            box.observe(lambda _: self.changed(), names="value")
        self.rows: list[_OpinionRow] = []
        self.rows_box = w.VBox(layout=wide())
        self.tally = w.HTML()
        self.data_button = w.Button(description=t("phases_ui.up.from_data"), icon="database")
        self.data_button.on_click(lambda _: self.load_opinions())
        self.example_button = w.Button(description=t("phases_ui.up.example"), icon="book")
        self.example_button.on_click(lambda _: self.load_example())
        self.check_button = w.Button(description=t("plan_builder.check"), icon="check", button_style="primary")
        self.check_button.on_click(lambda _: self.check())
        self.page_button = w.Button(description=t("phases_ui.up.page"), icon="globe")
        self.page_button.on_click(lambda _: self.feedback_page())
        self.sheet_button = w.Button(description=t("phases_ui.up.sheet"), icon="table")
        self.sheet_button.on_click(lambda _: self.sheet())
        self.issues, self.downloads, self.preview = w.HTML(), w.HTML(), w.HTML()
        general = w.VBox([w.HTML(f"<h4>{esc(t('phases_ui.up.general'))}</h4>"), *self.fields.values()], layout=wide())
        tracker = w.VBox([
            w.HTML(f"<p class='thamvan muted'>{esc(t('phases_ui.up.intro'))}</p>"),
            w.HBox([self.data_button, self.example_button, self.check_button, self.page_button,
                    self.sheet_button, self.status], layout=w.Layout(align_items="center", flex_flow="row wrap")),
            self.issues, self.downloads, self.preview, general, self.tally, self.rows_box], layout=wide())
        # --- the policy-impact review ----------------------------------------------------------
        self.review_fields = {
            "consultation": text_input(t("uptake.field.consultation") + " *", True),
            "new_policy_needed": w.Dropdown(
                description=t("uptake.field.new_policy_needed") + " *", style=LABELS, layout=wide(),
                options=[(t("phases_ui.rev.undecided"), ""), (t("phases_ui.rev.yes"), "yes"),
                         (t("phases_ui.rev.no"), "no")]),
            "new_policy": text_input(t("uptake.field.new_policy"), True),
            "new_policy_reason": text_input(t("uptake.field.new_policy_reason"), True),
            "new_policy_body": text_input(t("uptake.field.new_policy_body")),
            "new_policy_deadline": w.DatePicker(description=t("phases_ui.rev.deadline"), style=LABELS, layout=wide()),
            "follow_up": text_input(t("phases_ui.rev.follow_up"), True, t("plan_builder.one_per_line")),
        }
        for box in self.review_fields.values():
            box.observe(lambda _: self.review_changed(), names="value")
        self.policies: list[_PolicyRow] = []
        self.policies_box = w.VBox(layout=wide())
        self.add_policy_button = w.Button(description=t("phases_ui.rev.add_policy"), icon="plus")
        self.add_policy_button.on_click(lambda _: (self.add_policy(), self.review_changed()))
        self.review_example_button = w.Button(description=t("phases_ui.rev.example"), icon="book")
        self.review_example_button.on_click(lambda _: self.load_review_example())
        self.review_check_button = w.Button(description=t("plan_builder.check"), icon="check", button_style="primary")
        self.review_check_button.on_click(lambda _: self.check_review())
        self.review_export_button = w.Button(description=t("phases_ui.rev.export"), icon="file-word-o")
        self.review_export_button.on_click(lambda _: self.export_review())
        self.review_status, self.review_issues, self.review_downloads = w.HTML(), w.HTML(), w.HTML()
        f = self.review_fields
        review = w.VBox([
            w.HTML(f"<p class='thamvan muted'>{esc(t('phases_ui.rev.intro'))}</p>"),
            w.HBox([self.review_example_button, self.review_check_button, self.review_export_button,
                    self.review_status], layout=w.Layout(align_items="center", flex_flow="row wrap")),
            self.review_issues, self.review_downloads, f["consultation"],
            w.HTML(f"<h4>{esc(t('uptake.field.policies'))} *</h4>"), self.policies_box, self.add_policy_button,
            w.HTML(f"<h4>{esc(t('phases_ui.rev.new_title'))}</h4>"),
            *[f[n] for n in ("new_policy_needed", "new_policy", "new_policy_reason", "new_policy_body",
                             "new_policy_deadline", "follow_up")]], layout=wide())
        self.tabs = w.Tab(children=[tracker, review],
                          titles=[t("phases_ui.up.tab.tracker"), t("phases_ui.up.tab.review")])
        header = w.HTML(f"<div class='thamvan'><h1>{esc(t('phases_ui.up.title'))}</h1>"
                        f"<p class='muted'>{esc(t('phases_ui.up.lead'))}</p></div>")
        self.widget = w.VBox([*page_style(), header, self.tabs], layout=wide())
        self.widget.add_class("thamvan")
        self.widget.add_class("thamvan-form")

    # --- the tracker as a document -------------------------------------------------------------
    def tracker(self) -> domain.UptakeTracker:
        f = self.fields
        responses = [r for r in (row.response() for row in self.rows) if r is not None]
        return domain.UptakeTracker(
            consultation=f["consultation"].value.strip(), asked=lines(f["asked"].value),
            how_we_asked=lines(f["how_we_asked"].value), place=f["place"].value.strip(),
            contact=f["contact"].value.strip(), opinions=[row.opinion for row in self.rows],
            responses=responses)

    def set_tracker(self, tracker: domain.UptakeTracker) -> None:
        with self.loading():
            f = self.fields
            f["consultation"].value, f["place"].value = tracker.consultation, tracker.place
            f["contact"].value = tracker.contact
            f["asked"].value, f["how_we_asked"].value = "\n".join(tracker.asked), "\n".join(tracker.how_we_asked)
            self.rows = [_OpinionRow(self, n, o, tracker.response_for(o.id))
                         for n, o in enumerate(tracker.opinions, 1)]
            self.rows_box.children = [r.widget for r in self.rows]
        self._show_tally()

    def row(self, opinion_id: str) -> _OpinionRow:
        return next(r for r in self.rows if r.opinion.id == opinion_id)

    def _show_tally(self) -> None:
        s = self.tracker().summary()
        self.tally.value = (f"<p class='thamvan'><b>{esc(self.t('phases_ui.up.tally', n=len(self.rows), taken=s['taken_up'], partly=s['partly_taken_up'], not_taken=s['not_taken_up'], out=s['out_of_scope'], open=s['']))}</b></p>")

    # --- the review as a document ---------------------------------------------------------------
    def review(self) -> domain.ImpactReview:
        f = self.review_fields
        return domain.ImpactReview(
            consultation=f["consultation"].value.strip(), policies=[p.impact() for p in self.policies],
            new_policy_needed={"yes": True, "no": False}.get(f["new_policy_needed"].value), new_policy=f["new_policy"].value.strip(),
            new_policy_reason=f["new_policy_reason"].value.strip(),
            new_policy_body=f["new_policy_body"].value.strip(),
            new_policy_deadline=f["new_policy_deadline"].value, follow_up=lines(f["follow_up"].value))

    def set_review(self, review: domain.ImpactReview) -> None:
        with self.loading():
            f = self.review_fields
            for name in ("consultation", "new_policy", "new_policy_reason", "new_policy_body"):
                f[name].value = getattr(review, name) or ""
            f["new_policy_needed"].value = {True: "yes", False: "no"}.get(review.new_policy_needed, "")
            f["new_policy_deadline"].value = review.new_policy_deadline
            f["follow_up"].value = "\n".join(review.follow_up)
            self.policies = []
            for impact in review.policies:
                self.add_policy(impact)

    def add_policy(self, impact: domain.PolicyImpact | None = None) -> _PolicyRow:
        row = _PolicyRow(self, len(self.policies) + 1, impact or domain.PolicyImpact())
        row.remove.on_click(lambda _: self._remove_policy(row))
        self.policies.append(row)
        self.policies_box.children = [p.widget for p in self.policies]
        return row

    def _remove_policy(self, row: _PolicyRow) -> None:
        self.policies.remove(row)
        self.policies_box.children = [p.widget for p in self.policies]
        self.review_changed()

    # --- drafts ------------------------------------------------------------------------------
    def restore(self) -> None:
        tracker = self.store.load_json(TRACKER_KIND, domain.UptakeTracker.from_dict)
        self.status.value = self.draft_note(tracker, TRACKER_KIND)
        # a first visit: the opinions of the dataset, no answer yet
        self.set_tracker(tracker.value or domain.UptakeTracker(opinions=self._dataset_opinions()))
        review = self.store.load_json(REVIEW_KIND, domain.ImpactReview.from_dict)
        self.review_status.value = self.draft_note(review, REVIEW_KIND)
        self.set_review(review.value or domain.ImpactReview())

    def _dataset_opinions(self) -> list[domain.Opinion]:
        try:
            return dataset_opinions(self.folder, self.lang)
        except (OSError, KitError):
            return []

    def save(self) -> bool:
        if not self.autosave(lambda: self.store.save_json(TRACKER_KIND, self.tracker().to_dict())):
            return False
        self._show_tally()
        return True

    def review_changed(self) -> None:
        if not self.is_loading:
            self.autosave(lambda: self.store.save_json(REVIEW_KIND, self.review().to_dict()), self.review_status)

    # --- actions -----------------------------------------------------------------------------
    def load_opinions(self) -> None:
        """The opinions of the dataset, keeping the answers already written for the same ids."""
        current = self.tracker()
        opinions = self._dataset_opinions()
        ids = {o.id for o in opinions}
        kept = [o for o in current.opinions if o.id not in ids]
        current.opinions = opinions + kept
        self.set_tracker(current)
        self.save()
        self.issues.value = f"<p class='thamvan muted'>{esc(self.t('phases_ui.up.data_loaded', n=len(opinions)))}</p>"

    def load_example(self) -> None:
        self.set_tracker(domain.load_example().tracker)
        self.save()
        self.issues.value = f"<p class='thamvan muted'>{esc(self.t('phases_ui.up.example_loaded'))}</p>"
        self.downloads.value = self.preview.value = ""

    def check(self) -> list:
        """Every opinion without an answer, every "not taken up" without its reason …"""
        issues = domain.validate_tracker(self.tracker())
        self.issues.value = issues_html(self, issues)
        return issues

    def feedback_page(self) -> str | None:
        """Preview the public feedback page and offer it for download; None when refused."""
        tracker = self.tracker()
        try:
            page = feedback_html(tracker, self.lang)
            word = docx_bytes(feedback_docx(tracker, self.lang))
        except KitError as err:
            self.preview.value = ""
            self.downloads.value = (f"<div class='thamvan'><p class='thamvan-error'>{esc(self.t('phases_ui.up.not_ready'))} "
                                    f"{esc(err.text(self.lang))}</p></div>")
            return None
        links = [data_link("phan-hoi-y-kien-nhan-dan.html", page.encode("utf-8"), MIME["html"],
                           self.t("phases_ui.up.download_page")),
                 data_link("phan-hoi-y-kien-nhan-dan.docx", word, MIME["docx"], self.t("phases_ui.download.docx"))]
        self.downloads.value = (f"<div class='thamvan'><p>{esc(self.t('phases_ui.up.page_ready'))} "
                                f"{' · '.join(links)}</p></div>")
        self.preview.value = (f"<iframe class='thamvan-preview' title='{esc(self.t('phases_ui.up.page'))}' "
                              f"sandbox='' srcdoc=\"{html.escape(page, quote=True)}\" "
                              f"style='width:100%;height:480px;border:1px solid #dadce0'></iframe>")
        return page

    def sheet(self) -> str:
        """The tracking sheet (every opinion, whatever its state) as DOCX and HTML."""
        tracker = self.tracker()
        links = [data_link("bang-theo-doi-tiep-thu.docx", docx_bytes(tracker_docx(tracker, self.lang)),
                           MIME["docx"], self.t("phases_ui.download.docx")),
                 data_link("bang-theo-doi-tiep-thu.html", tracker_html(tracker, self.lang).encode("utf-8"),
                           MIME["html"], self.t("phases_ui.download.html"))]
        self.downloads.value = (f"<div class='thamvan'><p>{esc(self.t('phases_ui.up.sheet_ready'))} "
                                f"{' · '.join(links)}</p></div>")
        return self.downloads.value

    def load_review_example(self) -> None:
        self.set_review(domain.load_example().review)
        self.review_changed()
        self.review_issues.value = f"<p class='thamvan muted'>{esc(self.t('phases_ui.rev.example_loaded'))}</p>"

    def check_review(self) -> list:
        issues = domain.validate_review(self.review(), self.tracker())
        self.review_issues.value = issues_html(self, issues)
        return issues

    def export_review(self) -> str:
        review, tracker = self.review(), self.tracker()
        try:
            files = [("docx", docx_bytes(review_docx(review, tracker, self.lang))),
                     ("html", review_html(review, tracker, self.lang).encode("utf-8"))]
        except KitError as err:
            self.review_downloads.value = f"<p class='thamvan-error'>{esc(err.text(self.lang))}</p>"
            return self.review_downloads.value
        links = [data_link(f"danh-gia-tac-dong-chinh-sach.{fmt}", data, MIME[fmt], self.t(f"phases_ui.download.{fmt}"))
                 for fmt, data in files]
        self.review_downloads.value = (f"<div class='thamvan'><p>{esc(self.t('plan_builder.downloads'))} "
                                       f"{' · '.join(links)}</p></div>")
        return self.review_downloads.value
