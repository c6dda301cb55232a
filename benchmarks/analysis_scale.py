"""Time and peak memory of the analysis steps on growing generated data.

    .venv/bin/python benchmarks/analysis_scale.py [--quick]

Questionnaire: generate → clean → weight → three tables (a Likert question weighted,
by household, the multi-select barriers) and a crosstab, on 100,000 and 1,000,000 rows.
Letters: theme coding of 10,000 and 100,000 letter texts generated in memory.
Times are wall-clock without tracing (tracemalloc slows pandas several times over);
memory is the process's peak resident size so far (``resource.getrusage``), so it only
grows from step to step. The growth ratio compares the large run with the small one
(10 times the data).
"""

from __future__ import annotations

import argparse
import time
import resource

import numpy as np

from thamvan_lib import analysis, datagen


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def measure(label: str, fn):
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    peak = _peak_mib()
    print(f"  {label:<34} {seconds:8.2f} s   process peak {peak:8.1f} MiB", flush=True)
    return result, seconds, peak


def questionnaire_run(rows: int) -> tuple[float, int]:
    print(f"questionnaire, {rows:,} rows", flush=True)
    df, _, _ = measure("generate", lambda: datagen.questionnaire(rows / datagen.QUESTIONNAIRE_BASE))
    populations = datagen.populations(rows / datagen.QUESTIONNAIRE_BASE)
    total_s, peak = 0.0, 0

    def steps():
        cleaned, report = analysis.clean(df)
        w = analysis.weight_by_population(cleaned, populations)
        analysis.proportion_table(cleaned, "hl_tram_y_te", weights=w)
        analysis.proportion_table(cleaned, "du_thuoc", by="ho_gia_dinh", weights=w)
        analysis.proportion_table(cleaned, "kho_khan", weights=w)
        analysis.crosstab(cleaned, "dan_toc", "the_bhyt", weights=w, share="row")
        return len(cleaned), w.effective_n

    (n, n_eff), total_s, peak = measure("clean + weight + tables", steps)
    print(f"  {'':<34} {n:,} clean rows, effective n {n_eff:,.0f}")
    return total_s, peak


def letters_run(count: int) -> tuple[float, int]:
    print(f"letters, {count:,} texts", flush=True)
    letters, _, _ = measure("generate in memory",
                            lambda: datagen.letters(count, rng=np.random.default_rng(1)))
    book = analysis.load_codebook()
    coded, seconds, peak = measure("code_letters", lambda: analysis.code_letters(letters, book))
    print(f"  {'':<34} {coded['chu_de_ma_hoa'].ne('').mean():.1%} with a theme")
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="10× smaller, for a smoke test")
    quick = parser.parse_args().quick
    q_sizes = (10_000, 100_000) if quick else (100_000, 1_000_000)
    l_sizes = (1_000, 10_000) if quick else (10_000, 100_000)
    (q1, qm1), (q2, qm2) = (questionnaire_run(n) for n in q_sizes)
    (l1, lm1), (l2, lm2) = (letters_run(n) for n in l_sizes)
    print("growth for 10× the data (time, process peak memory):")
    print(f"  questionnaire  {q2 / q1:5.1f}×  {qm2 / qm1:5.1f}×")
    print(f"  letters        {l2 / l1:5.1f}×  {lm2 / lm1:5.1f}×")


if __name__ == "__main__":
    main()
