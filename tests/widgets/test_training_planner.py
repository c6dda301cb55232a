"""The training planner driven in Python: fill, check, load the example, export, autosave, restore."""

import base64
import dataclasses
import io
import re

import docx as python_docx

from thamvan_lib import training as domain
from thamvan_lib.store import Store
from thamvan_lib.widgets.training_planner import SECTIONS, TrainingPlannerView


def test_every_field_is_in_one_tab():
    placed = [name for _, names in SECTIONS for name in names]
    assert sorted(placed) == sorted(f.name for f in dataclasses.fields(domain.TrainingPlan))
    assert len(placed) == len(set(placed))


def test_the_tabs_have_vietnamese_titles(content):
    view = TrainingPlannerView()
    titles = [view.sections.get_title(n) for n in range(len(view.sections.children))]
    assert titles[0] == "Thông tin chung" and "Danh sách triệu tập" in titles


def test_every_change_is_saved_and_restored(content):
    view = TrainingPlannerView()
    view.field("title").input.value = "Tập huấn cán bộ hỗ trợ"
    assert re.search(r"Đã lưu lúc \d\d:\d\d:\d\d", view.status.value)
    assert domain.load_draft(Store()).title == "Tập huấn cán bộ hỗ trợ"
    again = TrainingPlannerView()
    assert again.field("title").input.value == "Tập huấn cán bộ hỗ trợ"
    assert "Đã mở lại bản nháp đã lưu" in again.status.value


def test_parts_added_in_the_form_are_saved(content):
    view = TrainingPlannerView()
    view.form.editors["participants"].add_button.click()
    view.field("participants[0].name").input.value = "Nguyễn Thị Hạnh"
    view.field("participants[0].role").input.value = "moderator"
    view.form.editors["sessions"].add_button.click()
    view.field("sessions[0].start").input.value = "08:00"
    saved = domain.load_draft(Store())
    assert saved.participants[0].role == "moderator" and saved.sessions[0].start == "08:00"
    again = TrainingPlannerView()
    assert again.field("participants[0].role").input.value == "moderator"


def test_the_skills_are_chosen_among_the_rubrics(content):
    view = TrainingPlannerView()
    skills = view.field("content.skills")
    assert {"dieu-hanh", "bien-ban"} <= {v for _, v in skills.input.options}
    skills.input.value = ("dieu-hanh",)
    assert domain.load_draft(Store()).content.skills == ["dieu-hanh"]
    issues = view.check()
    assert any(i.rule == "skills_missing" for i in issues)
    assert "Lỗi thường gặp của người ghi biên bản, tổng hợp" in view.issues.value


def test_the_example_checks_clean_and_a_change_is_caught(content):
    view = TrainingPlannerView()
    view.example_button.click()
    assert "Đã tải kế hoạch tập huấn mẫu" in view.issues.value
    assert view.check() == []
    assert "Không còn thiếu sót" in view.issues.value
    view.field("sessions[0].end").input.value = "07:00"
    issues = view.check()
    assert [i.rule for i in issues] == ["session_reversed"]
    assert "[Lịch và phương pháp]" in view.issues.value
    assert TrainingPlannerView().document().sessions[0].end == "07:00"


def test_a_number_typed_as_words_is_kept_and_reported(content):
    view = TrainingPlannerView()
    view.load_example()
    view.field("moves[0].minutes").input.value = "bốn lăm"
    assert "bốn lăm" in view.field("moves[0].minutes").error.value
    view.check()
    assert "bốn lăm" in view.issues.value
    assert TrainingPlannerView().field("moves[0].minutes").input.value == "bốn lăm"


def _link(html):
    m = re.search(r"download='([^']+)' href='data:([^;]+)[^,]*;base64,([^']+)'", html)
    return m.group(1), m.group(2), base64.b64decode(m.group(3))


def test_export_links_carry_the_files(content):
    view = TrainingPlannerView()
    view.load_example()
    name, mime, data = _link(view.word_button.click() or view.downloads.value)
    assert name == "chuong-trinh-tap-huan.docx" and mime.endswith("wordprocessingml.document")
    text = "\n".join(p.text for p in python_docx.Document(io.BytesIO(data)).paragraphs)
    assert "II. NỘI DUNG TẬP HUẤN" in text
    view.html_button.click()
    name, mime, data = _link(view.downloads.value)
    page = data.decode("utf-8")
    assert name.endswith(".html") and "THÀNH PHẦN THAM DỰ" in page
    assert not re.search(r"https?://", page)
    assert "http" not in view.downloads.value


def test_english_form(content):
    view = TrainingPlannerView(lang="en")
    view.load_example()
    assert view.sections.get_title(1) == "Call list"
    participants = view.form.editors["participants"]
    # remove the two deputies, the last two on the call list
    participants.remove(participants.items[-1])
    participants.remove(participants.items[-1])
    assert any("Deputy" in i.text("en") for i in view.check())
