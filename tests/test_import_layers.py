"""Python imports flow down: orchestration/lib/ (pure helpers) imports nothing of ours above
it, and expectations/ (the GX suites) only orchestration/lib/, so neither can pull in the Dagster
code location, and the code location can import both without a cycle. Read from the source
(ast), imports inside functions included: nothing is imported."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: layer (folder) -> the prefixes of our own modules it may import
ALLOWED = {
    "orchestration/lib": ("orchestration.lib",),
    "expectations": ("expectations", "orchestration.lib"),
}
OURS = ("orchestration", "expectations", "tests", "dbt_project", "dashboards")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of the file; relative imports resolved to its package."""
    package = ".".join(path.relative_to(REPO).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.append((node.lineno, module))
    return found


def violations(layer: str) -> list[str]:
    allowed = ALLOWED[layer]
    return [f"{path.relative_to(REPO)}:{line} imports {module}"
            for path in sorted((REPO / layer).rglob("*.py"))
            for line, module in imported_modules(path)
            if module.split(".")[0] in OURS
            and not any(module == a or module.startswith(a + ".") for a in allowed)]


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_imports_flow_down(layer):
    assert violations(layer) == []


def test_a_violation_is_seen(tmp_path, monkeypatch):
    """The test reads function-level and relative imports too (what a violation looks like)."""
    module = tmp_path / "orchestration" / "lib" / "bad.py"
    module.parent.mkdir(parents=True)
    module.write_text("def f():\n    from ..defs import sources\n    import expectations\n")
    monkeypatch.setattr(sys.modules[__name__], "REPO", tmp_path)
    assert violations("orchestration/lib") == [
        "orchestration/lib/bad.py:2 imports orchestration.defs",
        "orchestration/lib/bad.py:3 imports expectations"]
