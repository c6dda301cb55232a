"""The fork server, attacked and used as the hub uses it: started by root, asked by processes
running as real accounts of a workshop prefix."""

from __future__ import annotations

import asyncio
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pytest

from thamvan_lib.content import PACKAGE_CONTENT
from thamvan_lib.serving import accounts, forks

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not accounts.is_root(), reason="accounts and forks as others need root")]

# asks for a kernel through the provisioner, as a user server does, runs CODE in it, prints
# what it found and the kernel's pid, then waits for a line on stdin before it ends
CLIENT = r"""
import asyncio, json, logging, sys
logging.basicConfig(level=logging.WARNING)  # the provisioner's reason when it did not fork
from jupyter_client import AsyncKernelManager
from jupyter_client.provisioning import KernelProvisionerFactory
from thamvan_lib.serving.forks import ForkedKernel, PROVISIONER_NAME

KernelProvisionerFactory.instance().default_provisioner_name = PROVISIONER_NAME

async def main():
    km = AsyncKernelManager(transport="ipc")
    await km.start_kernel(cwd=sys.argv[1])
    kc = km.client()
    kc.start_channels()
    await kc.wait_for_ready(timeout=60)
    out = []
    await kc.execute_interactive(sys.argv[2], timeout=60,
        output_hook=lambda m: out.append(m["content"].get("text", "") + "".join(m["content"].get("traceback", []))))
    print(json.dumps({"pid": km.provisioner.pid, "forked": isinstance(km.provisioner.process, ForkedKernel),
                      "out": "".join(out)}), flush=True)
    sys.stdin.readline()
    kc.stop_channels()

asyncio.run(main())
"""

REPORT = """
import json, os, resource
import ipywidgets  # in a kernel, it registers the widgets' comm targets (a page's state comes through them)
from comm import get_comm_manager
try:
    open(%r).close(); other = "read"
except PermissionError:
    other = "denied"
print(json.dumps({"uid": os.getuid(), "euid": os.geteuid(), "gid": os.getgid(), "groups": os.getgroups(),
                  "cwd": os.getcwd(), "ppid": os.getppid(), "umask": os.umask(0o022),
                  "nproc": resource.getrlimit(resource.RLIMIT_NPROC)[0],
                  "cgroup": open("/proc/self/cgroup").read(),
                  "other": other, "marker": os.environ.get("THAMVAN_FORK_TEST"),
                  "widget_targets": sorted(t for t in get_comm_manager().targets if t.startswith("jupyter.widget"))}))
"""


@pytest.fixture(scope="module")
def workshop():
    prefix = f"tv{os.urandom(3).hex()}-"
    folder = Path(tempfile.mkdtemp(prefix="thamvan-forks-test-", dir="/tmp"))
    os.chmod(folder, 0o711)
    names = {who: accounts.account_name(prefix, who) for who in ("hv-an", "hv-binh")}
    limits = accounts.Limits(memory_bytes=900 * 2 ** 20, processes=200)
    entries, procs = {}, {}
    try:
        for who, account in names.items():
            entries[who] = accounts.ensure_account(account, folder / who)
            procs[who] = accounts.prepare_limits(account, limits)
        path = forks.ensure_server(prefix)
        deadline = time.monotonic() + forks.READY_SECONDS
        while not os.path.exists(path) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert os.path.exists(path), "the fork server never listened"
        yield {"prefix": prefix, "folder": folder, "path": path, "entries": entries, "procs": procs,
               "limits": limits, "server": forks._RUNNING[prefix][0]}
    finally:
        running = forks._RUNNING.pop(prefix, None)
        if running:
            forks.stop_server(running[0], Path(running[1]).parent)
        for account in names.values():
            accounts.remove_account(account)
        subprocess.run(["rm", "-rf", str(folder)], check=False)


def as_account(workshop, who: str):
    """A preexec that does what the hub's spawner does: limits, then the account."""
    entry, procs, limits = workshop["entries"][who], workshop["procs"][who], workshop["limits"]

    def become():
        accounts.enter_limits(procs, limits)
        os.umask(0o027)
        os.initgroups(entry.pw_name, entry.pw_gid)
        os.setgid(entry.pw_gid)
        os.setuid(entry.pw_uid)
    return become


