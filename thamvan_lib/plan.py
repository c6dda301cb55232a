"""The documents of phase 1, from the request dossier to the approved consultation plan.

Lecture items L1–L5 and steps P1.1–P1.5: the office gathers what was asked and where it
came from, sums it up as contents with measurable sub-issues, records the leaders' opinion
on the content, prepares key questions, and finally writes the consultation plan. Each
document is a plain dataclass built on ``thamvan_lib.records``, saved as a JSON draft with
``to_dict()`` / ``from_dict()`` and in the kit's database with ``save_draft`` / ``load_draft``:

=====================  =====  ==============================================================
document               item   what it holds
=====================  =====  ==============================================================
``RequestDossier``     L1     related information, the proposals with their original text
                              and source (annual plan, voters and media, socio-economic
                              problems), the contents to consult in the requesters' words
``RequirementSummary`` L2     contents in precise wording, each with quantified sub-issues
``ContentOpinion``     L3     name, purpose, contents, target groups (priority marked),
                              communes, survey groups, related parties
``KeyQuestions``       P1.3   the key questions of the narrow consultation
``ConsultationPlan``   L4–L5  everything the plan must fix: tools, sample, reliability,
                              timeline, communication, budget, contractors, training …
=====================  =====  ==============================================================

``validate(doc)`` (``validate_plan`` for a plan) returns ``Issue``\\ s: each names the
field path (``tools[1].sample``), a severity (``error`` must be fixed before the plan
is submitted, ``warning`` deserves a look) and a message in Vietnamese and English from
``content/messages/plan.yaml``. A wrong *type* (text typed where a number belongs) is
refused at once with ``KitError``; everything else, even a negative population, becomes
an issue, so one pass lists all that is left to do.

>>> plan = ConsultationPlan(name="Tham vấn về khám chữa bệnh cho người nghèo")
>>> issues = validate_plan(plan)
>>> print(issues[0].field, "|", issues[0].text("vi"))
issuing_body | Chưa điền “Cơ quan ban hành” (issuing_body).
>>> ConsultationPlan(reliability={"population": "chín nghìn"})   # doctest: +ELLIPSIS
Traceback (most recent call last):
...
thamvan_lib.errors.KitError: Trường reliability.population cần là một con số, ví dụ 9400 ...

The worked example of lecture item L6 (healthcare for the poor in the fictional tỉnh Sơn Hà)
is ``load_example()``; it passes every check.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar


from . import records
from .content import ContentError, load_kind
from .errors import KitError
from .i18n import LANGUAGES, date_text, money
from .records import Document, Issue, Part, Rules, checked, join_path, required, required_part
from .sampling import sample_size
from .schema.communication import TOOL_KINDS

EXAMPLE_FILE = Path("plan") / "example-healthcare-poor.yaml"

# Slugs stay in the data (they survive a change of language); their labels are content
# (plan.kind.*, plan.source.*, plan.measure.*).
SURVEY_KINDS = ("questionnaire",)   # probability samples: reliability applies to them only
SOURCES = ("annual_plan", "voters_media", "socio_economic")
MEASURES = ("count", "rate", "level", "cost", "time")
# Since 1 July 2025 local government has two tiers: province, then xã / phường / đặc khu.
DISTRICT_WORDS = ("huyện", "quận", "thị xã")


# --- L1: the request dossier --------------------------------------------------

@dataclass
class Proposal(Part):
    """One request to consult, kept in its original words (summaries drift as they travel)."""

    title: str = required()
    original_text: str = required()
    source: str = required()            # one of SOURCES
    origin_document: str = required()   # the official document, or the one the office asked for
    requested_by: str = ""


@dataclass
class RequestDossier(Document):
    """L1: what was asked, by whom, where it came from, and what to consult, verbatim."""

    KIND: ClassVar[str] = "dossier"
    topic: str = required()
    directed_by: str = required()
    related_information: list[str] = required([])
    proposals: list[Proposal] = required([])
    contents_to_consult: list[str] = required([])


# --- L2: the summary of requirements -----------------------------------------

@dataclass
class SubIssue(Part):
    """A small question with the quantity to learn: a count, a rate, a level, a cost, a time."""

    text: str = required()
    measure: str = required()    # one of MEASURES
    unit: str = ""


@dataclass
class ContentItem(Part):
    """One content to consult, in precise wording, with its quantified sub-issues."""

    content: str = required()
    sub_issues: list[SubIssue] = required([])


@dataclass
class RequirementSummary(Document):
    """L2: the contents to consult, each broken down into measurable sub-issues."""

    KIND: ClassVar[str] = "summary"
    title: str = required()
    items: list[ContentItem] = required([])


# --- L3 and P1.3: the opinion on the content, the key questions -----------------

@dataclass
class TargetGroup(Part):
    """Whom to consult; ``id`` is how tools name the group, ``priority`` marks who must be reached."""

    id: str = required()
    name: str = required()
    priority: bool = False
    note: str = ""


@dataclass
class ContentOpinion(Document):
    """L3: the delegation's or standing committee's opinion on what to consult."""

    KIND: ClassVar[str] = "opinion"
    name: str = required()
    purpose: str = required()
    contents: list[ContentItem] = required([])
    target_groups: list[TargetGroup] = required([])
    communes: list[str] = required([])
    survey_groups: list[str] = required([])
    related_parties: list[str] = required([])


@dataclass
class KeyQuestion(Part):
    text: str = required()
    content: str = required()    # the content item (L2) the answer serves
    target_group: str = ""


@dataclass
class KeyQuestions(Document):
    """P1.3: the key questions prepared by a narrow consultation, shared with the departments."""

    KIND: ClassVar[str] = "key_questions"
    title: str = required()
    method: str = required()
    participants: list[str] = required([])
    questions: list[KeyQuestion] = required([])
    shared_with: list[str] = required([])


# --- L4, L5, P1.4, P1.5: the consultation plan ---------------------------------

@dataclass
class Commune(Part):
    """A commune-level unit (xã, phường, đặc khu) in scope, with its target population."""

    name: str = required()
    population: int | None = required(None)


@dataclass
class Tool(Part):
    """A form of consultation: the groups it reaches, its guide, and for a survey its sample."""

    name: str = required()
    kind: str = required()               # one of TOOL_KINDS
    reaches: list[str] = required([])    # target group ids (or names)
    guide: str = required()              # the guide on applying the tool (P1.4)
    where: str = ""
    when: str = ""
    sample: int | None = None            # planned respondents (required for a questionnaire)
    allocation: dict[str, int] = field(default_factory=dict)   # commune → respondents


@dataclass
class Reliability(Part):
    """L4: the minimum reliability of the survey samples, written as numbers."""

    margin: float | None = required(None)         # 0.05 for ±5 points
    confidence: float | None = required(0.95)
    population: int | None = required(None)
    proportion: float = 0.5


@dataclass
class Phase(Part):
    name: str = required()
    start: dt.date | None = required(None)
    end: dt.date | None = required(None)
    owner: str = ""


@dataclass
class Assignment(Part):
    who: str = required()
    task: str = required()


@dataclass
class TrainingNeed(Part):
    who: str = required()
    needs: str = required()


@dataclass
class Contractor(Part):
    """An organisation contracted for part of the work; it must submit its methods and
    questionnaires to the office for review beforehand (P1.4)."""

    name: str = required()
    tasks: str = required()
    submits_methods: bool = False
    submits_questionnaires: bool = False
    review_deadline: dt.date | None = None


@dataclass
class Communication(Part):
    """L9: channels, and where and how people send opinions and get feedback."""

    channels: list[str] = required([])
    send_to: str = required()
    how_to_send: str = required()
    deadline: dt.date | None = required(None)
    feedback: str = required()


@dataclass
class BudgetLine(Part):
    item: str = required()
    amount: int | None = required(None)    # đồng
    note: str = ""


@dataclass
class Budget(Part):
    lines: list[BudgetLine] = required([])
    total: int | None = required(None)
    funding_source: str = ""


@dataclass
class Signer(Part):
    authority: str = required()    # "TM. THƯỜNG TRỰC HĐND"
    title: str = required()        # "CHỦ TỊCH"
    name: str = required()


@dataclass
class ConsultationPlan(Document):
    """L4, L5, P1.4, P1.5: the plan submitted for approval and then published."""

    KIND: ClassVar[str] = "plan"
    # the heading block of the administrative document
    issuing_body: str = required()        # "THƯỜNG TRỰC HĐND TỈNH SƠN HÀ"
    parent_body: str = ""                 # a line above it, when the body uses one
    number: str = ""                      # filled in by the clerk when the plan is issued
    symbol: str = required("KH-HĐND")
    place: str = required()
    issued_on: dt.date | None = None
    subject: str = required()
    # what and whom
    name: str = required()
    background: str = required()
    purposes: list[str] = required([])
    requirements: list[str] = required([])
    contents: list[ContentItem] = required([])
    target_groups: list[TargetGroup] = required([])
    communes: list[Commune] = required([])
    # how
    tools: list[Tool] = required([])
    reliability: Reliability = required_part(Reliability)
    sample_processing: str = required()
    software: str = required()
    report_structure: list[str] = required([])
    # who, when, with what
    assignments: list[Assignment] = required([])
    timeline: list[Phase] = required([])
    resources: list[str] = required([])
    training: list[TrainingNeed] = required([])
    contractors: list[Contractor] = field(default_factory=list)
    communication: Communication = required_part(Communication)
    budget: Budget = required_part(Budget)
    recipients: list[str] = required([])
    signer: Signer = required_part(Signer)

    def survey_tools(self) -> list[tuple[int, Tool]]:
        return [(n, t) for n, t in enumerate(self.tools) if t.kind in SURVEY_KINDS]

    def required_sample(self) -> int:
        """The smallest sample the reliability asks for (``sampling.sample_size``)."""
        r = self.reliability
        return sample_size(r.population, r.margin, r.confidence, r.proportion)


DOCUMENTS = {cls.KIND: cls for cls in
             (RequestDossier, RequirementSummary, ContentOpinion, KeyQuestions, ConsultationPlan)}


def from_dict(data):
    """Any phase-1 document from its JSON draft; the ``kind`` field says which."""
    if not isinstance(data, Mapping):
        raise KitError("plan.error.not_a_dict", field="-", value=repr(data))
    kind = data.get("kind")
    if kind not in DOCUMENTS:
        raise KitError("plan.error.unknown_kind", kind=repr(kind), allowed=", ".join(DOCUMENTS))
    return DOCUMENTS[kind].from_dict(data)


def is_district(name: str) -> bool:
    """A district-level unit (huyện, quận, thị xã): gone since July 2025, so a warning.

    >>> is_district("Huyện Mường Lát"), is_district("Xã Tân Phú")
    (True, False)
    """
    return name.strip().lower().startswith(DISTRICT_WORDS)


# --- checks -------------------------------------------------------------------

SEVERITY = {
    "missing": "error", "missing_optional": "warning", "unknown_choice": "error",
    "duplicate": "error", "not_quantified": "error", "reliability": "error",
    "sample_below_required": "error", "survey_without_sample": "error",
    "sample_above_population": "error", "allocation_total": "error",
    "allocation_unknown_commune": "error", "allocation_above_commune": "error",
    "population_differs": "warning", "commune_population": "error", "district_level": "warning",
    "unknown_group": "error", "priority_unreached": "error", "group_unreached": "warning",
    "no_priority_group": "warning", "phase_reversed": "error", "phase_order": "warning",
    "deadline_outside": "warning", "budget_total": "error", "budget_negative": "error",
    "contractor_methods": "error", "contractor_questionnaires": "error",
    "no_send_to": "error", "no_how_to_send": "error", "no_feedback": "error",
    "question_unknown_content": "warning",
}

# Fields whose absence has its own explanation (L9 says why it matters).
_OWN_MESSAGE = {"communication.send_to": "no_send_to", "communication.how_to_send": "no_how_to_send",
                "communication.feedback": "no_feedback"}


RULES = Rules("plan", SEVERITY, _OWN_MESSAGE)
_issue, _missing, _choice = RULES.issue, RULES.missing, RULES.choice


def _contents(items: list[ContentItem], path: str) -> list[Issue]:
    found = []
    for n, item in enumerate(items):
        where = join_path(path, n)
        for m, sub in enumerate(item.sub_issues):
            found += _choice(sub.measure, MEASURES, "plan.measure", f"{where}.sub_issues[{m}].measure")
        if item.content and not item.sub_issues:
            # Reported as missing too; this message says why a content needs them (L2).
            found.append(_issue(f"{where}.sub_issues", "not_quantified", content=item.content))
    return found


def _groups(groups: list[TargetGroup], path: str) -> list[Issue]:
    found = RULES.duplicates([g.id for g in groups], path, "id")
    if groups and not any(g.priority for g in groups):
        found.append(_issue(path, "no_priority_group"))
    return found


def validate_dossier(doc: RequestDossier) -> list[Issue]:
    """L1: every field, each proposal's original text and source.

    >>> [i.field for i in validate_dossier(RequestDossier(topic="Khám chữa bệnh cho người nghèo",
    ...     directed_by="Thường trực HĐND tỉnh", related_information=["Báo cáo của Sở Y tế"],
    ...     contents_to_consult=["Chi phí người nghèo phải tự trả"],
    ...     proposals=[Proposal(title="Kiến nghị cử tri", source="voters_media")]))]
    ['proposals[0].original_text', 'proposals[0].origin_document']
    """
    doc = checked(doc, RequestDossier)
    found = _missing(doc)
    for n, p in enumerate(doc.proposals):
        found += _choice(p.source, SOURCES, "plan.source", f"proposals[{n}].source")
    return found


def validate_summary(doc: RequirementSummary) -> list[Issue]:
    """L2: each content needs sub-issues, and each sub-issue the quantity to learn.

    >>> summary = RequirementSummary(title="Bản tổng hợp", items=[
    ...     ContentItem("Khả năng tiếp cận dịch vụ khám chữa bệnh của người nghèo")])
    >>> [(i.rule, i.field) for i in validate_summary(summary)]
    [('missing', 'items[0].sub_issues'), ('not_quantified', 'items[0].sub_issues')]
    """
    doc = checked(doc, RequirementSummary)
    return _missing(doc) + _contents(doc.items, "items")


def validate_opinion(doc: ContentOpinion) -> list[Issue]:
    """L3: the five parts of the opinion, priority groups and communes."""
    doc = checked(doc, ContentOpinion)
    found = _missing(doc) + _contents(doc.contents, "contents") + _groups(doc.target_groups,
                                                                           "target_groups")
    found += RULES.duplicates(doc.communes, "communes")
    found += [_issue(f"communes[{n}]", "district_level", commune=c)
              for n, c in enumerate(doc.communes) if is_district(c)]
    return found


def validate_key_questions(doc: KeyQuestions, contents: list[str] | None = None) -> list[Issue]:
    """P1.3: each question tied to a content and worded for citizens (the questionnaire rules).

    Give ``contents`` (the contents of the summary) to check each question names one of them.
    """
    from .questionnaire import Question, check_question

    doc = checked(doc, KeyQuestions)
    found = _missing(doc)
    known = {c.casefold() for c in contents or []}
    for n, q in enumerate(doc.questions):
        if q.text:
            # The same checks as a questionnaire: a key question must not lead or use jargon.
            for f in check_question(Question(f"K{n + 1}", q.text, "open")):
                found.append(Issue(f"questions[{n}].text", f.severity, f.rule, f.message_key,
                                   dict(f.values)))
        if contents is not None and q.content and q.content.casefold() not in known:
            found.append(_issue(f"questions[{n}].content", "question_unknown_content",
                                content=q.content))
    return found


_SAMPLING_FIELDS = {"population": "population", "margin": "margin",
                    "confidence": "confidence", "proportion": "proportion"}


def _reliability(plan: ConsultationPlan) -> tuple[list[Issue], int | None]:
    """The reliability's own problems, and the sample it requires when it is usable."""
    r = plan.reliability
    if None in (r.margin, r.confidence, r.population):
        return [], None  # reported as missing
    try:
        return [], plan.required_sample()
    except KitError as err:
        # sampling.py explains a bad margin or population best; name the field it concerns.
        name = next((f for f in _SAMPLING_FIELDS if f in err.key), "margin")
        return [Issue(f"reliability.{name}", "error", "reliability", err.key, dict(err.values))], None


