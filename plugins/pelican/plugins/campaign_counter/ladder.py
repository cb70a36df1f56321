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


def goals(mode, goal: int | None, steps=DEFAULT_GOAL_LADDER, up_to: int = 1_000_000_000) -> tuple[int, ...]:
    """Every goal a campaign can show, ascending: the goal shown for a total
    is the first one above it (:func:`goal_after`). The build and the
    browser's live refresh (as ``data-cc-goals``) read this one list.

    ``mode`` "ladder": the campaign's own goal, then the ladder steps above
    it, up to the first step above ``up_to`` (the highest total a feed may
    give); "feed": the campaign's own goal only; a number: that goal;
    "none": no goal.
    """
    if mode == "feed":
        return (goal,) if goal is not None else ()
    if isinstance(mode, int) and not isinstance(mode, bool):
        return (mode,)
    if mode != "ladder":
        return ()
    found = [goal] if goal is not None else []
    for step in ladder_steps(tuple(steps)):
        if step > (goal or 0):
            found.append(step)
        if step > up_to:
            break
    return tuple(found)


def goal_after(total: int, sequence: tuple[int, ...]) -> int | None:
    """The first goal above ``total`` (a goal of 100 is reached at 100), or None."""
    return next((goal for goal in sequence if goal > total), None)


def next_goal(total: int, goal: int | None = None, steps=DEFAULT_GOAL_LADDER) -> int:
    """The goal to show for ``total`` in ladder mode: the campaign's own goal
    while it is not reached (a goal of 100 is reached at 100), then the first
    ladder step above both the total and that goal."""
    found = goal_after(total, goals("ladder", goal, steps, up_to=max(total, goal or 0)))
    assert found is not None  # the ladder runs past up_to
    return found
