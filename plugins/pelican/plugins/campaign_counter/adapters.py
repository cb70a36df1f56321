"""Other platforms' JSON → this project's feed document, by JSON pointers.

A petition platform publishes one petition's figures in its own shape
(``{"data": {"attributes": {"signature_count": 36517, ...}}}``). With
``CAMPAIGN_COUNTER["adapter"]`` the fetched document is read through JSON
pointers (RFC 6901) into a one-campaign feed document, which then goes
through the same validation, cache and strict-mode rules as any feed.
"""

from __future__ import annotations

from datetime import datetime

from pelican.plugins.site_config.counter import AdapterSettings

from .parsing import ParseError

_MISSING = object()


def resolve(document, pointer: str):
    """The value at a JSON pointer, or ``_MISSING``."""
    if pointer == "":
        return document
    node = document
    for raw in pointer[1:].split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return _MISSING
    return node


def _timestamp(value, where: str) -> str:
    if not isinstance(value, str):
        raise ParseError(f"{where} is not a date and time: {str(value)[:40]!r}")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ParseError(f"{where} is not an ISO 8601 date and time: {value[:40]!r}") from None
    if moment.tzinfo is None:
        raise ParseError(f"{where} has no time zone offset: {value[:40]!r}")
    return moment.isoformat(timespec="seconds")


def to_feed(document, adapter: AdapterSettings, now: datetime) -> dict:
    """A feed document (version 1) with the one campaign the adapter reads."""
    pointers = dict(adapter.pointers)
    label = f"adapter {adapter.preset or 'pointers'}"

    def get(name):
        return resolve(document, pointers[name]) if name in pointers else _MISSING

    count = get("count")
    if count is _MISSING:
        raise ParseError(f"{label}: the document has nothing at {pointers['count']} (the count)")
    if isinstance(count, bool) or not isinstance(count, int):
        raise ParseError(f"{label}: {pointers['count']} is not a whole number: {str(count)[:40]!r}")
    status = get("status")
    ended = status is not _MISSING and str(status) not in adapter.status_open
    campaign = {
        "id": adapter.campaign,
        "status": "ended" if ended else "open",
        "count": count,
        "milestones": [],
    }
    count_at = get("count_at")
    campaign["count_at"] = (
        _timestamp(count_at, f"{label}: {pointers.get('count_at')}")
        if count_at not in (_MISSING, None)
        else now.isoformat(timespec="seconds")
    )
    goal = get("goal")
    if goal not in (_MISSING, None):
        if isinstance(goal, bool) or not isinstance(goal, int) or goal < 1:
            raise ParseError(f"{label}: {pointers['goal']} is not a whole number above 0: {str(goal)[:40]!r}")
        campaign["goal"] = goal
    ended_at = get("ended_at")
    if ended and ended_at not in (_MISSING, None):
        campaign["ended_at"] = _timestamp(ended_at, f"{label}: {pointers.get('ended_at')}")
    return {"version": 1, "generated_at": now.isoformat(timespec="seconds"), "campaigns": [campaign]}
