import math
import random
import unicodedata

import pytest
import yaml
from scipy import stats

from thamvan_lib.errors import KitError
from thamvan_lib.sampling import (allocate, design_weights, effective_sample_size,
                                  margin_of_error, non_probability_warning, sample_size, z_value)
from thamvan_lib.vietnamese import fold

COMMUNES = {"Phường Hòa Minh": 6000, "Xã An Bình": 3000, "Xã Tân Phú": 1000}


# --- published values ---------------------------------------------------------

def test_z_matches_scipy():
    for confidence in (0.8, 0.9, 0.95, 0.99, 0.999):
        assert z_value(confidence) == pytest.approx(stats.norm.ppf(1 - (1 - confidence) / 2), abs=1e-9)
    assert round(z_value(0.99), 4) == 2.5758


def test_cochran_sample_sizes_from_textbooks():
    assert sample_size(None) == 385  # 1.96² · 0.25 / 0.05² = 384.16, rounded up
    assert sample_size(1000) == 278
    assert sample_size(10000) == 370
    assert sample_size(None, margin=0.03) == 1068
    assert sample_size(None, margin=0.05, confidence=0.99) == 664


def test_sample_size_agrees_with_the_formula_using_scipy_z():
    for margin, confidence, proportion in ((0.05, 0.95, 0.5), (0.03, 0.9, 0.3), (0.02, 0.99, 0.8)):
        z = stats.norm.ppf(1 - (1 - confidence) / 2)
        n0 = z ** 2 * proportion * (1 - proportion) / margin ** 2
        assert sample_size(None, margin, confidence, proportion) == math.ceil(round(n0, 9))
        for population in (50, 800, 25_000):
            n = n0 / (1 + (n0 - 1) / population)
            assert sample_size(population, margin, confidence, proportion) == math.ceil(round(n, 9))


def test_sample_size_never_exceeds_the_population_and_is_at_least_one():
    assert sample_size(1) == 1
    assert sample_size(30, margin=0.01) <= 30
    assert sample_size(None, proportion=0.0) == 1
    assert sample_size(1, proportion=1.0) == 1  # n0 = 0 and N = 1 would divide by zero
    assert sample_size(1000.0) == 278  # a whole number typed as a float is fine


def test_margin_of_error_of_400_people():
    assert margin_of_error(400) == pytest.approx(0.0490, abs=1e-4)
    assert margin_of_error(400) == pytest.approx(1.96 * math.sqrt(0.25 / 400), abs=1e-4)


def test_margin_of_error_agrees_with_scipy_normal_formula():
    for n, population, confidence, p in ((400, None, 0.95, 0.5), (150, 2000, 0.9, 0.3),
                                         (1000, 5000, 0.99, 0.1)):
        z = stats.norm.ppf(1 - (1 - confidence) / 2)
        fpc = 1 if population is None else math.sqrt((population - n) / (population - 1))
        assert margin_of_error(n, population, confidence, p) == pytest.approx(
            z * math.sqrt(p * (1 - p) / n) * fpc, rel=1e-9)


def test_margin_is_half_the_width_of_scipys_normal_interval():
    low, high = stats.norm.interval(0.95, loc=0.5, scale=math.sqrt(0.25 / 400))
    assert margin_of_error(400) == pytest.approx((high - low) / 2, rel=1e-9)


def test_margin_of_error_shrinks_with_a_finite_population_and_vanishes_for_a_census():
    assert margin_of_error(400, 1000) < margin_of_error(400, 100_000) < margin_of_error(400)
    assert margin_of_error(1000, 1000) == 0.0
    assert margin_of_error(1, 1) == 0.0


def test_round_trip_sample_size_reaches_the_margin():
    for population in (None, 1, 2, 10, 57, 100, 999, 1000, 4321, 10_000, 250_000, 10_000_000):
        for margin in (0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.2):
            for confidence in (0.9, 0.95, 0.99):
                n = sample_size(population, margin, confidence)
                # 1e-9 relative slack: sample_size rounds to 9 decimals before ceil.
                assert margin_of_error(n, population, confidence) <= margin * (1 + 1e-9)
                if n > 1:  # one person fewer would not do
                    assert margin_of_error(n - 1, population, confidence) > margin


# --- allocation -----------------------------------------------------------------

