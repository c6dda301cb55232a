"""An exercise's answer sheet: one field per answer, read as it is typed and saved at once.

The questions come from ``content/exercises/sheets/<exercise>.yaml``; what is typed goes to
``answers.json`` beside the notebook (``thamvan_lib.answers``), which nbgrader hands in with
it. Under each field the trainee sees how the answer was read ("Đã hiểu là: 0,05 (5 %)") or
what is wrong with it — never whether it is right.

    from thamvan_lib.widgets.answer_sheet import sheet
    sheet("co-mau")
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from ..answers import AnswerFile, choices, read_item, sheet_spec
from .base import error_note, page_style, saved_note, wide
from .common import View, esc


class AnswerSheet(View):
    def __init__(self, exercise: str, folder: Path | str = ".", **kwargs):
        super().__init__(**kwargs)
        self.spec = sheet_spec(exercise)
        self.file = AnswerFile(folder)
        typed = self.file.load()
        self.touched = set(typed)
        self.fields: dict[str, w.Widget] = {}
        self.readings: dict[str, w.HTML] = {}
        rows: list[w.Widget] = [*page_style(), w.HTML(f"<h3>{esc(self.spec.title.get(self.lang))}</h3>")]
        for item in self.spec.items:
            if item.section is not None:
                rows.append(w.HTML(f"<h4>{esc(item.section.get(self.lang))}</h4>"))
            if item.kind == "labels":
                field = self.boxes(item, typed.get(item.id) or [])
            else:
                field = self.field(item, str(typed.get(item.id) or ""))
            if item.kind != "labels":
                field.observe(lambda change, item=item: self.changed(item, change["new"]), names="value")
            self.fields[item.id] = field
            self.readings[item.id] = w.HTML()
            rows.append(w.VBox([w.HTML(f"<b>{esc(item.label.get(self.lang))}</b>"), field,
                                self.readings[item.id]], layout=wide()).add_class("thamvan-item"))
            self.show_reading(item, self.value_of(item))
        self.status = w.HTML()
        rows.append(self.status)
        self.show_summary()
        self.widget = w.VBox(rows, layout=wide()).add_class("thamvan-form")

    def field(self, item, typed: str) -> w.Widget:
        """The control that fits the answer: a list to choose from, a box for text, a line."""
        if item.kind == "choice":
            options = [(self.t("answers.choose"), ""),
                       *((f"{name[self.lang]} ({ident})", ident) for ident, name in choices(item))]
            known = {ident for _, ident in options}
            return w.Dropdown(options=options, value=typed if typed in known else "", layout=wide())
        field_class = w.Textarea if item.kind in ("text", "long_text") else w.Text
        return field_class(value=typed, layout=wide(), placeholder=item.hint.get(self.lang) if item.hint else "")

    def boxes(self, item, ticked) -> w.GridBox:
        """One box per criterion, named in the reader's language; the answer is the ticked codes."""
        ticked = set(ticked if isinstance(ticked, list) else [])
        boxes = [w.Checkbox(value=ident in ticked, description=name[self.lang], indent=False,
                            layout=w.Layout(width="auto")) for ident, name in choices(item)]
        grid = w.GridBox(boxes, layout=w.Layout(grid_template_columns="repeat(3, minmax(0, 1fr))", width="100%"))
        grid.codes = [ident for ident, _ in choices(item)]

        def changed(_change, item=item, grid=grid):
            self.changed(item, [code for code, box in zip(grid.codes, grid.children) if box.value])
        for box in boxes:
            box.observe(changed, names="value")
        return grid

    def value_of(self, item):
        field = self.fields[item.id]
        if item.kind == "labels":
            return [code for code, box in zip(field.codes, field.children) if box.value]
        return field.value

    def changed(self, item, raw: str) -> None:
        self.file.put(item.id, raw)
        self.touched.add(item.id)
        self.show_reading(item, raw)
        self.show_summary(saved=True)

    def show_reading(self, item, raw: str) -> str:
        reading = read_item(item, raw)
        if reading.problem is not None:
            html = error_note("⚠ " + reading.problem.get(self.lang))
        elif reading.empty or item.kind == "labels" and item.id not in self.touched:
            html = f"<span class='thamvan-muted'>{esc(self.t('answers.empty'))}</span>"
        elif item.kind == "labels":  # the ticked boxes say it already
            html = ""
        else:
            html = f"<span class='thamvan-saved'>✓ {esc(self.t('answers.read_as', value=reading.shown.get(self.lang)))}</span>"
        self.readings[item.id].value = html
        return html

    def answered(self) -> int:
        def done(item):
            value = read_item(item, self.value_of(item)).value
            return item.id in self.touched if item.kind == "labels" else value is not None
        return sum(1 for item in self.spec.items if done(item))

    def show_summary(self, saved: bool = False) -> None:
        summary = esc(self.t("answers.summary", done=self.answered(), total=len(self.spec.items)))
        self.status.value = summary + (" " + saved_note(self, "answers.saved") if saved else "")


def sheet(exercise: str, folder: Path | str = ".") -> None:
    """Show the answer sheet of ``exercise``, saving in ``folder`` (the notebook's own)."""
    from IPython.display import display

    display(AnswerSheet(exercise, folder).widget)
