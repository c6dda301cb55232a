import pytest

from thamvan_lib.selfcheck import question, questions
from thamvan_lib.store import Store


@pytest.fixture
def multi():
    return question("P1.1", "nguon-lua-chon")


def test_right_answer_by_ids_or_letters(multi):
    assert multi.check(["ke-hoach", "cu-tri", "kt-xh"]).correct
    assert multi.check(["a", "b", "C"]).correct


def test_partial_answer_says_how_many_are_missing_not_which(multi):
    verdict = multi.evaluate(["a"])
    assert not verdict.correct
    assert "Còn thiếu 2 lựa chọn đúng" in str(verdict)
    assert "ke-hoach" not in str(verdict) and "cu-tri" not in str(verdict)


def test_extra_choice_is_counted(multi):
    assert "Có 1 lựa chọn không đúng" in str(multi.evaluate(["a", "b", "c", "d"]))


def test_unknown_option_lists_what_is_allowed(multi):
    verdict = multi.evaluate(["z"])
    assert "Không có phương án “z”" in str(verdict) and "a, b, c, d" in str(verdict)


def test_empty_answer(multi):
    assert str(multi.evaluate([])) == "Bạn chưa chọn phương án nào."


def test_choice_question_accepts_one_option(content):
    spec = next(q for s in content.steps.values() for q in questions(s.id, content)
                if q.spec.kind == "choice")
    right = spec.spec.answer[0]
    assert spec.evaluate(right).correct
    wrong = next(o.id for o in spec.spec.options if o.id != right)
    assert not spec.evaluate([right, wrong]).correct


def test_hint_and_solution_in_both_languages(multi):
    assert multi.hint() == multi.spec.hint.vi
    assert multi.solution().startswith("Đáp án: ")
    assert multi.solution("en").startswith("Answer: ")
    assert "<p>" in multi.hint()._repr_html_()


def test_check_records_the_verdict(multi):
    multi.check(["a"])
    assert Store().answers() == {("P1.1", "nguon-lua-chon"): False}
    multi.check(["a", "b", "c"])
    assert Store().answers() == {("P1.1", "nguon-lua-chon"): True}


def test_every_self_check_in_content_accepts_its_own_key(content):
    for step in content.steps.values():
        for q in questions(step.id, content):
            assert q.evaluate(q.spec.answer).correct, (step.id, q.spec.id)
            assert q.spec.hint.vi != q.spec.solution.vi


def test_question_shows_its_options_with_letters(multi):
    text = str(multi)
    assert text.splitlines()[0] == multi.spec.prompt.vi
    assert "  a) Kế hoạch hoạt động, giám sát hằng năm của HĐND" in text
    assert "<b>d</b>)" in multi._repr_html_()
