"""The communication dashboard driven in Python: pre-fill from the plan, check, delegates per
form, the supervision checklist with its ticks kept in the store."""

import json

from thamvan_lib import communication as domain
from thamvan_lib import plan as plan_domain
from thamvan_lib.store import Store
from thamvan_lib.widgets.communication_view import CommunicationView


def test_prefill_from_the_example_plan_and_the_check_names_what_is_missing(store):
    view = CommunicationView(store, "vi")
    view.prefill()
    example = plan_domain.load_example().plan
    assert view.fields["title"].value == example.name
    assert len(view.forms) == len(example.tools)
    issues = view.check()
    rules = {(i.rule, i.field) for i in issues}
    assert ("missing", "channels") in rules                       # channels are still to be chosen
    assert any(r == "place_unreached" for r, _ in rules)
    assert "Chưa điền “Kênh truyền thông” (channels)." in view.issues.value
    assert any(r == "form_without_delegates" for r, _ in rules)


def test_a_channel_and_delegates_typed_in_the_form_reach_the_programme(store):
    view = CommunicationView(store, "vi")
    view.prefill()
    row = view.add_channel()
    row.inputs["name"].value = "Đài truyền thanh xã Nậm Khê"
    row.inputs["kind"].value = "local_radio"
    row.inputs["periods"].value = ("before", "during", "until_end")
    row.inputs["places"].value = "Xã Nậm Khê\n"
    form = view.forms[0]
    form.inputs["delegates"].value = "Đại biểu Hoàng Văn Định: Chủ trì, lắng nghe\nBà Lò Thị Mai: Ghi biên bản"
    programme = view.programme()
    assert programme.channels[0].places == ["Xã Nậm Khê"]
    assert [(d.delegate, d.task) for d in programme.forms[0].delegates] == [
        ("Đại biểu Hoàng Văn Định", "Chủ trì, lắng nghe"), ("Bà Lò Thị Mai", "Ghi biên bản")]
    assert "Đại biểu Hoàng Văn Định" in view.schedule.value
    name = programme.forms[0].name
    assert name not in domain.unassigned_forms(programme)
    rules = [i.rule for i in view.check()]
    assert "period_uncovered" not in rules
    # a form left without delegates is named on the delegates tab
    assert "Chưa có đại biểu" in view.schedule.value


def test_the_programme_is_saved_at_once_and_restored(store):
    view = CommunicationView(store, "vi")
    view.prefill()
    view.fields["send_to"].value = "Văn phòng Đoàn ĐBQH và HĐND tỉnh"
    saved = json.loads(store.load_draft("communication"))
    assert saved["send_to"] == "Văn phòng Đoàn ĐBQH và HĐND tỉnh"
    again = CommunicationView(Store(), "vi")
    assert again.fields["send_to"].value == "Văn phòng Đoàn ĐBQH và HĐND tỉnh"
    assert len(again.forms) == len(view.forms)
    assert "Đã mở lại bản nháp" in again.status.value


def test_prefill_from_the_learners_own_plan_needs_a_plan_draft(store):
    view = CommunicationView(store, "vi")
    view.prefill(own=True)
    assert "Chưa có bản nháp kế hoạch" in view.issues.value
    plan = plan_domain.load_example().plan
    plan.name = "Kế hoạch của tôi"
    plan_domain.save_draft(store, "plan", plan)
    view.prefill(own=True)
    assert view.fields["title"].value == "Kế hoạch của tôi"


def test_supervision_ticks_are_saved_and_restored(store):
    view = CommunicationView(store, "vi")
    view.contractor.value = "Trung tâm Nghiên cứu phát triển cộng đồng"
    view.tools.value = ("questionnaire",)
    ids = list(view.ticks)
    assert any(i.startswith("questionnaire.") for i in ids)
    assert not any(i.startswith("conference.") for i in ids)
    view.tick(ids[0])
    view.tick(ids[1])
    assert f"2/{len(ids)}" in view.open_count.value
    open_items = [i for i in view.check_supervision() if i.rule == "items_open"]
    assert open_items and open_items[0].values["count"] == len(ids) - 2
    again = CommunicationView(Store(), "vi")
    assert again.record().checked == ids[:2]
    assert again.contractor.value == "Trung tâm Nghiên cứu phát triển cộng đồng"
    assert again.ticks[ids[0]].value and not again.ticks[ids[2]].value


def test_adding_a_tool_keeps_the_ticks_already_made(store):
    view = CommunicationView(store, "vi")
    view.tools.value = ("questionnaire",)
    first = list(view.ticks)[0]
    view.tick(first)
    view.tools.value = ("questionnaire", "conference")
    assert view.ticks[first].value
    assert any(i.startswith("conference.") for i in view.ticks)


def test_a_problem_shows_the_guidance_of_the_content(store):
    view = CommunicationView(store, "en")
    view.problem.value = "ty-le-tu-choi-cao"
    assert domain.guidance("ty-le-tu-choi-cao", "en")[0] in view.guidance.value


def _tree(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _tree(child)


def test_no_two_widgets_share_a_layout(store):
    """A Layout shared by many widgets hides them all when one is hidden (the uptake page drew
    nothing in the browser because of that); every widget gets its own."""
    view = CommunicationView(store, "vi")
    view.prefill()
    view.add_channel()
    view.tools.value = ("questionnaire",)
    widgets = list(_tree(view.widget))
    assert len({id(x.layout) for x in widgets}) == len(widgets)


def test_a_damaged_supervision_draft_is_said_on_its_own_tab(store):
    store.save_draft("supervision", "[]")
    view = CommunicationView(store, "vi")
    assert "bị hỏng" in view.sup_status.value and view.status.value == ""
    assert view.record() == domain.SupervisionRecord()
