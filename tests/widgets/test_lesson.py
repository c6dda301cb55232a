import ipywidgets as w

from thamvan_lib.widgets import lesson
from thamvan_lib.widgets.common import esc


def _html(widget):
    return " ".join(c.value for c in widget.children if isinstance(c, w.HTML))


def test_header_lists_objectives(content):
    text = _html(lesson.header(2))
    assert "Mục tiêu" in text
    assert all(esc(o.vi) in text for o in content.phases[2].objectives)


def test_steps_accordion_holds_every_step_of_the_phase(content):
    accordion = lesson.steps(1)
    titles = [accordion.get_title(i) for i in range(len(accordion.children))]
    expected = [s.id for s in content.phase_steps(1) + content.lecture_items(1)]
    assert [t.split(" · ")[0] for t in titles] == expected


def test_key_points_tools_intro_glossary(content):
    assert "Ý chính" in _html(lesson.key_points(5))
    assert "href='../../thamvan/home'" in _html(lesson.tools(1)).replace('"', "'")
    intro = _html(lesson.intro())
    assert "01-chuan-bi.ipynb" in intro and "Cách dùng" in intro
    assert "ĐBQH" in _html(lesson.glossary())


def test_question_by_number():
    assert lesson.question("P1.1").spec.id == "nguon-lua-chon"


def test_lessons_follow_the_language_the_learner_chose(store):
    from thamvan_lib.store import LANGUAGE_SETTING

    store.set_setting(LANGUAGE_SETTING, "en")
    assert "Objectives" in _html(lesson.header(1))
