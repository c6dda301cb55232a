"""The plan builder and the request documents, driven in Python: fill, check, autosave, export."""

import base64
import dataclasses
import io
import re

from thamvan_lib import plan as domain
from thamvan_lib.store import Store
from thamvan_lib.widgets.plan_builder import PLAN_SECTIONS, PlanBuilderView, RequestDocumentsView


def test_every_field_of_the_plan_is_in_one_section():
    placed = [name for _, names in PLAN_SECTIONS for name in names]
    assert sorted(placed) == sorted(f.name for f in dataclasses.fields(domain.ConsultationPlan))
    assert len(placed) == len(set(placed))


def test_the_sections_are_tabs_with_vietnamese_titles(content):
    view = PlanBuilderView()
    titles = [view.sections.get_title(n) for n in range(len(view.sections.children))]
    assert titles[0] == "Thông tin chung" and "Mẫu và độ tin cậy" in titles
    assert len(titles) == len(PLAN_SECTIONS)


def test_every_change_is_saved_with_the_time(content):
    view = PlanBuilderView()
    view.field("name").input.value = "Tham vấn về khám chữa bệnh cho người nghèo"
    assert re.search(r"Đã lưu lúc \d\d:\d\d:\d\d", view.status.value)
    assert domain.load_draft(Store(), "plan").name == "Tham vấn về khám chữa bệnh cho người nghèo"


def test_check_names_each_missing_field_with_its_label(content):
    view = PlanBuilderView()
    view.field("name").input.value = "Tham vấn về khám chữa bệnh cho người nghèo"
    issues = view.check()
    fields = {i.field for i in issues}
    assert "issuing_body" in fields and "name" not in fields
    html = view.issues.value
    assert "Chưa điền “Cơ quan ban hành” (issuing_body)" in html
    assert "[Thông tin chung]" in html and "Lỗi" in html


def test_check_reports_inconsistencies_of_the_example(content):
    view = PlanBuilderView()
    view.load_example()
    assert view.check() == [] and "Không còn thiếu sót" in view.issues.value
    view.field("tools[0].sample").input.value = "200"
    issues = view.check()
    assert any(i.rule == "sample_below_required" for i in issues)
    assert "ít hơn" in view.issues.value


def test_text_in_a_number_field_is_explained_and_kept(content):
    view = PlanBuilderView()
    population = view.field("reliability.population")
    population.input.value = "chín nghìn"
    assert "chưa phải là một số nguyên" in population.error.value
    view.check()
    assert "“chín nghìn” chưa phải là con số" in view.issues.value
    # the rest of the draft is saved, and the typed text with it
    assert domain.load_draft(Store(), "plan").reliability.population is None
    again = PlanBuilderView()
    assert again.field("reliability.population").input.value == "chín nghìn"
    assert "chưa phải là một số nguyên" in again.field("reliability.population").error.value
    again.field("reliability.population").input.value = "9.400"
    assert again.field("reliability.population").error.value == ""
    assert domain.load_draft(Store(), "plan").reliability.population == 9400


def test_the_draft_comes_back_after_the_view_is_gone(content):
    view = PlanBuilderView()
    view.load_example()
    view.field("issuing_body").input.value = "THƯỜNG TRỰC HĐND TỈNH BẮC SƠN"
    view.form.editors["communes"].remove(view.form.editors["communes"].items[-1])
    del view
    again = PlanBuilderView()
    assert "Đã mở lại bản nháp" in again.status.value
    assert again.field("issuing_body").input.value == "THƯỜNG TRỰC HĐND TỈNH BẮC SƠN"
    assert len(again.form.editors["communes"].items) == len(domain.load_example().plan.communes) - 1


def test_lists_grow_and_shrink(content):
    view = PlanBuilderView()
    tools = view.form.editors["tools"]
    tools.add_button.click()
    assert len(tools.items) == 1
    view.field("tools[0].kind").input.value = "questionnaire"
    view.field("tools[0].allocation").input.value = "Xã An Bình: 98\nXã Tân Phú: 120"
    saved = domain.load_draft(Store(), "plan")
    assert saved.tools[0].kind == "questionnaire"
    assert saved.tools[0].allocation == {"Xã An Bình": 98, "Xã Tân Phú": 120}
    view.field("tools[0].allocation").input.value = "Xã An Bình chín mươi"
    assert "tên xã: số người" in view.field("tools[0].allocation").error.value


def test_exports_are_data_links_to_word_and_html(content):
    view = PlanBuilderView()
    view.load_example()
    html = view.export("docx")
    links = re.findall(r"download='([^']+)' href='data:([^;]+);base64,([^']+)'", html)
    assert [name for name, _, _ in links] == ["ke-hoach-tham-van.docx", "thong-bao-cong-khai-ke-hoach.docx"]
    from docx import Document
    text = "\n".join(p.text for p in Document(io.BytesIO(base64.b64decode(links[0][2]))).paragraphs)
    assert "KẾ HOẠCH" in text
    html = view.export("html")
    page = base64.b64decode(re.search(r"base64,([^']+)'", html).group(1)).decode("utf-8")
    assert "KẾ HOẠCH" in page and "http" not in page


def test_a_damaged_draft_is_reported_and_a_new_one_started(content):
    Store().save_draft("plan", "{not json")
    view = PlanBuilderView()
    assert "bị hỏng" in view.status.value
    assert view.field("name").input.value == ""


def test_english_labels(content):
    view = PlanBuilderView(lang="en")
    assert view.check_button.description == "Check"
    assert view.field("issuing_body").input.description.startswith("Issuing body")


def test_request_documents_have_a_tab_each_and_their_own_drafts(content):
    view = RequestDocumentsView()
    assert len(view.tabs.children) == 4
    dossier = view.documents["dossier"]
    dossier.field("topic").input.value = "Khám chữa bệnh cho người nghèo"
    assert domain.load_draft(Store(), "dossier").topic == "Khám chữa bệnh cho người nghèo"
    issues = dossier.check()
    assert "Chưa điền “Cơ quan chỉ đạo, yêu cầu tham vấn” (directed_by)" in dossier.issues.value
    assert {i.field for i in issues} >= {"directed_by", "proposals"}
    again = RequestDocumentsView()
    assert again.documents["dossier"].field("topic").input.value == "Khám chữa bệnh cho người nghèo"


def test_key_questions_are_checked_against_the_summary(content):
    view = RequestDocumentsView()
    view.documents["summary"].load_example()
    questions = view.documents["key_questions"]
    questions.load_example()
    assert questions.check() == []
    questions.field("questions[0].content").input.value = "Một nội dung không có trong bản tổng hợp"
    assert any(i.rule == "question_unknown_content" for i in questions.check())


def test_each_example_passes_its_check(content):
    view = RequestDocumentsView()
    for kind, doc in view.documents.items():
        doc.load_example()
        assert [i for i in doc.check() if i.severity == "error"] == [], kind
