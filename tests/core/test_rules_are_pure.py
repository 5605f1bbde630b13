"""ARCHITECTURE.md: every app's ``rules.py`` holds the seeds' rules as pure functions over plain
values — no ORM, no request. Only gettext may come from Django (to word a refusal)."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "alliance87"
RULES = sorted(SRC.glob("*/rules.py"))
ALLOWED_DJANGO = {"django.utils.translation"}


def test_every_domain_app_has_its_rules_module():
    assert {p.parent.name for p in RULES} >= {"partners", "pathfinders", "governance", "groups"}


@pytest.mark.parametrize("path", RULES, ids=lambda p: p.parent.name)
def test_rules_import_nothing_from_django_but_gettext(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    offending = {
        m for m in imported if m.split(".")[0] in {"django", "ninja"} and m not in ALLOWED_DJANGO
    }
    offending |= {
        m
        for m in imported
        if m.startswith("alliance87.") and m.endswith((".models", ".services", ".selectors"))
    }
    assert not offending, f"{path.parent.name}/rules.py imports {sorted(offending)}"
