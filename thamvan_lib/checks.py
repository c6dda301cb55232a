"""Grading helpers for the graded exercises (``exercises/``), in the spirit of Kaggle's learntools.

A test cell of an exercise says *what* is checked; this module does the counting and
explains, in Vietnamese first and English second, every point lost:

* ``grade_labels``: labels given to items (criteria a moderator's turn follows or breaks);
* ``grade_table`` / ``grade_value``: numbers in a table or a single value (statistics,
  an allocation, a percentage), each row earning its share;
* ``grade_findings``: errors found in a document, scored on how many were found
  (recall), how many were named right, and how few false alarms were raised (precision);
* ``grade_plan``: key fields of a consultation plan, checked by ``plan.validate_plan``,
  with partial credit per group of fields;
* ``grade_questions``: rewritten questions, checked by ``questionnaire.check_question``.

Each returns a ``Grade``: points per criterion, the reasons, ``show()`` to print them and
``score`` for nbgrader. nbgrader reads a test cell whose output is a single number as
partial credit (``nbgrader.utils.determine_grade``), so a test cell ends with::

    ket_qua = grade_value(co_mau, 370, points=2, label=...)
    ket_qua.show()
    ket_qua.score          # the LAST LINE: the points earned, read by nbgrader

Nothing may be written to stderr in a test cell: nbgrader gives 0 for it.

``format_check`` serves the ungraded self-check cells: it says what is malformed (the
wrong type, not one of the allowed choices, empty) and never whether the answer is right.

>>> g = grade_value(385, 370, points=2, label={"vi": "Cỡ mẫu", "en": "Sample size"})
>>> g.score, g.max_points
(0.0, 2.0)
>>> print(g.report("en"))   # doctest: +NORMALIZE_WHITESPACE
Sample size: 0/2 points
  ✗ Sample size (lost 2 points): you wrote 385: not right. Check the method and the figures of the exercise.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .content import load
from .i18n import LANGUAGES, in_languages
from .roleplay.loading import load_rubrics


# --- texts ------------------------------------------------------------------------

def _both(key: str, **values) -> dict[str, str]:
    """A message of ``checks.yaml`` in both languages; {"vi", "en"} values follow the language."""
    return load().both(key, **values)


def number(value, lang: str) -> str:
    """A number as people write it: 2,5 in Vietnamese, 2.5 in English; whole numbers bare.

    >>> number(2.5, "vi"), number(2.5, "en"), number(3.0, "vi"), number(1/3, "vi")
    ('2,5', '2.5', '3', '0,33')
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    text = f"{round(float(value), 2):g}"
    return text.replace(".", ",") if lang == "vi" else text


def _shown(value, lang: str) -> str:
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, (list, tuple)):
        return "[" + "; ".join(_shown(v, lang) for v in value) + "]"
    return number(value, lang)


def _shown_both(value) -> dict[str, str]:
    return {lang: _shown(value, lang) for lang in LANGUAGES}


# --- a grade ----------------------------------------------------------------------

@dataclass(frozen=True)
class Part:
    """One criterion of a grade: its share of the points and why any were lost."""

    id: str
    label: dict
    max_points: float
    points: float
    reasons: tuple = ()          # each {"vi": …, "en": …}


@dataclass(frozen=True)
class Grade:
    title: dict
    parts: tuple[Part, ...] = field(default_factory=tuple)
    notes: tuple = ()            # reasons that concern the whole answer

    @property
    def max_points(self) -> float:
        return float(round(sum(p.max_points for p in self.parts), 2))

    @property
    def score(self) -> float:
        """The points earned, rounded to 2 decimals, between 0 and the maximum."""
        total = round(sum(p.points for p in self.parts), 2)
        return float(min(max(total, 0.0), self.max_points))

    @property
    def lost(self) -> list[Part]:
        return [p for p in self.parts if p.points < p.max_points - 1e-9]

    def report(self, lang: str = "vi") -> str:
        unit = "điểm" if lang == "vi" else "points"
        lines = [f"{self.title[lang]}: {number(self.score, lang)}/{number(self.max_points, lang)} {unit}"]
        for note in self.notes:
            lines.append(f"  ! {note[lang]}")
        for part in self.lost:
            lost = number(part.max_points - part.points, lang)
            head = f"mất {lost} điểm" if lang == "vi" else f"lost {lost} points"
            reasons = [r[lang] for r in part.reasons] or [_both("checks.grade.no_reason")[lang]]
            lines.append(f"  ✗ {part.label[lang]} ({head}): {reasons[0]}")
            lines += [f"      {r}" for r in reasons[1:]]
        if not self.lost:
            lines.append("  ✓ " + _both("checks.grade.all_right")[lang])
        return "\n".join(lines)

    def show(self) -> None:
        """Print the report: Vietnamese, then English."""
        print(self.report("vi"))
        print()
        print(self.report("en"))

    def __str__(self) -> str:
        return self.report("vi") + "\n\n" + self.report("en")

    def __float__(self) -> float:
        return self.score


