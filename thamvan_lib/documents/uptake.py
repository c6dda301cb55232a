"""Documents of phases 4 and 5: the public feedback page, the tracking sheet, the impact review.

* ``feedback_html(tracker)``: the page posted at the one dedicated place the council chose
  (L13, P4.2), in three parts, "Chúng tôi đã hỏi gì – Người dân đã nói gì – Chúng tôi đã làm
  gì". One static HTML file: its style is inline, it links to nothing and loads nothing, and
  it prints on A4. It is refused while an opinion still has no answer, so no published page
  ever skips the opinions that were not taken up;
* ``tracker_docx``/``tracker_html``: the tracking sheet (bảng theo dõi tiếp thu, L14), one
  row per opinion with its result, reason or change, handler and status;
* ``review_docx``/``review_html``: the policy-impact review of phase 5.

All are administrative outlines (``outline.report_outline``) drawn by ``docx`` and ``html``.

>>> from thamvan_lib.uptake import load_example
>>> page = feedback_html(load_example().tracker)
>>> "Chúng tôi đã hỏi gì" in page, "Người dân đã nói gì" in page, "Chúng tôi đã làm gì" in page
(True, True, True)
>>> "http" in page, "<script" in page
(False, False)
"""

from __future__ import annotations

from ..content import load
from ..errors import KitError
from ..i18n import BLANK, date_text, pick
from ..records import checked, errors
from ..uptake import DECISIONS, LEGACY_DECISIONS, ImpactReview, UptakeTracker, missing_responses, validate_tracker
from . import docx, html
from .outline import Blocks, Outline, Para, Table, report_outline


def t(key: str, lang: str, **values) -> str:
    return load().message(key, lang, **values)


def _count_text(opinion, lang: str) -> str:
    if opinion.count is None:
        return ""
    key = f"uptake.count.{opinion.source}"
    key = key if key in load().messages else "uptake.count.other"
    return t(key, lang, n=opinion.count)


def _decision(decision: str, lang: str) -> str:
    if decision in DECISIONS:
        return t(f"uptake.decision.{decision}", lang)
    if decision in LEGACY_DECISIONS:
        return t("uptake.decision.choose_again", lang)
    return decision or t("uptake.decision.none", lang)   # an unknown value is shown as written


def _what_we_did(response, lang: str) -> str:
    if response.decision not in DECISIONS:   # an old "Giải trình": everything written, nothing lost
        parts = [response.content]
        if response.reason:
            parts.append(t("uptake.page.reason", lang, reason=response.reason))
        if response.change:
            parts.append(t("uptake.page.change", lang, change=response.change))
        return " ".join(p for p in parts if p) or BLANK
    if response.decision == "not_taken_up":
        parts = [t("uptake.page.reason", lang, reason=response.reason or BLANK)]
        if response.change:
            parts.append(t("uptake.page.instead", lang, change=response.change))
        return " ".join(parts)
    if response.decision == "out_of_scope":
        return " ".join(p for p in (t("uptake.page.referred", lang, body=response.handled_by or BLANK),
                                    response.content) if p)
    parts = [response.content or BLANK]
    if response.change:
        parts.append(t("uptake.page.change", lang, change=response.change))
    if response.decision == "partly_taken_up":
        parts.append(t("uptake.page.rest", lang, reason=response.reason or BLANK))
    return " ".join(parts)


# --- the public feedback page ----------------------------------------------------------------

