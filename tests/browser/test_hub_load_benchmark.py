"""``benchmarks/hub_load.py --quick``: three concurrent sessions of the kit's warm Voila page
(a step's page), then the tabs closed; the figures are printed and the kernels of the
closed tabs are gone (Voila's shutdown beacon works: the template gives it its cookie)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from thamvan_lib.serving import server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "hub_load.py"


def test_quick_load_run_prints_its_figures_and_frees_the_kernels():
    # the tabs' kernels must go well before the culling window (16 min): 2 minutes at most
    result = subprocess.run([sys.executable, str(BENCHMARK), "--quick", "--window", "120"],
                            capture_output=True, text=True, timeout=900)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr[-3000:]
    assert f"hub load: 3 sessions of {server.WARM_PAGE}," in out, out
    figures = re.search(r"p50 ([\d.]+)\s+p95 ([\d.]+)\s+max ([\d.]+).*\((\d+)/(\d+) sessions ok\)", out)
    assert figures, out
    p50, p95, top = map(float, figures.groups()[:3])
    assert 0 < p50 <= p95 <= top
    assert figures.group(4) == figures.group(5) == "3"
    kernels = re.search(r"pool (\d+), with every tab open (\d+)", out)
    assert kernels and int(kernels.group(2)) >= int(kernels.group(1)) + 3, out
    assert re.search(r"kernels back to the pool size \(\d+\): yes", out), out
    assert "hosts requested by the pages: 127.0.0.1\n" in out