def combine(title, *grades: Grade) -> Grade:
    """Several grades as one (one test cell, one score)."""
    return Grade(in_languages(title), tuple(p for g in grades for p in g.parts),
                 tuple(n for g in grades for n in g.notes))


def _share(points: float, count: int) -> float:
    return float(points) / count if count else 0.0


# --- labels -----------------------------------------------------------------------

_SPLIT = re.compile(r"[,;\n]+|\s+")


def parse_labels(value, allowed: Sequence[str] | None = None) -> set[str] | None:
    """The labels written in one answer line: ids or their numbers in ``allowed`` (from 1),
    separated by commas. None stays None (not answered); "" is the empty set.

    >>> sorted(parse_labels("cau-hoi-trung-lap, 4", ["a", "b", "c", "lang-nghe-hoi-sau"]))
    ['cau-hoi-trung-lap', 'lang-nghe-hoi-sau']
    >>> parse_labels("", ["a"]), parse_labels(None)
    (set(), None)
    """
    if value is None:
        return None
    if isinstance(value, (set, frozenset, list, tuple)):
        items = [str(v) for v in value]
    else:
        items = _SPLIT.split(unicodedata.normalize("NFC", str(value)))
    labels = set()
    for item in items:
        item = item.strip().strip("\"'“”‘’.").strip().lower()
        if not item:
            continue
        if allowed and item.isdigit() and 1 <= int(item) <= len(allowed):
            item = allowed[int(item) - 1]
        labels.add(item)
    return labels


def grade_labels(answers: Mapping[str, object], key: Mapping[str, set[str]], points: float, *,
                 title=None, allowed: Sequence[str] | None = None,
                 names: Mapping[str, object] | None = None,
                 items: Mapping[str, object] | None = None,
                 acceptable: Mapping[str, set[str]] | None = None) -> Grade:
    """Labels given to each item, against the key. Only the items the key gives labels carry
    points: each earns an equal share, in proportion to its right labels (over the expected
    ones and any wrong ones given with them). A label given where the key has none is a false
    alarm and costs half a share. So leaving everything empty, or ticking everything, earns
    nothing; labels listed in ``acceptable`` (defensible extras) cost nothing.

    ``names`` gives people's names of labels, ``items`` those of the items.

    >>> key = {"luot-1": {"a"}, "luot-2": {"b", "c"}}
    >>> g = grade_labels({"luot-1": "a", "luot-2": "b, d"}, key, points=4)
    >>> g.score, [p.points for p in g.parts]
    (2.67, [2.0, 0.6666666666666666])
    >>> grade_labels({"luot-1": "a, b, c", "luot-2": "a, b, c"}, key, points=4).score  # everything ticked
    2.0
    """
    names = names or {}
    items = items or {}
    acceptable = acceptable or {}
    keyed = [item for item, expected in key.items() if expected]
    share = _share(points, len(keyed))
    parts, false_alarms = [], []

    def extra_reason(item, label):
        known = not allowed or label in allowed
        return _both("checks.labels.extra" if known else "checks.labels.unknown",
                     label=label, name=in_languages(names.get(label, label)))

    for item, expected in key.items():
        given = parse_labels(answers.get(item), allowed)
        expected = set(expected)
        wrong = sorted((given or set()) - expected - set(acceptable.get(item, ())))
        if not expected:  # nothing to find here: only false alarms count
            false_alarms += [(item, label) for label in wrong]
            continue
        label = in_languages(items.get(item, item))
        if given is None:
            parts.append(Part(item, label, share, 0.0, (_both("checks.labels.unanswered"),)))
            continue
        credit = len(given & expected) / len(expected | set(wrong))
        reasons = [_both("checks.labels.missing")] if expected - given else []
        reasons += [extra_reason(item, extra) for extra in wrong]
        parts.append(Part(item, label, share, share * credit, tuple(reasons)))
    if false_alarms:
        parts.append(Part("false-alarms", _both("checks.labels.false_alarms"), 0.0,
                          -share / 2 * len(false_alarms),
                          tuple(_false_alarm(items.get(item, item), extra_reason(item, label))
                                for item, label in false_alarms)))
    return Grade(in_languages(title or _both("checks.title.labels")), tuple(parts))


