import os
import subprocess
import sys

import yaml
from click.testing import CliRunner

from thamvan_lib.cli import main


def test_check_content_reports_counts():
    result = CliRunner().invoke(main, ["check-content"])
    assert result.exit_code == 0
    assert "Nội dung hợp lệ: 32 mục, 5 giai đoạn" in result.output


def test_check_content_explains_a_broken_file(content_copy, monkeypatch):
    path = content_copy / "actors.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["items"][2]["name"]["en"] = ""
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("THAMVAN_CONTENT", str(content_copy))
    result = CliRunner().invoke(main, ["check-content"])
    assert result.exit_code == 2
    assert "tệp actors.yaml, mục hdnd, trường name.en" in result.output


def test_help_is_bilingual_from_the_catalogue(content):
    result = CliRunner().invoke(main, ["course", "autograde", "--help"])
    for key in ("cli.help.course_autograde", "cli.help.workers"):
        vi, en = (" ".join(content.message(key, lang).split()) for lang in ("vi", "en"))
        assert vi in " ".join(result.output.split()) and en in " ".join(result.output.split())


def test_a_broken_help_file_does_not_stop_the_command_line(content_copy):
    (content_copy / "messages" / "cli_help.yaml").write_text("messages: [", encoding="utf-8")
    env = {**os.environ, "THAMVAN_CONTENT": str(content_copy)}
    run = [sys.executable, "-m", "thamvan_lib"]
    helped = subprocess.run(run + ["--help"], env=env, capture_output=True, text=True, timeout=60)
    assert helped.returncode == 0 and "cli.help.start" in helped.stdout  # the key stands in
    checked = subprocess.run(run + ["check-content"], env=env, capture_output=True, text=True, timeout=60)
    assert checked.returncode == 2
    assert "messages/cli_help.yaml" in checked.stdout + checked.stderr


def test_text_repair_writes_unicode_copies_and_reports(tmp_path):
    legacy = tmp_path / "thu-cu-tri.txt"
    legacy.write_bytes("§oµn §BQH tæ chøc häp c¸c bé phËn liªn quan".encode("cp1252"))
    clean = tmp_path / "sach.txt"
    clean.write_text("Kế hoạch tham vấn đã được phê duyệt.", encoding="utf-8")
    result = CliRunner().invoke(main, ["text", "repair", str(legacy), str(clean),
                                       "--output-dir", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    repaired = (tmp_path / "out" / "thu-cu-tri.unicode.txt").read_text(encoding="utf-8")
    assert repaired == "Đoàn ĐBQH tổ chức họp các bộ phận liên quan"
    assert "Đã chuyển 9 từ sang Unicode (mã của tệp: tcvn3)" in result.output
    assert "c¸c → các" in result.output and "bé → bộ" in result.output
    assert (tmp_path / "out" / "sach.unicode.txt").read_text(encoding="utf-8") == clean.read_text(encoding="utf-8")
    assert "không cần sửa (mã của tệp: utf-8)" in result.output


def test_text_repair_refuses_a_binary_file(tmp_path):
    binary = tmp_path / "bao-cao.docx"
    binary.write_bytes(b"PK\x03\x04\x00\x00\x00binary\x00\x00" * 20)
    result = CliRunner().invoke(main, ["text", "repair", str(binary)])
    assert result.exit_code == 1
    assert "không phải văn bản thuần" in result.output
