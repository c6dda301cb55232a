"""The hub starts the class's servers before the class arrives (serving/prestart.py), so a
login only checks the password and opens the home page."""

from __future__ import annotations

import time

import pytest

from tests.hub.conftest import Hub
from thamvan_lib.serving import hub

pytestmark = [pytest.mark.hub, pytest.mark.slow]


@pytest.fixture(scope="module")
def prestarted():
    started = Hub(env={hub.PRESTART_VARIABLE: "1"})
    try:
        yield started
    finally:
        started.stop()


def _servers(h: Hub) -> dict[str, dict]:
    return {u["name"]: u["servers"].get("", {}) for u in h.api("GET", "/users").json()}


def test_every_server_is_started_without_anyone_logging_in(prestarted):
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not all(s.get("ready") for s in _servers(prestarted).values()):
        time.sleep(0.5)
    servers = _servers(prestarted)
    assert set(servers) == set(prestarted.people) and all(s.get("ready") for s in servers.values()), servers
    log = prestarted.output()
    assert all(f"prestart: {user}: started" in log for user in prestarted.people), log[-3000:]
    # the trainer first: they prepare before the class
    assert log.index(f"prestart: {prestarted.people[0]}:") < min(
        log.index(f"prestart: {user}:") for user in prestarted.people[1:])


def test_a_trainee_logs_in_straight_to_the_home_page(prestarted):
    test_every_server_is_started_without_anyone_logging_in(prestarted)
    trainee = prestarted.people[1]
    session = prestarted.login(trainee)
    assert session.login_response.status_code == 302
    page = session.get(prestarted.url + session.login_response.headers["Location"], timeout=120)
    assert page.status_code == 200 and page.url == f"{prestarted.url}/user/{trainee}{hub.HOME_URL}", page.url
    assert not any("spawn-pending" in r.headers.get("Location", "") for r in page.history), \
        [r.headers.get("Location") for r in page.history]
    # the page itself, with the trainee's progress and their steps' pages
    assert "Tiến độ của bạn: 0/" in page.text and "../voila/render/dashboards/step.ipynb?step=P1.1" in page.text


def test_the_prestart_service_holds_only_what_it_needs():
    role = hub.prestart_role()
    assert set(role["scopes"]) == {"list:users", "read:servers", "start:servers"}
    assert not any(scope.startswith(("admin", "delete", "tokens", "access")) for scope in role["scopes"])