def _random_strata(rng):
    names = [f"Xã {name}" for name in ("An Bình", "Tân Phú", "Hòa Lợi", "Phú Mỹ", "Long Hưng",
                                        "Mỹ Thạnh", "Bình Đông", "Thạnh Lộc")]
    picked = rng.sample(names, rng.randint(1, len(names)))
    return {name: rng.choice([0, rng.randint(1, 30), rng.randint(100, 20_000)]) for name in picked}


def test_allocation_totals_are_exact_and_no_stratum_is_overfilled():
    rng = random.Random(20240611)
    for _ in range(400):
        strata = _random_strata(rng)
        total = sum(strata.values())
        if total == 0:
            continue
        n = rng.randint(1, total)
        sd = {h: rng.choice([0.0, rng.uniform(0.05, 3)]) for h in strata}
        for method in ("proportional", "equal", "neyman"):
            result = allocate(strata, n, method, sd=sd)
            assert sum(result.values()) == n, (strata, n, method)
            assert all(0 <= result[h] <= strata[h] for h in strata), (strata, n, method, result)
            assert list(result) == list(strata)


def test_proportional_is_within_one_of_the_exact_share():
    rng = random.Random(7)
    for _ in range(200):
        strata = {h: rng.randint(1, 5000) for h in ("Phường Hòa Minh", "Xã An Bình", "Xã Tân Phú",
                                                     "Xã Phú Mỹ")}
        total = sum(strata.values())
        n = rng.randint(1, min(strata.values()))  # small enough that no cap binds
        result = allocate(strata, n)
        for h, size in strata.items():
            assert abs(result[h] - n * size / total) < 1


def test_proportional_example():
    assert allocate(COMMUNES, 300) == {"Phường Hòa Minh": 180, "Xã An Bình": 90, "Xã Tân Phú": 30}
    # 100 · (0.6, 0.3, 0.1) is exact too; 101 gives the extra person to the largest remainder
    assert allocate(COMMUNES, 101) == {"Phường Hòa Minh": 61, "Xã An Bình": 30, "Xã Tân Phú": 10}


def test_equal_is_within_one_of_n_over_k():
    for n in range(1, 200):
        result = allocate(COMMUNES, n, "equal")
        assert max(result.values()) - min(result.values()) <= 1
        assert all(abs(v - n / 3) < 1 for v in result.values())
    assert allocate(COMMUNES, 100, "equal") == {"Phường Hòa Minh": 34, "Xã An Bình": 33,
                                                "Xã Tân Phú": 33}


def test_neyman_favours_strata_whose_answers_vary_more():
    sd = {"Phường Hòa Minh": 0.3, "Xã An Bình": 0.5, "Xã Tân Phú": 0.5}
    neyman = allocate(COMMUNES, 300, "neyman", sd=sd)
    proportional = allocate(COMMUNES, 300)
    assert neyman == {"Phường Hòa Minh": 142, "Xã An Bình": 118, "Xã Tân Phú": 40}
    assert neyman["Phường Hòa Minh"] < proportional["Phường Hòa Minh"]
    assert neyman["Xã Tân Phú"] > proportional["Xã Tân Phú"]
    # equal sd: Neyman is proportional allocation
    assert allocate(COMMUNES, 300, "neyman", sd={h: 0.5 for h in COMMUNES}) == proportional


def test_neyman_with_zero_sd_everywhere_falls_back_to_population():
    assert allocate(COMMUNES, 100, "neyman", sd={h: 0 for h in COMMUNES}) == allocate(COMMUNES, 100)


def test_a_small_commune_is_capped_and_the_rest_goes_to_the_others():
    strata = {"Xã An Bình": 20, "Xã Tân Phú": 1000, "Phường Hòa Minh": 500}
    assert allocate(strata, 300, "equal") == {"Xã An Bình": 20, "Xã Tân Phú": 140,
                                              "Phường Hòa Minh": 140}
    sd = {"Xã An Bình": 50.0, "Xã Tân Phú": 0.1, "Phường Hòa Minh": 0.1}
    assert allocate(strata, 300, "neyman", sd=sd)["Xã An Bình"] == 20
    assert allocate(strata, 1520, "equal") == strata  # n = everyone: a census of each commune


def test_allocation_keeps_the_input_order_and_every_stratum():
    strata = {"Xã Tân Phú": 10, "Phường Hòa Minh": 5000, "Xã Rỗng": 0, "Xã An Bình": 300}
    result = allocate(strata, 50)
    assert list(result) == list(strata)
    assert result["Xã Rỗng"] == 0


