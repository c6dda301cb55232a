"""The documents of phase 1, from the request dossier to the approved consultation plan.

Lecture items L1–L5 and steps P1.1–P1.5: the office gathers what was asked and where it
came from, sums it up as contents with measurable sub-issues, records the leaders' opinion
on the content, prepares key questions, and finally writes the consultation plan. Each
document is a plain dataclass, saved as a JSON draft with ``to_dict()`` / ``from_dict()``
and in the kit's database with ``save_draft`` / ``load_draft``:

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
import functools
import json
import math
import re
import types
import typing
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from pydantic import Field

from .content import ContentError, content_root, language, load, load_file
from .errors import KitError
from .sampling import sample_size
from .schema import Strict

FORMAT = "thamvan-plan/1"
EXAMPLE_FILE = Path("plan") / "example-healthcare-poor.yaml"

# Slugs stay in the data (they survive a change of language); their labels are content
# (plan.kind.*, plan.source.*, plan.measure.*).
TOOL_KINDS = ("conference", "questionnaire", "interview", "group_discussion", "letters")
SURVEY_KINDS = ("questionnaire",)   # probability samples: reliability applies to them only
SOURCES = ("annual_plan", "voters_media", "socio_economic")
MEASURES = ("count", "rate", "level", "cost", "time")
# Since 1 July 2025 local government has two tiers: province, then xã / phường / đặc khu.
DISTRICT_WORDS = ("huyện", "quận", "thị xã")


# --- issues -------------------------------------------------------------------

@dataclass(frozen=True)
class Issue:
    """One thing to fix: where (a field path), how serious, and why in both languages.

    ``values`` fill the message; a value given as {"vi": …, "en": …} is shown in the
    reader's language. ``label`` (the field's name for people) is added from content.
    """

    field: str
    severity: str          # "error" or "warning"
    rule: str
    message_key: str
    values: dict = dataclasses.field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        lang = lang or language()
        values = {k: v.get(lang, v.get("vi")) if isinstance(v, Mapping) else v
                  for k, v in self.values.items()}
        values.setdefault("label", field_label(self.field, lang))
        values.setdefault("field", self.field)
        return load().message(self.message_key, lang, **values)


def field_label(path: str, lang: str | None = None, domains: tuple[str, ...] = ("plan",)) -> str:
    """The name people read for a field path: its last name, without list positions, from
    the first of ``domains`` whose ``<domain>.field.*`` messages name it.

    >>> field_label("tools[2].sample", "en")
    'Planned sample'
    """
    parts = re.sub(r"\[[^\]]*\]", "", path).split(".")
    content = load()
    # "signer.title" (the signer's position) is not "title" (a heading): the last two
    # names are tried first, then the last one.
    for domain in domains:
        for key in (f"{domain}.field.{'.'.join(parts[-2:])}", f"{domain}.field.{parts[-1]}"):
            if key in content.messages:
                return content.message(key, lang)
    return parts[-1] or "-"


def format_issues(issues: list[Issue], lang: str | None = None) -> str:
    """One line per issue, errors first, for printing in a notebook."""
    lang = lang or language()
    word = {"error": load().message("plan.severity.error", lang),
            "warning": load().message("plan.severity.warning", lang)}
    ordered = sorted(issues, key=lambda i: i.severity != "error")
    return "\n".join(f"{word[i.severity]} · {i.field} · {i.text(lang)}" for i in ordered)


def errors(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity == "error"]


# --- reading values -----------------------------------------------------------
# A draft comes from a JSON file, a YAML example or a form widget. Every field is
# converted here, with its path in the message, so a wrong type never turns into a
# traceback three functions later. Empty text and None mean "not filled in yet": the
# validators report them; they are not errors of type.

def _join(path: str, name) -> str:
    if isinstance(name, int):
        return f"{path}[{name}]"
    return f"{path}.{name}" if path else str(name)


def _text(value, path: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise KitError("plan.error.not_text", field=path, value=repr(value))
    return unicodedata.normalize("NFC", value).strip()


def _int(value, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise KitError("plan.error.not_a_number", field=path, value=repr(value))
    if isinstance(value, float):
        if not value.is_integer():
            raise KitError("plan.error.not_whole", field=path, value=repr(value))
        value = int(value)
    return value


def _float(value, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise KitError("plan.error.not_a_number", field=path, value=repr(value))
    return float(value)


def _bool(value, path: str) -> bool:
    if not isinstance(value, bool):
        raise KitError("plan.error.not_yes_no", field=path, value=repr(value))
    return value


def _date(value, path: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise KitError("plan.error.not_a_date", field=path, value=repr(value))


_SCALARS = {str: _text, int: _int, float: _float, bool: _bool, dt.date: _date}


def _convert(tp, value, path: str):
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = next(a for a in args if a is not type(None))
        # An empty box of a form widget means "not filled in", not a wrong type.
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return _convert(inner, value, path)
    if origin is list:
        if value is None:
            return []
        if isinstance(value, str) and args[0] is str:
            value = value.splitlines()  # a text area: one item a line
        if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, (list, tuple)):
            raise KitError("plan.error.not_a_list", field=path, value=repr(value))
        items = [_convert(args[0], v, _join(path, n)) for n, v in enumerate(value)]
        return [v for v in items if v != ""] if args[0] is str else items
    if origin is dict:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise KitError("plan.error.not_a_dict", field=path, value=repr(value))
        return {_text(k, path): _convert(args[1], v, f"{path}[{k!r}]") for k, v in value.items()}
    if dataclasses.is_dataclass(tp):
        if isinstance(value, tp):
            _tidy(value, path)
            return value
        if value is None:
            return tp()
        return _build(tp, value, path)
    return _SCALARS[tp](value, path)


@functools.cache
def _hints(cls) -> dict:
    return typing.get_type_hints(cls)


def _tidy(obj, path: str = "") -> None:
    """Convert every field in place; run again before each check, since a notebook user
    may have changed a field since the object was made."""
    hints = _hints(type(obj))
    for f in dataclasses.fields(obj):
        setattr(obj, f.name, _convert(hints[f.name], getattr(obj, f.name), _join(path, f.name)))


def _build(cls, data, path: str):
    if not isinstance(data, Mapping):
        raise KitError("plan.error.not_a_dict", field=path or cls.__name__, value=repr(data))
    data = dict(data)
    if not path:  # a whole document may carry its format and kind
        data.pop("format", None)
        kind = data.pop("kind", None)
        if kind is not None and kind != getattr(cls, "KIND", None):
            raise KitError("plan.error.wrong_kind", expected=getattr(cls, "KIND", "-"),
                           got=repr(kind))
    names = [f.name for f in dataclasses.fields(cls)]
    for key in data:
        if key not in names:
            # A misspelt key ("budjet") would otherwise lose the budget without a word.
            raise KitError("plan.error.unknown_field", field=_join(path, str(key)),
                           allowed=", ".join(names))
    hints = _hints(cls)
    converted = {k: _convert(hints[k], v, _join(path, k)) for k, v in data.items()}
    return cls(**converted)


def _plain(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class _Part:
    """Shared behaviour: fields converted on creation, JSON-ready ``to_dict``."""

    def __post_init__(self):
        _tidy(self)

    def to_dict(self) -> dict:
        return _plain(self)

    @classmethod
    def from_dict(cls, data):
        return _build(cls, data, "")


class _Document(_Part):
    KIND: ClassVar[str] = ""

    def to_dict(self) -> dict:
        """A dict for ``json.dump``, with the format and the kind of document."""
        return {"format": FORMAT, "kind": self.KIND, **_plain(self)}


def _required(default=""):
    """A field the document is not complete without (reported by ``validate``)."""
    if isinstance(default, list):
        return field(default_factory=list, metadata={"required": True})
    return field(default=default, metadata={"required": True})


def _part(cls):
    return field(default_factory=cls, metadata={"required": True})


# --- L1: the request dossier --------------------------------------------------

@dataclass
class Proposal(_Part):
    """One request to consult, kept in its original words (summaries drift as they travel)."""

    title: str = _required()
    original_text: str = _required()
    source: str = _required()           # one of SOURCES
    origin_document: str = _required()  # the official document, or the one the office asked for
    requested_by: str = ""


@dataclass
class RequestDossier(_Document):
    """L1: what was asked, by whom, where it came from, and what to consult, verbatim."""

    KIND: ClassVar[str] = "dossier"
    topic: str = _required()
    directed_by: str = _required()
    related_information: list[str] = _required([])
    proposals: list[Proposal] = _required([])
    contents_to_consult: list[str] = _required([])


# --- L2: the summary of requirements -----------------------------------------

@dataclass
class SubIssue(_Part):
    """A small question with the quantity to learn: a count, a rate, a level, a cost, a time."""

    text: str = _required()
    measure: str = _required()   # one of MEASURES
    unit: str = ""


@dataclass
class ContentItem(_Part):
    """One content to consult, in precise wording, with its quantified sub-issues."""

    content: str = _required()
    sub_issues: list[SubIssue] = _required([])


@dataclass
class RequirementSummary(_Document):
    """L2: the contents to consult, each broken down into measurable sub-issues."""

    KIND: ClassVar[str] = "summary"
    title: str = _required()
    items: list[ContentItem] = _required([])


# --- L3 and P1.3: the opinion on the content, the key questions -----------------

@dataclass
class TargetGroup(_Part):
    """Whom to consult; ``id`` is how tools name the group, ``priority`` marks who must be reached."""

    id: str = _required()
    name: str = _required()
    priority: bool = False
    note: str = ""


@dataclass
class ContentOpinion(_Document):
    """L3: the delegation's or standing committee's opinion on what to consult."""

    KIND: ClassVar[str] = "opinion"
    name: str = _required()
    purpose: str = _required()
    contents: list[ContentItem] = _required([])
    target_groups: list[TargetGroup] = _required([])
    communes: list[str] = _required([])
    survey_groups: list[str] = _required([])
    related_parties: list[str] = _required([])


@dataclass
class KeyQuestion(_Part):
    text: str = _required()
    content: str = _required()   # the content item (L2) the answer serves
    target_group: str = ""


@dataclass
class KeyQuestions(_Document):
    """P1.3: the key questions prepared by a narrow consultation, shared with the departments."""

    KIND: ClassVar[str] = "key_questions"
    title: str = _required()
    method: str = _required()
    participants: list[str] = _required([])
    questions: list[KeyQuestion] = _required([])
    shared_with: list[str] = _required([])


# --- L4, L5, P1.4, P1.5: the consultation plan ---------------------------------

@dataclass
class Commune(_Part):
    """A commune-level unit (xã, phường, đặc khu) in scope, with its target population."""

    name: str = _required()
    population: int | None = _required(None)


@dataclass
class Tool(_Part):
    """A form of consultation: the groups it reaches, its guide, and for a survey its sample."""

    name: str = _required()
    kind: str = _required()              # one of TOOL_KINDS
    reaches: list[str] = _required([])   # target group ids (or names)
    guide: str = _required()             # the guide on applying the tool (P1.4)
    where: str = ""
    when: str = ""
    sample: int | None = None            # planned respondents (required for a questionnaire)
    allocation: dict[str, int] = field(default_factory=dict)   # commune → respondents


@dataclass
class Reliability(_Part):
    """L4: the minimum reliability of the survey samples, written as numbers."""

    margin: float | None = _required(None)        # 0.05 for ±5 points
    confidence: float | None = _required(0.95)
    population: int | None = _required(None)
    proportion: float = 0.5


@dataclass
class Phase(_Part):
    name: str = _required()
    start: dt.date | None = _required(None)
    end: dt.date | None = _required(None)
    owner: str = ""


@dataclass
class Assignment(_Part):
    who: str = _required()
    task: str = _required()


@dataclass
class TrainingNeed(_Part):
    who: str = _required()
    needs: str = _required()


@dataclass
class Contractor(_Part):
    """An organisation contracted for part of the work; it must submit its methods and
    questionnaires to the office for review beforehand (P1.4)."""

    name: str = _required()
    tasks: str = _required()
    submits_methods: bool = False
    submits_questionnaires: bool = False
    review_deadline: dt.date | None = None


@dataclass
class Communication(_Part):
    """L9: channels, and where and how people send opinions and get feedback."""

    channels: list[str] = _required([])
    send_to: str = _required()
    how_to_send: str = _required()
    deadline: dt.date | None = _required(None)
    feedback: str = _required()


@dataclass
class BudgetLine(_Part):
    item: str = _required()
    amount: int | None = _required(None)   # đồng
    note: str = ""


@dataclass
class Budget(_Part):
    lines: list[BudgetLine] = _required([])
    total: int | None = _required(None)
    funding_source: str = ""


@dataclass
class Signer(_Part):
    authority: str = _required()   # "TM. THƯỜNG TRỰC HĐND"
    title: str = _required()       # "CHỦ TỊCH"
    name: str = _required()


@dataclass
class ConsultationPlan(_Document):
    """L4, L5, P1.4, P1.5: the plan submitted for approval and then published."""

    KIND: ClassVar[str] = "plan"
    # the heading block of the administrative document
    issuing_body: str = _required()       # "THƯỜNG TRỰC HĐND TỈNH SƠN HÀ"
    parent_body: str = ""                 # a line above it, when the body uses one
    number: str = ""                      # filled in by the clerk when the plan is issued
    symbol: str = _required("KH-HĐND")
    place: str = _required()
    issued_on: dt.date | None = None
    subject: str = _required()
    # what and whom
    name: str = _required()
    background: str = _required()
    purposes: list[str] = _required([])
    requirements: list[str] = _required([])
    contents: list[ContentItem] = _required([])
    target_groups: list[TargetGroup] = _required([])
    communes: list[Commune] = _required([])
    # how
    tools: list[Tool] = _required([])
    reliability: Reliability = _part(Reliability)
    sample_processing: str = _required()
    software: str = _required()
    report_structure: list[str] = _required([])
    # who, when, with what
    assignments: list[Assignment] = _required([])
    timeline: list[Phase] = _required([])
    resources: list[str] = _required([])
    training: list[TrainingNeed] = _required([])
    contractors: list[Contractor] = field(default_factory=list)
    communication: Communication = _part(Communication)
    budget: Budget = _part(Budget)
    recipients: list[str] = _required([])
    signer: Signer = _part(Signer)

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


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def empty_required(obj, path: str = "", skip: frozenset = frozenset()) -> list[str]:
    """Paths of every required field left empty, in the order of the document, nested parts
    included. Each kind of document turns them into its own issues."""
    found = []
    for f in dataclasses.fields(obj):
        where, value = _join(path, f.name), getattr(obj, f.name)
        if where in skip:
            continue
        if f.metadata.get("required") and _empty(value):
            found.append(where)
            continue
        if dataclasses.is_dataclass(value):
            found += empty_required(value, where, skip)
        elif isinstance(value, list):
            for n, item in enumerate(value):
                if dataclasses.is_dataclass(item):
                    found += empty_required(item, _join(where, n), skip)
    return found


@dataclass(frozen=True)
class Rules:
    """How one kind of document words its issues: messages ``<domain>.issue.<rule>``, the
    rules' severities, and field names from ``<domain>.field.*`` (then ``plan.field.*``)."""

    domain: str
    severity: dict[str, str]
    own_message: dict[str, str] = dataclasses.field(default_factory=dict)  # field path → rule

    def label(self, path: str) -> dict:
        """The field's name in both languages (an issue is read later, in either)."""
        domains = tuple(dict.fromkeys((self.domain, "plan")))
        return {lang: field_label(path, lang, domains) for lang in ("vi", "en")}

    def issue(self, path: str, rule: str, key: str | None = None, **values) -> Issue:
        values.setdefault("label", self.label(path))
        return Issue(path, self.severity[rule], rule, key or f"{self.domain}.issue.{rule}", values)

    def missing(self, obj, path: str = "", skip: frozenset = frozenset()) -> list[Issue]:
        """An issue for every required field left empty."""
        return [self.issue(where, self.own_message.get(where, "missing"))
                for where in empty_required(obj, path, skip)]

    def choice(self, value: str, allowed, prefix: str, path: str) -> list[Issue]:
        """An issue when ``value`` is not one of ``allowed``, listing them with their
        Vietnamese names (messages ``<prefix>.<slug>``)."""
        if value and value not in allowed:
            messages = load().messages
            labels = ", ".join(f"{a} ({load().message(f'{prefix}.{a}', 'vi')})" if f"{prefix}.{a}" in messages
                               else a for a in allowed)
            return [self.issue(path, "unknown_choice", value=value, allowed=labels)]
        return []


