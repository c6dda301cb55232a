"""The analysis dashboard driven from Python: sample data, uploads in every encoding,
refused files that change nothing, weights, shares with intervals, conferences."""

from datetime import datetime, timezone

import pandas as pd
import pytest

from thamvan_lib.analysis import cleaning, tables
from thamvan_lib.analysis.io import load_questionnaire_file
from thamvan_lib.minutes import minutes_statistics
from thamvan_lib.i18n import decimal
from thamvan_lib.vietnamese import to_legacy
from thamvan_lib.widgets.common import esc
from thamvan_lib.dataset import KIT, read_populations
from thamvan_lib.widgets.analysis_view import LIMIT_BYTES, AnalysisView, conference_units, percent

from ..encodings import cp1258 as _cp1258

CSV = ("ma_phieu,xa_phuong,gioi_tinh,dan_toc,the_bhyt,hl_tram_y_te\n"
       "T-1,Xã Nậm Khê,Nữ,Mông,có,Hài lòng\n"
       "T-2,Xã Nậm Khê,Nam,Mông,không,Không hài lòng\n"
       "T-3,Phường Sơn Hà,Nữ,Kinh,có,Rất hài lòng\n"
       "T-4,xa nam khe,Nữ,Thái,có,Hài lòng\n"
       "T-4,xa nam khe,Nữ,Thái,có,Hài lòng\n")


ENCODINGS = {
    "tcvn3": (lambda t: to_legacy(t, "tcvn3").encode("cp1252"), "Mã cũ TCVN3"),
    "cp1258": (_cp1258, "Windows-1258"),
    "utf-16": (lambda t: t.encode("utf-16"), "Unicode (UTF-16)"),
}


def _upload(view, name, data):
    view.upload.value = ({"name": name, "type": "text/csv", "size": len(data), "content": memoryview(data),
                          "last_modified": datetime(2026, 5, 1, tzinfo=timezone.utc)},)


@pytest.fixture(scope="module")
def sample():
    """The shipped questionnaire, cleaned and weighted by the library itself."""
    raw = load_questionnaire_file((KIT.folder / "phieu-hoi.csv").read_bytes())
    clean, report = cleaning.clean(raw)
    return clean, report, tables.weight_by_population(clean, read_populations())


@pytest.fixture
def loaded(content):
    view = AnalysisView(lang="vi")
    assert view.load_sample() is view.data
    return view


def _state(view):
    return (view.data, view.source.value, view.report_html.value, view.result_html.value,
            view.chart.value, view.question.options, view.question.value, view.weighted.value)


def test_before_any_data_the_page_says_what_to_do(content):
    view = AnalysisView(lang="vi")
    assert "Chưa có dữ liệu" in view.source.value
    assert view.question.disabled and view.weighted.disabled
    assert view.progress.layout.visibility == "hidden"


def test_the_sample_shows_the_cleaning_report_as_a_table(loaded, sample):
    clean, report, _ = sample
    assert loaded.data.sample and len(loaded.data.clean) == len(clean) == 1600
    html = loaded.report_html.value
    assert "<table class='thamvan-table thamvan-report'>" in html
    assert f"Ban đầu {report.rows_before} dòng, còn {report.rows_after} dòng" in html
    for change in report.changes:  # what, which rows, why: the library's own sentence
        assert change.text("vi").replace("“", "").split("(")[0][:30] in html.replace("“", "")
    assert html.count("<tr>") == len(report.changes) + 1
    assert "Bỏ 29 dòng trùng lặp" in html
    assert "Đã nạp “phieu-hoi.csv”: còn 1600 dòng" in loaded.status.value
    assert "dữ liệu mẫu" in loaded.source.value and "Unicode (UTF-8)" in loaded.source.value
    assert loaded.progress.layout.visibility == "hidden"  # the work is over


