"""SQLite persistence of a learner's progress and self-check answers.

The database is one file under the kit home folder (``THAMVAN_HOME``,
by default ``~/.thamvan``), so progress survives a closed tab, a dead
kernel and a server restart.
"""

from __future__ import annotations

import getpass
import json
import os
import secrets
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

from .i18n import LANGUAGES, language

SCHEMA = """
CREATE TABLE IF NOT EXISTS checklist (
    learner TEXT NOT NULL, step_id TEXT NOT NULL, item_id TEXT NOT NULL,
    done INTEGER NOT NULL, updated_at TEXT NOT NULL,
    PRIMARY KEY (learner, step_id, item_id));
CREATE TABLE IF NOT EXISTS answers (
    learner TEXT NOT NULL, step_id TEXT NOT NULL, question_id TEXT NOT NULL,
    correct INTEGER NOT NULL, answered_at TEXT NOT NULL,
    PRIMARY KEY (learner, step_id, question_id));
CREATE TABLE IF NOT EXISTS settings (
    learner TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, updated_at TEXT NOT NULL,
    PRIMARY KEY (learner, key));
CREATE TABLE IF NOT EXISTS drafts (
    learner TEXT NOT NULL, kind TEXT NOT NULL, data TEXT NOT NULL, updated_at TEXT NOT NULL,
    PRIMARY KEY (learner, kind));
CREATE TABLE IF NOT EXISTS roleplay_results (
    learner TEXT NOT NULL, scenario_id TEXT NOT NULL, data TEXT NOT NULL, saved_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS damaged_drafts (
    learner TEXT NOT NULL, kind TEXT NOT NULL, data TEXT NOT NULL, set_aside_at TEXT NOT NULL);
"""

# What the learner reads when a draft could not be read back (content/messages/kit.yaml).
DAMAGED_DRAFT = "store.draft_damaged"
# What decoding a damaged draft raises: bad JSON, or a dict its document refuses.
_UNREADABLE = (ValueError, TypeError, AttributeError, KeyError)


class Draft(NamedTuple):
    """A draft read back: its value (None when there is none), and whether the saved text
    was damaged (then it was set aside, ``value`` is None and the learner starts clean)."""

    value: Any = None
    damaged: bool = False


LANGUAGE_SETTING = "lang"  # the learner's choice of language, in the store's settings


def preferred_language(store: Store | None = None) -> str:
    """The language the learner chose on the home page, else ``THAMVAN_LANG``'s.

    Without a ``store``, the current learner's is read.
    """
    chosen = (store or Store()).get_setting(LANGUAGE_SETTING)
    return chosen if chosen in LANGUAGES else language()


def kit_home() -> Path:
    home = Path(os.environ.get("THAMVAN_HOME") or Path.home() / ".thamvan")
    home.mkdir(parents=True, exist_ok=True)
    return home


