"""Immutable view of a *validated* feed document.

:func:`feed_from_document` assumes the document passed
:func:`campaign_counter.validation.validate`; it does no checking of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

UNITS = ("signatures", "signatories")
QUALIFIERS = ("exact", "at_least", "more_than")


def parse_timestamp(value: str) -> datetime:
    """An ISO 8601 timestamp with offset → an aware datetime (offset kept)."""
    return datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))


@dataclass(frozen=True)
class Milestone:
    count: int
    reached_at: datetime


@dataclass(frozen=True)
class OfflineSource:
    source: str
    count: int


@dataclass(frozen=True)
class Correction:
    at: datetime
    reason: str


@dataclass(frozen=True)
class Campaign:
    id: str
    status: str
    count: int
    count_at: datetime
    unit: str = "signatures"
    title: str = ""
    goal: int | None = None
    ended_at: datetime | None = None
    offline: tuple[OfflineSource, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    correction: Correction | None = None
    count_qualifier: str = "exact"  # "at_least" / "more_than": total is a lower bound

    @property
    def offline_count(self) -> int:
        return sum(source.count for source in self.offline)

    @property
    def total(self) -> int:
        """Online plus offline: the figure readers see."""
        return self.count + self.offline_count

    @property
    def ended(self) -> bool:
        return self.status == "ended"


@dataclass(frozen=True)
class Feed:
    version: int
    generated_at: datetime
    campaigns: tuple[Campaign, ...]
    sample: bool = False

    def get(self, campaign_id: str) -> Campaign | None:
        for campaign in self.campaigns:
            if campaign.id == campaign_id:
                return campaign
        return None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(campaign.id for campaign in self.campaigns)


def _campaign(data: dict) -> Campaign:
    correction = data.get("correction")
    return Campaign(
        id=data["id"],
        status=data["status"],
        count=int(data["count"]),
        count_at=parse_timestamp(data["count_at"]),
        unit=data.get("unit", "signatures"),
        count_qualifier=data.get("count_qualifier", "exact"),
        title=data.get("title", ""),
        goal=int(data["goal"]) if data.get("goal") is not None else None,
        ended_at=parse_timestamp(data["ended_at"]) if data.get("ended_at") else None,
        offline=tuple(
            OfflineSource(source=item["source"], count=int(item["count"]))
            for item in data.get("offline", ())
        ),
        milestones=tuple(
            Milestone(count=int(item["count"]), reached_at=parse_timestamp(item["reached_at"]))
            for item in data.get("milestones", ())
        ),
        correction=(
            Correction(at=parse_timestamp(correction["at"]), reason=correction["reason"])
            if correction
            else None
        ),
    )


def feed_from_document(document: dict) -> Feed:
    return Feed(
        version=int(document["version"]),
        generated_at=parse_timestamp(document["generated_at"]),
        campaigns=tuple(_campaign(item) for item in document["campaigns"]),
        sample=bool(document.get("sample", False)),
    )
