"""The trainer's summary of the knowledge tests and the evaluation (``pretest.ClassResults``):
a chart of the class before and after per phase (matplotlib's Agg canvas, as ``charts``), a
Word file (the kit's outline renderer) and an Excel workbook (pandas with openpyxl), one sheet
per table. Trainee names are their hub or store names; comments are printed without names.
"""

from __future__ import annotations

import io

from ..content import load
from ..i18n import pick, short_number
from ..pretest import ASPECTS, PHASES, ClassResults, load_evaluation
from .docx import docx_bytes, render
from .outline import Figure, Heading, Outline, Para, Table

FILE_NAME = "ket-qua-kiem-tra"


def _t(lang: str, key: str, **values) -> str:
    return load().message(f"pretest.summary.{key}", lang, **values)


def phase_name(phase: int, lang: str) -> str:
    return _t(lang, "all") if phase == 0 else _t(lang, "phase", phase=phase)


def gain_chart(found: ClassResults, lang: str | None = None) -> bytes | None:
    """The class's mean percentage before and after, per phase, as PNG (None before any result)."""
    lang = pick(lang)
    if found.phases is None or not len(found.phases) or not (found.pre or found.post):
        return None
    import numpy as np

    from ..charts import figure, png  # pandas and matplotlib: only once there is something to draw

    phases = found.phases[found.phases["phase"] > 0]
    fig = figure(3.6)
    ax = fig.add_subplot()
    x = np.arange(len(phases))
    for shift, column, colour, key in ((-0.2, "pre_mean", "#b0b7c3", "pre"), (0.2, "post_mean", "#3f6fa8", "post")):
        values = phases[column].astype(float).fillna(0).to_numpy()
        ax.bar(x + shift, values, width=0.4, color=colour, label=_t(lang, key))
    ax.set_xticks(x, [phase_name(int(p), lang) for p in phases["phase"]], fontfamily="DejaVu Sans")
    ax.set_ylim(0, 100)
    ax.set_ylabel(_t(lang, "percent_right"), fontfamily="DejaVu Sans")
    ax.legend(prop={"family": "DejaVu Sans", "size": "small"}, loc="upper left")
    fig.tight_layout()
    return png(fig)


def _num(value, lang: str) -> str:
    return short_number(value, lang) if value is not None and value == value else "–"


def phase_rows(found: ClassResults, lang: str) -> list[list[str]]:
    if found.phases is None:
        return []
    return [[phase_name(int(r.phase), lang), str(r.pre_count), _num(r.pre_mean, lang), str(r.post_count),
             _num(r.post_mean, lang), _num(r.gain_mean, lang)] for r in found.phases.itertuples()]


def phase_header(lang: str) -> list[str]:
    return [_t(lang, k) for k in ("col_phase", "col_pre_count", "col_pre", "col_post_count", "col_post", "col_gain")]


def trainee_rows(found: ClassResults, lang: str) -> list[list[str]]:
    """Per trainee: the whole test before, after, the gain, then the gain per phase."""
    if found.table is None:
        return []
    rows = []
    for trainee, part in found.table.groupby("trainee", sort=True):
        by = part.set_index("phase")
        rows.append([trainee, _num(by.loc[0, "pre_percent"], lang), _num(by.loc[0, "post_percent"], lang),
                     _num(by.loc[0, "gain"], lang), *(_num(by.loc[p, "gain"], lang) for p in PHASES)])
    return rows


def trainee_header(lang: str) -> list[str]:
    return [_t(lang, "col_trainee"), _t(lang, "col_pre"), _t(lang, "col_post"), _t(lang, "col_gain"),
            *(_t(lang, "col_gain_phase", phase=p) for p in PHASES)]


def rating_rows(found: ClassResults, lang: str) -> list[list[str]]:
    texts = {r.id: r.text.get(lang) for r in load_evaluation().ratings}
    if found.ratings is None:
        return []
    return [[load().message(f"pretest.aspect.{r['aspect']}", lang), texts.get(r["id"], r["id"]), str(r["count"]),
             _num(r["mean"], lang), *(str(r[str(n)]) for n in range(1, 6))]
            for _, r in found.ratings.iterrows()]


def rating_header(lang: str) -> list[str]:
    return [_t(lang, "col_aspect"), _t(lang, "col_rating"), _t(lang, "col_count"), _t(lang, "col_mean"),
            "1", "2", "3", "4", "5"]


def summary_outline(found: ClassResults, lang: str | None = None) -> Outline:
    lang = pick(lang)
    blocks: list = [Para(_t(lang, "counts", pre=len(found.pre), post=len(found.post),
                             evaluations=len(found.evaluations)))]
    blocks.append(Heading(1, _t(lang, "by_phase")))
    if found.table is None:
        blocks.append(Para(load().message("pretest.no_keys", lang)))
    else:
        blocks.append(Table(phase_header(lang), phase_rows(found, lang), numeric=(1, 2, 3, 4, 5)))
        chart = gain_chart(found, lang)
        if chart:
            blocks.append(Figure(chart, _t(lang, "chart_caption")))
        blocks.append(Heading(1, _t(lang, "by_trainee")))
        blocks.append(Table(trainee_header(lang), trainee_rows(found, lang), numeric=tuple(range(1, 9))))
    blocks.append(Heading(1, _t(lang, "evaluation")))
    means = "; ".join(f"{load().message(f'pretest.aspect.{a}', lang)}: {_num(found.aspects.get(a), lang)}"
                      for a in ASPECTS)
    blocks.append(Para(means, label=_t(lang, "aspect_means") + ": "))
    blocks.append(Table(rating_header(lang), rating_rows(found, lang), numeric=(2, 3, 4, 5, 6, 7, 8)))
    texts = {c.id: c.text.get(lang) for c in load_evaluation().comments}
    for ident, said in found.comments.items():
        blocks.append(Heading(2, texts.get(ident, ident)))
        blocks.extend(Para(text, style="bullet") for text in said or ["–"])
    return Outline(lang, _t(lang, "kind"), _t(lang, "subject"), blocks, styles=("figures",))


def summary_docx(found: ClassResults, lang: str | None = None) -> bytes:
    return docx_bytes(render(summary_outline(found, lang)))


def summary_xlsx(found: ClassResults, lang: str | None = None) -> bytes:
    """One sheet per table: the class per phase, each trainee per phase, the evaluation, comments."""
    import pandas as pd

    lang = pick(lang)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as book:
        if found.table is not None:
            pd.DataFrame(phase_rows(found, lang), columns=phase_header(lang)).to_excel(
                book, sheet_name=_t(lang, "sheet_phases"), index=False)
            detail = found.table.copy()
            detail["phase"] = [phase_name(int(p), lang) for p in detail["phase"]]
            detail.columns = [_t(lang, f"xl_{c}") for c in detail.columns]
            detail.to_excel(book, sheet_name=_t(lang, "sheet_trainees"), index=False)
        pd.DataFrame(rating_rows(found, lang), columns=rating_header(lang)).to_excel(
            book, sheet_name=_t(lang, "sheet_evaluation"), index=False)
        texts = {c.id: c.text.get(lang) for c in load_evaluation().comments}
        said = [[texts.get(ident, ident), text] for ident, items in found.comments.items() for text in items]
        pd.DataFrame(said, columns=[_t(lang, "col_question"), _t(lang, "col_comment")]).to_excel(
            book, sheet_name=_t(lang, "sheet_comments"), index=False)
    return buffer.getvalue()
