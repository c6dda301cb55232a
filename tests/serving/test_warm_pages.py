"""Which pages a class server keeps warm, hour by hour (the warming itself: tests/hub/test_warm_pages.py)."""

from __future__ import annotations

import datetime as dt

from jupyter_server.serverapp import ServerApp

from thamvan_lib.pages import HOME_ROUTE
from thamvan_lib.serving import hub
from thamvan_lib.serving.warm_pages import WarmPagesKernelManager

STEP, PLAN, SAMPLE = "dashboards/step.ipynb", "dashboards/plan-builder.ipynb", "dashboards/sample-size.ipynb"


def manager(tmp_path, **settings) -> WarmPagesKernelManager:
    return WarmPagesKernelManager(parent=ServerApp(root_dir=str(tmp_path)), pages={STEP: 1}, **settings)


def test_the_home_page_is_not_warmed_a_class_lists_dashboards_are(tmp_path):
    # the home page is the server's own (no kernel): a server of a bare class list warms nothing
    for trainer in (False, True):
        config = hub.server_config(trainer)
        assert config["WarmPagesKernelManager"] == {"pages": {}}
        assert config["ServerApp"]["jpserver_extensions"]["thamvan_lib.serving.home_page"] is True
    assert hub.HOME_URL == f"/{HOME_ROUTE}" and not hub.HOME_URL.endswith(".ipynb")
    bare = WarmPagesKernelManager(parent=ServerApp(root_dir=str(tmp_path)))
    assert bare.pages_now(dt.datetime(2026, 12, 7, 9, 40)) == {}


def test_without_a_programme_only_the_configured_pages_are_warm(tmp_path):
    assert manager(tmp_path).pages_now(dt.datetime(2026, 12, 7, 9, 40)) == {STEP: 1}


def test_a_sessions_dashboards_are_warm_from_twenty_minutes_before_it_until_it_ends(tmp_path):
    warm = manager(tmp_path, programme="mot-ngay", first_day="2026-12-07")
    assert warm.pages_now(dt.datetime(2026, 12, 7, 9, 0)) == {STEP: 1, "dashboards/manual.ipynb": 1}
    assert warm.pages_now(dt.datetime(2026, 12, 7, 9, 20)) == {STEP: 1, PLAN: 1, SAMPLE: 1}
    assert PLAN not in warm.pages_now(dt.datetime(2026, 12, 7, 10, 45))  # the session is over
    assert warm.pages_now(dt.datetime(2026, 12, 8, 9, 20)) == {STEP: 1}  # a one-day workshop
    assert manager(tmp_path, programme="mot-ngay", first_day="2026-12-07",
                   lead_minutes=0).pages_now(dt.datetime(2026, 12, 7, 9, 20)) == {STEP: 1}
