"""The backlog at a glance: what came in over a period, what is open now, who
wrote most, how fast cases were answered.

Each section is built on its own (`build(store, period, sections)`), so that a
script asking for one pays for that one. What came in (daily, senders, sizes,
answers, errors, domains) is counted over the period; what is open (labels, states,
waits) is the backlog as it stands at `period.now`. Days are local days of
`period.zone`: their UTC bounds are computed once and the stored UTC dates compared
to them as strings, so no date is parsed per message.

Counts over the period read the index of migration m013 (date, customer, address,
case), never the table, whose rows carry the bodies.
"""

import bisect
import itertools
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from triage.dates import from_utc_iso, to_utc_iso
from triage.errors import UsageError
from triage.records import Case
from triage.store import Store
from triage.store.case_facts import effective_state_sql

SECTIONS = (
    "totals",
    "daily",
    "labels",
    "states",
    "waits",
    "senders",
    "sizes",
    "answers",
    "errors",
    "domains",
    "escalations",
    "oldest",
    "noise",
)
# The back-from-leave briefing (`triage brief`): what arrived since the last review.
BRIEF_SECTIONS = ("totals", "senders", "escalations", "oldest", "noise")
# Open noise cases are counted by the kind of their mail.
NOISE_KINDS = ("empty", "sent-from-phone", "auto-reply", "bounce", "newsletter")
TOP_CASES = 5
# Open cases by how long the customer has waited, in days: [low, high).
WAIT_BUCKETS = (("under 1 day", 0, 1), ("1-3 days", 1, 3), ("3-7 days", 3, 7))
WAIT_OVER = "over 7 days"
# Cases by how many messages they hold: [low, high].
SIZE_BUCKETS = (("1", 1, 1), ("2", 2, 2), ("3-5", 3, 5), ("6-10", 6, 10))
SIZE_OVER = "over 10"
DEFAULT_DAYS = 30
TOP_SENDERS = 10
LATEST_ERRORS = 10
_STATE = effective_state_sql("c")  # of the case aliased c, at the time bound to its ?
# Messages stored raw because they could not be parsed, in the period or undated
# (often why they failed). Written so that SQLite walks the partial index of them
# (m013), not the date index and the table: (since, since, since, until).
_ERRORS = "parse_error IS NOT NULL AND coalesce(date, ?) >= ? AND coalesce(date, ?) < ?"
# Who a message is from: the customer grouping found, else the sender's address.
_WHO = "coalesce(nullif(customer, ''), from_addr)"


@dataclass(frozen=True, slots=True)
class Period:
    """From `since` (inclusive) to `until` (exclusive), seen from `zone` at `now`
    (None: the system's zone)."""

    since: datetime
    until: datetime
    now: datetime
    zone: tzinfo | None

    @property
    def bounds(self) -> tuple[str, str]:
        return to_utc_iso(self.since), to_utc_iso(self.until)

    def days(self) -> list[tuple[str, str]]:
        """Each local day of the period: its date and the UTC instant it starts
        (the period's start for the first), DST changes included."""
        day = self.since.astimezone(self.zone).date()
        found = []
        while True:
            midnight = _midnight(day, self.zone)
            if midnight >= self.until:
                return found
            found.append((day.isoformat(), to_utc_iso(max(midnight, self.since))))
            day += timedelta(days=1)


def period(
    since: str | None, until: str | None, zone: tzinfo | None, now: datetime
) -> Period:
    """The period between two UTC ISO bounds (as `dates.parse_when` gives them).
    By default it ends with today, whole (what is done at `now` counts), and
    begins DEFAULT_DAYS local days before."""
    today = now.astimezone(zone).date()
    end = from_utc_iso(until) if until else _midnight(today + timedelta(days=1), zone)
    start = (
        from_utc_iso(since)
        if since
        else _midnight(today - timedelta(days=DEFAULT_DAYS - 1), zone)
    )
    if start >= end:
        raise UsageError("--since must come before --until")
    return Period(start, end, now, zone)


def whole_store(store: Store, zone: tzinfo | None, now: datetime) -> Period | None:
    """The period from the store's first mail to its last, both included (the
    demo's sample, whose days lie in the past); None when nothing is dated."""
    t = store.totals()
    if not t.first_date or not t.last_date:
        return None
    last = from_utc_iso(t.last_date) + timedelta(seconds=1)
    return period(t.first_date, to_utc_iso(last), zone, now)


