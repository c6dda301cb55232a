"""The house stays a house: imports between thamvan_lib's modules point down the layers, never in a circle.

Every module is parsed with ``ast`` (imports at module level and inside functions, relative
imports resolved), and the module import graph must have no cycle and no edge from a lower
layer to a higher one. A module the map below does not know fails too, so a new module is
placed on purpose.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "thamvan_lib"

# Bottom to top. A name covers the module and, for a package, everything inside it.
LAYERS: dict[str, list[str]] = {
    "foundation": [
        "__init__", "errors", "i18n", "locations", "pages", "roles", "schema", "content", "store", "vietnamese",
        "records",
    ],
    "domain": [
        "plan", "sampling", "questionnaire", "questionnaire_rules", "training", "communication", "uptake",
        "workshop", "reports", "charts", "minutes", "dataset", "datagen", "process", "selfcheck", "manual",
        "checks", "answers", "programme", "storyline", "draft_law", "trainer_notes", "analysis", "roleplay",
        "grading", "pretest", "training_day",
    ],
    "presentation": ["widgets", "documents"],
    "serving": ["serving", "cli", "__main__"],
}

# Violations allowed for now: none. An entry here must name a real violation (the test fails
# on a stale entry too).
KNOWN_VIOLATIONS: set[str] = set()


def module_names(package_dir: Path) -> dict[str, Path]:
    """Every module of a package by dotted name relative to it; a package is named by its folder."""
    names = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = list(path.relative_to(package_dir).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts.pop()
        names[".".join(parts)] = path
    return names


def imports_of(name: str, path: Path, package: str, modules: dict[str, Path]) -> set[str]:
    """The package's modules that module ``name`` imports, anywhere in its body."""
    is_package = path.name == "__init__.py" and name != "__init__"
    here = name.split(".") if is_package else name.split(".")[:-1]
    if name == "__init__":
        here = []
    found = set()

    def target(dotted: str) -> str | None:
        if dotted == "":
            return "__init__"
        while dotted and dotted not in modules:  # a name imported from a module, not a module
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == package or alias.name.startswith(package + "."):
                    found.add(target(alias.name.removeprefix(package).removeprefix(".")))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)] if node.level > 1 else here
                base = ".".join(base + ([node.module] if node.module else []))
            elif node.module == package or (node.module or "").startswith(package + "."):
                base = node.module.removeprefix(package).removeprefix(".")
            else:
                continue
            for alias in node.names:  # `from . import x` imports module x when there is one
                child = f"{base}.{alias.name}" if base else alias.name
                found.add(child if child in modules else target(base))
    found.discard(None)
    found.discard(name)
    return found


def import_graph(package_dir: Path) -> dict[str, set[str]]:
    modules = module_names(package_dir)
    return {name: imports_of(name, path, package_dir.name, modules) for name, path in modules.items()}


