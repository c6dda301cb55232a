"""The uptake dashboard driven in Python: opinions of the dataset, decisions, the check naming
every opinion without an answer and every "not taken up" without a reason, autosave, the public
feedback page and the policy-impact review."""

import base64
import html
import json
import re

from thamvan_lib import uptake as domain
from thamvan_lib.records import errors
from thamvan_lib.store import Store
from thamvan_lib.widgets.uptake_view import UptakeView, dataset_opinions


def _files(links_html: str) -> dict[str, bytes]:
    found = re.findall(r"download='([^']+)' href='data:[^;]+(?:;charset=utf-8)?;base64,([^']+)'", links_html)
    return {name: base64.b64decode(data) for name, data in found}


def test_a_first_visit_lists_the_opinions_of_the_dataset(store):
    view = UptakeView(store, "vi")
    ids = [r.opinion.id for r in view.rows]
    assert ids == [o.id for o in dataset_opinions()]
    assert any(i.startswith("thu-") for i in ids) and any(i.startswith("hoi-nghi-") for i in ids)
    assert f"{len(ids)} ý kiến" in view.tally.value
    assert all(r.opinion.count for r in view.rows)


def test_the_check_names_every_opinion_without_an_answer_and_every_missing_reason(store):
    view = UptakeView(store, "vi")
    first, second = view.rows[0], view.rows[1]
    first.decision.value = "not_taken_up"
    first.status.value = "answered"
    first.handled_by.value = "Sở Y tế"
    second.decision.value = "taken_up"
    second.content.value = "Bổ sung hỗ trợ tiền đi lại"
    issues = view.check()
    no_answer = {i.values["opinion"] for i in issues if i.rule == "no_response"}
    assert no_answer == {r.opinion.id for r in view.rows[2:]}
    reasons = [i for i in issues if i.rule == "reason_required"]
    assert [i.values["opinion"] for i in reasons] == [first.opinion.id]
    page = html.unescape(view.issues.value)
    assert f"Ý kiến “{first.opinion.id}” được ghi “Không tiếp thu (có giải trình)” nhưng chưa có giải trình." in page
    assert f"Ý kiến “{view.rows[2].opinion.id}” ({view.rows[2].opinion.summary}) chưa có kết quả xử lý." in page
    first.reason.value = "Ngân sách tỉnh năm 2026 chưa bố trí được"
    assert not [i for i in view.check() if i.rule == "reason_required"]


def test_answers_are_saved_at_once_and_restored(store):
    view = UptakeView(store, "vi")
    row = view.rows[0]
    row.decision.value = "partly_taken_up"
    row.content.value = "Dự thảo đã quy định tại Điều 4"
    saved = json.loads(store.load_draft("uptake"))
    assert saved["kind"] == "uptake"
    assert saved["responses"][0]["opinion"] == row.opinion.id
    again = UptakeView(Store(), "vi")
    assert again.row(row.opinion.id).decision.value == "partly_taken_up"
    assert again.row(row.opinion.id).content.value == "Dự thảo đã quy định tại Điều 4"
    assert "Đã mở lại bản nháp" in again.status.value
    assert len(again.rows) == len(view.rows)


def test_a_draft_saved_with_the_old_explained_outcome_opens_with_its_text_and_a_question(store):
    view = UptakeView(store, "vi")
    row = view.rows[0]
    row.decision.value, row.content.value = "taken_up", "Đã chuyển Sở Y tế"
    saved = json.loads(store.load_draft("uptake"))
    saved["responses"][0]["decision"] = "explained"  # as an earlier version of the kit saved it
    store.save_draft("uptake", json.dumps(saved, ensure_ascii=False))
    again = UptakeView(Store(), "vi").row(row.opinion.id)
    assert again.decision.value == "" and again.content.value == "Đã chuyển Sở Y tế"
    assert "hãy chọn lại kết quả xử lý" in html.unescape(again.title.value)


