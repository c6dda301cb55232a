"""The practice dataset: deterministic, the right size, with the faults it promises."""

import filecmp
import json
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from thamvan_lib import datagen, dataset
from thamvan_lib.analysis.coding import code_letters, cohen_kappa, load_codebook, themes_of
from thamvan_lib.dataset import read_letters
from thamvan_lib.minutes import minutes_statistics
from thamvan_lib.vietnamese import read_text

COMMITTED = Path(__file__).resolve().parent.parent / "datasets" / "tham-van-kcb"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("kcb")
    counts = datagen.generate(out)
    return out, counts


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_the_committed_dataset_is_exactly_what_the_generator_writes(generated):
    out, _ = generated
    assert _files(out) == _files(COMMITTED)
    for name in _files(out):
        assert filecmp.cmp(out / name, COMMITTED / name, shallow=False), name


def test_the_committed_dataset_is_small():
    assert sum(p.stat().st_size for p in COMMITTED.rglob("*") if p.is_file()) < 3_000_000


def test_same_seed_same_bytes_other_seed_other_data(tmp_path):
    a = datagen.questionnaire(0.2, seed=7)
    b = datagen.questionnaire(0.2, seed=7)
    c = datagen.questionnaire(0.2, seed=8)
    assert a.to_csv(index=False) == b.to_csv(index=False)
    assert a.to_csv(index=False) != c.to_csv(index=False)


def test_counts_at_scale_one(generated):
    out, counts = generated
    q = pd.read_csv(out / "phieu-hoi.csv", dtype=str)
    assert len(q) == counts["phieu-hoi.csv"] >= 1500
    assert list(q.columns) == list(dataset.QUESTIONNAIRE_COLUMNS)
    assert counts["thu-cong-dan.csv"] >= 300
    assert len(list((out / "thu-cong-dan").glob("*.txt"))) == counts["thu-cong-dan.csv"]
    assert len(pd.read_csv(out / "phong-van.csv")) >= 20
    pop = pd.read_csv(out / "dan-so-xa.csv")
    assert 8 <= len(pop) <= 12 and set(pop["loai"]) == {"xã", "phường", "đặc khu"}
    assert not pop["xa_phuong"].str.contains("huyện|quận", case=False).any()


def test_scale_multiplies_rows_and_letters_scale_is_separate():
    assert len(datagen.questionnaire(100)) >= 150_000
    assert len(datagen.letters(letters_scale=0.5)) == 160


def test_questionnaire_values_are_on_their_scales(generated):
    out, _ = generated
    q = pd.read_csv(out / "phieu-hoi.csv", dtype=str, keep_default_na=False)
    answered = q[q["ma_phieu"] != ""]
    for column, labels in dataset.LIKERT.items():
        assert set(answered[column]) <= set(labels) | {""}
    options = {o for v in answered["kho_khan"] for o in v.split(";")}
    assert options == set(dataset.BARRIERS)
    assert set(answered["dan_toc"]) <= set(datagen.ETHNICITIES)
    assert set(answered["ho_gia_dinh"]) == set(dataset.HOUSEHOLD)
    text = (out / "phieu-hoi.csv").read_text(encoding="utf-8")
    assert text == unicodedata.normalize("NFC", text)


def test_the_faults_for_the_cleaning_lesson_are_there(generated):
    out, _ = generated
    q = pd.read_csv(out / "phieu-hoi.csv", dtype=str)
    assert q.isna().all(axis=1).sum() >= 2                     # blank rows
    assert q.dropna(how="all").duplicated().sum() >= 10        # typed twice
    ages = pd.to_numeric(q["tuoi"], errors="coerce")
    assert ((ages < 18) | (ages > 100)).sum() >= 3             # impossible ages
    official = set(datagen.communes())
    odd = q["xa_phuong"].dropna()[~q["xa_phuong"].dropna().isin(official)]
    assert len(odd) >= 20 and any(v.isascii() for v in odd)   # typed without diacritics


