"""The layers point one way: domain ← storage, excel ← services ← ui, cli."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "hmics_desktop"

# What each layer may import from the package (besides itself and the top-level helpers).
ALLOWED = {
    "domain": set(),
    "storage": {"domain"},
    "excel": {"domain"},
    "documents": {"domain"},
    "services": {"domain", "storage", "excel", "documents"},
    "cli": {"domain", "storage", "excel", "documents", "services", "ui"},
    "ui": {"domain", "storage", "excel", "documents", "services"},
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_point_one_way(layer: str) -> None:
    for path in _modules(layer):
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] != "hmics_desktop" or len(parts) < 2 or parts[1] not in ALLOWED:
                continue
            assert parts[1] == layer or parts[1] in ALLOWED[layer], f"{path.name} imports {name}"


def test_pyside6_only_under_ui() -> None:
    for path in PACKAGE.rglob("*.py"):
        if "ui" in path.relative_to(PACKAGE).parts:
            continue
        assert not any(name.startswith("PySide6") for name in _imports(path)), f"{path} imports PySide6"


def test_every_module_has_a_docstring_and_stays_small() -> None:
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert ast.get_docstring(ast.parse(text)), f"{path} has no module docstring"
        assert text.count("\n") < 500, f"{path} is over 500 lines"


def test_the_importer_loads_no_spreadsheet_writer_until_a_file_needs_one() -> None:
    """Reading a plan needs python-calamine only: openpyxl (10 MB) and python-docx load when a file asks for them."""
    import subprocess
    import sys

    script = "import sys, hmics_desktop.services.importing; print(sorted({m.split('.')[0] for m in sys.modules}))"
    loaded = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True, timeout=60)
    assert "openpyxl" not in loaded.stdout and "'docx'" not in loaded.stdout