def _surveys(plan: ConsultationPlan, required: int | None) -> list[Issue]:
    found = []
    communes = {c.name: c for c in plan.communes}
    population = plan.reliability.population
    for n, tool in plan.survey_tools():
        where = f"tools[{n}]"
        if not tool.sample or tool.sample <= 0:
            found.append(_issue(f"{where}.sample", "survey_without_sample", tool=tool.name or "-"))
            continue
        if required is not None and tool.sample < required:
            r = plan.reliability
            found.append(_issue(f"{where}.sample", "sample_below_required", tool=tool.name or "-",
                                sample=tool.sample, required=required,
                                margin=f"{r.margin * 100:g}", confidence=f"{r.confidence * 100:g}",
                                population=r.population))
        if population and population > 0 and tool.sample > population:
            found.append(_issue(f"{where}.sample", "sample_above_population", tool=tool.name or "-",
                                sample=tool.sample, population=population))
        if tool.allocation:
            allocated = sum(tool.allocation.values())
            if allocated != tool.sample:
                found.append(_issue(f"{where}.allocation", "allocation_total", tool=tool.name or "-",
                                    allocated=allocated, sample=tool.sample))
            for commune, taken in tool.allocation.items():
                if commune not in communes:
                    found.append(_issue(f"{where}.allocation", "allocation_unknown_commune",
                                        tool=tool.name or "-", commune=commune))
                elif communes[commune].population is not None and taken > communes[commune].population:
                    found.append(_issue(f"{where}.allocation", "allocation_above_commune",
                                        commune=commune, n=taken,
                                        population=communes[commune].population))
    return found


