"""A trainee's practice dashboard is warm before they arrive: their server started its kernel
and ran it up to ``wait_for_visitor()`` beforehand, and a visit takes that kernel
(serving/warm_pages) — a dashboard the class list names, all day. The home page, where
everyone lands, is no notebook: nothing is warmed for it and landing there takes no kernel."""

from __future__ import annotations

import re
import time

import pytest
import requests

from tests.support.kernel import widgets_ready
from thamvan_lib.serving import hub
from thamvan_lib.serving.warm_pages import REFILL_DELAY_SECONDS

from .conftest import CLASS, Hub

pytestmark = [pytest.mark.hub, pytest.mark.slow]

AN = "hv-an"
KERNEL_ID = re.compile(r'"kernelId"\s*:\s*"([0-9a-f-]{36})"')
PLAN_URL = "/voila/render/dashboards/plan-builder.ipynb"


@pytest.fixture(scope="module")
def warm_hub():
    hub_ = Hub(class_data={**CLASS, "warm_pages": ["plan-builder"]})
    try:
        yield hub_
    finally:
        hub_.stop()


def test_only_the_plan_builder_is_warm_and_its_visit_takes_that_kernel(warm_hub):
    warm_hub.spawn(AN)
    base = f"{warm_hub.url}/user/{AN}"
    headers = {"Authorization": f"token {warm_hub.user_token(AN)}"}

    def kernels() -> dict[str, dict]:
        return {k["id"]: k for k in requests.get(f"{base}/api/kernels", headers=headers, timeout=60).json()}

    deadline = time.monotonic() + 120
    while not (warm := kernels()) and time.monotonic() < deadline:
        time.sleep(0.5)
    # the pools are filled together at the server's start: a warm home page would be here too
    assert len(warm) == 1, f"not one warm kernel, for the plan builder alone: {warm}"

    session = warm_hub.login(AN)
    home = session.get(warm_hub.url + session.login_response.headers["Location"], timeout=120)
    assert home.status_code == 200 and home.url == base + hub.HOME_URL, home.url
    assert "Tiến độ của bạn:" in home.text and not KERNEL_ID.search(home.text)
    # landing took no kernel, warm or new: the warm one still waits for its visitor
    assert kernels().keys() == warm.keys() and all(k["connections"] == 0 for k in kernels().values())

    page = session.get(base + PLAN_URL, timeout=120)
    taken_at = time.monotonic()
    assert page.status_code == 200, page.text[:2000]
    kernel = KERNEL_ID.search(page.text).group(1)
    assert kernel in warm, "the plan builder started a kernel of its own"
    # the kernel learnt its visitor's request and built the page's widgets after wait_for_visitor()
    widgets_ready(base, AN, kernel, session.cookies, timeout=60)
    # the next warm kernel waits: a class arriving at once is not slowed by refills; meanwhile
    # another tab of the page starts a kernel of its own rather than wait for it
    assert kernels().keys() == {kernel}
    again = session.get(base + PLAN_URL, timeout=120)
    second = KERNEL_ID.search(again.text).group(1)
    assert second != kernel
    widgets_ready(base, AN, second, session.cookies, timeout=60)
    # while the page that took the warm kernel is open, no other warm kernel waits beside it
    # (Voila's own pool would start one fill_delay after the take)
    time.sleep(max(0.0, taken_at + REFILL_DELAY_SECONDS + 15 - time.monotonic()))
    assert kernels().keys() == {kernel, second}
    # closed (as a tab closing tells the server), the next warm kernel starts fill_delay later
    closed = requests.delete(f"{base}/api/kernels/{kernel}", headers=headers, timeout=60)
    assert closed.status_code == 204, closed.text
    deadline = time.monotonic() + REFILL_DELAY_SECONDS + 90
    while not (kernels().keys() - {second}) and time.monotonic() < deadline:
        time.sleep(1)
    (next_warm,) = kernels().keys() - {second}
    assert next_warm != kernel and kernels()[next_warm]["connections"] == 0
