"""Time to interactive widgets in Voila: a step's page (``dashboards/step.ipynb?step=P1.1``)
vs a bare ipywidgets notebook (``dashboards/bare.ipynb``), each with and without a preheated
kernel, and the home page (no kernel) to its first content; then every dashboard of the kit,
cold (the first visit after the server starts) and warm (the next visit), against the bare
notebook served the same way in the same run. Prints medians (seconds) and ratios.

    .venv/bin/python benchmarks/time_to_widgets.py [--runs 5] [--every-dashboard-only] [--passes 3] [--only step]

Each figure is measured in Debian's Chromium from navigation start until the
first widget input or button is visible (the home page: its search box), against a real
`thamvan start`-style Voila server on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.support.processes import free_port  # noqa: E402
from thamvan_lib import locations  # noqa: E402
from thamvan_lib.serving import server  # noqa: E402

READY = ".jupyter-widgets input, .jupyter-widgets button, .jupyter-widgets select, .jupyter-widgets textarea"
# any widget drawn: some dashboards open on text and links or a notice (no exercise released
# yet) before any input exists
ANY_WIDGET = ".jupyter-widgets.widget-html, .jupyter-widgets.widget-box, " + READY
HOME_READY = "input[type=search]"  # the home page's search box: its content is there
GOAL_RATIO = 1.3  # issue goal: every dashboard's cold time ≤ 1.3 × a bare notebook's
BARE = "dashboards/bare.ipynb"
STEP = f"{server.WARM_PAGE}?step=P1.1"
HOME = "home page (no kernel)"
# a dashboard whose address needs more than its name, from dashboards/
ADDRESSES = {"step": STEP.removeprefix("dashboards/")}


def bare_notebook_folder(tmp: Path) -> Path:
    folder = tmp / "bare"
    (folder / "dashboards").mkdir(parents=True, exist_ok=True)  # main and every_dashboard both ask
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import ipywidgets as w\nw.VBox([w.IntSlider(description='n'), w.Button(description='OK')])")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / BARE)
    return folder


def wait_for_server(port: int, seconds: float = 30) -> None:
    """Until Voila answers (any HTTP answer, here a refusal of a GET on its shutdown API)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/api/shutdown", timeout=1)
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"Voila on port {port} did not answer in {seconds:.0f} s")


def voila_command(notebooks: Path, port: int, preheat: bool, page: str) -> list[str]:
    """`thamvan start`'s command, its pool (if any) for ``page`` (its kit's is for the step page)."""
    command = server.voila_command(notebooks, port=port, preheat=preheat)
    pools = json.dumps({"default": {"pool_size": 0}, page.split("?")[0]: {"pool_size": server.WARM_POOL_SIZE}})
    option = "--VoilaKernelManager.kernel_pools_config="
    return [option + pools if o.startswith(option) else o for o in command]


