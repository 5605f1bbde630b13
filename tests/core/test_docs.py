"""docs/developing.md names only what exists: every dotted ``alliance87`` or ``core`` name in
backquotes resolves to a module or an attribute of one."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "developing.md"
NAME = re.compile(r"`((?:alliance87\.)?core(?:\.[A-Za-z_]\w*)+|alliance87(?:\.[A-Za-z_]\w*)+)`")


def _resolves(dotted: str) -> bool:
    if not dotted.startswith("alliance87."):
        dotted = "alliance87." + dotted
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attr in parts[cut:]:
                obj = getattr(obj, attr)
        except AttributeError:
            return False
        return True
    return False


def test_every_name_the_developer_guide_mentions_exists():
    names = sorted(set(NAME.findall(DOC.read_text())))
    assert len(names) >= 10  # the guide names the shared mechanisms
    missing = [n for n in names if not _resolves(n)]
    assert not missing, f"docs/developing.md names what does not exist: {missing}"
