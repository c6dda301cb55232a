"""The trainer's class view: scores per trainee, per question (graded cell) and per rubric
criterion, and the most common mistakes, read from the course's gradebook and autograded
notebooks (``thamvan_lib.grading``). The course is ``grading.course.trainer_course()``: on the
workshop hub the one in the trainer's home, elsewhere ``THAMVAN_HOME/course`` as for
``thamvan course``."""

from __future__ import annotations

import ipywidgets as w

from ..grading.course import Course, trainer_course
from ..i18n import short_number
from ..roles import is_trainer
from .common import View, esc, stylesheet
from .notices import problem_box

TOP_MISTAKES = 5


def _table(head: list[str], rows: list[list[str]]) -> str:
    cells = "".join(f"<th>{esc(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table class='thamvan-table'><tr>{cells}</tr>{body}</table>"


class ClassView(View):
    """Pick an assignment; see the class's scores and where points were lost."""

    def __init__(self, course: Course | None = None, assignment: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.course = course or trainer_course()
        self.totals = self.course.grades()
        self.questions = self.course.question_grades()
        names = list(dict.fromkeys(self.questions["assignment"])) or list(dict.fromkeys(self.totals["assignment"]))
        self.picker = w.Dropdown(options=names, value=assignment if assignment in names else
                                 (names[0] if names else None), description=self.t("class_view.assignment"))
        self.picker.observe(lambda _: self.refresh(), names="value")
        self.summary, self.scores, self.criteria, self.common = w.HTML(), w.HTML(), w.HTML(), w.HTML()
        self.widget = w.VBox([stylesheet(), w.HTML(f"<h2 class='thamvan'>{esc(self.t('class_view.title'))}</h2>"),
                              self.picker, self.summary, self.scores, self.criteria, self.common],
                             layout=w.Layout(width="100%"))
        self.widget.add_class("thamvan")
        self.refresh()

    @property
    def assignment(self) -> str | None:
        return self.picker.value

    def refresh(self) -> None:
        lang = self.lang
        if not self.assignment:
            self.summary.value = f"<p class='thamvan muted'>{esc(self.t('class_view.empty'))}</p>"
            self.scores.value = self.criteria.value = self.common.value = ""
            return
        questions = self.questions[self.questions["assignment"] == self.assignment]
        totals = self.totals[(self.totals["assignment"] == self.assignment) & self.totals["score"].notna()]
        grade_ids = list(dict.fromkeys(questions["grade_id"]))
        maxima = questions.groupby("grade_id")["max_score"].first()
        waiting = int(questions["needs_manual_grade"].sum())
        mean = 100 * totals["score"].sum() / totals["max_score"].sum() if len(totals) and totals["max_score"].sum() else None
        self.summary.value = "<p class='thamvan'>" + esc(self.t(
            "class_view.summary", count=len(totals), mean=short_number(mean, lang), waiting=waiting)) + "</p>"

        head = [self.t("class_view.trainee")] + [f"{g} (/{short_number(maxima[g], lang)})" for g in grade_ids] + \
            [self.t("class_view.total"), "%"]
        rows = []
        for _, total in totals.sort_values("student").iterrows():
            mine = questions[questions["student"] == total["student"]].set_index("grade_id")
            rows.append([total["student"]] +
                        [short_number(mine["score"].get(g), lang) + ("*" if mine["needs_manual_grade"].get(g) else "")
                         for g in grade_ids] +
                        [f"{short_number(total['score'], lang)}/{short_number(total['max_score'], lang)}",
                         short_number(100 * total["score"] / total["max_score"] if total["max_score"] else None, lang)])
        if rows:  # the class's mean per question, the first thing a trainer reads
            mean_row = [self.t("class_view.mean")] + [
                short_number(questions[questions["grade_id"] == g]["score"].mean(), lang) for g in grade_ids] + \
                [short_number(totals["score"].mean(), lang), short_number(mean, lang)]
            rows.append(mean_row)
        self.scores.value = (f"<h3>{esc(self.t('class_view.per_question'))}</h3>" + _table(head, rows) +
                             f"<p class='thamvan muted'>{esc(self.t('class_view.manual_note'))}</p>")

        mistakes = self.course.mistakes(self.assignment)
        named = mistakes[mistakes["criterion"].notna()]
        if len(named):
            per = named.groupby("criterion").agg(trainees=("student", "nunique"), lost=("lost", "sum"))
            per = per.sort_values(["lost", "trainees"], ascending=False)
            self.criteria.value = f"<h3>{esc(self.t('class_view.per_criterion'))}</h3>" + _table(
                [self.t("class_view.criterion"), self.t("class_view.trainees_losing"),
                 self.t("class_view.points_lost")],
                [[row.Index, str(row.trainees), short_number(row.lost, lang)] for row in per.itertuples()])
        else:
            self.criteria.value = ""
        self.common.value = f"<h3>{esc(self.t('class_view.common'))}</h3>" + self._common(mistakes, questions)

    def _common(self, mistakes, questions) -> str:
        lang = self.lang
        if len(mistakes):
            counted = (mistakes.groupby(["grade_id", "reason"]).agg(trainees=("student", "nunique"))
                       .sort_values("trainees", ascending=False).head(TOP_MISTAKES))
            items = "".join(f"<li><b>{esc(self.t('class_view.mistake_count', count=row.trainees))}</b> "
                            f"({esc(row.Index[0])}): {esc(row.Index[1])}</li>"
                            for row in counted.itertuples())
            return f"<ol class='thamvan'>{items}</ol>"
        if not len(questions):
            return f"<p class='thamvan muted'>{esc(self.t('class_view.no_mistakes'))}</p>"
        # no reasons to read (nothing failed, or tests that say nothing): the weakest questions
        share = (questions.groupby("grade_id")["score"].mean() / questions.groupby("grade_id")["max_score"].first())
        lowest = share[share < 1].sort_values().head(TOP_MISTAKES)
        if not len(lowest):
            return f"<p class='thamvan muted'>{esc(self.t('class_view.no_mistakes'))}</p>"
        items = "".join(f"<li>{esc(self.t('class_view.low_question', grade_id=g, percent=short_number(100 * v, lang)))}</li>"
                        for g, v in lowest.items())
        return f"<ol class='thamvan'>{items}</ol>"


def class_view_page(**kwargs) -> w.Widget:
    """The class view for the trainer; anyone else gets a notice and nothing of the gradebook
    is read."""
    if not is_trainer():
        return w.HTML(problem_box("trainer_only"))
    return ClassView(**kwargs).widget
