"""User servers and kernels forked from one process that has already imported what they import.

A page's kernel started from nothing spends about a CPU-second importing ipykernel,
ipywidgets, pandas and the kit before its first widget, and holds those modules (≈ 95 MB)
on its own. When thirty trainees open a page at once on two cores, that import is the
wait. The hub runs one *fork server* instead (``serve``): it imports those modules once,
then forks a kernel for each request on its Unix socket. A forked kernel starts in
milliseconds and shares the imported modules' memory with every other forked kernel
(copy-on-write), so a warm page costs a trainee a fraction of a kernel.

Who a kernel runs as is never taken from the request: it is the socket's peer
(``SO_PEERCRED``), and only the workshop's accounts (the prefix) or the server's own user
are served. The forked kernel drops to that account (its groups, gid, uid) and joins the
peer's control groups, limits and umask before it reads anything the request names, so
it can do exactly what a kernel the person's server started itself could do, no more.
The fork server starts with an empty environment and reads none of the kit's answer keys
or hub secrets: nothing in its memory is more than the person could read anyway.
Requests are bounded (size, time, kernels per account); a refusal is answered in one line.

User servers are forked the same way (``jupyterhub-singleuser`` imports ≈ 88 MB, half of it
JupyterHub's own database layer), but only the hub (root) may ask for one, for a workshop
account, with the control groups and limits its spawner gives every server.

Each user server asks through ``ForkedProvisioner`` (its default kernel provisioner);
the hub's spawner through ``ask``. With no fork server, a refusal or anything unexpected,
both start the usual way: the fork server can only make them faster, never stop them.

    python -m thamvan_lib.serving.forks SOCKET PREFIX WATCHED_PID [servers|kernels]
    (started by the hub, and by ``thamvan start``'s Voila for its own kernels)
"""

from __future__ import annotations

import asyncio
import atexit
import gc
import importlib
import json
import os
import pkgutil
import pwd
import resource
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from jupyter_client.provisioning import LocalProvisioner

from . import accounts

SOCKET_VARIABLE = "THAMVAN_KERNEL_FORKS"
SOCKET_NAME = "kernels.sock"
FOLDER_PREFIX = "thamvan-forks-"  # the socket's folder, in the temporary folder
PROVISIONER_NAME = "thamvan-forked"
# what every page's kernel imports before its first widget (the widgets' modules are added)
KERNEL_PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.comm", "ipywidgets", "pandas",
                  "yaml", "thamvan_lib.content")
# and, on a hub, what every user server imports: JupyterHub's single-user server (which brings
# the hub's own database layer, ≈ 47 MB) and the server extensions of either role
SERVER_PRELOAD = ("jupyterhub.singleuser", "jupyterhub.spawner", "jupyterlab", "voila.server_extension",
                  "notebook", "notebook_shim",
                  "jupyter_lsp", "jupyter_server_terminals", "nbgrader.server_extensions.assignment_list",
                  "nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.validate_assignment",
                  "nbgrader.server_extensions.course_list", "thamvan_lib.serving.home_page")
SERVER_COMMAND = "jupyterhub-singleuser"
KERNEL_NAME, SERVER_NAME = "thamvan-kernel", "thamvan-server"  # as ps and top show them
PR_SET_NAME = 15
MAX_REQUEST_BYTES = 64 * 1024  # the kernel's command and environment
REQUEST_SECONDS = 5  # to send the request, once connected
REPLY_SECONDS = 30  # for the kernel's pid: a fork and a change of account
READY_SECONDS = 60  # for the imports, on a machine busy starting a class's servers
MAX_KERNELS_PER_ACCOUNT = 16  # more than a person's server keeps (its pages and a warm one)
CGROUP_ROOT = Path("/sys/fs/cgroup")
LAUNCHER = ("-m", "ipykernel_launcher")


class ForkRefused(Exception):
    """The fork server said no (or was not there): the server or kernel starts the usual way."""


# --- the server's side -----------------------------------------------------------------

