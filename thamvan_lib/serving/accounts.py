"""System accounts of a workshop hub, the way The Littlest JupyterHub does it: one Unix
account per person of the class list, named with a prefix (``jupyter-hv-an``) so that a
trainee called ``daemon`` or ``root`` cannot become a system user, home ``0700``.

Only root can create accounts, change owners and set limits; every function here is called
by the hub (running as root) before a server starts, never by a user's server.

Limits: memory and CPU through the kernel's control groups (v2 or v1, whichever the machine
mounts); processes and the size of one file through ``setrlimit`` in the server's process
before it drops to the account. Disk use is watched by ``serving.disk_guard``.
"""

from __future__ import annotations

import os
import pwd
import resource
import shutil
import stat
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import KitError

DEFAULT_PREFIX = "jupyter-"
MAX_ACCOUNT_NAME = 32  # useradd's limit
CGROUP_ROOT = Path("/sys/fs/cgroup")
CGROUP_GROUP = "thamvan"
MAX_PROCESSES = 512  # per account: a fork bomb stops there, a JupyterLab with kernels needs ~30
REMOVE_WAIT_SECONDS = 10  # for an account's killed processes to end before it is removed
# kernels talk over Unix sockets in a folder of the account's own: over TCP, thirty servers
# starting kernels at once picked the same free port ("Address already in use", a 503), and a
# socket's path holds at most 107 bytes, too few under a workshop's homes
RUNTIME_ROOT = Path("/tmp")
NOLOGIN = next((s for s in ("/usr/sbin/nologin", "/sbin/nologin", "/bin/false") if os.path.exists(s)),
               "/bin/false")


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = 2 * 1024 ** 3
    cpus: float = 1.0
    file_bytes: int = 1024 ** 3  # one file; the whole home is watched by the disk guard
    processes: int = MAX_PROCESSES


def account_name(prefix: str, username: str) -> str:
    name = f"{prefix}{username}"
    if len(name) > MAX_ACCOUNT_NAME:
        raise KitError("hub.account.too_long", name=name, limit=MAX_ACCOUNT_NAME)
    return name


def student_of(prefix: str, account: str) -> str | None:
    """The hub name behind a system account, or None for an account that is not a person's."""
    return account[len(prefix):] if account.startswith(prefix) and len(account) > len(prefix) else None


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def exists(account: str) -> bool:
    try:
        pwd.getpwnam(account)
    except KeyError:
        return False
    return True


def ensure_account(account: str, home: Path, comment: str = "") -> pwd.struct_passwd:
    """Create the system account (no password, no login shell) with ``home`` as its home,
    mode 0700, owned by it; an existing account keeps its uid."""
    home = Path(home)
    if not exists(account):
        subprocess.run(["useradd", "--home-dir", str(home), "--no-create-home", "--shell", NOLOGIN,
                        "--user-group", "--comment", comment or account, account],
                       check=True, capture_output=True, text=True)
    entry = pwd.getpwnam(account)
    home.mkdir(parents=True, exist_ok=True)
    os.chown(home, entry.pw_uid, entry.pw_gid)
    os.chmod(home, 0o700)
    return entry


def give(path: Path, account: str) -> None:
    """Make ``account`` the owner of ``path`` and everything under it (files the hub copied)."""
    entry = pwd.getpwnam(account)
    for root, _dirs, files in os.walk(path):
        os.chown(root, entry.pw_uid, entry.pw_gid)
        for name in files:
            os.chown(os.path.join(root, name), entry.pw_uid, entry.pw_gid, follow_symlinks=False)


def runtime_dir(account: str) -> Path:
    """A new folder for the account's kernels (connection files and sockets): made by root
    under a random name (no one can put a link there first), then given to the account, mode
    0700. The folders of the account's earlier servers are removed."""
    entry = pwd.getpwnam(account)
    _remove_runtime_dirs(entry.pw_uid)
    path = Path(tempfile.mkdtemp(prefix=f"thamvan-{entry.pw_uid}-", dir=RUNTIME_ROOT))
    os.chown(path, entry.pw_uid, entry.pw_gid, follow_symlinks=False)
    return path


def _remove_runtime_dirs(uid: int) -> None:
    for old in RUNTIME_ROOT.glob(f"thamvan-{uid}-*"):
        try:
            info = old.lstat()
        except OSError:  # gone in the meantime
            continue
        if stat.S_ISDIR(info.st_mode) and info.st_uid in (uid, 0):  # never through a link
            shutil.rmtree(old, ignore_errors=True)