def test_a_question_gives_shares_with_wilson_intervals_and_a_chart(loaded, sample):
    clean = sample[0]
    loaded.question.value = "the_bhyt"
    expected = tables.proportion_table(clean, "the_bhyt")
    pd.testing.assert_frame_equal(loaded.table, expected)
    html = loaded.result_html.value
    for row in expected.itertuples():
        assert (f"<td>{row.tra_loi}</td><td class='num'>{row.so_nguoi}</td><td class='num'>{percent(row.ty_le, 'vi')}</td>"
                f"<td class='num'>{percent(row.can_duoi, 'vi')} – {percent(row.can_tren, 'vi')}</td>") in html
    assert "Khoảng tin cậy 95%" in html and "Tỷ lệ chưa có trọng số." in html
    assert bytes(loaded.chart.value).startswith(b"\x89PNG") and loaded.chart.layout.display is None


def test_weights_by_commune_population_with_kish(loaded, sample):
    clean, _, weighting = sample
    assert not loaded.weighted.disabled and not loaded.weighted.value
    assert "1.422,6" in loaded.weights_html.value  # what weights would cost, before switching on
    loaded.question.value = "hl_tram_y_te"
    loaded.weighted.value = True
    assert f"cỡ mẫu hiệu dụng (Kish) = {decimal(weighting.effective_n, 1, 'vi')}," in loaded.weights_html.value
    assert "n = 1600" in loaded.weights_html.value and "hệ số thiết kế = 1,12" in loaded.weights_html.value
    expected = tables.proportion_table(clean, "hl_tram_y_te", weights=weighting)
    pd.testing.assert_frame_equal(loaded.table, expected)
    assert percent(expected.loc[0, "ty_le"], "vi") in loaded.result_html.value
    assert "Tỷ lệ có trọng số theo dân số xã." in loaded.result_html.value
    loaded.weighted.value = False
    pd.testing.assert_frame_equal(loaded.table, tables.proportion_table(clean, "hl_tram_y_te"))


@pytest.mark.parametrize("group", ["gioi_tinh", "dan_toc", "ho_gia_dinh", "xa_phuong"])
def test_cross_tabulation_by_group_with_intervals(loaded, sample, group):
    clean = sample[0]
    loaded.question.value = "kho_khan"
    loaded.group.value = group
    expected = tables.proportion_table(clean, "kho_khan", by=group)
    pd.testing.assert_frame_equal(loaded.table, expected)
    html = loaded.result_html.value
    assert "thamvan-crosstab" in html
    for g in expected[group].unique():
        assert f"<th class='num'>{esc(g)}</th>" in html
    first = expected.iloc[0]
    assert (f"<b>{percent(first.ty_le, 'vi')}</b><br><span class='muted'>{percent(first.can_duoi, 'vi')} – "
            f"{percent(first.can_tren, 'vi')}</span>") in html
    assert "tổng các tỷ lệ có thể vượt 100%" in html  # kho_khan is multi-select


def test_question_and_group_cannot_be_the_same_column(loaded):
    loaded.question.value = "gioi_tinh"
    loaded.group.value = "gioi_tinh"
    assert "cùng một cột" in loaded.result_html.value


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_uploads_in_legacy_and_windows_encodings_are_read(content, encoding):
    encode, label = ENCODINGS[encoding]
    view = AnalysisView(lang="vi")
    _upload(view, f"phieu-{encoding}.csv", encode(CSV))
    assert view.data is not None and not view.data.sample, view.status.value
    assert view.data.clean["xa_phuong"].tolist() == ["Xã Nậm Khê", "Xã Nậm Khê", "Phường Sơn Hà", "Xã Nậm Khê"]
    assert set(view.data.clean["dan_toc"]) == {"Mông", "Kinh", "Thái"}
    assert label in view.source.value and f"phieu-{encoding}.csv" in view.source.value
    assert "Bỏ 1 dòng trùng lặp" in view.report_html.value
    assert "Sửa tên xã/phường “xa nam khe” thành “Xã Nậm Khê”" in view.report_html.value
    assert [v for _, v in view.question.options][:2] == ["hl_tram_y_te", "the_bhyt"]
    assert "Hài lòng" in view.result_html.value
    assert view.upload.value == ()  # memory freed, the same file can be chosen again