def preload(servers: bool = True) -> None:
    """Import what a page's kernel needs (and a user server, with ``servers``), and the
    content's files, once."""
    for name in KERNEL_PRELOAD + (SERVER_PRELOAD if servers else ()):
        try:
            importlib.import_module(name)
        except ImportError:  # an extension this installation lacks: its servers import it themselves
            continue
    import thamvan_lib.widgets as widgets

    for module in pkgutil.iter_modules(widgets.__path__):
        importlib.import_module(f"{widgets.__name__}.{module.name}")
    from ..content import load

    try:
        load()  # the kit's public content: a forked page finds it parsed (read again when edited)
    except ValueError:  # a content error: every page shows it itself, in both languages
        pass


def peer_of(conn: socket.socket) -> tuple[int, int, int]:
    """(pid, uid, gid) of the process at the other end, as the kernel of this machine says."""
    return struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))


def refusal(uid: int, prefix: str, running: int) -> str | None:
    """Why a kernel is not forked for ``uid``, or None (root: the hub, starting servers)."""
    if uid == 0 == os.getuid():
        return None
    if uid != os.getuid():
        try:
            account = pwd.getpwuid(uid).pw_name
        except KeyError:
            return "unknown account"
        if uid == 0 or not prefix or not account.startswith(prefix) or os.getuid() != 0:
            return "not an account of this workshop"
    if running >= MAX_KERNELS_PER_ACCOUNT:
        return f"already {running} kernels"
    return None


def serve(path: Path, prefix: str, watched_pid: int | None = None, servers: bool = True) -> None:
    """Preload, listen on ``path`` and fork until ``watched_pid`` (the hub, or ``thamvan
    start``'s Voila) ends."""
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]  # as ipykernel's launcher: the kernels import nothing from here
    preload(servers)
    gc.freeze()  # the collector would touch, hence copy, every shared page in every kernel
    children: dict[int, int] = {}  # pid → uid

    def reap(*_):
        while children:
            try:
                pid, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            children.pop(pid, None)

    signal.signal(signal.SIGCHLD, reap)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    watched = os.pidfd_open(watched_pid) if watched_pid else None
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    path = Path(path)
    path.unlink(missing_ok=True)
    listener.bind(str(path))
    os.chmod(path, 0o666)  # any account may ask; the peer's credentials decide
    listener.listen(64)
    try:
        while True:
            ready, _, _ = select.select([listener] + ([watched] if watched else []), [], [])
            if watched in ready:
                return  # the hub is gone: so are its servers
            conn, _ = listener.accept()
            try:
                peer_pid, uid, _gid = peer_of(conn)
                why = refusal(uid, prefix, sum(1 for who in children.values() if who == uid))
                if why:
                    conn.settimeout(1)
                    conn.sendall(json.dumps({"error": why}).encode() + b"\n")
                    continue
                sys.stdout.flush()
                sys.stderr.flush()
                child = os.fork()
                if child == 0:
                    listener.close()
                    become_child(conn, peer_pid, uid, prefix)  # never returns
                children[child] = uid
            except OSError:
                pass
            finally:
                conn.close()
    finally:
        listener.close()
        path.unlink(missing_ok=True)
        if path.parent.name.startswith(FOLDER_PREFIX):
            try:  # its folder too: the process that made it may have been killed (no atexit)
                path.parent.rmdir()
            except OSError:
                pass


def read_request(conn: socket.socket) -> tuple[dict, list[int]]:
    """One JSON line and the peer's stdout and stderr, within the size and time bounds."""
    deadline = time.monotonic() + REQUEST_SECONDS
    data, fds = b"", []
    while not data.endswith(b"\n"):
        conn.settimeout(max(0.01, deadline - time.monotonic()))
        chunk, new_fds, _flags, _addr = socket.recv_fds(conn, MAX_REQUEST_BYTES, 2)
        fds += new_fds
        if not chunk:
            raise ValueError("request cut short")
        data += chunk
        if len(data) > MAX_REQUEST_BYTES or len(fds) > 2:
            raise ValueError("request too large")
    request = json.loads(data)
    if not isinstance(request, dict) or len(fds) != 2:
        raise ValueError("malformed request")
    argv, env, cwd = request.get("argv"), request.get("env"), request.get("cwd")
    if not (isinstance(argv, list) and argv and all(isinstance(a, str) for a in argv)
            and isinstance(env, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in env.items())
            and isinstance(cwd, str)):
        raise ValueError("malformed request")
    if request.get("kind", "kernel") == "kernel":
        if tuple(argv[1:3]) != LAUNCHER:
            raise ValueError("not an ipykernel's command")
    elif request["kind"] == "server":
        limits = request.get("limits")
        if not (Path(argv[0]).name == SERVER_COMMAND and isinstance(request.get("account"), str)
                and isinstance(limits, dict)
                and all(isinstance(limits.get(k), int) for k in ("processes", "file_bytes"))
                and isinstance(limits.get("procs"), list) and all(isinstance(p, str) for p in limits["procs"])):
            raise ValueError("not a user server's command")
    else:
        raise ValueError("malformed request")
    return request, fds


