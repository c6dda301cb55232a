from thamvan_lib.selfcheck import question
from thamvan_lib.widgets.selfcheck import SelfCheckView


def test_multi_question_checks_ticked_boxes():
    view = SelfCheckView(question("P1.1", "nguon-lua-chon"))
    view._check()
    assert "chưa chọn" in view.feedback.value
    for option_id in ("ke-hoach", "cu-tri", "kt-xh"):
        view.boxes[option_id].value = True
    view._check()
    assert "Chính xác" in view.feedback.value


def test_hint_and_solution_buttons_fill_the_feedback():
    view = SelfCheckView(question("P1.1", "nguon-lua-chon"))
    view._hint()
    assert "Gợi ý" in view.feedback.value
    view._solution()
    assert "Đáp án" in view.feedback.value


def test_choice_question_uses_radio_buttons(content):
    step = next(s for s in content.steps.values() if any(q.kind == "choice" for q in s.self_checks))
    spec = next(q for q in step.self_checks if q.kind == "choice")
    view = SelfCheckView(question(step.id, spec.id))
    view.choice.value = spec.answer[0]
    view._check()
    assert "Chính xác" in view.feedback.value


def test_options_are_shown_in_the_learners_order_with_their_letters():
    q = question("P1.1", "nguon-lua-chon")
    view = SelfCheckView(q)
    labels = [box.description for box in view.boxes.values()]
    assert labels == [f"{letter}) {text}" for letter, _, text in q.lettered("vi")]
    assert list(view.boxes) == [o.id for o in q.options]
