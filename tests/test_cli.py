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


def test_help_is_bilingual():
    result = CliRunner().invoke(main, ["start", "--help"])
    assert "Mở bảng điều khiển chính" in result.output and "Start the home dashboard" in result.output