def sections_asked(names: Sequence[str]) -> tuple[str, ...]:
    """The sections named, in the report's order; all of them when none is."""
    unknown = [n for n in names if n not in SECTIONS]
    if unknown:
        raise UsageError(
            f"{unknown[0]!r} is not a stats section: {', '.join(SECTIONS)}"
        )
    return tuple(s for s in SECTIONS if s in (names or SECTIONS))


def last_review(store: Store) -> str | None:
    """Where `--since last-review` starts: when the latest review ended, or,
    before any review, the first stored message (everything is new)."""
    return store.reviews.last() or store.totals().first_date


@dataclass(frozen=True, slots=True)
class Day:
    day: str  # local date, YYYY-MM-DD
    messages: int
    new_cases: int  # cases whose first message came that day
    answered: int  # cases answered that day (in triage)


@dataclass(frozen=True, slots=True)
class Sender:
    customer: str
    name: str
    messages: int
    escalating: int  # of those, labelled escalating
    last_date: str | None


@dataclass(frozen=True, slots=True)
class Bucket:
    key: str
    count: int


@dataclass(frozen=True, slots=True)
class OpenCase:
    """An open case as the briefing names it."""

    id: int
    customer: str
    name: str
    subject: str
    score: int
    waited_hours: float | None


@dataclass(frozen=True, slots=True)
class ParseError:
    id: int
    date: str | None
    error: str


@dataclass(slots=True)
class Report:
    """The sections asked for; the others stay None."""

    period: Period
    totals: dict[str, int | str | None] | None = None
    daily: list[Day] | None = None
    labels: list[Bucket] | None = None
    states: list[Bucket] | None = None
    waits: list[Bucket] | None = None
    senders: list[Sender] | None = None
    sizes: list[Bucket] | None = None
    answers: dict[str, float | int | None] | None = None
    errors: list[ParseError] | None = None
    error_count: int = 0
    domains: list[Bucket] | None = None
    escalations: list[OpenCase] | None = None  # open, the latest mail escalating
    oldest: list[OpenCase] | None = None  # the open cases waiting longest
    noise: list[Bucket] | None = None  # open noise cases, by kind
    asked: tuple[str, ...] = field(default=SECTIONS)
    stored: int = 0  # messages in the store, whatever the period

    @property
    def empty(self) -> bool:
        """Nothing stored at all: say so rather than draw empty charts."""
        return self.stored == 0


def build(store: Store, period: Period, sections: Sequence[str] = SECTIONS) -> Report:
    """The report of these sections over `period`."""
    report = Report(period=period, asked=tuple(sections))
    conn = store.conn
    since, until = period.bounds
    now = to_utc_iso(period.now)
    # One snapshot: a sync storing mail meanwhile must not make the sections
    # disagree, nor the two reads of `senders`.
    with store.snapshot():
        report.stored = conn.execute("SELECT count(*) FROM messages").fetchone()[0]
        spans = _case_spans(conn, report) if {"daily", "sizes"} & set(sections) else []
        if "totals" in sections:
            report.totals = _totals(conn, since, until, now, report.stored)
        if "daily" in sections:
            report.daily = _daily(conn, period, spans)
        if "labels" in sections:
            # From the open cases to their labels: the few open cases lead, not
            # every label ever given (CROSS JOIN keeps that order).
            report.labels = _buckets(
                conn,
                "SELECT l.label, count(DISTINCT m.case_id) AS n FROM cases c "
                "CROSS JOIN messages m ON m.case_id = c.id "
                "CROSS JOIN message_labels l ON l.message_id = m.id "
                f"WHERE {_STATE} = 'open' "
                "GROUP BY l.label ORDER BY n DESC, l.label",
                [now],
            )
        if "states" in sections:
            report.states = _buckets(
                conn,
                f"SELECT {_STATE} AS s, count(*) AS n FROM cases c GROUP BY s "
                "ORDER BY n DESC, s",
                [now],
            )
        if "waits" in sections:
            report.waits = _waits(store, period)
        if "senders" in sections:
            report.senders = _senders(conn, since, until)
        if "sizes" in sections:
            report.sizes = _sizes(spans)
        if "answers" in sections:
            report.answers = _answers(conn, since, until)
        if "errors" in sections:
            report.errors, report.error_count = _errors(conn, since, until)
        if "domains" in sections:
            report.domains = _buckets(
                conn,
                "SELECT lower(substr(from_addr, instr(from_addr, '@') + 1)) AS d, "
                "count(*) AS n FROM messages WHERE date >= ? AND date < ? "
                "AND instr(from_addr, '@') GROUP BY d ORDER BY n DESC, d LIMIT ?",
                [since, until, TOP_SENDERS],
            )
        if {"escalations", "oldest", "noise"} & set(sections):
            _open_cases(store, report, period)
    return report


