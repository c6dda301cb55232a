"""Where a consultation's data lives and what its columns mean.

A dataset folder (the kit's is ``datasets/tham-van-kcb``, under ``locations.datasets()``)
holds the files an office gathers, always under the same names:

* ``phieu-hoi.csv``        questionnaire answers, one row per form (``Survey`` says what
                           its columns mean);
* ``thu-cong-dan.csv``     the citizens' letters, one row per letter, and the letters
                           themselves in ``thu-cong-dan/``;
* ``phong-van.csv``        notes of interviews with key informants;
* ``dan-so-xa.csv``        commune populations, for weighting;
* ``bien-ban/``            per conference N: the verbatim transcript
                           (``hoi-nghi-N-nguyen-van.csv``), the opinion units
                           (``hoi-nghi-N-y-kien.csv``) and the structured minutes
                           (``hoi-nghi-N-bien-ban.json``);
* ``DATA_DICTIONARY.md``   every file and column, in Vietnamese and English.

Every reader here reads a file the same way (text cells, blanks kept as ""), so a table
means the same whichever tool opened it. ``Dataset`` joins a folder with the meaning of
its questionnaire (``Survey``) and the contents of the draft discussed at its
conferences: the analysis takes its defaults from it (``KIT``, the Sơn Hà survey, unless
told otherwise), and ``datagen`` writes the kit's data through it. A real office's
questionnaire with the same layout and other questions is described by another
``Survey``.

>>> KIT.survey.questions[:2], KIT.folder.name
(('hl_tram_y_te', 'de_thu_tuc'), 'tham-van-kcb')
>>> len(read_units()), sorted(set(read_units()["hoi_nghi"]))
(90, ['1', '2'])
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import KitError
from .locations import datasets
from .vietnamese import read_text

if TYPE_CHECKING:  # pandas is imported where a table is read: a page that reads none opens ~0.5 s sooner
    import pandas as pd

KIT_NAME = "tham-van-kcb"
QUESTIONNAIRE_FILE = "phieu-hoi.csv"
LETTERS_FILE = "thu-cong-dan.csv"
LETTERS_FOLDER = "thu-cong-dan"
INTERVIEWS_FILE = "phong-van.csv"
POPULATIONS_FILE = "dan-so-xa.csv"
CONFERENCES_FOLDER = "bien-ban"
DICTIONARY_FILE = "DATA_DICTIONARY.md"
_CONFERENCE_FILE = re.compile(r"hoi-nghi-(\d+)-bien-ban\.json")

# --- what the columns mean ----------------------------------------------------------

STANCES = ("đồng tình", "không đồng tình", "đề xuất")   # lap_truong of an opinion unit


@dataclass(frozen=True)
class Survey:
    """What the columns of a questionnaire file mean.

    ``scales`` are the one-answer questions whose answers must be one of a list (in
    order); ``multi`` the questions answered with several options joined by ";";
    ``orders`` every list of answers whose order a table follows (others are sorted by
    frequency); ``ranges`` the numbers and their possible values; ``communes`` the
    official commune names that cleaning matches misspellings to.
    """

    columns: tuple[str, ...]
    communes: tuple[str, ...] = ()
    ranges: Mapping[str, tuple] = field(default_factory=dict)
    scales: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    multi: tuple[str, ...] = ()
    orders: tuple[tuple[str, ...], ...] = ()
    questions: tuple[str, ...] = ()     # closed questions, shown first and by name
    reported: tuple[str, ...] = ()      # the questions a synthesis report tabulates
    groups: tuple[str, ...] = ()        # columns that split respondents into groups
    not_questions: tuple[str, ...] = ()  # ids, dates, numbers and free text
    id_column: str = "ma_phieu"
    commune_column: str = "xa_phuong"


@dataclass(frozen=True)
class Dataset:
    """A dataset folder and what its files mean."""

    folder: Path
    survey: Survey
    topics: tuple[str, ...] = ()        # the contents of the draft, in the draft's order
    stances: tuple[str, ...] = STANCES


# The Sơn Hà consultation on healthcare for the poor (``datagen`` writes it).
GENDERS = ("Nam", "Nữ")
AGE_GROUPS = ("18-29", "30-44", "45-59", "60 trở lên")
AGE_RANGE = (18, 100)
HOUSEHOLD = ("nghèo", "cận nghèo", "không")
CARD = ("có", "không")
LIKERT = {
    "hl_tram_y_te": ("Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng",
                     "Rất hài lòng"),
    "de_thu_tuc": ("Rất khó", "Khó", "Bình thường", "Dễ", "Rất dễ"),
    "du_thuoc": ("Không bao giờ đủ", "Hiếm khi đủ", "Thỉnh thoảng đủ", "Thường đủ", "Luôn đủ"),
}
BARRIERS = ("Chi phí đi lại", "Thiếu thuốc", "Thủ tục phức tạp", "Khoảng cách xa",
            "Bất đồng ngôn ngữ", "Phải chờ lâu", "Không có khó khăn")
MULTI_COLUMNS = ("kho_khan",)
QUESTIONNAIRE_COLUMNS = ("ma_phieu", "xa_phuong", "ngay_khao_sat", "gioi_tinh", "tuoi",
                         "nhom_tuoi", "dan_toc", "ho_gia_dinh", "the_bhyt", *LIKERT,
                         "kho_khan", "y_kien")
COMMUNES = ("Phường Sơn Hà", "Phường Bình Minh", "Phường Đông Tiến", "Xã Tân Phú", "Xã An Bình",
            "Xã Mường Lọng", "Xã Nậm Khê", "Xã Phìn Sáng", "Xã Vĩnh Thạnh", "Đặc khu Hòn Ngọc")
TOPICS = ("Đối tượng hỗ trợ", "Mức hỗ trợ tiền đi lại", "Hỗ trợ tiền ăn",
          "Thủ tục thanh toán", "Thuốc tại trạm y tế")

KIT = Dataset(
    folder=datasets() / KIT_NAME,
    survey=Survey(
        columns=QUESTIONNAIRE_COLUMNS, communes=COMMUNES, ranges={"tuoi": AGE_RANGE},
        scales=LIKERT, multi=MULTI_COLUMNS,
        orders=(*LIKERT.values(), BARRIERS, AGE_GROUPS, HOUSEHOLD, GENDERS, CARD, STANCES),
        questions=("hl_tram_y_te", "de_thu_tuc", "du_thuoc", "kho_khan", "the_bhyt"),
        reported=("hl_tram_y_te", "de_thu_tuc", "du_thuoc", "kho_khan"),
        groups=("gioi_tinh", "dan_toc", "ho_gia_dinh", "xa_phuong", "nhom_tuoi"),
        not_questions=("ma_phieu", "ngay_khao_sat", "tuoi", "y_kien")),
    topics=TOPICS)


# --- where the files are ------------------------------------------------------------

def folder_of(folder: Path | str | None) -> Path:
    """``folder``, or the kit's dataset folder when none is given."""
    return Path(folder) if folder else KIT.folder


