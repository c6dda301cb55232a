"""A trainee's home page is warm before they arrive: their server started its kernel and ran
it up to ``wait_for_visitor()`` beforehand, and their login takes that kernel (serving/warm_pages)."""

from __future__ import annotations

import re
import time

import pytest
import requests

from tests.support.kernel import widgets_ready
from thamvan_lib.serving import hub

pytestmark = [pytest.mark.hub, pytest.mark.slow]

AN = "hv-an"
KERNEL_ID = re.compile(r'"kernelId"\s*:\s*"([0-9a-f-]{36})"')


def test_the_home_page_is_served_by_a_kernel_started_before_the_login(workshop_hub):
    workshop_hub.spawn(AN)
    base = f"{workshop_hub.url}/user/{AN}"
    headers = {"Authorization": f"token {workshop_hub.user_token(AN)}"}

    def kernels() -> list[str]:
        return [k["id"] for k in requests.get(f"{base}/api/kernels", headers=headers, timeout=60).json()]

    deadline = time.monotonic() + 120
    while not (warm := kernels()) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert len(warm) == 1, f"no single warm kernel for the home page: {warm}"

    session = workshop_hub.login(AN)
    page = session.get(f"{base}{hub.HOME_URL}", timeout=120)
    assert page.status_code == 200, page.text[:2000]
    used = KERNEL_ID.search(page.text).group(1)
    assert used == warm[0], "the page started a kernel of its own"
    # the kernel learnt its visitor's request and built the page's widgets after wait_for_visitor()
    widgets_ready(base, AN, used, session.cookies, timeout=60)
    # the next warm kernel waits: a class arriving at once is not slowed by refills; meanwhile
    # another tab of the page starts a kernel of its own rather than wait for it
    assert kernels() == [used]
    again = session.get(f"{base}{hub.HOME_URL}", timeout=120)
    second = KERNEL_ID.search(again.text).group(1)
    assert second != used
    widgets_ready(base, AN, second, session.cookies, timeout=60)
