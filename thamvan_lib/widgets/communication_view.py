"""Phase 2 dashboard: the communication programme, delegates per form, supervising contractors.

A thin view over ``thamvan_lib.communication``:

* the programme (L9, P2.1) is a ``CommunicationProgramme``, pre-filled from the plan
  (``programme_from_plan`` of the worked example, or of the learner's own plan draft) and
  checked by ``validate_programme``;
* the delegates of each form of consultation (P2.2–P2.3) are typed one per line,
  "delegate: task"; ``delegate_schedule`` and ``unassigned_forms`` show who goes where;
* the supervision of a contracted organisation (P2.4) is a ``SupervisionRecord``: the
  checklist of ``supervision_checklist`` for the tools it runs, each item a tick box, and
  the office's guidance for each known problem (``guidance``).

Every change is saved at once in the learner's store (drafts ``communication`` and
``supervision``), so a closed tab loses nothing; on opening, the drafts are restored.
"""

from __future__ import annotations

import ipywidgets as w

from .. import communication as domain
from .. import plan as plan_domain
from ..errors import KitError
from ..store import Store
from .base import StoreView, page_style, wide
from .common import esc
from .forms import LABELS, Row, issues_html, lines, text_input

PROGRAMME_KIND = "communication"
SUPERVISION_KIND = "supervision"
TEXT_FIELDS = ("title", "purpose", "policy_content", "plan_summary", "send_to", "how_to_send", "feedback")
LONG = {"purpose", "policy_content", "plan_summary", "how_to_send", "feedback"}
LINE_FIELDS = ("issues", "priority_places", "priority_groups")


