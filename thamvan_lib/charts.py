"""Charts of the analysis and the reports, drawn with matplotlib's Agg canvas (no window,
no display) in DejaVu Sans, which has every Vietnamese letter.

``bar_chart`` draws a ``proportion_table`` with its confidence intervals (a Figure);
``stance_chart`` and ``count_chart`` draw conference opinions and theme counts as PNG
bytes (``png``: the same bytes from one run to the next).
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from .analysis.tables import TABLE_COLUMNS, answer_order
from .content import load
from .dataset import STANCES
from .errors import KitError
from .i18n import pick

STANCE_COLOURS = {"đồng tình": "#4a7c3a", "không đồng tình": "#b5452f", "đề xuất": "#3f6fa8"}


def figure(height: float):
    """An empty 8-inch-wide figure on the Agg canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, height))
    FigureCanvasAgg(fig)
    return fig


def png(fig) -> bytes:
    """A matplotlib figure as PNG bytes, without the software stamp (the file stays the
    same from one run to the next and names no web address)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, metadata={"Software": None})
    return buffer.getvalue()


def bar_chart(table: pd.DataFrame, title: str | None = None, lang: str | None = None):
    """A horizontal bar chart of a ``proportion_table``, with its confidence intervals.

    Returns a ``matplotlib.figure.Figure`` drawn with the Agg canvas (no window), in
    DejaVu Sans, which has every Vietnamese letter. Save it with ``fig.savefig(path)``.
    """
    needed = ("tra_loi", "ty_le", "can_duoi", "can_tren")
    if not isinstance(table, pd.DataFrame) or not set(needed) <= set(table.columns) or table.empty:
        raise KitError("analysis.error.no_chart_data", columns=", ".join(needed))
    groups = [c for c in table.columns if c not in TABLE_COLUMNS]
    options = list(dict.fromkeys(table["tra_loi"]))
    if groups and "so_nguoi" in table.columns:  # one group may lack an answer: scale order
        options = answer_order(options, table.groupby("tra_loi")["so_nguoi"].sum())
    keys = list(dict.fromkeys(table[groups[0]])) if groups else [None]
    fig = figure(0.5 + 0.45 * len(options) * max(1, len(keys) * 0.6))
    ax = fig.add_subplot()
    height = 0.8 / len(keys)
    for k, key in enumerate(keys):
        part = table if key is None else table[table[groups[0]] == key]
        part = part.set_index("tra_loi").reindex(options)
        y = np.arange(len(options)) + (k - (len(keys) - 1) / 2) * height
        share = part["ty_le"].to_numpy(dtype=float) * 100
        err = np.vstack([share - part["can_duoi"].to_numpy(dtype=float) * 100,
                         part["can_tren"].to_numpy(dtype=float) * 100 - share])
        ax.barh(y, share, height=height * 0.9, xerr=err, ecolor="black", capsize=2,
                label=None if key is None else str(key))
    ax.set_yticks(np.arange(len(options)), options, fontfamily="DejaVu Sans")
    ax.invert_yaxis()
    ax.set_xlabel(load().message("analysis.chart.share", lang), fontfamily="DejaVu Sans")
    ax.set_xlim(0, 100)
    if title:
        ax.set_title(title, fontfamily="DejaVu Sans")
    if groups:
        ax.legend(prop={"family": "DejaVu Sans"}, fontsize="small")
    ax.annotate(load().message("analysis.chart.interval", lang, level=95), (1, -0.12),
                xycoords="axes fraction", ha="right", fontsize="x-small",
                fontfamily="DejaVu Sans")
    fig.tight_layout()
    return fig


def stance_chart(statistics: pd.DataFrame, lang: str | None = None) -> bytes:
    """Opinions per content, stacked by stance: a horizontal bar chart as PNG."""
    lang = pick(lang)
    per_topic = statistics.groupby("chu_de", sort=False)[list(STANCES)].sum()
    fig = figure(0.9 + 0.5 * len(per_topic))
    ax = fig.add_subplot()
    left = np.zeros(len(per_topic))
    y = np.arange(len(per_topic))
    for stance in STANCES:
        values = per_topic[stance].to_numpy(dtype=float)
        ax.barh(y, values, left=left, color=STANCE_COLOURS[stance],
                label=load().message(f"reports.stance.{stance_key(stance)}", lang))
        left += values
    ax.set_yticks(y, list(per_topic.index), fontfamily="DejaVu Sans")
    ax.invert_yaxis()
    ax.set_xlabel(load().message("reports.chart.opinions", lang), fontfamily="DejaVu Sans")
    ax.legend(prop={"family": "DejaVu Sans", "size": "small"}, loc="lower right")
    fig.tight_layout()
    return png(fig)


def count_chart(labels: list[str], counts: list[int], xlabel: str) -> bytes:
    """A horizontal bar chart of counts (themes of letters, of interviews), as PNG."""
    fig = figure(0.9 + 0.4 * len(labels))
    ax = fig.add_subplot()
    y = np.arange(len(labels))
    ax.barh(y, counts, color="#3f6fa8")
    for yi, n in zip(y, counts):
        ax.annotate(str(n), (n, yi), xytext=(3, 0), textcoords="offset points", va="center",
                    fontsize="small", fontfamily="DejaVu Sans")
    ax.set_yticks(y, labels, fontfamily="DejaVu Sans")
    ax.invert_yaxis()
    ax.set_xlabel(xlabel, fontfamily="DejaVu Sans")
    ax.set_xlim(0, max(counts or [1]) * 1.12)
    fig.tight_layout()
    return png(fig)


def stance_key(stance: str) -> str:
    """The English key of a stance in the message files ("đồng tình" → "agree")."""
    return {"đồng tình": "agree", "không đồng tình": "disagree", "đề xuất": "propose"}[stance]
