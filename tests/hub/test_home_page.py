"""The point of the home page being a page of the trainee's own server (serving/home_page.py):
a class that logs in and looks at it holds one server per person and no kernel."""

from __future__ import annotations

import json
import pwd
import re
from pathlib import Path

import psutil
import requests
import pytest

from thamvan_lib.serving import accounts, forks, hub

from .conftest import Hub

pytestmark = [pytest.mark.hub, pytest.mark.slow]

AN, BINH = "hv-an", "hv-binh"
KERNEL_ID = re.compile(r'"kernelId"\s*:\s*"([0-9a-f-]{36})"')


@pytest.fixture(scope="module")
def home_hub():
    started = Hub()  # no warm pages: any kernel would be one the visit started
    try:
        yield started
    finally:
        started.stop()


def kernel_processes(account: str) -> list[int]:
    """The IPython kernels the account runs: forked by the hub's fork server (named so, their
    command line is the fork server's) or started by its server."""
    uid = pwd.getpwnam(account).pw_uid
    found = []
    for process in psutil.process_iter(["uids", "cmdline", "name"]):
        if process.info["uids"] and process.info["uids"].real == uid and (
                process.info["name"] == forks.KERNEL_NAME or "ipykernel" in " ".join(process.info["cmdline"] or ())):
            found.append(process.pid)
    return found


def test_logging_in_and_using_the_home_page_starts_no_kernel(home_hub):
    home_hub.spawn(AN)
    base = f"{home_hub.url}/user/{AN}"
    session = home_hub.login(AN)
    landed = session.get(home_hub.url + session.login_response.headers["Location"], timeout=120)
    assert landed.status_code == 200 and landed.url == base + hub.HOME_URL, landed.url
    assert "Tiến độ của bạn: 0/" in landed.text
    # what a trainee does there: search, choose a phase, switch the language and back
    assert "kết quả cho “bien ban”" in session.get(base + hub.HOME_URL, params={"q": "bien ban"}, timeout=60).text
    assert 'aria-current="page">Giai đoạn 3<' in session.get(base + hub.HOME_URL + "?phase=3", timeout=60).text
    token = re.search(r'name="_xsrf" value="([^"]+)"', landed.text).group(1)
    for lang, progress in (("en", "Your progress: 0 of"), ("vi", "Tiến độ của bạn: 0/")):
        switched = session.post(base + hub.HOME_URL, data={"_xsrf": token, "lang": lang}, timeout=60)
        assert switched.status_code == 200 and switched.url == base + hub.HOME_URL, switched.url
        assert progress in switched.text, lang
    assert session.get(base + "/api/kernels", timeout=60).json() == []
    assert kernel_processes(home_hub.account(AN)) == []
    # the same two checks see the kernel a step's page starts
    step = session.get(base + "/voila/render/dashboards/step.ipynb?step=P1.1", timeout=120)
    assert step.status_code == 200, step.text[:2000]
    kernel = KERNEL_ID.search(step.text).group(1)
    assert [k["id"] for k in session.get(base + "/api/kernels", timeout=60).json()] == [kernel]
    (pid,) = kernel_processes(home_hub.account(AN))
    # forked by the hub's fork server (serving/forks), not started from nothing
    assert "thamvan_lib.serving.forks" in psutil.Process(pid).parent().cmdline()
    # over Unix sockets in the account's own runtime folder (accounts.runtime_dir), not TCP ports
    # that thirty servers starting kernels at once can pick twice
    uid = pwd.getpwnam(home_hub.account(AN)).pw_uid
    (connection_file,) = accounts.RUNTIME_ROOT.glob(f"thamvan-{uid}-*/kernel-{kernel}.json")
    connection = json.loads(connection_file.read_text())
    folder = Path(connection["ip"]).parent
    assert connection["transport"] == "ipc" and folder == connection_file.parent
    assert folder.stat().st_uid == uid and folder.stat().st_mode & 0o777 == 0o700


def test_a_body_too_big_for_a_trainees_server_is_not_read(home_hub):
    """Tornado reads a request's body before any login check: a trainee's server takes at most
    ``hub.TRAINEE_MAX_BODY_BYTES``, not Jupyter's 512 MB default."""
    home_hub.spawn(BINH)  # a server of its own: the first test's has a kernel
    base = f"{home_hub.url}/user/{BINH}"
    session = home_hub.login(BINH)
    landed = session.get(home_hub.url + session.login_response.headers["Location"], timeout=120)
    token = re.search(r'name="_xsrf" value="([^"]+)"', landed.text).group(1)
    body = "lang=en&_xsrf=" + token + "&q=" + "x" * hub.TRAINEE_MAX_BODY_BYTES
    try:
        answer = session.post(base + hub.HOME_URL, data=body, timeout=60,
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
        # refused by the server before the page's handler (which answers 413 with its message)
        assert answer.status_code >= 400 and "Yêu cầu quá dài" not in answer.text, (answer.status_code, answer.text)
    except requests.ConnectionError:
        pass  # the server may close the connection instead: it did not read the body either way
    page = session.get(base + hub.HOME_URL, timeout=60)
    assert page.status_code == 200 and "Tiến độ của bạn" in page.text  # still Vietnamese, still serving
