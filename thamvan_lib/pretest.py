"""The workshop's knowledge test (pre-test, post-test) and its end-of-workshop evaluation:
the question bank, its keys, the hand-ins and the trainer's results.

Trainees receive ``content/pretest/questions.yaml``: two parallel forms of multiple-choice
questions over phases 1–5 (form A before the workshop, form B after it), with no key. The
keys are the kit's ``trainer/tests/dap-an.yaml``; on a class hub that folder is root's only
and the hub copies the keys into the trainer's course (``copy_keys``), where the trainer's
server reads them. ``problems`` checks that the forms are parallel (the same number of
questions of each level in every phase, at least three) and that the keys fit them.

Where hand-ins go (``Inbox``): on one machine, the learner's store (``Store.everyone`` gives
the trainer everyone's); on the hub, nbgrader's exchange (``grading.handin``), which a trainee
may write to and never read. Each form is handed in once.

>>> bank = load_questions()
>>> [f.use for f in bank.forms], [len(questions_of(f, 1)) for f in bank.forms]
(['pre', 'post'], [3, 3])
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import locations
from .content import ContentError, load, load_file, load_kind
from .errors import KitError
from .schema.pretest import ASPECTS, EvaluationFile, Form, Key, KeyFile, Question, QuestionFile
from .store import Store, current_learner, kit_home

PHASES = (1, 2, 3, 4, 5)
MIN_PER_PHASE = 3
KINDS = ("pre", "post", "evaluation")
# the hand-ins' names in nbgrader's exchange (never an exercise's name)
ASSIGNMENTS = {"pre": "kiem-tra-dau-khoa", "post": "kiem-tra-cuoi-khoa", "evaluation": "danh-gia-khoa-hoc"}
KEYS_NAME = "dap-an.yaml"
HUB_KEYS = Path("kiem-tra") / KEYS_NAME  # under the trainer's course on the hub


def _error(path: str, item: str, field_name: str, key: str, **values) -> ContentError:
    text = load().both(f"pretest.check.{key}", **values)
    return ContentError(path, item, field_name, text["vi"], text["en"])


# --- the bank -------------------------------------------------------------------------

def questions_of(form: Form, phase: int) -> list[Question]:
    return [q for q in form.questions if q.phase == phase]


def form_for(bank: QuestionFile, use: str) -> Form:
    """The form of the pre-test (``"pre"``) or of the post-test (``"post"``)."""
    return next(f for f in bank.forms if f.use == use)


def problems(bank: QuestionFile, path: str = "pretest/questions.yaml") -> list[ContentError]:
    """Where the two forms are not parallel: a phase with too few questions, or not the same
    levels in both forms."""
    found = []
    for phase in PHASES:
        levels = {}
        for form in bank.forms:
            mine = questions_of(form, phase)
            if len(mine) < MIN_PER_PHASE:
                found.append(_error(path, form.id, "questions", "few", phase=phase, count=len(mine),
                                    least=MIN_PER_PHASE))
            levels[form.id] = Counter(q.level for q in mine)
        first, second = (levels[f.id] for f in bank.forms)
        if first != second:
            found.append(_error(path, f"P{phase}", "level", "not_parallel", phase=phase))
    return found


def load_questions(root: Path | str | None = None) -> QuestionFile:
    """The question bank (trainees' side, no keys), checked; the first problem is raised."""
    bank = load_kind("pretest", root)
    found = problems(bank)
    if found:
        raise found[0]
    return bank


def load_evaluation(root: Path | str | None = None) -> EvaluationFile:
    return load_kind("evaluation", root)


# --- the keys (trainer only) ----------------------------------------------------------------

def _on_hub() -> bool:
    return bool(os.environ.get("JUPYTERHUB_USER"))


def course_root() -> Path:
    """The trainer's course folder: the hub's (the trainer's home) or ``THAMVAN_HOME/course``."""
    from .grading.course import trainer_course

    return trainer_course().root


def keys_file() -> Path | None:
    """The keys the trainer's server can read: the kit's ``trainer/tests``, else the hub's copy."""
    for path in (locations.trainer() / "tests" / KEYS_NAME, course_root() / HUB_KEYS):
        if path.is_file() and os.access(path, os.R_OK):
            return path
    return None


def key_problems(keys: KeyFile, bank: QuestionFile, path: str = KEYS_NAME) -> list[ContentError]:
    """A question without a key, a key naming no option, a key of no question."""
    found = []
    for form in bank.forms:
        for q in form.questions:
            key = keys.keys.get(q.id)
            if key is None:
                found.append(_error(path, q.id, "keys", "no_key"))
            elif key.answer not in {o.id for o in q.options}:
                found.append(_error(path, q.id, "answer", "not_an_option", answer=key.answer))
    known = {q.id for f in bank.forms for q in f.questions}
    found += [_error(path, ident, "keys", "unknown") for ident in keys.keys if ident not in known]
    return found


def load_keys(path: Path | str | None = None, bank: QuestionFile | None = None) -> dict[str, Key]:
    """The keys, checked against the bank; ``KitError`` when the trainer's server has none."""
    path = Path(path) if path else keys_file()
    if path is None:
        raise KitError("pretest.no_keys")
    keys = load_file(path, KeyFile, path.parent)
    found = key_problems(keys, bank or load_questions(), path.name)
    if found:
        raise found[0]
    return dict(keys.keys)


def checked_bank(root: Path | str | None = None) -> QuestionFile:
    """For ``thamvan check-content``: the bank, and its keys where this machine has them."""
    bank = load_questions(root)
    path = keys_file()
    if path is not None:
        load_keys(path, bank)
    return bank


def copy_keys(course: Path) -> Path | None:
    """On the hub (run as root before the servers start): the keys into the trainer's course,
    the only copy the trainer's server can read. Nothing when the kit has no keys."""
    source = locations.trainer() / "tests" / KEYS_NAME
    if not source.is_file():
        return None
    target = Path(course) / HUB_KEYS
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    os.chmod(target, 0o600)
    return target


# --- hand-ins -------------------------------------------------------------------------------

@dataclass
class Submission:
    """One trainee's handed-in form: ``kind`` pre / post / evaluation; ``answers`` question id →
    option id (tests), or rating id → 1…5 and comment id → text (evaluation)."""

    learner: str
    kind: str
    answers: dict = field(default_factory=dict)
    time: str = ""    # "dd/mm/yyyy HH:MM", local time
    form: str = ""    # "a" / "b" for a test

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Submission":
        if not isinstance(data, dict) or data.get("kind") not in KINDS or not isinstance(data.get("answers"), dict):
            raise ValueError("not a hand-in")
        return cls(str(data.get("learner") or ""), data["kind"], dict(data["answers"]),
                   str(data.get("time") or ""), str(data.get("form") or ""))


def draft_kind(kind: str) -> str:
    return f"pretest:{kind}:draft"


def sent_kind(kind: str) -> str:
    return f"pretest:{kind}"


class Inbox:
    """Where a form is handed in and where the trainer finds everyone's."""

    def send(self, store: Store, submission: Submission) -> None:
        raise NotImplementedError

    def collected(self, kind: str) -> dict[str, Submission]:
        raise NotImplementedError


def _read(found: dict[str, object], kind: str) -> dict[str, Submission]:
    out = {}
    for learner, data in found.items():
        try:
            sub = Submission.from_dict(data)
        except ValueError:
            continue
        if sub.kind == kind:
            sub.learner = learner  # whose it is: the store's row or the exchange's owner, not the text
            out[learner] = sub
    return out


class StoreInbox(Inbox):
    """One machine: the hand-in is kept in the learner's store, where the trainer reads everyone's."""

    def __init__(self, path: Path | None = None):
        self.path = path

    def send(self, store: Store, submission: Submission) -> None:
        store.save_json(sent_kind(submission.kind), submission.to_dict())

    def collected(self, kind: str) -> dict[str, Submission]:
        import json

        rows = Store(self.path).everyone(sent_kind(kind))
        parsed = {}
        for learner, text in rows.items():
            try:
                parsed[learner] = json.loads(text)
            except ValueError:
                continue
        return _read(parsed, kind)


class ExchangeInbox(Inbox):
    """The class hub: hand-ins through nbgrader's exchange (``grading.handin``)."""

    def __init__(self, exchange: Path, course_id: str, work: Path | None = None, course: Path | None = None):
        self.exchange, self.course_id = Path(exchange), course_id
        self.work = work or kit_home() / "nop-bai"
        self.course = course or course_root()

    def send(self, store: Store, submission: Submission) -> None:
        from .grading.handin import hand_in

        hand_in(self.exchange, self.course_id, store.learner, ASSIGNMENTS[submission.kind],
                submission.to_dict(), self.work)
        store.save_json(sent_kind(submission.kind), submission.to_dict())  # the trainee's own receipt

    def collected(self, kind: str) -> dict[str, Submission]:
        from .grading.handin import collect

        return _read(collect(self.course, self.exchange, self.course_id, ASSIGNMENTS[kind]), kind)


def inbox() -> Inbox:
    """The hub's exchange on a hub server, else the store of this machine."""
    if _on_hub():
        from .grading.config import COURSE_ID

        env = os.environ
        return ExchangeInbox(Path(env.get("THAMVAN_EXCHANGE") or "/srv/nbgrader/exchange"),
                             env.get("THAMVAN_COURSE_ID") or COURSE_ID)
    return StoreInbox()


def handed_in(store: Store, kind: str) -> Submission | None:
    """This learner's hand-in of ``kind``, if any (a form goes in once)."""
    data = store.load_json(sent_kind(kind)).value
    try:
        return Submission.from_dict(data) if data is not None else None
    except ValueError:
        return None


def hand_in(store: Store, kind: str, answers: dict, box: Inbox | None = None, form: str = "",
            now: dt.datetime | None = None) -> Submission:
    """Hand in ``answers`` once; a second time is refused (``KitError``)."""
    if handed_in(store, kind) is not None:
        raise KitError("pretest.already")
    submission = Submission(store.learner or current_learner(), kind, dict(answers),
                            (now or dt.datetime.now()).strftime("%d/%m/%Y %H:%M"), form)
    (box or inbox()).send(store, submission)
    return submission


# --- scores, gains, evaluation -----------------------------------------------------------

def score(form: Form, answers: dict, keys: dict[str, Key]) -> dict[int, tuple[int, int]]:
    """Right answers and questions per phase: {phase: (right, total)}; a blank is wrong."""
    out = {}
    for phase in PHASES:
        mine = questions_of(form, phase)
        right = sum(1 for q in mine if q.id in keys and answers.get(q.id) == keys[q.id].answer)
        out[phase] = (right, len(mine))
    return out


def percent(right: int, total: int) -> float | None:
    return round(100 * right / total, 1) if total else None


def results(pre: dict[str, Submission], post: dict[str, Submission], bank: QuestionFile,
            keys: dict[str, Key]):
    """One row per trainee and phase (and phase 0: the whole test): right answers before and
    after, their percentages and the gain in points (post − pre; empty until both are in)."""
    import pandas as pd

    rows = []
    for learner in sorted(set(pre) | set(post)):
        scored = {}
        for use, subs in (("pre", pre), ("post", post)):
            if learner in subs:
                scored[use] = score(form_for(bank, use), subs[learner].answers, keys)
        for phase in (0, *PHASES):
            row = {"trainee": learner, "phase": phase}
            for use in ("pre", "post"):
                if use in scored:
                    right, total = (sum(x[0] for x in scored[use].values()), sum(x[1] for x in scored[use].values())) \
                        if phase == 0 else scored[use][phase]
                    row.update({f"{use}_right": right, f"{use}_total": total, f"{use}_percent": percent(right, total)})
                else:
                    row.update({f"{use}_right": None, f"{use}_total": None, f"{use}_percent": None})
            both = row["pre_percent"] is not None and row["post_percent"] is not None
            row["gain"] = round(row["post_percent"] - row["pre_percent"], 1) if both else None
            rows.append(row)
    columns = ["trainee", "phase", "pre_right", "pre_total", "pre_percent", "post_right", "post_total",
               "post_percent", "gain"]
    return pd.DataFrame(rows, columns=columns)


def by_phase(table):
    """The class per phase (0: the whole test): mean percentage before, after, and the mean
    gain of those who took both."""
    import pandas as pd

    rows = []
    for phase in (0, *PHASES):
        part = table[table["phase"] == phase]
        pre, post = part["pre_percent"].dropna(), part["post_percent"].dropna()
        gains = part["gain"].dropna()
        rows.append({"phase": phase, "pre_count": len(pre), "pre_mean": round(pre.mean(), 1) if len(pre) else None,
                     "post_count": len(post), "post_mean": round(post.mean(), 1) if len(post) else None,
                     "gain_mean": round(gains.mean(), 1) if len(gains) else None})
    return pd.DataFrame(rows)


def evaluation_table(evaluations: dict[str, Submission], form: EvaluationFile):
    """One row per rating: its aspect, how many rated it, the mean, and the count of each score."""
    import pandas as pd

    rows = []
    for rating in form.ratings:
        given = [int(s.answers[rating.id]) for s in evaluations.values()
                 if str(s.answers.get(rating.id, "")).isdigit() and 1 <= int(s.answers[rating.id]) <= 5]
        counts = Counter(given)
        rows.append({"id": rating.id, "aspect": rating.aspect, "count": len(given),
                     "mean": round(sum(given) / len(given), 2) if given else None,
                     **{str(n): counts.get(n, 0) for n in range(1, 6)}})
    return pd.DataFrame(rows, columns=["id", "aspect", "count", "mean", "1", "2", "3", "4", "5"])


def aspect_means(table) -> dict[str, float | None]:
    """The mean score of each aspect (content, methods, trainer, organisation), over its ratings."""
    out = {}
    for aspect in ASPECTS:
        part = table[table["aspect"] == aspect]
        total = sum(int(n) * part[str(n)].sum() for n in range(1, 6))
        count = part["count"].sum()
        out[aspect] = round(float(total) / float(count), 2) if count else None
    return out


def comments(evaluations: dict[str, Submission], form: EvaluationFile) -> dict[str, list[str]]:
    """The open comments, by question: what was written, blank ones left out (no names)."""
    return {c.id: [str(s.answers[c.id]).strip() for _, s in sorted(evaluations.items())
                   if str(s.answers.get(c.id) or "").strip()] for c in form.comments}


@dataclass
class ClassResults:
    """Everything the trainer's summary shows, read once: the hand-ins, the gains (None without
    keys) and the evaluation."""

    pre: dict
    post: dict
    evaluations: dict
    table: object = None      # ``results`` (None: no keys on this server)
    phases: object = None     # ``by_phase``
    ratings: object = None    # ``evaluation_table``
    aspects: dict = field(default_factory=dict)
    comments: dict = field(default_factory=dict)


def class_results(box: Inbox | None = None, keys: dict[str, Key] | None = None,
                  root: Path | str | None = None) -> ClassResults:
    """The class's hand-ins from ``box`` (default: this server's ``inbox()``), scored with
    ``keys`` (default: ``load_keys()``; without keys, the gains stay empty)."""
    box = box or inbox()
    bank, form = load_questions(root), load_evaluation(root)
    pre, post, evaluations = (box.collected(kind) for kind in KINDS)
    if keys is None:
        try:
            keys = load_keys(bank=bank)
        except KitError:
            keys = None
    found = ClassResults(pre, post, evaluations)
    if keys is not None:
        found.table = results(pre, post, bank, keys)
        found.phases = by_phase(found.table)
    found.ratings = evaluation_table(evaluations, form)
    found.aspects = aspect_means(found.ratings)
    found.comments = comments(evaluations, form)
    return found
