"""A workshop through a real JupyterHub: a trainer and two trainees, each in their own server.

The nbgrader cycle goes through the hub the way the JupyterLab panels do it: the trainer's
formgrader (``/user/giang-vien/formgrader/api/…``) generates, releases, collects,
autogrades and returns feedback; each trainee's Assignments service
(``/user/hv-…/assignments/fetch|submit|fetch_feedback``) fetches and submits inside the
trainee's own server, and the answer is written through that server's contents API.
"""

from __future__ import annotations

import json
import re
import time

import pytest
import requests

from tests.support.kernel import Kernel
from thamvan_lib.serving import hub

pytestmark = [pytest.mark.hub, pytest.mark.slow]

TRAINER, AN, BINH = "giang-vien", "hv-an", "hv-binh"
TIMES: dict[str, float] = {}


class Server:
    """One user's server through the hub's proxy, with that user's token."""

    def __init__(self, workshop_hub, user: str, token: str | None = None):
        self.base = f"{workshop_hub.url}/user/{user}"
        self.headers = {"Authorization": f"token {token or workshop_hub.user_token(user)}"}

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        return requests.request(method, self.base + path, headers=self.headers, timeout=180,
                                allow_redirects=False, **kwargs)

    def ok(self, method: str, path: str, **kwargs):
        response = self.request(method, path, **kwargs)
        assert response.status_code < 300, (path, response.status_code, response.text[:2000])
        return response.json() if response.content else None


def _nbgrader(result, what):
    assert result.get("success"), (what, result)
    return result


@pytest.fixture(scope="module")
def cycle(workshop_hub):
    h = workshop_hub
    TIMES["hub start"] = h.start_seconds
    TIMES["spawn of 3 servers"] = h.spawn(TRAINER, AN, BINH)
    started = time.monotonic()
    trainer, an, binh = (Server(h, u) for u in (TRAINER, AN, BINH))
    # the trainer: generate and release through formgrader
    _nbgrader(trainer.ok("POST", "/formgrader/api/assignment/co-mau/assign"), "assign")
    _nbgrader(trainer.ok("POST", "/formgrader/api/assignment/co-mau/release"), "release")
    # each trainee: fetch, answer, submit in a kernel of their own server, as the Bài tập
    # dashboard does (their server has no nbgrader pages)
    kernels = {user: Kernel(f"{h.url}/user/{user}", server.headers["Authorization"].split()[1])
               for user, server in ((AN, an), (BINH, binh))}
    learner = "from thamvan_lib.grading.learner import Learner; learner = Learner.from_environment()\n"
    for (user, server), value in zip(((AN, an), (BINH, binh)), ("371 người", "385")):
        assert kernels[user].run(learner + "print(learner.fetch('co-mau').name)", timeout=120) == "co-mau\n"
        # what the answer sheet writes as the trainee types
        server.ok("PUT", "/api/contents/co-mau/answers.json",
                  json={"type": "file", "format": "text", "content": json.dumps({"co_mau": value})})
        assert "co-mau" in kernels[user].run(learner + "print(learner.submit('co-mau'))", timeout=120)
    # the trainer: collect, autograde, feedback
    _nbgrader(trainer.ok("POST", "/formgrader/api/assignment/co-mau/collect"), "collect")
    for student in (AN, BINH):
        _nbgrader(trainer.ok("POST", f"/formgrader/api/submission/co-mau/{student}/autograde"), "autograde")
    submissions = trainer.ok("GET", "/formgrader/api/submissions/co-mau")
    _nbgrader(trainer.ok("POST", "/formgrader/api/assignment/co-mau/generate_feedback"), "feedback")
    _nbgrader(trainer.ok("POST", "/formgrader/api/assignment/co-mau/release_feedback"), "release feedback")
    feedback = {}
    for user, server in ((AN, an), (BINH, binh)):
        assert "co-mau.html" in kernels[user].run(learner + "print(learner.feedback('co-mau').page)", timeout=120)
        kernels[user].close()
        folder = server.ok("GET", "/api/contents/co-mau/feedback")
        [stamp] = [item["path"] for item in folder["content"] if item["type"] == "directory"]
        feedback[user] = server.ok("GET", f"/api/contents/{stamp}/co-mau.html")["content"]
    TIMES["release → feedback, 2 trainees"] = time.monotonic() - started
    print("\nhub timings (s): " + ", ".join(f"{k} {v:.1f}" for k, v in TIMES.items()))
    return {"scores": {s["student"]: s["score"] for s in submissions}, "feedback": feedback,
            "servers": {TRAINER: trainer, AN: an, BINH: binh}}


