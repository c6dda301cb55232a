"""Manual coding of citizens' letters, and how well two coders agree.

A thin view over ``analysis``:

* the letters are the kit's (``datasets/tham-van-kcb``), read by ``read_letters``: the
  files typed in the legacy TCVN3 font are turned into Unicode as they are read;
* one letter at a time, with the themes ``code_text`` finds highlighted in the text
  (the codebook's phrases, matched without case or diacritics) and listed as suggestions;
  the coder ticks the codebook's themes (the suggestions are not ticked for them);
* "Xong, thư tiếp" records the letter as coded (no tick is a valid answer: no theme) and
  moves on; ticking a box records it at once. Every change is saved in the learner's store
  as the draft ``coding:<coder>`` (JSON: the coder, the position, the themes of each coded
  letter), so coding resumes where it stopped, even after the kernel died;
* the "second coder" mode codes under another name, on the same machine;
* the agreement panel compares two coders on the letters both coded: ``cohen_kappa``
  per theme and pooled over all themes, read in words after Landis & Koch (1977):

  ======================  =================  ====================
  kappa                   tiếng Việt         Landis & Koch
  ======================  =================  ====================
  below 0                 kém                poor
  0.00 – 0.20             rất yếu            slight
  0.21 – 0.40             yếu                fair
  0.41 – 0.60             trung bình         moderate
  0.61 – 0.80             khá                substantial
  0.81 – 1.00             tốt                almost perfect
  ======================  =================  ====================

  (J. R. Landis and G. G. Koch, "The measurement of observer agreement for categorical
  data", Biometrics 33(1), 1977, p. 165.) A kappa is undefined when both coders gave
  every letter the same answer for a theme.
"""

from __future__ import annotations

import functools
import html
import json
import math

import ipywidgets as w
import pandas as pd

from ..analysis.coding import Codebook, Kappa, code_text, cohen_kappa, fast_fold, load_codebook
from ..dataset import read_letters
from ..errors import KitError
from ..i18n import decimal, long_date
from ..store import Draft, Store
from .base import StoreView, error_note, json_object, page_style, saved_note
from .common import esc

DRAFT_PREFIX = "coding:"
CODERS_SETTING = "coding.coders"  # the coder names used on this machine, as a JSON list
SECOND_SETTING = "coding.second_coder"
MAX_NAME = 60
# Landis & Koch (1977): the upper bound of each band and its reading.
LANDIS_KOCH = ((0.20, "slight"), (0.40, "fair"), (0.60, "moderate"), (0.80, "substantial"),
               (1.00, "almost_perfect"))


def kappa_reading(kappa: float) -> str:
    """The Landis & Koch band of a kappa: "poor" … "almost_perfect", or "undefined".

    >>> kappa_reading(0.62), kappa_reading(0.2), kappa_reading(-0.1), kappa_reading(float("nan"))
    ('substantial', 'slight', 'poor', 'undefined')
    """
    if kappa is None or math.isnan(kappa):
        return "undefined"
    if kappa < 0:
        return "poor"
    for upper, name in LANDIS_KOCH:
        if round(kappa, 2) <= upper:
            return name
    return "almost_perfect"


@functools.cache
def shipped_letters() -> pd.DataFrame:
    """The kit's 320 letters, decoded (read once per kernel)."""
    return read_letters()


def _fold_char(c: str) -> str:
    """One character folded as the codebook matches (lower case, no diacritics), always
    one character long, so positions in the folded text are positions in the letter."""
    if c.isspace():
        return " "
    f = fast_fold(c)
    return f if len(f) == 1 else "?"


def theme_spans(text: str, book: Codebook) -> list[tuple[int, int, str]]:
    """(start, end, theme id) of each codebook phrase in ``text``, not overlapping."""
    folded = "".join(_fold_char(c) for c in text)
    found = sorted(((m.start(), -m.end(), tid) for tid, pattern in book.per_theme.items()
                    for m in pattern.finditer(folded)))
    spans, last = [], 0
    for start, neg_end, tid in found:
        if start >= last:
            spans.append((start, -neg_end, tid))
            last = -neg_end
    return spans


