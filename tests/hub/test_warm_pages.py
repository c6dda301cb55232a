"""A trainee's pages are warm before they arrive: their server started the pages' kernels and
ran them up to ``wait_for_visitor()`` beforehand, and a visit takes that kernel
(serving/warm_pages): the home page always, a dashboard the class list names all day."""

from __future__ import annotations

import re
import time

import pytest
import requests

from tests.support.kernel import widgets_ready
from thamvan_lib.serving import hub

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


def test_pages_are_served_by_kernels_started_before_the_visit(warm_hub):
    warm_hub.spawn(AN)
    base = f"{warm_hub.url}/user/{AN}"
    headers = {"Authorization": f"token {warm_hub.user_token(AN)}"}

    def kernels() -> set[str]:
        return {k["id"] for k in requests.get(f"{base}/api/kernels", headers=headers, timeout=60).json()}

    deadline = time.monotonic() + 120
    while len(warm := kernels()) < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert len(warm) == 2, f"not one warm kernel each for the home page and the plan builder: {warm}"

    session = warm_hub.login(AN)
    used = set()
    for address in (hub.HOME_URL, PLAN_URL):
        page = session.get(f"{base}{address}", timeout=120)
        assert page.status_code == 200, page.text[:2000]
        kernel = KERNEL_ID.search(page.text).group(1)
        assert kernel in warm - used, f"{address} started a kernel of its own"
        used.add(kernel)
        # the kernel learnt its visitor's request and built the page's widgets after wait_for_visitor()
        widgets_ready(base, AN, kernel, session.cookies, timeout=60)
    # the next warm kernels wait: a class arriving at once is not slowed by refills; meanwhile
    # another tab of the page starts a kernel of its own rather than wait for them
    assert kernels() == used
    again = session.get(f"{base}{hub.HOME_URL}", timeout=120)
    second = KERNEL_ID.search(again.text).group(1)
    assert second not in used
    widgets_ready(base, AN, second, session.cookies, timeout=60)
