"""Checks and helpers shared by the analysis modules: what a table must hold, and the
work done once per distinct value of a column instead of once per cell."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..errors import KitError

SHOWN_ROWS = 12  # a report lists at most this many row numbers per change, then "…"


def require_frame(df, what: str = "dữ liệu", columns: Iterable[str] = ()) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise KitError("analysis.error.not_a_frame", kind=type(df).__name__)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KitError("analysis.error.missing_columns", what=what, columns=", ".join(missing),
                       present=", ".join(map(str, df.columns)) or "—")
    if df.empty:
        raise KitError("analysis.error.empty", what=what)
    return df


def require_column(df: pd.DataFrame, column) -> str:
    if column not in df.columns:
        raise KitError("analysis.error.unknown_column", column=column,
                       present=", ".join(map(str, df.columns)) or "—")
    return column


def distinct_values(series: pd.Series) -> tuple[np.ndarray, pd.Index | pd.api.extensions.ExtensionArray]:
    """Each cell's code (-1 where missing) and the distinct values, in order of first
    appearance. Survey columns repeat few values: work done once per distinct value and
    mapped back through the codes is not done a million times."""
    return pd.factorize(series)


def space_mask(uniques) -> np.ndarray:
    """Per distinct value, whether it holds only spaces, plus a last True that code -1
    (missing) picks: ``space_mask(uniques)[codes]`` is the blank mask."""
    return np.array([isinstance(v, str) and not v.strip() for v in uniques] + [True], dtype=bool)


def blank_cells(series: pd.Series) -> pd.Series:
    """True where a cell holds no answer: missing, or only spaces."""
    codes, uniques = distinct_values(series)
    return pd.Series(space_mask(uniques)[codes], index=series.index, name=series.name)


def each_value(series: pd.Series, fn, distinct=None) -> pd.Series:
    """``series.map(fn)`` with missing cells None, calling ``fn`` once per distinct value
    (``distinct_values``: the codes and values of ``distinct_values`` if already known). The result has
    the type ``map`` would give (text, numbers or objects)."""
    codes, uniques = distinct_values(series) if distinct is None else distinct
    table = pd.Series([fn(v) for v in uniques], dtype=None if len(uniques) else object)
    mapped = pd.Series(pd.api.extensions.take(table.array, codes, allow_fill=True),
                       index=series.index, name=series.name)
    return mapped.where(codes >= 0, None)


def cell_hashes(values: np.ndarray) -> np.ndarray:
    """Python's hash of each cell (equal values, equal hashes), 0 for every missing cell."""
    out = np.fromiter(map(hash, values), dtype=np.int64, count=len(values)).view(np.uint64)
    out[pd.isna(values)] = 0  # NaN objects hash by identity; all missing cells are equal here
    return out


def repeats(keys: np.ndarray) -> np.ndarray:
    """True where a key occurs more than once."""
    return pd.Series(keys, copy=False).duplicated(keep=False).to_numpy()


def variety(series: pd.Series) -> int:
    """How many distinct values the first thousand cells hold: a cheap guess at which
    column tells rows apart best."""
    try:
        return len(pd.unique(series.iloc[:1000]))
    except TypeError:  # unhashable cells: the exact methods below will say so
        return 0


def row_list(labels) -> str:
    """Row numbers as a spreadsheet shows them: the header is line 1, so label 0 is row 2."""
    shown = [str(label + 2) if isinstance(label, (int, np.integer)) else str(label)
             for label in list(labels)[:SHOWN_ROWS]]
    return ", ".join(shown) + (", …" if len(labels) > SHOWN_ROWS else "")
