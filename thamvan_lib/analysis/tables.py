"""Weights and tables: design weights by commune population with Kish's effective sample
size, shares with Wilson confidence intervals (weighted or not, one-answer and
multi-select questions), and cross-tabulations.

Which questions are multi-select and in what order answers are listed come from a
``dataset.Survey``, the kit's Sơn Hà survey unless another is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..dataset import KIT, Survey
from ..errors import KitError
from ..sampling import design_weights, z_value
from .frames import distinct_values, require_column, require_frame, row_list, space_mask

TABLE_COLUMNS = ("tra_loi", "so_nguoi", "ty_le", "can_duoi", "can_tren", "co_so", "n_hieu_dung")
SHARES = ("row", "col", "all")


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
    require_frame(df, "phiếu hỏi", [commune_column])
    strata = _populations(populations)
    codes, names = distinct_values(df[commune_column])  # every commune's rows counted at once
    missing = space_mask(names)[codes]
    if missing.any():
        raise KitError("analysis.error.missing_commune", count=int(missing.sum()),
                       rows=row_list(df.index[missing]))
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
        weights = df[require_column(df, weights)]
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


def _answers(df: pd.DataFrame, column: str, multi: bool | None,
             survey: Survey) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """The answers of ``column`` as numbers: (row positions, answer codes, the answers,
    multi), one entry per answered row, or per (row, option) for a multi-select column.

    Each distinct cell is stripped (and split) once, then spread back to its rows."""
    values = df[column]
    codes, uniques = distinct_values(values)
    rows = np.flatnonzero(~space_mask(uniques)[codes])
    codes = codes[rows]
    texts = pd.Series(uniques).astype(str).str.strip()
    if multi is None:
        multi = column in survey.multi or bool(texts.str.contains(";", regex=False).any())
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


def answer_order(options: Iterable[str], counts: pd.Series,
                 orders: Iterable[Iterable[str]] = KIT.survey.orders) -> list[str]:
    """``options`` in the order of the first of ``orders`` that holds them all (a scale
    reads from one end to the other), else the most frequent first (``counts``).

    >>> answer_order(["Khó", "Dễ", "Rất khó"], pd.Series(dtype=int))
    ['Rất khó', 'Khó', 'Dễ']
    """
    options = list(options)
    for scale in orders:
        if options and set(options) <= set(scale):
            return [o for o in scale if o in options]
    return sorted(options, key=lambda o: (-counts.get(o, 0), o))


def proportion_table(df: pd.DataFrame, column: str, by: str | None = None, weights=None,
                     confidence: float = 0.95, multi: bool | None = None,
                     survey: Survey = KIT.survey) -> pd.DataFrame:
    """Share of each answer of ``column`` (per group of ``by``), with Wilson intervals.

    Columns: ``tra_loi`` the answer, ``so_nguoi`` how many respondents gave it,
    ``ty_le`` the share (weighted if ``weights`` is given: a ``Weighting``, a column name
    or one number per row), ``can_duoi``/``can_tren`` the interval, ``co_so`` how many
    answered the question, ``n_hieu_dung`` the n used for the interval (Kish's effective
    n when weighted). Blank answers are left out of the base.

    A multi-select column (one of ``survey.multi``, or answers joined by ";") is split:
    each option's share is among the people who answered, so shares add up to more than
    100%. Answers on a scale of ``survey.orders`` are listed in its order.

    >>> df = pd.DataFrame({"kho_khan": ["Thiếu thuốc;Phải chờ lâu", "Thiếu thuốc", None]})
    >>> proportion_table(df, "kho_khan")[["tra_loi", "so_nguoi", "ty_le", "co_so"]]
            tra_loi  so_nguoi  ty_le  co_so
    0   Thiếu thuốc         2    1.0      2
    1  Phải chờ lâu         1    0.5      2
    """
    require_frame(df, "phiếu hỏi")
    require_column(df, column)
    if by is not None:
        require_column(df, by)
    w = _weights(df, weights)
    w = np.ones(len(df)) if w is None else w
    rows, codes, answers, multi = _answers(df, column, multi, survey)
    if not len(rows):
        raise KitError("analysis.error.no_answers", column=column)
    # Rows and answers are numbers from here on; the labels come back at the end.
    respondents = rows[np.append(True, rows[1:] != rows[:-1])]  # rows come in order
    if by is None:
        group_of, groups = np.zeros(len(df), dtype=np.intp), np.array([""], dtype=object)
    else:
        group_of, groups = distinct_values(df[by])
        group_of = np.where(space_mask(groups)[group_of], -1, group_of)
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
    order = answer_order(counts.index, counts, survey.orders)
    cells["_o"] = cells["tra_loi"].map({o: i for i, o in enumerate(order)})
    group_order = {g: i for i, g in enumerate(answer_order(bases.index, bases["co_so"],
                                                           survey.orders))} if by else {"": 0}
    cells["_g"] = cells["g"].map(group_order)
    cells = cells.sort_values(["_g", "_o"]).reset_index(drop=True)
    table = cells[["g", *TABLE_COLUMNS]].astype({"so_nguoi": int, "co_so": int})
    if by is None:
        return table.drop(columns="g")
    return table.rename(columns={"g": by})


def crosstab(df: pd.DataFrame, row: str, col: str, weights=None,
             share: str | None = None, survey: Survey = KIT.survey) -> pd.DataFrame:
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
    require_frame(df, "phiếu hỏi")
    require_column(df, row), require_column(df, col)
    if share is not None and share not in SHARES:
        raise KitError("analysis.error.bad_share", share=share, allowed=", ".join(SHARES))
    w = _weights(df, weights)
    w = np.ones(len(df)) if w is None else w
    left_rows, left_codes, left_answers, _ = _answers(df, row, None, survey)
    right_rows, right_codes, right_answers, _ = _answers(df, col, None, survey)
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
    rows = answer_order(table.index, sums[0], survey.orders)
    cols = answer_order(table.columns, sums[1], survey.orders)
    table = table.loc[rows, cols].astype(float)
    if share == "row":
        table = table.div(table.sum(axis=1), axis=0)
    elif share == "col":
        table = table.div(table.sum(axis=0), axis=1)
    elif share == "all":
        table = table / table.to_numpy().sum()
    table.index.name, table.columns.name = row, col
    return table
