"""Analyse what a consultation collected: clean, weight, tabulate, code themes, count opinions.

Lecture steps P3.x–P4.x: after the survey, the letters and the conferences, the office
turns raw material into numbers a report can stand on. Plain pandas, no widgets:

* ``load_questionnaire_file`` reads an uploaded CSV in any encoding offices meet (UTF-8,
  UTF-16, CP1258, legacy TCVN3) and refuses what it cannot read, saying why;
* ``clean`` drops blank and duplicated rows, fixes commune names typed without
  diacritics, blanks impossible values, and lists every change in a ``CleaningReport``;
* ``weight_by_population`` gives each respondent the number of people they stand for
  (``sampling.design_weights``) and Kish's effective sample size;
* ``proportion_table`` and ``crosstab``: shares with Wilson confidence intervals, weighted
  or not, for one-answer and multi-select (";"-joined) questions;
* ``code_text`` / ``code_letters`` find the themes of a codebook
  (``content/analysis/codebook.yaml``) in letters, with or without diacritics
  (``code_letters`` searches all its texts at once, as numpy arrays:
  ``Codebook.find_many``); ``cohen_kappa`` measures how well two coders agree;
* ``minutes_statistics`` counts conference opinions by topic, group and stance;
* ``bar_chart`` draws a table of shares with its intervals.

Every bad input raises ``KitError`` naming what is wrong in Vietnamese and English; the
texts are in ``content/messages/analysis.yaml``.

A short session on a hand-made table:

>>> df = pd.DataFrame({"xa_phuong": ["Xã Tân Phú", "xa tan phu", "Xã An Bình", None],
...                    "tuoi": ["34", "245", "51", None]})
>>> clean_df, report = clean(df)
>>> print(report.text("en"))
Cleaning: 4 rows at first, 3 rows left.
- Dropped 1 blank rows (rows 5): they hold no answer.
- Changed the commune “xa tan phu” to “Xã Tân Phú” on 1 rows (rows 3): the same name once case and diacritics are ignored.
- Column “tuoi”: 1 values outside 18–100 (rows 3: 245) were blanked, as they cannot be right.
>>> proportion_table(clean_df, "xa_phuong")[["tra_loi", "so_nguoi", "ty_le"]]
      tra_loi  so_nguoi     ty_le
0  Xã Tân Phú         2  0.666667
1  Xã An Bình         1  0.333333
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import Field, field_validator

from . import datagen
from .content import load, load_watched
from .errors import KitError
from .sampling import design_weights, z_value
from .schema import SLUG, LocalText, Strict
from .vietnamese import fold, read_text

CODEBOOK_FILE = Path("analysis") / "codebook.yaml"
REQUIRED_COLUMNS = ("ma_phieu", "xa_phuong")
STANCES = datagen.STANCES
TABLE_COLUMNS = ("tra_loi", "so_nguoi", "ty_le", "can_duoi", "can_tren", "co_so", "n_hieu_dung")
SHARES = ("row", "col", "all")
_SHOWN_ROWS = 12  # a report lists at most this many row numbers per change, then "…"


# --- checking inputs ---------------------------------------------------------------

def _frame(df, what: str = "dữ liệu", columns: Iterable[str] = ()) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise KitError("analysis.error.not_a_frame", kind=type(df).__name__)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KitError("analysis.error.missing_columns", what=what, columns=", ".join(missing),
                       present=", ".join(map(str, df.columns)) or "—")
    if df.empty:
        raise KitError("analysis.error.empty", what=what)
    return df


def _column(df: pd.DataFrame, column) -> str:
    if column not in df.columns:
        raise KitError("analysis.error.unknown_column", column=column,
                       present=", ".join(map(str, df.columns)) or "—")
    return column


def _distinct(series: pd.Series) -> tuple[np.ndarray, pd.Index | pd.api.extensions.ExtensionArray]:
    """Each cell's code (-1 where missing) and the distinct values, in order of first
    appearance. Survey columns repeat few values: work done once per distinct value and
    mapped back through the codes is not done a million times."""
    return pd.factorize(series)


def _spaces(uniques) -> np.ndarray:
    """Per distinct value, whether it holds only spaces, plus a last True that code -1
    (missing) picks: ``_spaces(uniques)[codes]`` is the blank mask."""
    return np.array([isinstance(v, str) and not v.strip() for v in uniques] + [True], dtype=bool)


def _blank(series: pd.Series) -> pd.Series:
    """True where a cell holds no answer: missing, or only spaces."""
    codes, uniques = _distinct(series)
    return pd.Series(_spaces(uniques)[codes], index=series.index, name=series.name)


def _each_value(series: pd.Series, fn, distinct=None) -> pd.Series:
    """``series.map(fn)`` with missing cells None, calling ``fn`` once per distinct value
    (``distinct``: the codes and values of ``_distinct`` if already known). The result has
    the type ``map`` would give (text, numbers or objects)."""
    codes, uniques = _distinct(series) if distinct is None else distinct
    table = pd.Series([fn(v) for v in uniques], dtype=None if len(uniques) else object)
    mapped = pd.Series(pd.api.extensions.take(table.array, codes, allow_fill=True),
                       index=series.index, name=series.name)
    return mapped.where(codes >= 0, None)


def _hashes(values: np.ndarray) -> np.ndarray:
    """Python's hash of each cell (equal values, equal hashes), 0 for every missing cell."""
    out = np.fromiter(map(hash, values), dtype=np.int64, count=len(values)).view(np.uint64)
    out[pd.isna(values)] = 0  # NaN objects hash by identity; all missing cells are equal here
    return out


def _repeated(keys: np.ndarray) -> np.ndarray:
    """True where a key occurs more than once."""
    return pd.Series(keys, copy=False).duplicated(keep=False).to_numpy()


def _variety(series: pd.Series) -> int:
    """How many distinct values the first thousand cells hold: a cheap guess at which
    column tells rows apart best."""
    try:
        return len(pd.unique(series.iloc[:1000]))
    except TypeError:  # unhashable cells: the exact methods below will say so
        return 0


def _row_list(labels) -> str:
    """Row numbers as a spreadsheet shows them: the header is line 1, so label 0 is row 2."""
    shown = [str(label + 2) if isinstance(label, (int, np.integer)) else str(label)
             for label in list(labels)[:_SHOWN_ROWS]]
    return ", ".join(shown) + (", …" if len(labels) > _SHOWN_ROWS else "")


# --- cleaning ----------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """One thing ``clean`` did: a message key, the column, the rows (index labels), details."""

    key: str
    rows: tuple
    column: str | None = None
    values: dict = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        return load().message(self.key, lang, rows=_row_list(self.rows), count=len(self.rows),
                              column=self.column or "", **self.values)


@dataclass
class CleaningReport:
    """Every change ``clean`` made, in order, with what, which rows and why."""

    rows_before: int
    rows_after: int = 0
    changes: list[Change] = field(default_factory=list)

    def text(self, lang: str | None = None) -> str:
        lines = [load().message("analysis.clean.summary", lang, before=self.rows_before,
                                after=self.rows_after)]
        if not self.changes:
            lines.append("- " + load().message("analysis.clean.nothing", lang))
        lines += ["- " + change.text(lang) for change in self.changes]
        return "\n".join(lines)

    def to_frame(self, lang: str | None = None) -> pd.DataFrame:
        """One row per change: key, column, number of rows, the rows, and the message."""
        return pd.DataFrame([{"ma": c.key, "cot": c.column, "so_dong": len(c.rows),
                              "dong": list(c.rows), "noi_dung": c.text(lang)}
                             for c in self.changes],
                            columns=["ma", "cot", "so_dong", "dong", "noi_dung"])

    def __str__(self) -> str:
        return self.text()


