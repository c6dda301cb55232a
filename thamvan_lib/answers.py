"""What a trainee types on an exercise's answer sheet, read one way for everyone.

The sheet (``widgets/answer_sheet.py``) shows how each answer was read as it is typed, the
self-check cells and the grader's hidden tests read the same file with the same readers:
what the sheet accepts is what is graded. People write numbers the way they write them on
paper: ``370``, ``370 người``, ``0,05``, ``5%``, ``180.500.000``, ``2,95``; dates as
``31/07/2026``. A Vietnamese comma is a decimal comma; dots between groups of three digits
separate thousands.

Answers live in ``answers.json`` beside the exercise's notebook, so nbgrader's own submit,
collect and autograde carry them. A file that cannot be read is kept aside, never lost.

>>> read("int", "370 người").value, read("percent", "5%").value, read("number", "180.500.000").value
(370, 0.05, 180500000)
>>> read("number", "2,95").value, read("date", "31/7/2026").value
(2.95, '2026-07-31')
>>> read("int", "ba trăm").problem["en"]
'“ba trăm” is not a number: write digits, e.g. 123 or 0,05.'
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .content import load
from .i18n import LANGUAGES

ANSWER_FILE = "answers.json"
KINDS = ("int", "number", "percent", "percent_points", "date", "text", "long_text", "choice", "labels", "row")

_NUMBER = re.compile(r"[-+]?[\d.,\s]*\d")
_THOUSANDS_DOTS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_THOUSANDS_COMMAS = re.compile(r"^\d{1,3}(,\d{3}){2,}(\.\d+)?$")
_DATE_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


@dataclass(frozen=True)
class Reading:
    """An answer as read: its value (None when empty or unreadable), how it was read in
    both languages, or what is wrong with it."""

    value: object = None
    shown: dict | None = None
    problem: dict | None = None

    @property
    def empty(self) -> bool:
        return self.value is None and self.problem is None


def _both(key: str, **values) -> dict[str, str]:
    return load().both(key, **values)


def _decimal(value: float, lang: str) -> str:
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    if lang == "vi":  # 180.500.000 and 2,95
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text


def _shown(value) -> dict[str, str]:
    return {lang: _decimal(value, lang) for lang in LANGUAGES}


def _to_number(raw) -> tuple[float | None, bool]:
    """(the number written in ``raw``, whether a % sign followed it); None when none."""
    if isinstance(raw, bool):
        return None, False
    if isinstance(raw, (int, float)):
        return (float(raw) if math.isfinite(raw) else None), False
    text = str(raw).strip().replace("\u00a0", " ")
    percent = "%" in text
    match = _NUMBER.search(text)
    if not match or re.search(r"[^\W\d_%\s]", text[:match.start()]):  # words before the number
        return None, percent
    digits = re.sub(r"\s+", "", match.group())
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    if _THOUSANDS_DOTS.match(digits):
        digits = digits.replace(".", "").replace(",", ".")
    elif _THOUSANDS_COMMAS.match(digits):
        digits = digits.replace(",", "")
    elif "," in digits and "." not in digits and digits.count(",") == 1:
        digits = digits.replace(",", ".")  # the Vietnamese decimal comma
    try:
        return sign * float(digits), percent
    except ValueError:
        return None, percent


def read(kind: str, raw) -> Reading:
    """Read ``raw`` (what was typed, or a value) as an answer of ``kind``."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    if raw is None or isinstance(raw, str) and not raw.strip() and kind != "labels":
        return Reading()
    if kind in ("text", "long_text"):
        text = str(raw).strip()
        return Reading(text, {lang: f"“{text}”" for lang in LANGUAGES})
    if kind == "date":
        return _read_date(str(raw).strip())
    if kind == "choice":  # the sheet offers only its choices; the grader checks against them
        text = str(raw).strip()
        return Reading(text, {lang: text for lang in LANGUAGES})
    if kind == "row":
        return _read_row(raw)
    if kind == "labels":  # several codes: a list from the sheet's boxes, or "a, b" typed
        codes = raw if isinstance(raw, (list, tuple)) else re.split(r"[,;\s]+", str(raw))
        codes = sorted({str(c).strip() for c in codes if str(c).strip()})
        return Reading(codes, {lang: ", ".join(codes) for lang in LANGUAGES})
    value, percent = _to_number(raw)
    if value is None:
        return Reading(problem=_both("answers.not_a_number", got=str(raw).strip()))
    if kind == "percent_points":  # "45,5" or "45,5 %": percentage points, as the table shows them
        value = float(value)
        return Reading(int(value) if value.is_integer() else value,
                       {lang: f"{_decimal(value, lang)} %" for lang in LANGUAGES})
    if kind == "percent":
        if percent or value > 1:
            value = value / 100
        shown = {lang: f"{_decimal(value * 100, lang)} % ({_decimal(value, lang)})" for lang in LANGUAGES}
        return Reading(round(value, 10), shown)
    if percent:
        value = value / 100
    if kind == "int":
        if not float(value).is_integer():
            return Reading(problem=_both("answers.not_whole", got=str(raw).strip()))
        return Reading(int(value), _shown(value))
    return Reading(int(value) if float(value).is_integer() else value, _shown(value))


