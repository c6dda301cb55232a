"""The package works when installed as a wheel: what it reads at run time ships inside it,
and the kit's folders beside it (notebooks, exercises, deploy) are found through THAMVAN_KIT."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from thamvan_lib import locations

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_carries_its_content_and_runs_check_content_alone(tmp_path):
    source = tmp_path / "source"  # a copy: building in the checkout would leave build/ there
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "thamvan_lib", source / "thamvan_lib",
                    ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path / "dist"
    subprocess.run([sys.executable, "-c", "import sys, setuptools.build_meta as b; b.build_wheel(sys.argv[1])",
                    str(out)], cwd=source, check=True, capture_output=True, timeout=120)
    wheel = next(out.glob("thamvan_lib-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.relative_to(ROOT).as_posix() for folder in ("content", "templates")
               for p in (ROOT / "thamvan_lib" / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert shipped and shipped <= names

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {k: v for k, v in os.environ.items() if not k.startswith("THAMVAN_")}
    env.update(THAMVAN_HOME=str(tmp_path / "home"),
               PYTHONPATH=os.pathsep.join([str(site), sysconfig.get_paths()["purelib"]]))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # -S: no site-packages of its own, so not the checkout's editable install either
    result = subprocess.run([sys.executable, "-S", "-c",
                             "import thamvan_lib, sys; print(thamvan_lib.__file__); "
                             "from thamvan_lib.cli import main; sys.argv[0] = 'thamvan'; main()",
                             "check-content"], cwd=elsewhere, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(str(site))
    assert "Content is valid" in result.stdout


def test_the_kits_folders_are_found_through_thamvan_kit(tmp_path, monkeypatch):
    from thamvan_lib.grading.course import Course
    from thamvan_lib.serving import hub, server

    kit = tmp_path / "kit"
    (kit / "exercises" / "bai-1").mkdir(parents=True)
    (kit / "exercises" / "bai-1" / "bai-1.ipynb").write_text("{}", encoding="utf-8")
    (kit / "notebooks").mkdir()
    monkeypatch.setenv(locations.KIT_ENV, str(kit))
    assert Course(tmp_path / "course", tmp_path / "exchange").import_exercises() == ["bai-1"]
    assert str(kit / "notebooks") in server.voila_command()
    assert f"--ServerApp.root_dir={kit / 'notebooks'}" in server.lab_command()
    assert hub.config_file() == kit / "deploy" / "jupyterhub_config.py"
    assert hub.example_class() == kit / "deploy" / "class.example.yaml"
