"""Time and peak memory of the analysis and the synthesis report on growing data (issue #6).

    .venv/bin/python benchmarks/analysis_scale.py [--quick] [--repeat N]

Three kinds of run, each at a small and a large size (10 times the data):

* ``questionnaire``: clean → weight → the survey tables of the synthesis report (the four
  questions, weighted), one by household and a crosstab; 100,000 and 1,000,000 rows;
* ``letters``: theme coding of the letters (``code_letters``) and the agreement with the
  themes the generator wrote (``cohen_kappa``); 10,000 and 100,000 letters;
* ``synthesis``: the whole synthesis report, ``reports.synthesis_report`` (cleaning,
  weights, tables and charts, letters, interviews, open answers, conferences) then its
  HTML and its DOCX; 100,000 rows with 10,000 letters, and 1,000,000 with 100,000.

The data are generated (``datagen``) before the clock starts, and each step first runs
once on tiny data (the one-time costs of a session: reading the kit's texts, importing
matplotlib and python-docx); the interviews and the conference opinions are those of
``datasets/tham-van-kcb``. Each run is a fresh Python process, so its memory is its
own: the peak resident size while the step runs (``VmHWM``, reset through
``/proc/self/clear_refs`` just before the step), the data held in memory included.
``--repeat N`` runs each step N times and reports the median time. ``--quick`` uses 100
times less data, in one process and without the warm-up, for a smoke test (a few
seconds; its first runs carry the one-time costs, so it gives no verdict).

Targets of issue #6, at the large size on 2 cores: at most 10 s, at most 2 GiB, and
growth at most linear, 10× with a little slack (12×), for 10 times the data. The
synthesis report grows less than that: its charts and documents cost the same at any
size.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from thamvan_lib import datagen, dataset, reports  # noqa: E402
from thamvan_lib.analysis import cleaning, coding, tables  # noqa: E402

TIME_TARGET_S = 10.0
MEMORY_TARGET_MIB = 2048.0
GROWTH_TARGET = 12.0  # 10 times the data: about 10 times the time, a little slack
FULL = {"questionnaire": ((100_000,), (1_000_000,)),
        "letters": ((10_000,), (100_000,)),
        "synthesis": ((100_000, 10_000), (1_000_000, 100_000))}


# --- memory ------------------------------------------------------------------------------

def _status(field: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB → MiB
    except OSError:
        pass
    return None


def reset_peak() -> bool:
    """Start the peak resident size afresh (Linux ≥ 4.0); False if it cannot be."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def peak_mib() -> float:
    peak = _status("VmHWM")
    if peak is None:  # not Linux: the peak since the process started
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return peak


# --- data --------------------------------------------------------------------------------

def _cached(cache: Path | None, name: str, make):
    """Generated data, kept in ``cache`` for the other runs of the same size."""
    path = cache / f"{name}.pkl" if cache else None
    if path and path.exists():
        return pickle.loads(path.read_bytes())
    data = make()
    if path:
        path.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    return data


def questionnaire(rows: int, cache: Path | None = None):
    scale = rows / datagen.QUESTIONNAIRE_BASE
    return (_cached(cache, f"questionnaire-{rows}", lambda: datagen.questionnaire(scale)),
            datagen.populations(scale))


def letters(count: int, cache: Path | None = None) -> pd.DataFrame:
    return _cached(cache, f"letters-{count}",
                   lambda: datagen.letters(count, rng=np.random.default_rng(1)))


def conference_units() -> pd.DataFrame:
    return dataset.read_units()


def interviews() -> pd.DataFrame:
    return dataset.read_interviews()


# --- the steps ---------------------------------------------------------------------------

def questionnaire_step(df, populations):
    def run():
        cleaned, _ = cleaning.clean(df)
        w = tables.weight_by_population(cleaned, populations)
        for column in dataset.KIT.survey.reported:
            tables.proportion_table(cleaned, column, weights=w)
        tables.proportion_table(cleaned, "du_thuoc", by="ho_gia_dinh", weights=w)
        tables.crosstab(cleaned, "dan_toc", "the_bhyt", weights=w, share="row")
        return {"clean_rows": len(cleaned), "effective_n": round(w.effective_n)}
    return run


def letters_step(texts: pd.DataFrame):
    def run():
        coded = coding.code_letters(texts)
        kappa = coding.cohen_kappa(list(texts["chu_de"]), list(coded["chu_de_ma_hoa"]),
                                     multi=True)
        return {"with_theme": round(float(coded["chu_de_ma_hoa"].ne("").mean()), 4),
                "kappa": round(kappa.overall, 4)}
    return run


