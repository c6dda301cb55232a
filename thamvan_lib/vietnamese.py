"""Vietnamese text helpers: NFC normalisation, diacritic folding for search, and the
repair of text typed in the legacy font encodings TCVN3 (ABC) and VNI-Windows.

Repair (``repair_text``) works word by word with context:

* A word is read three ways: as it is (Unicode), as TCVN3 and as VNI-Windows (its
  characters taken as the Windows-1252 bytes of a legacy file). ``is_syllable`` checks
  the result against Vietnamese syllable structure: onset, glide, nucleus, coda, the
  spelling rules (k/gh/ngh before i e ê) and the tone rule that a stop coda p t c ch
  takes only sắc or nặng.
* Words that are not Vietnamese as they are but are in a legacy reading ("c¸c",
  "§oµn", "Vieät") are *strong*; words valid both ways ("bé" = bé or TCVN3 bộ) are
  *ambiguous*; plain ASCII words are *neutral*. Any other word (with ư, ộ ... or a
  Latin-1 word with no valid legacy reading) ends a *run*.
* A run is converted with the encoding that has most strong words, when it is sure:
  one strong word (of two or more characters) reads as a common syllable
  (``content/encodings/syllables.txt``) or a Đ acronym such as §BQH, or three
  different strong words are valid. In a converted run ambiguous words are converted
  too ("c¸c bé phËn" -> "các bộ phận"), except a common word whose legacy reading is
  not common ("phòng", not "phũng") and a one-character word whose reading is not
  common (a "·" bullet stays). TCVN3 writes a capital with a tone as the lower-case
  byte, so a word in capitals, or one capital between words in capitals on its line,
  is upper-cased ("HO¹T §éNG" -> "HOẠT ĐỘNG").
* Over-conversion (Unicode text run through a TCVN3 converter: "cỏc" for "các") is
  undone per line: a word whose letters map back to the Latin-1 letters it came from
  is repaired when it is not a valid syllable and the original is ("cỏc" -> "các"),
  and, only on a line that has such a sure case, when it is a rare syllable whose
  original is common ("cỏn" -> "cán", "thụng" -> "thông"). Common words ("cỏ", "bộ",
  "vụ") and lines without a sure case are never touched.
"""

from __future__ import annotations