def feedback_outline(tracker: UptakeTracker, lang: str | None = None, day=None,
                     allow_incomplete: bool = False) -> Outline:
    """The public page as an outline. Refused (``KitError`` naming the opinions) while an
    opinion has no decided answer or the tracker has errors, unless ``allow_incomplete``
    (a draft to discuss, never to post)."""
    tracker = checked(tracker, UptakeTracker)
    lang = pick(lang)
    if not allow_incomplete:
        missing = missing_responses(tracker)
        if missing:
            raise KitError("uptake.error.not_ready", opinions=", ".join(missing))
        problems = errors(validate_tracker(tracker))
        if problems:
            raise KitError("uptake.error.not_ready_issues", count=len(problems),
                           first=f"{problems[0].field}: {problems[0].text(lang)}")
    b = Blocks()
    b.para(t("uptake.page.intro", lang, consultation=tracker.consultation or BLANK))
    b.heading("I. " + t("uptake.page.s_asked", lang))
    b.bullets(tracker.asked)
    if tracker.how_we_asked:
        b.para(t("uptake.page.how", lang))
        b.bullets(tracker.how_we_asked)

    b.heading("II. " + t("uptake.page.s_said", lang))
    for source in ("letters", "conference", "questionnaire", "interview", "other"):
        opinions = [o for o in tracker.opinions if o.source == source]
        if not opinions:
            continue
        b.heading(t(f"uptake.page.from.{source}", lang), 2)
        for o in opinions:
            count = _count_text(o, lang)
            b.para(f"{o.summary} ({count})" if count else o.summary, style="bullet")

    b.heading("III. " + t("uptake.page.s_done", lang))
    s = tracker.summary()
    b.para(t("uptake.page.tally", lang, n=len(tracker.opinions), taken=s["taken_up"],
             partly=s["partly_taken_up"], not_taken=s["not_taken_up"], out=s["out_of_scope"]))
    for n, o in enumerate(tracker.opinions, 1):
        r = tracker.response_for(o.id)
        if r is None:
            b.para(t("uptake.decision.none", lang), f"{n}) {o.summary}: ", "item")
            continue
        b.para(f"{_decision(r.decision, lang)}. {_what_we_did(r, lang)}", f"{n}) {o.summary}: ",
               "item")
    b.para(t("uptake.page.place", lang, place=tracker.place or BLANK))
    if tracker.contact:
        b.para(t("uptake.page.contact", lang, contact=tracker.contact))
    return report_outline(lang, t("uptake.page.title", lang),
                          t("uptake.page.subject", lang, consultation=tracker.consultation or BLANK),
                          "TB-HĐND", day, t("uptake.doc.issuing", lang), None,
                          [t("uptake.doc.signer", lang), t("uptake.doc.signer_role", lang), "", BLANK],
                          [t("uptake.doc.to_people", lang), t("uptake.doc.to_agencies", lang),
                           t("reports.doc.archive", lang)],
                          b)


def feedback_html(tracker: UptakeTracker, lang: str | None = None, day=None,
                  allow_incomplete: bool = False) -> str:
    """The public feedback page: one static, self-contained, print-friendly HTML file."""
    outline = feedback_outline(tracker, lang, day, allow_incomplete)
    outline.styles += ("feedback",)
    return html.render(outline)


def feedback_docx(tracker: UptakeTracker, lang: str | None = None, day=None,
                  allow_incomplete: bool = False):
    """The same page as a Word file (for the letter sent to those who gave opinions)."""
    return docx.render(feedback_outline(tracker, lang, day, allow_incomplete))


# --- the tracking sheet -----------------------------------------------------------------------

def tracker_outline(tracker: UptakeTracker, lang: str | None = None, day=None) -> Outline:
    """L14: one row per opinion, whatever its state; the open ones are counted first."""
    tracker = checked(tracker, UptakeTracker)
    lang = pick(lang)
    b = Blocks()
    s = tracker.summary()
    b.para(t("uptake.sheet.tally", lang, n=len(tracker.opinions), taken=s["taken_up"],
             partly=s["partly_taken_up"], not_taken=s["not_taken_up"], out=s["out_of_scope"],
             open=s[""]))
    rows = []
    for n, o in enumerate(tracker.opinions, 1):
        r = tracker.response_for(o.id)
        rows.append([str(n), o.summary, _count_text(o, lang),
                     _decision(r.decision if r else "", lang),
                     (_what_we_did(r, lang) if r and r.decision else BLANK),
                     (r.handled_by if r and r.handled_by else BLANK),
                     t(f"uptake.status.{r.status}", lang) if r and r.status in
                     ("pending", "in_progress", "answered", "published") else
                     t("uptake.status.pending", lang)])
    b.append(Table([load().message("plan.doc.col_no", lang), t("uptake.col.opinion", lang),
                    t("uptake.col.count", lang), t("uptake.col.result", lang),
                    t("uptake.col.detail", lang), t("uptake.col.handler", lang),
                    t("uptake.col.status", lang)], rows, numeric=(0,)))
    return report_outline(lang, t("uptake.sheet.title", lang),
                          t("uptake.page.subject", lang, consultation=tracker.consultation or BLANK),
                          "BTD-VP", day, None, None,
                          [t("uptake.sheet.signer", lang), "", t("reports.doc.signature_note", lang), BLANK],
                          [t("uptake.doc.to_standing", lang), t("reports.doc.archive", lang)],
                          b)


