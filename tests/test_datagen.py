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


def test_a_letter_names_in_its_body_the_body_it_was_sent_to(letters_in_memory):
    for text in letters_in_memory["noi_dung"]:
        to = text.split("\n", 1)[0].removeprefix("Kính gửi: ")
        asked = [short for full, short in datagen._RECIPIENTS if full == to]  # noqa: SLF001
        assert asked, to
        if "kính mong" in text and "xem xét" in text.split("\n\n")[2]:
            assert f"kính mong {asked[0]} xem xét" in text, text[:300]
    addressed = letters_in_memory["noi_dung"].str.contains("kính mong Đoàn xem xét")
    to_delegation = letters_in_memory["noi_dung"].str.startswith("Kính gửi: Đoàn đại biểu Quốc hội")
    assert (addressed & ~to_delegation).sum() == 0 and addressed.sum() > 0


def test_only_writers_of_sixty_and_over_call_themselves_old(letters_in_memory):
    ages = letters_in_memory["noi_dung"].str.extract(r", (\d+) tuổi,")[0].astype(int)
    old_self = letters_in_memory["noi_dung"].str.contains("Người già, người không biết chữ như chúng tôi")
    assert old_self.any() and (ages[old_self] >= 60).all()
    assert letters_in_memory["noi_dung"][ages < 60].str.contains("Bố mẹ tôi đã già").any()


def test_travel_fits_the_place_boats_on_the_island_passes_in_the_mountains(letters_in_memory):
    island = letters_in_memory["xa_phuong"] == "Đặc khu Hòn Ngọc"
    texts = letters_in_memory["noi_dung"]
    assert island.any() and not texts[island].str.contains("thuê xe|xe ôm|đường đèo|qua suối|cáng bộ").any()
    assert texts[island].str.contains("tàu|thuyền").any()
    wards = letters_in_memory["xa_phuong"].str.startswith("Phường")
    assert not texts[wards].str.contains("đường đèo|qua suối|vùng cao").any()
    for sentence, tag in (("Người già, người", "old"), ("tàu ra đất liền", "island"), ("đường đèo", "mountain")):
        options = [o for theme in datagen._LETTER.values() for o in theme if sentence in o]  # noqa: SLF001
        assert options and options[0].startswith(f"@{tag} ")


def test_each_speaker_belongs_to_one_group_in_a_conference(generated):
    for number in (1, 2):
        units = pd.read_csv(generated[0] / "bien-ban" / f"hoi-nghi-{number}-y-kien.csv", dtype=str)
        groups = units.groupby("nguoi_noi")["nhom"].nunique()
        assert (groups == 1).all(), groups[groups > 1]


def test_speakers_open_and_close_in_their_own_ways(generated):
    for number in (1, 2):
        turns = pd.read_csv(generated[0] / "bien-ban" / f"hoi-nghi-{number}-nguyen-van.csv", dtype=str)
        spoken = turns[turns["nhom"] != "Chủ trì"]["noi_dung"]
        openings = spoken.str.split(".").str[0].value_counts(normalize=True)
        endings = spoken.str.split(".").str[-2].value_counts(normalize=True)
        assert len(spoken) >= 10 and openings.iloc[0] <= 0.4 and endings.iloc[0] <= 0.4


def test_the_province_is_one_plausible_region():
    assert "Khmer" not in datagen.ETHNICITIES and "H'Mông" not in datagen.ETHNICITIES
    hamlets = [h for c in datagen.COMMUNES for h in c.hamlets]
    assert not [h for h in hamlets if h.startswith(("ấp", "sóc"))]
