import re
import unicodedata
from pathlib import Path

import pytest

from thamvan_lib import vietnamese
from thamvan_lib.content import load
from thamvan_lib.errors import KitError
from thamvan_lib.vietnamese import (detect_encoding, fold, from_legacy, is_syllable, legacy_table,
                                    normalize, read_text, repair_text, to_legacy)

from .encodings import cp1258 as _cp1258

MANUAL = Path(vietnamese.__file__).parent / "content" / "manual"
SOURCE = (MANUAL / "source" / "000_9cfa88ba8f5b391c.txt").read_text(encoding="utf-8")
LECTURE = (MANUAL / "lecture.vi.txt").read_text(encoding="utf-8")
PROCESS = (MANUAL / "process.vi.txt").read_text(encoding="utf-8")


def test_fold_removes_every_diacritic_and_d_bar():
    assert fold("Tham vấn ý kiến nhân dân") == "tham van y kien nhan dan"
    assert fold("Đoàn ĐBQH, HĐND") == "doan dbqh, hdnd"
    assert fold("ắằẳẵặ ờởỡợ ừửữự ỳỷỹỵ") == "aaaaa oooo uuuu yyyy"


def test_fold_treats_decomposed_and_composed_alike():
    decomposed = "tha\u0300nh pho\u0302\u0301"
    assert fold(decomposed) == fold("thành phố") == "thanh pho"


def test_normalize_gives_nfc_and_single_spaces():
    assert normalize("  Kế\u0301 hoạch\n\tTV ") == normalize("Kế́ hoạch TV")
    assert normalize("tha\u0300nh  phố") == "thành phố"


# --- tables ---------------------------------------------------------------------------

def _all_letters() -> set[str]:
    """Every Vietnamese letter with a diacritic, lower and upper case (67 + 67)."""
    tones = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
    bases = ["a", "a\u0306", "a\u0302", "e", "e\u0302", "i", "o", "o\u0302", "o\u031b",
             "u", "u\u031b", "y"]
    lower = {unicodedata.normalize("NFC", b + t) for b in bases for t in tones} | {"đ"}
    lower -= set("aeiouy")
    return lower | {c.upper() for c in lower}


def _rows(name):
    path = Path(vietnamese.__file__).parent / "content" / "encodings" / f"{name}.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines
            if line and not line.startswith(("#", "legacy\t"))]


def test_tables_cover_the_letters():
    letters = _all_letters()
    assert len(letters) == 134
    assert {u for _, u, _ in _rows("vni")} == letters and len(_rows("vni")) == 134
    tcvn3 = {u for _, u, _ in _rows("tcvn3")}
    assert tcvn3 == {c for c in letters if c.islower()} | set("ĂÂÊÔƠƯĐ")
    assert len(_rows("tcvn3")) == 74


@pytest.mark.parametrize("encoding,legacy,letter,hexbytes",
                         [("tcvn3", *r) for r in _rows("tcvn3")] + [("vni", *r) for r in _rows("vni")])
def test_table_row_round_trips(encoding, legacy, letter, hexbytes):
    data = legacy.encode("cp1252")
    assert data.hex(" ").upper() == hexbytes
    assert unicodedata.is_normalized("NFC", letter) and len(letter) == 1
    assert to_legacy(letter, encoding) == legacy
    assert from_legacy(data.decode("cp1252"), encoding) == letter
    assert legacy_table(encoding)[legacy] == letter


def test_tcvn3_writes_a_capital_with_a_tone_as_the_lower_case_byte():
    assert to_legacy("ĐỘNG", "tcvn3") == "§éNG"
    assert repair_text("HO¹T §éNG CñA C¸N Bé V¡N PHßNG") == "HOẠT ĐỘNG CỦA CÁN BỘ VĂN PHÒNG"


