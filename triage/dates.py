"""Dates the user types and dates the user reads.

The store keeps every timestamp as UTC ISO 8601 text ("2026-11-02T09:15:00Z"), which
sorts and compares as text. People type local dates and relative spans ("7d"), and read
local times; the conversions live here.
"""

import os
import re
from datetime import UTC, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from triage.errors import UsageError

_SPAN = re.compile(r"^(\d+)\s*([hdw])$")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def local_zone(name: str | None = None) -> tzinfo | None:
    """The configured zone; None means the system's, resolved per moment.

    The system zone is not captured as today's offset: a summer date read in winter
    must still get its summer offset.
    """
    return ZoneInfo(name) if name else None


def to_utc_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_utc_iso(stamp: str) -> datetime:
    """A stored timestamp as an aware datetime (Python 3.11 reads the Z)."""
    return datetime.fromisoformat(stamp)


def utc_now() -> str:
    """Now as the store writes timestamps: UTC ISO 8601 with a Z."""
    return to_utc_iso(datetime.now(UTC))


def as_of() -> datetime:
    """The moment waiting times are measured to: now, or TRIAGE_NOW when set.

    TRIAGE_NOW (ISO 8601) pins it, so that the README's examples and the tests
    show the same waits and scores on any day.
    """
    pinned = os.environ.get("TRIAGE_NOW")
    if not pinned:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(pinned.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"TRIAGE_NOW={pinned!r} is not an ISO 8601 date") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _localise(moment: datetime, zone: tzinfo | None) -> datetime:
    """A naive local wall-clock time made aware, in `zone` or the system's."""
    if zone is not None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone()  # a naive datetime is taken as system local time


def parse_when(
    text: str, zone: tzinfo | None, now: datetime | None = None, *, future: bool = False
) -> str:
    """A date typed by the user as a UTC ISO bound.

    Accepts YYYY-MM-DD (local midnight), YYYY-MM-DDTHH:MM[:SS] (local unless it says
    otherwise), `today`, `yesterday`, `tomorrow`, and spans from now: `36h`, `7d`,
    `2w` reach back, or forward when `future` (a snooze).
    """
    try:
        return _parse_when(text, zone, now, future)
    except (OverflowError, ValueError):
        raise UsageError(f"the date {text!r} is out of range") from None


_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1}


def _parse_when(
    text: str, zone: tzinfo | None, now: datetime | None, future: bool
) -> str:
    now = now or as_of()
    value = text.strip().lower()
    today = now.astimezone(zone).date()
    if value in _DAYS:
        day = today + timedelta(days=_DAYS[value])
        return to_utc_iso(_localise(datetime.combine(day, time()), zone))
    span = _SPAN.match(value)
    if span:
        delta = timedelta(**{_UNITS[span[2]]: int(span[1])})
        return to_utc_iso(now + delta if future else now - delta)
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"cannot read the date {text!r}: use YYYY-MM-DD, YYYY-MM-DDTHH:MM, "
            "today, yesterday, tomorrow, or a span such as 7d, 36h, 2w"
        ) from None
    if moment.tzinfo is None:
        moment = _localise(moment, zone)
    return to_utc_iso(moment)


def format_local(iso: str | None, zone: tzinfo | None, *, seconds: bool = False) -> str:
    """A stored UTC timestamp as local time for a table; '' when unknown."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso).astimezone(zone)
    except (ValueError, OverflowError):
        return iso
    return moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
