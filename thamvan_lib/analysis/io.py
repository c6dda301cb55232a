"""Reading a questionnaire file an office uploads, in any encoding offices meet."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable

import pandas as pd

from ..dataset import KIT
from ..errors import KitError
from ..vietnamese import detect_encoding, read_text

REQUIRED_COLUMNS = (KIT.survey.id_column, KIT.survey.commune_column)
# A questionnaire has dozens of columns; thousands are a wrong separator or an attack on
# the kernel (a file of commas took minutes to parse and its error listed every column).
MAX_COLUMNS = 500
SHOWN_COLUMNS = 20
SNIFF_BYTES = 65_536


def load_questionnaire_file(data: bytes, max_bytes: int = 20_000_000,
                            required: Iterable[str] = REQUIRED_COLUMNS) -> pd.DataFrame:
    """An uploaded questionnaire CSV as a table of text cells (blank cells missing).

    Reads UTF-8 (with or without BOM), UTF-16, CP1258 and the legacy TCVN3/VNI fonts
    (``vietnamese.read_text``); the separator may be ",", ";" or a tab. Refuses, with a
    Vietnamese and English reason, what is not bytes, empty, larger than ``max_bytes``,
    not a table, or lacks a ``required`` column.

    >>> load_questionnaire_file("ma_phieu;xa_phuong\\nSH-1;Xã Tân Phú\\n".encode("utf-16"))
      ma_phieu   xa_phuong
    0     SH-1  Xã Tân Phú
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise KitError("analysis.load.not_bytes", kind=type(data).__name__)
    data = bytes(data)
    if not data.strip():
        raise KitError("analysis.load.empty")
    if len(data) > max_bytes:
        raise KitError("analysis.load.too_large", size=f"{len(data):,}", limit=f"{max_bytes:,}")
    sample = data[:SNIFF_BYTES]
    if b"\x00" in sample and detect_encoding(sample) != "utf-16":
        raise KitError("analysis.load.binary")
    first_line = sample.split(b"\n", 1)[0]
    if max(first_line.count(sep) for sep in (b",", b";", b"\t")) >= MAX_COLUMNS or (
            len(first_line) == len(sample) == SNIFF_BYTES):
        raise KitError("analysis.load.too_many_columns", limit=MAX_COLUMNS)
    try:
        text, _ = read_text(data)
    except KitError:
        raise
    except Exception as err:  # any decoding failure is the file's fault
        raise KitError("analysis.load.unreadable", detail=type(err).__name__) from None
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise KitError("analysis.load.empty")
    header = text.split("\n", 1)[0]
    sep = max((",", ";", "\t"), key=header.count)
    if header.count(sep) >= MAX_COLUMNS:  # UTF-16 headers are counted once decoded
        raise KitError("analysis.load.too_many_columns", limit=MAX_COLUMNS)
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                         na_values=[""], skip_blank_lines=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError) as err:
        raise KitError("analysis.load.not_csv", detail=str(err).strip().splitlines()[0][:120]) \
            from None
    df.columns = [unicodedata.normalize("NFC", str(c)).strip() for c in df.columns]
    missing = [c for c in required if c not in df.columns]
    if missing:
        shown = list(df.columns[:SHOWN_COLUMNS]) + (["…"] if len(df.columns) > SHOWN_COLUMNS else [])
        raise KitError("analysis.load.missing_columns", columns=", ".join(missing),
                       present=", ".join(shown) or "—")
    if df.empty:
        raise KitError("analysis.load.empty")
    return df
