"""Charts draw Vietnamese labels in the scale's order."""


import pandas as pd
import pytest

from thamvan_lib.analysis.tables import proportion_table
from thamvan_lib.charts import bar_chart
from thamvan_lib.errors import KitError


# --- charts ------------------------------------------------------------------------------

def test_bar_chart_draws_vietnamese_labels(tmp_path):
    from matplotlib.figure import Figure

    df = pd.DataFrame({"g": ["Nam", "Nữ"] * 10, "hl": ["Hài lòng", "Rất không hài lòng"] * 10})
    for table in (proportion_table(df, "hl"), proportion_table(df, "hl", by="g")):
        fig = bar_chart_ok = bar_chart(table, "Mức độ hài lòng với trạm y tế")
        assert isinstance(fig, Figure)
        ax = fig.axes[0]
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels == ["Rất không hài lòng", "Hài lòng"]   # the scale's order
        assert ax.get_yticklabels()[0].get_fontfamily() == ["DejaVu Sans"]
        fig.savefig(tmp_path / "chart.png")
        assert (tmp_path / "chart.png").stat().st_size > 5000
        assert bar_chart_ok is fig
    with pytest.raises(KitError, match="proportion_table"):
        bar_chart(pd.DataFrame({"x": [1]}))
