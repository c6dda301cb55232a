"""Coding letters with a codebook and measuring how well two coders agree.

``code_text`` / ``code_letters`` find the themes of a codebook
(``content/analysis/codebook.yaml``) in letters, with or without diacritics
(``code_letters`` searches all its texts at once, as numpy arrays:
``Codebook.find_many``); ``cohen_kappa`` measures how well two coders agree.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..content import load_kind
from ..errors import KitError
from ..schema.analysis import CodebookFile
from ..vietnamese import fold
from .frames import require_frame

# Folding a long letter with unicodedata character by character is slow; precomposed
# Latin letters fold through one translation table instead (checked against fold()).
_FOLD_TABLE = {c: fold(chr(c)) or None for c in range(0xC0, 0x2000) if chr(c).isalpha()
               and fold(chr(c)) != chr(c).lower() and fold(chr(c)).isascii()}
_LETTER = r"[^\W\d_]"


def fast_fold(text: str) -> str:
    """``fold(text)`` for matching, faster on long texts (whitespace is not collapsed).

    >>> fast_fold("Thiếu THUỐC ở Trạm")
    'thieu thuoc o tram'
    """
    folded = unicodedata.normalize("NFC", text).lower().translate(_FOLD_TABLE)
    return folded if folded.isascii() else fold(text)


# Coding many texts at once works on arrays of UTF-16 code units, each read through one
# table: what the unit is once folded. A folded ASCII letter is its own byte (a–z);
# another letter is 0x80; then a space, anything else that ends a word, "slow" (its
# fold is not one character: a lone combining mark, half of a surrogate pair; the text
# goes through ``find``), or not met yet (the table is filled in as characters come).
_OTHER, _SPACE, _SLOW, _UNSEEN, _NON_ASCII = 0, 1, 2, 3, 0x80
_FOLDED = np.full(0x10000, _UNSEEN, dtype=np.uint8)
_IS_LETTER = re.compile(_LETTER)
_IS_SPACE = re.compile(r"\s")
_MAX_WORD = 8          # a phrase word of at most 8 ASCII letters fits one 64-bit number
_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(_MAX_WORD + 1)] + [0],
                  dtype=np.uint64)   # the low k bytes
_CHUNK = 1 << 22       # characters folded and searched at a time


def _learn(units: np.ndarray) -> None:
    for c in np.flatnonzero(np.bincount(units, minlength=0x10000)).tolist():
        ch, kind = chr(c), _OTHER
        if 0xD800 <= c <= 0xDFFF:
            kind = _SLOW
        elif _IS_SPACE.match(ch):
            kind = _SPACE
        else:
            f = fold(ch)
            if len(f) != 1:
                kind = _SLOW
            elif _IS_SPACE.match(f):
                kind = _SPACE
            elif _IS_LETTER.match(f):
                kind = ord(f) if f.isascii() else _NON_ASCII
        _FOLDED[c] = kind


def _word_key(word: str) -> int:
    return sum(ord(ch) << (8 * k) for k, ch in enumerate(word))


class Codebook:
    """The themes of a codebook, each phrase compiled to match folded text by whole words."""

    def __init__(self, data: CodebookFile):
        self.data = data
        self.themes = {t.id: t for t in data.themes}
        self.ids = tuple(self.themes)
        groups = []
        for k, theme in enumerate(data.themes):
            phrases = sorted({r"\s+".join(map(re.escape, fold(p).split())) for p in theme.phrases},
                             key=len, reverse=True)
            groups.append(f"(?P<t{k}>(?:{'|'.join(phrases)})(?!{_LETTER}))")
        # The look-ahead below reports one theme per word start: the first in the
        # codebook's order. A later theme can match at the same place only if one of the
        # two phrases starts the other and is followed there by a space or another
        # non-letter ("thẻ bảo hiểm" and "thẻ bảo hiểm y tế"); such later themes are also
        # searched one by one.
        said = [(k, " ".join(fold(p).split())) for k, t in enumerate(data.themes)
                for p in t.phrases]
        self.shadowed = {self.ids[max(a, b)] for a, pa in said for b, pb in said
                         if a != b and len(pa) <= len(pb) and pb.startswith(pa)
                         and not _IS_LETTER.match(pb[len(pa):len(pa) + 1])}
        # One pass over the text: at each word start, look ahead for any theme's phrase.
        self.pattern = re.compile(rf"(?<!{_LETTER})(?=(?:{'|'.join(groups)}))")
        self.per_theme = {t.id: re.compile(rf"(?<!{_LETTER}){g}")
                          for t, g in zip(data.themes, groups)}
        self._vocabulary(data)

    def _vocabulary(self, data: CodebookFile) -> None:
        """The phrases as numbers, for ``find_many``. A word of the codebook is its folded
        letters read as one 64-bit number (``_word_key``), found through a hash table of
        2**16 slots; the words are numbered 1, 2, … and a phrase of m words is
        sum(w_r * base**r). Only when every word of every phrase is made of 1–8 ASCII
        letters once folded (the kit's codebook) and the numbers fit 63 bits; otherwise
        ``find_many`` codes text by text."""
        phrases = [(k, fold(p).split()) for k, t in enumerate(data.themes) for p in t.phrases]
        words = sorted({w for _, ws in phrases for w in ws})
        longest = max(len(ws) for _, ws in phrases)
        base = len(words) + 1
        self._vector = base ** longest < 2 ** 63 and all(
            w.isascii() and len(w) <= _MAX_WORD and all(_IS_LETTER.match(ch) for ch in w)
            for w in words)
        if not self._vector:
            return
        keys = [_word_key(w) for w in words]
        for multiplier in range(0x9E3779B97F4A7C15, 2 ** 64, 2 * 0x5851F42D4C957F2D):
            slots = [(key * multiplier % 2 ** 64) >> 48 for key in keys]
            if len(set(slots)) == len(slots):  # no two words share a slot
                break
        self._multiplier = np.uint64(multiplier)
        self._slot_key = np.zeros(0x10000, dtype=np.uint64)
        self._slot_word = np.zeros(0x10000, dtype=np.int64)  # 0: no word
        self._slot_key[slots] = keys
        self._slot_word[slots] = np.arange(1, len(words) + 1)
        number = {w: i for i, w in enumerate(words, 1)}
        self._base = base
        self._leads = np.zeros(base, dtype=bool)  # words followed by another in a phrase
        self._single = np.zeros((base, len(self.ids)), dtype=bool)  # one-word phrases
        self._by_length = {}  # m ≥ 2 → (sorted phrase numbers, phrase number × theme table)
        for k, ws in phrases:
            self._leads[[number[w] for w in ws[:-1]]] = True
            if len(ws) == 1:
                self._single[number[ws[0]], k] = True
        for m in sorted({len(ws) for _, ws in phrases} - {1}):
            said: dict[int, set[int]] = {}
            for k, ws in phrases:
                if len(ws) == m:
                    code = sum(number[w] * base ** r for r, w in enumerate(ws))
                    said.setdefault(code, set()).add(k)
            codes = sorted(said)
            themes = np.zeros((len(codes), len(self.ids)), dtype=bool)
            for i, code in enumerate(codes):
                themes[i, sorted(said[code])] = True
            self._by_length[m] = (np.array(codes, dtype=np.int64), themes)
        self._has_single = self._single.any(axis=1)

    def name(self, theme_id: str, lang: str | None = None) -> str:
        return self.themes[theme_id].name.get(lang or "vi")

    def find(self, text: str) -> set[str]:
        folded = fast_fold(text)
        found = {self.ids[int(m.lastgroup[1:])] for m in self.pattern.finditer(folded)}
        for theme_id in self.shadowed - found:
            if self.per_theme[theme_id].search(folded):
                found.add(theme_id)
        return found

    def find_many(self, texts) -> np.ndarray:
        """``find`` of many texts at once, as a table: row i, column k is True when theme
        ``ids[k]`` is in ``find(texts[i])``; an item that is not text has no theme.

        Each distinct text is coded once. Texts are folded and searched together, a few
        million characters at a time, as numpy arrays: words are runs of letters, each
        word of at most eight letters becomes one number, and a phrase is found where its
        words' numbers follow each other with only spaces between them, which is what
        the regular expressions of ``find`` match.
        """
        seen: dict[str, int] = {}  # distinct text → its row of ``found``
        codes: list[int] = []
        blocks: list[tuple[np.ndarray, np.ndarray]] = []
        pending: list[str] = []
        size = 0
        for text in texts:
            if not isinstance(text, str):
                codes.append(-1)
                continue
            k = seen.get(text)
            if k is None:
                k = seen[text] = len(seen)
                pending.append(text)
                size += len(text) + 1
                if size >= _CHUNK:  # searched while its texts are fresh in memory
                    blocks.append(self._scan(pending) if self._vector else self._slow(pending))
                    pending, size = [], 0
            codes.append(k)
        if pending:
            blocks.append(self._scan(pending) if self._vector else self._slow(pending))
        found = np.zeros((len(seen) + 1, len(self.ids)), dtype=bool)  # last row: no text
        start = 0
        for block, _ in blocks:
            found[start:start + len(block)] = block
            start += len(block)
        distinct = list(seen)
        for k in np.flatnonzero(np.concatenate([slow for _, slow in blocks] + [[False]])):
            found[k] = [tid in self.find(distinct[k]) for tid in self.ids]
        return found[np.array(codes, dtype=np.intp)]

    def _slow(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """No themes yet, every text to go through ``find``."""
        return (np.zeros((len(texts), len(self.ids)), dtype=bool),
                np.ones(len(texts), dtype=bool))

    def _scan(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The themes of texts without NUL characters, and which texts hold a character
        this way cannot fold (those go through ``find``)."""
        found = np.zeros((len(texts), len(self.ids)), dtype=bool)
        joined = unicodedata.normalize("NFC", "\x00".join(texts) + "\x00")
        units = np.frombuffer(joined.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
        size = len(units)
        # folded[1 + i] is unit i folded; a blank byte before, eight after (see ``eight``).
        folded = np.zeros(size + 9, dtype=np.uint8)
        np.take(_FOLDED, units, out=folded[1:size + 1])
        if (folded == _UNSEEN).any():
            _learn(units[folded[1:size + 1] == _UNSEEN])
            np.take(_FOLDED, units, out=folded[1:size + 1])
        text_ends = np.flatnonzero(units == 0)  # NUL ends each text: no phrase spans it
        if len(text_ends) != len(texts):  # a text holds NUL itself: it goes through ``find``
            inner = [i for i, t in enumerate(texts) if "\x00" in t]
            found, slow = self._scan(["" if "\x00" in t else t for t in texts])
            slow[inner] = True
            return found, slow
        slow = np.zeros(len(texts), dtype=bool)
        slow[np.searchsorted(text_ends, np.flatnonzero(folded == _SLOW) - 1)] = True
        # Words are runs of letters: they start and end where letter and non-letter meet.
        letter = folded > _UNSEEN
        edges = np.flatnonzero(letter[1:] != letter[:-1])
        starts, ends = edges[0::2], edges[1::2]
        # Each word as one number: its folded letters read as 8 bytes from where it
        # starts, the bytes after its end masked away (a longer word masked to 0).
        eight = np.ndarray((size,), dtype="<u8", buffer=folded.data, offset=1, strides=(1,))
        key = eight[starts] & _MASKS[np.minimum(ends - starts, _MAX_WORD + 1)]
        slot = ((key * self._multiplier) >> np.uint64(48)).astype(np.intp)
        tokens = np.flatnonzero((self._slot_key[slot] == key) & (self._slot_word[slot] > 0))
        number = self._slot_word[slot[tokens]]  # the codebook's words met, in order
        n = len(tokens)
        one = np.flatnonzero(self._has_single[number])
        rows, cols = np.nonzero(self._single[number[one]])
        found[np.searchsorted(text_ends, starts[tokens[one[rows]]]), cols] = True
        # Longer phrases: from each word that starts one, while only spaces part it from
        # the next word (looking at the characters between them one offset at a time).
        spaced = self._leads[number] & (tokens + 1 < len(starts))
        gap, offset = np.flatnonzero(spaced), 0
        while len(gap):
            where = ends[tokens[gap]] + offset
            inside = where < starts[tokens[gap] + 1]
            gap, where = gap[inside], where[inside]
            blocked = folded[where + 1] != _SPACE
            spaced[gap[blocked]] = False
            gap, offset = gap[~blocked], offset + 1
        at = np.flatnonzero(spaced)
        code = number[at]
        for m in range(2, max(self._by_length, default=1) + 1):
            follow = at + m - 1
            keep = follow < n
            at, code, follow = at[keep], code[keep], follow[keep]
            keep = (tokens[follow] == tokens[at] + m - 1) & spaced[follow - 1]
            at, code, follow = at[keep], code[keep], follow[keep]
            code = code + number[follow] * self._base ** (m - 1)
            if m in self._by_length:
                phrases, themes = self._by_length[m]
                which = np.minimum(np.searchsorted(phrases, code), len(phrases) - 1)
                known = np.flatnonzero(phrases[which] == code)
                rows, cols = np.nonzero(themes[which[known]])
                found[np.searchsorted(text_ends, starts[tokens[at[known[rows]]]]), cols] = True
            if not len(at):
                break
        return found, slow


def load_codebook(path: Path | str | None = None) -> Codebook:
    """The codebook of a content folder (``THAMVAN_CONTENT`` or the kit's) or of a YAML file.

    Read again when the file changes; a broken file raises ``ContentError``.
    """
    return load_kind("codebook", path, build=Codebook)


def code_text(text: str, codebook: Codebook | None = None) -> set[str]:
    """The ids of the codebook's themes whose phrases occur in ``text``.

    Matching ignores case and diacritics and takes whole words only:

    >>> sorted(code_text("Tram y te hay HET THUOC, tien xe om lai dat."))
    ['chi-phi-di-lai', 'thieu-thuoc']
    >>> code_text("Tôi rất hài lòng.")
    set()
    """
    if not isinstance(text, str):
        raise KitError("analysis.error.not_text", kind=type(text).__name__)
    return (codebook or load_codebook()).find(text)


def code_letters(data, codebook: Codebook | None = None,
                 text_column: str = "noi_dung") -> pd.DataFrame:
    """Themes of many texts: one True/False column per theme and ``chu_de_ma_hoa``
    (the ids found, joined by ";"). ``data`` is a table with ``text_column`` (its other
    columns are kept) or a list/Series of texts; a blank text has no theme.
    """
    book = codebook or load_codebook()
    if isinstance(data, pd.DataFrame):
        require_frame(data, "thư", [text_column])
        texts, base = data[text_column], data
    elif isinstance(data, (pd.Series, list, tuple)):
        texts = pd.Series(data) if not isinstance(data, pd.Series) else data
        if texts.empty:
            raise KitError("analysis.error.empty", what="thư")
        base = None
    else:
        raise KitError("analysis.error.not_a_frame", kind=type(data).__name__)
    found = book.find_many(texts)
    coded = pd.DataFrame({tid: found[:, k] for k, tid in enumerate(book.ids)}, index=texts.index)
    # One label per distinct combination of themes (a combination as one number).
    if found.shape[1] < 63:
        combination = found.astype(np.int64) @ (np.int64(1) << np.arange(found.shape[1]))
    else:
        combination = [bytes(row) for row in np.packbits(found, axis=1)]
    which, _ = pd.factorize(combination)
    first = pd.Series(which).drop_duplicates().index  # one row of each, in code order
    labels = np.array([";".join(t for t, on in zip(book.ids, found[i]) if on) for i in first],
                      dtype=object)
    coded["chu_de_ma_hoa"] = labels[which].tolist()
    return coded if base is None else pd.concat([base, coded], axis=1)


def themes_of(value) -> frozenset[str]:
    """A ";"-joined list of themes as a set; blank or missing is the empty set.

    >>> sorted(themes_of("thu-tuc; thieu-thuoc"))
    ['thieu-thuoc', 'thu-tuc']
    """
    if isinstance(value, (set, frozenset, list, tuple)):
        return frozenset(value)
    if not isinstance(value, str):
        return frozenset()
    return frozenset(p.strip() for p in value.split(";") if p.strip())


# --- agreement between coders ------------------------------------------------------------

@dataclass(frozen=True)
class Kappa:
    """Cohen's kappa of two coders: overall, per label (or theme), and the raw agreement.

    A kappa is ``nan`` when chance agreement is 1 (both coders gave everyone the same
    label): it is then undefined.
    """

    overall: float
    per_label: dict
    agreement: float  # observed share of agreeing decisions
    n: int


def _kappa(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(kappa, observed agreement) of two label arrays."""
    labels = np.union1d(a, b)
    po = float(np.mean(a == b))
    pe = float(sum(np.mean(a == x) * np.mean(b == x) for x in labels))
    return ((po - pe) / (1 - pe) if pe < 1 else math.nan), po


def _theme_table(sets: list[frozenset], themes: list[str]) -> np.ndarray:
    """Row i, column j: whether themes[j] is in sets[i]; worked out once per distinct set."""
    index: dict[frozenset, int] = {}
    codes = np.fromiter((index.setdefault(s, len(index)) for s in sets), dtype=np.intp,
                        count=len(sets))
    member = np.array([[t in s for t in themes] for s in index], dtype=bool)
    return member.reshape(len(index), len(themes))[codes]


def cohen_kappa(coder_a, coder_b, multi: bool | None = None) -> Kappa:
    """How much two coders agree beyond chance: κ = (pₒ − pₑ) / (1 − pₑ).

    One label per item (strings): the usual kappa, and one-against-the-rest per label.
    A set of themes per item (sets, or ";"-joined strings with ``multi=True``): each
    theme is a yes/no decision per item; ``per_label`` has each theme's kappa and
    ``overall`` pools the yes/no decisions of all themes (pooled kappa).

    The example of Wikipedia's article: 50 proposals, 20 both yes, 15 both no, 5 and 10
    split; agreement 0.7, chance 0.5:

    >>> a = ["có"] * 25 + ["không"] * 25
    >>> b = ["có"] * 20 + ["không"] * 5 + ["có"] * 10 + ["không"] * 15
    >>> k = cohen_kappa(a, b)
    >>> round(k.overall, 4), k.agreement
    (0.4, 0.7)
    """
    a, b = list(coder_a), list(coder_b)
    if len(a) != len(b):
        raise KitError("analysis.error.coders_length", a=len(a), b=len(b))
    if not a:
        raise KitError("analysis.error.empty", what="mã hóa")
    set_like = (set, frozenset, list, tuple)
    if multi is None:
        multi = isinstance(a[0], set_like)

    def fits(kind: type) -> bool:
        if multi:
            return issubclass(kind, (*set_like, str, type(None)))
        return issubclass(kind, (str, int, np.integer)) and not issubclass(kind, bool)

    if not all(fits(kind) for kind in set(map(type, a + b))):  # one test per type of item
        bad = next(i for i, v in enumerate(a + b) if not fits(type(v)))
        raise KitError("analysis.error.coders_mixed", item=bad % len(a) + 1)
    if not multi:
        x, y = np.array(a, dtype=object), np.array(b, dtype=object)
        overall, po = _kappa(x, y)
        per = {lab: _kappa(x == lab, y == lab)[0] for lab in sorted(set(a) | set(b), key=str)}
        return Kappa(overall, per, po, len(a))
    read: dict[str, frozenset] = {}  # ";"-joined labels repeat: each is split once

    def sets(values) -> list[frozenset]:
        return [(read[v] if v in read else read.setdefault(v, themes_of(v)))
                if isinstance(v, str) else themes_of(v) for v in values]

    sa, sb = sets(a), sets(b)
    themes = sorted(set().union(*{*sa, *sb}))
    xa, xb = _theme_table(sa, themes), _theme_table(sb, themes)
    per, xs, ys = {}, [], []
    for j, t in enumerate(themes):
        x, y = xa[:, j], xb[:, j]
        per[t] = _kappa(x, y)[0]
        xs.append(x), ys.append(y)
    if not themes:
        return Kappa(math.nan, {}, 1.0, len(a))
    overall, po = _kappa(np.concatenate(xs), np.concatenate(ys))
    return Kappa(overall, per, po, len(a))
