from thamvan_lib.vietnamese import fold, normalize


def test_fold_removes_every_diacritic_and_d_bar():
    assert fold("Tham vấn ý kiến nhân dân") == "tham van y kien nhan dan"
    assert fold("Đoàn ĐBQH, HĐND") == "doan dbqh, hdnd"
    assert fold("ắằẳẵặ ờởỡợ ừửữự ỳỷỹỵ") == "aaaaa oooo uuuu yyyy"


def test_fold_treats_decomposed_and_composed_alike():
    decomposed = "tha\u0300nh pho\u0302\u0301"
    assert fold(decomposed) == fold("thành phố") == "thanh pho"


def test_normalize_gives_nfc_and_single_spaces():
    assert normalize("  Kế\u0301 hoạch\n\tTV ") == normalize("Kế́ hoạch TV")
    assert normalize("tha\u0300nh  phố") == "thành phố"
