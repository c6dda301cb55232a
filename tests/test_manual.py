"""The seed documents as the kit's manual: slides, phases, steps, and where citations are."""

import pytest

from thamvan_lib.content import collapse_space
from thamvan_lib.manual import LECTURE, PROCESS, load_manual, parse_lecture, parse_process, quote_spans


@pytest.fixture
def manual(content):
    return load_manual(content)


def test_the_lecture_is_sixteen_slides_in_order(manual):
    slides = manual.sections(LECTURE)
    assert [s.anchor for s in slides] == [f"slide-{n}" for n in range(1, 17)]
    headings = [s.heading for s in slides]
    assert headings[0] == "HOẠT ĐỘNG CỦA CÁN BỘ VĂN PHÒNG TRONG QUY TRÌNH THAM VẤN"
    assert headings[1:4] == ["NỘI DUNG CHÍNH", "KHỞI ĐỘNG", "QUY TRÌNH CHUNG"]
    assert headings[7] == "CÙNG TRAO ĐỔI"
    assert headings.count("QUY TRÌNH CHUNG (TT)") == 11
    assert slides[2].body.startswith("Theo Anh /Chị điều kiện “cần” và “đủ”")


def test_the_process_is_an_introduction_and_five_phases_with_their_steps(manual, content):
    sections = manual.sections(PROCESS)
    assert sections[0].anchor == "process-intro" and sections[0].heading == "QUY TRÌNH THAM VẤN"
    phases = [s for s in sections if s.kind == "phase"]
    assert [s.anchor for s in phases] == [f"phase-{n}" for n in range(1, 6)]
    assert phases[3].heading == "4. Giai đoạn 4: Phản hồi"
    steps = [s for s in sections if s.kind == "step"]
    assert [s.step_id for s in steps] == [s.id for s in content.steps.values() if s.id.startswith("P")]
    assert steps[0].anchor == "p1-1" and steps[0].body.startswith("Bước 1. Thường trực HĐND")
    # phase 5 has no "Bước" lines: its two bullets are its steps
    assert manual.section("p5-2").body.startswith("· HĐND xem xét") and "ban hành" in manual.section("p5-2").body


@pytest.mark.parametrize("seed", [LECTURE, PROCESS])
def test_no_line_of_a_seed_is_lost(manual, content, seed):
    lines = [line.strip() for line in content.manual(seed).splitlines() if line.strip()]
    parsed = [line.strip() for s in manual.sections(seed) for line in s.text.splitlines()]
    assert sorted(parsed) == sorted(lines)


def test_every_citation_is_in_exactly_one_section(manual, content):
    for step in content.steps.values():
        found = [s for s in manual.sections(step.citation.seed) if s.contains(step.citation.quote)]
        assert len(found) == 1, (step.id, [s.anchor for s in found])
        assert manual.citation(step) == found[0]


def test_anchors_of_steps_and_lecture_items(manual):
    assert manual.anchor("P1.1") == "p1-1"
    assert manual.anchor("P4.2") == "p4-2"
    assert manual.anchor("L0") == "slide-3"
    assert manual.anchor("L4") == manual.anchor("L5") == "slide-7"
    assert manual.anchor("L6") == "slide-8"


def test_a_process_step_cites_its_own_step_of_the_process(manual, content):
    for step in content.steps.values():
        if step.id.startswith("P"):
            assert manual.citation(step).step_id == step.id


def test_passages_list_the_items_citing_them(manual):
    assert [s.id for s in manual.cited_by(manual.section("slide-7"))] == ["L4", "L5"]
    assert [s.id for s in manual.cited_by(manual.section("slide-13"))] == ["L10", "L11"]
    assert manual.cited_by(manual.section("slide-11")) == []
    assert [s.id for s in manual.cited_by(manual.section("p2-3"))] == ["P2.3"]


def test_a_quote_is_found_across_the_slides_line_breaks(manual, content):
    section = manual.section("slide-5")
    quote = content.steps["L2"].citation.quote
    assert quote not in section.body  # the slide breaks the line in the middle
    [(start, end)] = quote_spans(section.body, [quote])
    assert collapse_space(section.body[start:end]) == collapse_space(quote)
    assert "\n" in section.body[start:end]


def test_overlapping_quotes_make_one_span():
    text = "một hai ba bốn năm"
    spans = quote_spans(text, ["năm", "hai ba", "ba bốn", "sáu"])
    assert [text[a:b] for a, b in spans] == ["hai ba bốn", "năm"]


def test_parsers_on_small_documents():
    slides = parse_lecture("TIÊU ĐỀ CHÍNH\nMỞ ĐẦU BÀI\nDòng một\ndòng hai\nPHẦN (TT)\nDòng ba")
    assert [(s.number, s.heading, s.body) for s in slides] == [
        (1, "TIÊU ĐỀ CHÍNH", ""), (2, "MỞ ĐẦU BÀI", "Dòng một\ndòng hai"), (3, "PHẦN (TT)", "Dòng ba")]
    process = parse_process("TÊN\nLời mở đầu.\n1. Giai đoạn 1: Đầu\nBước 1. Làm A\nchi tiết A\n"
                            "Bước 2. Làm B\n2. Giai đoạn 2: Cuối\n· Việc C\n· Việc D")
    assert [s.anchor for s in process] == ["process-intro", "phase-1", "p1-1", "p1-2", "phase-2", "p2-1", "p2-2"]
    assert process[2].body == "Bước 1. Làm A\nchi tiết A"


def test_a_trainers_copy_of_the_content_gets_its_own_manual(content_copy):
    from thamvan_lib.content import load

    copy = load(content_copy)
    assert load_manual(copy).content is copy
    assert load_manual(copy).anchor("P1.1") == "p1-1"