def remove_account(account: str) -> bool:
    """Delete the account, its home and its control groups; False when there was none."""
    if not exists(account):
        return False
    home, uid = Path(pwd.getpwnam(account).pw_dir), pwd.getpwnam(account).pw_uid
    # SIGKILL lands once a process leaves the kernel (a write to disk in progress, say), and
    # userdel refuses an account that still has one: wait for them to be gone
    deadline = time.monotonic() + REMOVE_WAIT_SECONDS
    while stop_processes(uid) and time.monotonic() < deadline:
        time.sleep(0.1)
    done = subprocess.run(["userdel", account], check=False, capture_output=True, text=True)
    if done.returncode != 0:
        raise KitError("hub.account.not_removed", account=account, reason=done.stderr.strip())
    shutil.rmtree(home, ignore_errors=True)
    _remove_runtime_dirs(uid)
    for folder in _cgroup_folders(account):
        try:
            folder.rmdir()
        except OSError:
            pass
    return True


def process_ended(pid: int) -> bool:
    """Whether ``pid`` has ended: gone, or ended and not yet collected by its parent (a zombie,
    which runs nothing)."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return True


def stop_processes(uid: int) -> int:
    """SIGKILL every process of ``uid``; returns how many there were (an ended process its
    parent has not collected yet, a zombie, runs nothing and is not counted)."""
    import signal

    killed = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid == uid and not process_ended(int(entry.name)):
                os.kill(int(entry.name), signal.SIGKILL)
                killed += 1
        except (OSError, ProcessLookupError):
            continue
    return killed


# --- who may read what ---------------------------------------------------------------

def not_reachable_by_others(path: Path) -> Path | None:
    """The first folder on the way to ``path`` that another user cannot pass through (or the
    file itself if they cannot read it), or None when every account can use it."""
    path = Path(path).resolve()
    for part in [*reversed(path.parents), path]:
        mode = part.stat().st_mode
        if stat.S_ISDIR(mode) and not mode & stat.S_IXOTH:
            return part
    if not stat.S_ISDIR(path.stat().st_mode) and not path.stat().st_mode & stat.S_IROTH:
        return path
    return None


def keep_from_others(path: Path) -> None:
    """Root only: ``path`` (answer keys, trainer notes, hub state) mode 0700, owned by root."""
    path = Path(path)
    if path.exists():
        os.chown(path, 0, 0)
        os.chmod(path, 0o700)


# --- limits ----------------------------------------------------------------------------

def _cgroup_folders(account: str) -> list[Path]:
    if (CGROUP_ROOT / "cgroup.controllers").exists():  # v2: one tree
        return [CGROUP_ROOT / CGROUP_GROUP / account]
    return [CGROUP_ROOT / controller / CGROUP_GROUP / account for controller in ("memory", "cpu")
            if (CGROUP_ROOT / controller).is_dir()]


def prepare_limits(account: str, limits: Limits) -> list[Path]:
    """Control groups holding the account's memory and CPU; returns the ``cgroup.procs`` files
    a new server joins (empty when the machine offers no writable control groups)."""
    procs = []
    try:
        if (CGROUP_ROOT / "cgroup.controllers").exists():
            parent = CGROUP_ROOT / CGROUP_GROUP
            parent.mkdir(exist_ok=True)
            (parent / "cgroup.subtree_control").write_text("+memory +cpu")
            folder = parent / account
            folder.mkdir(exist_ok=True)
            (folder / "memory.max").write_text(str(limits.memory_bytes))
            (folder / "cpu.max").write_text(f"{int(limits.cpus * 100_000)} 100000")
            procs.append(folder / "cgroup.procs")
        else:
            for folder in _cgroup_folders(account):
                folder.mkdir(parents=True, exist_ok=True)
                if folder.parent.parent.name == "memory":
                    (folder / "memory.limit_in_bytes").write_text(str(limits.memory_bytes))
                else:
                    (folder / "cpu.cfs_period_us").write_text("100000")
                    (folder / "cpu.cfs_quota_us").write_text(str(int(limits.cpus * 100_000)))
                procs.append(folder / "cgroup.procs")
    except OSError:
        return []
    return procs


def enter_limits(procs: list[Path], limits: Limits) -> None:
    """In the new server's process, before it becomes the account: join the control groups
    and set the per-process limits its kernels inherit."""
    for path in procs:
        with open(path, "w") as f:
            f.write(str(os.getpid()))
    resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