def test_method_name_is_forgiving_about_case_and_spaces():
    assert allocate(COMMUNES, 30, " Equal ") == allocate(COMMUNES, 30, "equal")


# --- weights -----------------------------------------------------------------------

def test_design_weights_are_population_over_sample():
    sample = {"Phường Hòa Minh": 100, "Xã An Bình": 50, "Xã Tân Phú": 40}
    assert design_weights(COMMUNES, sample) == {"Phường Hòa Minh": 60.0, "Xã An Bình": 60.0,
                                                "Xã Tân Phú": 25.0}
    # the weights add back up to the population
    assert sum(w * sample[h] for h, w in design_weights(COMMUNES, sample).items()) == 10_000


def test_a_commune_without_sample_gets_no_weight():
    assert design_weights(COMMUNES, {"Phường Hòa Minh": 10, "Xã An Bình": 0}) == {
        "Phường Hòa Minh": 600.0}


def test_proportional_allocation_gives_equal_weights_and_loses_nothing():
    sample = allocate(COMMUNES, 300)
    weights = design_weights(COMMUNES, sample)
    assert set(weights.values()) == {10000 / 300}
    per_person = [w for h, w in weights.items() for _ in range(sample[h])]
    assert effective_sample_size(per_person) == pytest.approx(300)


def test_kish_effective_sample_size():
    assert effective_sample_size([1.0] * 50) == 50
    assert effective_sample_size([3, 3, 3, 3]) == 4
    # (1 + 1 + 4)² / (1 + 1 + 16) = 36 / 18
    assert effective_sample_size([1, 1, 4]) == 2.0
    assert effective_sample_size([60.0] * 100 + [10.0] * 100) == pytest.approx(49e6 / 370_000)
    assert effective_sample_size([7.5]) == 1


# --- errors -----------------------------------------------------------------------

SD = {"Phường Hòa Minh": 0.3, "Xã An Bình": 0.5, "Xã Tân Phú": 0.5}

BAD_INPUTS = [
    ("population_not_positive", lambda: sample_size(0)),
    ("population_not_positive", lambda: sample_size(-5)),
    ("population_not_positive", lambda: margin_of_error(10, 0)),
    ("margin_out_of_range", lambda: sample_size(1000, margin=0)),
    ("margin_out_of_range", lambda: sample_size(1000, margin=1)),
    ("margin_out_of_range", lambda: sample_size(1000, margin=5)),  # meant 5%
    ("margin_out_of_range", lambda: sample_size(1000, margin=-0.05)),
    ("confidence_out_of_range", lambda: sample_size(1000, confidence=95)),
    ("confidence_out_of_range", lambda: sample_size(1000, confidence=0)),
    ("confidence_out_of_range", lambda: sample_size(1000, confidence=1)),
    ("confidence_out_of_range", lambda: margin_of_error(100, confidence=1.5)),
    ("proportion_out_of_range", lambda: sample_size(1000, proportion=1.2)),
    ("proportion_out_of_range", lambda: margin_of_error(100, proportion=-0.1)),
    ("n_not_positive", lambda: margin_of_error(0)),
    ("n_not_positive", lambda: allocate(COMMUNES, -3)),
    ("n_above_population", lambda: margin_of_error(1001, 1000)),
    ("strata_empty", lambda: allocate({}, 10)),
    ("strata_empty", lambda: design_weights({}, {})),
    ("stratum_negative", lambda: allocate({"Xã An Bình": -100, "Xã Tân Phú": 500}, 10)),
    ("n_above_total", lambda: allocate(COMMUNES, 10_001)),
    ("unknown_method", lambda: allocate(COMMUNES, 100, "optimal")),
    ("unknown_method", lambda: allocate(COMMUNES, 100, None)),
    ("sd_missing", lambda: allocate(COMMUNES, 100, "neyman")),
    ("sd_missing_stratum", lambda: allocate(COMMUNES, 100, "neyman",
                                            sd={"Phường Hòa Minh": 0.3, "Xã An Bình": 0.5})),
    ("sd_negative", lambda: allocate(COMMUNES, 100, "neyman", sd={**SD, "Xã Tân Phú": -0.5})),
    ("not_a_number", lambda: sample_size("abc")),
    ("not_a_number", lambda: sample_size("100")),
    ("not_a_number", lambda: sample_size(True)),
    ("not_a_number", lambda: sample_size(1000, margin="0.05")),
    ("not_a_number", lambda: sample_size(1000, confidence=None)),
    ("not_a_number", lambda: sample_size(float("nan"))),
    ("not_a_number", lambda: margin_of_error("400")),
    ("not_a_number", lambda: allocate({"Xã An Bình": "1200"}, 10)),
    ("not_a_number", lambda: allocate(COMMUNES, False)),
    ("not_a_number", lambda: allocate(COMMUNES, 100, "neyman", sd={**SD, "Xã An Bình": "cao"})),
    ("not_a_number", lambda: effective_sample_size([1.0, "2"])),
    ("not_whole", lambda: sample_size(1000.5)),
    ("not_whole", lambda: allocate(COMMUNES, 99.5)),
    ("sample_unknown_stratum", lambda: design_weights(COMMUNES, {"Xa An Binh": 10})),
    ("sample_negative", lambda: design_weights(COMMUNES, {"Xã An Bình": -1})),
    ("sample_above_stratum", lambda: design_weights(COMMUNES, {"Xã Tân Phú": 1001})),
    ("weights_per_person", lambda: effective_sample_size({"Xã An Bình": 60.0})),
    ("weights_empty", lambda: effective_sample_size([])),
    ("weight_not_positive", lambda: effective_sample_size([1.0, 0.0])),
]


