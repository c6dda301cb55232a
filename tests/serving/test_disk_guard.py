"""The disk guard's measure of what an account holds in a shared scratch folder: its own
files and folders, and what it put in folders anyone may write to; other people's trees are
never walked (a checkout in /tmp would cost the guard seconds every round)."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from thamvan_lib.serving import disk_guard

NOBODY = 65534
MB = 2 ** 20


@pytest.fixture
def scratch():
    folder = tempfile.mkdtemp(prefix="thamvan-scratch-", dir="/tmp")
    os.chmod(folder, 0o1777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def write(path: str, size: int, uid: int) -> None:
    with open(path, "wb") as f:
        f.write(os.urandom(size))
    os.chown(path, uid, uid)


@pytest.mark.skipif(os.geteuid() != 0, reason="giving files to another account needs root")
def test_only_what_the_account_could_have_written_is_counted(scratch):
    write(os.path.join(scratch, "mine.bin"), MB, NOBODY)
    os.makedirs(os.path.join(scratch, "shared"))
    os.chmod(os.path.join(scratch, "shared"), 0o1777)
    write(os.path.join(scratch, "shared", "mine-too.bin"), MB, NOBODY)
    os.makedirs(os.path.join(scratch, "mine"))
    os.chown(os.path.join(scratch, "mine"), NOBODY, NOBODY)
    write(os.path.join(scratch, "mine", "inside.bin"), MB, NOBODY)
    write(os.path.join(scratch, "roots.bin"), 4 * MB, 0)
    closed = os.path.join(scratch, "closed")
    os.makedirs(closed, mode=0o755)
    write(os.path.join(closed, "not-walked.bin"), 4 * MB, NOBODY)
    held = disk_guard.scratch_bytes(scratch, NOBODY)
    assert 3 * MB <= held < 4 * MB
