"""The printable programme of the support-staff training (L8, P1.5), in DOCX and HTML."""

import io
import re

import docx as python_docx
import pytest

from thamvan_lib import training as t
from thamvan_lib.documents.outline import Heading
from thamvan_lib.documents.training import (training_docx, training_files, training_html,
                                            training_outline)


def example():
    return t.load_example()


def section_titles(lang):
    return [b.text for b in training_outline(example(), lang).blocks
            if isinstance(b, Heading) and b.level == 1]


def docx_text(document) -> str:
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines += [cell.text for cell in row.cells]
    return "\n".join(lines)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_docx_opens_and_holds_every_section(content, lang):
    _, data, _ = training_files(example(), "docx", lang)
    text = docx_text(python_docx.Document(io.BytesIO(data)))
    titles = section_titles(lang)
    assert len(titles) == 6
    for title in titles:
        assert title in text
    assert ("CHƯƠNG TRÌNH TẬP HUẤN" if lang == "vi" else "TRAINING PROGRAMME") in text


def test_the_docx_lists_the_call_list_the_rubric_criteria_and_the_materials(content):
    text = docx_text(training_docx(example(), "vi"))
    plan = example()
    from thamvan_lib.roleplay.loading import load_rubrics
    rubrics = load_rubrics()
    for rid in ("dieu-hanh", "bien-ban"):
        assert rubrics[rid].name.vi in text
        for criterion in rubrics[rid].criteria:
            assert criterion.name.vi in text
    for p in plan.participants:
        assert p.name in text
    for m in plan.materials:
        assert m.title in text
    for part in ("Phần khái quát chung", "Phần kỹ năng", "Phần truyền thông",
                 "Những quy tắc cơ bản trong ứng xử", "Sơ đồ đi lại", "Thực tập đóng vai",
                 "45 phút", "08:00 – 09:30", "30/01/2026"):
        assert part in text, part


def test_the_html_is_self_contained(content):
    page = training_html(example(), "vi")
    assert not re.search(r"https?://", page)
    assert "<script" not in page and "@import" not in page
    for title in section_titles("vi"):
        assert title in page
    assert page.startswith("<!DOCTYPE html>")


def test_an_empty_plan_still_prints(content):
    page = training_html(t.TrainingPlan(), "en")
    assert "TRAINING PROGRAMME" in page and "…" in page
    assert training_files(t.TrainingPlan(), "docx")[1][:2] == b"PK"
