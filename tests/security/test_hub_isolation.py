"""The class hub, attacked by a trainee: a real ``thamvan hub`` on 127.0.0.1 with a trainer and
two trainees, each with their own system account; trainee 1 runs code in a kernel of their own
server, as any trainee can, and tries to reach what is not theirs.

Code run in the kernel prints what it found (the kit's servers keep errors off the websocket).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import requests

from tests.hub.conftest import Hub
from tests.support.kernel import Kernel
from thamvan_lib import locations
from thamvan_lib.serving import forks

pytestmark = [pytest.mark.hub]

TRAINER, AN, BINH = "giang-vien", "hv-an", "hv-binh"
MEMORY_MB, DISK_MB = 700, 60

PROBE = """
import json
found = {}
for path in %s:
    try:
        with open(path, 'rb') as f:
            f.read(1)
        found[path] = 'read'
    except PermissionError:
        found[path] = 'denied'
    except FileNotFoundError:
        found[path] = 'missing'
    except OSError as err:
        found[path] = type(err).__name__
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def attack():
    hub_ = Hub(env={"THAMVAN_MEMORY_LIMIT_MB": str(MEMORY_MB), "THAMVAN_DISK_LIMIT_MB": str(DISK_MB)})
    kernels = []
    try:
        hub_.spawn(TRAINER, AN, BINH)
        tokens = {user: hub_.user_token(user) for user in (TRAINER, AN, BINH)}

        def kernel(user: str) -> Kernel:
            kernels.append(Kernel(f"{hub_.url}/user/{user}", tokens[user]))
            return kernels[-1]

        yield hub_, tokens, kernel(AN), kernel
    finally:
        for k in kernels:
            try:
                k.close()
            except Exception:
                pass
        hub_.stop()


def probe(kernel: Kernel, paths: list[Path]) -> dict[str, str]:
    out = kernel.run(PROBE % json.dumps([str(p) for p in paths]))
    assert out, "the kernel answered nothing"
    return json.loads(out)


def test_a_trainees_code_runs_as_their_own_account_never_root(attack):
    hub_, _, an, _ = attack
    out = an.run("import os, pwd; print(os.getuid(), os.geteuid(), pwd.getpwuid(os.getuid()).pw_name)")
    uid, euid, name = out.split()
    assert uid != "0" and euid != "0"
    assert name == hub_.account(AN)
    # and it was forked by the hub's fork server: the attacks here are against such kernels
    parent = int(an.run("import os; print(os.getppid())"))
    assert "thamvan_lib.serving.forks" in Path(f"/proc/{parent}/cmdline").read_text()
    # and so was the server that asked for it
    server = int(an.run("import os; print(os.environ['JPY_PARENT_PID'])"))
    assert Path(f"/proc/{server}/comm").read_text().strip() == forks.SERVER_NAME
    assert Path(f"/proc/{server}").stat().st_uid == int(uid)


def test_the_fork_server_gives_a_trainee_no_kernel_but_their_own(attack):
    """A trainee's code may speak to the fork server as their server does: whatever it asks,
    the kernel is theirs, so another trainee's folder stays shut and nothing else is run."""
    hub_, _, an, _ = attack
    binh_home = hub_.workshop / "users" / BINH
    out = an.run(f"""
import json, os, socket, sys
def ask(**request):
    with socket.socket(socket.AF_UNIX) as c:
        c.settimeout(30)
        c.connect(os.environ["THAMVAN_KERNEL_FORKS"])
        socket.send_fds(c, [json.dumps(request).encode() + b"\\n"], [1, 2])
        return json.loads(c.recv(4096))
command = [sys.executable, "-m", "ipykernel_launcher", "-f", "/tmp/none.json"]
print(json.dumps([ask(argv=command, env={{}}, cwd={str(binh_home)!r}, uid=0, user="root"),
                  ask(argv=["/bin/sh", "-c", "id"], env={{}}, cwd="/")]))
""")
    into_binh, shell = json.loads(out)
    assert "PermissionError" in into_binh["error"], into_binh
    assert "not an ipykernel's command" in shell["error"], shell


def test_another_trainees_files_can_be_neither_read_nor_written(attack):
    hub_, _, an, _ = attack
    notebook = hub_.workshop / "users" / BINH / "00-gioi-thieu.ipynb"
    assert notebook.exists()  # root sees it: the probe below is about rights, not absence
    assert probe(an, [notebook]) == {str(notebook): "denied"}
    out = an.run(f"""
try:
    open({str(notebook)!r}, 'a').write('x')
    print('written')
except OSError as err:
    print(type(err).__name__)
""")
    assert out.strip() == "PermissionError"


def test_hub_secrets_gradebook_sources_and_answer_keys_are_out_of_reach(attack):
    hub_, _, an, _ = attack
    course = hub_.workshop / "users" / TRAINER / "course"
    secrets = [hub_.state / "passwords.csv", hub_.state / "passwords.json", hub_.state / "jupyterhub.sqlite",
               hub_.state / "jupyterhub_cookie_secret", course / "gradebook.db",
               course / "source" / "co-mau" / "co-mau.ipynb",
               locations.exercises() / "co-mau" / "co-mau.ipynb"]
    assert all(path.exists() for path in secrets), [p for p in secrets if not p.exists()]
    found = probe(an, secrets)
    assert set(found.values()) == {"denied"}, found


