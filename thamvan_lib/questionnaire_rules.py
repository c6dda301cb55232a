"""The word lists of the questionnaire checks, and how their phrases are found in a text.

``content/questionnaire/rules.yaml`` lists the leading phrases, the jargon with its plain
wording, the scale words and the "Không biết" / "Khác" wordings; a trainer may edit it.
``load_rules`` reads it (again when it changes) into ``Rules``, whose ``Phrase``\\ s
``find`` locates in a text the way a reader would:

* a text is cut into words (syllables and abbreviations such as KT-XH), and the
  punctuation between words is ignored, so "ông/bà" matches "ông bà";
* "…" in a phrase stands for 1 to ``MAX_GAP`` words;
* a word typed without diacritics matches the listed word, but a word with diacritics
  must carry the listed ones ("tuyên" is not "tuyến"); a word listed in capitals
  ("BHYT") matches only in capitals.

>>> text = "Ông/bà có đồng ý rằng trạm y tế xã phục vụ tốt, đúng không?"
>>> words = tokenize(text)
>>> for phrase in (Phrase.of("có đồng ý rằng"), Phrase.of("y tế … tốt"), Phrase.of("đúng không", at_end=True)):
...     print([span(text, words, i, j) for i, j in find(phrase, words, text)])
['có đồng ý rằng']
['y tế xã phục vụ tốt']
['đúng không']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .content import ContentError, load_kind
from .schema.questionnaire import GAP_SPLIT, WORD, RulesFile, words
from .vietnamese import fold

RULES_FILE = "questionnaire/rules.yaml"

# --- words and phrases ------------------------------------------------------
# Text is cut into words (syllables and abbreviations such as KT-XH); punctuation between
# words is ignored when a phrase is matched, so "ông/bà" matches "ông bà".

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền sắc ngã hỏi nặng
MAX_GAP = 12      # "…" in a phrase stands for 1 to 12 words
GAP = None


@dataclass(frozen=True)
class Token:
    """A word of a text and where it stands in it."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """The words of a text, punctuation left out.

    >>> [t.text for t in tokenize("Ông/bà có thẻ BHYT không?")]
    ['Ông', 'bà', 'có', 'thẻ', 'BHYT', 'không']
    """
    return [Token(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]


def _marked(word: str) -> bool:
    """True when the word carries a diacritic (đ counts): "tuyến", "HĐND"; not "tuyen"."""
    return fold(word) != word.lower()


def _shape(word: str) -> tuple[str, str]:
    """Letters and tone apart, so "hoà" and "hòa", "Uỷ" and "Ủy" (old and new accent place) agree."""
    parts = unicodedata.normalize("NFD", word.lower())
    letters = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
    return letters, "".join(sorted(c for c in parts if c in _TONES))


def same_word(token: str, word: str, caps: bool) -> bool:
    """Does a word of the text match a listed word?

    Folding alone would make "tuyên" (tuyên truyền) match "tuyến" and "khắc" match
    "khác". So folding only decides for words typed without diacritics; a word with
    diacritics must have the listed ones.
    """
    if fold(token) != fold(word):
        return False
    if caps and token != token.upper():
        return False  # "BHYT" is listed in capitals: "tv" in a sentence is not "TV"
    return not _marked(token) or _shape(token) == _shape(word)


@dataclass(frozen=True)
class Phrase:
    """A phrase of a word list, ready to match: its words, "…" as ``GAP``, and whether it
    must end a sentence ("đúng không?")."""

    text: str
    words: tuple  # (word, caps) pairs, GAP for "…"
    at_end: bool = False

    @classmethod
    def of(cls, text: str, at_end: bool = False) -> Phrase:
        found: list = []
        for n, part in enumerate(GAP_SPLIT.split(text)):
            if n:
                found.append(GAP)
            found += [(w, w.isupper()) for w in words(part)]
        return cls(text, tuple(found), at_end)


def match(words: tuple, tokens: list[Token], i: int, text: str, at_end: bool) -> int | None:
    """Where a match of ``words`` starting at token ``i`` ends, or None."""
    if not words:
        return i if not at_end or _sentence_ends(tokens, i, text) else None
    head, rest = words[0], words[1:]
    if head is GAP:
        for k in range(i + 1, min(i + MAX_GAP, len(tokens)) + 1):
            end = match(rest, tokens, k, text, at_end)
            if end is not None:
                return end
        return None
    if i < len(tokens) and same_word(tokens[i].text, *head):
        return match(rest, tokens, i + 1, text, at_end)
    return None


def _sentence_ends(tokens: list[Token], i: int, text: str) -> bool:
    if i >= len(tokens):
        return True
    return any(c in text[tokens[i - 1].end:tokens[i].start] for c in "?.!")


def find(phrase: Phrase, tokens: list[Token], text: str) -> list[tuple[int, int]]:
    """Non-overlapping matches as (first token, token after the last)."""
    found, i = [], 0
    while i < len(tokens):
        end = match(phrase.words, tokens, i, text, phrase.at_end)
        if end is None:
            i += 1
        else:
            found.append((i, end))
            i = end
    return found


def says(tokens: list[Token], phrase: Phrase) -> bool:
    """The tokens say exactly the phrase."""
    return bool(tokens) and match(phrase.words, tokens, 0, "", False) == len(tokens)


def span(text: str, tokens: list[Token], i: int, j: int) -> str:
    return text[tokens[i].start:tokens[j - 1].end]


# Abbreviation: capitals that do not spell one Vietnamese syllable (onset, vowels, coda).
# "KHÔNG" written in capitals for emphasis is a syllable; "BHYT", "UBND", "TV" are not.
_SYLLABLE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]+"
                       r"(ng|nh|ch|[cmnpt])?$")


def is_abbreviation(word: str) -> bool:
    parts = word.split("-")
    if not all(p.isalpha() and p == p.upper() for p in parts):
        return False  # "COVID-19", "Hà" …
    return any(len(p) >= 2 and not _SYLLABLE.match(fold(p)) for p in parts)


class Rules:
    """The word lists of rules.yaml, compiled for matching."""

    def __init__(self, data: RulesFile):
        self.data = data
        self.max_words = data.limits.max_words
        self.leading = [(g, Phrase.of(p, g.at_end)) for g in data.leading for p in g.phrases]
        self.jargon = [(t, Phrase.of(t.term)) for t in data.jargon]
        self.known_abbreviations = {fold(a) for a in data.known_abbreviations}
        db = data.double_barrelled
        self.joiners = [Phrase.of(p) for p in db.joiners]
        self.fixed_pairs = [Phrase.of(p) for p in db.fixed_pairs]
        self.comparison_cues = [Phrase.of(p) for p in db.comparison_cues]
        self.clause_starters = [Phrase.of(p) for p in db.clause_starters]
        self.boundaries = [Phrase.of(p) for p in db.boundaries]
        sc = data.scale
        self.positive = [Phrase.of(p) for p in sc.positive]
        self.negative = [Phrase.of(p) for p in sc.negative]
        self.neutral = [Phrase.of(p) for p in sc.neutral]
        # Longest first, so "không hề" is taken before "không".
        self.negations = sorted((Phrase.of(p) for p in sc.negations), key=lambda p: -len(p.words))
        self.intensifiers = sorted((Phrase.of(p) for p in sc.intensifiers),
                                   key=lambda p: -len(p.words))
        self.dont_know = [Phrase.of(p) for p in data.dont_know]
        self.other = [Phrase.of(p) for p in data.other]
        self.yes_no = [Phrase.of(p) for p in data.yes_no]


def load_rules(path: Path | str | None = None) -> Rules:
    """The checks' word lists, from a content folder (``THAMVAN_CONTENT`` or the kit's) or a file.

    A broken file raises ``ContentError`` naming the file, the item and the field. The
    file is read again when it changes, so a trainer's edit shows at the next check.
    """
    return load_kind("questionnaire_rules", path, build=checked_rules)


def checked_rules(data: RulesFile) -> Rules:
    """The rules, once no jargon term is listed twice (diacritics and case aside) and no
    leading group id repeats: what the file's model alone cannot see."""
    seen = set()
    for term in data.jargon:
        if fold(term.term) in seen:
            raise ContentError(RULES_FILE, "-", "jargon", f"thuật ngữ “{term.term}” có hai lần",
                               f"the term '{term.term}' is listed twice")
        seen.add(fold(term.term))
    ids = [group.id for group in data.leading]
    if len(set(ids)) != len(ids):
        raise ContentError(RULES_FILE, "-", "leading", "mã nhóm câu dẫn dắt bị trùng",
                           "leading group ids repeat")
    return Rules(data)