def test_missing_columns_are_explained_and_the_previous_data_kept(loaded):
    loaded.question.value, loaded.group.value = "du_thuoc", "ho_gia_dinh"
    before = _state(loaded)
    _upload(loaded, "thieu-cot.csv", "ma_phieu,ten,tuoi\nA-1,Lan,34\n".encode("utf-8"))
    status = loaded.status.value
    assert "Không nạp được tệp “thieu-cot.csv”" in status
    assert "Tệp phiếu hỏi thiếu cột: xa_phuong. Các cột trong tệp: ma_phieu, ten, tuoi." in status
    assert "Dữ liệu đang dùng (“phieu-hoi.csv”) vẫn giữ nguyên." in status and "thamvan-error" in status
    assert _state(loaded) == before
    assert loaded.progress.layout.visibility == "hidden"


def test_a_too_large_file_is_refused_and_the_previous_data_kept(loaded):
    before = _state(loaded)
    assert loaded.load_bytes("lon.csv", b"ma_phieu,xa_phuong\n" + b"x" * LIMIT_BYTES) is None
    assert "Không nạp được tệp “lon.csv”: Tệp nặng 5,0 MB, quá giới hạn 5 MB của trang này." in loaded.status.value
    assert "vẫn giữ nguyên" in loaded.status.value
    assert _state(loaded) == before


@pytest.mark.parametrize("name,data,reason", [
    ("rong.csv", b"", "Tệp trống"),
    ("anh.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 20, "Không nạp được tệp “anh.csv”"),
    ("chi-tieu-de.csv", "ma_phieu,xa_phuong\n".encode(), "Tệp trống"),
])
def test_other_bad_files_change_nothing(loaded, name, data, reason):
    before = _state(loaded)
    assert loaded.load_bytes(name, data) is None
    assert reason in loaded.status.value and "vẫn giữ nguyên" in loaded.status.value
    assert _state(loaded) == before


def test_a_refused_first_upload_leaves_the_page_empty(content):
    view = AnalysisView(lang="vi")
    view.load_bytes("x.csv", b"ma_phieu\n1\n")
    assert view.data is None and "Chưa có dữ liệu nào được nạp." in view.status.value
    assert "Chưa có dữ liệu" in view.source.value


def test_data_from_elsewhere_cannot_be_weighted_and_says_why(content):
    view = AnalysisView(lang="vi")
    view.load_bytes("noi-khac.csv", "ma_phieu,xa_phuong,the_bhyt\n1,Xã Khác,có\n2,Xã Khác,không\n".encode())
    assert view.data is not None and view.weighted.disabled and not view.weighted.value
    assert "Không gán được trọng số" in view.weights_html.value and "Xã Khác" in view.weights_html.value
    assert "<td>có</td>" in view.result_html.value


def test_minutes_of_the_two_conferences(content):
    view = AnalysisView(lang="vi")
    units = conference_units()
    expected = minutes_statistics(units)
    html = view.minutes_html.value
    assert "Hội nghị 1:" in html and "Hội nghị 2:" in html and "ngày 8/4/2026" in html
    assert f"{(units['hoi_nghi'] == 1).sum()} ý kiến" in html
    assert "<th class=num>Đồng tình</th><th class=num>Không đồng tình</th><th class=num>Đề xuất</th>" in html
    pd.testing.assert_frame_equal(view.minutes_table, expected)
    assert f"<td class='num'><b>{len(units)}</b></td>" in html  # every opinion counted once
    assert "không phải mẫu xác suất" in html
    view.minutes_by.value = "conference"
    assert "<th>Hội nghị</th>" in view.minutes_html.value
    pd.testing.assert_frame_equal(view.minutes_table,
                                  minutes_statistics(units, by=("hoi_nghi", "chu_de", "nhom")))


def test_english_page(content):
    view = AnalysisView(lang="en")
    view.load_sample()
    assert "Use the sample data" == view.sample_button.description
    assert "Cleaning report" in view.widget.children[3].children[0].children[3].value
    view.weighted.value = True
    assert "effective sample size (Kish) = 1,422.6" in view.weights_html.value
    view.load_bytes("x.csv", b"ma_phieu,ten\n1,2\n")
    assert "The questionnaire file lacks the columns: xa_phuong" in view.status.value
    assert "stays as it was" in view.status.value
    assert "8 April 2026" in view.minutes_html.value