def ask(workshop, who: str, code: str, cwd: Path | None = None, socket_path: str | None = None) -> tuple[subprocess.Popen, dict]:
    entry = workshop["entries"][who]
    env = {"PATH": os.environ["PATH"], "HOME": entry.pw_dir, "LANG": "C.UTF-8", "THAMVAN_FORK_TEST": who,
           "JUPYTER_RUNTIME_DIR": str(Path(entry.pw_dir) / "runtime"),
           forks.SOCKET_VARIABLE: socket_path or workshop["path"]}
    client = subprocess.Popen([sys.executable, "-c", CLIENT, str(cwd or entry.pw_dir), code], env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              preexec_fn=as_account(workshop, who), cwd=entry.pw_dir)
    line = client.stdout.readline()
    assert line, f"{who}'s client printed nothing (exit {client.poll()})"
    return client, json.loads(line)


def report(workshop, who: str, socket_path: str | None = None):
    """The kernel's own account of itself, trying the other trainee's home on the way."""
    other = workshop["entries"]["hv-binh" if who == "hv-an" else "hv-an"]
    client, answer = ask(workshop, who, REPORT % str(Path(other.pw_dir) / "notes.txt"), socket_path=socket_path)
    return client, answer, json.loads(answer["out"])


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_forked_kernel_is_the_askers_own_in_everything(workshop):
    client, answer, seen = report(workshop, "hv-an")
    try:
        an = workshop["entries"]["hv-an"]
        assert answer["forked"] and seen["ppid"] == workshop["server"].pid
        assert (seen["uid"], seen["euid"], seen["gid"]) == (an.pw_uid, an.pw_uid, an.pw_gid)
        assert 0 not in seen["groups"] and set(seen["groups"]) <= {an.pw_gid}
        assert seen["cwd"] == an.pw_dir and seen["umask"] == 0o027
        assert seen["nproc"] == workshop["limits"].processes
        assert f"thamvan/{an.pw_name}" in seen["cgroup"]  # its memory counts against its own limit
        assert seen["other"] == "denied" and seen["marker"] == "hv-an"
        # as in a kernel started from nothing (ipywidgets was imported before the kernel existed)
        assert seen["widget_targets"] == ["jupyter.widget", "jupyter.widget.control"]
        # the kernel's first environment is the fork server's: no secret of the hub's there
        environ = Path(f"/proc/{answer['pid']}/environ").read_bytes().split(b"\0")
        assert {entry.split(b"=", 1)[0] for entry in environ if entry} <= {b"PATH", b"LANG"}
    finally:
        client.communicate("\n", timeout=30)


def test_the_kernel_ends_with_the_server_that_asked_for_it(workshop):
    client, answer, _ = report(workshop, "hv-binh")
    assert alive(answer["pid"])
    client.kill()
    client.wait()
    deadline = time.monotonic() + 10
    while alive(answer["pid"]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(answer["pid"])


def raw(path: str, payload: bytes, fds=(1, 2), who: str | None = None, workshop=None) -> dict:
    """Send ``payload`` to the fork server (as ``who``, or root) and read its one-line answer."""
    code = ("import json, socket, sys\n"
            "c = socket.socket(socket.AF_UNIX); c.settimeout(30); c.connect(sys.argv[1])\n"
            "socket.send_fds(c, [sys.stdin.buffer.read()], [int(f) for f in sys.argv[2:]])\n"
            "reply = b''\n"
            "while not reply.endswith(b'\\n'):\n"
            "    chunk = c.recv(4096)\n"
            "    if not chunk: break\n"
            "    reply += chunk\n"
            "print(reply.decode() or '{}')\n")
    done = subprocess.run([sys.executable, "-c", code, path, *map(str, fds)], input=payload, capture_output=True,
                          timeout=60, preexec_fn=as_account(workshop, who) if who else None)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout or "{}")