RULES = Rules("plan", SEVERITY, _OWN_MESSAGE)
_issue, _missing, _choice = RULES.issue, RULES.missing, RULES.choice


def _duplicates(names: list[str], path: str, attr: str = "") -> list[Issue]:
    seen, found = set(), []
    for n, name in enumerate(names):
        key = name.casefold()
        if name and key in seen:
            found.append(_issue(_join(f"{path}[{n}]", attr) if attr else f"{path}[{n}]",
                                "duplicate", value=name))
        seen.add(key)
    return found


def _contents(items: list[ContentItem], path: str) -> list[Issue]:
    found = []
    for n, item in enumerate(items):
        where = _join(path, n)
        for m, sub in enumerate(item.sub_issues):
            found += _choice(sub.measure, MEASURES, "plan.measure", f"{where}.sub_issues[{m}].measure")
        if item.content and not item.sub_issues:
            # Reported as missing too; this message says why a content needs them (L2).
            found.append(_issue(f"{where}.sub_issues", "not_quantified", content=item.content))
    return found


def _groups(groups: list[TargetGroup], path: str) -> list[Issue]:
    found = _duplicates([g.id for g in groups], path, "id")
    if groups and not any(g.priority for g in groups):
        found.append(_issue(path, "no_priority_group"))
    return found


