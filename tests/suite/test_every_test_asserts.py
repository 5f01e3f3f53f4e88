"""Every test checks something: a test function without an assertion passes whatever the code
does. A test counts as checking when its body (or a helper of its module that it calls, at any
depth) holds an ``assert`` statement, ``pytest.raises`` / ``pytest.warns`` / ``pytest.fail``, a
call to an ``assert_…`` helper, Playwright's ``expect(…)`` or Schemathesis's
``call_and_validate``."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKING_CALLS = {"raises", "warns", "fail", "expect", "call_and_validate", "validate_response"}


def suite_files() -> list[Path]:
    files = [
        *ROOT.glob("backend/**/tests/**/test_*.py"),
        *ROOT.glob("tests/**/test_*.py"),
    ]
    return sorted(p for p in files if ".venv" not in p.parts)


def _called_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _checks_directly(node: ast.AST) -> bool:
    for child in ast.walk(node):
        if isinstance(child, ast.Assert):
            return True
        if isinstance(child, ast.Call):
            name = _called_name(child) or ""
            if name.startswith("assert") or name in CHECKING_CALLS:
                return True
    return False


def _calls(node: ast.AST) -> set[str]:
    return {
        name
        for child in ast.walk(node)
        if isinstance(child, ast.Call) and (name := _called_name(child))
    }


def _functions(tree: ast.Module) -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """(qualified name, node) of the module's functions and of its classes' methods."""
    out: list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            out.append((node.name, node))
        elif isinstance(node, ast.ClassDef):
            out.extend(
                (f"{node.name}.{item.name}", item)
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
            )
    return out


def silent_tests(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    functions = _functions(tree)
    helpers = {qual.split(".")[-1]: node for qual, node in functions}
    checking = {name for name, node in helpers.items() if _checks_directly(node)}
    changed = True
    while changed:  # helpers that call checking helpers check too
        changed = False
        for name, node in helpers.items():
            if name not in checking and _calls(node) & checking:
                checking.add(name)
                changed = True
    return [
        qual
        for qual, node in functions
        if node.name.startswith("test")
        and (len(qual.split(".")) == 1 or qual.split(".")[0].startswith("Test"))
        and not _checks_directly(node)
        and not (_calls(node) & checking)
    ]


def test_the_scan_sees_the_suite():
    files = suite_files()
    assert len(files) >= 30
    assert Path(__file__) in files


def test_the_scan_finds_a_test_without_assertion(tmp_path):
    sample = tmp_path / "test_sample.py"
    sample.write_text(
        "import pytest\n"
        "def check(x):\n    assert x\n"
        "def indirect(x):\n    check(x)\n"
        "def test_nothing(api):\n    api.get('/')\n"
        "def test_assert():\n    assert 1\n"
        "def test_raises():\n    with pytest.raises(ValueError):\n        int('x')\n"
        "def test_helper(api):\n    assert_error(api.get('/'), 404, 'not_found')\n"
        "def test_indirect():\n    indirect(1)\n"
        "class TestThing:\n    def test_silent(self):\n        print('hello')\n"
    )
    assert silent_tests(sample) == ["test_nothing", "TestThing.test_silent"]


def test_every_test_asserts_something():
    offenders = [
        f"{path.relative_to(ROOT)}::{name}" for path in suite_files() for name in silent_tests(path)
    ]
    assert offenders == [], "tests without an assertion:\n" + "\n".join(offenders)