def test_a_broken_table_row_names_file_and_line(tmp_path, monkeypatch):
    (tmp_path / "tcvn3.tsv").write_text("# x\nlegacy\tunicode\tbyte\n¸\tá\tB8\nµ\tà\n",
                                        encoding="utf-8")
    monkeypatch.setattr(vietnamese, "ENCODINGS_DIR", tmp_path)
    legacy_table.cache_clear()
    try:
        with pytest.raises(KitError) as err:
            legacy_table("tcvn3")
        assert err.value.key == "vietnamese.table.bad_row"
        assert err.value.values == {"file": "tcvn3.tsv", "line": 4}
    finally:
        legacy_table.cache_clear()


# --- syllables ------------------------------------------------------------------------

@pytest.mark.parametrize("word", ["các", "cán", "thông", "nghiêng", "quốc", "giếng", "gìn", "khuỷu",
                                  "người", "hoà", "hòa", "thuỷ", "Đoàn", "ĐOÀN", "cỏ", "thụng", "ở"])
def test_valid_syllables(word):
    assert is_syllable(word)


@pytest.mark.parametrize("word", ["cỏc", "cac", "kan", "ghà", "ẹoaứn", "caù", "Vieät", "c¸c",
                                  "ĐBQH", "fan", "tHông", "thuyềnn"])
def test_invalid_syllables(word):
    assert not is_syllable(word)


def test_common_syllables_are_valid_and_hold_no_over_conversion():
    common = vietnamese.common_syllables()
    assert len(common) > 800
    assert all(is_syllable(w) and unicodedata.is_normalized("NFC", w) for w in common)
    assert {"cán", "các", "thông", "đoàn", "của", "một", "bộ", "bé", "cỏ"} <= common
    assert not {"cỏn", "cỏc", "thụng", "phũng"} & common


# --- repair of the lecture ------------------------------------------------------------

EXPECTED = {
    "§oµn giúp": "Tập hợp thông tin yêu cầu tham vấn => Theo chỉ đạo của Đoàn ĐBQH và Thường "
                 "trực HĐND, Văn phòng Đoàn giúp Đoàn ĐBQH/TT HĐND tập hợp các thông tin theo "
                 "yêu cầu tham vấn.",
    "c¸c bé phËn": "họp các bộ phận liên quan hoặc họp mở rộng với các",
    "ChÞ ®iÒu": "Theo Anh /Chị điều kiện “cần” và “đủ” trong công tác chuẩn bị cho một hoạt "
                "động TV là gì?",
    "cña TV": "=> Mục đích của TV;",
    "cña việc": "Báo cáo tổng hợp thư công dân; Báo cáo phân tích xử lý kết quả TV phiếu hỏi và "
                "các hình thức phỏng vấn, hình thức khảo sát khác là nguồn để Đoàn ĐBQH/TT HĐND "
                "xem xét, tổ chức thảo luận để hình thành Báo cáo tổng kết TV và đề xuất các hoạt "
                "động tiếp theo của việc TV.",
    "§BQH/H§ND": "ĐBQH/HĐND về nội dung TV chính sách.",
    "cỏn bộ": "Các kỹ năng cần thiết dành cho cán bộ tham gia thiết kế và phục vụ Đoàn ĐBQH, HĐND "
              "tổ chức các cuộc tham vấn, xử lý thông tin phản hồi, tiếp thu",
}


@pytest.mark.parametrize("marker", EXPECTED)
def test_lecture_line_is_repaired(marker):
    lines = [line for line in SOURCE.splitlines() if marker in line]
    assert lines
    for line in lines:
        assert normalize(repair_text(line)).replace("kỹ n ă ng", "kỹ năng") == EXPECTED[marker]


def test_the_over_converted_words_are_in_the_marked_lines():
    line = next(line for line in SOURCE.splitlines() if "cỏn bộ" in line)
    assert "cỏc cuộc" in line and "thụng tin" in line
    repaired = repair_text(line)
    assert "cán bộ" in repaired and "các cuộc" in repaired and "thông tin" in repaired


