"""Hostile inputs refused clearly by every analysis function."""


import pandas as pd
import pytest

from thamvan_lib.analysis.cleaning import clean
from thamvan_lib.analysis.tables import crosstab, proportion_table, weight_by_population
from thamvan_lib.errors import KitError
from thamvan_lib.minutes import minutes_statistics


# --- hostile inputs everywhere ------------------------------------------------------------

@pytest.mark.parametrize("call", [
    lambda df: clean(df), lambda df: proportion_table(df, "x"),
    lambda df: crosstab(df, "x", "y"), lambda df: weight_by_population(df, {"A": 1}),
    lambda df: minutes_statistics(df)])
def test_not_a_frame_or_an_empty_frame_is_refused(call):
    with pytest.raises(KitError, match="DataFrame"):
        call([1, 2, 3])
    with pytest.raises(KitError, match="không có dòng nào|thiếu cột"):
        call(pd.DataFrame({"x": [], "y": [], "xa_phuong": [], "chu_de": [], "nhom": [],
                           "lap_truong": []}))


def test_missing_columns_are_named_in_vietnamese():
    df = pd.DataFrame({"a": [1]})
    with pytest.raises(KitError) as err:
        minutes_statistics(df)
    assert "thiếu cột: chu_de, nhom, lap_truong" in err.value.text("vi")
    with pytest.raises(KitError, match="không có cột “tuoi”"):
        proportion_table(df, "tuoi")
    with pytest.raises(KitError, match="không có câu trả lời"):
        proportion_table(pd.DataFrame({"x": [None, " "]}), "x")