def _date_text(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "…"


def validate_dossier(doc: RequestDossier) -> list[Issue]:
    """L1: every field, each proposal's original text and source.

    >>> [i.field for i in validate_dossier(RequestDossier(topic="Khám chữa bệnh cho người nghèo",
    ...     directed_by="Thường trực HĐND tỉnh", related_information=["Báo cáo của Sở Y tế"],
    ...     contents_to_consult=["Chi phí người nghèo phải tự trả"],
    ...     proposals=[Proposal(title="Kiến nghị cử tri", source="voters_media")]))]
    ['proposals[0].original_text', 'proposals[0].origin_document']
    """
    doc = _checked(doc, RequestDossier)
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
    doc = _checked(doc, RequirementSummary)
    return _missing(doc) + _contents(doc.items, "items")


def validate_opinion(doc: ContentOpinion) -> list[Issue]:
    """L3: the five parts of the opinion, priority groups and communes."""
    doc = _checked(doc, ContentOpinion)
    found = _missing(doc) + _contents(doc.contents, "contents") + _groups(doc.target_groups,
                                                                           "target_groups")
    found += _duplicates(doc.communes, "communes")
    found += [_issue(f"communes[{n}]", "district_level", commune=c)
              for n, c in enumerate(doc.communes) if _is_district(c)]
    return found


def validate_key_questions(doc: KeyQuestions, contents: list[str] | None = None) -> list[Issue]:
    """P1.3: each question tied to a content and worded for citizens (the questionnaire rules).

    Give ``contents`` (the contents of the summary) to check each question names one of them.
    """
    from .questionnaire import Question, check_question

    doc = _checked(doc, KeyQuestions)
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


def _is_district(name: str) -> bool:
    return name.strip().lower().startswith(DISTRICT_WORDS)


def _checked(doc, cls):
    if not isinstance(doc, cls):
        raise KitError("plan.error.not_a_document", expected=cls.__name__, value=repr(doc)[:80])
    _tidy(doc)
    return doc


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
    found = _duplicates([c.name for c in plan.communes], "communes", "name")
    for n, c in enumerate(plan.communes):
        if c.population is not None and c.population <= 0:
            found.append(_issue(f"communes[{n}].population", "commune_population",
                                commune=c.name or "-", population=c.population))
        if _is_district(c.name):
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
                                start=_date_text(phase.start), end=_date_text(phase.end)))
        if phase.start and previous is not None and previous.start and phase.start < previous.start:
            found.append(_issue(f"timeline[{n}].start", "phase_order", phase=phase.name or "-",
                                previous=previous.name or "-"))
        previous = phase
    deadline = plan.communication.deadline
    starts = [p.start for p in plan.timeline if p.start]
    ends = [p.end for p in plan.timeline if p.end]
    if deadline and starts and ends and not min(starts) <= deadline <= max(ends):
        found.append(_issue("communication.deadline", "deadline_outside",
                            deadline=_date_text(deadline), start=_date_text(min(starts)),
                            end=_date_text(max(ends))))
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
    # Issues are read later, in either language: keep both spellings of the amount.
    return {lang: money(amount, lang) for lang in ("vi", "en")}


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
    plan = _checked(plan, ConsultationPlan)
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

    plan = _checked(plan, ConsultationPlan)
    required = plan.required_sample()
    strata = {c.name: c.population for c in plan.communes}
    return required, allocate(strata, planned if planned is not None else required, method)


