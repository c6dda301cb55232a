"""What the gradebook says: totals and per-question scores, the trainer's manual grades,
the class sheet and its export, and every point lost with its reason."""

from __future__ import annotations

import re
from pathlib import Path

from ..content import load
from .config import prepare_nbgrader
from .exercises import read_notebook

# a point lost in a ``checks.Grade`` report (Vietnamese half): "  ✗ label (mất 2 điểm): reason"
LOST_POINT = re.compile(r"^\s*✗ (?P<criterion>.+?) \(mất (?P<lost>[\d.,]+) điểm\): (?P<reason>.+)$", re.M)


def open_gradebook(course):
    """The course's gradebook through nbgrader's own ``Gradebook`` (not its apps, a second of
    imports that the trainer's views would wait for)."""
    from nbgrader.api import Gradebook

    prepare_nbgrader()  # a new gradebook is stamped without a subprocess
    return Gradebook(f"sqlite:///{course.root / 'gradebook.db'}", course.course_id)


def grades(course):
    """One row per trainee and assignment: score, max score, percentage."""
    import pandas as pd

    columns = ["assignment", "student", "score", "max_score", "percent"]
    if not (course.root / "gradebook.db").exists():
        return pd.DataFrame(columns=columns)
    rows = []
    with open_gradebook(course) as gradebook:
        for assignment in gradebook.assignments:
            for student in gradebook.students:
                try:
                    sub = gradebook.find_submission(assignment.name, student.id)
                except Exception:  # nbgrader's MissingEntry: the trainee did not submit
                    score = None
                else:
                    score = sub.score
                rows.append({"assignment": assignment.name, "student": student.id,
                             "score": score, "max_score": assignment.max_score,
                             "percent": None if score is None or not assignment.max_score
                             else round(100 * score / assignment.max_score, 1)})
    return pd.DataFrame(rows, columns=columns)


def set_manual_grade(course, assignment: str, student: str, notebook: str, grade_id: str,
                     score: float, comment: str | None = None) -> None:
    """Enter the trainer's score for one graded cell (a written answer, or a correction of
    the autograder's), and optionally a comment, in the gradebook: as formgrader does, the
    manual score takes the place of the automatic one in every total."""
    from nbgrader.api import MissingEntry

    with open_gradebook(course) as gb:
        try:
            grade = gb.find_grade(grade_id, notebook, assignment, student)
        except MissingEntry:
            raise ValueError(load().message("course.manual.unknown", "vi", grade_id=grade_id,
                                            notebook=notebook, student=student)) from None
        if not 0 <= float(score) <= (grade.max_score or 0):
            raise ValueError(load().message("course.manual.out_of_range", "vi", score=score,
                                            grade_id=grade_id, max_score=grade.max_score))
        grade.manual_score = float(score)
        grade.needs_manual_grade = False
        if comment is not None:
            try:
                gb.find_comment(grade_id, notebook, assignment, student).manual_comment = comment
            except MissingEntry:  # only answer cells carry comments: keep it on the notebook's first
                submission = gb.find_submission_notebook(notebook, assignment, student)
                if submission.comments:
                    submission.comments[0].manual_comment = comment
        gb.db.commit()


def question_grades(course):
    """One row per trainee and graded cell: automatic and manual score, the score that
    counts (manual first), the maximum, and whether it still needs the trainer."""
    import pandas as pd

    columns = ["assignment", "student", "notebook", "grade_id", "auto_score", "manual_score",
               "score", "max_score", "needs_manual_grade"]
    db = course.root / "gradebook.db"
    if not db.exists():
        return pd.DataFrame(columns=columns)
    rows = []
    with open_gradebook(course) as gb:
        for assignment in gb.assignments:
            for submission in assignment.submissions:
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        rows.append({"assignment": assignment.name, "student": submission.student.id,
                                     "notebook": notebook.name, "grade_id": grade.name,
                                     "auto_score": grade.auto_score, "manual_score": grade.manual_score,
                                     "score": grade.score, "max_score": grade.max_score,
                                     "needs_manual_grade": bool(grade.needs_manual_grade)})
    return pd.DataFrame(rows, columns=columns)


def grade_table(course):
    """The class on one sheet: a row per trainee; per assignment its total and percentage,
    then one column per question (``assignment/grade_id``, with the notebook's name in
    between when the assignment has several)."""
    import pandas as pd

    totals, questions = grades(course), question_grades(course)
    students = sorted(set(totals["student"]) | set(questions["student"]))
    table = pd.DataFrame({"student": students}).set_index("student")
    for assignment in dict.fromkeys(totals["assignment"]):
        rows = totals[totals["assignment"] == assignment].set_index("student")
        table[assignment] = rows["score"]
        table[f"{assignment} (%)"] = rows["percent"]
        mine = questions[questions["assignment"] == assignment]
        several = mine["notebook"].nunique() > 1
        for (notebook, grade_id), cells in mine.groupby(["notebook", "grade_id"], sort=False):
            name = f"{assignment}/{notebook}/{grade_id}" if several else f"{assignment}/{grade_id}"
            table[name] = cells.set_index("student")["score"]
    return table.reset_index()


def export(course, path: Path) -> Path:
    """The grades by the file's suffix: ``.csv`` (UTF-8 with BOM, so Excel shows
    Vietnamese names right) or ``.xlsx`` (a class sheet, then every graded cell)."""
    path = Path(path)
    table = grade_table(course)
    if path.suffix.lower() == ".xlsx":
        import pandas as pd

        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            table.to_excel(writer, sheet_name="Bảng điểm", index=False)
            question_grades(course).to_excel(writer, sheet_name="Từng câu", index=False)
            for sheet in writer.sheets.values():
                sheet.freeze_panes = "B2"
                for column in sheet.columns:
                    width = max(len(str(c.value or "")) for c in column)
                    sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 40)
    else:
        table.to_csv(path, index=False, encoding="utf-8-sig")
    return path


def mistakes(course, assignment: str):
    """Every point lost, read from the autograded notebooks: per trainee and graded cell,
    the rubric criterion (the label of a ``checks.Grade`` part, when the test names
    criteria) and the reason: the part's reason, or the failed assertion's message."""
    import pandas as pd

    rows = []
    for path in sorted((course.root / "autograded").glob(f"*/{assignment}/*.ipynb")):
        student = path.parent.parent.name
        try:
            cells = read_notebook(path).cells
        except Exception:  # a notebook nbgrader could not finish
            continue
        for cell in cells:
            meta = cell.metadata.get("nbgrader", {})
            if not meta.get("grade") or cell.cell_type != "code":
                continue
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    reason = output.get("evalue") or output.get("ename", "")
                    rows.append({"student": student, "grade_id": meta["grade_id"], "criterion": None,
                                 "lost": meta.get("points"), "reason": reason.strip()})
                elif output.get("output_type") == "stream":
                    for match in LOST_POINT.finditer(output.get("text", "")):
                        rows.append({"student": student, "grade_id": meta["grade_id"],
                                     "criterion": match["criterion"].strip(),
                                     "lost": float(match["lost"].replace(",", ".")),
                                     "reason": match["reason"].strip()})
    return pd.DataFrame(rows, columns=["student", "grade_id", "criterion", "lost", "reason"])