_KINDS = ("đặc khu", "phường", "xã")


def _commune_keys(names: Iterable[str]) -> dict[str, str]:
    """Folded spelling → official name, with and without the kind ("tan phu", "xa tan phu")."""
    keys: dict[str, str] = {}
    bare_seen: dict[str, int] = {}
    for name in names:
        keys[fold(name)] = name
        for kind in _KINDS:
            if fold(name).startswith(fold(kind) + " "):
                bare = fold(name)[len(fold(kind)) + 1:]
                bare_seen[bare] = bare_seen.get(bare, 0) + 1
                keys.setdefault(bare, name)
                break
    # "Tân Phú" alone is ambiguous if there are both a Xã and a Phường Tân Phú.
    for bare, times in bare_seen.items():
        if times > 1 and bare in keys and fold(keys[bare]) != bare:
            del keys[bare]
    return keys


def clean(df: pd.DataFrame, communes: Iterable[str] | None = None,
          ranges: Mapping[str, tuple] | None = None,
          scales: Mapping[str, Iterable[str]] | None = None,
          id_column: str = "ma_phieu",
          commune_column: str = "xa_phuong") -> tuple[pd.DataFrame, CleaningReport]:
    """A cleaned copy of ``df`` and the report of every change; ``df`` is left as it was.

    - rows with no answer at all are dropped, then rows identical to an earlier row;
    - rows sharing a form id (``id_column``) but not their answers are kept and reported;
    - commune names are matched to ``communes`` (the communes of Sơn Hà by default)
      ignoring case and diacritics, with or without "Xã"/"Phường"; unknown ones are reported;
    - numbers outside ``ranges`` (default: ``tuoi`` 18–100) and answers not on a
      scale of ``scales`` (default: the Likert questions of the Sơn Hà survey) are blanked.

    The index is kept, so every row can be traced back to the file (label + 2 = line).
    """
    _frame(df, "phiếu hỏi")
    report = CleaningReport(rows_before=len(df))
    blank = _blank_rows(df)
    if blank.any():
        report.changes.append(Change("analysis.clean.blank_rows", tuple(df.index[blank])))
    kept = np.flatnonzero(~blank)
    known, ids = {}, None  # the ids' hashes serve twice: duplicates and repeated ids
    if id_column in df.columns and list(df.columns).count(id_column) == 1:
        try:
            ids = _hashes(df[id_column].to_numpy(dtype=object))
            known[df.columns.get_loc(id_column)] = ids
        except TypeError:
            pass
    dup = _duplicated_rows(df, kept, known)
    if dup.any():
        report.changes.append(Change("analysis.clean.duplicates", tuple(df.index[kept[dup]])))
        kept = kept[~dup]
    # Copy-on-write: the columns replaced below never reach ``df``.
    out = df.iloc[kept] if len(kept) < len(df) else df.copy(deep=False)
    if id_column in out.columns:
        _same_ids(out, id_column, report, None if ids is None else ids[kept])
    if commune_column in out.columns:
        names = list(communes) if communes is not None else list(datagen.communes())
        _fix_communes(out, commune_column, names, report)
    ranges = {"tuoi": datagen.AGE_RANGE} if ranges is None else ranges
    for column, (low, high) in ranges.items():
        if column in out.columns:
            _check_range(out, column, low, high, report)
    scales = datagen.LIKERT if scales is None else scales
    for column, labels in scales.items():
        if column in out.columns:
            _check_scale(out, column, list(labels), report)
    report.rows_after = len(out)
    return out, report


def _blank_rows(df: pd.DataFrame) -> np.ndarray:
    """Rows where every cell is blank. A column is only tested on the rows still blank in
    the columns before it, and the columns with few distinct values (cheap to test) go
    first: after one or two columns only the truly blank rows are left."""
    left = np.arange(len(df))
    for j in sorted(range(df.shape[1]), key=lambda j: _variety(df.iloc[:, j])):
        column = df.iloc[:, j] if len(left) == len(df) else df.iloc[left, j]
        left = left[_blank(column).to_numpy()]
        if not len(left):
            break
    blank = np.zeros(len(df), dtype=bool)
    blank[left] = True
    return blank


def _duplicated_rows(df: pd.DataFrame, rows: np.ndarray, known: dict | None = None) -> np.ndarray:
    """``df.iloc[rows].duplicated(keep="first")``, every missing cell equal to every other.

    Comparing a million rows cell by cell is slow; rows are first told apart by the
    hashes of their cells, the most varied column first, and only the few rows whose
    hashes repeat are compared exactly (equal rows always have equal hashes). ``known``:
    column position → ``_hashes`` of the whole column, when already computed."""
    known = known or {}
    left = np.arange(len(rows))
    keys = np.zeros(len(rows), dtype=np.uint64)
    try:
        for j in sorted(range(df.shape[1]), key=lambda j: -_variety(df.iloc[:, j])):
            if j in known or 2 * len(left) > len(df):  # most rows: hash all, no copying
                whole = known[j] if j in known else _hashes(df.iloc[:, j].to_numpy(dtype=object))
                hashes = whole[rows[left]]
            else:
                hashes = _hashes(df.iloc[rows[left], j].to_numpy(dtype=object))
            keys = keys * np.uint64(0x9E3779B97F4A7C15) + hashes
            again = _repeated(keys)
            left, keys = left[again], keys[again]
            if not len(left):
                break
    except TypeError:  # an unhashable cell: compare everything, which says so if it must
        left = np.arange(len(rows))
    some = df.iloc[rows[left]]
    dup = np.zeros(len(rows), dtype=bool)
    dup[left] = some.astype("object").where(some.notna(), None).duplicated(keep="first").to_numpy()
    return dup


def _same_ids(out: pd.DataFrame, column: str, report, hashes: np.ndarray | None = None) -> None:
    ids = out[column]
    values = ids.to_numpy(dtype=object)
    try:  # only ids whose hashes repeat can repeat
        maybe = _repeated(_hashes(values) if hashes is None else hashes) & ~pd.isna(values)
    except TypeError:
        maybe = np.ones(len(ids), dtype=bool)
    ids = ids[maybe]
    repeated = ids[ids.notna() & ids.duplicated(keep=False)]
    for value, rows in repeated.groupby(repeated, sort=False).groups.items():
        report.changes.append(Change("analysis.clean.same_id", tuple(rows), column,
                                     {"value": value}))


