"""Phases 4 and 5: an answer to every opinion, the public feedback page, the policy review.

Lecture items L13 and L14, steps P4.1–P4.2 and P5.1–P5.2.

* ``UptakeTracker`` (bảng theo dõi tiếp thu): every opinion, or group of opinions such as a
  theme of the letters or a part of the draft discussed at a conference, gets a
  ``Response``: **taken up** (tiếp thu: how), **partly taken up** (tiếp thu một phần: what
  was taken, and the explanation — giải trình — of the rest), **not taken up** (không tiếp
  thu: the explanation, and the option chosen instead) or **out of scope** (ngoài phạm vi:
  passed to the competent body, named), with who handles it and a status
  (chờ xử lý, đang xử lý, đã trả lời, đã công bố). ``validate_tracker`` names every
  opinion left without an answer and every "not taken up" without its reason;
* ``documents.uptake.feedback_html`` turns a complete tracker into the public feedback
  page, "Chúng tôi đã hỏi gì – Người dân đã nói gì – Chúng tôi đã làm gì": one static
  HTML file with nothing to fetch, to post at the one dedicated place the council chose;
* ``ImpactReview`` (P5.1–P5.2): which provincial policies the findings touch, what each
  needs (nothing, better implementation, amendment, a new policy) and why, and whether a
  new provincial policy is needed, by whom and by when.

Trackers round-trip through JSON (``to_dict``/``from_dict``) and YAML (``to_yaml``/
``from_yaml``). ``opinions_from_data`` lists the opinions of a dataset (one per letter
theme and per conference topic, with their counts); ``load_example`` is the worked
example of Sơn Hà (``content/uptake/example-responses.yaml``).

>>> tracker = UptakeTracker(opinions=[Opinion("thu-thieu-thuoc", "letters", "Trạm y tế hay hết thuốc", 71)],
...                         responses=[Response("thu-thieu-thuoc", "not_taken_up", "Chưa bổ sung")])
>>> [(i.rule, i.field) for i in validate_tracker(tracker) if i.severity == "error"][:2]
[('missing', 'consultation'), ('missing', 'asked')]
>>> [i.text("en").split(", but ")[1] for i in validate_tracker(tracker) if i.rule == "reason_required"]
['no explanation is given. Citizens are owed the reason.']
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import yaml

from .content import ContentError, load_kind, load
from .errors import KitError
from .records import Document, Issue, Part, Rules, checked, required

if TYPE_CHECKING:  # the tables come from the dataset's readers, which import pandas
    import pandas as pd

EXAMPLE_FILE = Path("uptake") / "example-responses.yaml"

DECISIONS = ("taken_up", "partly_taken_up", "not_taken_up", "out_of_scope")
# "Giải trình" was once a decision of its own; the glossary defines it as the explanation owed
# when an opinion is not (or only partly) taken up. A saved answer with it keeps its text and
# asks for the decision again.
LEGACY_DECISIONS = ("explained",)
STATUSES = ("pending", "in_progress", "answered", "published")
SOURCES = ("letters", "conference", "questionnaire", "interview", "other")
EFFECTS = ("none", "implement_better", "amend", "supplement", "new_policy")

SEVERITY = {
    "missing": "error", "unknown_choice": "error", "no_response": "error",
    "no_decision": "error", "reason_required": "error", "content_required": "error",
    "unknown_opinion": "error", "duplicate_opinion": "error", "duplicate_response": "error",
    "status_behind": "warning", "answered_without_decision": "error",
    "change_missing": "warning", "handler_missing": "warning", "no_place": "error",
    "choose_again": "error", "referral_required": "error",
    "new_policy_incomplete": "error", "new_policy_undecided": "warning",
    "body_missing": "warning", "unknown_finding": "warning",
}


# --- the tracker ------------------------------------------------------------------------

@dataclass
class Opinion(Part):
    """An opinion or a group of opinions (a theme of the letters, a part of the draft)."""

    id: str = required()
    source: str = required()           # one of SOURCES
    summary: str = required()          # what people said, in plain words
    count: int | None = None           # how many letters, opinions, answers


@dataclass
class Response(Part):
    """What was done with one opinion, and where its handling stands."""

    opinion: str = required()          # the opinion's id
    decision: str = ""                 # one of DECISIONS; empty while pending
    content: str = ""                  # how it was taken up (all or the part taken)
    reason: str = ""                   # the explanation (giải trình) of what is not taken up
    change: str = ""                   # the change in the draft, or the option chosen instead
    handled_by: str = ""               # the agency that handles it
    status: str = "pending"            # one of STATUSES
    answered_on: dt.date | None = None


@dataclass
class UptakeTracker(Document):
    """L13, L14, P4: the tracking sheet of one consultation."""

    KIND: ClassVar[str] = "uptake"
    consultation: str = required()
    asked: list[str] = required([])            # "Chúng tôi đã hỏi gì"
    how_we_asked: list[str] = field(default_factory=list)   # the forms and how many took part
    place: str = required()                    # the one place where feedback is posted
    opinions: list[Opinion] = required([])
    responses: list[Response] = field(default_factory=list)
    contact: str = ""

    def response_for(self, opinion_id: str) -> Response | None:
        return next((r for r in self.responses if r.opinion == opinion_id), None)

    def decision_of(self, opinion_id: str) -> str:
        """The opinion's decision, "" while it has none that counts (an old "Giải trình" or a
        value that is not a decision must be chosen again)."""
        r = self.response_for(opinion_id)
        return r.decision if r and r.decision in DECISIONS else ""

    def summary(self) -> dict:
        """How many opinions have each decision ("" for none yet): the tallies add up to the
        number of opinions.

        >>> t = UptakeTracker(opinions=[Opinion("a", "letters", "…"), Opinion("b", "letters", "…")],
        ...                   responses=[Response("a", "taken_up", "Đã bổ sung"), Response("b", "explained")])
        >>> t.summary()
        {'taken_up': 1, 'partly_taken_up': 0, 'not_taken_up': 0, 'out_of_scope': 0, '': 1}
        """
        counts = Counter(self.decision_of(o.id) for o in self.opinions)
        return {d: counts.get(d, 0) for d in (*DECISIONS, "")}


# --- checks ---------------------------------------------------------------------------

RULES = Rules("uptake", SEVERITY)
_issue, _missing, _choice = RULES.issue, RULES.missing, RULES.choice


def validate_tracker(tracker: UptakeTracker) -> list[Issue]:
    """Every opinion without an answer, every answer that is not complete.

    - each opinion has exactly one response, and each response names a known opinion;
    - a response has a decision unless it is still pending (then it is reported: the
      opinion has no answer yet);
    - "taken up" and "partly taken up" say how (``content``); "partly taken up" and "not
      taken up" give the explanation (``reason``, an error without it), "not taken up" the
      option chosen instead (a warning); "out of scope" names the body it was passed to;
    - a decided response still marked pending is a warning: update its status.
    """
    tracker = checked(tracker, UptakeTracker)
    found = _missing(tracker)
    ids = Counter(o.id for o in tracker.opinions)
    for n, o in enumerate(tracker.opinions):
        found += _choice(o.source, SOURCES, "uptake.source", f"opinions[{n}].source")
        if o.id and ids[o.id] > 1 and [x.id for x in tracker.opinions].index(o.id) != n:
            found.append(_issue(f"opinions[{n}].id", "duplicate_opinion", opinion=o.id))
    answered = Counter(r.opinion for r in tracker.responses)
    for n, r in enumerate(tracker.responses):
        where = f"responses[{n}]"
        if r.decision not in LEGACY_DECISIONS:
            found += _choice(r.decision, DECISIONS, "uptake.decision", f"{where}.decision")
        found += _choice(r.status, STATUSES, "uptake.status", f"{where}.status")
        if r.opinion and r.opinion not in ids:
            found.append(_issue(f"{where}.opinion", "unknown_opinion", opinion=r.opinion))
        if r.opinion and answered[r.opinion] > 1 and \
                [x.opinion for x in tracker.responses].index(r.opinion) != n:
            found.append(_issue(f"{where}.opinion", "duplicate_response", opinion=r.opinion))
        found += _response(r, where)
    for n, o in enumerate(tracker.opinions):
        if o.id and o.id not in answered:
            found.append(_issue(f"opinions[{n}]", "no_response", opinion=o.id,
                                summary=o.summary or "…"))
    return found


def _response(r: Response, where: str) -> list[Issue]:
    found = []
    if not r.decision:
        if r.status in ("answered", "published"):
            found.append(_issue(f"{where}.decision", "answered_without_decision", opinion=r.opinion))
        else:
            found.append(_issue(f"{where}.decision", "no_decision", opinion=r.opinion))
        return found
    if r.decision in LEGACY_DECISIONS:
        return [_issue(f"{where}.decision", "choose_again", opinion=r.opinion)]
    if r.decision in ("taken_up", "partly_taken_up") and not r.content:
        found.append(_issue(f"{where}.content", "content_required", opinion=r.opinion,
                            decision=load().both(f"uptake.decision.{r.decision}")))
    if r.decision in ("partly_taken_up", "not_taken_up") and not r.reason:
        found.append(_issue(f"{where}.reason", "reason_required", opinion=r.opinion,
                            decision=load().both(f"uptake.decision.{r.decision}")))
    if r.decision == "not_taken_up" and not r.change:
        found.append(_issue(f"{where}.change", "change_missing", opinion=r.opinion))
    if r.decision == "out_of_scope" and not r.handled_by:
        found.append(_issue(f"{where}.handled_by", "referral_required", opinion=r.opinion))
    elif not r.handled_by:
        found.append(_issue(f"{where}.handled_by", "handler_missing", opinion=r.opinion))
    if r.decision in DECISIONS and r.status == "pending":
        found.append(_issue(f"{where}.status", "status_behind", opinion=r.opinion))
    return found


def missing_responses(tracker: UptakeTracker) -> list[str]:
    """The ids of the opinions with no decided response yet (an old "Giải trình" included:
    its decision must be chosen again).

    >>> t = UptakeTracker(opinions=[Opinion("a", "letters", "…"), Opinion("b", "letters", "…"),
    ...                             Opinion("c", "letters", "…")],
    ...                   responses=[Response("a", "taken_up", "Đã bổ sung"), Response("c", "explained")])
    >>> missing_responses(t)
    ['b', 'c']
    """
    tracker = checked(tracker, UptakeTracker)
    return [o.id for o in tracker.opinions if not tracker.decision_of(o.id)]


# --- YAML and JSON ------------------------------------------------------------------------

def to_json(doc) -> str:
    return json.dumps(doc.to_dict(), ensure_ascii=False, indent=2)


def from_json(text: str):
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise KitError("uptake.error.unreadable", kind="JSON") from None
    return _from_data(data)


def to_yaml(doc) -> str:
    """A tracker or a review as YAML, Vietnamese letters kept as they are."""
    return yaml.safe_dump(doc.to_dict(), allow_unicode=True, sort_keys=False, width=100)


def from_yaml(text: str):
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        raise KitError("uptake.error.unreadable", kind="YAML") from None
    return _from_data(data)


def _from_data(data):
    kinds = {cls.KIND: cls for cls in (UptakeTracker, ImpactReview)}
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind not in kinds:
        raise KitError("uptake.error.unknown_kind", kind=repr(kind), allowed=", ".join(kinds))
    return kinds[kind].from_dict(data)


# --- opinions from the data -------------------------------------------------------------------

def opinion_id(source: str, key: str) -> str:
    """The id of a letter theme ("thu-thieu-thuoc") or a conference topic
    ("hoi-nghi-thu-tuc-thanh-toan")."""
    from .vietnamese import slug

    prefix = {"letters": "thu", "conference": "hoi-nghi"}.get(source, source)
    return f"{prefix}-{slug(key)}"


def opinions_from_data(letters: pd.DataFrame | None = None, units: pd.DataFrame | None = None,
                       lang: str = "vi") -> list[Opinion]:
    """One opinion per theme of the letters (their ``chu_de`` or ``chu_de_ma_hoa`` column)
    and per part of the draft discussed at the conferences, each with its count; the
    summary is a first wording for the office to rewrite.

    >>> from thamvan_lib.minutes import load_conference
    >>> ops = opinions_from_data(units=load_conference(1)[1])
    >>> ops[0].id, ops[0].count
    ('hoi-nghi-doi-tuong-ho-tro', 6)
    """
    from .analysis.coding import load_codebook, themes_of
    from .dataset import TOPICS

    opinions = []
    if letters is not None:
        column = "chu_de" if "chu_de" in letters.columns else "chu_de_ma_hoa"
        if column not in letters.columns:
            raise KitError("uptake.error.no_themes")
        counts = Counter(t for v in letters[column] for t in themes_of(v))
        book = load_codebook()
        order = {t: i for i, t in enumerate(book.ids)}
        for theme in sorted(counts, key=lambda t: (order.get(t, len(order)), t)):
            name = book.name(theme, lang) if theme in book.themes else theme
            name = name[:1].lower() + name[1:] if lang == "vi" else name
            opinions.append(Opinion(opinion_id("letters", theme), "letters",
                                    load().message("uptake.auto.letters", lang, theme=name),
                                    counts[theme]))
    if units is not None:
        counts = Counter(units["chu_de"])
        order = {t: i for i, t in enumerate(TOPICS)}
        for topic in sorted(counts, key=lambda t: (order.get(t, len(order)), t)):
            opinions.append(Opinion(opinion_id("conference", topic), "conference",
                                    load().message("uptake.auto.conference", lang, topic=topic),
                                    counts[topic]))
    return opinions


# --- phase 5: the policy-impact review ------------------------------------------------------------

@dataclass
class PolicyImpact(Part):
    """One provincial policy the findings touch, and what it needs."""

    policy: str = required()                  # its name, as people know it
    findings: list[str] = required([])        # opinion ids or findings in words
    effect: str = required()                  # one of EFFECTS
    reason: str = required()
    responsible: str = ""                     # the body that acts on it
    deadline: dt.date | None = None


@dataclass
class ImpactReview(Document):
    """P5.1–P5.2: the effect of the consultation on the province's policies."""

    KIND: ClassVar[str] = "impact_review"
    consultation: str = required()
    policies: list[PolicyImpact] = required([])
    new_policy_needed: bool | None = required(None)
    new_policy: str = ""                      # what the new policy would do
    new_policy_reason: str = ""
    new_policy_body: str = ""                 # who studies and drafts it
    new_policy_deadline: dt.date | None = None
    follow_up: list[str] = field(default_factory=list)   # what supervision will track


