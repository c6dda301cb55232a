"""How many people to ask and how to share them among communes: a thin view over ``sampling``.

Population, margin, confidence and expected proportion give the sample size
(``sample_size``) and the margin of error of the sample actually planned
(``margin_of_error``); a table of communes gives the allocation (``allocate``:
proportional, equal or Neyman), the design weights (``design_weights``), Kish's effective
sample size (``effective_sample_size``) and a bar chart (matplotlib, drawn offline).
Percentages are typed as people say them (5 for ±5%); bad input is explained next to its
box, in the reader's language, and nothing else changes.
"""

from __future__ import annotations

import io

import ipywidgets as w

from .. import sampling
from ..errors import KitError
from ..i18n import decimal
from ..plan import load_example
from ..store import Store, preferred_language
from .base import page_style
from .common import View, esc
from .forms import parse_number

CONFIDENCES = (90, 95, 99)


class _Commune:
    """One row of the communes table: name, population and (for Neyman) standard deviation."""

    def __init__(self, view: SampleSizeView, name: str = "", population: str = "", sd: str = ""):
        self.name = w.Text(value=name, placeholder=view.t("sample_tool.commune_name"),
                           layout=w.Layout(width="40%"))
        self.population = w.Text(value=population, placeholder=view.t("sample_tool.commune_population"),
                                 layout=w.Layout(width="25%"))
        self.sd = w.Text(value=sd, placeholder=view.t("sample_tool.commune_sd"), layout=w.Layout(width="20%"))
        self.remove = w.Button(description=view.t("sample_tool.remove"), icon="trash",
                               layout=w.Layout(width="auto"))
        self.remove.on_click(lambda _: view.remove_commune(self))
        for box in (self.name, self.population, self.sd):
            box.observe(lambda _: view.update(), names="value")
        self.widget = w.HBox([self.name, self.population, self.sd, self.remove], layout=w.Layout(width="100%"))