def _open_cases(store: Store, report: Report, period: Period) -> None:
    """Escalations, the longest waits and the noise set aside, from the open
    queue as the review shows it. Only the escalations need its order: a queue of
    the escalating cases alone settles the vague ones among its first five, not
    every vague case ranked above them. Waits and noise are the same settled or
    not."""
    from triage.cases.queue import CaseQueue, cases_by_id, queue_cases

    every = queue_cases(store, now=period.now).unsettled()
    escalating = [c for c in every if c.escalating and not c.priority.noise]
    first = CaseQueue(store, escalating, period.now)[:TOP_CASES]
    report.escalations = [_open(c) for c in first]
    waiting = [
        c for c in every if not c.priority.noise and c.priority.waited_hours is not None
    ]
    waiting.sort(key=lambda c: (-(c.priority.waited_hours or 0), c.facts.id))
    oldest = [c.facts.id for c in waiting[:TOP_CASES]]
    settled = {c.facts.id: c for c in cases_by_id(store, oldest, period.now)}
    report.oldest = [_open(settled[i]) for i in oldest if i in settled]
    noise = [c for c in every if c.priority.noise]
    report.noise = [Bucket("all", len(noise))] + [
        Bucket(kind, sum(1 for c in noise if kind in c.facts.labels))
        for kind in NOISE_KINDS
    ]


def _open(c: Case) -> OpenCase:
    f = c.facts
    return OpenCase(
        f.id, f.customer, f.name, f.subject, c.priority.score, c.priority.waited_hours
    )


def _buckets(conn: sqlite3.Connection, sql: str, params: list[object]) -> list[Bucket]:
    return [Bucket(str(key), int(n)) for key, n in conn.execute(sql, params)]


def _totals(
    conn: sqlite3.Connection, since: str, until: str, now: str, stored: int
) -> dict[str, int | str | None]:
    messages, senders, cases, first, last = conn.execute(
        f"SELECT count(*), count(DISTINCT nullif({_WHO}, '')), "
        "count(DISTINCT case_id), min(date), max(date) "
        "FROM messages WHERE date >= ? AND date < ?",
        [since, until],
    ).fetchone()
    errors = conn.execute(
        f"SELECT count(*) FROM messages WHERE {_ERRORS}", [since, since, since, until]
    ).fetchone()[0]
    open_now = conn.execute(
        f"SELECT count(*) FROM cases c WHERE {_STATE} = 'open'", [now]
    ).fetchone()[0]
    return {
        "messages": messages,
        "customers": senders,
        "cases": cases,
        "open_cases": open_now,
        "parse_errors": errors,
        "first_date": first,
        "last_date": last,
        "messages_stored": stored,
    }


def _case_spans(conn: sqlite3.Connection, report: Report) -> list[tuple[int, str]]:
    """Each case with mail in the period: how many messages it holds in all, and
    the date of its first.

    A short period holds few cases: they are looked up from its messages. A long
    one holds most of the store: one walk of every case beats the lookups (25 ms
    against 66 ms over 100,000 messages; 20 against 6 the other way for 30 days).
    """
    since, until = report.period.bounds
    (inside,) = conn.execute(
        "SELECT count(*) FROM messages WHERE date >= ? AND date < ?", [since, until]
    ).fetchone()
    if inside * 4 < report.stored:
        sql = (
            "SELECT count(*), min(date) FROM messages WHERE case_id IN "
            "(SELECT case_id FROM messages WHERE date >= ? AND date < ?) "
            "GROUP BY case_id"
        )
    else:
        sql = (
            "SELECT count(*), min(date) FROM messages WHERE case_id IS NOT NULL "
            "GROUP BY case_id HAVING sum(date >= ? AND date < ?) > 0"
        )
    return conn.execute(sql, [since, until]).fetchall()


