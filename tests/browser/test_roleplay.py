"""The solo role-play in a real Chromium against a real `thamvan start`: the moderator
scenario played to two different endings, with the debrief, and only loopback requests."""

import pytest
from playwright.sync_api import expect

from thamvan_lib.roleplay.engine import Play
from thamvan_lib.roleplay.loading import load_scenarios

from tests.roleplay.plays import BEST
from tests.support.browser import LOCAL_HOSTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MODERATOR = "hoi-nghi-kcb-nguoi-ngheo-dieu-hanh"
LETTERS = "ABCDEFGHIJ"


def dashboard(kit_server) -> str:
    return f"http://127.0.0.1:{kit_server.port}/voila/render/dashboards/roleplay.ipynb"


def play(page, path, scenario_id: str = MODERATOR):
    """Click the choices of ``path`` (scene, option), waiting for each scene to show."""
    scenario = load_scenarios()[scenario_id]
    for scene_id, option in path:
        scene = scenario.scenes[scene_id]
        expect(page.locator(".thamvan-scene h3")).to_have_text(scene.title.vi, timeout=30_000)
        n = [c.id for c in scene.choices].index(option)
        name = f"{LETTERS[n]}. {scene.choices[n].text.vi}"[:60]
        page.get_by_role("button", name=name).click()


def test_play_the_moderator_scenario_to_two_endings(page, kit_server):
    scenario = load_scenarios()[MODERATOR]
    page.goto(dashboard(kit_server))
    start = page.get_by_role("button", name="Bắt đầu").first
    expect(start).to_be_visible(timeout=60_000)
    expect(page.get_by_text(scenario.title.vi)).to_be_visible()
    start.click()
    expect(page.get_by_text("Anh Hoàng Văn Sinh")).to_be_visible(timeout=30_000)
    assert page.locator(".thamvan-portrait .fa-user").count() >= 1

    play(page, scenario.shortest_path("bad"))
    debrief = page.locator(".thamvan-debrief")
    expect(debrief).to_contain_text("Kết thúc không tốt – Chỉ nghe được vài người có tiếng", timeout=30_000)
    expect(debrief).to_contain_text("Không để một người lấn át")
    expect(debrief).to_contain_text("Những bước ngoặt")
    expect(debrief.locator("tr", has_text="Kết luận bằng bản tóm tắt")).to_contain_text("0/10")
    expect(page.locator(".thamvan-roleplay img").first).to_be_visible()
    expect(page.locator(".thamvan-results tr")).to_have_count(2)     # header + this play

    page.get_by_role("button", name="Chơi lại").click()
    play(page, scenario.shortest_path("good"))
    expect(debrief).to_contain_text("Kết thúc tốt – Ý kiến đầy đủ, được người dự xác nhận", timeout=30_000)
    expect(debrief).to_contain_text("Điểm: 90/90")
    expect(page.locator(".thamvan-results tr")).to_have_count(3)     # both plays kept

    assert "Traceback" not in page.content()
    assert page.requested_hosts and page.requested_hosts <= LOCAL_HOSTS, page.requested_hosts


def test_the_delegations_draft_law_route_plays_to_two_endings(page, kit_server):
    draft_law = "lay-y-kien-du-an-luat"
    scenario = load_scenarios()[draft_law]
    page.goto(dashboard(kit_server) + f"?scenario={draft_law}")  # the tile's address opens it at once
    expect(page.get_by_text(scenario.title.vi)).to_be_visible(timeout=60_000)
    play(page, scenario.shortest_path("bad"), draft_law)
    debrief = page.locator(".thamvan-debrief")
    expect(debrief).to_contain_text("Kết thúc không tốt – Hội nghị không để lại gì", timeout=30_000)
    page.get_by_role("button", name="Chơi lại").click()
    best, walk = [], Play(scenario)
    for choice in BEST[draft_law].split():
        best.append((walk.scene_id, choice))
        walk.choose(choice)
    play(page, best, draft_law)
    expect(debrief).to_contain_text("Kết thúc tốt – Ý kiến của tỉnh đổi được một điều luật", timeout=30_000)
    expect(debrief).to_contain_text("Điểm: 70/70")
    assert "Traceback" not in page.content()
    assert page.requested_hosts and page.requested_hosts <= LOCAL_HOSTS, page.requested_hosts