def _fix_communes(out: pd.DataFrame, column: str, names: list[str], report) -> None:
    official = set(names)
    keys = _commune_keys(names)
    values = out[column]
    codes, uniques = _distinct(values)
    spaces = _spaces(uniques)
    # The cells are grouped by their text, as ``astype(str)`` writes each distinct value,
    # in the order the groups first appear.
    texts = pd.Series(uniques, dtype=object).astype(str).tolist()
    groups: dict[str, list[int]] = {}
    for k, text in enumerate(texts):
        if not spaces[k]:
            groups.setdefault(text, []).append(k)
    where, fixes = [], []
    for value, ks in groups.items():
        if value in official:
            continue
        fixed = keys.get(fold(value))
        rows = np.flatnonzero(np.isin(codes, ks) if len(ks) > 1 else codes == ks[0])
        if fixed is None:
            report.changes.append(Change("analysis.clean.commune_unknown", tuple(out.index[rows]),
                                         column, {"value": value}))
        else:
            where.append(rows)
            fixes.append(np.full(len(rows), fixed, dtype=object))
            report.changes.append(Change("analysis.clean.commune_fixed", tuple(out.index[rows]),
                                         column, {"value": value, "fixed": fixed}))
    if where:
        fixed_column = values.copy()
        fixed_column.iloc[np.concatenate(where)] = np.concatenate(fixes)
        out[column] = fixed_column


def _check_range(out: pd.DataFrame, column: str, low, high, report) -> None:
    raw = out[column]
    codes, uniques = _distinct(raw)
    typed = pd.Series([v.strip().replace(",", ".") if isinstance(v, str) else v for v in uniques],
                      dtype=object)
    per_value = pd.to_numeric(typed, errors="coerce").to_numpy()
    if (codes < 0).any() or not len(per_value):  # a missing cell: NaN, so floats, as before
        per_value = np.append(per_value.astype(float), np.nan)
    numbers = pd.Series(per_value[codes], index=raw.index)
    given = ~_spaces(uniques)[codes]
    not_number = given & numbers.isna().to_numpy()
    outside = (numbers.notna() & ((numbers < low) | (numbers > high))).to_numpy()
    for mask, key in ((not_number, "analysis.clean.not_a_number"),
                      (outside, "analysis.clean.out_of_range")):
        if mask.any():
            shown = ", ".join(str(v) for v in raw[mask].head(_SHOWN_ROWS))
            report.changes.append(Change(key, tuple(out.index[mask]), column,
                                         {"low": low, "high": high, "values": shown}))
    numbers = numbers.where(~outside)
    whole = numbers.dropna()
    out[column] = numbers.astype("Int64") if (whole == whole.round()).all() else numbers


def _check_scale(out: pd.DataFrame, column: str, labels: list[str], report) -> None:
    raw = out[column]
    codes, uniques = _distinct(raw)

    def tidy(v):
        return unicodedata.normalize("NFC", v).strip() if isinstance(v, str) else v

    text = _each_value(raw, tidy, (codes, uniques))
    on_scale = pd.Series([tidy(v) for v in uniques], dtype=object).isin(labels).to_numpy()
    bad = ~_spaces(uniques)[codes] & ~np.append(on_scale, False)[codes]
    if bad.any():
        shown = ", ".join(str(v) for v in raw[bad].head(_SHOWN_ROWS))
        report.changes.append(Change("analysis.clean.invalid_value", tuple(out.index[bad]),
                                     column, {"values": shown}))
    out[column] = text.where(~bad)


# --- weights -------------------------------------------------------------------------

@dataclass(frozen=True)
class Weighting:
    """Design weights, one per respondent, and what they cost in precision."""

    weights: pd.Series       # aligned with the data's index, named "trong_so"
    by_commune: dict         # commune → N_h / n_h
    effective_n: float       # Kish: (Σw)² / Σw²
    n: int

    @property
    def design_effect(self) -> float:
        """n / effective n: how many times the variance grows through unequal weights."""
        return self.n / self.effective_n


def _populations(populations) -> dict[str, int]:
    if isinstance(populations, pd.DataFrame):
        columns = ("xa_phuong", "dan_so_tu_18")
        if not set(columns) <= set(populations.columns):
            raise KitError("analysis.error.bad_populations", columns=", ".join(columns))
        return {str(k): int(v) for k, v in zip(populations["xa_phuong"], populations["dan_so_tu_18"])}
    if not isinstance(populations, Mapping):
        raise KitError("analysis.error.bad_populations", columns="xa_phuong, dan_so_tu_18")
    return dict(populations)


def weight_by_population(df: pd.DataFrame, populations,
                         commune_column: str = "xa_phuong") -> Weighting:
    """Each respondent stands for N_h / n_h people of their commune (clean the data first).

    ``populations`` is a mapping commune → population, or ``dan-so-xa.csv`` read as a
    table (its ``dan_so_tu_18`` column: the survey asked adults).

    >>> df = pd.DataFrame({"xa_phuong": ["A"] * 2 + ["B"] * 3})
    >>> w = weight_by_population(df, {"A": 600, "B": 300})
    >>> w.weights.tolist(), round(w.effective_n, 2)
    ([300.0, 300.0, 100.0, 100.0, 100.0], 3.86)
    """
    _frame(df, "phiếu hỏi", [commune_column])
    strata = _populations(populations)
    codes, names = _distinct(df[commune_column])  # every commune's rows counted at once
    missing = _spaces(names)[codes]
    if missing.any():
        raise KitError("analysis.error.missing_commune", count=int(missing.sum()),
                       rows=_row_list(df.index[missing]))
    counts = pd.Series(np.bincount(codes, minlength=len(names)), index=pd.Index(names),
                       name="count").sort_values(ascending=False)  # as value_counts()
    for name in counts.index:
        if name not in strata:
            raise KitError("analysis.error.unknown_commune", commune=name)
    by_commune = design_weights(strata, {k: int(v) for k, v in counts.items()})
    weights = pd.Series(np.array([by_commune[name] for name in names], dtype=float)[codes],
                        index=df.index, name="trong_so")
    w = weights.to_numpy()
    # Kish from the vector: the same as sampling.effective_sample_size, at numpy speed.
    return Weighting(weights, by_commune, float(w.sum() ** 2 / (w * w).sum()), len(w))


def _weights(df: pd.DataFrame, weights) -> np.ndarray | None:
    if weights is None:
        return None
    if isinstance(weights, Weighting):
        weights = weights.weights
    if isinstance(weights, str):
        weights = df[_column(df, weights)]
    if isinstance(weights, pd.Series):
        if not weights.index.equals(df.index):
            weights = weights.reindex(df.index)
        values = pd.to_numeric(weights, errors="coerce").to_numpy(dtype=float)
    else:
        try:
            values = np.asarray(weights, dtype=float)
        except (TypeError, ValueError):
            raise KitError("analysis.error.bad_weights", rows=len(df),
                           detail=type(weights).__name__) from None
    if values.shape != (len(df),):
        raise KitError("analysis.error.bad_weights", rows=len(df),
                       detail=f"{values.size} giá trị / values")
    bad = ~np.isfinite(values) | (values <= 0)
    if bad.any():
        raise KitError("analysis.error.bad_weights", rows=len(df),
                       detail=f"{int(bad.sum())} giá trị trống, không phải số hoặc ≤ 0 "
                              f"/ empty, non-numeric or ≤ 0")
    return values


# --- tables --------------------------------------------------------------------------

