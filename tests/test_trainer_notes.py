"""Trainer notes (trainer/notes): one per lesson, dashboard, role-play and exercise of the kit,
every one a programme uses among them, checked by thamvan check-content; a note for
something the kit lacks, a timing that does not add up or a misnamed file is refused with
the file named."""

from __future__ import annotations

import shutil
import unicodedata

import pytest
import yaml
from click.testing import CliRunner

from thamvan_lib import locations, trainer_notes
from thamvan_lib.cli import main
from thamvan_lib.content import ContentError, load
from thamvan_lib.programme import load_programmes
from thamvan_lib.roleplay.loading import load_scenarios
from thamvan_lib.trainer_notes import load_notes, missing_for, note_texts, notes_root, problems


def test_every_lesson_tool_scenario_and_exercise_has_a_note():
    notes = load_notes()
    wanted = {("lesson", p.stem) for p in locations.notebooks().glob("0*.ipynb")}
    wanted |= {("tool", t.id) for t in load().tools.values() if t.status == "available"}
    wanted |= {("roleplay", s) for s in load_scenarios()}
    wanted |= {("exercise", p.name) for p in locations.exercises().iterdir() if (p / f"{p.name}.ipynb").exists()}
    assert len(wanted) >= 30
    assert sorted(wanted - set(notes)) == []


@pytest.mark.parametrize("programme", ["mot-ngay", "ba-ngay"])
def test_everything_a_programme_uses_has_a_note(programme):
    assert missing_for(load_programmes()[programme]) == []


def test_a_programme_using_something_without_a_note_is_named():
    notes = load_notes()
    del notes[("tool", "plan-builder")]
    assert ("tool", "plan-builder") in missing_for(load_programmes()["ba-ngay"], notes)


def test_notes_are_short_nfc_and_use_the_kits_terms():
    for path in notes_root().rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert text == unicodedata.normalize("NFC", text), path.name
        assert len(text.splitlines()) <= 26, f"{path.name}: keep a note to ~25 lines"
        # tone placement is tests/test_spelling.py's; the seed's terms are checked here
        assert "H'Mông" not in text and "Tổ công tác" not in text, path.name
    for note in load_notes().values():
        assert all(t.strip() for t in note_texts(note, "vi") + note_texts(note, "en"))


def _copy(tmp_path):
    root = tmp_path / "trainer" / "notes"
    shutil.copytree(notes_root(), root)
    return root


def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_note_for_something_the_kit_lacks_is_refused(tmp_path):
    root = _copy(tmp_path)
    shutil.copy(root / "tool" / "home.yaml", root / "tool" / "khong-co.yaml")
    _edit(root / "tool" / "khong-co.yaml", lambda d: d.update(id="khong-co"))
    _, found = problems(root)
    assert [e.file for e in found] == ["notes/tool/khong-co.yaml"]
    assert "khong-co" in str(found[0]) and "Bộ công cụ không có" in str(found[0])


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["timing"][0].update(minutes=d["timing"][0]["minutes"] + 1), "the timing adds up to"),
    (lambda d: d.update(id="khac"), "Mã của ghi chú phải trùng tên tệp"),
    (lambda d: d["debrief"][0].update(vi="Một câu không phải câu hỏi."), "question mark"),
    (lambda d: d.pop("paper"), "paper"),
])
def test_a_broken_note_names_its_file_and_field(tmp_path, change, expected):
    root = _copy(tmp_path)
    _edit(root / "exercise" / "co-mau.yaml", change)
    _, found = problems(root)
    assert len(found) == 1 and found[0].file == "notes/exercise/co-mau.yaml"
    assert expected in str(found[0])


def test_a_note_outside_the_kind_folders_is_refused(tmp_path):
    root = _copy(tmp_path)
    (root / "slides").mkdir()
    shutil.copy(root / "tool" / "home.yaml", root / "slides" / "home.yaml")
    with pytest.raises(ContentError, match="lesson, tool, roleplay, exercise"):
        load_notes(root)


def test_check_content_checks_and_counts_the_notes(tmp_path, monkeypatch):
    result = CliRunner().invoke(main, ["check-content"])
    assert result.exit_code == 0, result.output
    assert f"Ghi chú cho giảng viên (thư mục trainer/notes): {len(load_notes())} tệp" in result.output
    root = _copy(tmp_path)
    _edit(root / "roleplay" / "hop-ubnd-so-nganh.yaml", lambda d: d.update(minutes=5))
    monkeypatch.setattr(trainer_notes, "notes_root", lambda: root)
    result = CliRunner().invoke(main, ["check-content"])
    assert result.exit_code == 2 and "notes/roleplay/hop-ubnd-so-nganh.yaml" in result.output
