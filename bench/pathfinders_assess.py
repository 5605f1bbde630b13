"""Time rules.assess for 200 countries x 10 years of history (what the dashboard does per request).

Run: .venv/bin/python bench/pathfinders_assess.py

Baselines in the same run: (1) the bare minimum any assessment does, sorting each country's
events by date; (2) the same assessment for 20 countries, to show the cost grows linearly.
"""

from __future__ import annotations

import datetime as dt
import time

from alliance87.pathfinders import rules

D = dt.date


def history(i: int, years: int = 10) -> rules.History:
    first = 2016
    ev = [
        rules.Event(
            rules.EventType.EXPRESSION_OF_INTEREST,
            D(first - 2, 1, 10),
            items=("focal_point",),
            addressed_to="alliance_chair",
        ),
        rules.Event(rules.EventType.TIMELINE_SUBMITTED, D(first - 2, 2, 1)),
        rules.Event(rules.EventType.COORDINATION_BODY, D(first - 2, 2, 2)),
        rules.Event(rules.EventType.WORKSHOP_HELD, D(first - 2, 3, 1)),
        rules.Event(
            rules.EventType.ROADMAP_SUBMITTED,
            D(first - 2, 6, 1),
            kind="roadmap",
            items=tuple(sorted(rules.ROADMAP_REQUIRED)),
        ),
        rules.Event(rules.EventType.PRESENTED_TO_GCG, D(first - 2, 7, 1)),
        rules.Event(rules.EventType.STATUS_GRANTED, D(first - 1, 9, 1)),
    ]
    for y in range(first, first + years):
        if i % 7 == 0 and y >= first + years - 2:
            continue
        day = D(y, 4, 20)
        ev += [
            rules.Event(rules.EventType.REPORT_SUBMITTED, day, year=y),
            rules.Event(rules.EventType.INDICATOR_FRAMEWORK_UPDATED, day, year=y),
            rules.Event(rules.EventType.EVIDENCE_OF_PROGRESS, day, year=y, kind="survey"),
            rules.Event(rules.EventType.EVIDENCE_OF_COLLABORATION, day, year=y),
            rules.Event(rules.EventType.REPORT_COMMENTED, D(y, 6, 1), year=y),
            rules.Event(rules.EventType.REPORT_FINALISED, D(y, 7, 1), year=y),
        ]
    return rules.History(f"C{i:02d}"[-3:].upper().rjust(3, "X"), tuple(ev))


def _best(fn, repeats: int = 5) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    histories = [history(i) for i in range(200)]
    n_events = sum(len(h.events) for h in histories)
    as_of = D(2026, 6, 1)
    assess_200 = _best(lambda: [rules.assess(h, as_of) for h in histories])
    assess_20 = _best(lambda: [rules.assess(h, as_of) for h in histories[:20]])
    sort_only = _best(
        lambda: [sorted(h.events, key=lambda e: (e.on, e.type.value)) for h in histories]
    )
    flagged = sum(r.at_risk for r in (rules.assess(h, as_of) for h in histories))
    print(f"200 countries, {n_events} events, {flagged} at risk of inactivity; best of 5")
    print(f"{'method':<34}{'ms':>10}{'ratio':>10}")
    print(f"{'baseline: sort events by date':<34}{sort_only * 1000:>10.1f}{1.0:>10.2f}")
    print(
        f"{'rules.assess, 200 countries':<34}{assess_200 * 1000:>10.1f}{assess_200 / sort_only:>10.2f}"
    )
    print(f"per-country cost, 200 vs 20 countries: {(assess_200 / 200) / (assess_20 / 20):.2f}x")


if __name__ == "__main__":
    main()
