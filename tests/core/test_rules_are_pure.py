"""ARCHITECTURE.md: every app's rules (``rules.py``, or a ``rules/`` package) hold the seeds'
rules as pure functions over plain values — no ORM, no request, no Django at all. A refusal is
a code and its parameters (``core.transitions``); its words are in the app's ``messages.py``."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "alliance87"
RULES = sorted([*SRC.glob("*/rules.py"), *SRC.glob("*/rules/*.py")])
#: What rules may import from the project: pure modules of core (transitions, spreadsheet cells).
ALLOWED_PROJECT = {"alliance87.core.transitions", "alliance87.core.cells"}


def _app(path: Path) -> str:
    return path.parent.parent.name if path.parent.name == "rules" else path.parent.name


def test_every_domain_app_has_its_rules():
    assert {_app(p) for p in RULES} >= {"partners", "pathfinders", "governance", "groups"}


@pytest.mark.parametrize("path", RULES, ids=lambda p: f"{_app(p)}/{p.name}")
def test_rules_import_nothing_from_django(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module)
    offending = {m for m in imported if m.split(".")[0] in {"django", "ninja"}}
    offending |= {m for m in imported if m.startswith("alliance87.") and m not in ALLOWED_PROJECT}
    assert not offending, f"{path} imports {sorted(offending)}"
