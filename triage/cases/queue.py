"""The case queue: cases in the order the agent should answer them, and one case
whole for `show`.

It joins what the store reads (a case's facts, its messages and notes) with what
is computed at the moment of asking (the effective state, the priority), so that
waits grow and snoozed cases wake without anything being written.

The review asks for the queue at start and after every action, and for a case at
every move, so digests (the costliest part: a few milliseconds a case) and what a
vague case still lacks (`cases.missing`) are kept for the life of the process, by
the messages they were made of: both are pure functions of them, so a relabel or a
new message makes another key, never a stale answer.
"""

import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar, overload

from triage.cases.missing import customers_own, in_reading_order, missing
from triage.cases.priority import case, queue_order
from triage.dates import as_of, to_utc_iso
from triage.errors import InputError, UsageError
from triage.records import Case, CaseFacts, Message, Note
from triage.store import Store
from triage.store.cases import STATES

if TYPE_CHECKING:
    from triage.cases.digest import Digest

KEPT = 2_000  # cases, of digests and of missing details each; the oldest go first
_digests: dict[tuple[Message, ...], "Digest"] = {}
_missing: dict[tuple[Message, ...], tuple[str, ...]] = {}
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """What `list` asks for; every field narrows the result."""

    states: tuple[str, ...] = ("open",)  # () for every state
    label: str | None = None
    customer: str | None = None  # part of an address or a name
    search: str | None = None  # words in any message of the case
    noise: bool | None = None  # only noise (True), none of it (False)
    limit: int | None = None


@dataclass(frozen=True, slots=True)
class CaseDetail:
    """One case whole: what `show` prints and the TUI draws."""

    case: Case
    messages: tuple[Message, ...]  # in date order
    notes: tuple[Note, ...]
    digest: "Digest"


def list_cases(
    store: Store, flt: CaseFilter | None = None, now: datetime | None = None
) -> list[Case]:
    """Cases matching `flt`, in priority order."""
    flt = flt or CaseFilter()
    found = queue_cases(store, flt, now)
    return found[: flt.limit] if flt.limit is not None else found[:]


def queue_cases(
    store: Store, flt: CaseFilter | None = None, now: datetime | None = None
) -> "CaseQueue":
    """`list_cases` without its limit, settled as far as it is read (CaseQueue)."""
    flt = flt or CaseFilter()
    unknown = [s for s in flt.states if s not in STATES]
    if unknown:
        raise UsageError(f"{unknown[0]!r} is not a case state: {', '.join(STATES)}")
    now = now or as_of()
    search = store.checked_search(flt.search) if flt.search else None
    return CaseQueue(store, _matching(store, flt, now, search), now, flt, search)


def _matching(
    store: Store,
    flt: CaseFilter,
    now: datetime,
    search: str | None,
    case_ids: Iterable[int] | None = None,
) -> list[Case]:
    """The cases `flt` keeps (of `case_ids` only, if given), unsettled."""
    found = [
        case(facts, now)
        for facts in store.cases.facts(
            case_ids=None if case_ids is None else list(case_ids),
            states=flt.states,
            now=to_utc_iso(now),
            label=flt.label,
            customer=flt.customer,
            search=search,
        )
    ]
    return [
        c
        for c in found
        if (not flt.states or c.state in flt.states)
        and (flt.noise is None or c.priority.noise == flt.noise)
    ]


class CaseQueue(Sequence[Case]):
    """Cases in priority order, each settled (`_settled`) when the reading
    reaches it.

    Settling a case with an unanswered `vague` message takes the digest of its
    messages, milliseconds each, and can only lower it (5 points). So the cases
    are sorted as if none were settled, and the first one not yet sure is settled
    when something reads that far: if it was, it goes down to its place among
    the rest. Whatever is read is where the fully settled order puts it, and the
    review of 45,000 open cases settles the few vague ones of its first screens,
    not 700. Iterating reads everything; `find` and `label_counts` read little.
    """

    def __init__(
        self,
        store: Store,
        cases: list[Case],
        now: datetime,
        flt: CaseFilter | None = None,
        search: str | None = None,
    ) -> None:
        self._store, self._now = store, now
        self._filter, self._search = flt or CaseFilter(), search
        self._cases = sorted(cases, key=queue_order)
        self._unsure = {c.facts.id for c in cases if c.facts.vague_unanswered}
        self._ids = {c.facts.id for c in cases}
        self._sure = 0  # self._cases[: self._sure] stay where they are

    def __len__(self) -> int:
        return len(self._cases)

    @overload
    def __getitem__(self, index: int) -> Case: ...

    @overload
    def __getitem__(self, index: slice) -> list[Case]: ...

    def __getitem__(self, index: int | slice) -> Case | list[Case]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            self._settle(max(start, stop) if step > 0 else len(self))
        else:
            self._settle((index if index >= 0 else len(self) + index) + 1)
        return self._cases[index]

    def __iter__(self) -> Iterator[Case]:
        for row in range(len(self._cases)):
            self._settle(row + 1)
            yield self._cases[row]

    def find(self, case_id: int | None) -> int | None:
        """The row of this case, or None if it is not in the queue."""
        if case_id not in self._ids:
            return None
        return next(row for row, c in enumerate(self) if c.facts.id == case_id)

    def update(self, case_ids: Iterable[int]) -> None:
        """Read these cases again, after a change to them from this process: those
        the filter no longer keeps leave, the others go to their place. Costs what
        these cases hold, not the queue."""
        ids = set(case_ids)
        gone = [row for row, c in enumerate(self._cases) if c.facts.id in ids]
        for row in reversed(gone):
            del self._cases[row]
            if row < self._sure:
                self._sure -= 1
        self._unsure -= ids
        self._ids -= ids
        found = _matching(self._store, self._filter, self._now, self._search, ids)
        settled = {f.id: f for f in _settled(self._store, [c.facts for c in found])}
        for c in found:
            c = case(settled[c.facts.id], self._now)
            row = bisect.bisect_left(self._cases, queue_order(c), key=queue_order)
            self._cases.insert(row, c)
            if row < self._sure:
                self._sure += 1
            self._ids.add(c.facts.id)

    def unsettled(self) -> list[Case]:
        """Every case as read, not settled (a vague case may score 5 points too
        many): for what settling cannot change, such as noise or waits."""
        return list(self._cases)

    def label_counts(self) -> dict[str, int]:
        """How many cases carry each label (settling changes none)."""
        counts: dict[str, int] = {}
        for c in self._cases:
            for label in c.facts.labels:
                counts[label] = counts.get(label, 0) + 1
        return counts

    def _settle(self, rows: int) -> None:
        """Make the first `rows` cases sure, settling those not sure in one go."""
        cases = self._cases
        rows = min(rows, len(cases))
        while True:
            while self._sure < rows and cases[self._sure].facts.id not in self._unsure:
                self._sure += 1
            if self._sure >= rows:
                return
            unsure = [
                c.facts for c in cases[self._sure : rows] if c.facts.id in self._unsure
            ]
            self._unsure.difference_update(f.id for f in unsure)
            settled = {
                f.id: f for f in _settled(self._store, unsure) if not f.vague_unanswered
            }
            # From the bottom up, so that the rows above stay put; each goes down
            # to its place, and rows from below move up into view (looked at next).
            for row in range(rows - 1, self._sure - 1, -1):
                facts = settled.get(cases[row].facts.id)
                if facts is not None:
                    del cases[row]
                    bisect.insort(
                        cases, case(facts, self._now), lo=row, key=queue_order
                    )


