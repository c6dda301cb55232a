"""The dataset's layout, written once: readers, paths, and another office's questionnaire."""

import pandas as pd
import pytest

from thamvan_lib import datagen, dataset
from thamvan_lib.analysis.cleaning import clean
from thamvan_lib.analysis.tables import proportion_table
from thamvan_lib.dataset import KIT, Survey
from thamvan_lib.errors import KitError
from thamvan_lib.locations import datasets


def test_the_kit_dataset_is_under_the_datasets_folder():
    assert KIT.folder == datasets() / dataset.KIT_NAME
    assert dataset.conferences() == [1, 2]
    assert list(dataset.read_questionnaire().columns) == list(KIT.survey.columns)


def test_every_reader_reads_text_cells():
    for table in (dataset.read_interviews(), dataset.read_letter_index(), dataset.read_units(),
                  dataset.read_units(number=2)):
        assert all(pd.api.types.is_string_dtype(t) for t in table.dtypes)
        assert not table.isna().any().any()  # blanks are "", not missing
    assert dataset.read_populations()["dan_so_tu_18"].dtype.kind == "i"
    assert dataset.read_questionnaire()["y_kien"].isna().any()  # blank answers are missing


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(KitError, match="hoi-nghi-3-bien-ban.json"):
        dataset.read_minutes(3)
    with pytest.raises(KitError, match="phieu-hoi.csv"):
        dataset.read_questionnaire(tmp_path)
    assert dataset.read_units(tmp_path) is None


def test_the_generator_writes_the_description():
    assert tuple(c.name for c in datagen.COMMUNES) == KIT.survey.communes
    assert tuple(datagen.questionnaire(scale=0.01, seed=3).columns) == KIT.survey.columns


def test_another_office_questionnaire_is_understood():
    """Same layout, other questions: a Survey says what they mean."""
    survey = Survey(columns=("ma_phieu", "xa_phuong", "nuoc_sach", "ly_do"),
                    communes=("Xã Hòa Bình", "Phường Trung Tâm"),
                    scales={"nuoc_sach": ("Không bao giờ", "Đôi khi", "Luôn luôn")},
                    multi=("ly_do",),
                    orders=(("Không bao giờ", "Đôi khi", "Luôn luôn"),))
    df = pd.DataFrame({"ma_phieu": ["A-1", "A-2", "A-3", "A-4"],
                       "xa_phuong": ["xa hoa binh", "Phường Trung Tâm", "Xã Hòa Bình", "XÃ HÒA BÌNH"],
                       "nuoc_sach": ["Luôn luôn", "Đôi khi", "Luôn luôn", "Có"],
                       "ly_do": ["Xa", "Xa", "Đắt", "Xa"]})
    cleaned, report = clean(df, survey=survey)
    assert set(cleaned["xa_phuong"]) == {"Xã Hòa Bình", "Phường Trung Tâm"}
    assert cleaned["nuoc_sach"].isna().sum() == 1  # "Có" is not on the scale
    assert [c.key for c in report.changes].count("analysis.clean.commune_fixed") == 2
    table = proportion_table(cleaned, "nuoc_sach", survey=survey)
    assert table["tra_loi"].tolist() == ["Đôi khi", "Luôn luôn"]  # the scale's order
    multi = proportion_table(cleaned, "ly_do", survey=survey)
    assert multi["so_nguoi"].tolist() == [3, 1] and multi["co_so"].tolist() == [4, 4]