def _scope(plan: ConsultationPlan) -> list[Issue]:
    found = RULES.duplicates([c.name for c in plan.communes], "communes", "name")
    for n, c in enumerate(plan.communes):
        if c.population is not None and c.population <= 0:
            found.append(_issue(f"communes[{n}].population", "commune_population",
                                commune=c.name or "-", population=c.population))
        if is_district(c.name):
            found.append(_issue(f"communes[{n}].name", "district_level", commune=c.name))
    sizes = [c.population for c in plan.communes]
    population = plan.reliability.population
    if (plan.survey_tools() and sizes and None not in sizes and population
            and sum(sizes) != population):
        found.append(_issue("reliability.population", "population_differs",
                            population=population, communes_total=sum(sizes)))
    return found


def _reach(plan: ConsultationPlan) -> list[Issue]:
    found = _groups(plan.target_groups, "target_groups")
    names = {}
    for g in plan.target_groups:
        names[g.id.casefold()] = g
        names[g.name.casefold()] = g
    reached = set()
    for n, tool in enumerate(plan.tools):
        found += _choice(tool.kind, TOOL_KINDS, "plan.kind", f"tools[{n}].kind")
        for m, ref in enumerate(tool.reaches):
            group = names.get(ref.casefold())
            if group is None:
                found.append(_issue(f"tools[{n}].reaches[{m}]", "unknown_group",
                                    tool=tool.name or "-", group=ref))
            else:
                reached.add(id(group))
    if plan.tools:
        for n, g in enumerate(plan.target_groups):
            if id(g) not in reached:
                rule = "priority_unreached" if g.priority else "group_unreached"
                found.append(_issue(f"target_groups[{n}]", rule, group=g.name or g.id or "-"))
    return found


