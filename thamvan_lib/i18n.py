"""Numbers, dates and the reader's language, written the way each language writes them.

Vietnamese groups thousands with dots and uses a decimal comma (1.422,6); English does
the opposite (1,422.6). Every view, document and message formats through here, so a
number reads the same on a dashboard, in a Word file and in a grader's feedback.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Mapping

LANGUAGES = ("vi", "en")
BLANK = "…"


def language() -> str:
    """The reader's language: ``THAMVAN_LANG`` (vi or en), Vietnamese by default."""
    lang = os.environ.get("THAMVAN_LANG", "vi").lower()[:2]
    return lang if lang in LANGUAGES else "vi"


def pick(lang: str | None) -> str:
    """``lang`` when it is one of the kit's languages, else the reader's default.

    >>> pick("en"), pick("fr")
    ('en', 'vi')
    """
    lang = lang or language()
    return lang if lang in LANGUAGES else "vi"


def decimal(value: float, digits: int, lang: str) -> str:
    """A number with ``digits`` decimals, grouped.

    >>> decimal(1422.55, 1, "vi"), decimal(1422.55, 1, "en"), decimal(3, 0, "vi")
    ('1.422,5', '1,422.5', '3')
    """
    text = f"{value:,.{digits}f}"
    if lang == "vi":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def grouped(value: int, lang: str) -> str:
    """A whole number with its thousands grouped.

    >>> grouped(185500, "vi"), grouped(185500, "en")
    ('185.500', '185,500')
    """
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "vi" else text


def short_number(value, lang: str) -> str:
    """A score or a count as people write it: at most two decimals, whole numbers bare;
    "–" for a missing value (None or NaN); anything else as it is.

    >>> short_number(2.5, "vi"), short_number(2.5, "en"), short_number(3.0, "vi")
    ('2,5', '2.5', '3')
    >>> short_number(1/3, "vi"), short_number(None, "vi"), short_number("a", "vi")
    ('0,33', '–', 'a')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "vi" else text


def money(amount: int | None, lang: str | None = None) -> str:
    """An amount in đồng, grouped the Vietnamese way (dots) or the English way (commas).

    >>> money(185500000, "vi"), money(185500000, "en"), money(None)
    ('185.500.000 đồng', '185,500,000 VND', '…')
    """
    if amount is None:
        return BLANK
    if pick(lang) == "en":
        return f"{grouped(amount, 'en')} VND"
    return f"{grouped(amount, 'vi')} đồng"


def date_text(day: dt.date | None, blank: str = BLANK) -> str:
    """A date as forms write it, in either language: dd/mm/yyyy.

    >>> date_text(dt.date(2026, 4, 8)), date_text(None)
    ('08/04/2026', '…')
    """
    return day.strftime("%d/%m/%Y") if day else blank


def long_date(iso, lang: str) -> str:
    """2026-04-08 as people write it in a sentence: 8/4/2026, or 8 April 2026.

    >>> long_date("2026-04-08", "vi"), long_date("2026-04-08", "en"), long_date("x", "vi")
    ('8/4/2026', '8 April 2026', 'x')
    """
    try:
        day = dt.date.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    return f"{day.day}/{day.month}/{day.year}" if lang == "vi" else f"{day.day} {day:%B} {day.year}"


def in_languages(value) -> dict[str, str]:
    """A text in every language: from a content text (``LocalText``), a {"vi", "en"}
    mapping (a missing language falls back to Vietnamese) or plain text (the same in all).

    >>> in_languages({"vi": "Cỡ mẫu"}), in_languages(None)["en"]
    ({'vi': 'Cỡ mẫu', 'en': 'Cỡ mẫu'}, '')
    """
    if value is None:
        return dict.fromkeys(LANGUAGES, "")
    if all(hasattr(value, lang) for lang in LANGUAGES):
        return {lang: getattr(value, lang) for lang in LANGUAGES}
    if isinstance(value, Mapping):
        return {lang: str(value.get(lang, value.get("vi", ""))) for lang in LANGUAGES}
    return dict.fromkeys(LANGUAGES, str(value))
