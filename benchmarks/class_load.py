"""A class of N logging in to the workshop hub at once, then opening the same practice
dashboard at once, measured the way it happens: N protocol-level trainees (HTTP and the
kernel websocket) plus one real Chromium trainee, all on loopback.

    sudo .venv/bin/python benchmarks/class_load.py [--trainees 30] [--dashboard plan-builder] [--quick]

A real ``thamvan hub`` (accounts of its own prefix, removed afterwards) in a temporary
workshop. Each protocol-level trainee: the login form (with its XSRF field) and POST, the
redirects while the hub starts their server, then the home page their server renders (no
kernel: the page is whole in its answer). Phase 2: everyone opens ``--dashboard`` at once,
kept warm as a session of the programme would keep it (``--cold-dashboard``: not), then the
page's kernel websocket (v1) until the kernel answers which widget comms it holds — what the
page waits for before it shows its widgets. The Chromium trainee is timed from its login POST
to the home page's search box.

Prints p50, p95 and max per phase, the servers' CPU seconds and memory per trainee (proportional
set size, and resident) at rest after each phase, and whether the goals of a class (p95 ≤ 5 s
per phase, ≤ 150 MB per logged-in trainee at rest) are met. Bounded: every client gives up
after ``--timeout`` seconds.
"""

from __future__ import annotations

import argparse
import json
import math
import pwd
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.hub.conftest import Hub  # noqa: E402
from tests.support.kernel import widgets_ready  # noqa: E402
from thamvan_lib.serving.hub import HOME_URL  # noqa: E402

GOAL_SECONDS, GOAL_MIB = 5.0, 150.0
FORK_SERVER = "thamvan_lib.serving.forks"
HOME_TEXT = "Tiến độ của bạn"  # the home page's progress line: the page is there
KERNEL_ID = re.compile(r'"kernelId"\s*:\s*"([0-9a-f-]{36})"')


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))] if ordered else math.nan


def open_page(session: requests.Session, address: str, user: str, timeout: float,
              page: requests.Response | None = None) -> requests.Response:
    """The page at ``address`` (``page`` when the login already landed on it; else asked for,
    waiting on the hub's spawn-pending page while the server starts)."""
    deadline = time.monotonic() + timeout
    while page is None or page.url.split("?")[0] != address:
        if page is not None:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{user}'s server did not start")
            time.sleep(0.25)
        page = session.get(address, timeout=timeout)
    page.raise_for_status()
    return page


def open_dashboard(hub: Hub, session: requests.Session, user: str, name: str, timeout: float) -> None:
    """The dashboard's page, then its widgets."""
    address = f"{hub.url}/user/{user}/voila/render/dashboards/{name}.ipynb"
    page = open_page(session, address, user, timeout)
    found = KERNEL_ID.search(page.text)
    if not found:
        raise RuntimeError(f"no kernel in the page of {name}")
    widgets_ready(f"{hub.url}/user/{user}", user, found.group(1), session.cookies, timeout)


def login_and_home(hub: Hub, user: str, timeout: float) -> tuple[float, requests.Session]:
    """The login form and its POST, whose redirects end on the home page (the servers' landing
    page, rendered by the server with no kernel): what a person's browser does."""
    session = requests.Session()
    form = session.get(f"{hub.url}/hub/login", timeout=timeout)
    xsrf = re.search(r'name="_xsrf"\s+value="([^"]+)"', form.text)
    started = time.monotonic()
    data = {"username": user, "password": hub.passwords[user], **({"_xsrf": xsrf.group(1)} if xsrf else {})}
    landed = session.post(f"{hub.url}/hub/login?next=", data=data, timeout=timeout)
    home = open_page(session, f"{hub.url}/user/{user}{HOME_URL}", user, timeout, page=landed)
    if HOME_TEXT not in home.text:
        raise RuntimeError(f"the home page without “{HOME_TEXT}”: {home.text[:200]!r}")
    return time.monotonic() - started, session


