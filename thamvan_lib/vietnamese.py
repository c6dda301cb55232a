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
  two strong words of two or more characters, or one whose reading is a common
  syllable (``content/encodings/syllables.txt``) or a Đ acronym such as §BQH. In a
  converted run ambiguous words are converted too ("c¸c bé phËn" -> "các bộ phận"),
  except a common word whose legacy reading is not common ("phòng", not "phũng").
* Over-conversion (Unicode text run through a TCVN3 converter: "cỏc" for "các") is
  undone per line: a word whose letters map back to the Latin-1 letters it came from
  is repaired when it is not a valid syllable and the original is ("cỏc" -> "các"),
  and, only on a line that has such a sure case, when it is a rare syllable whose
  original is common ("cỏn" -> "cán", "thụng" -> "thông"). Common words ("cỏ", "bộ",
  "vụ") and lines without a sure case are never touched.
"""

from __future__ import annotations

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
