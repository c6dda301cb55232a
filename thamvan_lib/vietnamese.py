"""Vietnamese text helpers: NFC normalisation and diacritic folding for search."""

from __future__ import annotations

import re
import unicodedata

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
