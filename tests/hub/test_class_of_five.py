"""A class of five through the hub at once, as in a workshop: servers started beforehand,
everyone logs in together, lands on the home page (no kernel to wait for), opens the practice
dashboard the trainer names, and ticks their own progress, which stays theirs and is the one
their home page counts."""

from __future__ import annotations

import pwd
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support.kernel import Kernel, widgets_ready
from thamvan_lib.content import load
from thamvan_lib.serving import hub

from .conftest import Hub

pytestmark = [pytest.mark.hub, pytest.mark.slow]

TRAINEES = [f"hv-0{n}" for n in range(1, 6)]
CLASS = {"course_id": "thamvan", "trainer": {"username": "giang-vien", "name": "Nguyễn Thị Hương"},
         "trainees": [{"username": u, "name": f"Học viên {u[-1]}"} for u in TRAINEES],
         "warm_pages": ["plan-builder"]}
KERNEL_ID = re.compile(r'"kernelId"\s*:\s*"([0-9a-f-]{36})"')
PLAN_URL = "/voila/render/dashboards/plan-builder.ipynb"
STEP_DONE = re.compile(r'step=([\w.]+)"[^>]*>\1 · [^<]*\((\d+)/\d+\)</a>')  # a step's link on the home page


@pytest.fixture(scope="module")
def class_hub():
    started = Hub(class_data=CLASS, env={hub.PRESTART_VARIABLE: "1"})
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and not all(
                u["servers"].get("", {}).get("ready") for u in started.api("GET", "/users").json()):
            time.sleep(0.5)
        yield started
    finally:
        started.stop()


def morning(class_hub: Hub, user: str, item: tuple[str, str]) -> dict:
    base = f"{class_hub.url}/user/{user}"
    session = class_hub.login(user)
    home = session.get(class_hub.url + session.login_response.headers["Location"], timeout=180)
    # the server's own page, whole in its first answer
    assert home.status_code == 200 and home.url == base + hub.HOME_URL, (user, home.url)
    assert "Tiến độ của bạn: 0/" in home.text, (user, home.text[:2000])
    plan = session.get(base + PLAN_URL, timeout=180)
    assert plan.status_code == 200, (user, plan.status_code)
    widgets_ready(base, user, KERNEL_ID.search(plan.text).group(1), session.cookies, timeout=120)
    kernel = Kernel(base, class_hub.user_token(user))
    try:
        done = kernel.run("from thamvan_lib.store import Store\n"
                          f"store = Store(); store.set_done({item[0]!r}, {item[1]!r}, True)\n"
                          "print(sorted(store.done_items()), store.path)", timeout=120)
    finally:
        kernel.close()
    again = session.get(f"{base}{hub.HOME_URL}?phase=1", timeout=60)
    assert again.status_code == 200, (user, again.status_code)
    return {"done": done, "home": again.text}


def test_five_at_once_land_on_home_open_the_plan_builder_and_keep_their_own_progress(class_hub):
    steps = [s for s in load().steps.values() if s.checklist and s.phase == 1][:len(TRAINEES)]
    items = {user: (step.id, step.checklist[0].id) for user, step in zip(TRAINEES, steps)}
    with ThreadPoolExecutor(len(TRAINEES)) as pool:
        outcomes = dict(zip(TRAINEES, pool.map(lambda u: morning(class_hub, u, items[u]), TRAINEES)))
    for user, outcome in outcomes.items():
        ticked, _, path = outcome["done"].strip().partition("] ")
        assert ticked + "]" == str([items[user]]), (user, outcome)  # their tick, nobody else's
        owner = pwd.getpwuid((class_hub.workshop / "users" / user / ".thamvan").stat().st_uid).pw_name
        assert owner == class_hub.account(user) and path.startswith(str(class_hub.workshop / "users" / user))
        # their home page counts their tick only
        assert "Tiến độ của bạn: 1/" in outcome["home"], user
        done = dict(STEP_DONE.findall(outcome["home"]))
        assert {step for step, count in done.items() if count != "0"} == {items[user][0]}, (user, done)
        assert set(done) >= {step for step, _ in items.values()}, done  # the others' steps too, at 0