def test_tcvn3_letters_decode_to_the_same_text(generated):
    out, _ = generated
    index = pd.read_csv(out / "thu-cong-dan.csv")
    legacy = index[index["ma_hoa"] == "tcvn3"]
    assert len(legacy) == round(0.1 * len(index))
    memory = datagen.letters(rng=np.random.default_rng(datagen.SEED).spawn(4)[1])
    for row in legacy.itertuples():
        data = (out / row.tep).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        text, encoding = read_text(data)
        assert encoding == "tcvn3"
        assert text == memory.loc[memory["ma_thu"] == row.ma_thu, "noi_dung"].item()


def test_every_letter_is_natural_nfc_vietnamese_with_its_themes(generated):
    out, _ = generated
    letters = read_letters(out)
    assert all(t == unicodedata.normalize("NFC", t) for t in letters["noi_dung"])
    assert all(t.startswith("Kính gửi:") for t in letters["noi_dung"])
    themes = {t for v in letters["chu_de"] for t in v.split(";")}
    assert themes == set(datagen.THEMES) == set(load_codebook().ids)


def test_codebook_finds_each_letters_themes_at_a_high_rate(generated):
    out, _ = generated
    letters = read_letters(out)
    coded = code_letters(letters)
    tp = fp = fn = 0
    for truth, found in zip(letters["chu_de"], coded["chu_de_ma_hoa"]):
        t, f = themes_of(truth), themes_of(found)
        tp, fp, fn = tp + len(t & f), fp + len(f - t), fn + len(t - f)
    assert tp / (tp + fn) >= 0.95   # recall
    assert tp / (tp + fp) >= 0.9    # precision
    kappa = cohen_kappa(list(letters["chu_de"]), list(coded["chu_de_ma_hoa"]), multi=True)
    assert kappa.overall > 0.85


def test_opinion_units_are_verbatim_parts_of_their_turns(generated):
    out, _ = generated
    for n in (1, 2):
        turns = pd.read_csv(out / "bien-ban" / f"hoi-nghi-{n}-nguyen-van.csv")
        units = pd.read_csv(out / "bien-ban" / f"hoi-nghi-{n}-y-kien.csv")
        said = dict(zip(turns["luot"], turns["noi_dung"]))
        speaker = dict(zip(turns["luot"], turns["nguoi_noi"]))
        assert len(units) >= 20
        for unit in units.itertuples():
            assert unit.noi_dung in said[unit.luot]
            assert unit.nguoi_noi == speaker[unit.luot]
        assert set(units["lap_truong"]) == set(dataset.STANCES)


def test_minutes_agree_with_the_opinion_units(generated):
    out, _ = generated
    for n in (1, 2):
        units = pd.read_csv(out / "bien-ban" / f"hoi-nghi-{n}-y-kien.csv")
        minutes = json.loads((out / "bien-ban" / f"hoi-nghi-{n}-bien-ban.json").read_text("utf-8"))
        stats = minutes_statistics(units)
        expected = pd.DataFrame(minutes["y_kien_theo_chu_de_va_nhom"])
        key = ["chu_de", "nhom"]
        merged = stats.merge(expected, on=key, suffixes=("", "_bb"))
        assert len(merged) == len(stats) == len(expected)
        for column in (*dataset.STANCES, "tong"):
            assert (merged[column] == merged[column + "_bb"]).all()
        assert minutes["so_y_kien"] == len(units)
        assert minutes["thanh_phan"]["tong_so"] == sum(minutes["thanh_phan"]["theo_nhom"].values())


