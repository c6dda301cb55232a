"""Time to interactive widgets in Voila: the home dashboard vs a bare ipywidgets notebook,
each with and without a preheated kernel, then every dashboard of the kit, cold (the first
visit after the server starts) and warm (the next visit), against a bare ipywidgets
notebook served the same way in the same run. Prints medians (seconds) and ratios.

    .venv/bin/python benchmarks/time_to_widgets.py [--runs 5] [--every-dashboard-only] [--passes 3]

Each figure is measured in Debian's Chromium from navigation start until the
first widget input or button is visible, against a real `thamvan start`-style
Voila server on 127.0.0.1.
"""

from __future__ import annotations

import argparse
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
# any widget drawn: some dashboards open on text and links (home) or a notice (no exercise
# released yet) before any input exists
ANY_WIDGET = ".jupyter-widgets.widget-html, .jupyter-widgets.widget-box, " + READY
GOAL_RATIO = 1.3  # issue goal: every dashboard's cold time ≤ 1.3 × a bare notebook's


def bare_notebook_folder(tmp: Path) -> Path:
    folder = tmp / "bare"
    (folder / "dashboards").mkdir(parents=True)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import ipywidgets as w\nw.VBox([w.IntSlider(description='n'), w.Button(description='OK')])")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / "dashboards" / "home.ipynb")
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


def measure(browser, notebooks: Path, preheat: bool, runs: int, home: Path) -> list[float]:
    port = free_port()
    env = server.voila_environment(server.prepare_template(home / "jupyter"))
    env["THAMVAN_HOME"] = str(home)
    proc = subprocess.Popen(server.voila_command(notebooks, port=port, preheat=preheat),
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_server(port)
        times = []
        for _ in range(runs):
            time.sleep(6 if preheat else 1)  # let the pool refill: each run gets a warm kernel
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(server.home_url(port))
            page.wait_for_selector(READY, state="visible", timeout=120_000)
            times.append(time.perf_counter() - start)
            page.close()
        return times
    finally:
        proc.terminate()
        proc.wait(10)


def visit_every_page(browser, tmp: Path, folder: Path) -> dict[str, tuple[float, float]]:
    """One fresh server (no pool, as on the class hub) with the kit's notebooks and a bare
    notebook beside them; each page visited twice: cold, then warm."""
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
        names = ["bare"] + sorted(p.stem for p in (folder / "dashboards").glob("*.ipynb") if p.stem != "bare")
        rows = {}
        for name in names:
            times = []
            for _visit in ("cold", "warm"):
                page = browser.new_page()
                start = time.perf_counter()
                try:
                    page.goto(base + f"{name}.ipynb", timeout=45_000)
                    page.wait_for_selector(ANY_WIDGET, state="visible", timeout=45_000)
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


def every_dashboard(browser, tmp: Path, passes: int) -> None:
    """Every page cold and warm, in ``passes`` fresh servers; the medians and their ratio to
    the bare notebook's median (one visit is one sample: a single pass moves by ±0.2 s)."""
    folder = tmp / "all"
    shutil.copytree(locations.notebooks(), folder)
    shutil.copy(bare_notebook_folder(tmp) / "dashboards" / "home.ipynb", folder / "dashboards" / "bare.ipynb")
    runs = []
    for n in range(1, passes + 1):
        print(f"pass {n} of {passes}", flush=True)
        runs.append(visit_every_page(browser, tmp, folder))
    cold = {name: [run[name][0] for run in runs] for name in runs[0]}
    warm = {name: statistics.median(run[name][1] for run in runs) for name in runs[0]}
    cold_median = {name: statistics.median(values) for name, values in cold.items()}
    print(f"every dashboard, a server without a kernel pool, median of {passes} passes (s), cold min–max "
          f"in brackets; ratio to the bare notebook; goal: cold ≤ {GOAL_RATIO} × bare")
    print(f"  {'dashboard':18} {'cold':>6} {'':13} {'warm':>6} {'cold/bare':>9} {'warm/bare':>9}  goal")
    for name, median in cold_median.items():
        ratio = median / cold_median["bare"]
        spread = f"[{min(cold[name]):.2f}–{max(cold[name]):.2f}]"
        print(f"  {name:18} {median:6.2f} {spread:13} {warm[name]:6.2f} {ratio:9.2f} "
              f"{warm[name] / warm['bare']:9.2f}  {'met' if ratio <= GOAL_RATIO else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--every-dashboard-only", action="store_true",
                        help="skip the home-with-and-without-pool comparison")
    parser.add_argument("--passes", type=int, default=3, help="fresh servers visiting every dashboard")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="thamvan-bench-"))
    try:
        if args.every_dashboard_only:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                every_dashboard(browser, tmp, args.passes)
                browser.close()
            return
        bare = bare_notebook_folder(tmp)
        results = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, folder in (("home", locations.notebooks()), ("bare", bare)):
                for preheat in (False, True):
                    key = (name, preheat)
                    results[key] = measure(browser, folder, preheat, args.runs, tmp / f"{name}-{preheat}")
            every_dashboard(browser, tmp, args.passes)
            browser.close()
        med = {k: statistics.median(v) for k, v in results.items()}
        print(f"time to interactive widgets, median of {args.runs} runs (s), min–max in brackets")
        for (name, preheat), values in results.items():
            label = f"{name:5} {'preheated' if preheat else 'cold':9}"
            print(f"  {label} {med[(name, preheat)]:6.2f}  [{min(values):.2f}–{max(values):.2f}]")
        print("ratios")
        for name in ("home", "bare"):
            print(f"  {name} preheated / cold          {med[(name, True)] / med[(name, False)]:.2f}")
        for preheat in (False, True):
            label = "preheated" if preheat else "cold"
            print(f"  home / bare ({label:9})      {med[('home', preheat)] / med[('bare', preheat)]:.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