def _legacy_lines():
    over = re.compile(r"\b(cỏn|cỏc|thụng)\b")
    return [line for line in SOURCE.splitlines()
            if set(line) & set("§µ¸¶·¹¨©ª«¬®ÇÈÉËÐÑÒÓÔÕÖ×ØÜÞßäåæçéëîïñöøùûüþ") or over.search(line)]


def test_every_source_line_with_legacy_text_matches_the_hand_repaired_lecture():
    lecture = {"".join(line.split()) for line in LECTURE.splitlines()}
    lines = _legacy_lines()
    assert len(lines) >= 30
    for line in lines:
        assert "".join(repair_text(line).split()) in lecture, line


def test_whole_source_repairs_line_by_line_alike():
    assert repair_text(SOURCE).splitlines() == [repair_text(line) for line in SOURCE.splitlines()]


def test_repair_is_idempotent_over_the_lecture_source():
    once = repair_text(SOURCE)
    assert once != SOURCE
    assert repair_text(once) == once


def test_repair_keeps_punctuation_and_whitespace():
    line = "\t Theo Anh /ChÞ ®iÒu \tkiÖn\t“cÇn” vµ “®ñ” \t"
    assert repair_text(line) == "\t Theo Anh /Chị điều \tkiện\t“cần” và “đủ” \t"


# --- clean text stays -----------------------------------------------------------------

def test_clean_unicode_text_is_unchanged():
    assert repair_text(PROCESS) == PROCESS
    assert repair_text(LECTURE) == LECTURE


@pytest.mark.parametrize("text", [
    "bé", "cán", "lá", "mét", "cà phê", "Đoàn", "cỏ", "thụng", "thụng tin", "cô", "tôi", "phòng",
    "bộ", "vụ", "một", "cú", "Việt Nam", "ý kiến", "ở Hà Nội", "Ấn Độ", "ÔNG BÀ ANH CHỊ",
    "bé cán lá mét cà phê Đoàn", "cô ấy nói ô kê", "Tên: Nguyễn Văn A; sinh năm 1980",
    # Latin-1 text of other languages and symbols the legacy tables also use
    "© 2024 Thamvan ® 5 µm, 5 µm", "Trang chủ · Giới thiệu · Liên hệ", "3 × 4 = 12; 12 ÷ 3",
    "naïve café résumé déjà vu", "Müller Straße Größe", "España año señor", "«Bonjour» dit-il",
    "Où est la gare? très bien", "¡Hola! ¿Qué tal?", "§ 3 khoản 2", "Điều 5 § 2",
    "phí 50.000₫ – xem tại www.quochoi.vn",
])
def test_clean_text_is_unchanged(text):
    assert repair_text(text) == text


def test_every_content_text_is_unchanged():
    import yaml

    def strings(data):
        if isinstance(data, dict):
            data = list(data.values())
        if isinstance(data, list):
            return [s for item in data for s in strings(item)]
        return [data] if isinstance(data, str) else []

    root = load().root
    texts = [s for path in root.rglob("*.yaml")
             for s in strings(yaml.safe_load(path.read_text(encoding="utf-8")))]
    assert len(texts) > 500
    assert [t for t in texts if repair_text(t) != t] == []


def test_repair_gives_nfc():
    assert repair_text("tha\u0300nh pho\u0302\u0301") == "thành phố"


# --- over-conversion ------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("cỏc", "các"),  # hỏi with a stop coda is not Vietnamese
    ("tổ chức cỏc cuộc tham vấn", "tổ chức các cuộc tham vấn"),
    ("cỏn bộ và cỏc cuộc", "cán bộ và các cuộc"),  # "cỏn" only with a sure case beside it
    ("cỏn bộ", "cỏn bộ"),  # a rare but valid syllable alone is left
    ("thụng tin", "thụng tin"),
    ("cỏc cỏ", "các cỏ"),  # common words are never changed
    ("THễNG TIN", "THÔNG TIN"),  # a lower-case letter inside capitals is sure
])
def test_over_conversion(text, expected):
    assert repair_text(text) == expected