def join_peer(peer_pid: int, uid: int) -> None:
    """Take the peer's control groups, resource limits and umask: where a kernel the peer
    started itself would be. Root only; checked that the peer is still that account."""
    proc = Path(f"/proc/{peer_pid}")
    groups = (proc / "cgroup").read_text()
    mine = (Path("/proc/self") / "cgroup").read_text().splitlines()
    limits = limits_of(proc)
    umask = int(next(line.split()[1] for line in (proc / "status").read_text().splitlines()
                     if line.startswith("Umask:")), 8)
    if proc.stat().st_uid != uid:
        raise PermissionError("the server that asked has ended")
    for line in groups.splitlines():
        if line in mine:
            continue  # the same group as this server's: nothing to join
        _number, controllers, group = line.split(":", 2)
        names = [controllers, *controllers.split(",")] if controllers else [""]
        folder = next((CGROUP_ROOT / n.removeprefix("name=") / group.lstrip("/") for n in names
                       if (CGROUP_ROOT / n.removeprefix("name=") / group.lstrip("/")).is_dir()), None)
        if folder is None:
            raise PermissionError(f"control group {line} not found")
        (folder / "cgroup.procs").write_text(str(os.getpid()))
    for number, (soft, hard) in limits.items():
        try:
            resource.setrlimit(number, (soft, hard))
        except (ValueError, OSError):  # above this server's own ceiling: keep the lower one
            ceiling = lower(hard, resource.getrlimit(number)[1])
            resource.setrlimit(number, (lower(soft, ceiling), ceiling))
    os.umask(umask)


def lower(a: int, b: int) -> int:
    """The lower of two limits, "unlimited" being the highest."""
    return b if a == resource.RLIM_INFINITY else a if b == resource.RLIM_INFINITY else min(a, b)


# the rows of /proc/PID/limits (reading another process's limits with prlimit needs a
# capability a container's root may lack; the file does not)
LIMIT_ROWS = {"Max cpu time": "CPU", "Max file size": "FSIZE", "Max data size": "DATA",
              "Max stack size": "STACK", "Max core file size": "CORE", "Max resident set": "RSS",
              "Max processes": "NPROC", "Max open files": "NOFILE", "Max locked memory": "MEMLOCK",
              "Max address space": "AS", "Max file locks": "LOCKS", "Max pending signals": "SIGPENDING",
              "Max msgqueue size": "MSGQUEUE", "Max nice priority": "NICE",
              "Max realtime priority": "RTPRIO", "Max realtime timeout": "RTTIME"}


def limits_of(proc: Path) -> dict[int, tuple[int, int]]:
    """A process's resource limits, (soft, hard) by ``resource.RLIMIT_*``."""
    found = {}
    for line in (proc / "limits").read_text().splitlines()[1:]:
        name = next((row for row in LIMIT_ROWS if line.startswith(row + " ")), None)
        if name is None or not hasattr(resource, "RLIMIT_" + LIMIT_ROWS[name]):
            continue
        soft, hard = line[len(name):].split()[:2]
        found[getattr(resource, "RLIMIT_" + LIMIT_ROWS[name])] = tuple(
            resource.RLIM_INFINITY if value == "unlimited" else int(value) for value in (soft, hard))
    return found


