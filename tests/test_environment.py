"""environment.yml (conda, Binder) must list the same top-level packages as pyproject.toml."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\s\[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip_names = {_name(r) for r in project["dependencies"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = set(), set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip |= {_name(p) for p in dep["pip"] if not p.startswith("-")}
        else:
            conda.add(_name(dep))
    assert "conda-forge" in env["channels"]
    assert conda - {"python", "pip"} | pip == pip_names
    assert any("-e ." in p for d in env["dependencies"] if isinstance(d, dict) for p in d["pip"])


def test_required_stack_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {_name(r) for r in project["dependencies"]}
    assert {"jupyterlab", "ipywidgets", "voila", "pandas", "nbformat", "nbgrader", "ipykernel"} <= names
    assert (ROOT / "uv.lock").exists()


def test_environment_yml_asks_for_the_same_python():
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    python = next(d for d in env["dependencies"] if isinstance(d, str) and _name(d) == "python")
    assert python.removeprefix("python").replace(" ", "") == requires.replace(" ", "")