def test_other_servers_tokens_cannot_be_read_from_proc(attack):
    _, _, an, kernel = attack
    kernel(BINH)  # trainee 2 is at work too
    out = an.run("""
import os, json
mine, others, readable = os.getuid(), 0, []
for pid in filter(str.isdigit, os.listdir('/proc')):
    try:
        if os.stat(f'/proc/{pid}').st_uid == mine:
            continue
        others += 1
        data = open(f'/proc/{pid}/environ', 'rb').read()
        readable.append([pid, b'JUPYTERHUB_API_TOKEN' in data or b'TOKEN' in data])
    except OSError:
        pass
print(json.dumps({'others': others, 'readable': readable}))
""")
    result = json.loads(out)
    assert result["others"] > 3  # the hub, the proxy, the other servers are there
    assert result["readable"] == []


def _nbgrader_ok(response):
    assert response.status_code < 300 and response.json().get("success"), response.text[:2000]


def test_a_submission_forged_in_another_trainees_name_is_filed_under_its_author(attack):
    hub_, tokens, an, _ = attack
    trainer = {"Authorization": f"token {tokens[TRAINER]}"}
    base = f"{hub_.url}/user/{TRAINER}/formgrader/api"
    _nbgrader_ok(requests.post(f"{base}/assignment/co-mau/assign", headers=trainer, timeout=180))
    _nbgrader_ok(requests.post(f"{base}/assignment/co-mau/release", headers=trainer, timeout=180))
    inbound = hub_.workshop / "exchange" / "thamvan" / "inbound"
    out = an.run(f"""
import os, shutil, datetime
stamp = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M:%S.%f %Z')
folder = os.path.join({str(inbound)!r}, f'{BINH}+co-mau+{{stamp}}+forged')
source = {str(hub_.workshop / "exchange" / "thamvan" / "outbound" / "co-mau")!r}
shutil.copytree(source, folder)
open(os.path.join(folder, 'timestamp.txt'), 'w').write(stamp)
try:
    print(sorted(os.listdir({str(inbound)!r})))
except OSError as err:
    print('list', type(err).__name__)
""")
    assert out.strip() == "list PermissionError"  # nobody sees the others' submissions
    _nbgrader_ok(requests.post(f"{base}/assignment/co-mau/collect", headers=trainer, timeout=180))
    submitted = hub_.workshop / "users" / TRAINER / "course" / "submitted"
    assert not (submitted / BINH / "co-mau").exists()  # trainee 2 handed nothing in
    assert (submitted / AN / "co-mau" / "co-mau.ipynb").exists()  # filed under its author


def test_a_memory_bomb_stops_its_own_kernel_and_nobody_else(attack):
    hub_, tokens, _, kernel = attack
    bomb = kernel(AN)
    assert bomb.run(f"x = b'x' * ({MEMORY_MB + 300} * 2 ** 20); print('survived')", timeout=90) in (None, "")
    binh = kernel(BINH)
    assert binh.run("print(6 * 7)").strip() == "42"
    status = requests.get(f"{hub_.url}/user/{AN}/api/status", timeout=30,
                          headers={"Authorization": f"token {tokens[AN]}"})
    assert status.status_code == 200  # trainee 1's own server is still there for them


def test_filling_the_disk_stops_the_filler_not_the_class(attack):
    hub_, tokens, _, kernel = attack
    if not hub_.api("GET", f"/users/{AN}").json()["servers"]:
        hub_.spawn(AN)  # the memory bomb may have taken the whole server down with it
    an = kernel(AN)
    an.run(f"""
import os
for i in range({DISK_MB * 3 // 8}):
    with open(os.path.expanduser(f'~/fill-{{i}}.bin'), 'wb') as f:
        f.write(os.urandom(8 * 2 ** 20))
""", timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and hub_.api("GET", f"/users/{AN}").json()["servers"]:
        time.sleep(0.5)
    assert hub_.api("GET", f"/users/{AN}").json()["servers"] == {}, "the filler's server still runs"
    notice = hub_.workshop / "users" / TRAINER / "CANH-BAO-DUNG-LUONG-DIA.txt"
    assert notice.exists(), "the server stopped but the trainer was not told why"
    assert AN in notice.read_text(encoding="utf-8")
    # trainee 2 keeps saving
    headers = {"Authorization": f"token {tokens[BINH]}"}
    model = requests.get(f"{hub_.url}/user/{BINH}/api/contents/00-gioi-thieu.ipynb", headers=headers,
                         timeout=30).json()
    saved = requests.put(f"{hub_.url}/user/{BINH}/api/contents/00-gioi-thieu.ipynb", headers=headers,
                         json={"type": "notebook", "format": "json", "content": model["content"]}, timeout=30)
    assert saved.status_code == 200, saved.text
