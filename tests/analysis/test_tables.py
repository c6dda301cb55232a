"""Weights and tables against hand computations and scipy."""


import pandas as pd
import pytest
from scipy import stats

from thamvan_lib import datagen
from thamvan_lib.analysis.cleaning import clean
from thamvan_lib.analysis.tables import (crosstab, proportion_table, weight_by_population,
                                         wilson_interval)
from thamvan_lib.errors import KitError
from thamvan_lib.sampling import design_weights, effective_sample_size


def _scipy_wilson(k, n, confidence=0.95):
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=confidence, method="wilson")
    return ci.low, ci.high


# --- Wilson and tables ----------------------------------------------------------------

@pytest.mark.parametrize("k,n,confidence", [(0, 10, 0.95), (1, 10, 0.95), (10, 50, 0.95),
                                            (37, 120, 0.9), (499, 500, 0.99), (30, 30, 0.95)])
def test_wilson_matches_scipy(k, n, confidence):
    low, high = wilson_interval(k / n, n, confidence)
    assert (low, high) == pytest.approx(_scipy_wilson(k, n, confidence), abs=1e-10)


def test_unweighted_shares_and_intervals_match_counts_and_scipy():
    df = pd.DataFrame({"the_bhyt": ["có"] * 37 + ["không"] * 13 + [None, "  "]})
    table = proportion_table(df, "the_bhyt")
    assert table["tra_loi"].tolist() == ["có", "không"]
    assert table["so_nguoi"].tolist() == [37, 13]
    assert table["co_so"].tolist() == [50, 50]             # blanks are not in the base
    assert table["ty_le"].tolist() == pytest.approx([0.74, 0.26])
    for row, k in zip(table.itertuples(), (37, 13)):
        assert (row.can_duoi, row.can_tren) == pytest.approx(_scipy_wilson(k, 50), abs=1e-10)


def test_weighted_shares_by_hand_with_kish_n():
    df = pd.DataFrame({"x": ["a", "a", "b", "b", "b"], "w": [3.0, 1.0, 1.0, 1.0, 2.0]})
    table = proportion_table(df, "x", weights="w").set_index("tra_loi")
    assert table.loc["a", "ty_le"] == pytest.approx(4 / 8)
    assert table.loc["b", "ty_le"] == pytest.approx(4 / 8)
    n_eff = 8 ** 2 / (9 + 1 + 1 + 1 + 4)                  # (Σw)² / Σw² = 4
    assert table.loc["a", "n_hieu_dung"] == pytest.approx(n_eff)
    assert n_eff == pytest.approx(effective_sample_size([3.0, 1.0, 1.0, 1.0, 2.0]))
    low, high = wilson_interval(0.5, n_eff)
    assert (table.loc["a", "can_duoi"], table.loc["a", "can_tren"]) == pytest.approx((low, high))
    assert table["so_nguoi"].to_dict() == {"a": 2, "b": 3}  # people, not weights


def test_weights_given_as_a_weighting_a_series_or_a_list_agree():
    df = pd.DataFrame({"xa_phuong": ["A", "A", "B"], "y": ["có", "không", "có"]})
    w = weight_by_population(df, {"A": 100, "B": 300})
    by_weighting = proportion_table(df, "y", weights=w)
    by_list = proportion_table(df, "y", weights=[50.0, 50.0, 300.0])
    pd.testing.assert_frame_equal(by_weighting, by_list)
    assert by_weighting.set_index("tra_loi").loc["có", "ty_le"] == pytest.approx(350 / 400)


def test_multi_select_shares_are_among_respondents():
    df = pd.DataFrame({"kho_khan": ["Thiếu thuốc;Phải chờ lâu", "Thiếu thuốc; Thiếu thuốc",
                                    "Khoảng cách xa", None]})
    table = proportion_table(df, "kho_khan").set_index("tra_loi")
    assert table["co_so"].unique().tolist() == [3]
    assert table.loc["Thiếu thuốc", "so_nguoi"] == 2     # ticked twice, counted once
    assert table.loc["Thiếu thuốc", "ty_le"] == pytest.approx(2 / 3)
    assert table.loc["Phải chờ lâu", "ty_le"] == pytest.approx(1 / 3)
    assert list(table.index) == ["Thiếu thuốc", "Khoảng cách xa", "Phải chờ lâu"]  # scale order