def wilson_interval(share, n, confidence: float = 0.95):
    """Wilson's score interval for a share measured on ``n`` people (arrays work too).

    Better than share ± z·se for small n or shares near 0 or 1: it never leaves [0, 1].

    >>> low, high = wilson_interval(0.2, 50)
    >>> round(float(low), 4), round(float(high), 4)
    (0.1124, 0.3304)
    """
    z = z_value(confidence)
    p, n = np.asarray(share, dtype=float), np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        denominator = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denominator
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def _answers(df: pd.DataFrame, column: str,
             multi: bool | None) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """The answers of ``column`` as numbers: (row positions, answer codes, the answers,
    multi), one entry per answered row, or per (row, option) for a multi-select column.

    Each distinct cell is stripped (and split) once, then spread back to its rows."""
    values = df[column]
    codes, uniques = _distinct(values)
    rows = np.flatnonzero(~_spaces(uniques)[codes])
    codes = codes[rows]
    texts = pd.Series(uniques).astype(str).str.strip()
    if multi is None:
        multi = column in datagen.MULTI_COLUMNS or bool(texts.str.contains(";", regex=False).any())
    if not multi:
        merged, answers = pd.factorize(texts)  # "Có" and "Có " are one answer
        return rows, merged[codes], np.asarray(answers, dtype=object), multi
    vocabulary: dict[str, int] = {}
    # A respondent who ticks one option twice ("A;A") counts once.
    options = [[vocabulary.setdefault(o, len(vocabulary))
                for o in dict.fromkeys(p.strip() for p in t.split(";")) if o] for t in texts]
    sizes = np.array([len(o) for o in options], dtype=np.int64)
    flat = np.array([o for opts in options for o in opts] + [0], dtype=np.int64)
    first = np.cumsum(sizes) - sizes
    count = sizes[codes]
    # Row r's options are flat[first[code_r] : first[code_r] + count_r], in order.
    ends = np.cumsum(count)
    take = np.arange(ends[-1] if len(ends) else 0) - np.repeat(ends - count - first[codes], count)
    rows, codes = np.repeat(rows, count), flat[take]
    if not values.index.is_unique:  # rows sharing a label count as one respondent, as before
        once = ~pd.DataFrame({"i": values.index[rows], "a": codes}).duplicated().to_numpy()
        rows, codes = rows[once], codes[once]
    return rows, codes, np.array(list(vocabulary), dtype=object), multi


def _order(options: Iterable[str], column: str, multi: bool, counts: pd.Series) -> list[str]:
    options = list(options)
    for scale in (*datagen.LIKERT.values(), datagen.BARRIERS, datagen.AGE_GROUPS,
                  datagen.HOUSEHOLD, datagen.GENDERS, datagen.CARD, datagen.STANCES):
        if options and set(options) <= set(scale):
            return [o for o in scale if o in options]
    return sorted(options, key=lambda o: (-counts.get(o, 0), o))


def proportion_table(df: pd.DataFrame, column: str, by: str | None = None, weights=None,
                     confidence: float = 0.95, multi: bool | None = None) -> pd.DataFrame:
    """Share of each answer of ``column`` (per group of ``by``), with Wilson intervals.

    Columns: ``tra_loi`` the answer, ``so_nguoi`` how many respondents gave it,
    ``ty_le`` the share (weighted if ``weights`` is given: a ``Weighting``, a column name
    or one number per row), ``can_duoi``/``can_tren`` the interval, ``co_so`` how many
    answered the question, ``n_hieu_dung`` the n used for the interval (Kish's effective
    n when weighted). Blank answers are left out of the base.

    A multi-select column (answers joined by ";") is split: each option's share is among
    the people who answered, so shares add up to more than 100%.

    >>> df = pd.DataFrame({"kho_khan": ["Thiếu thuốc;Phải chờ lâu", "Thiếu thuốc", None]})
    >>> proportion_table(df, "kho_khan")[["tra_loi", "so_nguoi", "ty_le", "co_so"]]
            tra_loi  so_nguoi  ty_le  co_so
    0   Thiếu thuốc         2    1.0      2
    1  Phải chờ lâu         1    0.5      2
    """
    _frame(df, "phiếu hỏi")
    _column(df, column)
    if by is not None:
        _column(df, by)
    w = _weights(df, weights)
    w = np.ones(len(df)) if w is None else w
    rows, codes, answers, multi = _answers(df, column, multi)
    if not len(rows):
        raise KitError("analysis.error.no_answers", column=column)
    # Rows and answers are numbers from here on; the labels come back at the end.
    respondents = rows[np.append(True, rows[1:] != rows[:-1])]  # rows come in order
    if by is None:
        group_of, groups = np.zeros(len(df), dtype=np.intp), np.array([""], dtype=object)
    else:
        group_of, groups = _distinct(df[by])
        group_of = np.where(_spaces(groups)[group_of], -1, group_of)
        groups = np.asarray(groups, dtype=object)
    g = group_of[respondents]
    base = pd.DataFrame({"g": g, "w": w[respondents]})[g >= 0]
    base["w2"] = base["w"] ** 2
    bases = base.groupby("g", sort=False).agg(co_so=("w", "size"), W=("w", "sum"), W2=("w2", "sum"))
    g = group_of[rows]
    long = pd.DataFrame({"tra_loi": codes, "g": g, "w": w[rows]})[g >= 0]
    cells = long.groupby(["g", "tra_loi"], sort=False).agg(so_nguoi=("w", "size"), Wk=("w", "sum"))
    cells = cells.reset_index().merge(bases.reset_index(), on="g")
    cells["tra_loi"] = answers[cells["tra_loi"].to_numpy()]
    cells["g"] = groups[cells["g"].to_numpy()]
    bases.index = pd.Index(groups[bases.index.to_numpy()], dtype=object)
    cells["ty_le"] = cells["Wk"] / cells["W"]
    cells["n_hieu_dung"] = cells["W"] ** 2 / cells["W2"]
    low, high = wilson_interval(cells["ty_le"], cells["n_hieu_dung"], confidence)
    cells["can_duoi"], cells["can_tren"] = low, high
    counts = cells.groupby("tra_loi")["so_nguoi"].sum()
    order = _order(counts.index, column, multi, counts)
    cells["_o"] = cells["tra_loi"].map({o: i for i, o in enumerate(order)})
    group_order = {g: i for i, g in enumerate(_order(bases.index, by or "", False,
                                                     bases["co_so"]))} if by else {"": 0}
    cells["_g"] = cells["g"].map(group_order)
    cells = cells.sort_values(["_g", "_o"]).reset_index(drop=True)
    table = cells[["g", *TABLE_COLUMNS]].astype({"so_nguoi": int, "co_so": int})
    if by is None:
        return table.drop(columns="g")
    return table.rename(columns={"g": by})


