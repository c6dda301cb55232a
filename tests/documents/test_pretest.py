"""The trainer's summary of the tests and the evaluation as Word and Excel files."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest

from thamvan_lib import locations
from thamvan_lib.documents.pretest import gain_chart, summary_docx, summary_xlsx
from thamvan_lib.pretest import ClassResults, Submission, class_results, form_for, load_keys, load_questions


class Box:
    """Hand-ins given by the test, as an inbox gives them."""

    def __init__(self, **kinds):
        self.kinds = kinds

    def collected(self, kind):
        return self.kinds.get(kind, {})


@pytest.fixture(scope="module")
def found() -> ClassResults:
    bank = load_questions()
    keys = load_keys(locations.trainer() / "tests" / "dap-an.yaml", bank)
    pre_form, post_form = form_for(bank, "pre"), form_for(bank, "post")
    right = lambda form: {q.id: keys[q.id].answer for q in form.questions}  # noqa: E731
    return class_results(Box(
        pre={"hv-an": Submission("hv-an", "pre", {}), "hv-binh": Submission("hv-binh", "pre", right(pre_form))},
        post={"hv-an": Submission("hv-an", "post", right(post_form))},
        evaluation={"hv-an": Submission("hv-an", "evaluation", {"giang-vien": 5, "nen-thay-doi": "Thêm giờ đóng vai"})}),
        keys)


def test_the_word_file_has_the_phases_the_trainees_the_chart_and_the_comments(found):
    document = docx.Document(io.BytesIO(summary_docx(found, "vi")))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert "KẾT QUẢ KIỂM TRA VÀ ĐÁNH GIÁ" in text and "Thêm giờ đóng vai" in text
    assert "Đã nộp: 2 bài kiểm tra đầu khóa, 1 bài kiểm tra cuối khóa, 1 phiếu đánh giá." in text
    assert ["Cả bài", "2", "50", "1", "100", "100"] in cells  # an 0 → 100, binh 100 → none
    assert ["hv-an", "0", "100", "100", "100", "100", "100", "100", "100"] in cells
    assert any(row[:4] == ["Giảng viên", "Giảng viên trình bày dễ hiểu, trả lời được câu hỏi của học viên", "1", "5"]
               for row in cells)
    assert len(document.inline_shapes) == 1  # the chart
    assert gain_chart(found, "vi").startswith(b"\x89PNG")


def test_the_excel_workbook_has_one_sheet_per_table(found):
    book = openpyxl.load_workbook(io.BytesIO(summary_xlsx(found, "vi")))
    assert book.sheetnames == ["Theo giai đoạn", "Từng học viên", "Đánh giá", "Góp ý"]
    trainees = list(book["Từng học viên"].iter_rows(values_only=True))
    assert trainees[0][:3] == ("Học viên", "Giai đoạn", "Đầu khóa: số câu đúng")
    assert trainees[7][:5] == ("hv-binh", "Cả bài", 15, 15, 100)
    assert list(book["Góp ý"].iter_rows(values_only=True))[1] == ("Nên thay đổi hoặc bổ sung điều gì?", "Thêm giờ đóng vai")


def test_without_keys_the_summary_counts_and_says_why(found):
    blind = ClassResults(found.pre, found.post, found.evaluations, ratings=found.ratings,
                         aspects=found.aspects, comments=found.comments)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(summary_docx(blind, "vi"))).paragraphs)
    assert "không có đáp án" in text and gain_chart(blind) is None
    assert openpyxl.load_workbook(io.BytesIO(summary_xlsx(blind, "en"))).sheetnames == ["Evaluation", "Comments"]


def test_before_any_hand_in_there_is_no_chart_to_draw(found):
    nobody = ClassResults({}, {}, {}, table=found.table, phases=found.phases)
    assert gain_chart(nobody, "vi") is None  # an empty chart would only cost the day view matplotlib