def measure(browser, notebooks: Path, page_path: str | None, preheat: bool, runs: int, home: Path) -> list[float]:
    """``page_path`` under notebooks/ (None: the home page), ``runs`` visits of a fresh server."""
    port = free_port()
    env = server.voila_environment(server.prepare_template(home / "jupyter"))
    env["THAMVAN_HOME"] = str(home)
    proc = subprocess.Popen(voila_command(notebooks, port, preheat, page_path or BARE),
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    address = f"http://127.0.0.1:{port}/voila/render/{page_path}" if page_path else server.home_url(port)
    try:
        wait_for_server(port)
        times = []
        for _ in range(runs):
            time.sleep(6 if preheat else 1)  # let the pool refill: each run gets a warm kernel
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(address)
            page.wait_for_selector(READY if page_path else HOME_READY, state="visible", timeout=120_000)
            times.append(time.perf_counter() - start)
            page.close()
        return times
    finally:
        proc.terminate()
        proc.wait(10)


def visit_every_page(browser, tmp: Path, folder: Path, only: list[str]) -> dict[str, tuple[float, float]]:
    """One fresh server (no pool, as on the class hub) with the kit's notebooks and a bare
    notebook beside them; each page visited twice: cold, then warm. The home page too, to its
    first content (no kernel)."""
    home = Path(tempfile.mkdtemp(prefix="home-", dir=tmp))
    port = free_port()
    env = server.voila_environment(server.prepare_template(home / "jupyter"), trainer=True)
    env["THAMVAN_HOME"] = str(home)
    # one visitor opens every page twice: past the per-visitor kernel cap of `thamvan start`
    # (12), which would answer "Máy chủ đang bận" instead of the page
    proc = subprocess.Popen(server.voila_command(folder, port=port, preheat=False, max_kernels_per_visitor=100),
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/voila/render/dashboards/"
    try:
        wait_for_server(port)
        names = ["bare"] + sorted(p.stem for p in (folder / "dashboards").glob("*.ipynb")
                                  if p.stem != "bare" and (not only or p.stem in only)) + [HOME]
        rows = {}
        for name in names:
            address = server.home_url(port) if name == HOME else base + ADDRESSES.get(name, f"{name}.ipynb")
            times = []
            for _visit in ("cold", "warm"):
                page = browser.new_page()
                start = time.perf_counter()
                try:
                    page.goto(address, timeout=45_000)
                    page.wait_for_selector(HOME_READY if name == HOME else ANY_WIDGET, state="visible", timeout=45_000)
                    times.append(time.perf_counter() - start)
                except Exception as err:  # noqa: BLE001 - reported as "no widget", the run goes on
                    print(f"  ({name}: no widget in 45 s: {type(err).__name__})", flush=True)
                    times.append(float("nan"))
                page.close()
                time.sleep(1)
            rows[name] = (times[0], times[1])
            print(f"  … {name}: {times[0]:.2f} / {times[1]:.2f}", flush=True)
        return rows
    finally:
        proc.terminate()
        proc.wait(10)


def every_dashboard(browser, tmp: Path, passes: int, only: list[str]) -> None:
    """Every page cold and warm, in ``passes`` fresh servers; the medians and their ratio to
    the bare notebook's median (one visit is one sample: a single pass moves by ±0.2 s)."""
    folder = tmp / "all"
    shutil.copytree(locations.notebooks(), folder)
    shutil.copy(bare_notebook_folder(tmp) / BARE, folder / BARE)
    runs = []
    for n in range(1, passes + 1):
        print(f"pass {n} of {passes}", flush=True)
        runs.append(visit_every_page(browser, tmp, folder, only))
    cold = {name: [run[name][0] for run in runs] for name in runs[0]}
    warm = {name: statistics.median(run[name][1] for run in runs) for name in runs[0]}
    cold_median = {name: statistics.median(values) for name, values in cold.items()}
    print(f"every dashboard, a server without a kernel pool, median of {passes} passes (s), cold min–max "
          f"in brackets; ratio to the bare notebook; goal: cold ≤ {GOAL_RATIO} × bare")
    print(f"  {'dashboard':21} {'cold':>6} {'':13} {'warm':>6} {'cold/bare':>9} {'warm/bare':>9}  goal")
    for name, median in cold_median.items():
        ratio = median / cold_median["bare"]
        spread = f"[{min(cold[name]):.2f}–{max(cold[name]):.2f}]"
        print(f"  {name:21} {median:6.2f} {spread:13} {warm[name]:6.2f} {ratio:9.2f} "
              f"{warm[name] / warm['bare']:9.2f}  {'met' if ratio <= GOAL_RATIO else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--every-dashboard-only", action="store_true",
                        help="skip the step-page-and-bare-with-and-without-pool comparison")
    parser.add_argument("--passes", type=int, default=3, help="fresh servers visiting every dashboard")
    parser.add_argument("--only", nargs="+", default=[], metavar="DASHBOARD",
                        help="visit only these dashboards (and the bare notebook and home page), e.g. step")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="thamvan-bench-"))
    try:
        if args.every_dashboard_only:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                every_dashboard(browser, tmp, args.passes, args.only)
                browser.close()
            return
        bare = bare_notebook_folder(tmp)
        results = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, folder, page_path in (("step", locations.notebooks(), STEP), ("bare", bare, BARE)):
                for preheat in (False, True):
                    key = (name, preheat)
                    results[key] = measure(browser, folder, page_path, preheat, args.runs, tmp / f"{name}-{preheat}")
            # the home page starts no kernel: a pool changes nothing for it
            results[(HOME, False)] = measure(browser, locations.notebooks(), None, False, args.runs, tmp / "home")
            every_dashboard(browser, tmp, args.passes, args.only)
            browser.close()
        med = {k: statistics.median(v) for k, v in results.items()}
        print(f"time to interactive widgets (the home page: to its search box), median of {args.runs} runs (s), "
              "min–max in brackets")
        for (name, preheat), values in results.items():
            label = f"{name:21} {'preheated' if preheat else 'cold':9}"
            print(f"  {label} {med[(name, preheat)]:6.2f}  [{min(values):.2f}–{max(values):.2f}]")
        print("ratios")
        for name in ("step", "bare"):
            print(f"  {name} preheated / cold          {med[(name, True)] / med[(name, False)]:.2f}")
        for preheat in (False, True):
            label = "preheated" if preheat else "cold"
            print(f"  step / bare ({label:9})      {med[('step', preheat)] / med[('bare', preheat)]:.2f}")
        print(f"  home page / bare (cold)      {med[(HOME, False)] / med[('bare', False)]:.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