def _false_alarm(item, reason: dict) -> dict:
    item = in_languages(item)
    return {lang: f"{item[lang]}: {reason[lang]}" for lang in LANGUAGES}


# --- values and tables --------------------------------------------------------------

def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _same(given, expected, tolerance: float) -> bool:
    if _is_number(expected):
        return _is_number(given) and abs(given - expected) <= tolerance + 1e-9
    if isinstance(expected, str):
        return isinstance(given, str) and _fold(given) == _fold(expected)
    return given == expected


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def grade_table(answers: Mapping[str, object], key: Mapping[str, object], points: float, *,
                title=None, rows: Mapping[str, object] | None = None,
                columns: Sequence[object] | None = None, tolerance: float = 0,
                hints: Mapping[str, object] | None = None) -> Grade:
    """Values per row (a number, a text, or a list of numbers for the columns): each row
    earns an equal share, in proportion to the cells it has right.

    >>> key = {"thuoc": [1, 3, 2], "thu-tuc": [0, 1, 1]}
    >>> g = grade_table({"thuoc": [1, 3, 2], "thu-tuc": [0, 2, 1]}, key, points=2,
    ...                 columns=["đồng tình", "không đồng tình", "đề xuất"])
    >>> g.score
    1.67
    >>> print(g.parts[1].reasons[0]["vi"])
    cột “không đồng tình”: bạn ghi 2, chưa đúng.
    """
    rows = rows or {}
    hints = hints or {}
    parts = []
    share = _share(points, len(key))
    for row, expected in key.items():
        label = in_languages(rows.get(row, row))
        given = answers.get(row)
        if given is None:
            parts.append(Part(row, label, share, 0.0, (_both("checks.value.unanswered"),)))
            continue
        if isinstance(expected, (list, tuple)):
            if not isinstance(given, (list, tuple)) or len(given) != len(expected):
                parts.append(Part(row, label, share, 0.0,
                                  (_both("checks.value.not_a_row", size=len(expected)),)))
                continue
            reasons, right = [], 0
            for n, (g, e) in enumerate(zip(given, expected)):
                if _same(g, e, tolerance):
                    right += 1
                else:
                    column = in_languages(columns[n] if columns else n + 1)
                    reasons.append(_both("checks.value.wrong_cell", column=column,
                                         given=_shown_both(g), expected=_shown_both(e)))
            parts.append(Part(row, label, share, share * right / len(expected), tuple(reasons)))
        elif _same(given, expected, tolerance):
            parts.append(Part(row, label, share, share))
        else:
            reason = _both("checks.value.wrong", given=_shown_both(given),
                           expected=_shown_both(expected))
            extra = (in_languages(hints[row]),) if row in hints else ()
            parts.append(Part(row, label, share, 0.0, (reason,) + extra))
    return Grade(in_languages(title or _both("checks.title.table")), tuple(parts))


def grade_value(answer, expected, points: float, *, label=None, tolerance: float = 0,
                hint=None, title=None) -> Grade:
    """One value: all the points or none (within ``tolerance`` for numbers)."""
    label = in_languages(label or _both("checks.title.value"))
    return grade_table({"value": answer}, {"value": expected}, points, title=title or label,
                       rows={"value": label}, tolerance=tolerance,
                       hints={"value": hint} if hint else None)


