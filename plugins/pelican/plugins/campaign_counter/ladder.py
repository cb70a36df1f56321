"""The goal shown next to a count: the campaign's own, then a ladder.

The ladder repeats its steps times ten: with ``(100, 250, 500)`` it runs
100 → 250 → 500 → 1,000 → 2,500 → 5,000 → 10,000 → 25,000 → …
"""

from __future__ import annotations

from collections.abc import Iterator

from pelican.plugins.site_config.counter import DEFAULT_GOAL_LADDER


def ladder_steps(steps: tuple[int, ...] = DEFAULT_GOAL_LADDER) -> Iterator[int]:
    """The endless ladder, ascending."""
    scale = 1
    while True:
        for step in steps:
            yield step * scale
        scale *= 10


def next_goal(total: int, goal: int | None = None, steps=DEFAULT_GOAL_LADDER) -> int:
    """The goal to show for ``total``.

    The campaign's own goal while it is not reached; once reached (a goal of
    100 is reached at 100), the first ladder step above both the total and
    that goal.
    """
    if goal is not None and total < goal:
        return goal
    floor = max(total, goal or 0)
    for step in ladder_steps(tuple(steps)):
        if step > floor:
            return step
    raise AssertionError("unreachable: the ladder is endless")  # pragma: no cover
