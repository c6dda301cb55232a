"""The home page against a real ``thamvan start``: what a visitor sends is bounded and refused
with a message in both languages, the language switch needs the server's form token, and
looking at the page starts no kernel."""

from __future__ import annotations

import re

import pytest
import requests

from tests.support.processes import kernel_pids
from tests.support.servers import KitServer
from thamvan_lib.serving.home_page import MAX_BODY_BYTES
from thamvan_lib.store import Store

pytestmark = pytest.mark.slow


LEARNER = "hoc-vien-1"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("home-page") / "thamvan"
    home.mkdir()
    with pytest.MonkeyPatch.context() as env:  # the server's own kit home and learner
        env.setenv("THAMVAN_HOME", str(home))
        env.setenv("THAMVAN_LEARNER", LEARNER)
        env.delenv("THAMVAN_LANG", raising=False)
        kit = KitServer(home, preheat=False)
    kit.home_page = f"http://127.0.0.1:{kit.port}/thamvan/home"
    kit.store = Store(home / "thamvan.sqlite", LEARNER)
    yield kit
    kit.stop()


@pytest.fixture
def visitor(server):
    """A browser-like session holding the page's form token (and its cookie)."""
    session = requests.Session()
    page = session.get(server.home_page, timeout=30)
    session.token = re.search(r'name="_xsrf" value="([^"]+)"', page.text).group(1)
    yield session
    session.close()


def test_many_visits_start_no_kernel(server):
    for query in ("", "?phase=3", "?q=bien+ban"):
        assert requests.get(server.home_page + query, timeout=30).status_code == 200
    assert kernel_pids(server.process.pid) == set()


def test_the_page_shows_the_learners_own_progress(server, content):
    step = content.steps["P1.1"]
    server.store.set_done("P1.1", step.checklist[0].id, True)
    page = requests.get(server.home_page, timeout=30).text
    assert f"P1.1 · {step.title.vi} (1/4)" in page and "Tiến độ của bạn: 1/" in page


def test_the_language_switch_is_remembered_and_keeps_the_search(server, visitor):
    answer = visitor.post(server.home_page, data={"_xsrf": visitor.token, "lang": "en", "q": "bien ban",
                                                  "phase": "2"}, timeout=30, allow_redirects=False)
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/thamvan/home?q=bien+ban&phase=2")
    again = requests.get(server.home_page, timeout=30).text  # another visit, no cookie: the learner's choice
    assert "Your progress" in again and '<html lang="en">' in again
    visitor.post(server.home_page, data={"_xsrf": visitor.token, "lang": "vi"}, timeout=30)
    assert "Tiến độ của bạn" in requests.get(server.home_page, timeout=30).text


def test_a_form_sent_from_elsewhere_is_refused(server):
    answer = requests.post(server.home_page, data={"lang": "en"}, timeout=30)  # no token: another site's form
    assert answer.status_code == 403
    assert "Hãy tải lại trang chủ" in answer.text and "Reload the home page" in answer.text
    assert "Your progress" not in requests.get(server.home_page, timeout=30).text


def test_a_language_the_kit_does_not_speak_is_refused(server, visitor):
    answer = visitor.post(server.home_page, data={"_xsrf": visitor.token, "lang": "<fr>" * 50}, timeout=30)
    assert answer.status_code == 400 and "Không có ngôn ngữ" in answer.text and "There is no language" in answer.text
    assert "<fr>" * 6 not in answer.text  # the echo is cut short


def test_a_body_past_the_limit_is_refused(server, visitor):
    answer = visitor.post(server.home_page, data={"_xsrf": visitor.token, "lang": "en", "q": "x" * MAX_BODY_BYTES},
                          timeout=30)
    assert answer.status_code == 413 and "Yêu cầu quá dài" in answer.text and "too long" in answer.text
    assert "Your progress" not in requests.get(server.home_page, timeout=30).text


def test_what_the_address_carries_is_cut_escaped_and_answered(server):
    page = requests.get(server.home_page, params={"q": '"><script>alert(1)</script>' + "x" * 20_000,
                                                  "phase": "9" * 30}, timeout=30)
    assert page.status_code == 200
    assert "<script>" not in page.text and "&lt;script&gt;" in page.text and "x" * 200 not in page.text
    other = requests.get(server.home_page, params={"phase": "-1"}, timeout=30).text
    assert 'aria-current="page">Giai đoạn 1<' in other
    assert requests.put(server.home_page, data="x", timeout=30).status_code == 403  # no form token


def test_the_trainers_own_server_lists_the_trainers_pages(tmp_path, server):
    home = tmp_path / "thamvan"
    home.mkdir()
    trainer = KitServer(home, preheat=False, extra=["--trainer"])
    try:
        listed = requests.get(f"http://127.0.0.1:{trainer.port}/thamvan/home", timeout=30).text
    finally:
        trainer.stop()
    assert 'href="../voila/render/dashboards/class-view.ipynb"' in listed
    assert "class-view.ipynb" not in requests.get(server.home_page, timeout=30).text  # a trainee's does not
