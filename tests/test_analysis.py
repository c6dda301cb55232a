"""Analysis functions against hand computations and scipy; hostile inputs refused clearly."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from thamvan_lib import analysis, datagen
from thamvan_lib.analysis import (clean, code_letters, code_text, cohen_kappa, crosstab,
                                  load_codebook, load_questionnaire_file, minutes_statistics,
                                  proportion_table, weight_by_population, wilson_interval)
from thamvan_lib.content import ContentError
from thamvan_lib.errors import KitError
from thamvan_lib.sampling import design_weights, effective_sample_size
from thamvan_lib.vietnamese import fold, to_legacy

from .encodings import cp1258 as _cp1258

DATASET = analysis.Path(__file__).resolve().parent.parent / "datasets" / "tham-van-kcb"


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
    ordered = analysis.proportion_table(clean(df)[0], "hl_tram_y_te")["tra_loi"].tolist()
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


# --- cleaning ---------------------------------------------------------------------------

def _messy():
    return pd.DataFrame({
        "ma_phieu": ["SH-1", "SH-2", "SH-2", None, "SH-3", "SH-4", "SH-5", "SH-5"],
        "xa_phuong": ["Xã Tân Phú", "xa tan phu", "xa tan phu", None, "  ", "Xã Đâu Đó",
                      "Tân Phú", "Phường Sơn Hà"],
        "tuoi": ["34", "999", "999", None, "40", "abc", "12", "60"],
        "hl_tram_y_te": ["Hài lòng", "hài lòng lắm", "hài lòng lắm", None, "", "Bình thường",
                         None, "Rất hài lòng"],
    })


def test_clean_lists_every_change_and_leaves_the_input_alone():
    df = _messy()
    before = df.copy()
    out, report = clean(df)
    pd.testing.assert_frame_equal(df, before)
    keys = [c.key.rsplit(".", 1)[1] for c in report.changes]
    assert keys == ["blank_rows", "duplicates", "same_id", "commune_fixed", "commune_unknown",
                    "commune_fixed", "not_a_number", "out_of_range", "invalid_value"]
    change = {c.key.rsplit(".", 1)[1] + str(c.values.get("value", "")): c for c in report.changes}
    assert change["blank_rows"].rows == (3,)
    assert change["duplicates"].rows == (2,)
    assert change["same_idSH-5"].rows == (6, 7)
    assert change["commune_fixedxa tan phu"].rows == (1,)
    assert change["commune_unknownXã Đâu Đó"].rows == (5,)
    assert change["out_of_range"].rows == (1, 6)
    assert change["not_a_number"].rows == (5,)
    assert change["invalid_value"].rows == (1,)
    assert list(out.index) == [0, 1, 4, 5, 6, 7]
    assert out.loc[[1, 6], "xa_phuong"].tolist() == ["Xã Tân Phú", "Xã Tân Phú"]
    assert out.loc[5, "xa_phuong"] == "Xã Đâu Đó"               # unknown: kept, reported
    assert out["tuoi"].tolist()[:1] == [34] and out["tuoi"].isna().sum() == 3
    assert pd.isna(out.loc[1, "hl_tram_y_te"])
    assert report.rows_before == 8 and report.rows_after == 6
    vi, en = report.text("vi"), report.text("en")
    assert "dòng 4" in vi and "(rows 3)" in en.replace("rows 3,", "rows 3)")  # file lines
    assert "Xã Đâu Đó" in vi and "999" in vi
    frame = report.to_frame("en")
    assert len(frame) == len(report.changes) and frame["noi_dung"].str.len().min() > 20


def test_clean_of_clean_data_says_so():
    df = pd.DataFrame({"xa_phuong": ["Xã An Bình"], "tuoi": [40]})
    out, report = clean(df)
    assert not report.changes and "nothing needed changing" in report.text("en")
    assert out["tuoi"].tolist() == [40]


def test_clean_on_the_generated_file_fixes_every_commune(tmp_path):
    raw = datagen.questionnaire(1.0, seed=11)
    out, report = clean(raw)
    assert set(out["xa_phuong"]) == set(datagen.communes())
    assert out.duplicated().sum() == 0
    ages = out["tuoi"].dropna()
    assert ages.between(18, 100).all()
    unknown = [c for c in report.changes if c.key.endswith("commune_unknown")]
    assert not unknown


def test_clean_on_a_large_messy_file_agrees_with_row_by_row_rules():
    df = datagen.questionnaire(8, seed=21)
    rng = np.random.default_rng(21)
    rows = rng.choice(len(df), 40, replace=False)
    df.loc[rows[:4], :] = None                        # blank rows of every kind
    df.loc[rows[4:6], :] = "  "
    df.loc[rows[6:9], "ma_phieu"] = "SH-000007"       # one id, different answers
    df.loc[rows[9:12], "tuoi"] = [" 45,5 ", "abc", None]
    df.loc[rows[12:15], "xa_phuong"] = ["xa tan phu", "Xã Không Có", "  phường sơn hà "]
    df.loc[rows[15:18], "du_thuoc"] = ["Luôn đủ ", "sai", "\t"]
    df = pd.concat([df, df.iloc[rows[18:25]]]).reset_index(drop=True)   # typed twice, at the end
    out, report = clean(df)
    changes = {c.key.rsplit(".", 1)[1] + str(c.values.get("value", "")): c.rows
               for c in report.changes}
    blank = df.apply(lambda col: col.map(lambda v: v is None or pd.isna(v) or
                                         (isinstance(v, str) and not v.strip()))).all(axis=1)
    assert changes["blank_rows"] == tuple(df.index[blank])
    kept = df[~blank]
    assert changes["duplicates"] == tuple(kept.index[kept.astype(object).where(
        kept.notna(), None).duplicated()])
    assert changes["same_idSH-000007"] == tuple(sorted(out.index[out["ma_phieu"] == "SH-000007"]))
    assert changes["commune_unknownXã Không Có"] == tuple(df.index[df["xa_phuong"] == "Xã Không Có"])
    assert set(out["xa_phuong"].dropna()) == set(datagen.communes()) | {"Xã Không Có"}
    assert out["tuoi"].dtype == "float64" and out["tuoi"].dropna().between(18, 100).all()
    assert out.loc[rows[15], "du_thuoc"] == "Luôn đủ" and pd.isna(out.loc[rows[16], "du_thuoc"])
    assert out.loc[rows[17], "du_thuoc"] == ""        # blank: not an answer, not an error
    assert len(out) == report.rows_after == len(df) - sum(
        len(changes[k]) for k in ("blank_rows", "duplicates"))


def test_tables_count_each_distinct_answer_once_as_every_row_would():
    df = pd.DataFrame({"kho_khan": ["A;B", " A ;A", ";", None, "B", "  ", "A;B", "C; ;A"],
                       "g": ["x", "y", "x", "x", None, "y", "y", "x"]},
                      index=[10, 11, 12, 13, 14, 15, 16, 17])
    table = proportion_table(df, "kho_khan").set_index("tra_loi")
    # Respondents: 10 (A B), 11 (A), 14 (B), 16 (A B), 17 (C A); 12 ticks nothing.
    assert table["so_nguoi"].to_dict() == {"A": 4, "B": 3, "C": 1}
    assert table["co_so"].unique().tolist() == [5]
    by = proportion_table(df, "kho_khan", by="g")
    assert by.groupby("g")["co_so"].first().to_dict() == {"x": 2, "y": 2}
    counts = crosstab(df, "g", "kho_khan")
    assert counts.loc["x"].to_dict() == {"A": 2.0, "B": 1.0, "C": 1.0}


def test_commune_matching_uses_fold():
    out, _ = clean(pd.DataFrame({"xa_phuong": ["DAC KHU HON NGOC", "đặc khu hòn ngọc",
                                              "Hòn Ngọc", "phường  bình   minh"]}))
    assert out["xa_phuong"].tolist() == ["Đặc khu Hòn Ngọc"] * 3 + ["Phường Bình Minh"]


# --- coding -----------------------------------------------------------------------------

def test_code_text_ignores_diacritics_and_case_but_needs_whole_words():
    assert code_text("Trạm y tế hay HẾT THUỐC") == {"thieu-thuoc"}
    assert code_text("tram y te hay het thuoc") == {"thieu-thuoc"}
    assert code_text("Nhà cách trạm 12km đường đèo") == {"khoang-cach"}
    assert code_text("Tiền xem phim") == set()            # "tiền xe" is not in "tiền xem"
    assert code_text("") == set()
    assert code_text("thiếu\nthuốc") == {"thieu-thuoc"}  # words split over a line


def test_fast_fold_agrees_with_fold():
    letters = datagen.letters(30, seed=5)["noi_dung"]
    samples = list(letters) + ["Đặc khu HÒN NGỌC", "H'Mông", "Ủy ban", "naïve café", "ǅ ẞ"]
    for text in samples:
        assert " ".join(analysis.fast_fold(text).split()) == fold(text)


def test_code_letters_on_texts_and_frames():
    coded = code_letters(["hết thuốc và phải chờ lâu", None, "không có gì"])
    assert coded["chu_de_ma_hoa"].tolist() == ["thieu-thuoc;thoi-gian-cho", "", ""]
    assert coded["thieu-thuoc"].tolist() == [True, False, False]
    frame = code_letters(pd.DataFrame({"ma_thu": ["T1"], "noi_dung": ["xin cấp lại thẻ BHYT"]}))
    assert frame.loc[0, "ma_thu"] == "T1" and frame.loc[0, "chu_de_ma_hoa"] == "the-bhyt"


def test_a_trainer_codebook_and_a_broken_one(tmp_path):
    path = tmp_path / "codebook.yaml"
    path.write_text("themes:\n  - id: nuoc-sach\n    name: {vi: Nước sạch, en: Clean water}\n"
                    "    phrases: [nước sạch, giếng khoan]\n", encoding="utf-8")
    book = load_codebook(path)
    assert code_text("Bản chưa có NUOC SACH", book) == {"nuoc-sach"}
    path.write_text("themes:\n  - id: Nuoc Sach\n    name: {vi: x, en: y}\n    phrases: [a]\n",
                    encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_codebook(path)
    assert err.value.field == "id"


def test_themes_whose_phrases_start_alike_are_both_found(tmp_path):
    path = tmp_path / "codebook.yaml"
    path.write_text("themes:\n  - id: the\n    name: {vi: Thẻ, en: Card}\n"
                    "    phrases: [thẻ bảo hiểm]\n"
                    "  - id: bhyt\n    name: {vi: BHYT, en: Insurance}\n"
                    "    phrases: [thẻ bảo hiểm y tế]\n", encoding="utf-8")
    book = load_codebook(path)
    assert book.shadowed == {"bhyt"}
    assert code_text("Xin cấp lại thẻ bảo hiểm y tế", book) == {"the", "bhyt"}


def _coded_letter_by_letter(texts, book):
    """``code_letters`` as it was written before it coded many texts at once."""
    found = [book.find(t) if isinstance(t, str) else set() for t in texts]
    coded = pd.DataFrame({tid: [tid in f for f in found] for tid in book.ids}, index=texts.index)
    coded["chu_de_ma_hoa"] = [";".join(t for t in book.ids if t in f) for f in found]
    return coded


_HARD_TEXTS = [
    "", "   ", "thiếu\n\n  thuốc.", "tiền  xe\tôm", "THIẾU THUỐC", "thie\u0302\u0301u thuo\u0302\u0301c",
    "tiền xem phim", "tiềnxe", "tiền-xe", "tiền_xe", "tiền2xe", "2km", "km2", "12 km đường đèo",
    "xe\u00a0ôm", "xe\u2003ôm", "xe\u200bôm", "xe\x00ôm", "😀 tiền ăn 😀", "q\u0301 tiền xe",
    "thẻ BHYT\u0301 hết hạn", "ǅ ẞ naïve café İstanbul tiền xe", "\ud800 hết thuốc",
    "Xin cấp lại thẻ bảo hiểm y tế", "chờ cả\n ngày", "ĐƯỜNG ĐẤT", "duong dat", "Đường sá",
]


def test_find_many_codes_like_find_text_by_text(monkeypatch):
    book = load_codebook()
    texts = (list(analysis.read_letters(DATASET)["noi_dung"])
             + list(datagen.letters(200, seed=9)["noi_dung"]) + _HARD_TEXTS + _HARD_TEXTS[:5])
    want = np.array([[tid in book.find(t) for tid in book.ids] for t in texts])
    assert book._vector and (book.find_many(texts) == want).all()
    monkeypatch.setattr(analysis, "_CHUNK", 200)  # many small blocks: texts cut anywhere
    assert (book.find_many(texts) == want).all()
    assert not book.find_many([None, 3.5, float("nan")]).any()


def test_code_letters_gives_the_themes_of_coding_letter_by_letter():
    book = load_codebook()
    for texts in (analysis.read_letters(DATASET)["noi_dung"],
                  datagen.letters(300, seed=4)["noi_dung"],
                  pd.Series(_HARD_TEXTS + [None, 7], index=range(100, 100 + len(_HARD_TEXTS) + 2))):
        pd.testing.assert_frame_equal(code_letters(texts, book), _coded_letter_by_letter(texts, book))


def test_a_later_theme_that_shares_the_start_of_a_phrase_is_found_in_either_order(tmp_path):
    themes = {"the": "[thẻ bảo hiểm, xe]", "bhyt": "[thẻ bảo hiểm y tế, xe ôm]"}
    for order in (("the", "bhyt"), ("bhyt", "the")):
        path = tmp_path / f"{order[0]}.yaml"
        path.write_text("themes:\n" + "".join(
            f"  - id: {t}\n    name: {{vi: {t}, en: {t}}}\n    phrases: {themes[t]}\n"
            for t in order), encoding="utf-8")
        book = load_codebook(path)
        assert book.shadowed == {order[1]}
        texts = ["Xin cấp lại thẻ bảo hiểm y tế", "đi xe ôm", "thẻ bảo hiểm", "xe"]
        assert [code_text(t, book) for t in texts] == [{"the", "bhyt"}, {"the", "bhyt"},
                                                       {"the"}, {"the"}]
        assert book.find_many(texts).tolist() == [[True, True], [True, True]] + [
            [t == "the" for t in book.ids]] * 2


def test_a_codebook_whose_words_are_not_all_letters_codes_text_by_text(tmp_path):
    path = tmp_path / "codebook.yaml"
    path.write_text("themes:\n  - id: dich\n    name: {vi: Dịch, en: Epidemic}\n"
                    "    phrases: [covid-19, H'Mông]\n", encoding="utf-8")
    book = load_codebook(path)
    assert not book._vector
    texts = ["Dịch COVID-19 lan rộng", "người H'MÔNG", "covid 19", "hmong"]
    assert book.find_many(texts)[:, 0].tolist() == [True, True, False, False]


def test_code_text_refuses_what_is_not_text():
    with pytest.raises(KitError, match="văn bản"):
        code_text(42)


# --- kappa ------------------------------------------------------------------------------

def test_kappa_wikipedia_example():
    # Wikipedia, "Cohen's kappa": 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → κ = 0.4.
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    k = cohen_kappa(a, b)
    assert k.overall == pytest.approx(0.4) and k.agreement == pytest.approx(0.7)
    assert k.per_label["yes"] == pytest.approx(0.4)       # two labels: one-vs-rest is the same


def test_kappa_three_labels_by_hand():
    # Table (rows A, columns B) over labels x, y, z:
    #   x: 5 1 0 | y: 1 3 1 | z: 0 1 3   (n = 15)
    pairs = [("x", "x")] * 5 + [("x", "y")] + [("y", "x")] + [("y", "y")] * 3 + [("y", "z")] + \
            [("z", "y")] + [("z", "z")] * 3
    a, b = zip(*pairs)
    po = 11 / 15
    pe = (6 * 6 + 5 * 5 + 4 * 4) / 15 ** 2
    assert cohen_kappa(a, b).overall == pytest.approx((po - pe) / (1 - pe))


def test_multi_label_kappa_per_theme_and_pooled():
    a = [{"t1"}, {"t1", "t2"}, set(), {"t2"}]
    b = [{"t1"}, {"t1"}, {"t2"}, {"t2"}]
    k = cohen_kappa(a, b)
    # t1: a = 1 1 0 0, b = 1 1 0 0 → κ = 1
    assert k.per_label["t1"] == pytest.approx(1.0)
    # t2: a = 0 1 0 1, b = 0 0 1 1 → pₒ = 0.5, pₑ = 0.5 → κ = 0
    assert k.per_label["t2"] == pytest.approx(0.0)
    # pooled 8 decisions: a = 1 1 0 0 0 1 0 1, b = 1 1 0 0 0 0 1 1 → pₒ = 6/8, pₑ = 0.5
    assert k.overall == pytest.approx(0.5)
    same = cohen_kappa(["t1;t2", "t1"], [{"t1", "t2"}, {"t1"}], multi=True)
    assert same.overall == pytest.approx(1.0) or math.isnan(same.per_label["t1"])


def test_kappa_refuses_hostile_input():
    with pytest.raises(KitError, match="2 mục"):
        cohen_kappa(["a", "b"], ["a"])
    with pytest.raises(KitError):
        cohen_kappa([], [])
    with pytest.raises(KitError, match="Mục số 2"):
        cohen_kappa(["a", 3.5], ["a", "b"])
    assert math.isnan(cohen_kappa(["a", "a"], ["a", "a"]).overall)   # chance agreement is 1


# --- minutes ------------------------------------------------------------------------------

def test_minutes_statistics_by_hand_and_across_conferences():
    units = pd.DataFrame({
        "hoi_nghi": [1, 1, 1, 2, 2],
        "chu_de": ["Hỗ trợ tiền ăn", "Hỗ trợ tiền ăn", "Đối tượng hỗ trợ", "Hỗ trợ tiền ăn",
                   "Hỗ trợ tiền ăn"],
        "nhom": ["Người dân"] * 5,
        "lap_truong": ["đồng ý", "đề xuất", "không đồng ý", "đồng ý", "đồng ý"],
    })
    stats_ = minutes_statistics(units)
    assert stats_["chu_de"].tolist() == ["Đối tượng hỗ trợ", "Hỗ trợ tiền ăn"]  # draft's order
    row = stats_.set_index("chu_de").loc["Hỗ trợ tiền ăn"]
    assert (row["đồng ý"], row["không đồng ý"], row["đề xuất"], row["tong"]) == (3, 0, 1, 4)
    per = minutes_statistics(units, by=("hoi_nghi", "chu_de"))
    assert per["tong"].tolist() == [1, 2, 2] and per["tong"].sum() == len(units)
    with pytest.raises(KitError, match="ủng hộ"):
        minutes_statistics(units.assign(lap_truong="ủng hộ"))
    with pytest.raises(KitError, match="lap_truong"):
        minutes_statistics(units.drop(columns="lap_truong"))


# --- charts ------------------------------------------------------------------------------

def test_bar_chart_draws_vietnamese_labels(tmp_path):
    from matplotlib.figure import Figure

    df = pd.DataFrame({"g": ["Nam", "Nữ"] * 10, "hl": ["Hài lòng", "Rất không hài lòng"] * 10})
    for table in (proportion_table(df, "hl"), proportion_table(df, "hl", by="g")):
        fig = bar_chart_ok = analysis.bar_chart(table, "Mức độ hài lòng với trạm y tế")
        assert isinstance(fig, Figure)
        ax = fig.axes[0]
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels == ["Rất không hài lòng", "Hài lòng"]   # the scale's order
        assert ax.get_yticklabels()[0].get_fontfamily() == ["DejaVu Sans"]
        fig.savefig(tmp_path / "chart.png")
        assert (tmp_path / "chart.png").stat().st_size > 5000
        assert bar_chart_ok is fig
    with pytest.raises(KitError, match="proportion_table"):
        analysis.bar_chart(pd.DataFrame({"x": [1]}))


# --- loading files ----------------------------------------------------------------------

CSV = "ma_phieu,xa_phuong,y_kien\nSH-1,Xã An Bình,Trạm y tế thiếu thuốc\nSH-2,Phường Sơn Hà,\n"


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"), lambda t: t.encode("utf-8-sig"), lambda t: t.encode("utf-16"),
    lambda t: t.encode("utf-16-le"), _cp1258,
    lambda t: to_legacy(t, "tcvn3").encode("cp1252"), lambda t: t.replace(",", ";").encode()])
def test_load_reads_every_encoding_offices_meet(encode):
    df = load_questionnaire_file(encode(CSV))
    assert list(df.columns) == ["ma_phieu", "xa_phuong", "y_kien"]
    assert df["xa_phuong"].tolist() == ["Xã An Bình", "Phường Sơn Hà"]
    assert df.loc[0, "y_kien"] == "Trạm y tế thiếu thuốc" and pd.isna(df.loc[1, "y_kien"])


def test_load_reads_the_generated_file_unchanged():
    path = analysis.Path(__file__).resolve().parent.parent / "datasets" / "tham-van-kcb"
    data = (path / "phieu-hoi.csv").read_bytes()
    df = load_questionnaire_file(data)
    direct = pd.read_csv(path / "phieu-hoi.csv", dtype=str, keep_default_na=False, na_values=[""])
    pd.testing.assert_frame_equal(df, direct)


def test_load_refuses_with_clear_vietnamese():
    with pytest.raises(KitError, match="thiếu cột: xa_phuong"):
        load_questionnaire_file("ma_phieu,ten\nSH-1,An\n".encode())
    with pytest.raises(KitError, match="quá lớn"):
        load_questionnaire_file(CSV.encode(), max_bytes=10)
    with pytest.raises(KitError, match="trống"):
        load_questionnaire_file(b"")
    with pytest.raises(KitError, match="bytes"):
        load_questionnaire_file(CSV)
    with pytest.raises(KitError, match="trống"):
        load_questionnaire_file(b"ma_phieu,xa_phuong\n")
    with pytest.raises(KitError):
        load_questionnaire_file(bytes(range(256)) * 4)
    with pytest.raises(KitError, match="CSV"):
        load_questionnaire_file(b'ma_phieu,xa_phuong\n"SH-1,"X\n"a,b\n')


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