def test_shares_by_group_and_likert_order():
    df = pd.DataFrame({"g": ["Nam"] * 4 + ["Nữ"] * 2,
                       "hl_tram_y_te": ["Hài lòng", "Rất hài lòng", "Hài lòng", "Khó chịu",
                                        "Bình thường", "Hài lòng"]})
    table = proportion_table(df, "hl_tram_y_te", by="g")
    men = table[table["g"] == "Nam"].set_index("tra_loi")
    assert men.loc["Hài lòng", "ty_le"] == pytest.approx(2 / 4)
    women = table[table["g"] == "Nữ"]
    assert women["ty_le"].sum() == pytest.approx(1)
    ordered = proportion_table(clean(df)[0], "hl_tram_y_te")["tra_loi"].tolist()
    assert ordered == ["Bình thường", "Hài lòng", "Rất hài lòng"]   # the scale's order


def test_crosstab_by_hand():
    df = pd.DataFrame({"h": ["nghèo", "nghèo", "không", "không", "không"],
                       "c": ["có", "có", "có", "không", None], "w": [1, 2, 3, 4, 5]})
    counts = crosstab(df, "h", "c")
    assert counts.loc["nghèo", "có"] == 2 and counts.loc["không", "không"] == 1
    weighted = crosstab(df, "h", "c", weights="w")
    assert weighted.loc["nghèo", "có"] == 3 and weighted.loc["không", "có"] == 3
    rows = crosstab(df, "h", "c", weights="w", share="row")
    assert rows.loc["không", "có"] == pytest.approx(3 / 7)
    assert crosstab(df, "h", "c", share="all").to_numpy().sum() == pytest.approx(1)
    with pytest.raises(KitError, match="phần trăm|percent|share"):
        crosstab(df, "h", "c", share="percent")


# --- weights ----------------------------------------------------------------------------

def test_weights_are_the_sampling_design_weights():
    df = pd.DataFrame({"xa_phuong": ["Xã Tân Phú"] * 2 + ["Phường Sơn Hà"] * 4})
    pop = {"Xã Tân Phú": 1000, "Phường Sơn Hà": 8000}
    w = weight_by_population(df, pop)
    assert w.by_commune == design_weights(pop, {"Xã Tân Phú": 2, "Phường Sơn Hà": 4})
    assert w.weights.tolist() == [500.0, 500.0, 2000.0, 2000.0, 2000.0, 2000.0]
    assert w.effective_n == pytest.approx(effective_sample_size(w.weights.tolist()))
    assert w.design_effect == pytest.approx(6 / w.effective_n)


def test_weights_from_the_population_file_on_the_dataset():
    df = datagen.questionnaire(0.5, seed=3)
    cleaned, _ = clean(df)
    w = weight_by_population(cleaned, datagen.populations())
    assert w.weights.groupby(cleaned["xa_phuong"]).sum().round().to_dict() == {
        k: float(v) for k, v in datagen.communes().items()}
    assert 0.5 * w.n < w.effective_n < w.n


def test_weighting_refuses_unknown_and_missing_communes():
    with pytest.raises(KitError, match="Xã Không Có"):
        weight_by_population(pd.DataFrame({"xa_phuong": ["Xã Không Có"]}), {"A": 10})
    with pytest.raises(KitError, match="chưa ghi xã/phường"):
        weight_by_population(pd.DataFrame({"xa_phuong": ["A", None]}), {"A": 10})
    with pytest.raises(KitError, match="dan_so_tu_18"):
        weight_by_population(pd.DataFrame({"xa_phuong": ["A"]}), pd.DataFrame({"x": [1]}))
    with pytest.raises(KitError, match="trọng số|[Ww]eights"):
        proportion_table(pd.DataFrame({"x": ["a", "b"]}), "x", weights=[1.0, -1.0])
    with pytest.raises(KitError):
        proportion_table(pd.DataFrame({"x": ["a", "b"]}), "x", weights=[1.0])
