"""The sample sizing tool, driven in Python: results, allocation, weights, chart, errors."""

import pytest

from thamvan_lib import sampling
from thamvan_lib.plan import load_example
from thamvan_lib.widgets.sample_size import SampleSizeView


def test_opens_with_the_sample_for_a_large_population(content):
    view = SampleSizeView()
    assert view.sample == 385
    assert "Cỡ mẫu tối thiểu: 385 người" in view.result.value
    assert "Tải ví dụ" in view.allocation.value  # no communes yet: says how to add them
    assert "không phải là mẫu xác suất" in " ".join(getattr(c, "value", "") for c in view.widget.children
                                                    if isinstance(getattr(c, "value", None), str))


def test_population_margin_and_confidence_give_the_domain_numbers(content):
    view = SampleSizeView()
    view.population.value = "9.400"
    view.margin.value = "3"
    view.confidence.value = 99
    assert view.sample == sampling.sample_size(9400, 0.03, 0.99)
    assert f"{view.sample:,}".replace(",", ".") in view.result.value


def test_example_communes_are_allocated_with_weights_kish_and_a_chart(content):
    view = SampleSizeView()
    view.load_example()
    plan = load_example().plan
    strata = {c.name: c.population for c in plan.communes}
    assert [r.name.value for r in view.communes] == list(strata)
    assert view.method.value == "sqrt"  # as the example's plan shares its questionnaires
    assert view.shares == sampling.allocate(strata, view.sample, "sqrt")
    assert sum(view.shares.values()) == view.sample
    for name in view.shares:
        assert f"<td>{name}</td>" in view.allocation.value
    assert "Cỡ mẫu hiệu dụng (Kish)" in view.allocation.value
    assert bytes(view.chart.value).startswith(b"\x89PNG") and view.chart.layout.display is None


def test_equal_and_neyman_allocations(content):
    view = SampleSizeView()
    view.load_example()
    view.method.value = "equal"
    assert max(view.shares.values()) - min(view.shares.values()) <= 1
    assert view.kish < view.sample  # unequal weights are worth fewer people
    view.method.value = "neyman"
    assert view.shares is None and "độ lệch chuẩn" in view.allocation.value
    for row, sd in zip(view.communes, ["0,5", "0,3", "0,5", "0,4", "0,5"] * 2):
        row.sd.value = sd
    strata = {r.name.value: int(r.population.value) for r in view.communes}
    sds = {r.name.value: float(r.sd.value.replace(",", ".")) for r in view.communes}
    assert view.shares == sampling.allocate(strata, view.sample, "neyman", sds)


def test_a_planned_sample_changes_the_margin_and_the_allocation(content):
    view = SampleSizeView()
    view.load_example()
    view.planned.value = "500"
    assert sum(view.shares.values()) == 500
    population = sum(int(r.population.value) for r in view.communes)
    expected = f"{sampling.margin_of_error(500, population) * 100:.1f}".replace(".", ",")
    assert f"Với 500 người trả lời, sai số là khoảng ±{expected}%" in view.result.value


@pytest.mark.parametrize("box, typed, message", [
    ("population", "chín nghìn", "chưa phải là một số nguyên"),
    ("population", "0", "phải lớn hơn 0"),
    ("margin", "năm", "chưa phải là một con số"),
    ("margin", "0", "lớn hơn 0 và nhỏ hơn 100"),
    ("margin", "", "lớn hơn 0 và nhỏ hơn 100"),
    ("proportion", "150", "từ 0 đến 100"),
])
def test_bad_input_is_explained_next_to_its_box(content, box, typed, message):
    view = SampleSizeView()
    getattr(view, box).value = typed
    assert message in view.errors[box].value
    assert "Hãy sửa ô được đánh dấu" in view.result.value and view.sample is None
    assert "Traceback" not in view.result.value


def test_bad_communes_are_explained(content):
    view = SampleSizeView()
    view.add_commune("Xã An Bình", "hai nghìn")
    assert "Số người của “Xã An Bình” cần là một số nguyên" in view.allocation.value
    view.communes[0].population.value = "200"
    assert "lớn hơn tổng quy mô các tầng" in view.allocation.value  # 385 people from 200
    view.population.value = "150"
    assert sum(view.shares.values()) == view.sample
    view.add_commune("Xã An Bình", "100")
    assert "có hai dòng" in view.allocation.value
    view.remove_commune(view.communes[-1])
    assert view.shares is not None


def test_english(content):
    view = SampleSizeView(lang="en")
    assert "Minimum sample: 385 people" in view.result.value