def test_each_trainee_gets_the_right_score_and_feedback(cycle):
    assert cycle["scores"] == {AN: 3.0, BINH: 0.0}
    assert "Cỡ mẫu chưa đúng" in cycle["feedback"][BINH]
    assert "AssertionError" in cycle["feedback"][BINH] and "AssertionError" not in cycle["feedback"][AN]


def test_trainees_fetch_only_the_release_version(cycle, workshop_hub):
    an = cycle["servers"][AN]
    text = json.dumps(an.ok("GET", "/api/contents/co-mau/co-mau.ipynb")["content"], ensure_ascii=False)
    assert "HIDDEN TESTS" not in text and "sample_size(10200" not in text
    course = workshop_hub.workshop / "users" / TRAINER / "course"
    assert (course / "submitted" / AN / "co-mau" / "co-mau.ipynb").exists()
    assert not (course / "submitted" / "root").exists()  # the hub name is the student id


def test_the_trainers_grading_page_loads_nothing_from_outside(cycle):
    trainer = cycle["servers"][TRAINER]
    [notebook] = [n for n in trainer.ok("GET", "/formgrader/api/submitted_notebooks/co-mau/co-mau")
                  if n["student"] == BINH]
    response = trainer.request("GET", f"/formgrader/submissions/{notebook['id']}/")
    assert response.status_code == 200, response.text[:2000]
    page = response.text
    assert "cau-1-tra-loi" in page  # Bình's notebook, to grade by hand
    assert "formgrader/static/js/formgrade.js" in page
    scripts = re.findall(r"""<(?:script|link)[^>]+(?:src|href)=["']([^"']+)""", page)
    assert scripts and not [url for url in scripts if "://" in url or url.startswith("//")], scripts
    assert "MathJax" not in page and "cdnjs" not in page


