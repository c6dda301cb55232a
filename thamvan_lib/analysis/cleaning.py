"""Cleaning a questionnaire table: blank and repeated rows, misspelt communes, impossible
values, each change listed in a ``CleaningReport`` with its rows and its reason.

The defaults (communes, ranges, answer scales, id and commune columns) come from a
``dataset.Survey``, the kit's Sơn Hà survey unless another is given.

A short session on a hand-made table:

>>> df = pd.DataFrame({"xa_phuong": ["Xã Tân Phú", "xa tan phu", "Xã An Bình", None],
...                    "tuoi": ["34", "245", "51", None]})
>>> clean_df, report = clean(df)
>>> print(report.text("en"))
Cleaning: 4 rows at first, 3 rows left.
- Dropped 1 blank rows (rows 5): they hold no answer.
- Changed the commune “xa tan phu” to “Xã Tân Phú” on 1 rows (rows 3): the same name once case and diacritics are ignored.
- Column “tuoi”: 1 values outside 18–100 (rows 3: 245) were blanked, as they cannot be right.
>>> from thamvan_lib.analysis.tables import proportion_table
>>> proportion_table(clean_df, "xa_phuong")[["tra_loi", "so_nguoi", "ty_le"]]
      tra_loi  so_nguoi     ty_le
0  Xã Tân Phú         2  0.666667
1  Xã An Bình         1  0.333333
"""


from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..content import load
from ..dataset import KIT, Survey
from ..vietnamese import fold
from .frames import (SHOWN_ROWS, blank_cells, cell_hashes, distinct_values, each_value, repeats,
                     require_frame, row_list, space_mask, variety)


@dataclass(frozen=True)
class Change:
    """One thing ``clean`` did: a message key, the column, the rows (index labels), details."""

    key: str
    rows: tuple
    column: str | None = None
    values: dict = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        return load().message(self.key, lang, rows=row_list(self.rows), count=len(self.rows),
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
          id_column: str | None = None, commune_column: str | None = None,
          survey: Survey = KIT.survey) -> tuple[pd.DataFrame, CleaningReport]:
    """A cleaned copy of ``df`` and the report of every change; ``df`` is left as it was.

    - rows with no answer at all are dropped, then rows identical to an earlier row;
    - rows sharing a form id (``id_column``) but not their answers are kept and reported;
    - commune names are matched to ``communes`` ignoring case and diacritics, with or
      without "Xã"/"Phường"; unknown ones are reported;
    - numbers outside ``ranges`` and answers not on a scale of ``scales`` are blanked.

    What is not given comes from ``survey`` (the Sơn Hà survey by default: its communes,
    ``tuoi`` 18–100, its Likert questions, ``ma_phieu`` and ``xa_phuong``).

    The index is kept, so every row can be traced back to the file (label + 2 = line).
    """
    require_frame(df, "phiếu hỏi")
    id_column = id_column or survey.id_column
    commune_column = commune_column or survey.commune_column
    report = CleaningReport(rows_before=len(df))
    blank = _blank_rows(df)
    if blank.any():
        report.changes.append(Change("analysis.clean.blank_rows", tuple(df.index[blank])))
    kept = np.flatnonzero(~blank)
    known, ids = {}, None  # the ids' hashes serve twice: duplicates and repeated ids
    if id_column in df.columns and list(df.columns).count(id_column) == 1:
        try:
            ids = cell_hashes(df[id_column].to_numpy(dtype=object))
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
        names = list(communes) if communes is not None else list(survey.communes)
        _fix_communes(out, commune_column, names, report)
    ranges = survey.ranges if ranges is None else ranges
    for column, (low, high) in ranges.items():
        if column in out.columns:
            _check_range(out, column, low, high, report)
    scales = survey.scales if scales is None else scales
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
    for j in sorted(range(df.shape[1]), key=lambda j: variety(df.iloc[:, j])):
        column = df.iloc[:, j] if len(left) == len(df) else df.iloc[left, j]
        left = left[blank_cells(column).to_numpy()]
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
    column position → ``cell_hashes`` of the whole column, when already computed."""
    known = known or {}
    left = np.arange(len(rows))
    keys = np.zeros(len(rows), dtype=np.uint64)
    try:
        for j in sorted(range(df.shape[1]), key=lambda j: -variety(df.iloc[:, j])):
            if j in known or 2 * len(left) > len(df):  # most rows: hash all, no copying
                whole = known[j] if j in known else cell_hashes(df.iloc[:, j].to_numpy(dtype=object))
                hashes = whole[rows[left]]
            else:
                hashes = cell_hashes(df.iloc[rows[left], j].to_numpy(dtype=object))
            keys = keys * np.uint64(0x9E3779B97F4A7C15) + hashes
            again = repeats(keys)
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
        maybe = repeats(cell_hashes(values) if hashes is None else hashes) & ~pd.isna(values)
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
    codes, uniques = distinct_values(values)
    spaces = space_mask(uniques)
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
    codes, uniques = distinct_values(raw)
    typed = pd.Series([v.strip().replace(",", ".") if isinstance(v, str) else v for v in uniques],
                      dtype=object)
    per_value = pd.to_numeric(typed, errors="coerce").to_numpy()
    if (codes < 0).any() or not len(per_value):  # a missing cell: NaN, so floats, as before
        per_value = np.append(per_value.astype(float), np.nan)
    numbers = pd.Series(per_value[codes], index=raw.index)
    given = ~space_mask(uniques)[codes]
    not_number = given & numbers.isna().to_numpy()
    outside = (numbers.notna() & ((numbers < low) | (numbers > high))).to_numpy()
    for mask, key in ((not_number, "analysis.clean.not_a_number"),
                      (outside, "analysis.clean.out_of_range")):
        if mask.any():
            shown = ", ".join(str(v) for v in raw[mask].head(SHOWN_ROWS))
            report.changes.append(Change(key, tuple(out.index[mask]), column,
                                         {"low": low, "high": high, "values": shown}))
    numbers = numbers.where(~outside)
    whole = numbers.dropna()
    out[column] = numbers.astype("Int64") if (whole == whole.round()).all() else numbers


def _check_scale(out: pd.DataFrame, column: str, labels: list[str], report) -> None:
    raw = out[column]
    codes, uniques = distinct_values(raw)

    def tidy(v):
        return unicodedata.normalize("NFC", v).strip() if isinstance(v, str) else v

    text = each_value(raw, tidy, (codes, uniques))
    on_scale = pd.Series([tidy(v) for v in uniques], dtype=object).isin(labels).to_numpy()
    bad = ~space_mask(uniques)[codes] & ~np.append(on_scale, False)[codes]
    if bad.any():
        shown = ", ".join(str(v) for v in raw[bad].head(SHOWN_ROWS))
        report.changes.append(Change("analysis.clean.invalid_value", tuple(out.index[bad]),
                                     column, {"values": shown}))
    out[column] = text.where(~bad)
