"""Quick report (L11) and synthesis report (L12, P3.3): the numbers (their documents are
tested in ``tests/documents/test_reports.py``)."""

from __future__ import annotations

import pandas as pd
import pytest


from thamvan_lib import charts, reports
from thamvan_lib.dataset import KIT
from thamvan_lib.errors import KitError
from thamvan_lib.minutes import minutes_statistics
from thamvan_lib.reports import quick_report




# --- the quick report -------------------------------------------------------------------

def test_quick_report_counts_equal_minutes_statistics(conference, quick):
    minutes, units = conference
    stats = minutes_statistics(units)
    assert quick.opinions == len(units) == minutes["so_y_kien"] == int(stats["tong"].sum())
    for finding in quick.findings:
        part = stats[stats["chu_de"] == finding.topic]
        assert finding.total == int(part["tong"].sum())
        assert finding.counts == {s: int(part[s].sum()) for s in reports.STANCES}
        assert finding.speakers == units[units["chu_de"] == finding.topic]["nguoi_noi"].nunique()
    pd.testing.assert_frame_equal(quick.statistics.reset_index(drop=True), stats)


def test_findings_are_ranked_by_weight_of_opinion(quick):
    keys = [(f.total, f.counts["không đồng tình"] + f.counts["đề xuất"]) for f in quick.findings]
    assert keys == sorted(keys, reverse=True)
    assert len(quick.findings) == 5
    top = quick.findings[0]
    assert top.topic == "Thủ tục thanh toán"
    # The point raised most often, without the speaker's lead-in, with its count.
    assert top.points[0].text == "Đề nghị dùng dữ liệu dân cư để người dân không phải nộp giấy tờ"
    assert top.points[0].count == 5


def test_the_minutes_alone_give_the_same_counts(conference, quick):
    minutes, _ = conference
    alone = quick_report(minutes)
    assert [(f.topic, f.total, f.counts) for f in alone.findings] == \
        [(f.topic, f.total, f.counts) for f in quick.findings]
    assert all(f.points == [] and f.speakers is None for f in alone.findings)


def test_minutes_and_units_that_disagree_are_refused(conference):
    minutes, units = conference
    with pytest.raises(KitError) as err:
        quick_report(minutes, units.iloc[1:])
    assert "không khớp" in str(err.value) and "Thủ tục thanh toán" in str(err.value)
    with pytest.raises(KitError, match="thiếu"):
        quick_report({"ten": "Hội nghị"})


# --- the synthesis report -----------------------------------------------------------------

def test_synthesis_has_weighted_tables_with_intervals(synthesis):
    assert synthesis.respondents == 1600 and synthesis.raw_rows > 1600
    assert [s.column for s in synthesis.survey] == list(KIT.survey.reported)
    for result in synthesis.survey:
        table = result.table
        assert (table["can_duoi"] <= table["ty_le"]).all() and (table["ty_le"] <= table["can_tren"]).all()
        assert (table["n_hieu_dung"] < table["co_so"]).all()    # weighted: Kish n below n
        assert result.chart[:4] == b"\x89PNG"
    assert synthesis.design_effect > 1


def test_synthesis_counts_letter_themes_and_quotes(synthesis):
    letters = pd.read_csv(KIT.folder / "thu-cong-dan.csv", dtype=str)
    assert synthesis.letters == len(letters) == 320
    truth = letters["chu_de"].str.split(";").explode().value_counts()
    assert {t.theme: t.count for t in synthesis.letter_themes} == truth.to_dict()
    assert synthesis.letter_kappa is not None and synthesis.letter_kappa > 0.9
    assert len(synthesis.interview_quotes) == 3 and len(synthesis.open_quotes) == 3
    notes = " ".join(pd.read_csv(KIT.folder / "phong-van.csv", dtype=str)["ghi_chep"])
    for quote in synthesis.interview_quotes:
        assert quote.text in notes               # verbatim
        assert "phỏng vấn" in quote.source
    assert synthesis.conference_statistics["tong"].sum() == 90


def test_charts_are_the_same_from_one_run_to_the_next(quick):
    assert charts.stance_chart(quick.statistics) == charts.stance_chart(quick.statistics)


def test_open_answers_coded_per_distinct_answer_as_answer_by_answer(synthesis):
    """The open answers are coded once per distinct answer; counts and typical quotes are
    those of coding them one by one."""
    from collections import Counter

    from thamvan_lib.analysis.cleaning import clean
    from thamvan_lib.analysis.coding import load_codebook

    raw = pd.read_csv(KIT.folder / "phieu-hoi.csv", dtype=str, keep_default_na=False,
                      na_values=[""])
    cleaned, _ = clean(raw)
    book = load_codebook()
    answers = cleaned[["y_kien", "xa_phuong"]].dropna(subset=["y_kien"])
    answers = answers[answers["y_kien"].astype(str).str.strip() != ""]
    sets = [book.find(str(a)) for a in answers["y_kien"]]
    counts = Counter(t for found in sets for t in found)
    expected = sorted(counts.items(), key=lambda kv: (-kv[1], book.ids.index(kv[0])))
    assert synthesis.open_answers == len(answers)
    assert [(t.theme, t.count) for t in synthesis.open_themes] == expected
    assert len(synthesis.open_quotes) == 3
    for quote, (theme, _) in zip(synthesis.open_quotes, expected):
        said = [(a, c) for (a, c), found in zip(answers.itertuples(index=False), sets)
                if theme in found]
        often = Counter(a for a, _ in said)
        best = max(often, key=lambda a: often[a])      # ties: the first met
        assert quote.text == best
        assert next(c for a, c in said if a == best) in quote.source


def test_the_typical_open_answer_is_the_most_frequent_then_the_first_met():
    from thamvan_lib.analysis.coding import load_codebook

    book = load_codebook()
    answers = pd.DataFrame({"y_kien": ["hết thuốc B", "hết thuốc A", "hết thuốc A", "hết thuốc B",
                                       "tiền xe", "hết thuốc C"],
                            "xa_phuong": ["Xã 1", "Xã 2", "Xã 3", "Xã 4", "Xã 5", "Xã 6"]})
    codes, distinct = pd.factorize(answers["y_kien"])
    found = book.find_many(distinct)[codes]
    themes = [reports.ThemeCount("thieu-thuoc", "", 5, 0.0),
              reports.ThemeCount("chi-phi-di-lai", "", 1, 0.0)]
    quotes = reports._open_quotes(answers, codes, distinct, found, themes, book, "vi")
    assert [q.text for q in quotes] == ["hết thuốc B", "tiền xe"]   # B and A tie: B came first
    assert "Xã 1" in quotes[0].source and "Xã 5" in quotes[1].source
