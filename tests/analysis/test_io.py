"""Reading an uploaded questionnaire in every encoding offices meet; refusals explained."""


import random
import time

import pandas as pd
import pytest

from thamvan_lib.analysis.io import load_questionnaire_file
from thamvan_lib.dataset import KIT
from thamvan_lib.errors import KitError
from thamvan_lib.vietnamese import to_legacy

from ..encodings import cp1258 as _cp1258


# --- loading files ----------------------------------------------------------------------

CSV = "ma_phieu,xa_phuong,y_kien\nSH-1,Xã An Bình,Trạm y tế thiếu thuốc\nSH-2,Phường Sơn Hà,\n"


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"), lambda t: t.encode("utf-8-sig"), lambda t: t.encode("utf-16"),
    lambda t: t.encode("utf-16-le"), _cp1258,
    lambda t: to_legacy(t, "tcvn3").encode("cp1252"), lambda t: t.replace(",", ";").encode()])
def test_load_reads_every_encoding_offices_meet(encode):
    df = load_questionnaire_file(encode(CSV))
    assert list(df.columns) == ["ma_phieu", "xa_phuong", "y_kien"]
    assert df["xa_phuong"].tolist() == ["Xã An Bình", "Phường Sơn Hà"]
    assert df.loc[0, "y_kien"] == "Trạm y tế thiếu thuốc" and pd.isna(df.loc[1, "y_kien"])


def test_load_reads_the_generated_file_unchanged():
    path = KIT.folder
    data = (path / "phieu-hoi.csv").read_bytes()
    df = load_questionnaire_file(data)
    direct = pd.read_csv(path / "phieu-hoi.csv", dtype=str, keep_default_na=False, na_values=[""])
    pd.testing.assert_frame_equal(df, direct)


def test_load_refuses_with_clear_vietnamese():
    with pytest.raises(KitError, match="thiếu cột: xa_phuong"):
        load_questionnaire_file("ma_phieu,ten\nSH-1,An\n".encode())
    with pytest.raises(KitError, match="quá lớn"):
        load_questionnaire_file(CSV.encode(), max_bytes=10)
    with pytest.raises(KitError, match="trống"):
        load_questionnaire_file(b"")
    with pytest.raises(KitError, match="bytes"):
        load_questionnaire_file(CSV)
    with pytest.raises(KitError, match="trống"):
        load_questionnaire_file(b"ma_phieu,xa_phuong\n")
    with pytest.raises(KitError):
        load_questionnaire_file(bytes(range(256)) * 4)
    with pytest.raises(KitError, match="CSV"):
        load_questionnaire_file(b'ma_phieu,xa_phuong\n"SH-1,"X\n"a,b\n')


# --- uploads that attack the kernel: each refused within seconds, with a clear message ----

def _refused_quickly(data: bytes) -> KitError:
    start = time.monotonic()
    with pytest.raises(KitError) as err:
        load_questionnaire_file(data, max_bytes=5 * 1024 * 1024)
    assert time.monotonic() - start < 5
    assert len(str(err.value)) < 2000  # the notice is a sentence, not the file sent back
    return err.value


@pytest.mark.parametrize("size", [300_000, 4_900_000])
def test_a_file_of_commas_is_refused_for_its_columns(size):
    err = _refused_quickly(b"ma_phieu,xa_phuong" + b"," * size + b"\nSH-1,X\n")
    assert err.key == "analysis.load.too_many_columns"
    assert "cột" in err.text("vi")


def test_random_bytes_are_refused_as_not_a_table():
    err = _refused_quickly(random.Random(7).randbytes(1_000_000))
    assert err.key == "analysis.load.binary"


def test_a_quote_left_open_is_a_table_or_a_clear_refusal():
    data = b'ma_phieu,xa_phuong\n"SH-1,X\n' + b'"a""b,' * 200_000 + b"\n"
    start = time.monotonic()
    try:
        load_questionnaire_file(data)
    except KitError:
        pass
    assert time.monotonic() - start < 5


def test_a_missing_column_names_a_few_present_ones_not_all():
    header = ",".join(f"cot_{i}" for i in range(400))
    err = _refused_quickly(f"{header}\n{','.join('x' * 400)}\n".encode())
    assert err.key == "analysis.load.missing_columns" and "cot_399" not in str(err)
