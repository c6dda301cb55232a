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


@pytest.mark.skipif(os.geteuid() != 0, reason="accounts need root")
def test_a_notice_that_cannot_be_written_does_not_keep_the_filler_running(monkeypatch, capsys):
    """The trainer's notice is written before the server stops; when it cannot be written (the
    disk the trainee filled, a trainer's home gone) the server is stopped all the same."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from tests.hub.conftest import reachable_folder
    from thamvan_lib.serving import accounts

    stopped = []

    class Hub(BaseHTTPRequestHandler):
        def do_DELETE(self):  # noqa: N802 - the name http.server calls
            stopped.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    api = ThreadingHTTPServer(("127.0.0.1", 0), Hub)
    threading.Thread(target=api.serve_forever, daemon=True).start()
    monkeypatch.setenv("JUPYTERHUB_API_URL", f"http://127.0.0.1:{api.server_address[1]}/hub/api")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "token")
    folder, prefix = reachable_folder(), f"tv{os.urandom(3).hex()}-"
    filler, trainer = prefix + "hv-an", prefix + "giang-vien"
    try:
        entry = accounts.ensure_account(filler, folder / "hv-an")
        write(os.path.join(entry.pw_dir, "big.bin"), 2 * MB, entry.pw_uid)
        accounts.ensure_account(trainer, folder / "giang-vien")
        shutil.rmtree(folder / "giang-vien")  # nowhere to write the notice
        assert disk_guard.check_once({"hv-an": filler}, trainer, MB, set()) == ["hv-an"]
        assert stopped == ["/hub/api/users/hv-an/server"]
        assert f"could not write {disk_guard.DISK_NOTICE}" in capsys.readouterr().err
    finally:
        api.shutdown()
        for account in (filler, trainer):
            accounts.remove_account(account)
        shutil.rmtree(folder, ignore_errors=True)