def money(amount: int | None, lang: str | None = None) -> str:
    """An amount in đồng, grouped the Vietnamese way (dots) or the English way (commas).

    >>> money(185500000, "vi"), money(185500000, "en")
    ('185.500.000 đồng', '185,500,000 VND')
    """
    if amount is None:
        return "…"
    grouped = f"{amount:,}"
    if (lang or language()) == "en":
        return f"{grouped} VND"
    return f"{grouped.replace(',', '.')} đồng"


# --- drafts ---------------------------------------------------------------------

def save_draft(store, kind: str, data) -> None:
    """Keep a draft of one document in the learner's database (one draft per kind).

    ``data`` is the document or its dict; it is read back first, so a draft that could
    not be opened again is refused now, with the reason, rather than lost later.
    """
    cls = _draft_class(kind)
    doc = data if isinstance(data, cls) else cls.from_dict(data)
    _tidy(doc)
    store.save_draft(kind, json.dumps(doc.to_dict(), ensure_ascii=False))


def load_draft(store, kind: str):
    """The saved draft of ``kind`` as a document, or None when there is none."""
    cls = _draft_class(kind)
    text = store.load_draft(kind)
    if text is None:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise KitError("plan.error.draft_unreadable", kind=kind) from None
    return cls.from_dict(data)