def case_detail(store: Store, case_id: int, now: datetime | None = None) -> CaseDetail:
    """One case with its messages, notes and digest."""
    if not 0 < case_id < 2**63:
        raise InputError(f"no case with ID {case_id}")
    facts = _settled(store, store.cases.facts(case_ids=[case_id]))
    if not facts:
        raise InputError(f"no case with ID {case_id}")
    messages = in_reading_order(store.messages_by_id(facts[0].message_ids))
    return CaseDetail(
        case=case(facts[0], now or as_of()),
        messages=tuple(messages),
        notes=tuple(store.cases.notes(case_id)),
        digest=_digest(messages),
    )


def cases_by_id(
    store: Store, case_ids: Sequence[int], now: datetime | None = None
) -> list[Case]:
    """These cases, settled as `list` shows them, in ID order (unknown IDs left
    out). For a few hundred at a time: an export reads the store so, chunk by
    chunk, rather than the whole queue at once."""
    facts = _settled(store, store.cases.facts(case_ids=case_ids))
    moment = now or as_of()
    return [case(f, moment) for f in facts]


def close_noise(
    store: Store, label: str | None = None, *, dry_run: bool = False
) -> list[Case]:
    """Close every open case of nothing but empty, phone-only or automatic mail
    (with `label`, only those with it); the cases closed, or that would be."""
    noise = list_cases(store, CaseFilter(label=label, noise=True))
    if not dry_run:
        store.cases.close([c.facts.id for c in noise])
    return noise


def _settled(store: Store, found: list[CaseFacts]) -> list[CaseFacts]:
    """Facts with `vague_unanswered` cleared where a later message gave what was
    missing (the digest knows: "ma commande", then the order number)."""
    vague = [f for f in found if f.vague_unanswered]
    if not vague:
        return found
    by_id = {
        m.id: m for m in store.messages_by_id([i for f in vague for i in f.message_ids])
    }
    settled = {
        f.id
        for f in vague
        if not _still_missing([by_id[i] for i in f.message_ids if i in by_id])
    }
    return [replace(f, vague_unanswered=False) if f.id in settled else f for f in found]


def _still_missing(messages: Sequence[Message]) -> tuple[str, ...]:
    """What these messages still lack, read from the first message that can add to
    it: the customer's first with a `vague` reason.

    Only a `vague` label with a reason adds to what is missing; before one, there is
    nothing to take away. So the messages before it change nothing, and a case of
    40 messages whose 38th was vague costs three.
    """
    ordered = in_reading_order(messages)
    for start, m in enumerate(ordered):
        vague = any(d.label == "vague" and d.reason for d in m.label_details)
        if vague and customers_own(m):
            return _kept(_missing, ordered[start:], missing)
    return ()


def _digest(messages: Sequence[Message]) -> "Digest":
    """`digest(messages)`, kept for the life of the process (see the module)."""
    # Here, not at the top: the digest's question matching and reply parsing take
    # 35 ms to load, and only a case shown whole needs them.
    from triage.cases.digest import digest

    return _kept(_digests, messages, digest)


def _kept(
    kept: dict[tuple[Message, ...], T],
    messages: Sequence[Message],
    compute: Callable[[Sequence[Message]], T],
) -> T:
    """`compute(messages)`, from `kept` if it was done before (see the module)."""
    key = tuple(messages)
    found = kept.get(key)
    if found is None:
        found = compute(messages)
        if len(kept) >= KEPT:
            del kept[next(iter(kept))]
    else:
        del kept[key]  # to the end: the most recently used go last
    kept[key] = found
    return found