def grade_choices(answers: Mapping[str, object], key: Mapping[str, str], points: float, *,
                  title=None, names: Mapping[str, object] | None = None,
                  items: Mapping[str, object] | None = None, hint=None,
                  acceptable: Mapping[str, set[str]] | None = None) -> Grade:
    """One choice from a list per item (a provision, a proposal), against the key: each item
    earns an equal share. A wrong choice is named by its people's name (``names``) with the
    criterion to apply (``hint``), never with the right one; choices listed in ``acceptable``
    (defensible readings) earn the share too.

    >>> key = {"y-1": "tiep-thu", "y-2": "khong-tiep-thu"}
    >>> g = grade_choices({"y-1": "tiep-thu", "y-2": "tiep-thu"}, key, points=2,
    ...                   names={"tiep-thu": {"vi": "Đề nghị tiếp thu", "en": "Take it up"}})
    >>> g.score, g.parts[1].reasons[0]["vi"]
    (1.0, 'bạn chọn “Đề nghị tiếp thu”: chưa phù hợp.')
    """
    names = names or {}
    items = items or {}
    acceptable = acceptable or {}
    share = _share(points, len(key))
    parts = []
    for item, expected in key.items():
        label = in_languages(items.get(item, item))
        given = answers.get(item)
        if given is None:
            parts.append(Part(item, label, share, 0.0, (_both("checks.value.unanswered"),)))
        elif given == expected or given in acceptable.get(item, ()):
            parts.append(Part(item, label, share, share))
        else:
            reason = _both("checks.choice.wrong", given=in_languages(names.get(given, given)))
            parts.append(Part(item, label, share, 0.0, (reason,) + ((in_languages(hint),) if hint else ())))
    return Grade(in_languages(title or _both("checks.title.choices")), tuple(parts))


# --- errors found in a document -----------------------------------------------------

NO_ERROR = ("dung", "đúng", "khong-loi", "không lỗi", "-")


def grade_findings(found: Mapping[str, object], key: Mapping[str, str], points: float, *,
                   title=None, kinds: Mapping[str, object] | None = None,
                   places: Mapping[str, object] | None = None,
                   weights: tuple[float, float, float] = (0.5, 0.3, 0.2)) -> Grade:
    """Errors a trainee found, by place (a line of the minutes, a turn of the transcript),
    against the key (place → error kind). Three criteria share the points by ``weights``:

    * found (recall): the share of the real errors flagged at the right place;
    * named (kind): the share of the real errors flagged with the right kind;
    * no false alarm (precision): the share of the flags that point at a real error
      (nothing flagged earns nothing here).

    A place marked "dung" (or left empty) is not flagged.

    >>> key = {"dong-2": "gop-y-kien", "dong-5": "nham-nguoi-noi"}
    >>> g = grade_findings({"dong-1": "dung", "dong-2": "gop-y-kien", "dong-3": "them-y-kien"},
    ...                    key, points=10)
    >>> [round(p.points, 2) for p in g.parts], g.score
    ([2.5, 1.5, 1.0], 5.0)
    """
    kinds = kinds or {}
    places = places or {}
    flags = {}
    for place, value in found.items():
        if value is None:
            continue
        text = _fold(str(value))
        if text and text not in NO_ERROR:
            flags[place] = text
    place_name = lambda p: in_languages(places.get(p, p))
    kind_name = lambda k: in_languages(kinds.get(k, k))
    w_found, w_kind, w_precise = (points * w / sum(weights) for w in weights)

    missed = [p for p in key if p not in flags]
    wrong_kind = [p for p in key if p in flags and flags[p] != key[p]]
    false = [p for p in flags if p not in key]
    n = len(key)
    recall = (n - len(missed)) / n if n else 1.0
    named = (n - len(missed) - len(wrong_kind)) / n if n else 1.0
    precise = (len(flags) - len(false)) / len(flags) if flags else 0.0

    # the missed places are the key itself: say how many, not where nor what
    reasons_found = (_both("checks.findings.missed", count=len(missed)),) if missed else ()
    reasons_kind = tuple(_both("checks.findings.wrong_kind", place=place_name(p),
                               given=kind_name(flags[p]), kind=kind_name(key[p])) for p in wrong_kind)
    if missed:
        reasons_kind += (_both("checks.findings.kind_of_missed", count=len(missed)),)
    if flags:
        reasons_precise = tuple(_both("checks.findings.false_alarm", place=place_name(p),
                                      given=kind_name(flags[p])) for p in false)
    else:
        reasons_precise = (_both("checks.findings.nothing_flagged"),)
    parts = (
        Part("found", _both("checks.findings.found"), w_found, w_found * recall, reasons_found),
        Part("named", _both("checks.findings.named"), w_kind, w_kind * named, reasons_kind),
        Part("precise", _both("checks.findings.precise"), w_precise, w_precise * precise,
             reasons_precise),
    )
    return Grade(in_languages(title or _both("checks.title.findings")), parts)


