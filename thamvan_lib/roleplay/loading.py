"""Rubrics, personas and scenarios read from the content folder (``roleplay/``).

Each is cached until one of its files changes, so a trainer's edit is read at the next
load; every file is checked on load (``scenario.check_scenario``).
"""

from __future__ import annotations

import functools
from pathlib import Path

from ..content import ContentError, content_root, load_kind, read
from ..schema.roleplay import PersonaFile, Rubric, RubricFile, ScenarioFile
from .scenario import Scenario, check_scenario, unique_ids

FOLDER = Path("roleplay")
SCENARIOS = FOLDER / "scenarios"


def _root(root) -> Path:
    return Path(root) if root else content_root()


def _stamp(paths) -> tuple:
    """File names, sizes and modification times: a trainer's edit is read at the next load."""
    return tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for p in paths if p.exists())


def load_rubrics(root: Path | str | None = None) -> dict[str, Rubric]:
    return load_kind("rubrics", root, build=rubrics_by_id)


def rubrics_by_id(data: RubricFile) -> dict[str, Rubric]:
    rubrics = {}
    for rubric in data.rubrics:
        if rubric.id in rubrics:
            raise ContentError("roleplay/rubrics.yaml", rubric.id, "id", "mã bộ tiêu chí bị trùng",
                               "duplicate rubric id")
        rubrics[rubric.id] = rubric
    return rubrics


def load_personas(root: Path | str | None = None) -> PersonaFile:
    """Every persona and group, checked: ids unique, each persona in a known group."""
    return load_kind("personas", root, build=checked_personas)


def checked_personas(data: PersonaFile) -> PersonaFile:
    rel = "roleplay/personas.yaml"
    unique_ids(rel, [g.id for g in data.groups], "groups")
    unique_ids(rel, [p.id for p in data.personas], "id")
    groups = {g.id for g in data.groups}
    for persona in data.personas:
        if persona.group not in groups:
            raise ContentError(rel, persona.id, "group", f"không có nhóm '{persona.group}'",
                               f"there is no group '{persona.group}'")
    return data


def load_scenarios(root: Path | str | None = None) -> dict[str, Scenario]:
    """Every scenario file in ``roleplay/scenarios/``, checked, by id, in file-name order.

    Cached on the three kinds of file together: a scenario is checked against the rubrics
    and the personas, so an edit of either is a new check."""
    root = _root(root)
    files = sorted((root / SCENARIOS).glob("*.yaml"))
    extra = [root / FOLDER / "rubrics.yaml", root / FOLDER / "personas.yaml"]
    return dict(_load_scenarios(root, _stamp(files + extra)))


@functools.lru_cache(maxsize=8)
def _load_scenarios(root: Path, stamp) -> tuple:
    scenarios: dict[str, Scenario] = {}
    for path in sorted((root / SCENARIOS).glob("*.yaml")):
        scenario = load_scenario(path, root)
        if scenario.id in scenarios:
            raise ContentError(scenario.file, "-", "id", "mã kịch bản bị trùng với tệp khác",
                               "the scenario id is used by another file")
        scenarios[scenario.id] = scenario
    return tuple(scenarios.items())


def load_scenario(path: Path | str, root: Path | str | None = None) -> Scenario:
    """One scenario file, checked against the rubrics and personas of ``root``."""
    root, path = _root(root), Path(path)
    rubrics, personas = load_rubrics(root), load_personas(root)
    data = read(root, path, ScenarioFile)
    rel = path.relative_to(root).as_posix()
    scenario = Scenario(rel, data, rubrics.get(data.rubric), personas)
    check_scenario(scenario, path.stem, rubrics)
    return scenario