def tracker_docx(tracker: UptakeTracker, lang: str | None = None, day=None):
    return docx.render(tracker_outline(tracker, lang, day))


def tracker_html(tracker: UptakeTracker, lang: str | None = None, day=None) -> str:
    return html.render(tracker_outline(tracker, lang, day))


# --- the policy-impact review (phase 5) -----------------------------------------------------------

def review_outline(review: ImpactReview, tracker: UptakeTracker | None = None,
                   lang: str | None = None, day=None) -> Outline:
    """P5.1–P5.2: the policies touched, each with the findings, the effect and the reason;
    whether a new policy is needed; what supervision will follow. Opinion ids among the
    findings are shown as the opinions' summaries when ``tracker`` is given."""
    review = checked(review, ImpactReview)
    lang = pick(lang)
    summaries = {o.id: o.summary for o in tracker.opinions} if tracker is not None else {}
    b = Blocks()
    b.para(t("uptake.review.intro", lang, consultation=review.consultation or BLANK))
    b.heading("I. " + t("uptake.review.s_policies", lang))
    for n, p in enumerate(review.policies, 1):
        b.heading(f"{n}. {p.policy or BLANK}", 2)
        b.append(Para("", t("uptake.review.findings", lang) + ":"))
        b.bullets(summaries.get(f, f) for f in p.findings)
        effect = t(f"uptake.effect.{p.effect}", lang) if p.effect in \
            ("none", "implement_better", "amend", "supplement", "new_policy") else (p.effect or BLANK)
        b.para(effect, t("uptake.review.effect", lang) + ": ")
        b.para(p.reason, t("uptake.review.reason", lang) + ": ")
        if p.responsible:
            b.para(p.responsible, t("uptake.review.responsible", lang) + ": ")
        if p.deadline:
            b.para(date_text(p.deadline), t("uptake.review.deadline", lang) + ": ")
    b.heading("II. " + t("uptake.review.s_new", lang))
    if review.new_policy_needed is None:
        b.para(BLANK)
    elif review.new_policy_needed:
        b.para(t("uptake.review.new_yes", lang))
        b.para(review.new_policy, t("uptake.review.new_what", lang) + ": ")
        b.para(review.new_policy_reason, t("uptake.review.reason", lang) + ": ")
        b.para(review.new_policy_body, t("uptake.review.responsible", lang) + ": ")
        if review.new_policy_deadline:
            b.para(date_text(review.new_policy_deadline),
                   t("uptake.review.deadline", lang) + ": ")
    else:
        b.para(t("uptake.review.new_no", lang))
        if review.new_policy_reason:
            b.para(review.new_policy_reason, t("uptake.review.reason", lang) + ": ")
    b.heading("III. " + t("uptake.review.s_follow", lang))
    b.bullets(review.follow_up)
    return report_outline(lang, t("uptake.review.title", lang), t("uptake.review.subject", lang),
                          "BC-HĐND", day, t("uptake.doc.issuing", lang), None,
                          [t("uptake.doc.signer", lang), t("uptake.doc.signer_role", lang),
                           t("plan.doc.signature_note", lang), BLANK],
                          [t("uptake.doc.to_council", lang), t("uptake.doc.to_agencies", lang),
                           t("reports.doc.archive", lang)],
                          b)


def review_docx(review: ImpactReview, tracker: UptakeTracker | None = None,
                lang: str | None = None, day=None):
    return docx.render(review_outline(review, tracker, lang, day))


def review_html(review: ImpactReview, tracker: UptakeTracker | None = None,
                lang: str | None = None, day=None) -> str:
    return html.render(review_outline(review, tracker, lang, day))