def request(workshop, who: str, **changes) -> bytes:
    entry = workshop["entries"][who]
    body = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", str(Path(entry.pw_dir) / "k.json")],
            "env": {"PATH": os.environ["PATH"]}, "cwd": entry.pw_dir, **changes}
    return json.dumps(body).encode() + b"\n"


def test_who_the_kernel_runs_as_comes_from_the_socket_not_the_request(workshop):
    # Bình asks with An's home as the folder: the kernel is Bình's, so it cannot go there
    answer = raw(workshop["path"], request(workshop, "hv-binh", cwd=workshop["entries"]["hv-an"].pw_dir,
                                           uid=0, account="root"), who="hv-binh", workshop=workshop)
    assert "PermissionError" in answer.get("error", ""), answer


def test_an_account_outside_the_workshop_is_refused(workshop):
    nobody = pwd.getpwnam("nobody")

    def become_nobody():
        os.setgroups([])
        os.setgid(nobody.pw_gid)
        os.setuid(nobody.pw_uid)
    code = ("import socket, sys\nc = socket.socket(socket.AF_UNIX); c.settimeout(30); c.connect(sys.argv[1])\n"
            "print(c.recv(4096).decode())\n")
    done = subprocess.run([sys.executable, "-c", code, workshop["path"]], capture_output=True, text=True,
                          timeout=60, preexec_fn=become_nobody)
    assert json.loads(done.stdout)["error"] == "not an account of this workshop"


@pytest.mark.parametrize("payload, why", [
    (b"not json\n", "JSONDecodeError"),
    (None, "not an ipykernel's command"),
    (b"x" * (forks.MAX_REQUEST_BYTES + 10), "request too large"),
])
def test_a_bad_request_is_answered_no_and_starts_nothing(workshop, payload, why):
    if payload is None:  # anything but ipykernel: a shell, say
        payload = request(workshop, "hv-an", argv=["/bin/sh", "-c", "id > /tmp/owned"])
    answer = raw(workshop["path"], payload, who="hv-an", workshop=workshop)
    assert why in answer.get("error", ""), answer
    assert not Path("/tmp/owned").exists()


def test_a_silent_client_is_dropped_and_others_are_served_meanwhile(workshop):
    server = psutil.Process(workshop["server"].pid)
    before = {child.pid for child in server.children()}
    silent = subprocess.Popen(
        [sys.executable, "-c", "import socket, sys, time\nc = socket.socket(socket.AF_UNIX); c.connect(sys.argv[1])\n"
         "time.sleep(30)\n", workshop["path"]], preexec_fn=as_account(workshop, "hv-an"))
    try:
        deadline = time.monotonic() + 10
        while not {child.pid for child in server.children()} - before and time.monotonic() < deadline:
            time.sleep(0.05)
        waiting = {child.pid for child in server.children()} - before
        assert waiting, "no child was forked for the silent client"
        started = time.monotonic()
        answer = raw(workshop["path"], b"{}\n", who="hv-binh", workshop=workshop)
        assert "malformed request" in answer.get("error", "") and time.monotonic() - started < 3
        # the silent one's forked child gives up after REQUEST_SECONDS and ends
        deadline = time.monotonic() + forks.REQUEST_SECONDS + 5
        while waiting & {child.pid for child in server.children()} and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not waiting & {child.pid for child in server.children()}, "the silent client's child still waits"
        assert silent.poll() is None  # it was the fork server that gave up, not the client
    finally:
        silent.kill()
        silent.wait()


def test_one_account_cannot_fork_without_end(workshop):
    clients = []
    try:
        for _ in range(forks.MAX_KERNELS_PER_ACCOUNT):  # silent clients hold a fork each
            clients.append(subprocess.Popen(
                [sys.executable, "-c", "import socket, sys, time\nc = socket.socket(socket.AF_UNIX); "
                 "c.connect(sys.argv[1])\ntime.sleep(30)\n", workshop["path"]],
                preexec_fn=as_account(workshop, "hv-binh")))
        deadline = time.monotonic() + 30  # each silent client's fork waits for its request
        while len(psutil.Process(workshop["server"].pid).children()) < len(clients) and time.monotonic() < deadline:
            time.sleep(0.1)
        answer = raw(workshop["path"], request(workshop, "hv-binh"), who="hv-binh", workshop=workshop)
        assert answer.get("error", "").startswith("already 16 kernels"), answer
        # another account is still served
        other = raw(workshop["path"], b"{}\n", who="hv-an", workshop=workshop)
        assert "malformed request" in other.get("error", ""), other
    finally:
        for client in clients:
            client.kill()
            client.wait()


