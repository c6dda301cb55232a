"""Theme coding and agreement between coders, against hand computations."""

import math

import numpy as np
import pandas as pd
import pytest

from thamvan_lib import datagen
from thamvan_lib.analysis import coding
from thamvan_lib.analysis.coding import (code_letters, code_text, cohen_kappa, fast_fold,
                                         load_codebook)
from thamvan_lib.content import ContentError
from thamvan_lib.dataset import read_letters
from thamvan_lib.errors import KitError
from thamvan_lib.vietnamese import fold


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
    samples = list(letters) + ["Đặc khu HÒN NGỌC", "Đắk R'Lấp", "Ủy ban", "naïve café", "ǅ ẞ"]
    for text in samples:
        assert " ".join(fast_fold(text).split()) == fold(text)


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
    texts = (list(read_letters()["noi_dung"])
             + list(datagen.letters(200, seed=9)["noi_dung"]) + _HARD_TEXTS + _HARD_TEXTS[:5])
    want = np.array([[tid in book.find(t) for tid in book.ids] for t in texts])
    assert book._vector and (book.find_many(texts) == want).all()
    monkeypatch.setattr(coding, "_CHUNK", 200)  # many small blocks: texts cut anywhere
    assert (book.find_many(texts) == want).all()
    assert not book.find_many([None, 3.5, float("nan")]).any()


def test_code_letters_gives_the_themes_of_coding_letter_by_letter():
    book = load_codebook()
    for texts in (read_letters()["noi_dung"],
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
                    "    phrases: [covid-19, R'Lấp]\n", encoding="utf-8")
    book = load_codebook(path)
    assert not book._vector
    texts = ["Dịch COVID-19 lan rộng", "người ở R'LẤP", "covid 19", "rlap"]
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
