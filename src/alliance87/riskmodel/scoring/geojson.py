"""Territory boundaries (GeoJSON): read them and find the property holding the codes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import RiskModelError


def load_boundaries(path: str | Path) -> dict:
    """Read a GeoJSON FeatureCollection of territory polygons."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RiskModelError(f"boundaries file not found: {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RiskModelError(f"{path} is not GeoJSON: {exc}") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise RiskModelError(f"{path} is not a GeoJSON FeatureCollection")
    return data


def match_property(features: list[dict], codes: Sequence[str]) -> str | None:
    """The feature property whose values match the most territory codes (None if none do)."""
    wanted = set(codes)
    best, best_n = None, 0
    names: list[str] = []
    for f in features:
        for k in f.get("properties") or {}:
            if k not in names:
                names.append(k)
    for k in names:
        n = sum(1 for f in features if code_text((f.get("properties") or {}).get(k)) in wanted)
        if n > best_n:
            best, best_n = k, n
    return best


def code_text(value: Any) -> str | None:
    """A territory code as text: integral numbers without ``.0`` (``5.0`` -> ``"5"``)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)