import bisect
import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFC with runs of whitespace collapsed to one space.

    >>> normalize("tham  vấn\\n") == "tham vấn"
    True
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Lower-case text without diacritics, for matching what people type.

    >>> fold("Tham vấn Ý KIẾN Đoàn ĐBQH")
    'tham van y kien doan dbqh'
    """
    decomposed = unicodedata.normalize("NFD", normalize(text).lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("đ", "d")


def slug(text: str) -> str:
    """A topic or a theme as an id: lower case, no diacritics, words joined by "-".

    >>> slug("Mức hỗ trợ tiền đi lại")
    'muc-ho-tro-tien-di-lai'
    """
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


# --- tables -------------------------------------------------------------------------


# --- the kit's spelling policy ---------------------------------------------------------------
# Vietnamese puts the tone of "oa", "oe", "uy" at the end of a syllable on the first vowel
# (hóa, khỏe, thủy, Ủy ban: the style of the National Assembly's own documents) or on the
# second (hoá, khoẻ, thuỷ). The kit writes the first everywhere in its own text; quotations of
# the source documents keep their spelling.
_NEW_STYLE = re.compile(r"(?<![qQ])([oOuU])([áàảãạéèẻẽẹýỳỷỹỵÁÀẢÃẠÉÈẺẼẸÝỲỶỸỴ])(?!\w)")
_TONE_OF = {**dict.fromkeys("áéýÁÉÝ", "\u0301"), **dict.fromkeys("àèỳÀÈỲ", "\u0300"),
            **dict.fromkeys("ảẻỷẢẺỶ", "\u0309"), **dict.fromkeys("ãẽỹÃẼỸ", "\u0303"),
            **dict.fromkeys("ạẹỵẠẸỴ", "\u0323")}


def _pair_ok(first: str, second: str) -> bool:
    pair = (first + unicodedata.normalize("NFD", second)[0]).lower()
    return pair in ("oa", "oe", "uy")


def new_style_tones(text: str) -> list[str]:
    """The syllables of ``text`` written with the tone on the second vowel of "oa", "oe", "uy".

    >>> new_style_tones("Hoá đơn, hóa học, thuỷ lợi, Uỷ ban, quý, khoán")
    ['Hoá', 'thuỷ', 'Uỷ']
    """
    found = []
    for m in _NEW_STYLE.finditer(text):
        if _pair_ok(m.group(1), m.group(2)):
            start = m.start()
            while start and text[start - 1].isalpha():
                start -= 1
            found.append(text[start:m.end()])
    return found


def old_style_tones(text: str) -> str:
    """``text`` with the kit's tone placement (hóa, khỏe, thủy, Ủy).

    >>> old_style_tones("Hoá đơn, thuỷ lợi, UỶ BAN, quý, khoán")
    'Hóa đơn, thủy lợi, ỦY BAN, quý, khoán'
    """
    def moved(m: re.Match) -> str:
        first, second = m.group(1), m.group(2)
        if not _pair_ok(first, second):
            return m.group(0)
        bare = unicodedata.normalize("NFD", second)[0]
        return unicodedata.normalize("NFC", first + _TONE_OF[second]) + bare
    return _NEW_STYLE.sub(moved, text)


ENCODINGS_DIR = Path(__file__).parent / "content" / "encodings"
LEGACY = ("tcvn3", "vni")


@cache
def legacy_table(name: str) -> dict[str, str]:
    """Legacy sequence (as read in cp1252) -> Unicode letter, from ``encodings/NAME.tsv``.

    >>> legacy_table("tcvn3")["§"], legacy_table("vni")["eä"]
    ('Đ', 'ệ')
    """
    from .errors import KitError

    path = ENCODINGS_DIR / f"{name}.tsv"
    table: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(lines, 1):
        if not line or line.startswith("#") or line.startswith("legacy\t"):
            continue
        cells = line.split("\t")
        if len(cells) != 3 or not cells[0] or len(cells[1]) != 1 or cells[0] in table:
            raise KitError("vietnamese.table.bad_row", file=path.name, line=number)
        table[cells[0]] = unicodedata.normalize("NFC", cells[1])
    return table


@cache
def common_syllables() -> frozenset[str]:
    """Common Vietnamese syllables, lower case (``encodings/syllables.txt``)."""
    text = (ENCODINGS_DIR / "syllables.txt").read_text(encoding="utf-8")
    return frozenset(unicodedata.normalize("NFC", w).lower()
                     for line in text.splitlines() if not line.startswith("#")
                     for w in line.split())


@cache
def _encoder(name: str) -> dict[str, str]:
    """Unicode letter -> legacy sequence; TCVN3 writes an uppercase toned letter as the
    lowercase-toned byte (what uppercase fonts do)."""
    table = {uni: leg for leg, uni in legacy_table(name).items()}
    if name == "tcvn3":
        for uni, leg in list(table.items()):
            table.setdefault(uni.upper(), leg)
    return table


def to_legacy(text: str, encoding: str) -> str:
    """Text as a legacy file shows it when read as cp1252 ("tcvn3" or "vni").

    >>> to_legacy("Đoàn ĐBQH", "tcvn3"), to_legacy("Việt Nam", "vni")
    ('§oµn §BQH', 'Vieät Nam')
    """
    table = _encoder(encoding)
    return "".join(table.get(c, c) for c in unicodedata.normalize("NFC", text))


@cache
def _decoder(name: str) -> tuple[dict[str, str], int]:
    table = dict(legacy_table(name))
    if name == "vni":  # tolerate title-case writing: base in capitals, mark in lower case
        for leg, uni in list(table.items()):
            if len(leg) == 2 and leg.isupper():
                table.setdefault(leg[0] + leg[1].lower(), uni)
    return table, max(len(k) for k in table)


_TCVN3_UPPER = frozenset("¡¢£¤¥¦§")
_TCVN3_LOWER_BASE = frozenset("¨©ª«¬\xad®")


def from_legacy(text: str, encoding: str) -> str:
    """Convert all of *text* from a legacy encoding, with no guessing (see repair_text).

    >>> from_legacy("c¸c bé phËn", "tcvn3"), from_legacy("Ñoaøn", "vni")
    ('các bộ phận', 'Đoàn')
    """
    table, longest = _decoder(encoding)
    out, i = [], 0
    while i < len(text):
        for size in range(min(longest, len(text) - i), 0, -1):
            if (piece := text[i:i + size]) in table:
                out.append(table[piece])
                i += size
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _capitals(word: str) -> int:
    """TCVN3: how many capitals a word has, or 0 if it shows a lower-case letter other
    than a toned one (toned letters are lower-case bytes even in capitals)."""
    if any("a" <= c <= "z" or c in _TCVN3_LOWER_BASE for c in word):
        return 0
    return sum(1 for c in word if "A" <= c <= "Z" or c in _TCVN3_UPPER)


@lru_cache(maxsize=65536)
def _convert_word(word: str, encoding: str) -> str:
    out = from_legacy(word, encoding)
    if encoding == "tcvn3" and _capitals(word) >= 2:
        out = out.upper()  # §OµN -> ĐOÀN
    return out


# --- syllables ------------------------------------------------------------------------

_TONES = {"\u0301": "sắc", "\u0300": "huyền", "\u0309": "hỏi", "\u0303": "ngã", "\u0323": "nặng"}
_LETTERS = frozenset("aăâbcdđeêghiklmnoôơpqrstuưvxy")
_ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu",
           "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_RIMES = frozenset("""