def _daily(
    conn: sqlite3.Connection, period: Period, spans: list[tuple[int, str]]
) -> list[Day]:
    """Messages, new cases and answers per local day, days without any included."""
    since, until = period.bounds
    days = period.days()
    starts = [start for _, start in days]

    def per_day(sql: str, params: list[str]) -> list[int]:
        counts = [0] * len(days)
        for (stamp,) in conn.execute(sql, params):
            counts[bisect.bisect_right(starts, stamp) - 1] += 1
        return counts

    # A range count on the index per day: no date leaves SQLite.
    bounds = list(itertools.pairwise([*starts, until]))
    messages = [
        n
        for (n,) in conn.execute(
            "SELECT (SELECT count(*) FROM messages WHERE date >= "
            "json_extract(d.value, '$[0]') AND date < json_extract(d.value, '$[1]')) "
            "FROM json_each(?) d ORDER BY d.key",
            [json.dumps(bounds)],
        )
    ]
    new_cases = [0] * len(days)
    for _, first in spans:  # a case is new on the day of its first message
        if first and since <= first < until:
            new_cases[bisect.bisect_right(starts, first) - 1] += 1
    answered = per_day(
        "SELECT answered_at FROM cases WHERE answered_at >= ? AND answered_at < ? "
        "AND state IN ('answered', 'waiting')",
        [since, until],
    )
    return [
        Day(day, messages[i], new_cases[i], answered[i])
        for i, (day, _) in enumerate(days)
    ]


def _waits(store: Store, period: Period) -> list[Bucket]:
    """Open cases by how long the customer has waited for an answer."""
    counts = dict.fromkeys([*(name for name, _, _ in WAIT_BUCKETS), WAIT_OVER], 0)
    now = period.now
    edges = [
        (name, to_utc_iso(now - timedelta(days=high))) for name, _, high in WAIT_BUCKETS
    ]
    for facts in store.cases.facts(states=("open",), now=to_utc_iso(now)):
        since = facts.waiting_since
        if since is None:
            continue
        for name, edge in edges:
            if since > edge:
                counts[name] += 1
                break
        else:
            counts[WAIT_OVER] += 1
    return [Bucket(name, n) for name, n in counts.items()]


def _senders(conn: sqlite3.Connection, since: str, until: str) -> list[Sender]:
    """The customers who wrote most; their names and escalations are then read for
    those few only, by address."""
    top = conn.execute(
        f"SELECT {_WHO} AS who, count(*) AS n, max(date) FROM messages "
        "WHERE date >= ? AND date < ? AND who != '' "
        "GROUP BY who ORDER BY n DESC, who LIMIT ?",
        [since, until, TOP_SENDERS],
    ).fetchall()
    if not top:
        return []
    whos = json.dumps([who for who, _, _ in top])
    details = {
        who: (name, escalating)
        for who, name, escalating in conn.execute(
            f"SELECT {_WHO} AS who, "
            "max(coalesce(nullif(customer_name, ''), from_name)), "
            "sum(EXISTS (SELECT 1 FROM message_labels l WHERE l.message_id = m.id "
            "AND l.label = 'escalating')) FROM messages m "
            "WHERE (customer IN (SELECT value FROM json_each(?)) "
            "OR from_addr IN (SELECT value FROM json_each(?))) "
            "AND date >= ? AND date < ? GROUP BY who",
            [whos, whos, since, until],
        )
    }
    return [
        Sender(str(who), str(details[who][0] or ""), int(n), int(details[who][1]), d)
        for who, n, d in top
    ]


def _sizes(spans: list[tuple[int, str]]) -> list[Bucket]:
    """Cases with mail in the period, by how many messages they hold in all."""
    counts = dict.fromkeys([*(name for name, _, _ in SIZE_BUCKETS), SIZE_OVER], 0)
    for n, _ in spans:
        name = next((b for b, low, high in SIZE_BUCKETS if low <= n <= high), None)
        counts[name or SIZE_OVER] += 1
    return [Bucket(name, n) for name, n in counts.items()]


