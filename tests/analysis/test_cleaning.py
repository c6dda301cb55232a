"""Cleaning: every change listed, the input left alone, large files as row by row."""


import numpy as np
import pandas as pd

from thamvan_lib import datagen
from thamvan_lib.analysis.cleaning import clean
from thamvan_lib.analysis.tables import crosstab, proportion_table


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