def test_taking_the_opinions_again_keeps_the_answers(store):
    view = UptakeView(store, "vi")
    view.rows[0].decision.value = "taken_up"
    view.load_opinions()
    assert view.rows[0].decision.value == "taken_up"
    assert len(view.rows) == len(dataset_opinions())


def test_the_example_passes_the_check_and_gives_the_public_page(store):
    view = UptakeView(store, "vi")
    view.load_example()
    example = domain.load_example().tracker
    assert [r.opinion.id for r in view.rows] == [o.id for o in example.opinions]
    assert not errors(view.check())
    page = view.feedback_page()
    assert page and "THÔNG TIN PHẢN HỒI" in page
    files = _files(view.downloads.value)
    assert set(files) == {"phan-hoi-y-kien-nhan-dan.html", "phan-hoi-y-kien-nhan-dan.docx"}
    public = files["phan-hoi-y-kien-nhan-dan.html"].decode("utf-8")
    assert public == page
    assert "http" not in public and "<script" not in public.lower() and "src=\"http" not in public
    assert "Tải trang phản hồi công khai (HTML)" in view.downloads.value
    assert "<iframe" in view.preview.value and "sandbox" in view.preview.value


def test_the_public_page_is_refused_while_an_opinion_has_no_answer(store):
    view = UptakeView(store, "vi")
    view.load_example()
    view.rows[0].decision.value = ""
    view.rows[0].content.value = ""
    assert view.feedback_page() is None
    assert "Chưa tạo được trang phản hồi công khai." in view.downloads.value
    assert view.rows[0].opinion.id in view.downloads.value
    assert view.preview.value == ""


def test_the_tracking_sheet_downloads_whatever_the_state(store):
    view = UptakeView(store, "vi")
    files = _files(view.sheet())
    assert set(files) == {"bang-theo-doi-tiep-thu.docx", "bang-theo-doi-tiep-thu.html"}


def test_the_policy_review_example_check_download_and_autosave(store):
    view = UptakeView(store, "vi")
    view.load_example()
    view.load_review_example()
    example = domain.load_example().review
    assert len(view.policies) == len(example.policies)
    assert not errors(view.check_review())
    files = _files(view.export_review())
    assert set(files) == {"danh-gia-tac-dong-chinh-sach.docx", "danh-gia-tac-dong-chinh-sach.html"}
    view.review_fields["new_policy_needed"].value = "yes"
    view.review_fields["new_policy"].value = ""
    rules = [i.rule for i in view.check_review()]
    assert "new_policy_incomplete" in rules
    again = UptakeView(Store(), "vi")
    assert again.review().new_policy_needed is True
    assert len(again.policies) == len(example.policies)


def test_a_damaged_draft_is_said_and_the_page_still_opens(store):
    store.save_draft("uptake", "{not json")
    view = UptakeView(store, "vi")
    assert "thamvan-error" in view.status.value
    assert view.rows  # the opinions of the dataset, to start again


def _tree(widget):
    """The widget and every widget under it (children of boxes and tabs)."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _tree(child)


def test_hiding_a_reason_field_hides_nothing_else(store):
    """The reason field shows only for "not taken up". Its layout is its own: when one Layout was
    shared by every full-width widget, hiding it hid the whole page in the browser."""
    view = UptakeView(store, "vi")
    widgets = list(_tree(view.widget))
    assert len({id(x.layout) for x in widgets}) == len(widgets)  # no layout is shared
    styles = view.widget.children[:2]  # the kit's CSS and the forms' CSS, hidden by design
    hidden = {id(x) for x in widgets if x.layout.display == "none"}
    assert hidden == {id(x) for x in styles} | {id(r.reason) for r in view.rows}
    row = view.rows[0]
    row.decision.value = "not_taken_up"
    assert row.reason.layout.display is None
    row.decision.value = "taken_up"
    assert row.reason.layout.display == "none"
    assert view.widget.layout.display is None and row.widget.layout.display is None
    assert row.content.layout.display is None and view.rows[1].reason.layout.display == "none"