def chromium_trainee(hub: Hub, user: str, timeout: float, result: dict) -> None:
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{hub.url}/hub/login")
        page.fill("#username_input", user)
        page.fill("#password_input", hub.passwords[user])
        started = time.monotonic()
        page.click("#login_submit")
        # the login lands on the home page, as in class
        page.wait_for_url(f"{hub.url}/user/{user}{HOME_URL}", timeout=timeout * 1000)
        page.get_by_role("searchbox", name="Tìm kiếm").wait_for(timeout=timeout * 1000)
        result["seconds"] = time.monotonic() - started
        browser.close()


def usage(hub: Hub, users: list[str]) -> tuple[float, float, float]:
    """(CPU seconds, resident MiB, proportional MiB) of all the trainees' processes. Resident
    memory counts the pages the processes share (Python, the libraries' code: the same files
    mapped by every server and kernel) once per process; the proportional set size (PSS)
    splits each shared page between its users, so its sum is what the machine holds for
    them: the figure a machine is sized by. The hub's fork server, whose memory the kernels
    share, counts whole against the class (its kernels run as the trainees)."""
    uids = {pwd.getpwnam(hub.account(u)).pw_uid for u in users}
    cpu = rss = pss = 0.0
    for process in psutil.process_iter():
        try:
            if process.uids().real in uids or (process.uids().real == 0
                                                and process.cmdline()[2:3] == [FORK_SERVER]
                                                and hub.prefix in process.cmdline()):
                times = process.cpu_times()
                cpu += times.user + times.system
                memory = process.memory_full_info()
                rss += memory.rss / 2 ** 20
                pss += memory.pss / 2 ** 20
        except psutil.Error:
            continue
    return cpu, rss, pss


def settle(hub: Hub, users: list[str], timeout: float, idle_cores: float = 0.1) -> None:
    """Until the users' processes use less than ``idle_cores`` over two seconds."""
    deadline = time.monotonic() + timeout
    before = usage(hub, users)[0]
    while time.monotonic() < deadline:
        time.sleep(2)
        now = usage(hub, users)[0]
        if now - before < 2 * idle_cores:
            return
        before = now


def at_rest(hub: Hub, users: list[str], where: str, timeout: float) -> float:
    """Once the users' processes are idle: their memory (PSS MiB) per trainee, printed with the
    resident figure, the goal and the CPU seconds spent so far."""
    settle(hub, users, timeout)
    cpu, rss, pss = usage(hub, users)
    n = max(1, len(users))
    print(f"at rest, {where}: {pss / n:.0f} MiB per trainee (proportional; resident {rss / n:.0f}; "
          f"goal ≤ {GOAL_MIB:.0f}: {'met' if pss / n <= GOAL_MIB else 'NOT met'}), "
          f"{cpu / n:.1f} CPU-s per trainee so far")
    return pss / n


def report(name: str, seconds: list[float], failures: list[str]) -> bool:
    met = not failures and percentile(seconds, 0.95) <= GOAL_SECONDS
    print(f"{name}: n={len(seconds)} p50={percentile(seconds, 0.5):.1f}s p95={percentile(seconds, 0.95):.1f}s "
          f"max={max(seconds, default=math.nan):.1f}s failed={len(failures)} goal p95≤{GOAL_SECONDS:.0f}s: "
          f"{'met' if met else 'NOT met'}")
    for failure in failures[:5]:
        print(f"  ! {failure}")
    return met


