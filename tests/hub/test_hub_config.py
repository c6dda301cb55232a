"""The workshop hub's configuration, class list and passwords, without starting a hub."""

from __future__ import annotations

import json
import os
import pwd
import shutil
import stat

import pytest
import yaml
from traitlets.config import Config

from thamvan_lib.serving import accounts, hub
from thamvan_lib.errors import KitError

from ..encodings import cp1258
from .conftest import reachable_folder


def test_example_class_list_loads():
    people = hub.load_class_list(hub.example_class())
    assert people.trainer.username == "giang-vien" and len(people.trainees) >= 2
    assert all(hub.USERNAME.match(p.username) for p in people.people)


@pytest.mark.parametrize("data, key", [
    ({"trainees": [{"username": "hv-an"}]}, "hub.class.missing"),
    ({"trainer": {"username": "gv"}, "trainees": [{"name": "An"}]}, "hub.class.no_username"),
    ({"trainer": {"username": "gv"}, "trainees": [{"username": "Học Viên"}]}, "hub.class.bad_username"),
    ({"trainer": {"username": "gv"}, "trainees": [{"username": "gv"}]}, "hub.class.duplicate"),
])
def test_class_list_errors_name_the_problem(tmp_path, data, key):
    path = tmp_path / "lop.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KitError) as err:
        hub.load_class_list(path)
    assert err.value.key == key and str(path) in str(err.value)