class CommunicationView(StoreView):
    """The communication programme, the delegates of each form and the supervision checklist."""

    def __init__(self, store: Store | None = None, lang: str | None = None, **kwargs):
        super().__init__(store, lang, **kwargs)
        with self.loading():
            self._draw_page()
        self.restore()

    def _draw_page(self) -> None:
        t = self.t
        # --- the programme --------------------------------------------------------------
        self.fields = {name: text_input(self._label(name), name in LONG) for name in TEXT_FIELDS}
        for name in LINE_FIELDS:
            self.fields[name] = text_input(self._label(name), True, t("plan_builder.one_per_line"))
        self.fields["deadline"] = w.DatePicker(description=self._label("deadline"), style=LABELS, layout=wide())
        for box in self.fields.values():
            box.observe(lambda _: self.changed(), names="value")
        self.channels: list[Row] = []
        self.forms: list[Row] = []
        self.channel_box, self.form_box = w.VBox(layout=wide()), w.VBox(layout=wide())
        self.add_channel_button = w.Button(description=t("phases_ui.com.add_channel"), icon="plus")
        self.add_channel_button.on_click(lambda _: (self.add_channel(), self.changed()))
        self.add_form_button = w.Button(description=t("phases_ui.com.add_form"), icon="plus")
        self.add_form_button.on_click(lambda _: (self.add_form(), self.changed()))
        self.example_button = w.Button(description=t("phases_ui.com.from_example"), icon="book")
        self.example_button.on_click(lambda _: self.prefill())
        self.own_plan_button = w.Button(description=t("phases_ui.com.from_plan"), icon="file-text-o")
        self.own_plan_button.on_click(lambda _: self.prefill(own=True))
        self.check_button = w.Button(description=t("plan_builder.check"), icon="check", button_style="primary")
        self.check_button.on_click(lambda _: self.check())
        self.issues = w.HTML()
        programme = w.VBox([
            w.HTML(f"<p class='thamvan muted'>{esc(t('phases_ui.com.programme_intro'))}</p>"),
            w.HBox([self.example_button, self.own_plan_button, self.check_button, self.status],
                   layout=w.Layout(align_items="center", flex_flow="row wrap")),
            self.issues,
            *[self.fields[n] for n in ("title", "purpose", "policy_content", "issues", "plan_summary",
                                       "send_to", "how_to_send", "deadline", "feedback",
                                       "priority_places", "priority_groups")],
            w.HTML(f"<h4>{esc(self._label('channels'))} *</h4>"
                   f"<p class='thamvan muted'>{esc(t('phases_ui.com.channels_hint'))}</p>"),
            self.channel_box, self.add_channel_button], layout=wide())
        # --- delegates per form -------------------------------------------------------------
        self.schedule = w.HTML()
        delegates = w.VBox([
            w.HTML(f"<p class='thamvan muted'>{esc(t('phases_ui.com.delegates_intro'))}</p>"),
            self.form_box, self.add_form_button, self.schedule], layout=wide())
        # --- supervision --------------------------------------------------------------------
        self.contractor = text_input(t("communication.field.contractor"))
        self.tools = w.SelectMultiple(
            description=t("communication.field.tools"), style=LABELS, layout=w.Layout(width="100%", height="7em"),
            options=[(t(f"plan.kind.{k}"), k) for k in plan_domain.TOOL_KINDS])
        self.contractor.observe(lambda _: self._supervision_changed(), names="value")
        self.tools.observe(lambda _: self._tools_changed(), names="value")
        self.ticks: dict[str, w.Checkbox] = {}
        self.checklist = w.VBox(layout=wide())
        self.open_count = w.HTML()
        data = domain.load_supervision()
        self.problem = w.Dropdown(
            description=t("phases_ui.sup.problem"), style=LABELS, layout=wide(),
            options=[(t("plan_builder.choose"), "")] + [(p.title.get(self.lang), p.id) for p in data.problems])
        self.problem.observe(lambda _: self.show_guidance(), names="value")
        self.guidance = w.HTML()
        self.sup_check_button = w.Button(description=t("plan_builder.check"), icon="check", button_style="primary")
        self.sup_check_button.on_click(lambda _: self.check_supervision())
        self.sup_status, self.sup_issues = w.HTML(), w.HTML()
        self._log: list = []
        supervision = w.VBox([
            w.HTML(f"<p class='thamvan muted'>{esc(t('phases_ui.sup.intro'))}</p>"
                   f"<p class='thamvan'><i>{esc(data.principle.get(self.lang))}</i></p>"),
            w.HBox([self.sup_check_button, self.sup_status], layout=w.Layout(align_items="center")),
            self.sup_issues, self.contractor, self.tools, self.open_count, self.checklist,
            w.HTML(f"<h4>{esc(t('phases_ui.sup.problems'))}</h4>"), self.problem, self.guidance], layout=wide())
        self.tabs = w.Tab(children=[programme, delegates, supervision],
                          titles=[t("phases_ui.com.tab.programme"), t("phases_ui.com.tab.delegates"),
                                  t("phases_ui.com.tab.supervision")])
        header = w.HTML(f"<div class='thamvan'><h1>{esc(t('phases_ui.com.title'))}</h1>"
                        f"<p class='muted'>{esc(t('phases_ui.com.intro'))}</p></div>")
        self.widget = w.VBox([*page_style(), header, self.tabs], layout=wide())
        self.widget.add_class("thamvan")
        self.widget.add_class("thamvan-form")

    def _label(self, name: str) -> str:
        key = f"communication.field.{name}"
        return self.t(key) if key in self.content.messages else name

    # --- repeated parts -------------------------------------------------------------------
    def add_channel(self, channel: domain.Channel | None = None) -> Row:
        c = channel or domain.Channel()
        t = self.t
        kinds = [(t("plan_builder.choose"), "")] + [(t(f"communication.channel.{k}"), k) for k in domain.CHANNEL_KINDS]
        if c.kind and c.kind not in domain.CHANNEL_KINDS:
            kinds.append((c.kind, c.kind))
        inputs = {
            "name": text_input(self._label("name") + " *"),
            "kind": w.Dropdown(description=self._label("kind") + " *", options=kinds, style=LABELS, layout=wide()),
            "periods": w.SelectMultiple(description=self._label("periods") + " *", style=LABELS, layout=wide(),
                                        options=[(t(f"communication.period.{p}"), p) for p in domain.PERIODS],
                                        rows=3),
            "places": text_input(self._label("places"), True, t("phases_ui.com.places_hint")),
            "groups": text_input(self._label("groups"), True, t("plan_builder.one_per_line")),
            "schedule": text_input(t("phases_ui.com.schedule")),
        }
        inputs["name"].value, inputs["kind"].value = c.name, c.kind
        inputs["periods"].value = tuple(p for p in c.periods if p in domain.PERIODS)
        inputs["places"].value, inputs["groups"].value = "\n".join(c.places), "\n".join(c.groups)
        inputs["schedule"].value = c.schedule
        row = Row(self, t("phases_ui.com.channel_n", n=len(self.channels) + 1), inputs)
        row.remove.on_click(lambda _: self._remove(self.channels, row))
        self.channels.append(row)
        self._draw()
        return row

    def add_form(self, form: domain.ConsultationForm | None = None) -> Row:
        f = form or domain.ConsultationForm()
        t = self.t
        kinds = [(t("plan_builder.choose"), "")] + [(t(f"plan.kind.{k}"), k) for k in plan_domain.TOOL_KINDS]
        if f.kind and f.kind not in plan_domain.TOOL_KINDS:
            kinds.append((f.kind, f.kind))
        inputs = {
            "name": text_input(self._label("name") + " *"),
            "kind": w.Dropdown(description=self._label("kind") + " *", options=kinds, style=LABELS, layout=wide()),
            "where": text_input(t("phases_ui.com.where")),
            "when": text_input(t("phases_ui.com.when")),
            "delegates": text_input(self._label("delegates"), True, t("phases_ui.com.delegates_hint")),
            "documents_sent_on": w.DatePicker(description=t("phases_ui.com.documents_sent_on"), style=LABELS,
                                              layout=wide()),
        }
        inputs["name"].value, inputs["kind"].value = f.name, f.kind
        inputs["where"].value, inputs["when"].value = f.where, f.when
        inputs["delegates"].value = "\n".join(f"{d.delegate}: {d.task}" if d.task else d.delegate
                                              for d in f.delegates)
        inputs["documents_sent_on"].value = f.documents_sent_on
        inputs["delegates"].rows = 4
        row = Row(self, t("phases_ui.com.form_n", n=len(self.forms) + 1), inputs)
        row.remove.on_click(lambda _: self._remove(self.forms, row))
        self.forms.append(row)
        self._draw()
        return row

    def _remove(self, rows: list, row: Row) -> None:
        rows.remove(row)
        self._draw()
        self.changed()

    def _draw(self) -> None:
        self.channel_box.children = [r.widget for r in self.channels]
        self.form_box.children = [r.widget for r in self.forms]

    # --- the programme as a document ---------------------------------------------------------
    def programme(self) -> domain.CommunicationProgramme:
        f = self.fields
        channels = [domain.Channel(
            name=r.inputs["name"].value.strip(), kind=r.inputs["kind"].value,
            periods=list(r.inputs["periods"].value), places=lines(r.inputs["places"].value),
            groups=lines(r.inputs["groups"].value), schedule=r.inputs["schedule"].value.strip())
            for r in self.channels]
        forms = []
        for r in self.forms:
            delegates = []
            for line in lines(r.inputs["delegates"].value):
                name, _, task = line.partition(":")
                delegates.append(domain.DelegateTask(name.strip(), task.strip()))
            forms.append(domain.ConsultationForm(
                name=r.inputs["name"].value.strip(), kind=r.inputs["kind"].value,
                where=r.inputs["where"].value.strip(), when=r.inputs["when"].value.strip(),
                delegates=delegates, documents_sent_on=r.inputs["documents_sent_on"].value))
        return domain.CommunicationProgramme(
            **{n: f[n].value.strip() for n in TEXT_FIELDS}, **{n: lines(f[n].value) for n in LINE_FIELDS},
            deadline=f["deadline"].value, forms=forms, channels=channels)

    def set_programme(self, programme: domain.CommunicationProgramme) -> None:
        with self.loading():
            for name in TEXT_FIELDS:
                self.fields[name].value = getattr(programme, name) or ""
            for name in LINE_FIELDS:
                self.fields[name].value = "\n".join(getattr(programme, name))
            self.fields["deadline"].value = programme.deadline
            self.channels, self.forms = [], []
            for c in programme.channels:
                self.add_channel(c)
            for form in programme.forms:
                self.add_form(form)
            self._draw()
        self.show_schedule()

    # --- the supervision record ----------------------------------------------------------------
    def record(self) -> domain.SupervisionRecord:
        return domain.SupervisionRecord(
            contractor=self.contractor.value.strip(), tools=list(self.tools.value),
            checked=[i for i, box in self.ticks.items() if box.value], log=list(self._log))

    def set_record(self, record: domain.SupervisionRecord) -> None:
        with self.loading():
            self.contractor.value = record.contractor
            self.tools.value = tuple(k for k in record.tools if k in plan_domain.TOOL_KINDS)
            self._log = list(record.log)
            self._draw_checklist(set(record.checked))

    def _draw_checklist(self, checked: set[str]) -> None:
        items = domain.supervision_checklist(list(self.tools.value), self.lang)
        self.ticks = {}
        children, section = [], None
        for item in items:
            if item.section != section:
                section = item.section
                children.append(w.HTML(f"<h4>{esc(section)}</h4>"))
            box = w.Checkbox(value=item.id in checked, description=item.text, indent=False, layout=wide())
            box.observe(lambda _: self._supervision_changed(), names="value")
            self.ticks[item.id] = box
            children.append(box)
        self.checklist.children = children
        self._show_open()

    def _show_open(self) -> None:
        done = sum(1 for b in self.ticks.values() if b.value)
        self.open_count.value = (f"<p class='thamvan'><b>{esc(self.t('phases_ui.sup.progress', done=done, total=len(self.ticks)))}"
                                 f"</b></p>")

    def tick(self, item_id: str, done: bool = True) -> None:
        """Tick (or untick) one item of the checklist, as a click does."""
        self.ticks[item_id].value = done

    def show_guidance(self) -> str:
        if not self.problem.value:
            self.guidance.value = ""
        else:
            steps = domain.guidance(self.problem.value, self.lang)
            self.guidance.value = (f"<div class='thamvan'><p><b>{esc(self.t('phases_ui.sup.guidance'))}</b></p><ol>"
                                   + "".join(f"<li>{esc(s)}</li>" for s in steps) + "</ol></div>")
        return self.guidance.value

    # --- drafts -------------------------------------------------------------------------------
    def restore(self) -> None:
        programme = self.store.load_json(PROGRAMME_KIND, domain.CommunicationProgramme.from_dict)
        record = self.store.load_json(SUPERVISION_KIND, domain.SupervisionRecord.from_dict)
        self.set_programme(programme.value or domain.CommunicationProgramme())
        self.set_record(record.value or domain.SupervisionRecord())
        self.status.value = self.draft_note(programme, PROGRAMME_KIND)
        self.sup_status.value = self.draft_note(record, SUPERVISION_KIND)

    def save(self) -> bool:
        if not self.autosave(lambda: self.store.save_json(PROGRAMME_KIND, self.programme().to_dict())):
            return False
        self.show_schedule()
        return True

    def _tools_changed(self) -> None:
        if not self.is_loading:
            self._draw_checklist({i for i, b in self.ticks.items() if b.value})
            self._supervision_changed()

    def _supervision_changed(self) -> None:
        if self.is_loading:
            return
        self._show_open()
        self.autosave(lambda: self.store.save_json(SUPERVISION_KIND, self.record().to_dict()), self.sup_status)

    # --- actions --------------------------------------------------------------------------------
    def prefill(self, own: bool = False) -> None:
        """Start the programme from the plan: the learner's own draft, or the worked example."""
        plan = None
        if own:
            try:
                plan = plan_domain.load_draft(self.store, "plan")
            except KitError as err:
                self.issues.value = f"<p class='thamvan-error'>{esc(err.text(self.lang))}</p>"
                return
            if plan is None:
                self.issues.value = f"<p class='thamvan-error'>{esc(self.t('phases_ui.com.no_plan'))}</p>"
                return
        plan = plan or plan_domain.load_example().plan
        self.set_programme(domain.programme_from_plan(plan))
        self.save()
        key = "phases_ui.com.prefilled_own" if own else "phases_ui.com.prefilled"
        self.issues.value = f"<p class='thamvan muted'>{esc(self.t(key))}</p>"

    def check(self) -> list:
        issues = domain.validate_programme(self.programme())
        self.issues.value = issues_html(self, issues)
        return issues

    def check_supervision(self) -> list:
        issues = domain.validate_supervision(self.record())
        self.sup_issues.value = issues_html(self, issues)
        return issues

    def show_schedule(self) -> str:
        programme = self.programme()
        schedule = domain.delegate_schedule(programme)
        rows = "".join(f"<tr><td>{esc(d)}</td><td>{'<br>'.join(esc(f'{f}: {task}') for f, task in tasks)}</td></tr>"
                       for d, tasks in schedule.items())
        parts = [f"<h4>{esc(self.t('phases_ui.com.schedule_title'))}</h4>"]
        if rows:
            parts.append(f"<table class='thamvan-table'><tr><th>{esc(self._label('delegate'))}</th>"
                         f"<th>{esc(self.t('phases_ui.com.col_tasks'))}</th></tr>{rows}</table>")
        else:
            parts.append(f"<p class='muted'>{esc(self.t('phases_ui.com.no_delegates'))}</p>")
        missing = domain.unassigned_forms(programme)
        if missing:
            parts.append(f"<p class='thamvan-error'>{esc(self.t('phases_ui.com.unassigned', forms=', '.join(f or '…' for f in missing)))}</p>")
        self.schedule.value = f"<div class='thamvan'>{''.join(parts)}</div>"
        return self.schedule.value