def _timeline(plan: ConsultationPlan) -> list[Issue]:
    found, previous = [], None
    for n, phase in enumerate(plan.timeline):
        if phase.start and phase.end and phase.end < phase.start:
            found.append(_issue(f"timeline[{n}].end", "phase_reversed", phase=phase.name or "-",
                                start=date_text(phase.start), end=date_text(phase.end)))
        if phase.start and previous is not None and previous.start and phase.start < previous.start:
            found.append(_issue(f"timeline[{n}].start", "phase_order", phase=phase.name or "-",
                                previous=previous.name or "-"))
        previous = phase
    deadline = plan.communication.deadline
    starts = [p.start for p in plan.timeline if p.start]
    ends = [p.end for p in plan.timeline if p.end]
    if deadline and starts and ends and not min(starts) <= deadline <= max(ends):
        found.append(_issue("communication.deadline", "deadline_outside",
                            deadline=date_text(deadline), start=date_text(min(starts)),
                            end=date_text(max(ends))))
    return found


def _budget(plan: ConsultationPlan) -> list[Issue]:
    found = []
    for n, line in enumerate(plan.budget.lines):
        if line.amount is not None and line.amount < 0:
            found.append(_issue(f"budget.lines[{n}].amount", "budget_negative",
                                item=line.item or "-", amount=_money_both(line.amount)))
    amounts = [line.amount for line in plan.budget.lines]
    total = plan.budget.total
    if total is not None and amounts and None not in amounts and sum(amounts) != total:
        found.append(_issue("budget.total", "budget_total", lines_total=_money_both(sum(amounts)),
                            total=_money_both(total)))
    return found