def become_child(conn: socket.socket, peer_pid: int, uid: int, prefix: str) -> None:
    """In the forked child: become what was asked for, as whom the asker may ask for, or say
    why not and end. A kernel is the peer's own; a user server is asked for by the hub
    (root) for a workshop account, with the limits the hub's spawner gives every server."""
    for number in (signal.SIGCHLD, signal.SIGTERM):
        signal.signal(number, signal.SIG_DFL)
    parent = None
    try:
        request, fds = read_request(conn)
        if request.get("kind") == "server":
            account = pwd.getpwnam(request["account"])
            if uid != 0 or os.getuid() != 0:
                raise PermissionError("only the hub starts servers")
            if account.pw_uid == 0 or not prefix or not account.pw_name.startswith(prefix):
                raise PermissionError("not an account of this workshop")
            limits = request["limits"]
            accounts.enter_limits([Path(p) for p in limits["procs"]],
                                  accounts.Limits(processes=limits["processes"], file_bytes=limits["file_bytes"]))
            become(account)
        else:
            parent = os.pidfd_open(peer_pid)
            if uid != os.getuid():
                join_peer(peer_pid, uid)
                become(pwd.getpwuid(uid))
            request["env"]["JPY_PARENT_PID"] = str(peer_pid)  # as jupyter_client's launcher
        os.setsid()
        null = os.open(os.devnull, os.O_RDONLY)
        for target, fd in zip((0, 1, 2), (null, *fds)):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])  # as the account: its own rights
        os.environ.clear()
        os.environ.update(request["env"])
        conn.sendall(json.dumps({"pid": os.getpid()}).encode() + b"\n")
        conn.close()
    except Exception as error:  # noqa: BLE001 - whatever it was, the answer is "no process"
        try:
            conn.sendall(json.dumps({"error": f"{type(error).__name__}: {error}"}).encode() + b"\n")
        finally:
            os._exit(1)
    tempfile.tempdir = None  # chosen again from the account's TMPDIR
    name_process(SERVER_NAME if parent is None else KERNEL_NAME)
    if parent is None:
        run_server(request["argv"])
    threading.Thread(target=end_with, args=(parent,), daemon=True).start()
    # what modules did on import when this server imported them, with no kernel yet, done
    # again: ipykernel read JPY_PARENT_PID; ipywidgets registers its comm targets only when
    # imported in a kernel (without them a page's widgets wait for a slower way to their state)
    arguments = [*request["argv"][3:], f"--IPKernelApp.parent_handle={peer_pid}",
                 "--IPKernelApp.extra_extensions=ipywidgets"]
    sys.argv = [request["argv"][0], *arguments]
    try:
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=arguments)
    finally:
        os._exit(0)


def name_process(name: str) -> None:
    """What ``ps`` and ``top`` call this process (its command line stays the fork server's)."""
    import ctypes

    ctypes.CDLL(None).prctl(PR_SET_NAME, name.encode()[:15], 0, 0, 0)


def become(account: pwd.struct_passwd) -> None:
    """Drop from root to ``account`` the way JupyterHub's spawner does for a server it starts
    itself (its groups, its group, then its user)."""
    from jupyterhub.spawner import set_user_setuid

    set_user_setuid(account.pw_name, chdir=False)()


def run_server(argv: list[str]) -> None:
    """Run JupyterHub's single-user server as ``jupyterhub-singleuser ARGS`` would, then end."""
    sys.argv = list(argv)
    from jupyterhub.singleuser import main

    sys.exit(main())


def end_with(pidfd: int) -> None:
    """End this kernel when the server that asked for it ends (ipykernel watches its parent,
    which is here the fork server)."""
    select.select([pidfd], [], [])
    os._exit(0)


# --- the user server's side -------------------------------------------------------------

def ask(path: str, request: dict) -> int:
    """The pid of the process the fork server forked for ``request``, or ForkRefused."""
    payload = json.dumps(request).encode() + b"\n"
    if len(payload) > MAX_REQUEST_BYTES:
        raise ForkRefused("request too large")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(REPLY_SECONDS)
        try:
            conn.connect(path)
            sent = socket.send_fds(conn, [payload], [sys.stdout.fileno(), sys.stderr.fileno()])
            conn.sendall(payload[sent:])
            reply = b""
            while not reply.endswith(b"\n") and len(reply) < 4096:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                reply += chunk
        except (OSError, ValueError) as error:
            raise ForkRefused(str(error)) from error
    try:
        answer = json.loads(reply)
    except ValueError:
        raise ForkRefused("no answer") from None
    if not isinstance(answer, dict) or not isinstance(answer.get("pid"), int):
        raise ForkRefused(str(answer.get("error") if isinstance(answer, dict) else answer))
    return answer["pid"]


