"""Imports point downward: read documents -> merge as Helm does -> Big Bang knowledge -> plan, lint, verify ->
report -> cli. Each package may import only the packages listed for it (lazy imports inside functions count)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parents[1] / "bbvalues"
SHARED = {"errors", "patterns", "records"}  # modules of bbvalues/ itself, below every package
ENGINES = {"documents", "helm", "bigbang"}
ALLOWED = {
    "documents": set(),
    "helm": {"documents"},
    "bigbang": {"documents", "helm"},
    "netpol": ENGINES,
    "migrate": ENGINES,
    "lint": ENGINES,
    "verify": ENGINES,
    "review": ENGINES | {"migrate", "lint", "netpol"},
    # a reporter imports nothing above what it renders
    "report": ENGINES | {"migrate", "lint", "netpol"},
    "scan": ENGINES | {"migrate", "lint", "report"},
}


def _package(module: str) -> str | None:
    """The top package of a `bbvalues.X...` module name (X for a shared module), None outside bbvalues."""
    parts = module.split(".")
    return parts[1] if parts[0] == "bbvalues" and len(parts) > 1 else None


def imported_packages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(_package(node.module))
        elif isinstance(node, ast.Import):
            found.update(_package(alias.name) for alias in node.names)
    return found - {None}


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_a_package_imports_only_the_layers_below_it(package):
    wrong = {}
    for path in sorted((PACKAGE_ROOT / package).rglob("*.py")):
        upward = imported_packages(path) - ALLOWED[package] - SHARED - {package}
        if upward:
            wrong[str(path.relative_to(PACKAGE_ROOT))] = sorted(upward)
    assert wrong == {}


def test_every_package_has_its_layer():
    packages = {path.name for path in PACKAGE_ROOT.iterdir() if (path / "__init__.py").exists()}
    assert packages - {"cli"} == set(ALLOWED)


def test_the_shared_modules_import_no_package():
    for name in SHARED:
        assert imported_packages(PACKAGE_ROOT / f"{name}.py") <= SHARED, name