# --- a consultation plan --------------------------------------------------------------

@dataclass(frozen=True)
class AtLeast:
    """A key value for ``grade_plan``: any number from ``low`` up is right."""

    low: float

    def accepts(self, value) -> bool:
        return _is_number(value) and value >= self.low


_PATH = re.compile(r"\.?([A-Za-z_]\w*)|\[(\d+)\]|\[('(?:[^']|\\')*'|\"[^\"]*\")\]")


def _steps(path: str) -> list:
    steps = []
    for name, index, quoted in _PATH.findall(path):
        steps.append(name or (int(index) if index else quoted[1:-1]))
    return steps


def get_path(data, path: str):
    """A value in nested dicts and lists by a field path such as ``tools[0].sample``.

    >>> get_path({"tools": [{"sample": 400}]}, "tools[0].sample")
    400
    """
    for step in _steps(path):
        if data is None:
            return None
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def set_path(data, path: str, value, *, remove: bool = False) -> None:
    """Set (or remove) a value in nested dicts and lists by its field path."""
    steps = _steps(path)
    for step in steps[:-1]:
        data = data[step]
    if remove and isinstance(data, dict):
        data.pop(steps[-1], None)
    else:
        data[steps[-1]] = value


def plan_with(answers: Mapping[str, object], base: Mapping | None = None) -> dict:
    """The worked example's plan (``plan.load_example``) with ``answers`` (field path → value)
    put in, as a dict for ``grade_plan``.

    >>> plan = plan_with({"reliability.margin": 0.05})
    >>> plan["reliability"]["margin"], plan["communes"][0]["name"]
    (0.05, 'Phường Sơn Hà')
    """
    import copy

    from .plan import load_example

    data = copy.deepcopy(dict(base)) if base is not None else load_example().plan.to_dict()
    for path, value in answers.items():
        set_path(data, path, value)
    return data


def _in_group(path: str, prefixes: Sequence[str]) -> bool:
    return any(path == p or path.startswith(p + ".") or path.startswith(p + "[") for p in prefixes)


def grade_plan(plan_dict: Mapping, groups: Sequence[tuple] | None = None, points: float | None = None,
               *, key: Mapping[str, object] | None = None, title=None) -> Grade:
    """A consultation plan checked by ``plan.validate_plan``, with partial credit per group
    of fields. ``groups`` is a list of ``(label, [field paths], points)``; each group loses
    an equal share for each of its fields with an error (a wrong type, a missing value, an
    inconsistency found by ``validate_plan``, or a value other than ``key`` asks for).

    Without ``groups``, each part of the plan is its own group; ``points`` then shares
    out evenly.

    >>> from thamvan_lib.plan import load_example
    >>> plan = load_example().plan.to_dict()
    >>> plan["budget"]["total"] = 100
    >>> g = grade_plan(plan, [({"vi": "Kinh phí", "en": "Budget"}, ["budget.total"], 2)])
    >>> g.score
    0.0
    """
    import copy

    from .errors import KitError
    from .plan import ConsultationPlan, validate_plan
    from .records import field_label

    data = copy.deepcopy(dict(plan_dict))
    if groups is None:
        names = [k for k in data if k not in ("format", "kind")]
        share = _share(points if points is not None else len(names), len(names))
        groups = [({"vi": field_label(n, "vi"), "en": field_label(n, "en")}, [n], share) for n in names]
    problems: dict[str, list[dict]] = {}

    # A wrong type is refused by plan.from_dict: note it against its field and try again
    # without it, so one mistyped box does not cost the whole plan.
    plan = None
    for _ in range(50):
        try:
            plan = ConsultationPlan.from_dict(data)
            break
        except KitError as err:
            where = str(err.values.get("field", ""))
            if not where or get_path(data, where) is None and "[" not in where:
                return Grade(in_languages(title or _both("checks.title.plan")),
                             tuple(Part(f"group-{n}", in_languages(g[0]), float(g[2]), 0.0,
                                        ({"vi": err.text("vi"), "en": err.text("en")},))
                                   for n, g in enumerate(groups)))
            problems.setdefault(where, []).append({"vi": err.text("vi"), "en": err.text("en")})
            set_path(data, where, None, remove=where.endswith("]") and not where[-2].isdigit())
    issues = [i for i in validate_plan(plan) if i.severity == "error"] if plan else []
    for issue in issues:
        if issue.field in (key or {}):  # the check may state the very value asked for (a sum)
            label = {lang: field_label(issue.field, lang) for lang in LANGUAGES}
            why = _both("checks.plan.not_as_asked", label=label, field=issue.field)
        else:
            why = {"vi": issue.text("vi"), "en": issue.text("en")}
        problems.setdefault(issue.field, []).append(why)
    for path, expected in (key or {}).items():
        if path in problems:
            continue
        value = get_path(plan.to_dict(), path) if plan else None
        if isinstance(value, dt.date):
            value = value.isoformat()
        ok = expected.accepts(value) if isinstance(expected, AtLeast) else _same(value, expected, 0)
        if not ok:
            label = {lang: field_label(path, lang) for lang in LANGUAGES}
            problems.setdefault(path, []).append(_both("checks.plan.not_as_asked", label=label,
                                                       field=path))

    parts = []
    for n, (label, prefixes, group_points) in enumerate(groups):
        group_points = float(group_points)
        bad = {path: why for path, why in problems.items() if _in_group(path, prefixes)}
        size = max(len(prefixes), 1)
        credit = max(0.0, 1 - len(bad) / size)
        reasons = tuple(r for why in bad.values() for r in why)
        parts.append(Part(f"group-{n}", in_languages(label), group_points, group_points * credit, reasons))
    return Grade(in_languages(title or _both("checks.title.plan")), tuple(parts))


