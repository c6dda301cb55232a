"""Phase 2 around the conferences: telling people, assigning delegates, supervising contractors.

Lecture item L9 and steps P2.1–P2.4. Once the plan is approved, the office

* writes the **communication programme** (``CommunicationProgramme``): the decision and
  purpose of the consultation, the policy and the issues consulted on, the plan and its
  forms, where and how to send opinions, how feedback will be given, and the channels
  that carry all this *before*, *during* and *until the end* of the consultation, with
  priority for the places and groups the consultation is about (the poor and remote
  communes hear the commune loudspeaker and the village meeting, not only the website);
* assigns **delegates to each form** of consultation (``ConsultationForm``), each with a
  specific task; a form nobody is assigned to is reported;
* **supervises contracted organisations** (P2.4) with a checklist read from content
  (``content/communication/supervision.yaml``): each tool applied step by step as its
  guide says, and what to tell the organisation when a known problem arises.

Documents are plain dataclasses built on ``records`` (fields converted on creation,
``to_dict()``/``from_dict()`` for JSON drafts). ``validate_programme`` returns
``records.Issue``\\ s whose texts are in ``content/messages/communication.yaml``:

>>> programme = CommunicationProgramme(title="Truyền thông về tham vấn khám chữa bệnh",
...                                    purpose="Lấy ý kiến người dân về dự thảo nghị quyết")
>>> issues = validate_programme(programme)
>>> print(issues[0].field, "|", issues[0].text("vi"))
policy_content | Chưa điền “Nội dung chính sách” (policy_content).

``programme_from_plan(plan)`` starts a programme from an approved ``ConsultationPlan``
(its name, contents, tools, addresses and feedback), so nothing is typed twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar


from .content import language, load, load_kind
from .schema.communication import TOOL_KINDS, SupervisionFile
from .errors import KitError
from .plan import ConsultationPlan, is_district
from .records import Document, Issue, Part, Rules, checked, required


# The three periods of L9: communication starts before the consultation, goes on while it
# runs and lasts until it ends.
PERIODS = ("before", "during", "until_end")
# Kinds of channel. The "local" ones reach people who read no newspaper and have no
# internet: L9 asks for them where the poor and remote communes are consulted.
CHANNEL_KINDS = ("local_radio", "village_meeting", "leaflet", "poster", "letter",
                 "provincial_media", "website", "social_media")
LOCAL_CHANNELS = ("local_radio", "village_meeting", "leaflet", "poster", "letter")

SEVERITY = {
    "missing": "error", "unknown_choice": "error", "period_uncovered": "error",
    "place_unreached": "error", "group_unreached": "error", "no_local_channel": "warning",
    "no_priority": "warning", "form_without_delegates": "warning", "district_level": "warning",
    "deadline_missing": "warning", "duplicate_form": "error",
}


# --- the programme --------------------------------------------------------------------

@dataclass
class Channel(Part):
    """One way of reaching people: what it is, where and whom it reaches, and when it runs."""

    name: str = required()                   # "Đài truyền thanh xã Nậm Khê"
    kind: str = required()                   # one of CHANNEL_KINDS
    periods: list[str] = required([])        # some of PERIODS
    places: list[str] = field(default_factory=list)   # communes it reaches; empty: the province
    groups: list[str] = field(default_factory=list)   # groups it is meant for
    schedule: str = ""                       # "3 lần mỗi tuần, từ 1/3 đến 30/4"


@dataclass
class DelegateTask(Part):
    """A delegate and the specific task they have at one form of consultation."""

    delegate: str = required()
    task: str = required()


@dataclass
class ConsultationForm(Part):
    """A form of consultation (a conference, the survey …) and the delegates assigned to it."""

    name: str = required()
    kind: str = required()                   # one of plan.TOOL_KINDS
    where: str = ""
    when: str = ""
    delegates: list[DelegateTask] = field(default_factory=list)
    documents_sent_on: dt.date | None = None   # when the office sent the delegates their papers


@dataclass
class CommunicationProgramme(Document):
    """L9, P2.1: what the communication says, through which channels, and who attends what."""

    KIND: ClassVar[str] = "communication"
    title: str = required()
    purpose: str = required()                # chủ trương, mục đích tham vấn
    policy_content: str = required()         # nội dung chính sách
    issues: list[str] = required([])         # các vấn đề cần tham vấn
    plan_summary: str = required()           # kế hoạch tham vấn, in plain words
    forms: list[ConsultationForm] = required([])
    send_to: str = required()                # địa chỉ gửi ý kiến
    how_to_send: str = required()
    deadline: dt.date | None = None
    feedback: str = required()               # hình thức phản hồi ý kiến của nhân dân
    channels: list[Channel] = required([])
    priority_places: list[str] = field(default_factory=list)
    priority_groups: list[str] = field(default_factory=list)


# --- checks ---------------------------------------------------------------------------

RULES = Rules("communication", SEVERITY)
_issue, _missing, _choice = RULES.issue, RULES.missing, RULES.choice


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def _reaches_place(channel: Channel, place: str) -> bool:
    # A channel without places covers the whole province (the provincial radio).
    return not channel.places or any(_same(p, place) for p in channel.places)


def validate_programme(programme: CommunicationProgramme) -> list[Issue]:
    """Every missing part of the programme, and what L9 asks of its channels and forms.

    - the channels together cover the three periods: before, during, until the end;
    - each priority place and group is reached by a channel that runs *during* the
      consultation, and a place is not reached by the provincial newspaper alone when
      it is a priority: some local channel (loudspeaker, village meeting …) must reach it;
    - each form of consultation has delegates with a task (a warning: the delegation
      may still be deciding).

    >>> programme = CommunicationProgramme(
    ...     channels=[Channel("Báo Sơn Hà", "provincial_media", ["before"])],
    ...     priority_places=["Xã Nậm Khê"],
    ...     forms=[ConsultationForm("Hội nghị cử tri xã Nậm Khê", "conference")])
    >>> for i in validate_programme(programme):
    ...     if i.rule != "missing":
    ...         print(i.rule, i.field)
    period_uncovered channels
    period_uncovered channels
    no_local_channel priority_places[0]
    form_without_delegates forms[0].delegates
    deadline_missing deadline
    """
    programme = checked(programme, CommunicationProgramme)
    found = _missing(programme)
    for n, channel in enumerate(programme.channels):
        found += _choice(channel.kind, CHANNEL_KINDS, "communication.channel", f"channels[{n}].kind")
        for m, period in enumerate(channel.periods):
            found += _choice(period, PERIODS, "communication.period", f"channels[{n}].periods[{m}]")
        found += [_issue(f"channels[{n}].places[{m}]", "district_level", place=p)
                  for m, p in enumerate(channel.places) if is_district(p)]
    if programme.channels:
        covered = {p for c in programme.channels for p in c.periods}
        for period in PERIODS:
            if period not in covered:
                found.append(_issue("channels", "period_uncovered", period=load().both(
                    f"communication.period.{period}")))
    found += _priorities(programme)
    seen = set()
    for n, form in enumerate(programme.forms):
        found += _choice(form.kind, TOOL_KINDS, "plan.kind", f"forms[{n}].kind")
        key = form.name.casefold()
        if form.name and key in seen:
            found.append(_issue(f"forms[{n}].name", "duplicate_form", form=form.name))
        seen.add(key)
        if not form.delegates:
            found.append(_issue(f"forms[{n}].delegates", "form_without_delegates",
                                form=form.name or "…"))
    if not programme.deadline:
        found.append(_issue("deadline", "deadline_missing"))
    return found


def _priorities(programme: CommunicationProgramme) -> list[Issue]:
    found = []
    if programme.channels and not (programme.priority_places or programme.priority_groups):
        found.append(_issue("priority_places", "no_priority"))
    running = [c for c in programme.channels if "during" in c.periods or "before" in c.periods]
    for n, place in enumerate(programme.priority_places):
        if is_district(place):
            found.append(_issue(f"priority_places[{n}]", "district_level", place=place))
        reaching = [c for c in running if _reaches_place(c, place)]
        if not reaching:
            found.append(_issue(f"priority_places[{n}]", "place_unreached", place=place))
        elif not any(c.kind in LOCAL_CHANNELS for c in reaching):
            found.append(_issue(f"priority_places[{n}]", "no_local_channel", place=place))
    for n, group in enumerate(programme.priority_groups):
        if not any(any(_same(g, group) for g in c.groups) for c in running):
            found.append(_issue(f"priority_groups[{n}]", "group_unreached", group=group))
    return found


def unassigned_forms(programme: CommunicationProgramme) -> list[str]:
    """The names of the forms of consultation that have no delegate yet."""
    programme = checked(programme, CommunicationProgramme)
    return [f.name for f in programme.forms if not f.delegates]


def delegate_schedule(programme: CommunicationProgramme) -> dict[str, list[tuple[str, str]]]:
    """Delegate → [(form, task)], the list the office sends each delegate with their papers.

    >>> p = CommunicationProgramme(forms=[ConsultationForm("Hội nghị xã Nậm Khê", "conference",
    ...     delegates=[DelegateTask("Đại biểu Hoàng Văn Định", "Chủ trì, lắng nghe")])])
    >>> delegate_schedule(p)
    {'Đại biểu Hoàng Văn Định': [('Hội nghị xã Nậm Khê', 'Chủ trì, lắng nghe')]}
    """
    programme = checked(programme, CommunicationProgramme)
    schedule: dict[str, list[tuple[str, str]]] = {}
    for form in programme.forms:
        for d in form.delegates:
            schedule.setdefault(d.delegate, []).append((form.name, d.task))
    return schedule


def programme_from_plan(plan: ConsultationPlan) -> CommunicationProgramme:
    """A first programme from the approved plan: its name, contents, tools as forms, the
    addresses and the promised feedback. Channels stay to be chosen (the plan lists them
    as text); delegates stay to be assigned.
    """
    plan = checked(plan, ConsultationPlan)
    com = plan.communication
    return CommunicationProgramme(
        title=plan.name, purpose="\n".join(plan.purposes) or plan.background,
        policy_content=plan.background, issues=[c.content for c in plan.contents],
        plan_summary=plan.subject,
        forms=[ConsultationForm(t.name, t.kind, t.where, t.when) for t in plan.tools],
        send_to=com.send_to, how_to_send=com.how_to_send, deadline=com.deadline,
        feedback=com.feedback,
        priority_places=[c.name for c in plan.communes],
        priority_groups=[g.name for g in plan.target_groups if g.priority])


# --- P2.4: supervising a contracted organisation ------------------------------------------

def load_supervision(root: Path | str | None = None) -> SupervisionFile:
    """The supervision checklist of a content folder (``THAMVAN_CONTENT`` or the kit's)."""
    return load_kind("supervision", root)


@dataclass(frozen=True)
class CheckItem:
    """One line of a contractor's checklist: where it belongs and what to check."""

    id: str           # "before.hop-dong" or "questionnaire.3"
    section: str
    text: str


def supervision_checklist(kinds=None, lang: str | None = None) -> list[CheckItem]:
    """The checklist for a contractor running tools of ``kinds`` (all tools by default):
    the stages of the contract, with the steps of each tool's guide inside fieldwork.

    >>> items = supervision_checklist(["questionnaire"], "vi")
    >>> items[0].section
    'Trước khi triển khai'
    >>> any(i.id.startswith("questionnaire.") for i in items), any(i.id.startswith("conference.") for i in items)
    (True, False)
    """
    lang = lang or language()
    data = load_supervision()
    kinds = list(TOOL_KINDS) if kinds is None else list(kinds)
    for kind in kinds:
        if kind not in TOOL_KINDS:
            raise KitError("communication.error.unknown_tool", kind=kind, allowed=", ".join(TOOL_KINDS))
    items = []
    for stage in data.stages:
        section = stage.title.get(lang)
        items += [CheckItem(f"{stage.id}.{i.id}", section, i.text.get(lang)) for i in stage.items]
        if stage.id == "during":  # the tools' own steps are checked while the work is done
            for tool in data.tools:
                if tool.kind in kinds:
                    name = load().message(f"plan.kind.{tool.kind}", lang)
                    items += [CheckItem(f"{tool.kind}.{s.id}", name, s.text.get(lang))
                              for s in tool.steps]
    return items


def guidance(problem_id: str, lang: str | None = None) -> list[str]:
    """What the office tells the organisation when ``problem_id`` arises.

    >>> guidance("ty-le-tu-choi-cao", "en")[0]    # doctest: +ELLIPSIS
    'Ask for the refusals ...
    """
    lang = lang or language()
    problems = {p.id: p for p in load_supervision().problems}
    if problem_id not in problems:
        raise KitError("communication.error.unknown_problem", problem=problem_id,
                       allowed=", ".join(problems))
    return [g.get(lang) for g in problems[problem_id].guidance]


@dataclass
class LogEntry(Part):
    """One problem met during supervision: what, when, the guidance given, the decision."""

    problem: str = required()      # a problem id of the content, or a free description
    noticed_on: dt.date | None = required(None)
    guidance_given: str = required()
    decision: str = ""


@dataclass
class SupervisionRecord(Document):
    """P2.4: the office's record of supervising one contracted organisation."""

    KIND: ClassVar[str] = "supervision"
    contractor: str = required()
    tools: list[str] = required([])           # plan.TOOL_KINDS it runs
    checked: list[str] = field(default_factory=list)   # ids of ticked checklist items
    log: list[LogEntry] = field(default_factory=list)

    def open_items(self, lang: str | None = None) -> list[CheckItem]:
        """The checklist items not ticked yet."""
        done = set(self.checked)
        return [i for i in supervision_checklist(self.tools, lang) if i.id not in done]


def validate_supervision(record: SupervisionRecord) -> list[Issue]:
    """Missing fields, unknown tools, items left to check and problems logged without guidance."""
    record = checked(record, SupervisionRecord)
    found = _missing(record)
    for n, kind in enumerate(record.tools):
        found += _choice(kind, TOOL_KINDS, "plan.kind", f"tools[{n}]")
    kinds = [k for k in record.tools if k in TOOL_KINDS]
    ids = {i.id for i in supervision_checklist(kinds)}
    for n, item in enumerate(record.checked):
        if item not in ids:
            found.append(Issue(f"checked[{n}]", "warning", "unknown_item",
                               "communication.issue.unknown_item", {"item": item}))
    left = [i for i in supervision_checklist(kinds) if i.id not in set(record.checked)]
    if left:
        found.append(Issue("checked", "warning", "items_open", "communication.issue.items_open",
                           {"count": len(left)}))
    return found