def layer_of(module: str, layers: dict[str, list[str]]) -> str | None:
    best, depth = None, -1
    for layer, names in layers.items():
        for placed in names:
            if (module == placed or module.startswith(placed + ".")) and placed.count(".") > depth:
                best, depth = layer, placed.count(".")
    return best


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One shortest cycle per strongly connected component, starting at its smallest module."""
    index, low, stack, on_stack, components = {}, {}, [], set(), []

    def visit(node: str) -> None:  # Tarjan
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)

    found = []
    for component in components:
        start = min(component)
        paths, seen = [[start]], {start}
        while paths:  # breadth first: the shortest way back to start
            path = paths.pop(0)
            nexts = sorted(graph.get(path[-1], set()) & component)
            if start in nexts:
                found.append(path + [start])
                break
            for nxt in nexts:
                if nxt not in seen:
                    seen.add(nxt)
                    paths.append(path + [nxt])
    return sorted(found)


def violations(package_dir: Path, layers: dict[str, list[str]]) -> set[str]:
    graph = import_graph(package_dir)
    order = list(layers)
    found = {"cycle: " + " → ".join(cycle) for cycle in cycles(graph)}
    for module in sorted(graph):
        if layer_of(module, layers) is None:
            found.add(f"unplaced: {module}")
    for module, targets in graph.items():
        here = layer_of(module, layers)
        for imported in targets:
            there = layer_of(imported, layers)
            if here and there and order.index(there) > order.index(here):
                found.add(f"up: {module} ({here}) → {imported} ({there})")
    return found


def test_imports_point_down_the_layers_and_never_in_a_circle():
    found = violations(PACKAGE, LAYERS)
    assert found - KNOWN_VIOLATIONS == set(), "new violations (see LAYERS at the top of this file)"
    assert KNOWN_VIOLATIONS - found == set(), "fixed: remove these from KNOWN_VIOLATIONS"


def private_imports(package_dir: Path) -> set[str]:
    """``from <a module of the package> import _name``: a private name crossing modules."""
    found = set()
    package = package_dir.name
    for path in sorted(package_dir.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            ours = node.level > 0 or (node.module or "").split(".")[0] == package
            for alias in node.names:
                if ours and alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.add(f"{path.relative_to(package_dir)}: {node.module or '.'} {alias.name}")
    return found


def test_no_private_name_crosses_a_module():
    assert private_imports(PACKAGE) == set()


# The checker itself, on small fake packages


def _package(root: Path, files: dict[str, str]) -> Path:
    package = root / "fake"
    for name, text in {"__init__.py": "", **files}.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text)
    return package


FAKE_LAYERS = {"low": ["__init__", "base", "util"], "mid": ["tools"], "top": ["views", "app"]}


def test_a_clean_package_has_no_violation(tmp_path):
    package = _package(tmp_path, {
        "base.py": "import os\n",
        "util.py": "from .base import thing\nfrom fake import base\n",
        "tools/__init__.py": "from .core import run\n",
        "tools/core.py": "from ..util import helper\nfrom .. import base\n",
        "views.py": "from fake.tools.core import run\nimport fake.util\n",
        "app.py": "from . import views, tools\n",
    })
    assert violations(package, FAKE_LAYERS) == set()
    assert import_graph(package)["app"] == {"views", "tools"}
    assert import_graph(package)["tools.core"] == {"util", "base"}
    assert import_graph(package)["tools"] == {"tools.core"}


def test_a_cycle_is_named_even_through_a_function_level_import(tmp_path):
    package = _package(tmp_path, {
        "base.py": "from .util import helper\n",
        "util.py": "def helper():\n    from . import base\n    return base\n",
    })
    assert violations(package, FAKE_LAYERS) == {"cycle: base → util → base"}


def test_an_upward_import_is_named_with_both_layers(tmp_path):
    package = _package(tmp_path, {
        "base.py": "",
        "tools/__init__.py": "",
        "tools/core.py": "def late():\n    from ..views import page\n",
        "views.py": "from fake.base import thing\n",
    })
    assert violations(package, FAKE_LAYERS) == {"up: tools.core (mid) → views (top)"}


def test_a_module_missing_from_the_map_is_unplaced(tmp_path):
    package = _package(tmp_path, {"base.py": "", "stray.py": "from . import base\n"})
    assert violations(package, FAKE_LAYERS) == {"unplaced: stray"}


def test_a_private_import_is_named_but_a_dunder_or_a_library_name_is_not(tmp_path):
    package = _package(tmp_path, {
        "base.py": "_secret = 1\n__version__ = '1'\n",
        "util.py": "from .base import _secret, __version__\nfrom docx.table import _Cell\n",
        "tools/__init__.py": "def late():\n    from fake.base import _secret\n",
    })
    assert private_imports(package) == {"util.py: base _secret", "tools/__init__.py: fake.base _secret"}


@pytest.mark.parametrize("module, layer", [
    ("schema", "foundation"), ("schema.roleplay", "foundation"), ("analysis.tables", "domain"),
    ("widgets.base", "presentation"), ("serving.kernels", "serving"), ("cli.course", "serving"),
    ("brand_new", None),
])
def test_the_map_places_each_module_in_its_layer(module, layer):
    assert layer_of(module, LAYERS) == layer
