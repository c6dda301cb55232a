"""A class opening a step's page at once: N concurrent sessions on one kit server.

    .venv/bin/python benchmarks/hub_load.py [--sessions 30] [--concurrency 10] [--quick]

Starts ``thamvan start`` (the kit's Voila, its preheated page: ``server.WARM_PAGE``, a
step's page; the home page itself starts no kernel) on 127.0.0.1, a free port and a
temporary THAMVAN_HOME. Opens N sessions of that page (``?step=P1.1``) in Debian's Chromium:
one browser, one context per trainee, at most ``--concurrency`` pages loading at a time,
every page kept open until all have loaded. For each, the time from navigation to the
page's first visible widget input or button (what time_to_widgets.py waits for). Then every tab
is closed as a person closes it (the page's ``beforeunload`` asks Voila to shut its
kernel down) and the server's kernel processes are counted until only the preheated pool
is left, against the culling window (cull_idle_timeout + cull_interval: the fallback for
tabs that vanish without a word). Prints p50, p95 and max, the kernels' peak count and
memory, and how long they took to come back; exits 1 if a session failed or the kernels
did not come back within the window.

Only loopback is used: the browser gets a dead proxy (127.0.0.1:9) for anything else, and
the hosts the pages requested are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.support.processes import free_port, kernel_pids, stop_group  # noqa: E402
from thamvan_lib.serving import kernels, server  # noqa: E402

READY = ".jupyter-widgets input, .jupyter-widgets button"  # as time_to_widgets.py
STEP = "P1.1"  # the step the sessions open
# loopback bypasses a proxy in Chromium; everything else meets a port nobody listens on
LOOPBACK_ONLY = ["--proxy-server=http://127.0.0.1:9"]
CULLING_WINDOW = kernels.CULL_IDLE_SECONDS + kernels.CULL_INTERVAL_SECONDS


# --- the server and its kernels --------------------------------------------------------

def cpu_seconds(pid: int, children: bool = True) -> float:
    """CPU time of a process (user + system), with its reaped children's."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    ticks = sum(int(f) for f in fields[11:15 if children else 13])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def resident_mib(pids: set[int]) -> float:
    total = 0
    for pid in pids:
        try:
            pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        total += pages * os.sysconf("SC_PAGE_SIZE")
    return total / 2**20


class KitServer:
    """``thamvan start --port=…`` (it execs Voila: its pid is the server's)."""

    def __init__(self, home: Path):
        self.port = free_port()
        self.log_path = home.parent / "voila.log"
        self.log = open(self.log_path, "w+", encoding="utf-8")
        env = dict(os.environ, THAMVAN_HOME=str(home))
        self.process = subprocess.Popen([sys.executable, "-m", "thamvan_lib", "start", f"--port={self.port}"],
                                        env=env, stdout=self.log, stderr=subprocess.STDOUT, cwd=ROOT,
                                        start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}/voila/render/{server.WARM_PAGE}?step={STEP}"
        deadline = time.monotonic() + 180
        filled = f"Kernel pool of {server.WARM_PAGE} is filled"
        while filled not in self.output():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the kit's Voila did not start:\n" + self.output()[-3000:])
            time.sleep(0.3)
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{self.port}/voila/api/shutdown", timeout=10)
        except urllib.error.HTTPError:
            pass  # it answers

    def kernels(self) -> set[int]:
        return kernel_pids(self.process.pid)

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        stop_group(self.process, wait=30)
        self.log.close()


# --- the sessions ----------------------------------------------------------------------

async def open_session(browser, url: str, gate: asyncio.Semaphore, hosts: set, timeout: float):
    context = await browser.new_context(locale="vi-VN")
    page = await context.new_page()
    page.on("request", lambda r: hosts.add(urlparse(r.url).hostname))
    async with gate:
        start = time.perf_counter()
        try:
            await page.goto(url, timeout=timeout * 1000)
            await page.wait_for_selector(READY, state="visible", timeout=timeout * 1000)
        except Exception as err:  # a failed session is counted, the others go on
            try:
                shown = " ".join((await page.inner_text("body", timeout=5000)).split())[:160]
            except Exception:
                shown = "?"
            return context, page, None, f"{type(err).__name__}: {str(err).splitlines()[0]} (page: {shown})"
        return context, page, time.perf_counter() - start, None


async def close_session(context, page) -> None:
    """Close the tab as a person does: ``beforeunload`` runs, Voila's beacon goes out."""
    if not page.is_closed():
        closed = asyncio.get_running_loop().create_future()
        page.once("close", lambda _: closed.done() or closed.set_result(True))
        await page.close(run_before_unload=True)
        try:
            await asyncio.wait_for(closed, 30)
        except asyncio.TimeoutError:
            pass
    await asyncio.sleep(1)  # the beacon leaves before its browser context goes
    await context.close()


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


