"""Conference minutes: reading a conference, counting its opinion units, checking the
structured minutes against them, and the exercises' transcripts."""

import pandas as pd
import pytest

from thamvan_lib.content import PACKAGE_CONTENT
from thamvan_lib.errors import KitError
from thamvan_lib.minutes import (compare_statistics, load_conference, load_transcript,
                                 minutes_statistics, minutes_table)
from thamvan_lib.roleplay.loading import load_rubrics, load_scenarios


def test_minutes_statistics_by_hand_and_across_conferences():
    units = pd.DataFrame({
        "hoi_nghi": [1, 1, 1, 2, 2],
        "chu_de": ["Hỗ trợ tiền ăn", "Hỗ trợ tiền ăn", "Đối tượng hỗ trợ", "Hỗ trợ tiền ăn",
                   "Hỗ trợ tiền ăn"],
        "nhom": ["Người dân"] * 5,
        "lap_truong": ["đồng tình", "đề xuất", "không đồng tình", "đồng tình", "đồng tình"],
    })
    stats_ = minutes_statistics(units)
    assert stats_["chu_de"].tolist() == ["Đối tượng hỗ trợ", "Hỗ trợ tiền ăn"]  # draft's order
    row = stats_.set_index("chu_de").loc["Hỗ trợ tiền ăn"]
    assert (row["đồng tình"], row["không đồng tình"], row["đề xuất"], row["tong"]) == (3, 0, 1, 4)
    per = minutes_statistics(units, by=("hoi_nghi", "chu_de"))
    assert per["tong"].tolist() == [1, 2, 2] and per["tong"].sum() == len(units)
    with pytest.raises(KitError, match="ủng hộ"):
        minutes_statistics(units.assign(lap_truong="ủng hộ"))
    with pytest.raises(KitError, match="lap_truong"):
        minutes_statistics(units.drop(columns="lap_truong"))


def test_the_minutes_of_each_conference_agree_with_its_units():
    for number in (1, 2):
        minutes, units = load_conference(number)
        compare_statistics(minutes_table(minutes), minutes_statistics(units))
    minutes, units = load_conference(1)
    with pytest.raises(KitError, match="không khớp"):
        compare_statistics(minutes_table(minutes), minutes_statistics(units.iloc[1:]))


# --- the exercises' transcripts -----------------------------------------------------------

def test_transcripts_are_long_enough_and_hold_no_key():
    dieu_hanh = load_transcript("dieu-hanh-transcript")
    bien_ban = load_transcript("bien-ban-transcript")
    assert len(dieu_hanh["turns"]) >= 25 and len(bien_ban["turns"]) >= 30
    assert all(t["group_name"]["vi"] for t in bien_ban["turns"])
    ids = {c.id for r in load_rubrics().values() for c in r.criteria}
    for path in (PACKAGE_CONTENT / "exercises").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert not [i for i in ids if i in text], path.name
        assert "dap_an" not in text.lower()


def test_the_minutes_transcript_says_what_the_role_play_says():
    """The minute-taking exercise shares the role-play's opinion units: each is spoken by
    its speaker (or by the interpreter for the Hmong elder), in the order of the scenario."""
    scenario = load_scenarios()["hoi-nghi-kcb-nguoi-ngheo-thu-ky"]
    turns = load_transcript("bien-ban-transcript")["turns"]
    said = {5: ["o1", "o2"], 6: ["i1"], 8: ["o3b", "o3"], 9: ["o4"], 13: ["o5"], 14: ["o6"], 16: ["i2"],
            17: ["o7"], 19: ["i3"], 21: ["o8"], 22: ["o9"], 24: ["o10"], 26: ["o11"], 27: ["o12"]}
    assert sorted(u for units in said.values() for u in units) == sorted(scenario.opinions)
    for number, units in said.items():
        speaker = turns[number - 1]["speaker"]
        for unit in units:
            real = scenario.opinions[unit].speaker
            assert speaker == real or (speaker == "anh-lu" and real == "bac-sua"), (number, unit)
    counts = scenario.true_counts("topic")
    assert counts["thuoc"] == {"agree": 1, "disagree": 3, "propose": 2}