def test_a_trainee_cannot_reach_another_server_nor_the_gradebook(cycle, workshop_hub):
    an = cycle["servers"][AN]
    an_token = an.headers
    for user in (BINH, TRAINER):
        response = requests.get(f"{workshop_hub.url}/user/{user}/api/contents", headers=an_token,
                                timeout=30, allow_redirects=False)
        assert response.status_code in (302, 403), response.status_code
    response = requests.get(f"{workshop_hub.url}/user/{TRAINER}/files/course/gradebook.db",
                            headers=an_token, timeout=30, allow_redirects=False)
    assert response.status_code in (302, 403) and b"SQLite" not in response.content
    # in a browser session too: logged in as hv-an, hv-binh's server answers 403
    session = workshop_hub.login(AN)
    assert session.login_response.status_code == 302
    home = session.get(f"{workshop_hub.url}/user/{AN}/", timeout=60)  # via OAuth, to the home page
    assert home.status_code == 200 and home.url.endswith(f"/user/{AN}{hub.HOME_URL}"), home.url
    assert "Tiến độ của bạn:" in home.text
    assert session.get(f"{workshop_hub.url}/user/{AN}/api/contents", timeout=60).status_code == 200
    # neither Bình's home page (the hub's extension) nor a page of Bình's kernels (Voila)
    for path in (f"/user/{BINH}{hub.HOME_URL}", f"/user/{BINH}/voila/render/dashboards/step.ipynb?step=P1.1",
                 f"/user/{TRAINER}{hub.HOME_URL}", f"/user/{TRAINER}/lab",
                 f"/user/{TRAINER}/files/course/gradebook.db"):
        response = session.get(workshop_hub.url + path, timeout=60)
        assert response.status_code == 403 and b"SQLite" not in response.content, path
        assert "Tiến độ của bạn" not in response.text, path
    # nor change Bình's language with An's form token
    token = re.search(r'name="_xsrf" value="([^"]+)"', home.text).group(1)
    response = session.post(f"{workshop_hub.url}/user/{BINH}{hub.HOME_URL}", data={"_xsrf": token, "lang": "en"},
                            timeout=60, allow_redirects=False)
    assert response.status_code in (302, 403), response.status_code
    assert "Tiến độ của bạn:" in cycle["servers"][BINH].request("GET", hub.HOME_URL).text
    # and the trainee's own server does not serve files outside their home
    for path in ("/api/contents/..%2F" + TRAINER + "%2Fcourse%2Fgradebook.db",
                 "/files/..%2F" + TRAINER + "%2Fcourse%2Fgradebook.db"):
        response = an.request("GET", path)
        assert response.status_code in (403, 404) and b"SQLite" not in response.content, path
    # nor formgrader: that is the trainer's
    assert an.request("GET", "/formgrader/api/assignments").status_code == 404


def test_wrong_password_and_unknown_user_are_refused(workshop_hub):
    assert workshop_hub.login(AN, "sai-mat-khau").login_response.status_code == 403
    assert workshop_hub.login("nguoi-la", "bat-ky").login_response.status_code == 403
    assert workshop_hub.login(TRAINER).login_response.status_code == 302


def test_dashboards_for_trainees_and_vietnamese_lab_for_the_trainer(cycle, workshop_hub):
    session = workshop_hub.login(BINH)
    home = session.get(f"{workshop_hub.url}/user/{BINH}{hub.HOME_URL}", timeout=120)
    assert home.status_code == 200 and "Tiến độ của bạn:" in home.text
    links = re.findall(r"""(?:src|href|action)=["']([^"']*)""", home.text)
    assert links and not [url for url in links if "://" in url or url.startswith("//")], links
    page = session.get(f"{workshop_hub.url}/user/{BINH}/voila/render/dashboards/step.ipynb?step=P1.1", timeout=120)
    assert page.status_code == 200
    assert "cdn.jsdelivr.net" not in page.text and "thamvan-base-page" not in page.text  # rendered
    assert "font-awesome" not in page.text.lower()
    # a trainee's server is the dashboards only: no JupyterLab, no terminal
    assert cycle["servers"][BINH].request("GET", "/lab").status_code == 404
    assert cycle["servers"][BINH].request("POST", "/api/terminals").status_code == 404
    settings = cycle["servers"][TRAINER].ok("GET", "/lab/api/settings/@jupyterlab/translation-extension:plugin")
    assert "vi_VN" in json.dumps(settings)
    names = {item["name"] for item in cycle["servers"][AN].ok("GET", "/api/contents")["content"]}
    assert {"dashboards", "00-gioi-thieu.ipynb", "co-mau"} <= names


def test_trainer_is_admin_and_trainees_are_users(workshop_hub):
    users = {u["name"]: u for u in workshop_hub.api("GET", "/users").json()}
    assert set(users) >= {TRAINER, AN, BINH}
    assert users[TRAINER]["admin"] and not users[AN]["admin"] and not users[BINH]["admin"]
    cards = (workshop_hub.state / "passwords.csv")
    assert oct(cards.stat().st_mode & 0o777) == "0o600"
    hashes = (workshop_hub.state / "passwords.json").read_text()
    assert workshop_hub.passwords[AN] not in hashes and hub.PBKDF2_ROUNDS
