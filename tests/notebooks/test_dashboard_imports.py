"""A dashboard opens without the heavy libraries it does not use yet: every cold page pays
each import while a trainee waits (pandas ~0.5 s, matplotlib more), so only the pages that
show a table of the dataset on arrival may import pandas, and none draws a chart or opens a
gradebook before it is asked to."""

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

DASHBOARDS = Path(__file__).resolve().parents[2] / "notebooks" / "dashboards"
HEAVY = ("pandas", "matplotlib", "nbgrader")
# these show the dataset's tables, or opinions counted from it, as soon as they open
READ_THE_DATASET = {"analysis", "coding", "reports", "uptake"}

PROBE = """
import json, sys
exec(compile(sys.stdin.read(), "dashboard", "exec"), {})
print(json.dumps([m for m in %r if m in sys.modules]))
"""


def imported_on_arrival(name: str, home: Path) -> list[str]:
    notebook = nbformat.read(DASHBOARDS / f"{name}.ipynb", as_version=4)
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    done = subprocess.run([sys.executable, "-c", PROBE % (HEAVY,)], input=code, capture_output=True,
                          text=True, timeout=120, cwd=DASHBOARDS, env={"THAMVAN_HOME": str(home), "PATH": ""})
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_only_the_pages_that_show_the_dataset_import_pandas_and_none_draws_or_grades(tmp_path):
    names = sorted(p.stem for p in DASHBOARDS.glob("*.ipynb"))
    assert READ_THE_DATASET <= set(names)
    with ThreadPoolExecutor(max_workers=4) as pool:
        found = dict(zip(names, pool.map(lambda n: imported_on_arrival(n, tmp_path / n), names)))
    too_heavy = {n: m for n, m in found.items()
                 if set(m) - ({"pandas"} if n in READ_THE_DATASET else set())}
    assert not too_heavy, f"imported before the trainee asked for them: {too_heavy}"
    assert all("pandas" in found[n] for n in READ_THE_DATASET), "the list above is out of date"