class CodingView(StoreView):
    def __init__(self, store: Store | None = None, lang: str | None = None,
                 letters: pd.DataFrame | None = None, codebook: Codebook | None = None,
                 **kwargs):
        super().__init__(store, lang, **kwargs)
        self.book = codebook or load_codebook()
        self.first_coder = self.store.learner
        self.coder = self.first_coder
        self.codes: dict[str, list[str]] = {}
        self.position = 0
        self.kappa: Kappa | None = None
        with self.loading():  # the inputs are being set up, not changed by the learner
            t = self.t
            # coders
            self.coder_html = w.HTML()
            self.second_mode = w.ToggleButton(value=False, description=t("coding_ui.second.toggle"), icon="user",
                                              layout=w.Layout(width="auto"))
            self.second_mode.observe(lambda _: self._second_mode_changed(), names="value")
            self.second_name = w.Text(value=self.store.get_setting(SECOND_SETTING) or "",
                                      placeholder=t("coding_ui.second.placeholder"),
                                      description=t("coding_ui.second.name"), style={"description_width": "200px"},
                                      layout=w.Layout(width="460px"))
            self.second_start = w.Button(description=t("coding_ui.second.start"), icon="play",
                                         button_style="primary", layout=w.Layout(width="auto"))
            self.second_start.on_click(lambda _: self.start_second_coder(self.second_name.value))
            self.second_box = w.HBox([self.second_name, self.second_start], layout=w.Layout(display="none"))
            # navigation
            self.previous_button = w.Button(description=t("coding_ui.previous"), icon="arrow-left",
                                            layout=w.Layout(width="auto"))
            self.previous_button.on_click(lambda _: self.go(self.position - 1))
            self.next_button = w.Button(description=t("coding_ui.next"), icon="arrow-right", button_style="primary",
                                        layout=w.Layout(width="auto"))
            self.next_button.on_click(lambda _: self.next())
            self.jump = w.BoundedIntText(value=1, min=1, max=1, description=t("coding_ui.jump"),
                                         style={"description_width": "auto"}, layout=w.Layout(width="160px"))
            self.jump.observe(lambda c: self.go(c["new"] - 1), names="value")
            self.progress = w.IntProgress(min=0, max=1, value=0, bar_style="success",
                                          layout=w.Layout(width="260px"))
            self.progress_html = w.HTML()
            # the letter
            self.letter_head = w.HTML()
            self.letter_html = w.HTML()
            self.suggestions = w.HTML()
            self.use_suggestions = w.Button(description=t("coding_ui.use_suggestions"), icon="magic",
                                            layout=w.Layout(width="auto"))
            self.use_suggestions.on_click(lambda _: self.apply_suggestions())
            self.boxes = {tid: w.Checkbox(value=False, description=self.book.name(tid, self.lang), indent=False,
                                          layout=w.Layout(width="auto")) for tid in self.book.ids}
            for box in self.boxes.values():
                box.observe(lambda _: self._ticked(), names="value")
            # agreement
            self.coder_a = w.Combobox(description=t("coding_ui.agreement.coder_a"), ensure_option=False,
                                      style={"description_width": "200px"}, layout=w.Layout(width="460px"))
            self.coder_b = w.Combobox(description=t("coding_ui.agreement.coder_b"), ensure_option=False,
                                      style={"description_width": "200px"}, layout=w.Layout(width="460px"))
            self.compare_button = w.Button(description=t("coding_ui.agreement.compute"), icon="balance-scale",
                                           button_style="primary", layout=w.Layout(width="auto"))
            self.compare_button.on_click(lambda _: self.compare())
            self.agreement_html = w.HTML()

            header = w.HTML(f"<div class='thamvan'><h1>{esc(t('coding_ui.title'))}</h1>"
                            f"<p class='muted'>{esc(t('coding_ui.intro'))}</p></div>")
            themes_head = w.HTML(f"<div class='thamvan'><h3>{esc(t('coding_ui.themes'))}</h3></div>")
            agreement_head = w.HTML(f"<div class='thamvan'><h2>{esc(t('coding_ui.agreement.title'))}</h2>"
                                    f"<p class='muted'>{esc(t('coding_ui.agreement.intro'))}</p></div>")
            themes = w.Box(list(self.boxes.values()),
                           layout=w.Layout(display="grid", grid_template_columns="repeat(2, minmax(0, 1fr))",
                                           width="100%"))
            letter = w.VBox([self.letter_head, self.letter_html], layout=w.Layout(width="58%", padding="0 12px 0 0"))
            coding = w.VBox([self.suggestions, self.use_suggestions, themes_head, themes],
                            layout=w.Layout(width="42%"))
            self.widget = w.VBox([
                *page_style(), header,
                w.HBox([self.coder_html, self.second_mode], layout=w.Layout(align_items="center", flex_flow="row wrap")),
                self.second_box,
                w.HBox([self.previous_button, self.next_button, self.jump, self.progress, self.progress_html],
                       layout=w.Layout(align_items="center", flex_flow="row wrap")),
                self.status,
                w.HBox([letter, coding], layout=w.Layout(width="100%")),
                agreement_head, self.coder_a, self.coder_b, self.compare_button, self.agreement_html,
                w.HTML(self.legend_html()),
            ], layout=w.Layout(width="100%"))
            self.widget.add_class("thamvan")
            self.widget.add_class("thamvan-form")
            self.status.value = f"<span class='thamvan muted'>⏳ {esc(t('coding_ui.reading'))}</span>"
            self.letters = (letters if letters is not None else shipped_letters()).reset_index(drop=True)
            self.ids = [str(i) for i in self.letters["ma_thu"]]
            self.jump.max = max(1, len(self.ids))
            self.progress.max = max(1, len(self.ids))
        self.status.value = ""
        self.switch_coder(self.first_coder)
        self._refresh_coders()

    # --- coders and drafts ------------------------------------------------------------------
    def _check_name(self, name: str) -> str:
        name = " ".join((name or "").split())
        if not name:
            raise KitError("coding_ui.error.no_name")
        if len(name) > MAX_NAME:
            raise KitError("coding_ui.error.long_name", limit=MAX_NAME)
        return name

    def _draft(self, coder: str) -> Draft:
        """A coder's saved position and codes (a dict, empty when there are none)."""
        draft = self.store.load_json(DRAFT_PREFIX + coder, json_object)
        return draft if draft.value is not None else draft._replace(value={})

    def codes_of(self, coder: str) -> dict[str, frozenset[str]]:
        """The saved codes of a coder: letter id → set of theme ids."""
        codes = self._draft(coder).value.get("codes", {})
        return {k: frozenset(v) for k, v in codes.items() if isinstance(v, list)}

    def known_coders(self) -> list[str]:
        try:
            names = json.loads(self.store.get_setting(CODERS_SETTING) or "[]")
        except json.JSONDecodeError:
            names = []
        names = [n for n in names if isinstance(n, str)]
        return list(dict.fromkeys([self.first_coder, *names]))

    def _refresh_coders(self) -> None:
        coders = self.known_coders()
        self.coder_a.options = self.coder_b.options = tuple(coders)
        if not self.coder_a.value:
            self.coder_a.value = self.first_coder
        if not self.coder_b.value:
            others = [c for c in coders if c != self.coder_a.value]
            self.coder_b.value = self.second_name.value.strip() or (others[0] if others else "")

    def switch_coder(self, coder: str) -> None:
        """Code as ``coder`` from now on: their saved codes and position come back."""
        self.coder = coder
        saved = self._draft(coder)
        draft = saved.value
        self.codes = {k: list(v) for k, v in draft.get("codes", {}).items() if isinstance(v, list)}
        position = draft.get("position", 0)
        self.position = min(max(int(position) if isinstance(position, int) else 0, 0), max(len(self.ids) - 1, 0))
        key = "coding_ui.coder.second" if coder != self.first_coder else "coding_ui.coder.first"
        self.coder_html.value = f"<p class='thamvan'>{esc(self.t(key, name=coder))}</p>"
        self.show_letter()
        if saved.damaged:
            self.status.value = self.draft_note(saved, DRAFT_PREFIX + coder)
        elif draft:
            self.status.value = (f"<span class='thamvan-saved'>"
                                 f"{esc(self.t('coding_ui.restored', name=coder, done=len(self.codes), total=len(self.ids)))}</span>")

    def start_second_coder(self, name: str) -> bool:
        try:
            name = self._check_name(name)
            if name == self.first_coder:
                raise KitError("coding_ui.error.same_as_first", name=name)
        except KitError as err:
            self.status.value = error_note(err.text(self.lang))
            return False
        self.second_name.value = name
        self.store.set_setting(SECOND_SETTING, name)
        if not self.second_mode.value:
            with self.loading():
                self.second_mode.value = True
            self.second_box.layout.display = None
        self.switch_coder(name)
        self.coder_b.value = name
        return True

    def _second_mode_changed(self) -> None:
        if self.is_loading:
            return
        on = self.second_mode.value
        self.second_box.layout.display = None if on else "none"
        if on:
            if self.second_name.value.strip():
                self.start_second_coder(self.second_name.value)
            else:
                self.status.value = f"<span class='thamvan muted'>{esc(self.t('coding_ui.second.enter'))}</span>"
        elif self.coder != self.first_coder:
            self.switch_coder(self.first_coder)

    def save(self) -> None:
        data = {"coder": self.coder, "position": self.position, "codes": self.codes}
        self.store.save_json(DRAFT_PREFIX + self.coder, data)
        coders = self.known_coders()
        if self.coder not in coders:
            self.store.set_setting(CODERS_SETTING, json.dumps([*coders, self.coder], ensure_ascii=False))
            self._refresh_coders()
        self.status.value = saved_note(self, "coding_ui.saved", name=self.coder)

    # --- letters ------------------------------------------------------------------------------
    @property
    def letter_id(self) -> str:
        return self.ids[self.position]

    def ticked(self) -> list[str]:
        return [tid for tid, box in self.boxes.items() if box.value]

    def show_letter(self) -> None:
        if not self.ids:
            self.letter_html.value = f"<p class='thamvan muted'>{esc(self.t('coding_ui.no_letters'))}</p>"
            return
        row = self.letters.iloc[self.position]
        text = str(row.get("noi_dung", "") or "")
        spans = theme_spans(text, self.book)
        marked, last = [], 0
        for start, end, tid in spans:
            marked.append(esc(text[last:start]))
            marked.append(f"<mark class='thamvan-theme' title='{esc(self.book.name(tid, self.lang))}'>"
                          f"{esc(text[start:end])}</mark>")
            last = end
        marked.append(esc(text[last:]))
        t = self.t
        legacy = ""
        encoding = str(row.get("ma_hoa_doc_duoc", "") or "")
        if encoding == "tcvn3":
            legacy = f" <span class='tag'>{esc(t('coding_ui.legacy'))}</span>"
        self.letter_head.value = (
            f"<div class='thamvan'><h3>{esc(t('coding_ui.letter', id=self.letter_id))}{legacy}</h3>"
            f"<p class='muted'>{esc(t('coding_ui.letter_meta', commune=row.get('xa_phuong', '') or '—', date=long_date(row.get('ngay_nhan', ''), self.lang) or '—'))}</p></div>")
        self.letter_html.value = (
            "<div class='thamvan'><style>.thamvan mark.thamvan-theme { background: #fff1a8; padding: 0 1px; }</style>"
            "<div class='thamvan-letter' style='white-space: pre-wrap; max-height: 30em; overflow: auto; "
            f"background: #f8f9fa; padding: 8px; border: 1px solid #e0e0e0'>{''.join(marked)}</div></div>")
        self.suggested = [tid for tid in self.book.ids if tid in code_text(text, self.book)]
        names = ", ".join(self.book.name(tid, self.lang) for tid in self.suggested)
        self.suggestions.value = (f"<p class='thamvan'><b>{esc(t('coding_ui.suggested'))}</b> "
                                  f"{esc(names or t('coding_ui.suggested_none'))}</p>"
                                  f"<p class='thamvan muted'>{esc(t('coding_ui.suggested_note'))}</p>")
        self.use_suggestions.disabled = not self.suggested
        chosen = set(self.codes.get(self.letter_id, ()))
        with self.loading():
            for tid, box in self.boxes.items():
                box.value = tid in chosen
            self.jump.value = self.position + 1
        self.previous_button.disabled = self.position == 0
        self._show_progress()

    def _show_progress(self) -> None:
        done = sum(1 for i in self.ids if i in self.codes)
        self.progress.value = done
        state = self.t("coding_ui.coded" if self.letter_id in self.codes else "coding_ui.not_coded")
        self.progress_html.value = (f"<span class='thamvan'><b>{done}/{len(self.ids)}</b> "
                                    f"{esc(self.t('coding_ui.progress', position=self.position + 1, total=len(self.ids)))}"
                                    f" · {esc(state)}</span>")

    def _ticked(self) -> None:
        if self.is_loading:
            return
        self.codes[self.letter_id] = self.ticked()
        self.save()
        self._show_progress()

    def apply_suggestions(self) -> None:
        with self.loading():
            for tid in self.suggested:
                self.boxes[tid].value = True
        self._ticked()

    def code(self, themes) -> None:
        """Tick exactly ``themes`` for the letter shown (what a coder does with the boxes)."""
        unknown = set(themes) - set(self.book.ids)
        if unknown:
            raise KitError("coding_ui.error.unknown_theme", theme=", ".join(sorted(unknown)))
        with self.loading():
            for tid, box in self.boxes.items():
                box.value = tid in themes
        self._ticked()

    def next(self) -> None:
        """Record the letter shown as coded (its ticks, maybe none) and open the next one."""
        self.codes[self.letter_id] = self.ticked()
        if self.position < len(self.ids) - 1:
            self.position += 1
        self.save()
        self.show_letter()
        if len(self.codes) >= len(self.ids) and all(i in self.codes for i in self.ids):
            self.status.value = f"<span class='thamvan-saved'>{esc(self.t('coding_ui.all_done', total=len(self.ids)))}</span>"

    def go(self, position: int) -> None:
        if self.is_loading or not self.ids:
            return
        position = min(max(position, 0), len(self.ids) - 1)
        if position == self.position:
            return
        self.position = position
        self.save()
        self.show_letter()

    # --- agreement ------------------------------------------------------------------------
    def compare(self, coder_a: str | None = None, coder_b: str | None = None) -> Kappa | None:
        """Cohen's kappa of two coders on the letters both coded, per theme and overall."""
        if coder_a is not None:
            self.coder_a.value = coder_a
        if coder_b is not None:
            self.coder_b.value = coder_b
        self.kappa = None
        try:
            a, b = self._check_name(self.coder_a.value), self._check_name(self.coder_b.value)
            if a == b:
                raise KitError("coding_ui.error.same_coder")
            codes_a, codes_b = self.codes_of(a), self.codes_of(b)
            both = [i for i in self.ids if i in codes_a and i in codes_b]
            if not both:
                raise KitError("coding_ui.agreement.none_in_common", a=a, b=b,
                               count_a=len(codes_a), count_b=len(codes_b))
            kappa = cohen_kappa([codes_a[i] for i in both], [codes_b[i] for i in both], multi=True)
        except KitError as err:
            self.agreement_html.value = f"<p class='thamvan thamvan-error'>{esc(err.text(self.lang))}</p>"
            return None
        self.kappa = kappa
        self.agreement_html.value = self.agreement_table(kappa, a, b,
                                                         [codes_a[i] for i in both], [codes_b[i] for i in both])
        return kappa

    def kappa_text(self, value: float) -> str:
        return "—" if value is None or math.isnan(value) else decimal(value, 2, self.lang)

    def agreement_table(self, kappa: Kappa, a: str, b: str, sets_a, sets_b) -> str:
        t = self.t
        head = "".join(f"<th{' class=num' if k in ('kappa', 'count_a', 'count_b') else ''}>"
                       f"{esc(t('coding_ui.agreement.col.' + k, a=a, b=b))}</th>"
                       for k in ("theme", "count_a", "count_b", "kappa", "reading"))
        rows = ""
        for tid in self.book.ids:
            value = kappa.per_label.get(tid)
            used_a, used_b = sum(tid in s for s in sets_a), sum(tid in s for s in sets_b)
            if value is None:
                reading = t("coding_ui.kappa.unused")
            else:
                reading = t("coding_ui.kappa." + kappa_reading(value))
            rows += (f"<tr data-theme='{html.escape(tid)}'><td>{esc(self.book.name(tid, self.lang))}</td>"
                     f"<td class='num'>{used_a}</td><td class='num'>{used_b}</td>"
                     f"<td class='num'>{self.kappa_text(value)}</td><td>{esc(reading)}</td></tr>")
        overall = t("coding_ui.agreement.overall", kappa=self.kappa_text(kappa.overall),
                    reading=t("coding_ui.kappa." + kappa_reading(kappa.overall)),
                    agreement=decimal(kappa.agreement * 100, 1, self.lang), n=kappa.n, a=a, b=b)
        return (f"<div class='thamvan'><p class='thamvan-overall'><b>{esc(overall)}</b></p>"
                f"<table class='thamvan-table thamvan-kappa'><tr>{head}</tr>{rows}</table></div>")

    def legend_html(self) -> str:
        t = self.t
        bands = [("< 0", "poor"), ("0 – 0,20", "slight"), ("0,21 – 0,40", "fair"), ("0,41 – 0,60", "moderate"),
                 ("0,61 – 0,80", "substantial"), ("0,81 – 1", "almost_perfect")]
        if self.lang != "vi":
            bands = [(r.replace(",", "."), k) for r, k in bands]
        items = "".join(f"<li>{esc(r)}: {esc(t('coding_ui.kappa.' + k))}</li>" for r, k in bands)
        return (f"<div class='thamvan'><details><summary>{esc(t('coding_ui.legend.title'))}</summary>"
                f"<p class='muted'>{esc(t('coding_ui.legend.intro'))}</p><ul>{items}</ul></details></div>")