def test_data_dictionary_documents_every_file_and_column(generated):
    out, _ = generated
    text = (out / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    for name in ("phieu-hoi.csv", "dan-so-xa.csv", "thu-cong-dan.csv", "phong-van.csv"):
        for column in pd.read_csv(out / name, nrows=1).columns:
            assert f"| {column} |" in text, (name, column)
    for name in ("nguyen-van", "y-kien"):
        for column in pd.read_csv(out / "bien-ban" / f"hoi-nghi-1-{name}.csv", nrows=1).columns:
            assert f"| {column} |" in text, (name, column)
    for key in json.loads((out / "bien-ban" / "hoi-nghi-1-bien-ban.json").read_text("utf-8")):
        assert f"`{key}`" in text, key


@pytest.mark.slow
def test_a_million_rows_are_quick():
    import time

    start = time.perf_counter()
    df = datagen.questionnaire(625)
    assert len(df) >= 1_000_000
    assert time.perf_counter() - start < 30


# --- the data reads as written by people (what an expert reader stopped at) ------------------

@pytest.fixture(scope="module")
def letters_in_memory():
    return datagen.letters()


def _recipient(text: str) -> tuple[str, str, str]:
    to = text.split("\n", 1)[0].removeprefix("Kính gửi: ")
    [recipient] = [r for r in datagen._RECIPIENTS if r[0] == to]  # noqa: SLF001
    return recipient


def test_a_letter_names_in_its_body_the_body_it_was_sent_to(letters_in_memory):
    import re

    shorts = {short for _, short, _ in datagen._RECIPIENTS}  # noqa: SLF001
    named = re.compile("(?:kính mong|phản hồi của) (" + "|".join(sorted(shorts, key=len, reverse=True)) + ")",
                       re.IGNORECASE)
    closings = {}
    for text in letters_in_memory["noi_dung"]:
        _, short, _ = _recipient(text)
        found = named.findall(text)
        assert set(found) <= {short}, (short, found, text[:200])
        closings.setdefault(short, set()).add(text.split("\n\n")[-2])
    # the 61 letters to the committee or the Standing Committee that thanked "Đoàn"
    addressed = letters_in_memory["noi_dung"].str.contains("mong Đoàn|phản hồi của Đoàn")
    to_delegation = letters_in_memory["noi_dung"].str.startswith("Kính gửi: Đoàn đại biểu Quốc hội")
    assert (addressed & ~to_delegation).sum() == 0 and addressed.sum() > 0
    # the closings follow the recipient: what each is asked to do is its own
    assert len(closings) == 3 and all(closings[a] - closings[b] for a in closings for b in closings if a != b)
    for _, short, action in datagen._RECIPIENTS:  # noqa: SLF001
        asked = letters_in_memory["noi_dung"].str.contains(action, regex=False)
        assert asked.any() and {_recipient(t)[1] for t in letters_in_memory["noi_dung"][asked]} == {short}


def _writers(letters: pd.DataFrame) -> pd.DataFrame:
    about = letters["noi_dung"].str.extract(r"Tôi tên là (?P<name>[^,]+), (?P<age>\d+) tuổi, dân tộc (?P<eth>[^,]+),")
    return about.assign(age=about["age"].astype(int), woman=about["name"].str.contains(" Thị "),
                        poor=letters["noi_dung"].str.contains("Gia đình tôi là hộ nghèo"))


def test_what_a_writer_says_about_themself_fits_their_age_gender_people_and_household(letters_in_memory):
    texts, who = letters_in_memory["noi_dung"], _writers(letters_in_memory)
    assert who.notna().all().all()
    says = lambda words: texts.str.contains(words)  # noqa: E731
    old_self = says("Người già, người không biết chữ như chúng tôi|tuổi già không còn|Tôi không thạo tiếng")
    parents = says("Bố mẹ tôi|mẹ tôi|Bố tôi|Mẹ tôi")
    assert old_self.any() and (who["age"][old_self] >= 60).all()
    assert parents.any() and (who["age"][parents] < 60).all()   # a writer of 80 has no mother to take to hospital
    wife, husband = says("vợ tôi"), says("ông nhà tôi")
    assert wife.any() and husband.any() and not who["woman"][wife].any() and who["woman"][husband].all()
    own_language = says("tiếng dân tộc mình|Tôi không thạo tiếng phổ thông")
    assert own_language.any() and (who["eth"][own_language] != "Kinh").all()
    dropped = says("không được đưa vào danh sách hộ nghèo|bị đưa ra khỏi danh sách hộ nghèo")
    assert dropped.any() and not who["poor"][dropped].any()


def test_every_theme_can_be_written_by_anyone_anywhere():
    for commune in datagen.COMMUNES:
        for age in (None, 30, 70):
            for gender in ("Nam", "Nữ"):
                for ethnicity in ("Kinh", "Mông"):
                    for household in (None, "poor", "near", "other"):
                        for theme, options in datagen._LETTER.items():  # noqa: SLF001
                            assert datagen.fitting(options, commune, age, gender, ethnicity, household), \
                                (theme, commune.name, age, gender, ethnicity, household)
                        assert datagen.fitting(datagen._HOUSEHOLD_SENTENCE, commune,  # noqa: SLF001
                                               household=household or "other")
        for theme in datagen.THEMES:
            assert datagen._ask(theme, commune)  # noqa: SLF001


def test_an_interviewees_role_fits_their_hamlet_and_gender(generated):
    interviews = pd.read_csv(generated[0] / "phong-van.csv", dtype=str)
    said = interviews["ghi_chep"]
    women = said.str.startswith("Bà ")
    assert not interviews["vai_tro"][~women].str.contains("Phụ nữ").any()
    for role, hamlet in zip(interviews["vai_tro"], said.str.extract(r"dân tộc [^,]+, ([^,]+),")[0]):
        if role.startswith(("Trưởng", "Tổ trưởng")):
            assert role.endswith({"bản": "bản", "thôn": "thôn", "khu": "khu phố", "tổ": "tổ dân phố"}[hamlet.split()[0]])
        if "thôn bản" in role:
            assert hamlet.startswith(("thôn", "bản")), (role, hamlet)


# Words that say how people travel, and where they cannot be said.
_NOT_ON_THE_ISLAND = "thuê xe|xe ôm|đường đèo|qua suối|cáng bộ|vùng cao|xe buýt|taxi|mùa khô"
_NOT_IN_A_WARD = "thuê xe|xe ôm|đường đèo|qua suối|cáng bộ|vùng cao|mùa khô|trơn trượt|từ bản|tàu"
_NOT_IN_THE_LOWLAND = "đường đèo|qua suối|cáng bộ|vùng cao|xe buýt|taxi|tàu"


def _by_terrain(frame: pd.DataFrame, text: str) -> dict[str, pd.Series]:
    terrain = frame["xa_phuong"].map({c.name: c.terrain for c in datagen.COMMUNES})
    assert terrain.notna().all()
    return {t: frame[text][terrain == t] for t in ("island", "town", "lowland", "midland", "mountain")}


def test_travel_fits_the_place_boats_on_the_island_passes_in_the_mountains_buses_in_the_wards(
        letters_in_memory, generated):
    survey = pd.read_csv(generated[0] / "phieu-hoi.csv", dtype=str, keep_default_na=False)
    survey = survey[survey["xa_phuong"].isin(datagen.communes())]   # the misspelt names are the cleaning's
    interviews = pd.read_csv(generated[0] / "phong-van.csv", dtype=str)
    for frame, text in ((letters_in_memory, "noi_dung"), (survey, "y_kien"), (interviews, "ghi_chep")):
        said = _by_terrain(frame, text)
        assert not said["island"].str.contains(_NOT_ON_THE_ISLAND).any()
        assert not said["town"].str.contains(_NOT_IN_A_WARD).any()
        assert not said["lowland"].str.contains(_NOT_IN_THE_LOWLAND).any()
        assert not said["midland"].str.contains("tàu|xe buýt|taxi|vùng cao|đường đèo").any()
        assert not said["mountain"].str.contains("tàu|xe buýt|taxi").any()
    for frame, text in ((letters_in_memory, "noi_dung"), (survey, "y_kien")):
        said = _by_terrain(frame, text)
        assert said["island"].str.contains("tàu|ca nô").any()
        assert said["town"].str.contains("xe buýt|taxi").any()
        assert said["mountain"].str.contains("đường đèo|xe ôm").any()


def test_only_those_who_speak_it_say_they_do_not_speak_kinh(generated):
    survey = pd.read_csv(generated[0] / "phieu-hoi.csv", dtype=str, keep_default_na=False)
    own = survey["y_kien"].str.contains("không thạo tiếng Kinh")
    assert own.any() and survey["dan_toc"][own].isin(["Mông", "Dao", "Thái"]).all()
    about_others = survey["y_kien"].str.contains("bà con dân tộc thiểu số")
    assert about_others.any() and (survey["dan_toc"][about_others] == "Kinh").all()


def test_an_open_answer_does_not_ask_for_help_it_said_it_does_not_need(generated):
    survey = pd.read_csv(generated[0] / "phieu-hoi.csv", dtype=str, keep_default_na=False)
    content = survey["y_kien"].str.contains("không có ý kiến gì thêm|gia đình tôi hài lòng|phục vụ tốt", case=False)
    assert content.sum() >= 10
    assert not survey["y_kien"][content].str.contains("Đề nghị|Mong các cấp|Mong được|Theo tôi|Gia đình tôi thấy").any()


def test_each_speaker_belongs_to_one_group_in_a_conference(generated):
    for number in (1, 2):
        units = pd.read_csv(generated[0] / "bien-ban" / f"hoi-nghi-{number}-y-kien.csv", dtype=str)
        turns = pd.read_csv(generated[0] / "bien-ban" / f"hoi-nghi-{number}-nguyen-van.csv", dtype=str)
        for frame in (units, turns):
            groups = frame.groupby("nguoi_noi")["nhom"].nunique()
            assert (groups == 1).all(), groups[groups > 1]


def test_speakers_open_and_close_in_their_own_ways(generated):
    for number in (1, 2):
        turns = pd.read_csv(generated[0] / "bien-ban" / f"hoi-nghi-{number}-nguyen-van.csv", dtype=str)
        spoken = turns[turns["nhom"] != "Chủ trì"]["noi_dung"]
        openings = spoken.str.split(".").str[0].value_counts(normalize=True)
        endings = spoken.str.split(".").str[-2].value_counts(normalize=True)
        assert len(spoken) >= 10 and openings.iloc[0] <= 0.4 and endings.iloc[0] <= 0.4


def test_the_conferences_discuss_the_draft_and_the_letters_complain():
    assert dataset.STANCES == ("đồng tình", "không đồng tình", "đề xuất")
    for (topic, stance), said in datagen._UNITS.items():  # noqa: SLF001
        assert topic in dataset.TOPICS and stance in dataset.STANCES and said
    # letters and interviews raise complaints and requests (phản ánh, kiến nghị), with no stance on a draft
    assert "lap_truong" not in datagen.letters(5).columns


def test_the_province_is_one_plausible_northern_region(generated):
    assert "Khmer" not in datagen.ETHNICITIES and "H'Mông" not in datagen.ETHNICITIES
    hamlets = [h for c in datagen.COMMUNES for h in c.hamlets]
    assert not [h for h in hamlets if h.startswith(("ấp", "sóc"))]
    vinh_thanh = next(c for c in datagen.COMMUNES if c.name == "Xã Vĩnh Thạnh")
    assert vinh_thanh.terrain == "lowland" and set(vinh_thanh.ethnic) == {"Kinh", "Mường", "Tày"}
    assert all(h.startswith("thôn ") for h in vinh_thanh.hamlets)
    island = next(c for c in datagen.COMMUNES if c.kind == "đặc khu")
    assert island.terrain == "island" and "Khmer" not in island.ethnic
    everything = " ".join(p.read_text(encoding="utf-8", errors="replace")
                          for p in generated[0].rglob("*") if p.suffix in (".csv", ".json", ".md"))
    assert "Khmer" not in everything and "H'Mông" not in everything and " sóc " not in everything


def test_the_dates_are_read_from_the_storyline(monkeypatch):
    from datetime import date

    story = datagen.story()
    assert datagen.QUESTIONNAIRE_BASE == story.survey.planned
    survey = datagen.questionnaire(seed=3)
    days = pd.to_datetime(survey["ngay_khao_sat"][survey["ngay_khao_sat"] != ""]).dt.date
    assert days.min() == story.survey.start and days.max() == story.survey.end
    later = story.model_copy(update={"survey": story.survey.model_copy(
        update={"start": date(2026, 3, 9), "end": date(2026, 3, 13)})})
    monkeypatch.setattr(datagen, "story", lambda: later)
    survey = datagen.questionnaire(0.2, seed=3)
    days = pd.to_datetime(survey["ngay_khao_sat"][survey["ngay_khao_sat"] != ""]).dt.date
    assert days.min() == date(2026, 3, 9) and days.max() == date(2026, 3, 13)
    received = pd.to_datetime(datagen.letters(seed=3)["ngay_nhan"]).dt.date
    assert story.letters.start <= received.min() and received.max() <= story.letters.end
    assert received.min() < date(2026, 2, 20) and received.max() > date(2026, 4, 1)  # the whole window