class SampleSizeView(View):
    def __init__(self, store: Store | None = None, lang: str | None = None, **kwargs):
        super().__init__(lang=lang or preferred_language(store), **kwargs)
        style, layout = {"description_width": "260px"}, w.Layout(width="520px")
        self.population = w.Text(description=self.t("sample_tool.population"), style=style, layout=layout,
                                 placeholder=self.t("sample_tool.population_hint"))
        self.margin = w.Text(value="5", description=self.t("sample_tool.margin"), style=style, layout=layout)
        self.confidence = w.Dropdown(options=[(f"{c}%", c) for c in CONFIDENCES], value=95,
                                     description=self.t("sample_tool.confidence"), style=style, layout=layout)
        self.proportion = w.Text(value="50", description=self.t("sample_tool.proportion"), style=style,
                                 layout=layout)
        self.planned = w.Text(description=self.t("sample_tool.planned"), style=style, layout=layout,
                              placeholder=self.t("sample_tool.planned_hint"))
        self.method = w.ToggleButtons(options=[(self.t(f"sample_tool.method.{m}"), m) for m in sampling.METHODS],
                                      value="proportional", style={"button_width": "auto"})
        self.errors = {name: w.HTML() for name in ("population", "margin", "proportion", "planned")}
        for box in (self.population, self.margin, self.confidence, self.proportion, self.planned, self.method):
            box.observe(lambda _: self.update(), names="value")
        self.communes: list[_Commune] = []
        self.rows = w.VBox(layout=w.Layout(width="100%"))
        self.add_button = w.Button(description=self.t("sample_tool.add_commune"), icon="plus")
        self.add_button.on_click(lambda _: self.add_commune())
        self.example_button = w.Button(description=self.t("sample_tool.example"), icon="book")
        self.example_button.on_click(lambda _: self.load_example())
        self.result = w.HTML()
        self.allocation = w.HTML()
        self.chart = w.Image(format="png", layout=w.Layout(display="none", max_width="640px"))
        warning = sampling.non_probability_warning(self.lang)
        self._updating = False

        def field(name):
            return w.VBox([getattr(self, name), self.errors[name]])

        header = w.HTML(f"<div class='thamvan'><h1>{esc(self.t('sample_tool.title'))}</h1>"
                        f"<p class='muted'>{esc(self.t('sample_tool.intro'))}</p></div>")
        table_head = w.HTML(f"<div class='thamvan'><h3>{esc(self.t('sample_tool.communes'))}</h3>"
                            f"<p class='muted'>{esc(self.t('sample_tool.communes_intro'))}</p></div>")
        self.widget = w.VBox([
            *page_style(), header, self.example_button,
            field("population"), field("margin"), self.confidence, field("proportion"),
            self.result, table_head, self.rows, self.add_button,
            w.HTML(f"<p class='thamvan'><b>{esc(self.t('sample_tool.method'))}</b></p>"), self.method,
            field("planned"), self.allocation, self.chart,
            w.HTML(f"<div class='thamvan'><blockquote>{esc(warning)}</blockquote></div>"),
        ], layout=w.Layout(width="100%"))
        self.widget.add_class("thamvan")
        self.widget.add_class("thamvan-form")
        self.update()

    # the communes table
    def add_commune(self, name: str = "", population: str = "", sd: str = "") -> _Commune:
        row = _Commune(self, name, population, sd)
        self.communes.append(row)
        self.rows.children = [r.widget for r in self.communes]
        self.update()
        return row

    def remove_commune(self, row: _Commune) -> None:
        self.communes.remove(row)
        self.rows.children = [r.widget for r in self.communes]
        self.update()

    def load_example(self) -> None:
        """The worked example's population, reliability and communes (tỉnh Sơn Hà)."""
        plan = load_example().plan
        self._updating = True
        try:
            r = plan.reliability
            self.population.value = str(r.population or "")
            self.margin.value = f"{r.margin * 100:g}" if r.margin else "5"
            self.confidence.value = round(r.confidence * 100) if r.confidence else 95
            self.proportion.value = f"{r.proportion * 100:g}"
            self.communes = []
            for c in plan.communes:
                self.communes.append(_Commune(self, c.name, "" if c.population is None else str(c.population)))
            self.rows.children = [r.widget for r in self.communes]
            self.method.value = _method_of(plan)
        finally:
            self._updating = False
        self.update()

    # reading the boxes
    def _read(self, name: str, whole: bool, low: float | None = None, high: float | None = None,
              key: str = ""):
        """The number in a box, or None when empty; a bad one shows why next to it and raises."""
        box, error = getattr(self, name), self.errors[name]
        text = box.value
        try:
            value = parse_number(text, whole)
        except ValueError:
            error.value = self._error(self.t("sample_tool.error.whole" if whole else "sample_tool.error.number",
                                             value=text.strip()))
            raise
        if value is not None and ((low is not None and value <= low) or (high is not None and value >= high)):
            error.value = self._error(self.t(key, value=text.strip()))
            raise ValueError(text)
        error.value = ""
        return value

    @staticmethod
    def _error(text: str) -> str:
        return f"<span class='thamvan-error'>⚠ {esc(text)}</span>"

    def strata(self) -> tuple[dict[str, int], dict[str, float]]:
        """{commune: population} and {commune: sd} of the table; rows left empty are skipped."""
        strata, sds = {}, {}
        for n, row in enumerate(self.communes, 1):
            name = row.name.value.strip()
            if not name and not row.population.value.strip():
                continue
            if not name:
                raise KitError("sample_tool.error.commune_without_name", row=n)
            try:
                size = parse_number(row.population.value, True)
            except ValueError:
                raise KitError("sample_tool.error.commune_population", commune=name,
                               value=row.population.value.strip()) from None
            if size is None:
                raise KitError("sample_tool.error.commune_population", commune=name, value="")
            if name in strata:
                raise KitError("sample_tool.error.commune_twice", commune=name)
            strata[name] = size
            try:
                sd = parse_number(row.sd.value, False)
            except ValueError:
                raise KitError("sample_tool.error.commune_sd", commune=name, value=row.sd.value.strip()) from None
            if sd is not None:
                sds[name] = sd
        return strata, sds

    # the results
    def update(self) -> None:
        if self._updating:
            return
        self.sample = None
        self.shares = None
        try:
            population = self._read("population", True, low=0, key="sample_tool.error.population")
            margin = self._read("margin", False, low=0, high=100, key="sample_tool.error.margin")
            proportion = self._read("proportion", False, low=-1e-12, high=100 + 1e-12,
                                    key="sample_tool.error.proportion")
            planned = self._read("planned", True, low=0, key="sample_tool.error.planned")
        except ValueError:
            self.result.value = self._error(self.t("sample_tool.fix_input"))
            self._show_allocation(None)
            return
        if margin is None:
            self.errors["margin"].value = self._error(self.t("sample_tool.error.margin", value=""))
            self.result.value = self._error(self.t("sample_tool.fix_input"))
            self._show_allocation(None)
            return
        confidence = self.confidence.value / 100
        p = 0.5 if proportion is None else proportion / 100
        try:
            n = sampling.sample_size(population, margin / 100, confidence, p)
            used = planned or n
            achieved = sampling.margin_of_error(used, population, confidence, p)
        except KitError as err:
            self.result.value = self._error(err.text(self.lang))
            self._show_allocation(None)
            return
        self.sample = n
        self.planned_n = used
        population_text = (decimal(population, 0, self.lang) if population
                           else self.t("sample_tool.population_unknown"))
        lines = [self.t("sample_tool.result", n=decimal(n, 0, self.lang), margin=self.margin.value.strip(),
                        confidence=self.confidence.value, population=population_text)]
        lines.append(self.t("sample_tool.achieved", n=decimal(used, 0, self.lang),
                            margin=decimal(achieved * 100, 1, self.lang)))
        self.result.value = ("<div class='thamvan'><p style='font-size:1.15em'><b>"
                             + "</b></p><p>".join(esc(x) for x in lines) + "</p></div>")
        self._allocate(used)

    def _allocate(self, n: int) -> None:
        try:
            strata, sds = self.strata()
            if not strata:
                self._show_allocation(None, self.t("sample_tool.no_communes"))
                return
            method = self.method.value
            shares = sampling.allocate(strata, n, method, sds if method == "neyman" else None)
            weights = sampling.design_weights(strata, shares)
            per_person = [weights[h] for h, taken in shares.items() for _ in range(taken)]
            kish = sampling.effective_sample_size(per_person)
        except KitError as err:
            self._show_allocation(None, err.text(self.lang), error=True)
            return
        self.shares, self.weights, self.kish = shares, weights, kish
        self._show_allocation((strata, shares, weights, kish))

    def _show_allocation(self, result, note: str = "", error: bool = False) -> None:
        if result is None:
            self.shares = None
            self.allocation.value = (self._error(note) if error else
                                     f"<p class='thamvan muted'>{esc(note)}</p>" if note else "")
            self.chart.layout.display = "none"
            return
        strata, shares, weights, kish = result
        lang = self.lang
        head = "".join(f"<th class='{c}'>{esc(self.t(k))}</th>" for k, c in (
            ("sample_tool.col.commune", ""), ("sample_tool.col.population", "num"),
            ("sample_tool.col.sample", "num"), ("sample_tool.col.weight", "num")))
        rows = "".join(
            f"<tr><td>{esc(h)}</td><td class='num'>{decimal(strata[h], 0, lang)}</td>"
            f"<td class='num'><b>{decimal(shares[h], 0, lang)}</b></td>"
            f"<td class='num'>{decimal(weights[h], 1, lang) if h in weights else '–'}</td></tr>"
            for h in strata)
        total = sum(shares.values())
        rows += (f"<tr><td><b>{esc(self.t('sample_tool.total'))}</b></td>"
                 f"<td class='num'>{decimal(sum(strata.values()), 0, lang)}</td>"
                 f"<td class='num'><b>{decimal(total, 0, lang)}</b></td><td></td></tr>")
        kish_text = self.t("sample_tool.kish", kish=decimal(kish, 1, lang), n=decimal(total, 0, lang))
        self.allocation.value = (f"<div class='thamvan'><h3>{esc(self.t('sample_tool.allocation'))}</h3>"
                                 f"<table class='thamvan-table'><tr>{head}</tr>{rows}</table>"
                                 f"<p>{esc(kish_text)}</p></div>")
        self.chart.value = self.chart_png(shares)
        self.chart.layout.display = None

    def chart_png(self, shares: dict[str, int]) -> bytes:
        """A horizontal bar chart of the allocation, drawn with matplotlib's Agg (no display, no network)."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        names = list(shares)[::-1]
        fig = Figure(figsize=(6.4, 0.45 * len(names) + 1.2), dpi=100)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        bars = ax.barh(names, [shares[h] for h in names], color="#1a56b0")
        ax.bar_label(bars, padding=3)
        ax.set_xlabel(self.t("sample_tool.chart_axis"))
        ax.set_title(self.t("sample_tool.chart_title", method=self.t(f"sample_tool.method.{self.method.value}")))
        ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        return buffer.getvalue()


def _method_of(plan) -> str:
    """The allocation the plan's questionnaire was shared by, so the example shows its own table."""
    surveys = [tool for _, tool in plan.survey_tools() if tool.allocation and tool.sample]
    strata = {c.name: c.population for c in plan.communes if c.population}
    for method in ("proportional", "sqrt", "equal"):
        if surveys and sampling.allocate(strata, surveys[0].sample, method) == surveys[0].allocation:
            return method
    return "proportional"