a ac ach ai am an ang anh ao ap at au ay
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e ec em en eng eo ep et
ê êch êm ên ênh êp êt êu
i ia ich iêc iêm iên iêng iêp iêt iêu im in inh ip it iu
o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt
oc oe oen oeo oet oi om on ong ooc oong op ot
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua uân uâng uât uây uc uê uêch uênh ui um un ung uôc uôi uôm uôn uông uôt up ut
uy uya uych uyên uyêt uynh uyp uyt uyu uơ
ư ưa ưc ưi ưng ươc ươi ươm ươn ương ươp ươt ươu ưt ưu
y yêm yên yêng yêt yêu
""".split())
_STOPS = ("p", "t", "c", "ch")
_VOWELS = frozenset("aăâeêioôơuưy")
_NOT_TONES = "\u0302\u0306\u031b"  # shape marks may follow a tone in NFD


def _case_ok(word: str) -> bool:
    return word in (word.lower(), word.upper()) or (
        word[0].isupper() and word[1:] == word[1:].lower())


def _rime_ok(onset: str, rime: str) -> bool:
    if onset == "gi":  # gi + a = gia, gi + êng = giêng (the i is shared), gì
        return rime == "" or rime in _RIMES or "i" + rime in _RIMES
    if rime not in _RIMES:
        return False
    first = rime[0]
    if onset == "qu":
        return first not in "uưo"
    if onset in ("k", "gh", "ngh"):
        return first in "ieêy"
    if onset in ("c", "ng", "g"):
        return first not in "ieêy"
    return True


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """Whether *word* is one well-formed Vietnamese syllable (lower, upper or title case).

    Checks letters, onset + rime (with the k/gh/ngh and qu/gi spellings), at most one
    tone, not on a final glide ("caù"), and that a stop coda (p t c ch) has sắc or nặng. It says nothing of meaning:
    "thụng" is well formed, "cỏc" is not.

    >>> [is_syllable(w) for w in ("các", "cỏc", "thụng", "Đoàn", "nghiêng", "gìn", "ĐBQH")]
    [True, False, True, True, True, True, False]
    >>> [is_syllable(w) for w in ("hoà", "hòa", "thuý", "người", "caù")]
    [True, True, True, True, False]
    """
    if not word or not _case_ok(word):
        return False
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    if not set(base) <= _LETTERS:
        return False
    if not any(base.startswith(o) and _rime_ok(o, base[len(o):]) for o in _ONSETS):
        return False
    if tones and decomposed.rstrip(_NOT_TONES)[-1] in _TONES and len(base) >= 2 and \
            base[-1] in "iyou" and base[-2] in _VOWELS and base[-2:] != "uy":
        return False  # a tone on the glide ending "au", "oi" ...: "caù" is VNI for "cá"
    if base.endswith(_STOPS):
        return bool(tones) and _TONES[tones[0]] in ("sắc", "nặng")
    return True


def _acronym(word: str, encoding: str) -> bool:
    """A TCVN3/VNI Đ acronym: capitals with no vowel, one of them Đ (§BQH, H§ND, ÑBQH)."""
    mark = "§" if encoding == "tcvn3" else "Ñ"
    return (len(word) >= 2 and mark in word and
            all("A" <= c <= "Z" and c not in "AEIOUY" or c == mark for c in word))


def _common(word: str) -> bool:
    return word.lower() in common_syllables()


# --- repair ---------------------------------------------------------------------------

@cache
def _word_pattern() -> re.Pattern:
    symbols = {c for enc in LEGACY for key in legacy_table(enc) for c in key if not c.isalpha()}
    chars = re.escape("".join(sorted(symbols)))
    return re.compile(rf"(?:[^\W\d_]|[{chars}\u0300-\u036f])+")


@dataclass
class _Word:
    start: int
    end: int
    text: str
    kind: str = "neutral"  # neutral | candidate | break
    readings: dict[str, str] = field(default_factory=dict)  # valid legacy readings
    strong: frozenset[str] = frozenset()  # encodings sure for this word


def _classify(word: _Word) -> None:
    word.kind, word.readings, word.strong = _reading(word.text)  # shared: only read


@lru_cache(maxsize=65536)
def _reading(text: str) -> tuple[str, dict, frozenset]:
    """(kind, valid legacy readings, encodings sure for it) of one word: words repeat,
    so each distinct word is read once."""
    kind, readings, strong = _read_word(text)
    return kind, dict(readings), strong


def _read_word(text: str) -> tuple[str, tuple, frozenset]:
    if text.isascii():
        return "neutral", (), frozenset()
    if any(ord(c) > 0xFF for c in text):
        return "break", (), frozenset()
    changed, readings = False, {}
    for enc in LEGACY:
        reading = _convert_word(text, enc)
        if reading != text:
            changed = True
            if is_syllable(reading) or _acronym(text, enc):
                readings[enc] = reading
    if not changed:
        return "neutral", (), frozenset()
    if not readings:
        return "break", (), frozenset()
    return "candidate", tuple(readings.items()), \
        frozenset() if is_syllable(text) else frozenset(readings)


def _may_be_legacy(words) -> bool:
    """Whether any of these words is sure to be legacy text in some encoding: without
    one, ``_repair_legacy`` converts no run and the text stays as it is."""
    return any(len(w) >= 2 and _reading(w)[2] for w in words)


def _sure(word: _Word, enc: str) -> bool:
    return enc in word.strong and len(word.text) >= 2


def _among_capitals(run: list[_Word], i: int, source: str) -> bool:
    """Whether the words next to run[i] on its line are all in capitals (and exist)."""
    w = run[i]
    near = [n for n in run[max(i - 1, 0):i] if "\n" not in source[n.end:w.start]]
    near += [n for n in run[i + 1:i + 2] if "\n" not in source[w.end:n.start]]
    return bool(near) and all(_in_capitals(n) for n in near)


def _repair_run(run: list[_Word], text: list[str], source: str) -> None:
    counts = {enc: sum(_sure(w, enc) for w in run) for enc in LEGACY}
    enc = max(LEGACY, key=lambda e: counts[e])  # ties go to TCVN3, the more common one
    if not counts[enc]:
        return
    sure = len({w.text for w in run if _sure(w, enc)}) >= 3 or any(
        _sure(w, enc) and (_common(w.readings[enc]) or _acronym(w.text, enc)) for w in run)
    if not sure:
        return
    for i, w in enumerate(run):
        reading = w.readings.get(enc)
        if reading is None:
            continue
        if enc not in w.strong and _common(w.text) and not _common(reading):
            continue  # "phòng" stays: valid, common, and "phũng" is not
        if len(w.text) == 1 and not _common(reading):
            continue  # a lone "·" or "×" is a symbol, not "ã" or "ì"; "ë" is "ở"
        if enc == "tcvn3" and _capitals(w.text) == 1 and _among_capitals(run, i, source):
            reading = reading.upper()  # "Bé" between capitals: BỘ
        text[w.start] = reading
        for i in range(w.start + 1, w.end):
            text[i] = ""


def _in_capitals(word: _Word) -> bool:
    shown = word.readings.get("tcvn3", word.text)
    return sum(c.isalpha() for c in shown) >= 2 and shown.isupper()


def _repair_legacy(text: str) -> str:
    words = [_Word(m.start(), m.end(), m.group()) for m in _word_pattern().finditer(text)]
    for w in words:
        _classify(w)
    out = list(text)
    run: list[_Word] = []
    for w in words + [_Word(len(text), len(text), "", "break")]:
        if w.kind == "break":
            if run:
                _repair_run(run, out, text)
            run = []
        else:
            run.append(w)
    return "".join(out)


@cache
def _overconverted() -> dict[str, str]:
    """Letter a TCVN3 converter made of a Latin-1 Vietnamese letter -> that letter
    ("ỏ" -> "á", "ụ" -> "ô"): only where the Latin-1 character is a Vietnamese letter."""
    return {uni: leg for leg, uni in legacy_table("tcvn3").items()
            if leg.isalpha() and _vietnamese_letters(leg) and leg != uni}


_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")


def _vietnamese_letters(word: str) -> bool:
    return all(c.isascii() and c.isalpha() or c in _MARKS or c in "đĐ"
               for c in unicodedata.normalize("NFD", word))


@lru_cache(maxsize=65536)
def _undo(word: str) -> str | None:
    back = _overconverted()
    if not _vietnamese_letters(word) or not any(c in back for c in word):
        return None
    original = "".join(back.get(c, c) for c in word)
    return original if original != word and is_syllable(original) else None


def _may_be_overconverted(words) -> bool:
    """Whether any of these words is surely over-converted: without one, no line is
    repaired by ``_repair_overconverted_line``."""
    return any(_undo(w) is not None and not is_syllable(w) for w in words)


def _repair_overconverted_line(line: str) -> str:
    sure, rare = [], []
    for m in _word_pattern().finditer(line):
        original = _undo(m.group())
        if original is None:
            continue
        if not is_syllable(m.group()):
            sure.append((m, original))
        elif not _common(m.group()) and _common(original):
            rare.append((m, original))
    if not sure:
        return line
    out, last = [], 0
    for m, original in sorted(sure + rare, key=lambda p: p[0].start()):
        out += [line[last:m.start()], original]
        last = m.end()
    return "".join(out) + line[last:]


def repair_text(text: str) -> str:
    """Unicode NFC text with TCVN3 and VNI-Windows runs converted and TCVN3
    over-conversions undone; valid Unicode Vietnamese, punctuation and spacing are kept.

    >>> repair_text("họp c¸c bé phËn liªn quan hoặc họp mở rộng")
    'họp các bộ phận liên quan hoặc họp mở rộng'
    >>> repair_text("Ñoaøn ÑBQH tænh Vieät Nam")
    'Đoàn ĐBQH tỉnh Việt Nam'
    >>> repair_text("tổ chức cỏc cuộc tham vấn, xử lý thụng tin")
    'tổ chức các cuộc tham vấn, xử lý thông tin'
    >>> repair_text("bé cán lá mét cỏ thụng")
    'bé cán lá mét cỏ thụng'
    """
    text = unicodedata.normalize("NFC", text)
    # Most text is clean Unicode: each distinct word is checked once (cached), and the
    # line-by-line and run-by-run passes only run when a word shows they would change
    # something.
    words = set(_word_pattern().findall(text))
    if _may_be_overconverted(words):
        text = "".join(_repair_overconverted_line(line)
                       for line in text.splitlines(keepends=True))
        words = set(_word_pattern().findall(text))
    for _ in range(8):  # until nothing changes: a run may mix TCVN3 and VNI words, and
        if not _may_be_legacy(words):  # the minority's words form runs of their own
            break
        repaired = _repair_legacy(text)
        if repaired == text:
            break
        text, words = repaired, set(_word_pattern().findall(repaired))
    return unicodedata.normalize("NFC", text)


# --- bytes ----------------------------------------------------------------------------

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1258", "tcvn3")


_CP1252 = "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in range(256))


def _cp1252(data: bytes) -> str:
    """cp1252, with the five bytes it leaves undefined read as Latin-1."""
    return data.decode("latin-1").translate(
        {b: _CP1252[b] for b in range(0x80, 0xA0)})


def _utf16_order(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" for BOM-less UTF-16 (many NUL bytes on one side), or None."""
    if len(data) < 2 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    if odd >= 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _score(text: str) -> int:
    """Valid minus invalid words among those with non-ASCII letters."""
    score = 0
    for m in _word_pattern().finditer(text):
        word = m.group()
        if not word.isascii():
            score += 1 if is_syllable(word) or word.isupper() and _vietnamese_letters(word) else -1
    return score