def test_without_a_fork_server_the_kernel_starts_the_usual_way(workshop):
    client, answer, seen = report(workshop, "hv-an", socket_path=str(workshop["folder"] / "no-such.sock"))
    try:
        assert not answer["forked"] and seen["ppid"] != workshop["server"].pid
        assert seen["uid"] == workshop["entries"]["hv-an"].pw_uid
    finally:
        client.communicate("\n", timeout=30)


def test_the_fork_server_ends_with_the_hub():
    folder = Path(tempfile.mkdtemp(prefix="thamvan-forks-test-", dir="/tmp"))
    hub = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    server = subprocess.Popen([sys.executable, "-m", "thamvan_lib.serving.forks",
                               str(folder / "k.sock"), "tvzz-", str(hub.pid)], env={"PATH": os.environ["PATH"]})
    try:
        deadline = time.monotonic() + forks.READY_SECONDS
        while not (folder / "k.sock").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert (folder / "k.sock").stat().st_mode & 0o777 == 0o666
        hub.kill()
        hub.wait()
        assert server.wait(timeout=10) == 0
        assert not folder.exists()  # its socket and folder (whoever made it may have been killed)
    finally:
        for process in (hub, server):
            process.kill()
            process.wait()
        subprocess.run(["rm", "-rf", str(folder)], check=False)


def test_only_the_hub_asks_for_a_server_and_only_for_the_workshops_accounts(workshop):
    an = workshop["entries"]["hv-an"]
    command = [str(Path(sys.executable).parent / forks.SERVER_COMMAND)]
    limits = accounts.Limits()

    def server(account: str) -> bytes:
        return json.dumps(forks.server_request(account, command, {"PATH": os.environ["PATH"]}, "/", [],
                                               limits)).encode() + b"\n"
    # a trainee asking for a server (as themselves or anyone): no
    assert "only the hub starts servers" in raw(workshop["path"], server(an.pw_name), who="hv-an",
                                                workshop=workshop).get("error", "")
    # the hub (root) asking for root's or a stranger's: no
    for account in ("root", "nobody"):
        assert "not an account of this workshop" in raw(workshop["path"], server(account)).get("error", "")


def test_a_fork_server_that_has_ended_is_not_waited_for():
    """A login must not wait the whole ``READY_SECONDS`` for a fork server that died."""
    path = forks.ensure_server(f"tv{os.urandom(3).hex()}-")
    (server,) = [p for p in psutil.Process().children() if path in p.cmdline()]
    server.kill()  # during its imports, before it listens
    server.wait(10)
    started = time.monotonic()
    with ThreadPoolExecutor(1) as thread:  # a loop of its own: earlier tests may leave one running here
        assert thread.submit(asyncio.run, forks.ready(path)).result() is False
    assert time.monotonic() - started < 2


def test_a_broken_content_file_does_not_stop_the_fork_server(tmp_path):
    """A trainer's mistyped edit is the pages' to report; servers and kernels still fork."""
    content = tmp_path / "content"
    shutil.copytree(PACKAGE_CONTENT, content)
    (content / "tools.yaml").write_text("tools: [unclosed\n", encoding="utf-8")
    hub = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    server = subprocess.Popen([sys.executable, "-m", "thamvan_lib.serving.forks", str(tmp_path / "k.sock"),
                               "tvzz-", str(hub.pid)],
                              env={"PATH": os.environ["PATH"], "THAMVAN_CONTENT": str(content)})
    try:
        deadline = time.monotonic() + forks.READY_SECONDS
        while not (tmp_path / "k.sock").exists() and server.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert server.poll() is None and (tmp_path / "k.sock").exists()
    finally:
        for process in (hub, server):
            process.kill()
            process.wait()