def _has_diacritic(text):
    return fold(text) != text.lower()


@pytest.mark.parametrize("key, call", BAD_INPUTS, ids=[f"{k}-{i}" for i, (k, _) in enumerate(BAD_INPUTS)])
def test_bad_input_is_explained_in_both_languages(key, call, content):
    with pytest.raises(KitError) as err:
        call()
    assert err.value.key == f"sampling.error.{key}"
    vi, en = err.value.text("vi"), err.value.text("en")
    assert _has_diacritic(vi) and vi != en
    template = content.messages[err.value.key].en
    assert not _has_diacritic(template.replace("xã/phường", "")), template  # English words only
    assert en == template.format(**err.value.values)
    assert "{" not in vi and "{" not in en  # every placeholder was filled


def test_every_sampling_error_message_is_used(content):
    defined = {k.removeprefix("sampling.error.") for k in content.messages
               if k.startswith("sampling.error.")}
    assert defined == {key for key, _ in BAD_INPUTS}


def test_exact_messages(content):
    with pytest.raises(KitError) as err:
        sample_size(1000, margin=0)
    assert err.value.text("en") == ("The margin of error must be greater than 0 and less than 1, "
                                    "written as a decimal: 5% is 0.05. Got 0.")
    assert err.value.text("vi") == ("Sai số cho phép (margin) phải lớn hơn 0 và nhỏ hơn 1, viết dạng "
                                    "số thập phân: 5% là 0.05. Nhận được 0.")
    with pytest.raises(KitError) as err:
        allocate(COMMUNES, 100, "optimal")
    assert err.value.text("vi") == ("Không có cách phân bổ “optimal”. Các cách phân bổ được dùng: "
                                    "proportional, sqrt, equal, neyman.")
    with pytest.raises(KitError) as err:
        sample_size("100")
    assert err.value.text("en").startswith("population must be a number, e.g. 1000 or 0.05, "
                                           "but got '100'.")
    assert str(err.value) == f"{err.value.text('vi')} / {err.value.text('en')}"


def test_kit_error_is_a_value_error_for_code_that_catches_those():
    with pytest.raises(ValueError):
        allocate(COMMUNES, 100, "neyman")


# --- the non-probability warning ----------------------------------------------------

def test_non_probability_warning_in_both_languages(monkeypatch):
    vi, en = non_probability_warning("vi"), non_probability_warning("en")
    assert "mẫu xác suất" in vi and "hội nghị" in vi and "thư" in vi and "sai số" in vi
    assert "probability sample" in en and "letters" in en and "margin of error" in en
    assert unicodedata.is_normalized("NFC", vi)
    assert non_probability_warning() == vi  # Vietnamese by default
    monkeypatch.setenv("THAMVAN_LANG", "en")
    assert non_probability_warning() == en


def test_messages_file_has_both_languages_for_every_key(content):
    path = content.root / "messages" / "sampling.yaml"
    messages = yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]
    assert messages and all(set(m) == {"vi", "en"} and m["vi"] and m["en"] for m in messages.values())
    assert all(k.startswith("sampling.") for k in messages)