def _answers(
    conn: sqlite3.Connection, since: str, until: str
) -> dict[str, float | int | None]:
    """Cases answered in the period, and the median hours from the customer's first
    message to the answer."""
    rows = conn.execute(
        "SELECT c.answered_at, (SELECT min(date) FROM messages m "
        "WHERE m.case_id = c.id) FROM cases c WHERE c.answered_at >= ? "
        "AND c.answered_at < ? AND c.state IN ('answered', 'waiting')",
        [since, until],
    ).fetchall()
    import statistics  # 4 ms to load (fractions, decimal): only this section needs it

    hours = [
        (from_utc_iso(answered) - from_utc_iso(first)).total_seconds() / 3600
        for answered, first in rows
        if first
    ]
    return {
        "answered": len(rows),
        "median_hours_to_answer": round(statistics.median(hours), 1) if hours else None,
    }


def _errors(
    conn: sqlite3.Connection, since: str, until: str
) -> tuple[list[ParseError], int]:
    """The latest messages that could not be parsed (stored raw), and how many."""
    params = [since, since, since, until]
    count = conn.execute(
        f"SELECT count(*) FROM messages WHERE {_ERRORS}", params
    ).fetchone()[0]
    rows = conn.execute(
        f"SELECT id, date, parse_error FROM messages WHERE {_ERRORS} "
        "ORDER BY id DESC LIMIT ?",
        [*params, LATEST_ERRORS],
    )
    return [ParseError(int(i), d, str(e)) for i, d, e in rows], int(count)


def _midnight(day: date, zone: tzinfo | None) -> datetime:
    """The moment a local day begins (None: the system's zone)."""
    return datetime.combine(day, time(), tzinfo=zone).astimezone()


# Machine formats: one JSON document (its shape pinned by a test and the README),
# or rows: a section's own columns when one was asked for, else (section, key,
# figure, value) for every figure.

ROW_FIELDS: dict[str, tuple[str, ...]] = {
    "totals": ("figure", "value"),
    "daily": ("day", "messages", "new_cases", "answered"),
    "labels": ("label", "open_cases"),
    "states": ("state", "cases"),
    "waits": ("wait", "open_cases"),
    "senders": ("customer", "name", "messages", "escalating", "last_date"),
    "sizes": ("messages", "cases"),
    "answers": ("figure", "value"),
    "errors": ("id", "date", "error"),
    "domains": ("domain", "messages"),
    "escalations": ("id", "customer", "name", "subject", "score", "waited_hours"),
    "oldest": ("id", "customer", "name", "subject", "score", "waited_hours"),
    "noise": ("kind", "open_cases"),
}
ALL_FIELDS = ("section", "key", "figure", "value")


def document(report: Report) -> dict[str, object]:
    """The JSON object: the period, then each section asked for."""
    p = report.period
    doc: dict[str, object] = {
        "period": {
            "since": to_utc_iso(p.since),
            "until": to_utc_iso(p.until),
            "zone": str(p.zone) if p.zone is not None else "local",
        }
    }
    for section in report.asked:
        doc[section] = _section_document(report, section)
    return doc


def _section_document(report: Report, section: str) -> object:
    if section in ("totals", "answers"):
        return getattr(report, section)
    if section == "errors":
        return {
            "count": report.error_count,
            "latest": [_row(report, "errors", e) for e in report.errors or []],
        }
    return [_row(report, section, item) for item in getattr(report, section) or []]


def _row(report: Report, section: str, item: object) -> dict[str, object]:
    fields = ROW_FIELDS[section]
    if isinstance(item, Bucket):
        return dict(zip(fields, (item.key, item.count), strict=True))
    return {f: getattr(item, f) for f in fields}


def rows(report: Report) -> tuple[tuple[str, ...], list[dict[str, object]]]:
    """The fields and rows of the report in a row format."""
    if len(report.asked) == 1:
        (section,) = report.asked
        return ROW_FIELDS[section], _section_rows(report, section)
    found: list[dict[str, object]] = []
    for section in report.asked:
        fields = ROW_FIELDS[section]
        for row in _section_rows(report, section):
            for figure in fields[1:]:
                found.append(
                    {
                        "section": section,
                        "key": row[fields[0]],
                        "figure": figure,
                        "value": row[figure],
                    }
                )
    return ALL_FIELDS, found


def _section_rows(report: Report, section: str) -> list[dict[str, object]]:
    if section in ("totals", "answers"):
        figures = getattr(report, section) or {}
        return [{"figure": k, "value": v} for k, v in figures.items()]
    items = report.errors if section == "errors" else getattr(report, section)
    return [_row(report, section, item) for item in items or []]