# --- round trips through the legacy encodings ------------------------------------------

VNI_SAMPLES = ["Việt Nam", "Đoàn ĐBQH", "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
               "Các kỹ năng cần thiết dành cho cán bộ tham gia thiết kế",
               "Người dân gửi ý kiến về dự thảo luật qua thư, điện thoại hoặc cổng thông tin.",
               "ĐOÀN ĐẠI BIỂU QUỐC HỘI", "Ấn Độ và Ý", "Ủy ban nhân dân xã Ứng Hòa"]


def test_vni_samples_look_as_expected():
    assert to_legacy("Việt Nam", "vni") == "Vieät Nam"
    assert to_legacy("Đoàn ĐBQH", "vni") == "Ñoaøn ÑBQH"


@pytest.mark.parametrize("text", VNI_SAMPLES)
def test_vni_sample_round_trips(text):
    legacy = to_legacy(text, "vni")
    assert legacy != text
    assert repair_text(legacy) == text
    assert read_text(legacy.encode("cp1252")) == (text, "tcvn3")


def test_vni_process_text_round_trips():
    assert repair_text(to_legacy(PROCESS, "vni")) == PROCESS


def test_tcvn3_process_text_round_trips():
    legacy = to_legacy(PROCESS, "tcvn3")
    assert repair_text(legacy) == PROCESS
    assert repair_text(repair_text(legacy)) == PROCESS


def test_tcvn3_lecture_round_trips_but_for_capitals_it_cannot_write():
    back = repair_text(to_legacy(LECTURE, "tcvn3"))
    assert back.lower() == LECTURE.lower()
    assert {a for a, b in zip(LECTURE.split(), back.split()) if a != b} == {"Ý"}


def test_a_mixed_line_keeps_its_unicode_words():
    line = "Văn phòng " + to_legacy("Đoàn", "tcvn3") + " và chuyên gia, " + to_legacy("Đoàn", "vni")
    assert repair_text(line) == "Văn phòng Đoàn và chuyên gia, Đoàn"


# --- bytes ----------------------------------------------------------------------------



TEXTS = ["Đoàn ĐBQH tổ chức các cuộc tham vấn ý kiến nhân dân.", "Việt Nam", "các bé", PROCESS]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("make,expected", [
    (lambda t: t.encode("utf-8"), "utf-8"),
    (lambda t: t.encode("utf-8-sig"), "utf-8-sig"),
    (lambda t: t.encode("utf-16"), "utf-16"),
    (lambda t: t.encode("utf-16-le"), "utf-16"),
    (lambda t: t.encode("utf-16-be"), "utf-16"),
    (_cp1258, "cp1258"),
    (lambda t: to_legacy(t, "tcvn3").encode("cp1252"), "tcvn3"),
    (lambda t: to_legacy(t, "vni").encode("cp1252"), "tcvn3"),
], ids=["utf-8", "bom", "utf-16", "utf-16-le", "utf-16-be", "cp1258", "tcvn3", "vni"])
def test_detect_and_read(text, make, expected):
    data = make(text)
    assert detect_encoding(data) == expected
    assert read_text(data) == (text, expected)


def test_read_text_repairs_a_utf8_file_with_legacy_runs():
    text, encoding = read_text(SOURCE.encode("utf-8"))
    assert encoding == "utf-8" and text == repair_text(SOURCE)


def test_read_text_of_ascii_and_empty():
    assert read_text(b"") == ("", "utf-8")
    assert read_text(b"TV HDND") == ("TV HDND", "utf-8")


