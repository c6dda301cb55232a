"""The upload page for legacy files, with the kit's real TCVN3 sample letter."""

import base64
import re
from datetime import datetime, timezone
from pathlib import Path

from click.testing import CliRunner

from thamvan_lib.cli import main
from thamvan_lib.widgets.text_repair import LIMIT_BYTES, TextRepairView

SAMPLE = Path(__file__).resolve().parents[2] / "datasets" / "samples" / "thu-cong-dan-tcvn3.txt"

LETTER = """Kính gửi: Đoàn đại biểu Quốc hội và Thường trực Hội đồng nhân dân tỉnh

Tôi tên là Nguyễn Thị Hoa, sinh năm 1968, ở thôn Bãi Sậy, xã Đồng Xanh. Gia đình tôi là hộ nghèo, \
chồng tôi bị bệnh tim nên phải đi khám hằng tháng. Trạm y tế xã thường thiếu thuốc, vì vậy chúng tôi \
phải lên bệnh viện tỉnh cách nhà hơn 40 cây số. Mỗi lần đi khám, tiền xe và tiền ăn tốn gần bằng nửa \
tháng thu nhập của cả nhà. Nhiều người nghèo trong thôn có thẻ bảo hiểm y tế nhưng không biết thủ tục \
chuyển tuyến, nên đành bỏ thuốc khi hết tiền. Tôi đề nghị tỉnh bổ sung thuốc cho trạm y tế và cử bác \
sĩ về khám định kỳ tại xã. Chúng tôi cũng mong cán bộ xã hướng dẫn người dân dùng thẻ bảo hiểm y tế \
cho đúng.

Xin trân trọng cảm ơn.
Người viết thư
Nguyễn Thị Hoa
"""


def _upload(view, name, data):
    view.upload.value = ({"name": name, "type": "text/plain", "size": len(data),
                          "content": memoryview(data),
                          "last_modified": datetime(2024, 5, 1, tzinfo=timezone.utc)},)


def test_the_sample_is_a_tcvn3_file():
    data = SAMPLE.read_bytes()
    assert b"\xa7o\xb5n" in data  # "§oµn": Đoàn in TCVN3
    assert data.decode("cp1252") != LETTER


def test_uploading_the_sample_gives_back_the_letter(content):
    view = TextRepairView()
    _upload(view, SAMPLE.name, SAMPLE.read_bytes())
    assert view.result.repair.after == LETTER
    html = view.output.value
    assert "Mã cũ TCVN3 (ABC) hoặc VNI-Windows" in html
    assert "§oµn → <b>Đoàn</b>" in html and "Tôi tên là Nguyễn Thị Hoa" in html
    data_url = re.search(r"href='data:text/plain;charset=utf-8;base64,([^']+)'", html).group(1)
    assert base64.b64decode(data_url).decode("utf-8") == LETTER
    assert "download='thu-cong-dan-tcvn3.unicode.txt'" in html


def test_the_command_line_gives_back_the_same_letter(tmp_path, content):
    result = CliRunner().invoke(main, ["text", "repair", str(SAMPLE), "--output-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "thu-cong-dan-tcvn3.unicode.txt").read_text(encoding="utf-8") == LETTER


def test_a_unicode_file_is_left_as_it_is(content):
    view = TextRepairView()
    result = view.handle("thu.csv", LETTER.encode("utf-8"))
    assert result.repair.after == LETTER and result.repair.changed_words == []
    assert "Không có từ nào cần sửa." in view.output.value
    assert "download='thu.unicode.csv'" in view.output.value


def test_a_too_large_file_is_refused_and_changes_nothing(content):
    view = TextRepairView()
    view.handle(SAMPLE.name, SAMPLE.read_bytes())
    before = (view.output.value, view.result)
    assert view.handle("lon.txt", b"a" * (LIMIT_BYTES + 1)) is None
    assert "Tệp “lon.txt” nặng 5,0 MB, quá giới hạn 5 MB." in view.status.value
    assert "Không có gì bị thay đổi" in view.status.value
    assert (view.output.value, view.result) == before


def test_a_binary_file_is_refused_and_changes_nothing(content):
    view = TextRepairView()
    _upload(view, "anh.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    assert view.result is None and view.output.value == ""
    assert "Không đọc được tệp “anh.txt”: Tệp này không phải văn bản thuần" in view.status.value


def test_english_page(content):
    view = TextRepairView(lang="en")
    view.handle("lon.txt", b"a" * (LIMIT_BYTES + 1))
    assert "is 5.0 MB, over the 5 MB limit" in view.status.value
    view.handle(SAMPLE.name, SAMPLE.read_bytes())
    assert "Legacy TCVN3 (ABC) or VNI-Windows" in view.output.value and view.status.value == ""


def test_only_text_files_are_offered(content):
    assert TextRepairView().upload.accept == ".txt,.csv"