# --- rewritten questions ----------------------------------------------------------------

def grade_questions(answers: Mapping[str, object], points: float, *, kinds: Mapping[str, str],
                    options: Mapping[str, Sequence[str]] | None = None,
                    must_mention: Mapping[str, Sequence[str]] | None = None,
                    title=None) -> Grade:
    """Rewritten questions: each earns its share when ``questionnaire.check_question`` finds
    nothing wrong with it and it still asks about its subject (a word of ``must_mention``).
    """
    from .errors import KitError
    from .questionnaire import Question, check_question

    options = options or {}
    must_mention = must_mention or {}
    share = _share(points, len(kinds))
    parts = []
    for qid, kind in kinds.items():
        label = _both("checks.questions.label", id=qid)
        text = answers.get(qid)
        if not isinstance(text, str) or not text.strip():
            parts.append(Part(qid, label, share, 0.0, (_both("checks.value.unanswered"),)))
            continue
        try:
            found = check_question(Question(qid, text, kind, list(options.get(qid, []))))
        except KitError as err:
            parts.append(Part(qid, label, share, 0.0, ({"vi": err.text("vi"), "en": err.text("en")},)))
            continue
        reasons = [{"vi": f.text("vi"), "en": f.text("en")} for f in found]
        words = must_mention.get(qid)
        if words and not any(_fold(w) in _fold(text) for w in words):
            reasons.append(_both("checks.questions.off_subject", words=", ".join(words)))
        credit = 0.0 if reasons else 1.0
        parts.append(Part(qid, label, share, share * credit, tuple(reasons)))
    return Grade(in_languages(title or _both("checks.title.questions")), tuple(parts))


# --- the self-check cells ----------------------------------------------------------------

KINDS = ("int", "number", "text", "choice", "choices", "row", "date")