def _money_both(amount: int) -> dict:
    # Issues are read later, in either language: keep every spelling of the amount.
    return {lang: money(amount, lang) for lang in LANGUAGES}


def _contractors(plan: ConsultationPlan) -> list[Issue]:
    found = []
    for n, c in enumerate(plan.contractors):
        if not c.submits_methods:
            found.append(_issue(f"contractors[{n}].submits_methods", "contractor_methods",
                                contractor=c.name or "-"))
        if not c.submits_questionnaires:
            found.append(_issue(f"contractors[{n}].submits_questionnaires",
                                "contractor_questionnaires", contractor=c.name or "-"))
        if not c.review_deadline:
            found.append(_issue(f"contractors[{n}].review_deadline", "missing_optional"))
    return found


def validate_plan(plan: ConsultationPlan) -> list[Issue]:
    """Every missing field and every inconsistency of a consultation plan.

    A plan with a survey too small for its own reliability target:

    >>> plan = ConsultationPlan(
    ...     target_groups=[TargetGroup("ho-ngheo", "Người thuộc hộ nghèo", priority=True)],
    ...     tools=[Tool("Phiếu hỏi hộ nghèo", "questionnaire", ["ho-ngheo"], "Hướng dẫn", sample=200)],
    ...     reliability=Reliability(margin=0.05, confidence=0.95, population=9400))
    >>> for issue in validate_plan(plan):
    ...     if issue.field == "tools[0].sample":
    ...         print(issue.text("en"))     # doctest: +ELLIPSIS
    The questionnaire “Phiếu hỏi hộ nghèo” plans 200 respondents, fewer than the 370 needed ...
    """
    plan = checked(plan, ConsultationPlan)
    skip = frozenset() if plan.survey_tools() else frozenset({"reliability"})
    found = _missing(plan, skip=skip)
    found += _contents(plan.contents, "contents")
    found += _scope(plan) + _reach(plan)
    reliability_issues, required = _reliability(plan) if plan.survey_tools() else ([], None)
    found += reliability_issues + _surveys(plan, required)
    found += _timeline(plan) + _budget(plan) + _contractors(plan)
    return found