def _read_row(raw) -> Reading:
    """Whole numbers in a row of a table: ``1, 3, 2``, ``1 3 2`` or ``[1, 3, 2]``."""
    if isinstance(raw, (list, tuple)):
        parts = [str(x) for x in raw]
    else:
        parts = [p for p in re.split(r"[\s,;]+", str(raw).strip().strip("[]()")) if p]
    if not parts or not all(re.fullmatch(r"\d+", p) for p in parts):
        return Reading(problem=_both("answers.not_a_row", got=str(raw).strip()))
    values = [int(p) for p in parts]
    return Reading(values, {lang: " · ".join(str(v) for v in values) for lang in LANGUAGES})


def _read_date(text: str) -> Reading:
    found = _DATE_DMY.match(text)
    day = month = year = None
    if found:
        day, month, year = (int(g) for g in found.groups())
    elif _DATE_ISO.match(text):
        year, month, day = (int(g) for g in _DATE_ISO.match(text).groups())
    try:
        date = dt.date(year, month, day) if year else None
    except ValueError:
        date = None
    if date is None:
        return Reading(problem=_both("answers.not_a_date", got=text))
    return Reading(date.isoformat(), {lang: f"{date:%d/%m/%Y}" for lang in LANGUAGES})


# --- the answer file -----------------------------------------------------------------------

class AnswerFile:
    """``answers.json`` in ``folder``: what was typed, item by item, saved at every change."""

    def __init__(self, folder: Path | str = "."):
        self.path = Path(folder) / ANSWER_FILE

    def load(self) -> dict[str, object]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not an object")
            return data
        except (OSError, ValueError):
            # damaged (a crash mid-write on another tool): kept aside for the trainer, not lost
            aside = self.path.with_name(f"answers.damaged-{time.strftime('%Y%m%d-%H%M%S')}.json")
            os.replace(self.path, aside)
            return {}

    def save(self, answers: dict[str, object]) -> None:
        """Written to a temporary file then renamed: a killed kernel leaves the old or the new
        file, never half of one."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".answers-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(answers, f, ensure_ascii=False, indent=1)
        os.replace(temporary, self.path)

    def put(self, item: str, raw) -> None:
        answers = self.load()
        answers[item] = raw
        self.save(answers)


# --- the sheets -----------------------------------------------------------------------------

def sheet_spec(exercise: str):
    """The answer sheet of ``exercise`` (``content/exercises/sheets/<exercise>.yaml``)."""
    from .content import load_kind

    return load_kind("sheet", name=exercise)


def read_item(item, raw) -> Reading:
    """``raw`` read as the sheet's ``item`` asks, its limits included."""
    reading = read(item.kind, raw)
    if item.kind == "choice" and reading.value is not None and reading.value not in choice_ids(item):
        return Reading(problem=_both("answers.not_a_choice", got=reading.value))
    if item.kind == "labels" and reading.value is not None:
        unknown = [c for c in reading.value if c not in choice_ids(item)]
        if unknown:
            return Reading(problem=_both("answers.not_a_choice", got=", ".join(unknown)))
    if item.kind == "row" and reading.value is not None and item.size and len(reading.value) != item.size:
        return Reading(problem=_both("answers.row_size", size=item.size, got=len(reading.value)))
    low = item.low if item.low is not None else -math.inf
    high = item.high if item.high is not None else math.inf
    if isinstance(reading.value, (int, float)) and not low <= reading.value <= high:
        return Reading(problem=_both("answers.out_of_range", low=_decimal(low, "vi") if item.low is not None else "…",
                                     high=_decimal(high, "vi") if item.high is not None else "…"))
    return reading


def choices(item) -> list[tuple[str, dict]]:
    """(id, name in both languages) of what a choice item offers: its rubric's criteria, then
    its own choices."""
    offered = []
    if item.rubric:
        from .roleplay.loading import load_rubrics

        offered += [(c.id, {"vi": c.name.vi, "en": c.name.en}) for c in load_rubrics()[item.rubric].criteria]
    offered += [(c.id, {"vi": c.label.vi, "en": c.label.en}) for c in item.choices]
    return offered


def choice_ids(item) -> set[str]:
    return {ident for ident, _ in choices(item)}


def read_sheet(exercise: str, folder: Path | str = ".") -> dict[str, object]:
    """Every answer of the sheet in ``folder`` (the notebook's), by item id: the value read,
    or None when empty or unreadable. The grader's hidden tests start from this."""
    typed = AnswerFile(folder).load()
    return {item.id: read_item(item, typed.get(item.id)).value for item in sheet_spec(exercise).items}