def detect_encoding(data: bytes) -> str:
    """The encoding of an uploaded file: one of ``ENCODINGS``.

    "tcvn3" stands for the legacy font encodings read through cp1252: TCVN3 (ABC) and
    VNI-Windows alike, which ``read_text`` tells apart word by word.

    >>> detect_encoding("Đoàn".encode()), detect_encoding("§oµn §BQH".encode("cp1252"))
    ('utf-8', 'tcvn3')
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_order(data):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    as_1258 = unicodedata.normalize("NFC", data.decode("cp1258", "replace"))
    as_legacy = repair_text(_cp1252(data))
    return "tcvn3" if _score(as_legacy) > _score(as_1258) else "cp1258"


def encoding_label(encoding: str, lang: str | None = None) -> str:
    """What ``detect_encoding`` found, in words for the trainee.

    >>> encoding_label("tcvn3", "en")
    'Legacy TCVN3 (ABC) or VNI-Windows'
    """
    from .content import load

    return load().message("vietnamese.encoding." + encoding.replace("-", "_"), lang)


def read_text(data: bytes) -> tuple[str, str]:
    """Decoded and repaired text of an upload, and the encoding found (see detect_encoding).

    >>> read_text("c¸c bé phËn".encode("cp1252"))
    ('các bộ phận', 'tcvn3')
    >>> read_text("Xã Tân Phú khỏi bệnh".encode("utf-8"))[0]  # Unicode stays as it is
    'Xã Tân Phú khỏi bệnh'
    """
    text, encoding = _decode(data)
    return _to_unicode(text, encoding), encoding


def _to_unicode(text: str, encoding: str) -> str:
    """A file that is legacy as a whole is converted whole: word-by-word guessing is only
    for Unicode text with legacy runs pasted in, where "Phó" may really be "Phó"."""
    if encoding != "tcvn3":
        return repair_text(text)
    return max((_whole_legacy(text, name) for name in ("tcvn3", "vni")), key=_score)


def _whole_legacy(text: str, encoding: str) -> str:
    """Convert every word; legacy fonts write capitals with tones as lower-case bytes,
    so a word in capitals ("HO¹T") is upper-cased, and so is a one-capital word ("Bé")
    whose neighbours on its line are all in capitals ("C¸N Bé V¡N" is "CÁN BỘ VĂN")."""
    words = [(m.start(), m.end(), m.group()) for m in _word_pattern().finditer(text)]
    shapes = [_shape(word) for _, _, word in words]
    breaks = [m.start() for m in re.finditer("\n", text)]
    line = [bisect.bisect_right(breaks, start) for start, _, _ in words]
    out, last = [], 0
    for i, (start, end, word) in enumerate(words):
        converted = _legacy_word(word, encoding)
        shouting, lone_capital = shapes[i]
        if lone_capital:
            beside = [shapes[j][0] for j in (i - 1, i + 1)
                      if 0 <= j < len(words) and line[j] == line[i]]
            lone_capital = bool(beside) and all(beside)
        if shouting or lone_capital:
            converted = converted.upper()
        out += [text[last:start], converted]  # between words: punctuation, bullets
        last = end
    out.append(text[last:])
    return unicodedata.normalize("NFC", "".join(out))


@lru_cache(maxsize=65536)
def _shape(word: str) -> tuple[bool, bool]:
    """(in capitals: two or more ASCII letters, all capitals; one ASCII letter, a capital)."""
    letters = [c for c in word if c.isascii() and c.isalpha()]
    return (len(letters) > 1 and all(c.isupper() for c in letters),
            len(letters) == 1 and letters[0].isupper())


@lru_cache(maxsize=65536)
def _legacy_word(word: str, encoding: str) -> str:
    converted = from_legacy(word, encoding)
    if len(word) == 1 and not _common(converted):
        return word  # a lone "·" is a bullet, not the letter "ã"
    return converted


@dataclass(frozen=True)
class Repair:
    """What repairing one file did: the text before and after, and what was found."""

    encoding: str
    before: str
    after: str

    @property
    def changed_words(self) -> list[tuple[str, str]]:
        """(old, new) pairs; repair keeps whitespace, so words line up one to one."""
        return [(a, b) for a, b in zip(self.before.split(), self.after.split()) if a != b]


def read_upload(data: bytes) -> Repair:
    """Decode and repair an uploaded file, keeping what was read so the change can be shown."""
    text, encoding = _decode(data)
    return Repair(encoding, text, _to_unicode(text, encoding))


def repair_file(source: Path, target: Path) -> Repair:
    """Write a UTF-8 copy of ``source`` with legacy text repaired to ``target``."""
    result = read_upload(Path(source).read_bytes())
    Path(target).write_text(result.after, encoding="utf-8")
    return result


def _decode(data: bytes) -> tuple[str, str]:
    from .errors import KitError

    encoding = detect_encoding(data)
    if encoding == "utf-16":
        order = _utf16_order(data) if not data.startswith(
            (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else None
        text = data.decode(order or "utf-16", "replace")
    elif encoding == "tcvn3":
        text = _cp1252(data)
    else:
        text = data.decode(encoding, "replace")
    if "\x00" in text:
        raise KitError("vietnamese.read.binary")
    return text, encoding