def crosstab(df: pd.DataFrame, row: str, col: str, weights=None,
             share: str | None = None) -> pd.DataFrame:
    """Counts (weighted sums when ``weights`` is given) of ``row`` × ``col`` answers.

    ``share="row"`` turns each row into shares adding to 1, ``"col"`` each column,
    ``"all"`` the whole table. Multi-select columns are split as in ``proportion_table``;
    blank answers are left out.

    >>> df = pd.DataFrame({"gioi_tinh": ["Nam", "Nữ", "Nữ"], "the_bhyt": ["có", "có", "không"]})
    >>> crosstab(df, "gioi_tinh", "the_bhyt")  # doctest: +NORMALIZE_WHITESPACE
    the_bhyt    có  không
    gioi_tinh
    Nam        1.0    0.0
    Nữ         1.0    1.0
    """
    _frame(df, "phiếu hỏi")
    _column(df, row), _column(df, col)
    if share is not None and share not in SHARES:
        raise KitError("analysis.error.bad_share", share=share, allowed=", ".join(SHARES))
    w = _weights(df, weights)
    w = np.ones(len(df)) if w is None else w
    left_rows, left_codes, left_answers, _ = _answers(df, row, None)
    right_rows, right_codes, right_answers, _ = _answers(df, col, None)
    pairs = pd.merge(pd.DataFrame({"i": left_rows, "r": left_codes}),
                     pd.DataFrame({"i": right_rows, "c": right_codes}), on="i")
    if pairs.empty:
        raise KitError("analysis.error.no_answers", column=f"{row} × {col}")
    pairs["w"] = w[pairs["i"].to_numpy()]
    # Sum each cell over the numbered pairs, then pivot the few cells by their labels:
    # the same sums, and the same table, as pivoting the pairs themselves.
    cells = pairs.groupby(["r", "c"], sort=False)["w"].sum().reset_index()
    cells["r"] = left_answers[cells["r"].to_numpy()]
    cells["c"] = right_answers[cells["c"].to_numpy()]
    table = cells.pivot_table(index="r", columns="c", values="w", aggfunc="sum", fill_value=0.0)
    sums = [pairs.groupby(k)["w"].sum() for k in ("r", "c")]
    for total, answers in zip(sums, (left_answers, right_answers)):
        total.index = pd.Index(answers[total.index.to_numpy()])
    rows = _order(table.index, row, False, sums[0])
    cols = _order(table.columns, col, False, sums[1])
    table = table.loc[rows, cols].astype(float)
    if share == "row":
        table = table.div(table.sum(axis=1), axis=0)
    elif share == "col":
        table = table.div(table.sum(axis=0), axis=1)
    elif share == "all":
        table = table / table.to_numpy().sum()
    table.index.name, table.columns.name = row, col
    return table


# --- theme coding ----------------------------------------------------------------------

class CodebookTheme(Strict):
    id: str = Field(pattern=SLUG)
    name: LocalText
    phrases: list[str] = Field(min_length=1)

    @field_validator("phrases")
    @classmethod
    def _words(cls, value):
        for phrase in value:
            if phrase != unicodedata.normalize("NFC", phrase):
                raise ValueError("text is not Unicode NFC")
            if not re.search(r"\w", phrase):
                raise ValueError(f"the phrase “{phrase}” has no words")
        return value


class CodebookFile(Strict):
    themes: list[CodebookTheme] = Field(min_length=1)

    @field_validator("themes")
    @classmethod
    def _unique(cls, value):
        ids = [t.id for t in value]
        if len(set(ids)) != len(ids):
            raise ValueError("theme ids repeat")
        return value


# Folding a long letter with unicodedata character by character is slow; precomposed
# Latin letters fold through one translation table instead (checked against fold()).
_FOLD_TABLE = {c: fold(chr(c)) or None for c in range(0xC0, 0x2000) if chr(c).isalpha()
               and fold(chr(c)) != chr(c).lower() and fold(chr(c)).isascii()}
_LETTER = r"[^\W\d_]"


def fast_fold(text: str) -> str:
    """``fold(text)`` for matching, faster on long texts (whitespace is not collapsed).

    >>> fast_fold("Thiếu THUỐC ở Trạm")
    'thieu thuoc o tram'
    """
    folded = unicodedata.normalize("NFC", text).lower().translate(_FOLD_TABLE)
    return folded if folded.isascii() else fold(text)


# Coding many texts at once works on arrays of UTF-16 code units, each read through one
# table: what the unit is once folded. A folded ASCII letter is its own byte (a–z);
# another letter is 0x80; then a space, anything else that ends a word, "slow" (its
# fold is not one character: a lone combining mark, half of a surrogate pair; the text
# goes through ``find``), or not met yet (the table is filled in as characters come).
_OTHER, _SPACE, _SLOW, _UNSEEN, _NON_ASCII = 0, 1, 2, 3, 0x80
_FOLDED = np.full(0x10000, _UNSEEN, dtype=np.uint8)
_IS_LETTER = re.compile(_LETTER)
_IS_SPACE = re.compile(r"\s")
_MAX_WORD = 8          # a phrase word of at most 8 ASCII letters fits one 64-bit number
_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(_MAX_WORD + 1)] + [0],
                  dtype=np.uint64)   # the low k bytes
_CHUNK = 1 << 22       # characters folded and searched at a time


def _learn(units: np.ndarray) -> None:
    for c in np.flatnonzero(np.bincount(units, minlength=0x10000)).tolist():
        ch, kind = chr(c), _OTHER
        if 0xD800 <= c <= 0xDFFF:
            kind = _SLOW
        elif _IS_SPACE.match(ch):
            kind = _SPACE
        else:
            f = fold(ch)
            if len(f) != 1:
                kind = _SLOW
            elif _IS_SPACE.match(f):
                kind = _SPACE
            elif _IS_LETTER.match(f):
                kind = ord(f) if f.isascii() else _NON_ASCII
        _FOLDED[c] = kind


def _word_key(word: str) -> int:
    return sum(ord(ch) << (8 * k) for k, ch in enumerate(word))