VALIDATORS = {"dossier": validate_dossier, "summary": validate_summary, "opinion": validate_opinion,
              "key_questions": validate_key_questions, "plan": validate_plan}


def validate(doc) -> list[Issue]:
    """The checks for any phase-1 document."""
    kind = getattr(doc, "KIND", None)
    if kind not in VALIDATORS:
        raise KitError("plan.error.not_a_document", expected=", ".join(c.__name__ for c in
                                                                        DOCUMENTS.values()),
                       value=repr(doc)[:80])
    return VALIDATORS[kind](doc)


# --- helpers for the plan builder ------------------------------------------------

def size_sample(plan: ConsultationPlan, planned: int | None = None,
                method: str = "proportional") -> tuple[int, dict[str, int]]:
    """The sample the reliability requires, and ``planned`` (that sample by default)
    shared among the plan's communes with ``sampling.allocate``.

    >>> plan = ConsultationPlan(communes=[Commune("Phường Hòa Minh", 6000), Commune("Xã Tân Phú", 1000)],
    ...                         reliability=Reliability(margin=0.05, population=7000))
    >>> size_sample(plan)
    (365, {'Phường Hòa Minh': 313, 'Xã Tân Phú': 52})
    """
    from .sampling import allocate

    plan = checked(plan, ConsultationPlan)
    required = plan.required_sample()
    strata = {c.name: c.population for c in plan.communes}
    return required, allocate(strata, planned if planned is not None else required, method)


