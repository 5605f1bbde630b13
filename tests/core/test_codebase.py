"""The shape of the tree a newcomer reads (issue "one way to do each job"): no module over
about 600 lines outside migrations, and every audit event typed."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "alliance87"
LIMIT = 620  # "about 600": a module that grows past it is split by concern


def _modules():
    return [p for p in SRC.rglob("*.py") if "migrations" not in p.parts]


def test_no_module_is_over_about_600_lines():
    long = {
        str(p.relative_to(SRC)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert not long, f"split these by concern: {long}"


def test_audit_events_are_members_of_an_events_enum_never_plain_strings():
    """``event=`` in a call is never a string literal or an f-string (core.audit.Events)."""
    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                for kw in node.keywords:
                    if kw.arg == "event" and isinstance(kw.value, ast.Constant | ast.JoinedStr):
                        found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert not found, f"untyped audit events: {found}"


def test_every_filtered_list_replaces_its_results_whole():
    """The fragment of ``core.htmx.render_page`` brings its own ``<div id="results">``: a form
    that targets it must swap it whole, or the results nest inside themselves."""
    wrong = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.html")
        if 'hx-target="#results"' in (text := p.read_text(encoding="utf-8"))
        and text.count('hx-target="#results"') != text.count('hx-swap="outerHTML"')
    ]
    assert not wrong, f"add hx-swap=outerHTML: {wrong}"