CLASS_TEXT = """course_id: tap-huan-2026
trainer: {username: gv, name: Nguyễn Thị Hoa}
trainees:
  - {username: hv-an, name: Trần Văn An}
  - {username: hv-binh, name: Lê Thị Bình}
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_class_lists_saved_by_office_software_are_read(tmp_path, encoding):
    """Excel and Notepad on Windows save UTF-16 or Windows-1258: the names come out right."""
    path = tmp_path / "lop.yaml"
    path.write_bytes(cp1258(CLASS_TEXT) if encoding == "cp1258" else CLASS_TEXT.encode(encoding))
    people = hub.load_class_list(path)
    assert [p.name for p in people.people] == ["Nguyễn Thị Hoa", "Trần Văn An", "Lê Thị Bình"]
    assert people.course_id == "tap-huan-2026"


def test_a_programme_and_its_first_day_tell_the_servers_what_to_keep_warm(tmp_path):
    path = tmp_path / "lop.yaml"
    path.write_text(CLASS_TEXT + "programme: mot-ngay\nfirst_day: 07/12/2026\nwarm_pages: [plan-builder]\n",
                    encoding="utf-8")
    people = hub.load_class_list(path)
    assert (people.programme, people.first_day.isoformat()) == ("mot-ngay", "2026-12-07")
    warm = hub.server_config(False, people)["WarmPagesKernelManager"]
    assert warm == {"pages": {"dashboards/plan-builder.ipynb": 1},
                    "programme": "mot-ngay", "first_day": "2026-12-07"}
    assert "programme" not in hub.server_config(False)["WarmPagesKernelManager"]


@pytest.mark.parametrize("extra, key, line", [
    ("programme: hai-ngay\nfirst_day: 07/12/2026\n", "hub.class.unknown_programme", 6),
    ("programme: mot-ngay\n", "hub.class.bad_first_day", 6),  # no day: the programme's line
    ("programme: mot-ngay\nfirst_day: 31/02/2026\n", "hub.class.bad_first_day", 7),
    ("warm_pages: [ke-hoach]\n", "hub.class.unknown_dashboard", 6),
    ("warm_pages: plan-builder\n", "hub.class.unknown_dashboard", 6),
])
def test_a_wrong_programme_day_or_dashboard_is_refused_with_its_line(tmp_path, extra, key, line):
    path = tmp_path / "lop.yaml"
    path.write_text(CLASS_TEXT + extra, encoding="utf-8")
    with pytest.raises(KitError) as err:
        hub.load_class_list(path)
    assert err.value.key == key
    assert f"dòng {line}:" in err.value.text("vi") and f"line {line}:" in err.value.text("en")


@pytest.mark.parametrize("course_id", ["../../x", "/etc", "a/b", "..", "x y", "Khóa 1", ""])
def test_an_unsafe_course_id_is_refused_with_its_line(tmp_path, course_id):
    """The course id names folders in the exchange: nothing outside it may be reached."""
    path = tmp_path / "lop.yaml"
    path.write_text(CLASS_TEXT.replace("tap-huan-2026", json.dumps(course_id)), encoding="utf-8")
    with pytest.raises(KitError) as err:
        hub.load_class_list(path)
    assert err.value.key == "hub.class.bad_course_id"
    assert "dòng 1" in err.value.text("vi") and "line 1" in err.value.text("en")


def test_errors_name_the_line_of_the_entry(tmp_path):
    path = tmp_path / "lop.yaml"
    path.write_text(CLASS_TEXT + "  - {username: hv-an, name: Trần Văn An (lần hai)}\n", encoding="utf-8")
    with pytest.raises(KitError) as err:
        hub.load_class_list(path)
    assert err.value.key == "hub.class.duplicate" and "dòng 6" in err.value.text("vi")
    path.write_text(CLASS_TEXT.replace("hv-binh", "Hv Bình"), encoding="utf-8")
    with pytest.raises(KitError) as err:
        hub.load_class_list(path)
    assert err.value.key == "hub.class.bad_username" and "line 5" in err.value.text("en")


@pytest.mark.parametrize("data", [b"\x00\x01\x02\xff" * 64, b"trainer: [\n", b"- a\n- b\n"])
def test_a_file_that_is_no_class_list_gets_a_message_not_a_traceback(tmp_path, data):
    path = tmp_path / "lop.yaml"
    path.write_bytes(data)
    with pytest.raises(KitError) as err:
        hub.load_class_list(path)
    assert err.value.key in {"hub.class.unreadable", "hub.class.missing"}


def test_a_huge_class_list_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "lop.yaml"
    path.write_bytes(CLASS_TEXT.encode() + b"#" * hub.CLASS_LIST_MAX_BYTES)
    with pytest.raises(KitError) as err:
        hub.load_class_list(path)
    assert err.value.key == "hub.class.too_big"


def test_nothing_is_created_for_a_bad_class_list(tmp_path):
    path = tmp_path / "lop.yaml"
    path.write_text(CLASS_TEXT.replace("tap-huan-2026", "../x"), encoding="utf-8")
    workshop = tmp_path / "w"
    with pytest.raises(KitError):
        hub.configure(Config(), hub.HubSettings(path, workshop, port=8123))
    assert not workshop.exists() and not (tmp_path / "x").exists()


def test_passwords_are_issued_once_hashed_and_private(tmp_path):
    people = hub.load_class_list(hub.example_class())
    new = hub.ensure_passwords(people, tmp_path)
    assert set(new) == people.usernames and all(len(p) == 11 for p in new.values())
    assert hub.ensure_passwords(people, tmp_path) == {}
    hashes = json.loads((tmp_path / "hub" / "passwords.json").read_text())
    assert hub.check_password(new["hv-an"], hashes["hv-an"])
    assert not hub.check_password(new["hv-binh"], hashes["hv-an"])
    assert new["hv-an"] not in (tmp_path / "hub" / "passwords.json").read_text()
    for name in ("passwords.json", "passwords.csv"):
        assert (tmp_path / "hub" / name).stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "hub").stat().st_mode & 0o777 == 0o700
    again = hub.ensure_passwords(people, tmp_path, reset=("hv-an",))
    assert set(again) == {"hv-an"} and hub.read_passwords(tmp_path)["hv-an"] == again["hv-an"]
    assert hub.read_passwords(tmp_path)["hv-binh"] == new["hv-binh"]
    assert "Trần Văn An" in (tmp_path / "hub" / "passwords.csv").read_text(encoding="utf-8-sig")


@pytest.fixture
def workshop_folder():
    """A folder the accounts can reach, and a prefix of its own; accounts removed after."""
    folder, prefix = reachable_folder(), f"tv{os.urandom(3).hex()}-"
    yield folder, prefix
    for person in hub.load_class_list(hub.example_class()).people:
        accounts.remove_account(prefix + person.username)
    shutil.rmtree(folder, ignore_errors=True)


def test_configure_sets_a_local_workshop(workshop_folder, monkeypatch):
    from thamvan_lib.serving import server

    tmp_path, prefix = workshop_folder
    monkeypatch.setattr(hub, "_add_students", lambda course, people: None)  # nbgrader is slow to start
    monkeypatch.setattr(server, "lab_settings_overrides", lambda: None)  # leaves the environment alone
    c = Config()
    settings = hub.HubSettings(hub.example_class(), tmp_path / "w", port=8123, account_prefix=prefix)
    people = hub.configure(c, settings)
    assert c.JupyterHub.ip == "127.0.0.1" and c.JupyterHub.hub_ip == "127.0.0.1"
    assert c.JupyterHub.port == 8123
    assert c.Authenticator.admin_users == {"giang-vien"}
    assert c.Authenticator.allowed_users == people.usernames
    assert c.JupyterHub.spawner_class.__name__ == "ThamvanSpawner"
    assert c.ThamvanSpawner.account_prefix == prefix
    assert "--VoilaConfiguration.template=thamvan" in c.Spawner.args
    assert "--allow-root" not in c.Spawner.args
    assert c.ConfigurableHTTPProxy.command[-2:] == ["-m", "thamvan_lib.serving.hub_proxy"]
    workshop = (tmp_path / "w").resolve()
    assert (workshop / "jupyter" / "voila" / "templates" / "thamvan" / "index.html.j2").exists()
    assert (workshop / "users" / "giang-vien" / "course" / "source" / "co-mau").is_dir()
    trainer_home = workshop / "users" / "giang-vien"
    assert trainer_home.stat().st_uid == pwd.getpwnam(prefix + "giang-vien").pw_uid
    assert trainer_home.stat().st_mode & 0o777 == 0o700
    assert (workshop / "hub").stat().st_mode & 0o777 == 0o700
    assert (workshop / "exchange").stat().st_mode & 0o7777 == 0o1777
    inbound = workshop / "exchange" / "thamvan" / "inbound"
    assert inbound.stat().st_mode & 0o7777 == 0o3733 and inbound.stat().st_uid == trainer_home.stat().st_uid
    trainer = (workshop / "config" / "trainer" / "nbgrader_config.py").read_text()
    assert "OwnerCheckedCollect" in trainer and repr(prefix) in trainer
    trainee = (workshop / "config" / "trainee" / "nbgrader_config.py").read_text()
    assert "JUPYTERHUB_USER" in trainee and str(workshop / "exchange") in trainee
    server = json.loads((workshop / "config" / "trainee" / "jupyter_server_config.json").read_text())
    assert server["ServerApp"]["jpserver_extensions"]["nbgrader.server_extensions.formgrader"] is False


def test_hub_command_is_registered():
    from click.testing import CliRunner

    from thamvan_lib.cli import main

    result = CliRunner().invoke(main, ["hub", "--help"])
    assert result.exit_code == 0 and "--class-list" in result.output
    result = CliRunner().invoke(main, ["hub", "--new-password", "khong-co-ai"])
    assert result.exit_code == 2 and "khong-co-ai" in result.output


def _configured(workshop_folder, monkeypatch, culler_installed: bool) -> Config:
    from importlib import util

    from thamvan_lib.serving import server

    monkeypatch.setattr(hub, "_add_students", lambda course, people: None)
    monkeypatch.setattr(server, "lab_settings_overrides", lambda: None)
    find_spec = util.find_spec
    monkeypatch.setattr(util, "find_spec", lambda name, *a: (
        (find_spec("json") if culler_installed else None) if name == hub.IDLE_CULLER
        else find_spec(name, *a)))
    c = Config()
    folder, prefix = workshop_folder
    hub.configure(c, hub.HubSettings(hub.example_class(), folder / "w", port=8123, account_prefix=prefix))
    return c


def test_idle_servers_are_culled_by_the_hub_service(workshop_folder, monkeypatch):
    from thamvan_lib.serving import kernels

    c = _configured(workshop_folder, monkeypatch, culler_installed=True)
    services = {s["name"]: s for s in c.JupyterHub.services}
    culler = services[hub.IDLE_CULLER_SERVICE]
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    assert f"--timeout={hub.IDLE_SERVER_SECONDS}" in culler["command"]
    assert not any(a.startswith("--cull-users") for a in culler["command"])  # users stay
    assert "api_token" not in culler  # a managed service: the hub gives it its token
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    role = roles["idle-culler"]
    assert role["services"] == [hub.IDLE_CULLER_SERVICE]
    assert set(role["scopes"]) == {"list:users", "read:users:activity", "read:servers", "delete:servers"}
    assert roles["admin"]["services"] == ["thamvan-admin"]  # the culler is no admin
    # inside each server: kernels idle with no page open are culled, cells have a time limit
    assert f"--MappingKernelManager.cull_idle_timeout={kernels.CULL_IDLE_SECONDS}" in c.Spawner.args
    assert "--MappingKernelManager.cull_connected=False" in c.Spawner.args
    assert c.Spawner.environment[kernels.TIME_LIMIT_VARIABLE] == str(kernels.TIME_LIMIT_SECONDS)


def test_without_the_culler_package_the_hub_still_starts(workshop_folder, monkeypatch):
    c = _configured(workshop_folder, monkeypatch, culler_installed=False)
    assert [s["name"] for s in c.JupyterHub.services] == ["thamvan-admin", hub.DISK_GUARD_SERVICE,
                                                          hub.PRESTART_SERVICE]
    assert [r["name"] for r in c.JupyterHub.load_roles] == ["admin", hub.DISK_GUARD_SERVICE,
                                                           hub.PRESTART_SERVICE]
    assert hub.idle_culler_service() is None


def test_the_class_is_started_beforehand_unless_the_trainer_says_not(workshop_folder, monkeypatch):
    c = _configured(workshop_folder, monkeypatch, culler_installed=False)
    service = {s["name"]: s for s in c.JupyterHub.services}[hub.PRESTART_SERVICE]
    people = hub.load_class_list(hub.example_class())
    order = json.loads(service["environment"]["THAMVAN_PRESTART_USERS"])
    assert order[0] == people.trainer.username and sorted(order) == sorted(people.usernames)
    assert "api_token" not in service  # a managed service: the hub gives it its token
    monkeypatch.setenv(hub.PRESTART_VARIABLE, "0")
    assert not hub.HubSettings.from_environment().prestart
    command, env = hub.hub_command(hub.HubSettings(hub.example_class(), workshop_folder[0], prestart=False))
    assert env[hub.PRESTART_VARIABLE] == "0"


def test_the_disk_guard_may_only_see_and_stop_servers(workshop_folder, monkeypatch):
    c = _configured(workshop_folder, monkeypatch, culler_installed=False)
    guard = {s["name"]: s for s in c.JupyterHub.services}[hub.DISK_GUARD_SERVICE]
    assert guard["command"][1:] == ["-m", "thamvan_lib.serving.disk_guard"] and "api_token" not in guard
    people = json.loads(guard["environment"]["THAMVAN_ACCOUNTS"])
    assert people["hv-an"] == workshop_folder[1] + "hv-an"
    role = {r["name"]: r for r in c.JupyterHub.load_roles}[hub.DISK_GUARD_SERVICE]
    assert set(role["scopes"]) == {"list:users", "read:servers", "delete:servers"}


def test_the_culler_accepts_the_options_the_hub_gives_it():
    import subprocess
    import sys

    pytest.importorskip("jupyterhub_idle_culler")
    command = hub.idle_culler_service()["command"]
    result = subprocess.run([sys.executable, "-m", hub.IDLE_CULLER, "--help"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    for option in command[3:]:
        assert option.split("=")[0] + "=" in result.stdout, option


def test_a_class_server_needs_root_and_says_why(monkeypatch, tmp_path):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    with pytest.raises(KitError) as error:
        hub.configure(Config(), hub.HubSettings(hub.example_class(), tmp_path / "w"))
    assert "root" in str(error.value) and "tài khoản" in str(error.value)
    assert not (tmp_path / "w").exists()


def test_a_workshop_the_accounts_cannot_reach_is_refused(tmp_path):
    # pytest's folders are root's alone (0700): a trainee's account could not reach its home there
    with pytest.raises(KitError) as error:
        hub.configure(Config(), hub.HubSettings(hub.example_class(), tmp_path / "w",
                                                account_prefix=f"tv{os.urandom(3).hex()}-"))
    assert "chmod o+rx" in str(error.value)


def test_removing_the_accounts_after_the_workshop_stops_what_they_still_run(workshop_folder):
    """`thamvan hub --remove-accounts` with a trainee's programs still running (a kernel busy
    writing, children of its own): the account, its home and its programs all go."""
    import subprocess
    import sys

    from click.testing import CliRunner

    from thamvan_lib.cli.hub import hub as hub_command_line

    folder, prefix = workshop_folder
    people = hub.load_class_list(hub.example_class()).people
    made = {p.username: accounts.ensure_account(prefix + p.username, folder / p.username) for p in people[:2]}
    writer = "import os, subprocess, time\n" \
             "subprocess.Popen(['sleep', '600'])\n" \
             "while True:\n    open(os.path.expanduser('~/busy.bin'), 'ab').write(os.urandom(2 ** 16)); time.sleep(0.01)\n"
    busy = made[people[0].username]
    running = subprocess.Popen([sys.executable, "-c", writer], user=busy.pw_uid, group=busy.pw_gid,
                               cwd=busy.pw_dir, env={"HOME": busy.pw_dir})
    try:
        result = CliRunner().invoke(hub_command_line, ["--class-list", str(hub.example_class()), "--account-prefix",
                                                       prefix, "--remove-accounts"])
        assert result.exit_code == 0, result.output
        assert {f"- {name}" for name in made} <= set(result.output.splitlines())
        assert running.wait(10) == -9  # stopped, not left running under a deleted account
        assert not any(accounts.exists(prefix + name) for name in made)
        assert not any((folder / name).exists() for name in made)
        assert accounts.stop_processes(busy.pw_uid) == 0  # nothing of theirs was left to stop
    finally:
        running.kill()
        running.wait()


def test_each_server_gets_a_runtime_folder_of_its_own_that_no_one_else_can_plant(workshop_folder):
    """Kernels talk over Unix sockets in it (over TCP, thirty servers starting kernels at once
    picked the same port and a trainee got a 503): short enough for a socket's path, the
    account's alone, and a link someone put in its place beforehand is never followed."""
    folder, prefix = workshop_folder
    people = hub.load_class_list(hub.example_class()).people
    an, binh = (accounts.ensure_account(prefix + p.username, folder / p.username) for p in people[1:3])
    target = folder / "not-yours"
    target.mkdir()
    planted = accounts.RUNTIME_ROOT / f"thamvan-{an.pw_uid}-planted"
    planted.symlink_to(target)  # as another account could, in /tmp, before the server starts
    try:
        first = accounts.runtime_dir(prefix + people[1].username)
        info = first.lstat()
        assert stat.S_ISDIR(info.st_mode) and info.st_uid == an.pw_uid and info.st_mode & 0o777 == 0o700
        assert len(str(first / f"kernel-{'0' * 36}-ipc-5")) < 100  # a socket's path: 107 bytes at most
        assert target.stat().st_uid == 0 and target.exists()  # the link was not followed
        second = accounts.runtime_dir(prefix + people[1].username)
        assert second != first and not first.exists()  # the last server's folder goes
        other = accounts.runtime_dir(prefix + people[2].username)
        assert other.stat().st_uid == binh.pw_uid and second.exists()
        accounts.remove_account(prefix + people[1].username)
        assert not second.exists() and other.exists()
    finally:
        planted.unlink(missing_ok=True)


def test_user_servers_run_their_kernels_over_unix_sockets():
    assert "--ServerKernelManager.transport=ipc" in hub.singleuser_args()