# --- drafts ---------------------------------------------------------------------

def save_draft(store, kind: str, data) -> None:
    """Keep a draft of one phase-1 document (``records.save_draft``; one draft per kind)."""
    records.save_draft(store, _draft_class(kind), data)


def load_draft(store, kind: str):
    """The saved draft of ``kind`` as a document, or None when there is none."""
    return records.load_draft(store, _draft_class(kind))


def _draft_class(kind):
    if kind not in DOCUMENTS:
        raise KitError("plan.error.unknown_kind", kind=repr(kind), allowed=", ".join(DOCUMENTS))
    return DOCUMENTS[kind]


# --- the worked example (L6) -------------------------------------------------------

@dataclass(frozen=True)
class Example:
    dossier: RequestDossier
    summary: RequirementSummary
    opinion: ContentOpinion
    key_questions: KeyQuestions
    plan: ConsultationPlan

    def documents(self) -> dict:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


def load_example(root: Path | str | None = None) -> Example:
    """The healthcare-for-the-poor consultation of tỉnh Sơn Hà, carried through every document.

    A trainer may edit the file; a broken entry raises ``ContentError`` naming the file,
    the document and the field.

    >>> example = load_example()
    >>> example.plan.communes[0].name, records.errors(validate_plan(example.plan))
    ('Phường Sơn Hà', [])
    """
    data = load_kind("plan_example", root)
    docs = {}
    for name in ("dossier", "summary", "opinion", "key_questions", "plan"):
        cls = DOCUMENTS[name]
        try:
            docs[name] = cls.from_dict(getattr(data, name))
        except KitError as err:
            raise ContentError(EXAMPLE_FILE.as_posix(), name, str(err.values.get("field", "-")),
                               err.text("vi"), err.text("en")) from None
    return Example(**docs)
