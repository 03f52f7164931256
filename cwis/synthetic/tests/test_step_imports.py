"""The generator's dependencies go one way: `generate.py` imports the step modules, which
import `context.py` and `writer.py`, never `generate.py` (no import circle)."""

import ast
from pathlib import Path

import cwis.synthetic

PACKAGE = Path(cwis.synthetic.__file__).parent


def imported_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_step_module_imports_the_generate_module():
    modules = [p for p in PACKAGE.glob("*.py") if p.name != "generate.py"]
    assert len(modules) >= 5
    for path in modules:
        assert "cwis.synthetic.generate" not in imported_names(path), path.name


def test_the_generate_module_imports_every_step_module():
    names = imported_names(PACKAGE / "generate.py")
    for step_module in ("institutions", "children", "transfers", "community"):
        assert f"cwis.synthetic.{step_module}" in names
