import pytest

from thamvan_lib.roleplay.loading import load_scenarios


@pytest.fixture(scope="module")
def scenarios():
    return load_scenarios()