async def run(sessions: int, concurrency: int, timeout: float, window: float) -> int:
    from playwright.async_api import async_playwright

    tmp = Path(tempfile.mkdtemp(prefix="thamvan-load-"))
    kit = None
    try:
        load_before = os.getloadavg()
        kit = KitServer(tmp / "home")
        pool = len(kit.kernels())
        cpu_before = cpu_seconds(kit.process.pid) + sum(cpu_seconds(k) for k in kit.kernels())
        voila_before = cpu_seconds(kit.process.pid, children=False)
        print(f"hub load: {sessions} sessions of {server.WARM_PAGE}, at most {concurrency} loading at once; "
              f"{os.cpu_count()} cores, load average before {load_before[0]:.2f} {load_before[1]:.2f} "
              f"{load_before[2]:.2f}", flush=True)
        hosts: set = set()
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + LOOPBACK_ONLY)
            gate = asyncio.Semaphore(concurrency)
            opened = await asyncio.gather(*(open_session(browser, kit.url, gate, hosts, timeout)
                                            for _ in range(sessions)))
            peak = kit.kernels()
            peak_mib = resident_mib(peak)
            load_peak = os.getloadavg()
            print(f"  {sum(t is not None for _, _, t, _ in opened)}/{sessions} sessions interactive, "
                  f"{len(peak)} kernels; closing the tabs", flush=True)
            closing = time.perf_counter()
            await asyncio.gather(*(close_session(context, page) for context, page, _, _ in opened))
            closed_in = time.perf_counter() - closing
            await browser.close()
        times = [t for _, _, t, _ in opened if t is not None]
        failures = [e for _, _, _, e in opened if e is not None]

        start = time.perf_counter()
        left = kit.kernels()
        while len(left) > pool and time.perf_counter() - start < window:
            time.sleep(0.5)
            left = kit.kernels()
        back_in = time.perf_counter() - start + closed_in
        back = len(left) <= pool
        # the server's share (Voila and its kernels, closed ones included): in a room the
        # browsers run on the trainees' machines, here they share the cores
        server_cpu = cpu_seconds(kit.process.pid) + sum(cpu_seconds(k) for k in left) - cpu_before
        voila_cpu = cpu_seconds(kit.process.pid, children=False) - voila_before

        print("time to interactive widgets (s): ", end="")
        if times:
            print(f"p50 {percentile(times, 50):.2f}  p95 {percentile(times, 95):.2f}  max {max(times):.2f}  "
                  f"min {min(times):.2f}  ({len(times)}/{sessions} sessions ok)")
        else:
            print(f"none ({len(times)}/{sessions} sessions ok)")
        for error in sorted(set(failures)):
            print(f"  failed ×{failures.count(error)}: {error}")
        print(f"kernels: pool {pool}, with every tab open {len(peak)} "
              f"({peak_mib:.0f} MiB resident, {peak_mib / max(len(peak), 1):.0f} MiB each); "
              f"load average then {load_peak[0]:.2f}")
        print(f"server CPU: {server_cpu:.1f} s, {server_cpu / sessions:.2f} s per session (Voila itself "
              f"{voila_cpu:.1f} s, the kernels {server_cpu - voila_cpu:.1f} s); the browsers' CPU, on the same "
              f"{os.cpu_count()} cores here, is not counted")
        verdict = "within" if back else "NOT within"
        name = "the culling window" if window == CULLING_WINDOW else "the window given"
        print(f"kernels back to the pool size ({pool}): {'yes' if back else 'no'}, {len(left)} left "
              f"{back_in:.1f} s after the tabs were closed; {verdict} {name} ({window:.0f} s; "
              f"culling window {CULLING_WINDOW} s)")
        print(f"hosts requested by the pages: {', '.join(sorted(h for h in hosts if h))}")
        if failures or not back:
            kit.output()  # flushed
            kept = Path(tempfile.gettempdir()) / "thamvan-hub-load-voila.log"
            shutil.copy(kit.log_path, kept)
            print(f"the server's log is kept in {kept}")
        return 0 if back and not failures else 1
    finally:
        if kit is not None:
            kit.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=10, help="pages loading at the same time")
    parser.add_argument("--timeout", type=float, default=300, help="seconds a session may take to load")
    parser.add_argument("--window", type=float, default=CULLING_WINDOW,
                        help="seconds the kernels may take to come back (default: the culling window)")
    parser.add_argument("--quick", action="store_true", help="3 sessions")
    args = parser.parse_args()
    sessions = 3 if args.quick else args.sessions
    sys.exit(asyncio.run(run(sessions, min(args.concurrency, sessions), args.timeout, args.window)))


if __name__ == "__main__":
    main()
