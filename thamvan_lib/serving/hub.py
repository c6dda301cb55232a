"""A JupyterHub for a workshop on one machine: one trainer, a class of trainees, no Internet.

``thamvan hub`` (or ``jupyterhub -f deploy/jupyterhub_config.py``) serves, on 127.0.0.1
by default:

- one JupyterLab server per person, run as that person's own system account
  (``LocalProcessSpawner``, accounts ``jupyter-<name>`` made from the class list by the hub,
  which runs as root, see ``serving/accounts.py``), each with its own home
  ``WORKSHOP/users/<name>`` (mode 0700) holding a copy of the kit's notebooks and dashboards,
  JupyterLab in Vietnamese, the kit's home page at ``/user/<name>/thamvan/home`` (no kernel),
  Voila at ``/user/<name>/voila/render/...`` with the kit's ``thamvan`` template (no CDN),
  and the trainee's own progress database;
- per-person passwords from the class list (``ClassListAuthenticator``): the hub keeps
  only their PBKDF2 hashes; new passwords are written once to ``passwords.csv`` (mode
  0600) for the trainer to print. JupyterHub's ``shared-password`` authenticator was not
  chosen: with one password anyone can log in as any trainee and hand in their work;
  PAM would need an OS account per trainee;
- idle servers stopped: a kernel idle for 15 minutes with no page open is culled inside
  each server, and a whole server nobody used for an hour is stopped by the
  ``jupyterhub-idle-culler`` service (when the package is installed; without it,
  ``idle_culler_service`` returns None and servers run until the hub stops). Nothing is
  lost: progress and drafts are in the trainee's database, notebooks are autosaved;
- nbgrader through the hub: the trainer (hub admin) has the course folder
  ``WORKSHOP/users/<trainer>/course`` and formgrader; trainees have the Assignments
  panel, with their hub name as nbgrader student id; both share the exchange folder
  ``WORKSHOP/exchange``. One course needs no ``JupyterHubAuthPlugin`` (it would only
  ask the local hub which groups a user is in); the shared filesystem exchange is enough.

A trainee's code runs as the trainee's account, with memory, CPU and processes limited
(control groups, rlimits) and disk use watched (``serving/disk_guard.py``); the hub's state
(``WORKSHOP/hub``), the answer keys (the kit's ``exercises/`` and ``trainer/``) and the
trainer's course are root's or the trainer's alone (see deploy/README.md).
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import hashlib
import hmac
import importlib.util
import json
import os
import pwd
import re
import secrets
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import locations
from ..errors import KitError
from . import accounts, disk_guard, forks
from ..vietnamese import read_text
from ..roles import ROLE_VARIABLE
from ..pages import HOME_ROUTE
from . import server
from .kernels import TIME_LIMIT_SECONDS, TIME_LIMIT_VARIABLE, kernel_options

USERNAME = re.compile(r"^[a-z][a-z0-9-]{1,31}$")
COURSE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
CLASS_LIST_MAX_BYTES = 1_000_000  # a class of thousands fits in a tenth of this
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread on a card
PBKDF2_ROUNDS = 200_000
IDLE_CULLER = "jupyterhub_idle_culler"
IDLE_CULLER_SERVICE = "idle-culler"
IDLE_SERVER_SECONDS = 3600  # a server nobody used for an hour: the trainee has gone
IDLE_CHECK_SECONDS = 300
# nbgrader's trainer-only parts, hidden from trainees' servers and JupyterLab
TRAINER_EXTENSIONS = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list")
# A trainee works in the dashboards only: their server loads Voila and nothing else (no
# JupyterLab, terminals, language server or nbgrader pages), which makes it start in about half
# the CPU time and hold ~40 MB less, for thirty servers on two cores.
TRAINEE_OFF_EXTENSIONS = (*TRAINER_EXTENSIONS, "nbgrader.server_extensions.assignment_list",
                          "nbgrader.server_extensions.validate_assignment", "jupyterlab", "notebook",
                          "notebook_shim", "jupyter_lsp", "jupyter_server_terminals")
PRESTART_VARIABLE = "THAMVAN_PRESTART"
TRAINEE_MAX_BODY_BYTES = 2 ** 20
TRAINER_MAX_BODY_BYTES = 64 * 2 ** 20
HOME_URL = f"/{HOME_ROUTE}"  # a page of the person's server: logging in starts no kernel
# the home page, and the dashboards of the class list kept warm (``warm_pages``)
KIT_PAGES = {"kernel_manager_class": "thamvan_lib.serving.warm_pages.WarmPagesKernelManager",
             "jpserver_extensions": {"thamvan_lib.serving.home_page": True,
                                     "thamvan_lib.serving.warm_pages": True}}


def config_file() -> Path:
    """The JupyterHub configuration ``thamvan hub`` runs (the kit's ``deploy/``)."""
    return locations.deploy() / "jupyterhub_config.py"


def example_class() -> Path:
    return locations.deploy() / "class.example.yaml"


# --- the class list -----------------------------------------------------------------

@dataclass(frozen=True)
class Person:
    username: str
    name: str


@dataclass
class ClassList:
    trainer: Person
    trainees: list[Person]
    course_id: str = "thamvan"
    path: Path | None = field(default=None, compare=False)
    programme: str | None = None   # the workshop's programme: its sessions' dashboards are kept warm
    first_day: dt.date | None = None
    warm_pages: tuple[str, ...] = ()  # dashboards (names) kept warm all day

    @property
    def people(self) -> list[Person]:
        return [self.trainer, *self.trainees]

    @property
    def usernames(self) -> set[str]:
        return {p.username for p in self.people}


def load_class_list(path: Path) -> ClassList:
    """Read and check a class list (see deploy/class.example.yaml).

    Office software saves lists in UTF-8, UTF-16 or Windows-1258: all are read. Every
    fault is refused with the line it is on, before anything is created.
    """
    path = Path(path)
    try:
        if path.stat().st_size > CLASS_LIST_MAX_BYTES:
            raise KitError("hub.class.too_big", path=path, limit=CLASS_LIST_MAX_BYTES // 1000)
        text, _ = read_text(path.read_bytes())
        data = yaml.safe_load(text) or {}
        lines = _entry_lines(yaml.compose(text, Loader=yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as err:
        raise KitError("hub.class.unreadable", path=path, reason=err) from err

    def person(entry, where, line) -> Person:
        if not isinstance(entry, dict) or not isinstance(entry.get("username"), str):
            raise KitError("hub.class.no_username", path=path, where=where, line=line)
        username = entry["username"].strip()
        if not USERNAME.match(username):
            raise KitError("hub.class.bad_username", path=path, username=username, line=line)
        return Person(username, str(entry.get("name") or username).strip())

    if (not isinstance(data, dict) or "trainer" not in data
            or not isinstance(data.get("trainees"), list) or not data["trainees"]):
        raise KitError("hub.class.missing", path=path)
    trainer = person(data["trainer"], "trainer", lines.get("trainer"))
    trainees = [person(e, f"trainees[{i}]", lines.get(("trainees", i)))
                for i, e in enumerate(data["trainees"])]
    seen = {trainer.username}
    for i, trainee in enumerate(trainees):
        if trainee.username in seen:
            raise KitError("hub.class.duplicate", path=path, names=trainee.username,
                           line=lines.get(("trainees", i)))
        seen.add(trainee.username)
    course_id = data.get("course_id", "thamvan")
    # the course id names folders in the exchange: a path in it would reach outside
    if not isinstance(course_id, str) or not COURSE_ID.match(course_id):
        raise KitError("hub.class.bad_course_id", path=path, course_id=course_id,
                       line=lines.get("course_id"))
    programme, first_day = data.get("programme"), data.get("first_day")
    if programme is not None:
        from ..programme import load_programmes

        known = load_programmes()
        if programme not in known:
            raise KitError("hub.class.unknown_programme", path=path, programme=programme,
                           known=", ".join(sorted(known)), line=lines.get("programme"))
        first_day = _day(first_day)
        if first_day is None:
            raise KitError("hub.class.bad_first_day", path=path, value=data.get("first_day"),
                           line=lines.get("first_day", lines.get("programme")))
    warm = data.get("warm_pages") or []
    dashboards = {page.stem for page in (locations.notebooks() / "dashboards").glob("*.ipynb")}
    if not isinstance(warm, list) or any(name not in dashboards for name in warm):
        raise KitError("hub.class.unknown_dashboard", path=path, names=warm, known=", ".join(sorted(dashboards)),
                       line=lines.get("warm_pages"))
    return ClassList(trainer, trainees, course_id, path, programme, first_day if programme else None, tuple(warm))


def _day(value) -> dt.date | None:
    """A date as YAML reads it (2026-12-07) or as an office writes it (07/12/2026); else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.datetime.strptime(str(value).strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


def _entry_lines(root) -> dict:
    """The line of each top-level key and of each item of a top-level list, from 1."""
    lines = {}
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            lines[key.value] = key.start_mark.line + 1
            if isinstance(value, yaml.SequenceNode):
                for i, item in enumerate(value.value):
                    lines[(key.value, i)] = item.start_mark.line + 1
    return lines


# --- passwords ----------------------------------------------------------------------

def new_password() -> str:
    """Ten letters and digits in two groups, easy to read out and type: ``k7mq2-xpa4r``."""
    letters = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(10))
    return f"{letters[:5]}-{letters[5:]}"


def hash_password(password: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), PBKDF2_ROUNDS)
    return f"pbkdf2_sha256${PBKDF2_ROUNDS}${salt}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        kind, rounds, salt, digest = stored.split("$")
        computed = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), int(rounds))
    except ValueError:
        return False
    return kind == "pbkdf2_sha256" and hmac.compare_digest(computed.hex(), digest)


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(path, 0o600)


def ensure_passwords(class_list: ClassList, workshop: Path, reset: tuple[str, ...] = ()) -> dict[str, str]:
    """Give a password to everyone in the class list who has none (or is in ``reset``).

    Returns the new passwords. Hashes go to ``passwords.json``; new passwords are added to
    ``passwords.csv`` (username, name, password) for printing, both readable by the
    hub's user only."""
    hashes_path, cards_path = state_dir(workshop) / "passwords.json", state_dir(workshop) / "passwords.csv"
    hashes = json.loads(hashes_path.read_text(encoding="utf-8")) if hashes_path.exists() else {}
    new = {p.username: new_password() for p in class_list.people
           if p.username not in hashes or p.username in reset}
    if not new:
        return {}
    hashes.update({user: hash_password(password) for user, password in new.items()})
    _write_private(hashes_path, json.dumps(hashes, indent=1))
    rows = []
    if cards_path.exists():
        rows = [r for r in csv.reader(cards_path.read_text(encoding="utf-8-sig").splitlines()[1:])
                if r and r[0] not in new]
    names = {p.username: p.name for p in class_list.people}
    rows += [[user, names[user], password] for user, password in new.items()]
    lines = [",".join(["username", "name", "password"])]
    lines += [",".join(f'"{v}"' if "," in v else v for v in row) for row in rows]
    _write_private(cards_path, "\ufeff" + "\n".join(lines) + "\n")  # BOM: Excel reads the names
    return new


def read_passwords(workshop: Path) -> dict[str, str]:
    """The printable passwords (username → password) still in ``passwords.csv``."""
    path = state_dir(workshop) / "passwords.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))[1:]
    return {r[0]: r[2] for r in rows if len(r) >= 3}


# --- JupyterHub classes (built on first use: importing JupyterHub takes seconds) -------

def _hub_classes() -> dict[str, type]:
    global _CLASSES
    if _CLASSES:
        return _CLASSES
    from jupyterhub.auth import Authenticator
    from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
    from jupyterhub.utils import random_port
    from traitlets import Float, Integer, Unicode

    class ClassListAuthenticator(Authenticator):
        """Per-person passwords of the class list, checked against the hub's hash file."""

        password_file = Unicode("", config=True, help="JSON file of username → PBKDF2 hash")

        async def authenticate(self, handler, data):
            username = self.normalize_username((data or {}).get("username", ""))
            password = (data or {}).get("password", "")
            try:
                hashes = json.loads(Path(self.password_file).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.log.error("Cannot read the password file %s", self.password_file)
                return None
            # off the hub's event loop (PBKDF2 releases the GIL): a class logging in at once is
            # checked on every core while the hub goes on answering
            if username in hashes and await asyncio.to_thread(check_password, password, hashes[username]):
                return username
            return None

    class ThamvanSpawner(LocalProcessSpawner):
        """One local server per person, run as their own system account, with the kit's
        notebooks in their home and role-specific config."""

        workshop = Unicode("", config=True, help="The workshop folder")
        trainer = Unicode("", config=True, help="The trainer's hub name")
        course_id = Unicode("thamvan", config=True, help="The class's nbgrader course")
        account_prefix = Unicode(accounts.DEFAULT_PREFIX, config=True,
                                 help="System account = prefix + hub name")
        cpus = Float(1.0, config=True, help="CPUs one person's server may use")
        memory_mb = Integer(2048, config=True, help="Memory (MB) one person's server may use")
        disk_mb = Integer(disk_guard.DEFAULT_LIMIT_MB, config=True, help="Disk (MB) one person may fill")
        _cgroup_procs: list = []

        @property
        def account(self) -> str:
            return accounts.account_name(self.account_prefix, self.user.name)

        @property
        def home_dir(self) -> str:
            return str(Path(self.workshop) / "users" / self.user.name)

        def role(self) -> str:
            return "trainer" if self.user.name == self.trainer else "trainee"

        def limits(self) -> accounts.Limits:
            return accounts.Limits(memory_bytes=self.memory_mb * 2 ** 20, cpus=self.cpus,
                                   file_bytes=self.disk_mb * 2 ** 20)

        def make_preexec_fn(self, name):
            become = set_user_setuid(self.account)
            procs, limits = self._cgroup_procs, self.limits()

            def preexec():
                accounts.enter_limits(procs, limits)
                become()
            return preexec

        def user_env(self, env):
            env["USER"] = env["LOGNAME"] = self.account
            env["HOME"] = self.home_dir
            env["SHELL"] = "/bin/bash"
            env["TMPDIR"] = str(Path(self.home_dir) / ".cache" / "tmp")
            env["THAMVAN_HOME"] = str(Path(self.home_dir) / ".thamvan")
            env["JUPYTER_PATH"] = str(Path(self.workshop) / "jupyter")
            env["JUPYTER_CONFIG_PATH"] = str(Path(self.workshop) / "config" / self.role())
            env["THAMVAN_LANG"] = "vi"
            env["THAMVAN_EXCHANGE"] = str(Path(self.workshop) / "exchange")  # the Bài tập dashboard's
            env["THAMVAN_COURSE_ID"] = self.course_id
            env["THAMVAN_ACCOUNT_PREFIX"] = self.account_prefix  # whose hand-in is whose, at collection
            env[ROLE_VARIABLE] = self.role()  # the class view opens on the trainer's server only
            env["JUPYTER_RUNTIME_DIR"] = str(self.runtime)  # its kernels' sockets (accounts.runtime_dir)
            env[forks.SOCKET_VARIABLE] = self.fork_socket  # where its kernels are forked
            return env

        async def start(self):
            from ..content import load

            home = Path(self.home_dir)
            accounts.ensure_account(self.account, home, self.user.name)
            over = disk_guard.over_limit(self.account, self.disk_mb * 2 ** 20)
            if over:  # the guard stopped this server: it stays stopped until files are removed
                raise RuntimeError(load().line("hub.disk.over", used=over[0] // 2 ** 20, limit=self.disk_mb))
            prepare_home(home)
            (home / ".cache" / "tmp").mkdir(parents=True, exist_ok=True)
            accounts.give(home, self.account)
            self.runtime = accounts.runtime_dir(self.account)
            self.fork_socket = forks.ensure_server(self.account_prefix)
            self._cgroup_procs = accounts.prepare_limits(self.account, self.limits())
            if await forks.ready(self.fork_socket):
                # forked from the fork server: JupyterHub's single-user server and its extensions
                # already imported, their memory shared with every other server
                if self.port == 0:
                    self.port = random_port()
                command = [*self.cmd, *self.get_args()]
                self.log.info("Spawning %s, forked, as %s", " ".join(command), self.account)
                request = forks.server_request(self.account, command, self.get_env(),
                                               self.home_dir, self._cgroup_procs, self.limits())
                try:
                    self.pid = await asyncio.to_thread(forks.ask, self.fork_socket, request)
                except forks.ForkRefused as why:
                    self.log.warning("Server of %s started without the fork server: %s", self.user.name, why)
                else:
                    self.proc = None  # not the hub's child: polled and stopped by its pid
                    return (self.ip or "127.0.0.1", self.port)
            return await super().start()

    for cls in (ClassListAuthenticator, ThamvanSpawner):
        cls.__module__, cls.__qualname__ = __name__, cls.__name__
    _CLASSES = {"ClassListAuthenticator": ClassListAuthenticator, "ThamvanSpawner": ThamvanSpawner}
    return _CLASSES


_CLASSES: dict[str, type] = {}


def __getattr__(name: str):
    if name in ("ClassListAuthenticator", "ThamvanSpawner"):
        return _hub_classes()[name]
    raise AttributeError(name)


def prepare_home(home: Path, notebooks: Path | None = None) -> None:
    """Copy the kit's notebooks and dashboards into a home; a trainee's own changes are kept."""
    source = notebooks or locations.notebooks()
    for path in sorted(source.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts or "bai-tap" in path.relative_to(source).parts:
            continue  # a learner's own fetched assignments on this machine are theirs
        target = home / path.relative_to(source)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


# --- the workshop folder ------------------------------------------------------------

def course_dir(class_list: ClassList, workshop: Path) -> Path:
    return Path(workshop) / "users" / class_list.trainer.username / "course"


def _prepare_exchange(class_list: ClassList, exchange: Path, prefix: str) -> None:
    """The course's folders in the exchange, owned by the trainer; ``inbound`` as nbgrader
    makes it (others write and pass, nobody lists) plus the sticky bit, so a trainee cannot
    remove or rename another's submission."""
    trainer = pwd.getpwnam(accounts.account_name(prefix, class_list.trainer.username))
    course = exchange / class_list.course_id
    inbound = course / "inbound"
    inbound.mkdir(parents=True, exist_ok=True)
    for folder, mode in ((course, 0o755), (inbound, 0o3733)):
        os.chown(folder, trainer.pw_uid, trainer.pw_gid)
        os.chmod(folder, mode)


def prepare_workshop(class_list: ClassList, workshop: Path, prefix: str = accounts.DEFAULT_PREFIX) -> None:
    """Everything the servers need before the hub starts: template, configs, course, exchange."""
    from ..grading.course import Course

    workshop = Path(workshop)
    (workshop / "users").mkdir(parents=True, exist_ok=True)
    for folder in (workshop, workshop / "users"):  # everyone passes through, nobody lists
        os.chmod(folder, 0o711)
    server.prepare_template(workshop / "jupyter")
    server.lab_settings_overrides()
    exchange = workshop / "exchange"
    exchange.mkdir(parents=True, exist_ok=True)
    os.chmod(exchange, 0o1777)  # nbgrader's exchange: everyone writes, nobody removes another's
    course = Course(course_dir(class_list, workshop), exchange, class_list.course_id)
    if not (course.root / "source").exists():
        course.import_exercises()
    course.write_root_config()  # a workshop folder from an older kit gets it too
    _write_role_config(workshop / "config" / "trainer", class_list, workshop, trainer=True, prefix=prefix)
    _write_role_config(workshop / "config" / "trainee", class_list, workshop, trainer=False, prefix=prefix)
    _add_students(course, class_list)
    if accounts.is_root():  # the course was made by the hub: it is the trainer's
        from ..pretest import copy_keys

        copy_keys(course.root)  # the test keys: trainer/ is root's, the trainer's server reads this copy
        _prepare_exchange(class_list, exchange, prefix)
        accounts.give(course.root.parent, accounts.account_name(prefix, class_list.trainer.username))


def _write_role_config(folder: Path, class_list: ClassList, workshop: Path, trainer: bool,
                       prefix: str = accounts.DEFAULT_PREFIX) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    exchange = workshop / "exchange"
    if trainer:
        nbgrader = (
            "# Written by thamvan_lib.serving.hub at every hub start: the trainer's nbgrader course.\n"
            "from pathlib import Path\n"
            "from thamvan_lib.grading.config import course_config\n\n"
            "c = get_config()  # noqa: F821\n"
            f"c.merge(course_config(Path({str(course_dir(class_list, workshop))!r}), "
            f"Path({str(exchange)!r}), {class_list.course_id!r}))\n"
            "# a submission is filed under the account that handed it in, whatever its name says\n"
            "c.CollectApp.check_owner = False  # replaced by the owner check below\n"
            "c.ExchangeFactory.collect = 'thamvan_lib.grading.owner_collect.OwnerCheckedCollect'\n"
            f"c.OwnerCheckedCollect.account_prefix = {prefix!r}\n")
    else:
        nbgrader = (
            "# Written by thamvan_lib.serving.hub at every hub start: a trainee's nbgrader settings.\n"
            "import os\n\n"
            "c = get_config()  # noqa: F821\n"
            f"c.CourseDirectory.course_id = {class_list.course_id!r}\n"
            f"c.Exchange.root = {str(exchange)!r}\n"
            "# the hub name (hv-an), not the system account (jupyter-hv-an)\n"
            "c.CourseDirectory.student_id = os.environ['JUPYTERHUB_USER']\n")
    (folder / "nbgrader_config.py").write_text(nbgrader, encoding="utf-8")
    (folder / "jupyter_server_config.json").write_text(
        json.dumps(server_config(trainer, class_list), indent=1) + "\n", encoding="utf-8")


def server_config(trainer: bool, class_list: ClassList | None = None) -> dict:
    """The Jupyter server settings of a role (also ``deploy/z2jh/config/<role>/``): the home
    page, the dashboards the class list keeps warm and those of its programme as its sessions
    come; for trainees, Voila and nothing else."""
    config = {"ServerApp": dict(KIT_PAGES)} if trainer else \
        {"ServerApp": {**KIT_PAGES,
                       "jpserver_extensions": {**{e: False for e in TRAINEE_OFF_EXTENSIONS},
                                               **KIT_PAGES["jpserver_extensions"]},
                       "terminals_enabled": False}}
    # tornado reads a request's whole body before any handler (or login check) sees it: a
    # trainee's pages send a few kilobytes; the trainer's JupyterLab uploads in 1 MB pieces
    config["ServerApp"]["max_body_size"] = TRAINER_MAX_BODY_BYTES if trainer else TRAINEE_MAX_BODY_BYTES
    # each warm page holds a kernel (≈ 55–75 MB, forked) per person, from the hub's start to its end
    pages = {f"dashboards/{name}.ipynb": 1 for name in (class_list.warm_pages if class_list else ())}
    config["WarmPagesKernelManager"] = {"pages": pages}
    if class_list is not None and class_list.programme:
        config["WarmPagesKernelManager"] |= {"programme": class_list.programme,
                                             "first_day": class_list.first_day.isoformat()}
    return config


def _add_students(course, class_list: ClassList) -> None:
    """Trainees in the gradebook with their names, so formgrader and exports show them."""
    from ..grading.config import quiet_logs

    with quiet_logs(), course.api().gradebook as gradebook:
        for person in class_list.trainees:
            last, _, first = person.name.rpartition(" ")
            gradebook.update_or_create_student(person.username, first_name=first, last_name=last)


def _secret_file(path: Path, make) -> str:
    if not path.exists():
        _write_private(path, make())
    return path.read_text(encoding="utf-8").strip()


def admin_token(workshop: Path) -> str:
    """The token of the ``thamvan-admin`` service (hub admin), for scripts and tests."""
    return os.environ.get("THAMVAN_HUB_API_TOKEN") or \
        _secret_file(state_dir(workshop) / "admin-token", lambda: secrets.token_hex(32))


def idle_culler_service(python: str = sys.executable) -> dict | None:
    """The hub service stopping servers idle for ``IDLE_SERVER_SECONDS``, or None when the
    ``jupyterhub-idle-culler`` package is not installed. Users are kept (``--cull-users``
    stays off): a stopped server starts again at the next login, with everything saved."""
    if importlib.util.find_spec(IDLE_CULLER) is None:
        return None
    return {"name": IDLE_CULLER_SERVICE,
            "command": [python, "-m", IDLE_CULLER, f"--timeout={IDLE_SERVER_SECONDS}",
                        f"--cull-every={IDLE_CHECK_SECONDS}", "--concurrency=2"]}


def idle_culler_role() -> dict:
    """The least the culler needs (its README): read who is active, stop servers."""
    return {"name": "idle-culler", "services": [IDLE_CULLER_SERVICE],
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]}


def singleuser_args() -> list[str]:
    """Command-line options of every user server: Voila locked down as in ``thamvan start``."""
    args = [
        "--VoilaConfiguration.template=thamvan", "--VoilaConfiguration.theme=light",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        "--VoilaConfiguration.show_tracebacks=False",
        *(f"--VoilaConfiguration.extension_denylist={name}" for name in server.LAB_ONLY_EXTENSIONS),
        *kernel_options(),
        # the pages' kernels over Unix sockets in the account's own runtime folder (accounts.runtime_dir);
        # not nbgrader's own kernels, whose connection files it keeps elsewhere
        "--ServerKernelManager.transport=ipc",
        # kernels forked from the hub's fork server (serving/forks), as the account
        f"--KernelProvisionerFactory.default_provisioner_name={forks.PROVISIONER_NAME}",
        # as a server extension, Voila's pages load MathJax from a CDN: the dashboards have no
        # maths, so give them an empty script in the address itself (no request, no error;
        # the "?config=…" Voila appends falls in the script's comment)
        "--ServerApp.tornado_settings=mathjax_url=data:text/javascript,//",
    ]
    return args  # never --allow-root: each server runs as its person's account


@dataclass
class HubSettings:
    class_list: Path
    workshop: Path
    port: int = 8000
    ip: str = "127.0.0.1"
    hub_port: int = 0
    proxy_api_port: int = 0
    account_prefix: str = accounts.DEFAULT_PREFIX
    memory_mb: int = 2048
    cpus: float = 1.0
    disk_mb: int = disk_guard.DEFAULT_LIMIT_MB
    prestart: bool = True

    @classmethod
    def from_environment(cls) -> "HubSettings":
        env = os.environ
        return cls(class_list=Path(env.get("THAMVAN_CLASS") or example_class()),
                   workshop=Path(env.get("THAMVAN_WORKSHOP") or default_workshop()),
                   port=int(env.get("THAMVAN_HUB_PORT") or 8000),
                   ip=env.get("THAMVAN_HUB_IP") or "127.0.0.1",
                   hub_port=int(env.get("THAMVAN_HUB_INTERNAL_PORT") or 0),
                   proxy_api_port=int(env.get("THAMVAN_PROXY_API_PORT") or 0),
                   account_prefix=env.get("THAMVAN_ACCOUNT_PREFIX") or accounts.DEFAULT_PREFIX,
                   memory_mb=int(env.get("THAMVAN_MEMORY_LIMIT_MB") or 2048),
                   cpus=float(env.get("THAMVAN_CPU_LIMIT") or 1.0),
                   disk_mb=int(env.get(disk_guard.LIMIT_VARIABLE) or disk_guard.DEFAULT_LIMIT_MB),
                   prestart=env.get(PRESTART_VARIABLE, "1") != "0")


def default_workshop() -> Path:
    """Where a class's homes and hub state live: beside the system's services when run as
    root (a home under /root could not be reached by the trainees' accounts)."""
    from ..store import kit_home

    return Path("/srv/thamvan/workshop") if accounts.is_root() else kit_home() / "workshop"


def check_machine() -> None:
    """A class needs root (to make the accounts) and a kit every account can read."""
    if not accounts.is_root():
        raise KitError("hub.not_root")
    for path in (Path(__file__).resolve().parent.parent, Path(sys.prefix), Path(os.path.realpath(sys.executable))):
        blocked = accounts.not_reachable_by_others(path)
        if blocked is not None:
            raise KitError("hub.not_reachable", path=blocked)


def state_dir(workshop: Path) -> Path:
    """The hub's own files (database, cookie secret, tokens, password hashes): root only."""
    state = Path(workshop) / "hub"
    state.mkdir(parents=True, exist_ok=True)
    os.chmod(state, 0o700)
    return state


DISK_GUARD_SERVICE = "disk-guard"


def disk_guard_service(people: dict[str, str], trainer_account: str, disk_mb: int) -> dict:
    return {"name": DISK_GUARD_SERVICE,
            "command": [sys.executable, "-m", "thamvan_lib.serving.disk_guard"],
            "environment": {"THAMVAN_ACCOUNTS": json.dumps(people),
                            "THAMVAN_TRAINER_ACCOUNT": trainer_account,
                            disk_guard.LIMIT_VARIABLE: str(disk_mb)}}


def disk_guard_role() -> dict:
    return {"name": DISK_GUARD_SERVICE, "services": [DISK_GUARD_SERVICE],
            "scopes": ["list:users", "read:servers", "delete:servers"]}


PRESTART_SERVICE = "prestart"


def prestart_service(users: list[str]) -> dict:
    return {"name": PRESTART_SERVICE, "command": [sys.executable, "-m", "thamvan_lib.serving.prestart"],
            "environment": {"THAMVAN_PRESTART_USERS": json.dumps(users)}}


def prestart_role() -> dict:
    """The least it needs: who the users are, whether their servers run, and starting them."""
    return {"name": PRESTART_SERVICE, "services": [PRESTART_SERVICE],
            "scopes": ["list:users", "read:servers", "start:servers"]}


def configure(c, settings: HubSettings | None = None) -> ClassList:
    """Fill a JupyterHub config object for the workshop (deploy/jupyterhub_config.py)."""
    settings = settings or HubSettings.from_environment()
    class_list = load_class_list(settings.class_list)
    check_machine()
    prefix = settings.account_prefix
    workshop = Path(settings.workshop).resolve()
    workshop.mkdir(parents=True, exist_ok=True)
    blocked = accounts.not_reachable_by_others(workshop.parent)
    if blocked is not None:  # the homes are in the workshop folder: every account must get there
        raise KitError("hub.not_reachable", path=blocked)
    people = {p.username: accounts.account_name(prefix, p.username) for p in class_list.people}
    for person in class_list.people:  # before anything is written, so all or none exist
        accounts.ensure_account(people[person.username], workshop / "users" / person.username, person.name)
    for secret in (locations.exercises(), locations.trainer()):
        accounts.keep_from_others(secret)  # answer keys and trainer notes: root (and the hub) only
    prepare_workshop(class_list, workshop, prefix)
    state = state_dir(workshop)
    ensure_passwords(class_list, workshop)
    bin_dir = Path(sys.executable).parent

    c.JupyterHub.ip = settings.ip
    c.JupyterHub.port = settings.port
    c.JupyterHub.hub_ip = "127.0.0.1"
    if settings.hub_port:
        c.JupyterHub.hub_port = settings.hub_port
    c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
    c.JupyterHub.cleanup_servers = True
    c.JupyterHub.cleanup_proxy = True
    # the pure-Python configurable-http-proxy from PyPI (no Node.js needed), answering the
    # browsers' WebSocket subprotocol (see hub_proxy)
    c.ConfigurableHTTPProxy.command = [sys.executable, "-m", "thamvan_lib.serving.hub_proxy"]
    c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
    if settings.proxy_api_port:
        c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"

    c.JupyterHub.authenticator_class = _hub_classes()["ClassListAuthenticator"]
    c.ClassListAuthenticator.password_file = str(state / "passwords.json")
    c.Authenticator.allowed_users = class_list.usernames
    c.Authenticator.admin_users = {class_list.trainer.username}

    c.JupyterHub.services = [{"name": "thamvan-admin", "api_token": admin_token(workshop)}]
    c.JupyterHub.load_roles = [{"name": "admin", "services": ["thamvan-admin"]}]
    culler = idle_culler_service()
    if culler:
        c.JupyterHub.services.append(culler)
        c.JupyterHub.load_roles.append(idle_culler_role())

    c.JupyterHub.spawner_class = _hub_classes()["ThamvanSpawner"]
    c.ThamvanSpawner.workshop = str(workshop)
    c.ThamvanSpawner.trainer = class_list.trainer.username
    c.ThamvanSpawner.account_prefix = prefix
    c.ThamvanSpawner.course_id = class_list.course_id
    c.ThamvanSpawner.memory_mb = settings.memory_mb
    c.ThamvanSpawner.cpus = settings.cpus
    c.ThamvanSpawner.disk_mb = settings.disk_mb
    c.JupyterHub.services.append(disk_guard_service(people, people[class_list.trainer.username],
                                                    settings.disk_mb))
    c.JupyterHub.load_roles.append(disk_guard_role())
    if settings.prestart:  # the trainer first (they prepare before the class), then the list's order
        c.JupyterHub.services.append(prestart_service([class_list.trainer.username] + [
            p.username for p in class_list.people if p.username != class_list.trainer.username]))
        c.JupyterHub.load_roles.append(prestart_role())
    c.Spawner.cmd = [str(bin_dir / "jupyterhub-singleuser")]
    c.Spawner.args = singleuser_args()
    c.Spawner.default_url = HOME_URL  # everyone lands on the home page; the trainer has /lab too
    c.Spawner.start_timeout = 120  # a class logging in at once on two cores
    c.Spawner.http_timeout = 120
    c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL", "VIRTUAL_ENV"]
    c.Spawner.environment = {"LANG": "C.UTF-8",
                             TIME_LIMIT_VARIABLE: str(TIME_LIMIT_SECONDS)}
    return class_list


# --- the command --------------------------------------------------------------------

def hub_command(settings: HubSettings, reset: tuple[str, ...] = ()) -> tuple[list[str], dict[str, str]]:
    """The JupyterHub command line and environment ``thamvan hub`` runs."""
    env = dict(os.environ)
    env.update(THAMVAN_CLASS=str(Path(settings.class_list).resolve()),
               THAMVAN_WORKSHOP=str(Path(settings.workshop).resolve()),
               THAMVAN_HUB_PORT=str(settings.port), THAMVAN_HUB_IP=settings.ip,
               THAMVAN_ACCOUNT_PREFIX=settings.account_prefix,
               **{PRESTART_VARIABLE: "1" if settings.prestart else "0"})
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join([bin_dir, env.get("PATH", "")])
    command = [sys.executable, "-m", "jupyterhub", "-f", str(config_file())]
    return command, env

