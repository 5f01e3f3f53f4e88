"""The adapter layer depends on no application of the project: the applications call it, never
the other way round (which once made an import cycle between ``addresses`` and the geocoder)."""

import ast
import subprocess
import sys
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[2]
ADAPTERS = BACKEND / "integrations"
# Every first-party package of the back end (applications, core, config) but the adapters.
FIRST_PARTY = {
    p.name for p in BACKEND.iterdir() if (p / "__init__.py").exists() and p.name != "integrations"
}


def _modules() -> list[Path]:
    return [p for p in ADAPTERS.rglob("*.py") if "tests" not in p.relative_to(ADAPTERS).parts]


def _imports(path: Path) -> set[str]:
    """Top-level names of the absolute imports of a module, at any depth (lazy imports too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_project_has_the_applications_this_test_guards_against():
    assert {"addresses", "geo", "proposals", "core", "campaigns"} <= FIRST_PARTY
    assert len(_modules()) >= 6


def test_adapters_import_no_application():
    offenders = {
        str(path.relative_to(BACKEND)): sorted(_imports(path) & FIRST_PARTY)
        for path in _modules()
        if _imports(path) & FIRST_PARTY
    }
    assert offenders == {}


def test_importing_every_adapter_loads_no_application():
    """The same, as the interpreter sees it: import every adapter module in a fresh process."""
    modules = [
        ".".join(p.relative_to(BACKEND).with_suffix("").parts).removesuffix(".__init__")
        for p in _modules()
    ]
    code = (
        f"import sys; sys.path.insert(0, {str(BACKEND)!r})\n"
        f"for name in {modules!r}: __import__(name)\n"
        f"first_party = {sorted(FIRST_PARTY)!r}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(first_party)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