def validate_review(review: ImpactReview, tracker: UptakeTracker | None = None) -> list[Issue]:
    """Missing fields; an amendment or new policy without a responsible body (warning);
    a "new policy needed" without what, why and by whom (error); with a ``tracker``,
    findings that look like opinion ids but are not in it (warning)."""
    review = checked(review, ImpactReview)
    found = _missing(review)
    ids = {o.id for o in tracker.opinions} if tracker is not None else None
    for n, p in enumerate(review.policies):
        found += _choice(p.effect, EFFECTS, "uptake.effect", f"policies[{n}].effect")
        if p.effect in ("amend", "supplement", "new_policy") and not p.responsible:
            found.append(_issue(f"policies[{n}].responsible", "body_missing", policy=p.policy or "…"))
        if ids is not None:
            for m, ref in enumerate(p.findings):
                if ref.startswith(("thu-", "hoi-nghi-")) and " " not in ref and ref not in ids:
                    found.append(_issue(f"policies[{n}].findings[{m}]", "unknown_finding", finding=ref))
    if review.new_policy_needed:
        for name in ("new_policy", "new_policy_reason", "new_policy_body"):
            if not getattr(review, name):
                found.append(_issue(name, "new_policy_incomplete"))
    return found


# --- the worked example ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Example:
    tracker: UptakeTracker
    review: ImpactReview


def load_example(root: Path | str | None = None) -> Example:
    """The responses of Sơn Hà to every letter theme and conference topic of the shipped
    dataset, and its policy-impact review. A broken file raises ``ContentError``.

    >>> from thamvan_lib.records import errors
    >>> example = load_example()
    >>> errors(validate_tracker(example.tracker)), errors(validate_review(example.review))
    ([], [])
    """
    data = load_kind("uptake_example", root)
    docs = {}
    for name, cls in (("tracker", UptakeTracker), ("review", ImpactReview)):
        try:
            docs[name] = cls.from_dict(getattr(data, name))
        except KitError as err:
            raise ContentError(EXAMPLE_FILE.as_posix(), name, str(err.values.get("field", "-")),
                               err.text("vi"), err.text("en")) from None
    return Example(**docs)