def transcript_path(number: int, folder: Path | str | None = None) -> Path:
    return folder_of(folder) / CONFERENCES_FOLDER / f"hoi-nghi-{number}-nguyen-van.csv"


def units_path(number: int, folder: Path | str | None = None) -> Path:
    return folder_of(folder) / CONFERENCES_FOLDER / f"hoi-nghi-{number}-y-kien.csv"


def minutes_path(number: int, folder: Path | str | None = None) -> Path:
    return folder_of(folder) / CONFERENCES_FOLDER / f"hoi-nghi-{number}-bien-ban.json"


def conferences(folder: Path | str | None = None) -> list[int]:
    """The numbers of the conferences with structured minutes in the folder, in order.

    >>> conferences()
    [1, 2]
    """
    found = (_CONFERENCE_FILE.fullmatch(p.name)
             for p in (folder_of(folder) / CONFERENCES_FOLDER).glob("*.json"))
    return sorted(int(m.group(1)) for m in found if m)


def existing(path: Path) -> Path:
    """``path``, or a ``KitError`` naming it when it is not there."""
    if not path.exists():
        raise KitError("reports.error.no_file", path=str(path))
    return path


# --- reading ------------------------------------------------------------------------

def read_table(path: Path | str) -> pd.DataFrame:
    """A CSV file of the dataset as text cells, blanks kept as ""."""
    import pandas as pd

    return pd.read_csv(existing(Path(path)), dtype=str, keep_default_na=False)


def read_questionnaire(folder: Path | str | None = None) -> pd.DataFrame:
    """``phieu-hoi.csv`` as written: text cells, blank cells missing (for ``clean``)."""
    import pandas as pd

    return pd.read_csv(existing(folder_of(folder) / QUESTIONNAIRE_FILE), dtype=str,
                       keep_default_na=False, na_values=[""])


def read_populations(folder: Path | str | None = None) -> pd.DataFrame:
    """``dan-so-xa.csv``, its counts as numbers."""
    import pandas as pd

    return pd.read_csv(existing(folder_of(folder) / POPULATIONS_FILE))


def read_interviews(folder: Path | str | None = None) -> pd.DataFrame:
    return read_table(folder_of(folder) / INTERVIEWS_FILE)


def read_letter_index(folder: Path | str | None = None) -> pd.DataFrame:
    """``thu-cong-dan.csv``: one row per letter, its file in ``tep`` (the text is not read)."""
    return read_table(folder_of(folder) / LETTERS_FILE)


def read_letters(folder: Path | str | None = None) -> pd.DataFrame:
    """``thu-cong-dan.csv`` with each letter's text (``noi_dung``), decoded whatever its
    encoding, and the encoding found (``ma_hoa_doc_duoc``)."""
    folder = folder_of(folder)
    index = read_letter_index(folder)
    decoded = [read_text((folder / f).read_bytes()) for f in index["tep"]]
    return index.assign(noi_dung=[t for t, _ in decoded],
                        ma_hoa_doc_duoc=[e for _, e in decoded])


def read_units(folder: Path | str | None = None, number: int | None = None) -> pd.DataFrame | None:
    """The opinion units of conference ``number``, or of every conference put together
    (None when the folder has none)."""
    if number is not None:
        return read_table(units_path(number, folder))
    import pandas as pd

    files = sorted((folder_of(folder) / CONFERENCES_FOLDER).glob("hoi-nghi-*-y-kien.csv"))
    return pd.concat([read_table(p) for p in files], ignore_index=True) if files else None


def read_minutes(number: int, folder: Path | str | None = None) -> dict:
    """The structured minutes of conference ``number`` (``hoi-nghi-N-bien-ban.json``)."""
    return json.loads(existing(minutes_path(number, folder)).read_text(encoding="utf-8"))