def hub_log_tail(hub: Hub, lines: int = 60) -> str:
    """The end of the hub's log (the user servers write there): why a trainee's request failed."""
    return "\n".join(hub.output().splitlines()[-lines:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trainees", type=int, default=30)
    parser.add_argument("--dashboard", default="plan-builder")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--quick", action="store_true", help="3 trainees, no browser")
    parser.add_argument("--no-prestart", action="store_true",
                        help="servers start at login (the hub's --no-prestart), not before the class arrives")
    parser.add_argument("--cold-dashboard", action="store_true",
                        help="the practice dashboard is not kept warm (by default it is, as the class list's "
                             "warm_pages or the programme's session would)")
    args = parser.parse_args()
    n = 3 if args.quick else args.trainees
    users = [f"hv-{i:02d}" for i in range(1, n + 1)]
    browser_user = "hv-trinh-duyet"
    class_data = {"course_id": "thamvan", "trainer": {"username": "giang-vien", "name": "Giảng viên"},
                  "trainees": [{"username": u, "name": u} for u in [*users, browser_user]],
                  **({} if args.cold_dashboard else {"warm_pages": [args.dashboard]})}
    print(f"class of {n} (+1 in Chromium){' (quick)' if args.quick else ''}, machine: {psutil.cpu_count()} cores, "
          f"{psutil.virtual_memory().total / 2 ** 30:.0f} GB, load {psutil.getloadavg()[0]:.2f}")
    hub = Hub(class_data=class_data, env={"THAMVAN_PRESTART": "0" if args.no_prestart else "1"})
    ok = True
    try:
        if not args.no_prestart:  # the trainer starts the hub; the class arrives once it is ready
            began = time.monotonic()
            everyone = [*users, browser_user, "giang-vien"]
            hub._wait(lambda: all(m["servers"].get("", {}).get("ready") for m in hub.api("GET", "/users").json()
                                  if m["name"] in everyone), args.timeout * 2, "prestart")
            ready = time.monotonic() - began
            settle(hub, [*users, browser_user], args.timeout)  # the warm pages' kernels too
            print(f"servers ready in {ready:.0f} s, their warm pages in {time.monotonic() - began:.0f} s")
            cpu, rss, pss = usage(hub, users)
            print(f"before login: {pss / n:.0f} MiB (resident {rss / n:.0f}) and {cpu / n:.1f} CPU-s per trainee")
        browser: dict = {}
        thread = None
        if not args.quick:
            thread = threading.Thread(target=chromium_trainee, args=(hub, browser_user, args.timeout, browser))
            thread.start()
        sessions, seconds, failures = {}, [], []
        with ThreadPoolExecutor(max_workers=n) as pool:
            futures = {u: pool.submit(login_and_home, hub, u, args.timeout) for u in users}
            for user, future in futures.items():
                try:
                    took, sessions[user] = future.result()
                    seconds.append(took)
                except Exception as err:  # noqa: BLE001 - every failure is reported, none stops the run
                    failures.append(f"{user}: {type(err).__name__}: {err}")
        if thread:
            thread.join(args.timeout)
            print(f"Chromium trainee, login → home page: {browser.get('seconds', math.nan):.1f}s")
        ok &= report("login → home page", seconds, failures)
        failed_any = bool(failures)
        warm = "" if args.cold_dashboard else f", with {args.dashboard} kept warm"
        rest = {"home": at_rest(hub, users, f"everyone on the home page{warm}", args.timeout)}
        seconds, failures = [], []

        def timed(user):
            started = time.monotonic()
            open_dashboard(hub, sessions[user], user, args.dashboard, args.timeout)
            return time.monotonic() - started
        with ThreadPoolExecutor(max_workers=n) as pool:
            futures = {u: pool.submit(timed, u) for u in sessions}
            for user, future in futures.items():
                try:
                    seconds.append(future.result())
                except Exception as err:  # noqa: BLE001
                    failures.append(f"{user}: {type(err).__name__}: {err}")
        ok &= report(f"everyone opens {args.dashboard} → widgets", seconds, failures)
        failed_any |= bool(failures)
        rest["practice"] = at_rest(hub, users, f"everyone on {args.dashboard}{warm}", args.timeout)
        ok &= all(mib <= GOAL_MIB for mib in rest.values())
        print(json.dumps({"trainees": n, "mib_at_rest": {k: round(v) for k, v in rest.items()},
                          "goals_met": bool(ok)}))
        if failed_any:
            print("the hub's log when the run ended:\n" + hub_log_tail(hub))
    finally:
        hub.stop()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
