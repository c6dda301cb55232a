"""Conference minutes: transcripts, opinion units, structured minutes and their statistics.

At a conference the minute-taker writes what was said; the office then cuts it into
opinion units (one speaker, one content of the draft, one stance: ``hoi-nghi-N-y-kien.csv``)
and keeps structured minutes (``hoi-nghi-N-bien-ban.json``) whose statistics table counts
the opinions per content, group and stance. This module reads them
(``load_conference``), checks the minutes (``check_minutes``), counts the units
(``minutes_statistics``) and checks that both counts agree (``compare_statistics``);
``point_of`` gives the words of a unit without the speaker's lead-in. The transcripts of
the graded exercises (``content/exercises/``) are read by ``load_transcript`` and
printed by ``show_transcript`` and ``show_minutes``.

>>> minutes, units = load_conference(1)
>>> table = minutes_statistics(units)
>>> compare_statistics(minutes_table(minutes), table)
>>> int(table["tong"].sum()) == minutes["so_y_kien"]
True
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .analysis.frames import require_frame
from .content import load_kind
from .dataset import KIT, STANCES, existing, read_minutes, read_units
from .errors import KitError
from .i18n import in_languages
from .roleplay.loading import load_personas

MINUTES_KEYS = ("hoi_nghi", "ten", "dia_diem", "thoi_gian", "chu_tri", "thu_ky", "thanh_phan",
                "so_y_kien", "y_kien_theo_chu_de_va_nhom")


# --- a conference's files -------------------------------------------------------------

def load_conference(number: int, folder: Path | str | None = None) -> tuple[dict, pd.DataFrame]:
    """The structured minutes (a dict) and the opinion units of conference ``number``."""
    return read_minutes(number, folder), read_units(folder, number)


def check_minutes(minutes) -> dict:
    """Structured minutes (a dict, or the path of the JSON file) with every key a report
    needs, or a ``KitError`` naming what is missing."""
    if isinstance(minutes, (str, Path)):
        path = existing(Path(minutes))
        try:
            minutes = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise KitError("reports.error.bad_minutes", missing="JSON") from None
    if not isinstance(minutes, Mapping):
        raise KitError("reports.error.bad_minutes", missing=", ".join(MINUTES_KEYS))
    missing = [k for k in MINUTES_KEYS if k not in minutes]
    if missing:
        raise KitError("reports.error.bad_minutes", missing=", ".join(missing))
    return dict(minutes)


# --- statistics -----------------------------------------------------------------------

def _in_draft_order(table: pd.DataFrame, by: list[str], topics: tuple[str, ...]) -> pd.DataFrame:
    order = {t: i for i, t in enumerate(topics)}
    return table.sort_values(by, key=lambda s: s.map(order).fillna(len(order))
                             if s.name == "chu_de" else s, kind="stable")


def minutes_statistics(units: pd.DataFrame, by=("chu_de", "nhom"),
                       topics: tuple[str, ...] = KIT.topics) -> pd.DataFrame:
    """Opinions per topic and group: how many agree, disagree, propose, and in all.

    ``units`` are opinion units (``hoi-nghi-N-y-kien.csv``), of one or several
    conferences put together; add ``"hoi_nghi"`` to ``by`` to keep conferences apart.
    These are counts of what was said, not shares of a population. Topics come in the
    order of ``topics`` (the draft's contents), then any other.
    """
    by = [by] if isinstance(by, str) else list(by)
    require_frame(units, "ý kiến hội nghị", [*by, "lap_truong"])
    stance = units["lap_truong"].astype(str).str.strip()
    unknown = sorted(set(stance) - set(STANCES))
    if unknown:
        raise KitError("analysis.error.unknown_stance", value=unknown[0],
                       allowed=", ".join(STANCES))
    table = pd.crosstab([units[c] for c in by], stance).reindex(columns=list(STANCES),
                                                                fill_value=0)
    table["tong"] = table.sum(axis=1)
    table = table.reset_index()
    table.columns.name = None
    if "chu_de" in by:
        table = _in_draft_order(table, by, topics)
    return table.reset_index(drop=True)


def minutes_table(minutes: dict, topics: tuple[str, ...] = KIT.topics) -> pd.DataFrame:
    """The statistics table of checked structured minutes, in ``minutes_statistics``'s shape."""
    rows = minutes["y_kien_theo_chu_de_va_nhom"]
    if not isinstance(rows, list) or not rows:
        raise KitError("reports.error.bad_minutes", missing="y_kien_theo_chu_de_va_nhom")
    table = pd.DataFrame(rows)
    needed = ["chu_de", "nhom", *STANCES, "tong"]
    if not set(needed) <= set(table.columns):
        raise KitError("reports.error.bad_minutes", missing=", ".join(c for c in needed
                                                                      if c not in table.columns))
    table = table[needed].astype({s: int for s in (*STANCES, "tong")})
    return _in_draft_order(table, ["chu_de", "nhom"], topics).reset_index(drop=True)


def compare_statistics(from_minutes: pd.DataFrame, from_units: pd.DataFrame) -> None:
    """Nothing when the minutes' table and the units' counts agree; else a ``KitError``
    naming the first cell that differs."""
    keys = ["chu_de", "nhom"]
    merged = from_minutes.merge(from_units, on=keys, how="outer",
                                suffixes=("_bb", "_yk")).fillna(0)
    for _, row in merged.iterrows():
        for column in (*STANCES, "tong"):
            a, b = int(row[f"{column}_bb"]), int(row[f"{column}_yk"])
            if a != b:
                raise KitError("reports.error.minutes_mismatch", topic=row["chu_de"],
                               group=row["nhom"], column=column, minutes=a, units=b)


# --- opinion units ----------------------------------------------------------------------

_LEAD = r"^(?:thứ [^,]+,\s*)?(?:còn\s+)?về\s+{topic}\s*(?:,|thì)\s*"


def point_of(text: str, topic: str) -> str:
    """The words of an opinion unit without the speaker's lead-in ("Thứ hai, về …, ").

    >>> point_of("Thứ hai, về hỗ trợ tiền ăn, đề nghị hỗ trợ cả người nhà.", "Hỗ trợ tiền ăn")
    'Đề nghị hỗ trợ cả người nhà.'
    >>> point_of("Còn về thủ tục thanh toán thì nên làm gọn.", "Thủ tục thanh toán")
    'Nên làm gọn.'
    """
    pattern = _LEAD.format(topic=r"\s+".join(map(re.escape, topic.lower().split())))
    bare = re.sub(pattern, "", text.strip(), count=1, flags=re.IGNORECASE)
    return bare[:1].upper() + bare[1:]


# --- the exercises' transcripts ---------------------------------------------------------

def load_transcript(name: str, root: Path | str | None = None) -> dict:
    """A transcript of ``content/exercises/`` (``<name>.yaml``) with every turn numbered and
    its speaker's name and group filled in from the role-play personas.

    >>> t = load_transcript("dieu-hanh-transcript")
    >>> t["turns"][0]["number"], t["turns"][0]["speaker_name"]["vi"] != ""
    (1, True)
    """
    data = load_kind("transcript", root, name=name).model_dump(exclude_none=True)
    personas = load_personas(root)
    people = {p.id: p for p in personas.personas}
    groups = {g.id: g for g in personas.groups}
    extra = data.get("speakers", {})
    for n, turn in enumerate(data["turns"], 1):
        turn["number"] = n
        who = turn["speaker"]
        if who in people:
            turn["speaker_name"] = in_languages(people[who].name)
            turn["group"] = people[who].group
        else:
            turn["speaker_name"] = in_languages(extra[who]["name"])
            turn["group"] = extra[who]["group"]
        turn["group_name"] = in_languages(groups[turn["group"]].name)
    return data


def show_transcript(data: Mapping, lang: str = "vi", english: bool = True, numbers: bool = True) -> None:
    """Print a transcript, one turn a paragraph: number, speaker, group, words (and the English)."""
    print(f"{in_languages(data.get('title'))[lang]}\n")
    if data.get("setting"):
        print(textwrap.fill(in_languages(data["setting"])[lang], 100) + "\n")
    for turn in data["turns"]:
        head = f"[{turn['number']}] " if numbers else ""
        head += f"{turn['speaker_name'][lang]} ({turn['group_name'][lang]}):"
        print(head)
        print(textwrap.fill(in_languages(turn["text"])[lang], 96, initial_indent="    ", subsequent_indent="    "))
        if english and lang == "vi":
            print(textwrap.fill("(" + in_languages(turn["text"])["en"] + ")", 96, initial_indent="    ",
                                subsequent_indent="    "))
        print()


def show_minutes(data: Mapping, lang: str = "vi", english: bool = True) -> None:
    """Print the structured minutes of a transcript file, one numbered line each."""
    minutes = data["minutes"]
    print(f"{in_languages(minutes.get('title'))[lang]}\n")
    for n, line in enumerate(minutes["lines"], 1):
        text = in_languages(line)
        print(textwrap.fill(f"Dòng {n:>2}. {text[lang]}" if lang == "vi" else f"Line {n:>2}. {text[lang]}", 100,
                            subsequent_indent="          "))
        if english and lang == "vi":
            print(textwrap.fill(f"({text['en']})", 100, initial_indent="          ",
                                subsequent_indent="          "))
    print()
