"""The workshop's printed materials (thamvan workshop materials): the programme, reading set
and practice handbook for trainees, and the trainer's notes apart, in Word and PDF. LibreOffice
prints every file; the contents' page numbers are the pages the headings fell on; every page is
numbered; no sentence of a trainer note reaches what trainees receive."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import docx
import pytest
from click.testing import CliRunner

from thamvan_lib import locations
from thamvan_lib.cli import main
from thamvan_lib.content import PACKAGE_CONTENT
from thamvan_lib.documents.materials import TRAINEE_FILES, handbook, reading_set
from thamvan_lib.documents.outline import Contents, plain_text
from thamvan_lib.documents.pdf import page_count
from thamvan_lib.programme import load_programmes
from thamvan_lib.trainer_notes import load_notes, note_texts

PAGES = {  # what a trainer can carry: bounds, not the exact count of one machine's fonts
    "chuong-trinh": (2, 8), "tai-lieu-doc": (12, 40), "cam-nang-thuc-hanh": (20, 70), "ghi-chu-giang-vien": (8, 50)}


@pytest.fixture(scope="module", params=["mot-ngay", "ba-ngay"])
def built(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"materials-{request.param}")
    result = CliRunner().invoke(main, ["workshop", "materials", "--programme", request.param, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "LibreOffice" in result.output and "Ghi số trang vào mục lục" in result.output  # progress lines
    return request.param, out, result.output


def _docx_text(path) -> str:
    document = docx.Document(path)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _pdf_pages(path) -> list[str]:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout.split("\f")


@pytest.mark.slow
def test_libreoffice_prints_every_material_with_numbered_pages(built):
    pid, out, output = built
    for name, (low, high) in PAGES.items():
        pdf = (out / f"{name}-{pid}.pdf").read_bytes()
        pages = page_count(pdf)
        print(f"\n{name}-{pid}.pdf: {pages} pages")
        assert low <= pages <= high, (name, pages)
        assert f"{name}-{pid}.pdf: {pages} trang" in output
        footer = docx.Document(out / f"{name}-{pid}.docx").sections[0].footer._element.xml
        assert "PAGE" in footer
        text = _docx_text(out / f"{name}-{pid}.docx")
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "VĂN PHÒNG ĐOÀN ĐBQH VÀ HĐND" in text
        assert "MỤC LỤC" in text
    assert "chỉ dành cho giảng viên" in output


@pytest.mark.slow
def test_the_contents_give_the_page_each_heading_is_printed_on(built):
    pid, out, _ = built
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) reads the printed pages")
    for name in ("tai-lieu-doc", "cam-nang-thuc-hanh"):
        pages = _pdf_pages(out / f"{name}-{pid}.pdf")
        document = docx.Document(out / f"{name}-{pid}.docx")
        entries = [p.text.rsplit("\t", 1) for p in document.paragraphs if "\t" in p.text]
        assert len(entries) >= 10
        for heading, page in entries:
            assert page.isdigit(), (heading, page)
            printed = re.sub(r"\s+", " ", pages[int(page) - 1])
            assert re.sub(r"\s+", " ", heading)[:40] in printed, (name, heading, page)
        assert pages[2].strip().splitlines()[-1].strip() == "3"  # the number at the foot of page 3


def test_the_reading_set_goes_phase_by_phase_with_the_glossary_and_legal_frame():
    outline = reading_set(load_programmes()["mot-ngay"])
    text = plain_text(outline)
    order = [text.index(f"Giai đoạn {n}:") for n in range(1, 6)]
    assert order == sorted(order)
    assert "P3.2. Thường trực HĐND thành lập Nhóm công tác" in text and "L13." in text
    assert "Thuật ngữ và chữ viết tắt" in text and "Đoàn đại biểu Quốc hội" in text
    if (PACKAGE_CONTENT / "legal" / "khung-phap-ly.yaml").exists():
        assert "Khung pháp lý" in text and "64/2025/QH15" in text
    assert isinstance(outline.blocks[0], Contents) and outline.page_numbers and outline.letterhead


def test_the_handbook_holds_checklists_templates_rubrics_examples_and_the_programmes_role_cards():
    text = plain_text(handbook(load_programmes()["mot-ngay"]))
    assert "Danh mục kiểm tra theo từng bước" in text and "Đã làm" in text
    assert "Mẫu kế hoạch tham vấn" in text and "I. MỤC ĐÍCH, YÊU CẦU" in text
    assert "Những điều nên làm và nên tránh của người điều hành hội nghị" in text
    assert "Hồ sơ và kế hoạch tham vấn" in text and "10.000 | 370 | " in text  # ±5 points, 95 %
    assert "Tổng cộng | 129.700 | 1.600" in text  # Sơn Hà's 1,600 forms over its 10 communes
    assert "Thẻ vai của các buổi đóng vai" in text and "Bác Giàng A Súa" in text
    # the one-day programme plays no draft-law role-play: its cards stay out
    assert "Lấy ý kiến về một dự án luật" not in text


def _trainee_texts(out, pid) -> dict[str, str]:
    """What trainees receive: the three materials, the lessons and dashboards, the sheets."""
    texts = {f"{name}-{pid}.docx": _docx_text(out / f"{name}-{pid}.docx") for name in TRAINEE_FILES}
    for path in sorted(locations.notebooks().rglob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        texts[path.name] = "\n".join("".join(c["source"]) for c in cells)
    for path in sorted((PACKAGE_CONTENT / "exercises").rglob("*.yaml")):
        texts[path.name] = path.read_text(encoding="utf-8")
    return texts


@pytest.mark.slow
def test_no_trainer_note_reaches_what_trainees_receive(built):
    pid, out, _ = built
    sentences = {t for note in load_notes().values() for lang in ("vi", "en") for t in note_texts(note, lang)
                 if len(t) > 25}
    assert len(sentences) > 300
    trainer_doc = _docx_text(out / f"ghi-chu-giang-vien-{pid}.docx")
    # the check can fail: the trainer's own document holds the notes of what the programme uses
    assert sum(s in trainer_doc for s in sentences) > 50
    for name, text in _trainee_texts(out, pid).items():
        leaked = [s for s in sentences if s in text]
        assert not leaked, (name, leaked[:2])