def server_request(account: str, argv: list[str], env: dict[str, str], cwd: str,
                   procs: list[Path], limits: accounts.Limits) -> dict:
    """What the hub's spawner asks for: the account's server, in its control groups and limits."""
    return {"kind": "server", "account": account, "argv": list(argv), "env": dict(env), "cwd": cwd,
            "limits": {"procs": [str(p) for p in procs], "processes": limits.processes,
                       "file_bytes": limits.file_bytes}}


async def ready(path: str, timeout: float = READY_SECONDS) -> bool:
    """Whether the fork server listens at ``path``: waiting up to ``timeout`` for its imports,
    not at all once it has ended (a server then starts the usual way at once)."""
    process = next((p for p, socket_path in _RUNNING.values() if str(socket_path) == path), None)
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        if time.monotonic() > deadline or (process is not None and process.poll() is not None):
            return False
        await asyncio.sleep(0.1)
    return True


class ForkedKernel:
    """What jupyter_client's provisioner needs of a ``Popen``, for a kernel that is not the
    server's child: its pid, whether it still runs, signals."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)  # PermissionError: the pid is another account's process now
                if accounts.process_ended(self.pid):
                    self.returncode = 0
            except (ProcessLookupError, PermissionError):
                self.returncode = 0  # gone (its parent, the fork server, has its status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(self.pid)
            time.sleep(0.05)
        return self.returncode

    def send_signal(self, number: int) -> None:
        os.kill(self.pid, number)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class ForkedProvisioner(LocalProvisioner):
    """Jupyter's local provisioner, asking the fork server first."""

    async def launch_kernel(self, cmd, **kwargs):
        path = os.environ.get(SOCKET_VARIABLE)
        if path and tuple(cmd[1:3]) == LAUNCHER:
            env = {k: str(v) for k, v in (kwargs.get("env") or os.environ).items()}
            cwd = str(kwargs.get("cwd") or os.getcwd())
            try:
                pid = await asyncio.to_thread(ask, path, {"kind": "kernel", "argv": list(cmd), "env": env, "cwd": cwd})
            except ForkRefused as why:
                self.log.warning("Kernel started without the fork server: %s", why)
            else:
                self.process = ForkedKernel(pid)
                self.pid = self.pgid = pid  # its own session (setsid)
                self.cwd = cwd
                return self.connection_info
        return await super().launch_kernel(cmd, **kwargs)


# --- started by the hub -----------------------------------------------------------------

_RUNNING: dict[str, tuple[subprocess.Popen, Path]] = {}  # account prefix → (process, socket)


def ensure_server(prefix: str, servers: bool = True) -> str:
    """The socket of this process's fork server (a hub's, forking ``servers`` too, or ``thamvan
    start``'s, for its own kernels), started (from an empty environment, in a folder every
    account may pass) if it is not running. Its socket appears once its imports are done;
    ``ready`` waits for it."""
    running = _RUNNING.get(prefix)
    if running and running[0].poll() is None:
        return str(running[1])
    folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
    os.chmod(folder, 0o755)
    path = folder / SOCKET_NAME
    process = subprocess.Popen([sys.executable, "-m", __name__, str(path), prefix, str(os.getpid()),
                                "servers" if servers else "kernels"],
                               env={"PATH": os.environ.get("PATH", os.defpath), "LANG": "C.UTF-8"},
                               stdin=subprocess.DEVNULL, start_new_session=True, cwd=folder)
    _RUNNING[prefix] = (process, path)
    atexit.register(stop_server, process, folder)
    return str(path)


def stop_server(process: subprocess.Popen, folder: Path) -> None:
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
    shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str]) -> None:
    path, prefix, watched, *what = argv
    serve(Path(path), prefix, int(watched) or None, servers=what != ["kernels"])


if __name__ == "__main__":
    main(sys.argv[1:])
