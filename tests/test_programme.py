"""Workshop programmes as content: both shipped programmes pass every check, and a trainer's
edit that breaks one (a lesson that does not exist, a day that does not add up, a phase left
out) is refused with the file, the session and the field."""

from __future__ import annotations

import copy

import pytest
import yaml
from click.testing import CliRunner

from thamvan_lib.cli import main
from thamvan_lib.content import load_kind
from thamvan_lib.programme import load_programmes, minutes, problems, total_minutes
from thamvan_lib.schema.programme import ProgrammeFile


def programme(name: str) -> dict:
    return load_kind("programme", name=name).model_dump(exclude_none=True)


def check(data: dict) -> list[str]:
    return [str(e) for e in problems(ProgrammeFile.model_validate(data), "programmes/x.yaml")]


def test_both_programmes_pass_and_fit_their_days():
    programmes = load_programmes()
    assert {"mot-ngay", "ba-ngay"} <= set(programmes)
    assert len(programmes["mot-ngay"].days) == 1 and len(programmes["ba-ngay"].days) == 3
    for p in programmes.values():
        assert check(p.model_dump(exclude_none=True)) == []
        for day in p.days:
            assert minutes(day.sessions[0].start) >= minutes("07:00") and minutes(day.sessions[-1].end) <= minutes("18:00")
    assert 5 * 60 <= total_minutes(programmes["mot-ngay"]) <= 7 * 60  # a working day of teaching


def test_the_three_day_programme_covers_every_phase_and_method_of_the_lecture():
    p = load_programmes()["ba-ngay"]
    assert {ph for d in p.days for s in d.sessions for ph in s.phases} == {1, 2, 3, 4, 5}
    methods = {s.method for d in p.days for s in d.sessions if s.method}
    # the lecture's methods (L8): group and plenary discussion, role-play, the three forms rehearsed
    assert {"thao-luan-nhom", "thao-luan-chung", "dong-vai", "hoi-nghi-dien-rong", "hoi-nghi-cac-ben",
            "thu-cong-dan"} <= methods
    used = {(u.kind, u.id) for d in p.days for s in d.sessions for u in s.uses}
    assert {k for k, _ in used} == {"lesson", "tool", "roleplay", "exercise"}


def test_a_lesson_that_does_not_exist_is_named():
    data = programme("mot-ngay")
    data["days"][0]["sessions"][1]["uses"].append({"kind": "lesson", "id": "99-khong-co"})
    [error] = check(data)
    assert "quy-trinh" in error and "uses" in error and "99-khong-co" in error and "Bộ công cụ không có" in error


@pytest.mark.parametrize("change, expected", [
    (lambda s: s[1].update(start="08:10"), "bắt đầu trước khi buổi “khai-mac” kết thúc"),
    (lambda s: s[1].update(end="08:00"), "không sau giờ bắt đầu"),
    (lambda s: s[-1].update(end="19:30"), "ngoài ngày làm việc"),
    (lambda s: s[2].update(kind="session", method="thuyet-trinh"), "phút liền không nghỉ"),
    (lambda s: s[3].pop("method"), "chưa ghi phương pháp"),
])
def test_a_day_that_does_not_add_up_is_refused(change, expected):
    data = copy.deepcopy(programme("mot-ngay"))
    change(data["days"][0]["sessions"])
    assert any(expected in e for e in check(data)), check(data)


def test_a_three_day_programme_without_a_phase_is_refused():
    data = programme("ba-ngay")
    for day in data["days"]:
        for session in day["sessions"]:
            session["phases"] = [p for p in session.get("phases", []) if p != 5]
    assert any("giai đoạn 5" in e for e in check(data))


def test_check_content_reports_a_broken_programme(content_copy, monkeypatch):
    path = content_copy / "programmes" / "mot-ngay.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["days"][0]["sessions"][3]["uses"][0]["id"] = "khong-co-cong-cu"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("THAMVAN_CONTENT", str(content_copy))
    result = CliRunner().invoke(main, ["check-content"])
    assert result.exit_code == 2 and "programmes/mot-ngay.yaml" in result.output
    assert "khong-co-cong-cu" in result.output


@pytest.mark.slow
def test_the_printed_programme_opens_in_libreoffice(tmp_path):
    import re
    import shutil
    import subprocess

    import docx

    result = CliRunner().invoke(main, ["workshop", "programme", "--programme", "ba-ngay", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    document = docx.Document(tmp_path / "chuong-trinh-ba-ngay.docx")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "CHƯƠNG TRÌNH TẬP HUẤN" in text and "Ngày 3: Xử lý, phản hồi và theo dõi tiếp thu" in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "08:20–09:50" in cells and "Tập dượt hội nghị tham vấn diện rộng" in cells
    assert "http" not in (tmp_path / "chuong-trinh-ba-ngay.html").read_text(encoding="utf-8").split("<body")[1]
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (installed by ./kit test) prints the programme"
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(tmp_path / "chuong-trinh-ba-ngay.docx")], check=True, capture_output=True, timeout=180)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", (tmp_path / "chuong-trinh-ba-ngay.pdf").read_bytes()))
    print(f"\nchuong-trinh-ba-ngay.pdf: {pages} pages")
    assert 2 <= pages <= 8


def test_an_unknown_programme_is_named_with_the_known_ones(tmp_path):
    result = CliRunner().invoke(main, ["workshop", "programme", "--programme", "hai-ngay", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "hai-ngay" in result.output and "ba-ngay, mot-ngay" in result.output