def test_read_text_refuses_a_binary_file():
    with pytest.raises(KitError) as err:
        read_text(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe\x00\x00 binary")
    assert err.value.key == "vietnamese.read.binary"


def test_messages_used_by_the_module_exist():
    content = load()
    used = set(re.findall(r'"(vietnamese\.[a-z_.0-9]*[a-z0-9_])"', Path(vietnamese.__file__).read_text()))
    keys = {k for k in content.messages if k.startswith("vietnamese.")}
    assert used and used <= keys
    assert all(vietnamese.encoding_label(e, "vi") and vietnamese.encoding_label(e, "en")
               for e in vietnamese.ENCODINGS)


def _mixed_lines(seed: int, count: int, words: list[str], legacy_share: float,
                 separators: list[str], max_words: int) -> list[str]:
    """Random lines of ``words``, some written in TCVN3 or VNI or over-converted (Unicode
    taken for TCVN3): ``legacy_share`` of them, in the ratio 5 : 3 : 2."""
    import random

    rng = random.Random(seed)
    tcvn3 = legacy_table("tcvn3")
    lines = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, max_words)):
            word, r = rng.choice(words), rng.random() / legacy_share
            if r < 0.5:
                word = to_legacy(word, "tcvn3")
            elif r < 0.8:
                word = to_legacy(word, "vni")
            elif r < 1:
                word = "".join(tcvn3.get(c, c) for c in word)
            parts += [word, rng.choice(separators)]
        lines.append("".join(parts))
    return lines


def test_repair_is_idempotent_on_mixed_text():
    """Random lines mixing Unicode, TCVN3, VNI and over-converted words, symbols and
    foreign words: a second repair changes nothing."""
    words = sorted(vietnamese.common_syllables()) + [
        "µm", "·", "×", "©", "Müller", "café", "§", "TV", "HĐND", "ĐBQH", "Ý", "ĐỘNG"]
    for line in _mixed_lines(20240, 400, words, 0.5, [" ", " ", ", ", "\n", "/", " – "], 12):
        once = repair_text(line)
        assert repair_text(once) == once


def _long_clean_text() -> str:
    from thamvan_lib import datagen

    return "\n".join(datagen.letters(300, seed=2)["noi_dung"])  # about 300 KB


def test_read_text_of_clean_utf8_returns_it_without_the_word_by_word_passes(monkeypatch):
    text = _long_clean_text()
    assert len(text.encode()) > 250_000

    def never(*_):
        raise AssertionError("clean Unicode needs no line-by-line or run-by-run pass")

    monkeypatch.setattr(vietnamese, "_repair_legacy", never)
    monkeypatch.setattr(vietnamese, "_repair_overconverted_line", never)
    assert read_text(text.encode("utf-8")) == (text, "utf-8")
    assert repair_text(unicodedata.normalize("NFD", text)) == text


def test_one_legacy_or_over_converted_word_in_a_long_text_is_still_repaired():
    text = _long_clean_text()
    assert repair_text(text + "\nhọp c¸c bé phËn liªn quan") == text + "\nhọp các bộ phận liên quan"
    assert repair_text("tổ chức cỏc cuộc họp\n" + text) == "tổ chức các cuộc họp\n" + text
    assert read_text((text + " Ñoaøn ÑBQH").encode())[0] == text + " Đoàn ĐBQH"


def test_the_quick_checks_change_no_repair(monkeypatch):
    """Mixed lines repaired with the quick checks and with every pass forced agree."""
    words = sorted(vietnamese.common_syllables())[::7] + ["µm", "·", "café", "§", "TV", "ĐBQH"]
    lines = _mixed_lines(7, 300, words, 0.2, [" ", ", ", "\n"], 10)
    quick = [repair_text(line) for line in lines]
    monkeypatch.setattr(vietnamese, "_may_be_legacy", lambda words: True)
    monkeypatch.setattr(vietnamese, "_may_be_overconverted", lambda words: True)
    assert [repair_text(line) for line in lines] == quick