class Codebook:
    """The themes of a codebook, each phrase compiled to match folded text by whole words."""

    def __init__(self, data: CodebookFile):
        self.data = data
        self.themes = {t.id: t for t in data.themes}
        self.ids = tuple(self.themes)
        groups = []
        for k, theme in enumerate(data.themes):
            phrases = sorted({r"\s+".join(map(re.escape, fold(p).split())) for p in theme.phrases},
                             key=len, reverse=True)
            groups.append(f"(?P<t{k}>(?:{'|'.join(phrases)})(?!{_LETTER}))")
        # The look-ahead below reports one theme per word start: the first in the
        # codebook's order. A later theme can match at the same place only if one of the
        # two phrases starts the other and is followed there by a space or another
        # non-letter ("thẻ bảo hiểm" and "thẻ bảo hiểm y tế"); such later themes are also
        # searched one by one.
        said = [(k, " ".join(fold(p).split())) for k, t in enumerate(data.themes)
                for p in t.phrases]
        self.shadowed = {self.ids[max(a, b)] for a, pa in said for b, pb in said
                         if a != b and len(pa) <= len(pb) and pb.startswith(pa)
                         and not _IS_LETTER.match(pb[len(pa):len(pa) + 1])}
        # One pass over the text: at each word start, look ahead for any theme's phrase.
        self.pattern = re.compile(rf"(?<!{_LETTER})(?=(?:{'|'.join(groups)}))")
        self.per_theme = {t.id: re.compile(rf"(?<!{_LETTER}){g}")
                          for t, g in zip(data.themes, groups)}
        self._vocabulary(data)

    def _vocabulary(self, data: CodebookFile) -> None:
        """The phrases as numbers, for ``find_many``. A word of the codebook is its folded
        letters read as one 64-bit number (``_word_key``), found through a hash table of
        2**16 slots; the words are numbered 1, 2, … and a phrase of m words is
        sum(w_r * base**r). Only when every word of every phrase is made of 1–8 ASCII
        letters once folded (the kit's codebook) and the numbers fit 63 bits; otherwise
        ``find_many`` codes text by text."""
        phrases = [(k, fold(p).split()) for k, t in enumerate(data.themes) for p in t.phrases]
        words = sorted({w for _, ws in phrases for w in ws})
        longest = max(len(ws) for _, ws in phrases)
        base = len(words) + 1
        self._vector = base ** longest < 2 ** 63 and all(
            w.isascii() and len(w) <= _MAX_WORD and all(_IS_LETTER.match(ch) for ch in w)
            for w in words)
        if not self._vector:
            return
        keys = [_word_key(w) for w in words]
        for multiplier in range(0x9E3779B97F4A7C15, 2 ** 64, 2 * 0x5851F42D4C957F2D):
            slots = [(key * multiplier % 2 ** 64) >> 48 for key in keys]
            if len(set(slots)) == len(slots):  # no two words share a slot
                break
        self._multiplier = np.uint64(multiplier)
        self._slot_key = np.zeros(0x10000, dtype=np.uint64)
        self._slot_word = np.zeros(0x10000, dtype=np.int64)  # 0: no word
        self._slot_key[slots] = keys
        self._slot_word[slots] = np.arange(1, len(words) + 1)
        number = {w: i for i, w in enumerate(words, 1)}
        self._base = base
        self._leads = np.zeros(base, dtype=bool)  # words followed by another in a phrase
        self._single = np.zeros((base, len(self.ids)), dtype=bool)  # one-word phrases
        self._by_length = {}  # m ≥ 2 → (sorted phrase numbers, phrase number × theme table)
        for k, ws in phrases:
            self._leads[[number[w] for w in ws[:-1]]] = True
            if len(ws) == 1:
                self._single[number[ws[0]], k] = True
        for m in sorted({len(ws) for _, ws in phrases} - {1}):
            said: dict[int, set[int]] = {}
            for k, ws in phrases:
                if len(ws) == m:
                    code = sum(number[w] * base ** r for r, w in enumerate(ws))
                    said.setdefault(code, set()).add(k)
            codes = sorted(said)
            themes = np.zeros((len(codes), len(self.ids)), dtype=bool)
            for i, code in enumerate(codes):
                themes[i, sorted(said[code])] = True
            self._by_length[m] = (np.array(codes, dtype=np.int64), themes)
        self._has_single = self._single.any(axis=1)

    def name(self, theme_id: str, lang: str | None = None) -> str:
        return self.themes[theme_id].name.get(lang or "vi")

    def find(self, text: str) -> set[str]:
        folded = fast_fold(text)
        found = {self.ids[int(m.lastgroup[1:])] for m in self.pattern.finditer(folded)}
        for theme_id in self.shadowed - found:
            if self.per_theme[theme_id].search(folded):
                found.add(theme_id)
        return found

    def find_many(self, texts) -> np.ndarray:
        """``find`` of many texts at once, as a table: row i, column k is True when theme
        ``ids[k]`` is in ``find(texts[i])``; an item that is not text has no theme.

        Each distinct text is coded once. Texts are folded and searched together, a few
        million characters at a time, as numpy arrays: words are runs of letters, each
        word of at most eight letters becomes one number, and a phrase is found where its
        words' numbers follow each other with only spaces between them, which is what
        the regular expressions of ``find`` match.
        """
        seen: dict[str, int] = {}  # distinct text → its row of ``found``
        codes: list[int] = []
        blocks: list[tuple[np.ndarray, np.ndarray]] = []
        pending: list[str] = []
        size = 0
        for text in texts:
            if not isinstance(text, str):
                codes.append(-1)
                continue
            k = seen.get(text)
            if k is None:
                k = seen[text] = len(seen)
                pending.append(text)
                size += len(text) + 1
                if size >= _CHUNK:  # searched while its texts are fresh in memory
                    blocks.append(self._scan(pending) if self._vector else self._slow(pending))
                    pending, size = [], 0
            codes.append(k)
        if pending:
            blocks.append(self._scan(pending) if self._vector else self._slow(pending))
        found = np.zeros((len(seen) + 1, len(self.ids)), dtype=bool)  # last row: no text
        start = 0
        for block, slow in blocks:
            found[start:start + len(block)] = block
            start += len(block)
        distinct = list(seen)
        for k in np.flatnonzero(np.concatenate([slow for _, slow in blocks] + [[False]])):
            found[k] = [tid in self.find(distinct[k]) for tid in self.ids]
        return found[np.array(codes, dtype=np.intp)]

    def _slow(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """No themes yet, every text to go through ``find``."""
        return (np.zeros((len(texts), len(self.ids)), dtype=bool),
                np.ones(len(texts), dtype=bool))

    def _scan(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The themes of texts without NUL characters, and which texts hold a character
        this way cannot fold (those go through ``find``)."""
        found = np.zeros((len(texts), len(self.ids)), dtype=bool)
        joined = unicodedata.normalize("NFC", "\x00".join(texts) + "\x00")
        units = np.frombuffer(joined.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
        size = len(units)
        # folded[1 + i] is unit i folded; a blank byte before, eight after (see ``eight``).
        folded = np.zeros(size + 9, dtype=np.uint8)
        np.take(_FOLDED, units, out=folded[1:size + 1])
        if (folded == _UNSEEN).any():
            _learn(units[folded[1:size + 1] == _UNSEEN])
            np.take(_FOLDED, units, out=folded[1:size + 1])
        text_ends = np.flatnonzero(units == 0)  # NUL ends each text: no phrase spans it
        if len(text_ends) != len(texts):  # a text holds NUL itself: it goes through ``find``
            inner = [i for i, t in enumerate(texts) if "\x00" in t]
            found, slow = self._scan(["" if "\x00" in t else t for t in texts])
            slow[inner] = True
            return found, slow
        slow = np.zeros(len(texts), dtype=bool)
        slow[np.searchsorted(text_ends, np.flatnonzero(folded == _SLOW) - 1)] = True
        # Words are runs of letters: they start and end where letter and non-letter meet.
        letter = folded > _UNSEEN
        edges = np.flatnonzero(letter[1:] != letter[:-1])
        starts, ends = edges[0::2], edges[1::2]
        # Each word as one number: its folded letters read as 8 bytes from where it
        # starts, the bytes after its end masked away (a longer word masked to 0).
        eight = np.ndarray((size,), dtype="<u8", buffer=folded.data, offset=1, strides=(1,))
        key = eight[starts] & _MASKS[np.minimum(ends - starts, _MAX_WORD + 1)]
        slot = ((key * self._multiplier) >> np.uint64(48)).astype(np.intp)
        tokens = np.flatnonzero((self._slot_key[slot] == key) & (self._slot_word[slot] > 0))
        number = self._slot_word[slot[tokens]]  # the codebook's words met, in order
        n = len(tokens)
        one = np.flatnonzero(self._has_single[number])
        rows, cols = np.nonzero(self._single[number[one]])
        found[np.searchsorted(text_ends, starts[tokens[one[rows]]]), cols] = True
        # Longer phrases: from each word that starts one, while only spaces part it from
        # the next word (looking at the characters between them one offset at a time).
        spaced = self._leads[number] & (tokens + 1 < len(starts))
        gap, offset = np.flatnonzero(spaced), 0
        while len(gap):
            where = ends[tokens[gap]] + offset
            inside = where < starts[tokens[gap] + 1]
            gap, where = gap[inside], where[inside]
            blocked = folded[where + 1] != _SPACE
            spaced[gap[blocked]] = False
            gap, offset = gap[~blocked], offset + 1
        at = np.flatnonzero(spaced)
        code = number[at]
        for m in range(2, max(self._by_length, default=1) + 1):
            follow = at + m - 1
            keep = follow < n
            at, code, follow = at[keep], code[keep], follow[keep]
            keep = (tokens[follow] == tokens[at] + m - 1) & spaced[follow - 1]
            at, code, follow = at[keep], code[keep], follow[keep]
            code = code + number[follow] * self._base ** (m - 1)
            if m in self._by_length:
                phrases, themes = self._by_length[m]
                which = np.minimum(np.searchsorted(phrases, code), len(phrases) - 1)
                known = np.flatnonzero(phrases[which] == code)
                rows, cols = np.nonzero(themes[which[known]])
                found[np.searchsorted(text_ends, starts[tokens[at[known[rows]]]]), cols] = True
            if not len(at):
                break
        return found, slow


def load_codebook(path: Path | str | None = None) -> Codebook:
    """The codebook of a content folder (``THAMVAN_CONTENT`` or the kit's) or of a YAML file.

    Read again when the file changes; a broken file raises ``ContentError``.
    """
    return load_watched(CODEBOOK_FILE, CodebookFile, path, build=Codebook)


def code_text(text: str, codebook: Codebook | None = None) -> set[str]:
    """The ids of the codebook's themes whose phrases occur in ``text``.

    Matching ignores case and diacritics and takes whole words only:

    >>> sorted(code_text("Tram y te hay HET THUOC, tien xe om lai dat."))
    ['chi-phi-di-lai', 'thieu-thuoc']
    >>> code_text("Tôi rất hài lòng.")
    set()
    """
    if not isinstance(text, str):
        raise KitError("analysis.error.not_text", kind=type(text).__name__)
    return (codebook or load_codebook()).find(text)


def code_letters(data, codebook: Codebook | None = None,
                 text_column: str = "noi_dung") -> pd.DataFrame:
    """Themes of many texts: one True/False column per theme and ``chu_de_ma_hoa``
    (the ids found, joined by ";"). ``data`` is a table with ``text_column`` (its other
    columns are kept) or a list/Series of texts; a blank text has no theme.
    """
    book = codebook or load_codebook()
    if isinstance(data, pd.DataFrame):
        _frame(data, "thư", [text_column])
        texts, base = data[text_column], data
    elif isinstance(data, (pd.Series, list, tuple)):
        texts = pd.Series(data) if not isinstance(data, pd.Series) else data
        if texts.empty:
            raise KitError("analysis.error.empty", what="thư")
        base = None
    else:
        raise KitError("analysis.error.not_a_frame", kind=type(data).__name__)
    found = book.find_many(texts)
    coded = pd.DataFrame({tid: found[:, k] for k, tid in enumerate(book.ids)}, index=texts.index)
    # One label per distinct combination of themes (a combination as one number).
    if found.shape[1] < 63:
        combination = found.astype(np.int64) @ (np.int64(1) << np.arange(found.shape[1]))
    else:
        combination = [bytes(row) for row in np.packbits(found, axis=1)]
    which, _ = pd.factorize(combination)
    first = pd.Series(which).drop_duplicates().index  # one row of each, in code order
    labels = np.array([";".join(t for t, on in zip(book.ids, found[i]) if on) for i in first],
                      dtype=object)
    coded["chu_de_ma_hoa"] = labels[which].tolist()
    return coded if base is None else pd.concat([base, coded], axis=1)


def read_letters(folder) -> pd.DataFrame:
    """``thu-cong-dan.csv`` of a dataset folder with each letter's text (``noi_dung``),
    decoded whatever its encoding, and the encoding found (``ma_hoa_doc_duoc``)."""
    folder = Path(folder)
    index = pd.read_csv(folder / "thu-cong-dan.csv", dtype=str, keep_default_na=False)
    decoded = [read_text((folder / f).read_bytes()) for f in index["tep"]]
    return index.assign(noi_dung=[t for t, _ in decoded],
                        ma_hoa_doc_duoc=[e for _, e in decoded])


def themes_of(value) -> frozenset[str]:
    """A ";"-joined list of themes as a set; blank or missing is the empty set.

    >>> sorted(themes_of("thu-tuc; thieu-thuoc"))
    ['thieu-thuoc', 'thu-tuc']
    """
    if isinstance(value, (set, frozenset, list, tuple)):
        return frozenset(value)
    if not isinstance(value, str):
        return frozenset()
    return frozenset(p.strip() for p in value.split(";") if p.strip())


# --- agreement between coders ------------------------------------------------------------

@dataclass(frozen=True)
class Kappa:
    """Cohen's kappa of two coders: overall, per label (or theme), and the raw agreement.

    A kappa is ``nan`` when chance agreement is 1 (both coders gave everyone the same
    label): it is then undefined.
    """

    overall: float
    per_label: dict
    agreement: float  # observed share of agreeing decisions
    n: int


def _kappa(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(kappa, observed agreement) of two label arrays."""
    labels = np.union1d(a, b)
    po = float(np.mean(a == b))
    pe = float(sum(np.mean(a == x) * np.mean(b == x) for x in labels))
    return ((po - pe) / (1 - pe) if pe < 1 else math.nan), po


def _theme_table(sets: list[frozenset], themes: list[str]) -> np.ndarray:
    """Row i, column j: whether themes[j] is in sets[i]; worked out once per distinct set."""
    index: dict[frozenset, int] = {}
    codes = np.fromiter((index.setdefault(s, len(index)) for s in sets), dtype=np.intp,
                        count=len(sets))
    member = np.array([[t in s for t in themes] for s in index], dtype=bool)
    return member.reshape(len(index), len(themes))[codes]


def cohen_kappa(coder_a, coder_b, multi: bool | None = None) -> Kappa:
    """How much two coders agree beyond chance: κ = (pₒ − pₑ) / (1 − pₑ).

    One label per item (strings): the usual kappa, and one-against-the-rest per label.
    A set of themes per item (sets, or ";"-joined strings with ``multi=True``): each
    theme is a yes/no decision per item; ``per_label`` has each theme's kappa and
    ``overall`` pools the yes/no decisions of all themes (pooled kappa).

    The example of Wikipedia's article: 50 proposals, 20 both yes, 15 both no, 5 and 10
    split; agreement 0.7, chance 0.5:

    >>> a = ["có"] * 25 + ["không"] * 25
    >>> b = ["có"] * 20 + ["không"] * 5 + ["có"] * 10 + ["không"] * 15
    >>> k = cohen_kappa(a, b)
    >>> round(k.overall, 4), k.agreement
    (0.4, 0.7)
    """
    a, b = list(coder_a), list(coder_b)
    if len(a) != len(b):
        raise KitError("analysis.error.coders_length", a=len(a), b=len(b))
    if not a:
        raise KitError("analysis.error.empty", what="mã hoá")
    set_like = (set, frozenset, list, tuple)
    if multi is None:
        multi = isinstance(a[0], set_like)

    def fits(kind: type) -> bool:
        if multi:
            return issubclass(kind, (*set_like, str, type(None)))
        return issubclass(kind, (str, int, np.integer)) and not issubclass(kind, bool)

    if not all(fits(kind) for kind in set(map(type, a + b))):  # one test per type of item
        bad = next(i for i, v in enumerate(a + b) if not fits(type(v)))
        raise KitError("analysis.error.coders_mixed", item=bad % len(a) + 1)
    if not multi:
        x, y = np.array(a, dtype=object), np.array(b, dtype=object)
        overall, po = _kappa(x, y)
        per = {lab: _kappa(x == lab, y == lab)[0] for lab in sorted(set(a) | set(b), key=str)}
        return Kappa(overall, per, po, len(a))
    read: dict[str, frozenset] = {}  # ";"-joined labels repeat: each is split once

    def sets(values) -> list[frozenset]:
        return [(read[v] if v in read else read.setdefault(v, themes_of(v)))
                if isinstance(v, str) else themes_of(v) for v in values]

    sa, sb = sets(a), sets(b)
    themes = sorted(set().union(*{*sa, *sb}))
    xa, xb = _theme_table(sa, themes), _theme_table(sb, themes)
    per, xs, ys = {}, [], []
    for j, t in enumerate(themes):
        x, y = xa[:, j], xb[:, j]
        per[t] = _kappa(x, y)[0]
        xs.append(x), ys.append(y)
    if not themes:
        return Kappa(math.nan, {}, 1.0, len(a))
    overall, po = _kappa(np.concatenate(xs), np.concatenate(ys))
    return Kappa(overall, per, po, len(a))


# --- conferences ---------------------------------------------------------------------

def minutes_statistics(units: pd.DataFrame, by=("chu_de", "nhom")) -> pd.DataFrame:
    """Opinions per topic and group: how many agree, disagree, propose, and in all.

    ``units`` are opinion units (``hoi-nghi-N-y-kien.csv``), of one or several
    conferences put together; add ``"hoi_nghi"`` to ``by`` to keep conferences apart.
    These are counts of what was said, not shares of a population.
    """
    by = [by] if isinstance(by, str) else list(by)
    _frame(units, "ý kiến hội nghị", [*by, "lap_truong"])
    stance = units["lap_truong"].astype(str).str.strip()
    unknown = sorted(set(stance) - set(STANCES))
    if unknown:
        raise KitError("analysis.error.unknown_stance", value=unknown[0],
                       allowed=", ".join(STANCES))
    table = pd.crosstab([units[c] for c in by], stance).reindex(columns=list(STANCES),
                                                                fill_value=0)
    table["tong"] = table.sum(axis=1)
    table = table.reset_index()
    table.columns.name = None
    if "chu_de" in by:
        topics = {t: i for i, t in enumerate(datagen.TOPICS)}
        table = table.sort_values(by, key=lambda s: s.map(topics).fillna(len(topics))
                                  if s.name == "chu_de" else s, kind="stable")
    return table.reset_index(drop=True)


# --- charts -----------------------------------------------------------------------------

def bar_chart(table: pd.DataFrame, title: str | None = None, lang: str | None = None):
    """A horizontal bar chart of a ``proportion_table``, with its confidence intervals.

    Returns a ``matplotlib.figure.Figure`` drawn with the Agg canvas (no window), in
    DejaVu Sans, which has every Vietnamese letter. Save it with ``fig.savefig(path)``.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    needed = ("tra_loi", "ty_le", "can_duoi", "can_tren")
    if not isinstance(table, pd.DataFrame) or not set(needed) <= set(table.columns) or table.empty:
        raise KitError("analysis.error.no_chart_data", columns=", ".join(needed))
    groups = [c for c in table.columns if c not in TABLE_COLUMNS]
    options = list(dict.fromkeys(table["tra_loi"]))
    if groups and "so_nguoi" in table.columns:  # one group may lack an answer: scale order
        options = _order(options, "", False, table.groupby("tra_loi")["so_nguoi"].sum())
    keys = list(dict.fromkeys(table[groups[0]])) if groups else [None]
    fig = Figure(figsize=(8, 0.5 + 0.45 * len(options) * max(1, len(keys) * 0.6)))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    height = 0.8 / len(keys)
    for k, key in enumerate(keys):
        part = table if key is None else table[table[groups[0]] == key]
        part = part.set_index("tra_loi").reindex(options)
        y = np.arange(len(options)) + (k - (len(keys) - 1) / 2) * height
        share = part["ty_le"].to_numpy(dtype=float) * 100
        err = np.vstack([share - part["can_duoi"].to_numpy(dtype=float) * 100,
                         part["can_tren"].to_numpy(dtype=float) * 100 - share])
        ax.barh(y, share, height=height * 0.9, xerr=err, ecolor="black", capsize=2,
                label=None if key is None else str(key))
    ax.set_yticks(np.arange(len(options)), options, fontfamily="DejaVu Sans")
    ax.invert_yaxis()
    ax.set_xlabel(load().message("analysis.chart.share", lang), fontfamily="DejaVu Sans")
    ax.set_xlim(0, 100)
    if title:
        ax.set_title(title, fontfamily="DejaVu Sans")
    if groups:
        ax.legend(prop={"family": "DejaVu Sans"}, fontsize="small")
    ax.annotate(load().message("analysis.chart.interval", lang, level=95), (1, -0.12),
                xycoords="axes fraction", ha="right", fontsize="x-small",
                fontfamily="DejaVu Sans")
    fig.tight_layout()
    return fig


# --- loading a file --------------------------------------------------------------------

def load_questionnaire_file(data: bytes, max_bytes: int = 20_000_000,
                            required: Iterable[str] = REQUIRED_COLUMNS) -> pd.DataFrame:
    """An uploaded questionnaire CSV as a table of text cells (blank cells missing).

    Reads UTF-8 (with or without BOM), UTF-16, CP1258 and the legacy TCVN3/VNI fonts
    (``vietnamese.read_text``); the separator may be ",", ";" or a tab. Refuses, with a
    Vietnamese and English reason, what is not bytes, empty, larger than ``max_bytes``,
    not a table, or lacks a ``required`` column.

    >>> load_questionnaire_file("ma_phieu;xa_phuong\\nSH-1;Xã Tân Phú\\n".encode("utf-16"))
      ma_phieu   xa_phuong
    0     SH-1  Xã Tân Phú
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise KitError("analysis.load.not_bytes", kind=type(data).__name__)
    data = bytes(data)
    if not data.strip():
        raise KitError("analysis.load.empty")
    if len(data) > max_bytes:
        raise KitError("analysis.load.too_large", size=f"{len(data):,}", limit=f"{max_bytes:,}")
    try:
        text, _ = read_text(data)
    except KitError:
        raise
    except Exception as err:  # noqa: BLE001 - any decoding failure is the file's fault
        raise KitError("analysis.load.unreadable", detail=type(err).__name__) from None
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise KitError("analysis.load.empty")
    header = text.split("\n", 1)[0]
    sep = max((",", ";", "\t"), key=header.count)
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                         na_values=[""], skip_blank_lines=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError) as err:
        raise KitError("analysis.load.not_csv", detail=str(err).strip().splitlines()[0][:120]) \
            from None
    df.columns = [unicodedata.normalize("NFC", str(c)).strip() for c in df.columns]
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise KitError("analysis.load.missing_columns", columns=", ".join(missing),
                       present=", ".join(df.columns) or "—")
    if df.empty:
        raise KitError("analysis.load.empty")
    return df
