"""The disk guard of a workshop hub: one trainee filling the disk must not stop the class.

The machine's disk has no per-user quotas to rely on (they need the file system mounted
with them), so the hub runs this service as root: every ``INTERVAL`` seconds it measures
what each account holds in its home and in the shared scratch folders; an account over its
allowance has its server stopped (through the hub's API) and its processes killed, and
the trainer finds a line naming who, how much and where in ``DISK_NOTICE`` in their home
(and in the hub's log). The spawner refuses to start that server again until the trainer
has removed the files. One file is also capped by ``RLIMIT_FSIZE`` (``accounts.Limits``),
so a single write cannot outrun the guard.

    python -m thamvan_lib.serving.disk_guard     (started by the hub, see serving/hub.py)
"""

from __future__ import annotations

import json
import os
import pwd
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path

from . import accounts

INTERVAL = 2.0
SCRATCH = ("/tmp", "/var/tmp", "/dev/shm")
DISK_NOTICE = "CANH-BAO-DUNG-LUONG-DIA.txt"
LIMIT_VARIABLE = "THAMVAN_DISK_LIMIT_MB"
DEFAULT_LIMIT_MB = 2048


def _tree_bytes(path: str) -> int:
    """Bytes on disk under ``path``; never follows links."""
    total = 0
    stack = [path]
    while stack:
        try:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    try:
                        total += entry.stat(follow_symlinks=False).st_blocks * 512
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(entry.path)
                    except OSError:
                        continue
        except OSError:
            continue
    return total


def scratch_bytes(folder: str, uid: int) -> int:
    """Bytes ``uid`` holds in a shared scratch folder. Only what the account could have written
    is walked: its own files and folders, and folders anyone may write to; the rest of ``/tmp``
    (other people's trees, whole checkouts) is never read, so a round stays short."""
    total = 0
    stack = [folder]
    while stack:
        try:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    try:
                        info = entry.stat(follow_symlinks=False)
                        if info.st_uid == uid:
                            total += info.st_blocks * 512
                            if entry.is_dir(follow_symlinks=False):
                                total += _tree_bytes(entry.path)
                        elif entry.is_dir(follow_symlinks=False) and info.st_mode & 0o002:
                            stack.append(entry.path)
                    except OSError:
                        continue
        except OSError:
            continue
    return total


def usage(account: str) -> dict[str, int]:
    """Bytes the account holds, by place: its home and each shared scratch folder."""
    entry = pwd.getpwnam(account)
    places = {entry.pw_dir: _tree_bytes(entry.pw_dir)}
    for scratch in SCRATCH:
        places[scratch] = scratch_bytes(scratch, entry.pw_uid) if os.path.isdir(scratch) else 0
    return places


def limit_bytes() -> int:
    return int(float(os.environ.get(LIMIT_VARIABLE) or DEFAULT_LIMIT_MB) * 1024 * 1024)


def over_limit(account: str, limit: int) -> tuple[int, str] | None:
    """(bytes used, the place holding most) when the account is over ``limit``, else None."""
    places = usage(account)
    used = sum(places.values())
    return (used, max(places, key=places.get)) if used > limit else None


def _stop_server(user: str) -> None:
    url = os.environ["JUPYTERHUB_API_URL"].rstrip("/") + f"/users/{user}/server"
    request = urllib.request.Request(url, method="DELETE",
                                     headers={"Authorization": f"token {os.environ['JUPYTERHUB_API_TOKEN']}"})
    try:
        urllib.request.urlopen(request, timeout=10).close()
    except OSError as err:
        print(f"disk guard: could not stop {user}'s server through the hub: {err}", file=sys.stderr)


def tell_trainer(trainer_account: str, line: str) -> None:
    entry = pwd.getpwnam(trainer_account)
    path = Path(entry.pw_dir) / DISK_NOTICE
    with open(path, "a", encoding="utf-8") as f:
        f.write(line + "\n")
    os.chown(path, entry.pw_uid, entry.pw_gid)


def check_once(people: dict[str, str], trainer_account: str, limit: int, stopped: set[str]) -> list[str]:
    """One round over ``people`` (hub name → account); returns the hub names stopped now."""
    from ..content import load

    now_stopped = []
    for user, account in people.items():
        found = over_limit(account, limit)
        if found is None:
            stopped.discard(user)
            continue
        if user in stopped:
            continue
        used, where = found
        values = dict(time=datetime.now().strftime("%d/%m/%Y %H:%M:%S"), user=user,
                      used=used // 2 ** 20, limit=limit // 2 ** 20, where=where)
        line = load().message("hub.disk.notice", "vi", **values) + " / " + \
            load().message("hub.disk.notice", "en", **values)
        # the trainer is told before the server goes, so nobody finds it stopped without a reason
        print("disk guard: " + line, file=sys.stderr, flush=True)
        try:
            tell_trainer(trainer_account, line)
        except (OSError, KeyError) as err:  # a full disk, say: the server must stop all the same
            print(f"disk guard: could not write {DISK_NOTICE} for the trainer: {err}", file=sys.stderr, flush=True)
        _stop_server(user)
        accounts.stop_processes(pwd.getpwnam(account).pw_uid)
        stopped.add(user)
        now_stopped.append(user)
    return now_stopped


def main() -> None:
    people = json.loads(os.environ["THAMVAN_ACCOUNTS"])  # hub name → system account
    trainer = os.environ["THAMVAN_TRAINER_ACCOUNT"]
    limit, stopped = limit_bytes(), set()
    while True:
        check_once({u: a for u, a in people.items() if accounts.exists(a)}, trainer, limit, stopped)
        time.sleep(INTERVAL)


if __name__ == "__main__":
    main()