def synthesis_step(df, populations, texts, notes, units):
    from thamvan_lib.documents import reports as documents

    parts: dict[str, float] = {}

    def run():
        start = time.perf_counter()
        report = reports.synthesis_report(df, populations, texts, notes, units)
        parts["report"] = time.perf_counter() - start
        start = time.perf_counter()
        page = documents.synthesis_html(report)
        parts["html"] = time.perf_counter() - start
        start = time.perf_counter()
        documents.synthesis_docx(report).save(io.BytesIO())
        parts["docx"] = time.perf_counter() - start
        return {"respondents": report.respondents, "letters": report.letters,
                "html_kib": len(page) // 1024, **{f"{k}_s": round(v, 2) for k, v in parts.items()}}
    return run


_WARM: set[str] = set()  # kinds of step already run once in this process


def make_step(kind: str, sizes: tuple, cache: Path | None = None):
    if kind == "questionnaire":
        return questionnaire_step(*questionnaire(sizes[0], cache))
    if kind == "letters":
        return letters_step(letters(sizes[0], cache))
    df, populations = questionnaire(sizes[0], cache)
    return synthesis_step(df, populations, letters(sizes[1], cache), interviews(),
                          conference_units())


def run_case(kind: str, sizes: tuple, repeat: int = 1, cache: Path | None = None,
             warm_up: bool = True) -> dict:
    """Generate the data of one run, then time its step (median of ``repeat``) and
    measure its peak memory. The step first runs once on tiny data: the one-time costs
    of a session (reading the kit's texts, importing and warming up matplotlib and
    python-docx) are not what grows with the data."""
    if warm_up and kind not in _WARM:
        make_step(kind, (1_000, 50)[:len(sizes)])()
        _WARM.add(kind)
    step = make_step(kind, sizes, cache)
    times, peaks, info = [], [], {}
    for _ in range(repeat):
        exact = reset_peak()
        start = time.perf_counter()
        info = step()
        times.append(time.perf_counter() - start)
        peaks.append(peak_mib())
    return {"kind": kind, "sizes": list(sizes), "seconds": statistics.median(times),
            "all_seconds": [round(t, 3) for t in times], "peak_mib": max(peaks),
            "peak_is_step": exact, "info": info}


def _child(kind: str, sizes: tuple, repeat: int, cache: Path) -> dict:
    command = [sys.executable, __file__, "--case", kind, *map(str, sizes),
               "--repeat", str(repeat), "--cache", str(cache)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"the {kind} run at {sizes} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- report ------------------------------------------------------------------------------

def _label(kind: str, sizes: list) -> str:
    if kind == "questionnaire":
        return f"{sizes[0]:,} rows"
    if kind == "letters":
        return f"{sizes[0]:,} letters"
    return f"{sizes[0]:,} rows + {sizes[1]:,} letters"


def _yes(ok: bool) -> str:
    return "MET" if ok else "NOT MET"


def report(results: dict[str, tuple[dict, dict]], full: bool) -> bool:
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    print()
    print(f"{'run':<14} {'size':<30} {'time':>9} {'peak memory':>13}   details")
    for kind, pair in results.items():
        for r in pair:
            print(f"{kind:<14} {_label(kind, r['sizes']):<30} {r['seconds']:8.2f}s "
                  f"{r['peak_mib']:9.0f} MiB   {r['info']}")
    print()
    print("growth for 10× the data (large / small):")
    all_met = True
    for kind, (small, large) in results.items():
        t = large["seconds"] / small["seconds"]
        m = large["peak_mib"] / small["peak_mib"]
        line = f"  {kind:<14} time {t:5.1f}×  memory {m:5.1f}×"
        if full:
            checks = [(large["seconds"] <= TIME_TARGET_S, f"≤ {TIME_TARGET_S:g} s"),
                      (large["peak_mib"] <= MEMORY_TARGET_MIB, "≤ 2 GiB"),
                      (t <= GROWTH_TARGET and m <= GROWTH_TARGET, "linear growth")]
            all_met &= all(ok for ok, _ in checks)
            line += "   " + ", ".join(f"{name}: {_yes(ok)}" for ok, name in checks)
        print(line)
    if full:
        print()
        print(f"targets of issue #6 at the large size (≤ {TIME_TARGET_S:g} s, ≤ 2 GiB, "
              f"growth ≤ {GROWTH_TARGET:g}× for 10× the data): "
              f"{'ALL MET' if all_met else 'NOT ALL MET'}")
    else:
        print("(--quick: 100 times less data than the targets are set for; no verdict)")
    if load:
        print(f"load average while measuring: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
              f"on {os.cpu_count()} cores")
    return all_met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100× less data, one process")
    parser.add_argument("--repeat", type=int, default=1, help="runs per step; median time")
    parser.add_argument("--case", nargs="+", help=argparse.SUPPRESS)  # kind and sizes
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:  # one run, in this process, for the parent
        kind, sizes = args.case[0], tuple(int(x) for x in args.case[1:])
        print(json.dumps(run_case(kind, sizes, args.repeat, args.cache)))
        return
    results = {}
    if args.quick:
        for kind, pair in FULL.items():
            results[kind] = tuple(run_case(kind, tuple(n // 100 for n in sizes), args.repeat,
                                           warm_up=False) for sizes in pair)
        report(results, full=False)
        return
    with tempfile.TemporaryDirectory(prefix="thamvan-bench-") as cache:
        for kind, pair in FULL.items():
            results[kind] = tuple(_child(kind, sizes, args.repeat, Path(cache)) for sizes in pair)
            for r in results[kind]:
                print(f"  {kind:<14} {_label(kind, r['sizes']):<30} {r['seconds']:8.2f}s "
                      f"{r['peak_mib']:9.0f} MiB", flush=True)
    report(results, full=True)


if __name__ == "__main__":
    main()