def _draft_class(kind):
    if kind not in DOCUMENTS:
        raise KitError("plan.error.unknown_kind", kind=repr(kind), allowed=", ".join(DOCUMENTS))
    return DOCUMENTS[kind]


# --- the worked example (L6) -------------------------------------------------------

class ExampleFile(Strict):
    """content/plan/example-healthcare-poor.yaml: one entry per document."""

    dossier: dict
    summary: dict
    opinion: dict
    key_questions: dict
    plan: dict
    title: dict = Field(default_factory=dict)


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
    >>> example.plan.communes[0].name, errors(validate_plan(example.plan))
    ('Xã An Bình', [])
    """
    root = Path(root) if root else content_root()
    path = root / EXAMPLE_FILE
    if not path.exists():
        raise ContentError(EXAMPLE_FILE.as_posix(), "-", "-", "không tìm thấy tệp", "file not found")
    data = load_file(path, ExampleFile, root)
    docs = {}
    for name in ("dossier", "summary", "opinion", "key_questions", "plan"):
        cls = DOCUMENTS[name]
        try:
            docs[name] = cls.from_dict(getattr(data, name))
        except KitError as err:
            raise ContentError(EXAMPLE_FILE.as_posix(), name, str(err.values.get("field", "-")),
                               err.text("vi"), err.text("en")) from None
    return Example(**docs)