def current_learner() -> str:
    """The hub user when there is one, else ``THAMVAN_LEARNER``, else the OS user."""
    return (os.environ.get("JUPYTERHUB_USER") or os.environ.get("THAMVAN_LEARNER")
            or getpass.getuser())


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """A learner's saved work in one SQLite file."""

    def __init__(self, path: Path | str | None = None, learner: str | None = None):
        self.path = Path(path) if path else kit_home() / "thamvan.sqlite"
        self.learner = learner or current_learner()
        with closing(self._connect()) as db, db:
            db.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def set_done(self, step_id: str, item_id: str, done: bool) -> None:
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT INTO checklist VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
                "done = excluded.done, updated_at = excluded.updated_at",
                (self.learner, step_id, item_id, int(done), _now()))

    def done_items(self, step_id: str | None = None) -> set[tuple[str, str]]:
        """(step_id, item_id) pairs ticked by this learner."""
        query = "SELECT step_id, item_id FROM checklist WHERE learner = ? AND done = 1"
        args: tuple = (self.learner,)
        if step_id:
            query, args = query + " AND step_id = ?", args + (step_id,)
        with closing(self._connect()) as db:
            return set(db.execute(query, args).fetchall())

    def record_answer(self, step_id: str, question_id: str, correct: bool) -> None:
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT INTO answers VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
                "correct = excluded.correct, answered_at = excluded.answered_at",
                (self.learner, step_id, question_id, int(correct), _now()))

    def answers(self) -> dict[tuple[str, str], bool]:
        with closing(self._connect()) as db:
            rows = db.execute("SELECT step_id, question_id, correct FROM answers "
                              "WHERE learner = ?", (self.learner,)).fetchall()
        return {(s, q): bool(c) for s, q, c in rows}

    # Drafts of the plan documents (thamvan_lib/plan.py): one JSON text per kind of document.
    def save_draft(self, kind: str, data: str) -> None:
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT INTO drafts VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
                "data = excluded.data, updated_at = excluded.updated_at",
                (self.learner, kind, data, _now()))

    def load_draft(self, kind: str) -> str | None:
        with closing(self._connect()) as db:
            row = db.execute("SELECT data FROM drafts WHERE learner = ? AND kind = ?",
                             (self.learner, kind)).fetchone()
        return row[0] if row else None

    def save_json(self, kind: str, data: Any) -> None:
        """Keep ``data`` (anything ``json.dumps`` takes) as the draft of ``kind``."""
        self.save_draft(kind, json.dumps(data, ensure_ascii=False))

    def load_json(self, kind: str, decode: Callable[[Any], Any] | None = None) -> Draft:
        """The draft of ``kind``, decoded from JSON and then by ``decode`` (a document's
        ``from_dict``) when given.

        One policy for a draft that cannot be read back, whichever view saved it: its text
        is set aside (``damaged_drafts``, nothing is lost), the draft is removed so the
        learner starts clean, and ``damaged`` says so; the view shows ``DAMAGED_DRAFT``.
        """
        text = self.load_draft(kind)
        if text is None:
            return Draft()
        try:
            data = json.loads(text)
            return Draft(decode(data) if decode else data)
        except _UNREADABLE:
            with closing(self._connect()) as db, db:
                db.execute("INSERT INTO damaged_drafts VALUES (?, ?, ?, ?)",
                           (self.learner, kind, text, _now()))
                db.execute("DELETE FROM drafts WHERE learner = ? AND kind = ?", (self.learner, kind))
            return Draft(damaged=True)

    def everyone(self, kind: str) -> dict[str, str]:
        """The draft of ``kind`` of every learner kept in this file, by learner: what a trainer
        reads on a machine the class shares (the knowledge tests handed in there)."""
        with closing(self._connect()) as db:
            rows = db.execute("SELECT learner, data FROM drafts WHERE kind = ? ORDER BY learner",
                              (kind,)).fetchall()
        return dict(rows)

    def damaged_drafts(self, kind: str | None = None) -> list[dict]:
        """The drafts of this learner set aside as unreadable, newest first: ``kind``, ``data``,
        ``set_aside_at`` (for a trainer who wants to recover one by hand)."""
        query = "SELECT kind, data, set_aside_at FROM damaged_drafts WHERE learner = ?"
        args: tuple = (self.learner,)
        if kind:
            query, args = query + " AND kind = ?", args + (kind,)
        with closing(self._connect()) as db:
            rows = db.execute(query + " ORDER BY rowid DESC", args).fetchall()
        return [{"kind": k, "data": d, "set_aside_at": t} for k, d, t in rows]

    # The learner's preferences (the dashboards' language ...): one text per key.
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with closing(self._connect()) as db:
            row = db.execute("SELECT value FROM settings WHERE learner = ? AND key = ?",
                             (self.learner, key)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT INTO settings VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
                "value = excluded.value, updated_at = excluded.updated_at",
                (self.learner, key, value, _now()))

    def random_id(self) -> str:
        """A random id of this learner, made at first use and kept.

        What must differ between learners but stay the same for one (the order of the
        self-check options) derives from it; a name alone is guessable and may repeat."""
        kept = self.get_setting("random_id")  # a read: no write lock once the id exists
        if kept:
            return kept
        with closing(self._connect()) as db, db:
            # DO NOTHING: two kernels starting at once keep the first id, so both agree.
            db.execute("INSERT INTO settings VALUES (?, 'random_id', ?, ?) ON CONFLICT DO NOTHING",
                       (self.learner, secrets.token_hex(16), _now()))
            return db.execute("SELECT value FROM settings WHERE learner = ? AND key = 'random_id'",
                              (self.learner,)).fetchone()[0]

    # Finished role-plays (thamvan_lib/widgets/roleplay.py): the debrief as JSON, one row per play.
    def save_result(self, scenario_id: str, debrief_json: str) -> None:
        with closing(self._connect()) as db, db:
            db.execute("INSERT INTO roleplay_results VALUES (?, ?, ?, ?)",
                       (self.learner, scenario_id, debrief_json, _now()))

    def results(self, scenario_id: str | None = None) -> list[dict]:
        """This learner's finished plays, newest first: ``scenario_id``, ``data``, ``saved_at``."""
        query = "SELECT scenario_id, data, saved_at FROM roleplay_results WHERE learner = ?"
        args: tuple = (self.learner,)
        if scenario_id:
            query, args = query + " AND scenario_id = ?", args + (scenario_id,)
        with closing(self._connect()) as db:
            rows = db.execute(query + " ORDER BY saved_at DESC, rowid DESC", args).fetchall()
        return [{"scenario_id": s, "data": d, "saved_at": t} for s, d, t in rows]
