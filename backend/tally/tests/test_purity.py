"""The tally library stays pure: no module under backend/tally imports Django, Django REST
framework, Celery or any application of the back end."""

from __future__ import annotations

import ast
from pathlib import Path

TALLY = Path(__file__).resolve().parents[1]
BACKEND = TALLY.parent


def forbidden_roots() -> set[str]:
    apps = {
        path.name
        for path in BACKEND.iterdir()
        if path.is_dir() and path.name != "tally" and (path / "__init__.py").exists()
    }
    return apps | {"django", "rest_framework", "rest_framework_gis", "celery", "config", "environ"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "__import__":
            roots.add("__import__")
    return roots


def test_the_scan_sees_the_back_end_apps():
    roots = forbidden_roots()
    assert {"campaigns", "projects", "core", "django"} <= roots


def test_no_module_imports_django_or_an_app():
    modules = sorted(TALLY.rglob("*.py"))
    assert len(modules) >= 10
    offending = {
        str(path.relative_to(BACKEND)): sorted(
            imported_roots(path) & (forbidden_roots() | {"__import__"})
        )
        for path in modules
    }
    assert {name: roots for name, roots in offending.items() if roots} == {}
