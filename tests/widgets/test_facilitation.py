"""The facilitation view's draft under the store's one policy (its session is driven in
tests/test_workshop.py)."""

from thamvan_lib.store import Store
from thamvan_lib.widgets.facilitation import DRAFT, FacilitationView


def test_a_damaged_session_is_set_aside_said_and_the_setup_shown(content):
    Store().save_draft(DRAFT, "{\"scenario\": ")
    view = FacilitationView()
    assert view.session is None and "bị hỏng" in view.notice.value
    assert "<tr>" in view.roles_html.value  # the set-up, to start again
    assert Store().damaged_drafts(DRAFT)[0]["data"] == "{\"scenario\": "


def test_a_new_session_leaves_nothing_to_resume(content):
    view = FacilitationView()
    view.begin()
    view.new_session()
    again = FacilitationView()
    assert again.session is None and again.notice.value == ""