def _format_problem(value, kind: str, allowed, size, low, high, min_words) -> dict | None:
    if value is None or value is ...:
        return _both("checks.format.none")
    if kind in ("int", "number"):
        if isinstance(value, str):
            return _both("checks.format.quoted_number")
        if isinstance(value, bool) or not _is_number(value):
            return _both("checks.format.not_a_number", got=type(value).__name__)
        if kind == "int" and isinstance(value, float) and not value.is_integer():
            return _both("checks.format.not_whole", got=value)
        if low is not None and value < low or high is not None and value > high:
            return _both("checks.format.out_of_range", low=number(low, "vi") if low is not None else "…",
                         high=number(high, "vi") if high is not None else "…")
        return None
    if kind == "row":
        if not isinstance(value, (list, tuple)):
            return _both("checks.format.not_a_row", size=size)
        if size is not None and len(value) != size:
            return _both("checks.format.row_size", size=size, got=len(value))
        for item in value:
            if item is None or isinstance(item, bool) or not isinstance(item, int) or item < 0:
                return _both("checks.format.row_items")
        return None
    if not isinstance(value, str):
        return _both("checks.format.not_text", got=type(value).__name__)
    if kind == "date":
        try:
            dt.date.fromisoformat(value.strip())
        except ValueError:
            return _both("checks.format.not_a_date", got=value)
        return None
    if kind == "text":
        if not value.strip():
            return _both("checks.format.empty")
        if min_words and len(value.split()) < min_words:
            return _both("checks.format.too_short", count=min_words)
        return None
    allowed = list(allowed or [])
    labels = parse_labels(value, allowed) or set()
    if kind == "choice":
        if not value.strip():
            return _both("checks.format.empty")
        if len(labels) > 1:
            return _both("checks.format.one_only")
    unknown = sorted(label for label in labels if allowed and label not in allowed)
    if unknown:
        return _both("checks.format.not_allowed", got=", ".join(unknown), allowed=", ".join(allowed))
    return None


def format_check(name: str, value, kind: str, allowed: Sequence[str] | None = None, *,
                 size: int | None = None, low: float | None = None, high: float | None = None,
                 min_words: int | None = None, quiet: bool = False) -> bool:
    """Print whether ``value`` (the answer named ``name``) has the form asked for, and
    what is wrong if not; never whether it is right. Returns True when well formed.

    Kinds: "int", "number", "text", "choice" (one of ``allowed``), "choices" (several,
    separated by commas; "" for none), "row" (a list of ``size`` whole numbers), "date"
    (written 2026-07-31).

    >>> format_check("co_mau", "370", "int")
    ✗ co_mau: Viết số không có dấu ngoặc kép, ví dụ 123 (không phải "123"). / Write the number without quotation marks, e.g. 123 (not "123").
    False
    >>> format_check("loi", "them-y-kien", "choice", ["bo-sot", "them-y-kien"])
    ✓ loi: đúng định dạng / well formed
    True
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    problem = _format_problem(value, kind, allowed, size, low, high, min_words)
    if problem is None:
        if not quiet:
            print(f"✓ {name}: " + load().line("checks.format.ok"))
        return True
    print(f"✗ {name}: {problem['vi']} / {problem['en']}")
    return False


def format_checks(namespace: Mapping[str, object], names: Sequence[str], kind: str,
                  allowed: Sequence[str] | None = None, **limits) -> bool:
    """``format_check`` for several answers of the same kind (read from ``globals()``):
    prints only the malformed ones, then how many are well formed.

    >>> format_checks({"a": 1, "b": "x"}, ["a", "b", "c"], "int")
    ✗ b: Viết số không có dấu ngoặc kép, ví dụ 123 (không phải "123"). / Write the number without quotation marks, e.g. 123 (not "123").
    ✗ c: Chưa có câu trả lời này: hãy chạy ô trả lời ở trên (Shift + Enter). / This answer does not exist yet: run the answer cell above (Shift + Enter).
    Đúng định dạng: 1/3. / Well formed: 1/3.
    False
    """
    good = 0
    for name in names:
        if name not in namespace:
            missing = _both("checks.format.not_run")
            print(f"✗ {name}: {missing['vi']} / {missing['en']}")
            continue
        good += format_check(name, namespace[name], kind, allowed, quiet=True, **limits)
    summary = _both("checks.format.summary", good=good, total=len(names))
    print(f"{summary['vi']} / {summary['en']}")
    return good == len(names)


# --- the labels an answer chooses from ----------------------------------------------------

def show_choices(choices: Mapping[str, object], numbered: bool = True) -> None:
    """Print the allowed choices: number, id and name in both languages."""
    for n, (ident, name) in enumerate(choices.items(), 1):
        text = in_languages(name)
        prefix = f"{n:>2}. " if numbered else "  - "
        print(f"{prefix}{ident:<24} {text['vi']} ({text['en']})")


def criteria(rubric: str) -> dict[str, dict]:
    """The criteria of a role-play rubric (``content/roleplay/rubrics.yaml``): id → name."""
    return {c.id: in_languages(c.name) for c in load_rubrics()[rubric].criteria}
