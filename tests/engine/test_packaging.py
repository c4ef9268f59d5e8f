"""A fresh `pip install -e .` (Quickstart command 1) must bring every package the app imports.

Test-only packages (scipy, PyYAML, pymcdm, ...) are installed here through the `test` extra, so a
runtime import of one of them passes every other test and fails only on a user's machine. This test
reads every import in the shipped code and checks its distribution is a runtime dependency.
"""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from support import ROOT

SHIPPED = ["scoring", "ui", "pages", "dashboard.py"]


def _top_level_imports() -> dict[str, str]:
    """Top-level module name -> one file importing it, over the shipped code."""
    found: dict[str, str] = {}
    files = [p for entry in SHIPPED for p in ((ROOT / entry).rglob("*.py") if (ROOT / entry).is_dir() else [ROOT / entry])]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return found


def _runtime_distributions() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {re.split(r"[\[<>=!~; ]", dep, maxsplit=1)[0].lower().replace("_", "-")
            for dep in project["dependencies"]}


def _not_in(runtime: set[str]) -> dict[str, tuple[str, list[str]]]:
    """Modules the app imports whose distribution is not in `runtime`: module -> (a file, distributions)."""
    local = {"scoring", "ui", "support", "pages", "dashboard"}
    by_module = packages_distributions()
    missing = {}
    for module, where in _top_level_imports().items():
        if module in local or module in sys.stdlib_module_names or module == "__future__":
            continue
        dists = {d.lower().replace("_", "-") for d in by_module.get(module, [])}
        assert dists, f"{where} imports {module!r}, which no installed distribution provides"
        if not dists & runtime:
            missing[module] = (where, sorted(dists))
    return missing


def test_every_third_party_import_of_the_app_is_a_runtime_dependency():
    missing = _not_in(_runtime_distributions())
    assert not missing, f"imported by the app but not in [project] dependencies: {missing}"


def test_a_runtime_import_of_a_test_only_package_is_reported():
    """scoring/compare.py imports scipy (Kendall's tau-b); with scipy left out of the list it is named."""
    missing = _not_in(_runtime_distributions() - {"scipy"})
    assert list(missing) == ["scipy"]
    assert missing["scipy"][0] == "scoring/compare.py"
