"""The case queue: cases in the order the agent should answer them, and one case
whole for `show`.

It joins what the store reads (a case's facts, its messages and notes) with what
is computed at the moment of asking (the effective state, the priority), so that
waits grow and snoozed cases wake without anything being written.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from triage.cases.digest import Digest, digest
from triage.cases.priority import case, queue_order
from triage.dates import as_of, to_utc_iso
from triage.errors import InputError, UsageError
from triage.records import Case, CaseFacts, Message, Note
from triage.store import Store
from triage.store.cases import STATES


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
    digest: Digest


def list_cases(
    store: Store, flt: CaseFilter | None = None, now: datetime | None = None
) -> list[Case]:
    """Cases matching `flt`, in priority order."""
    flt = flt or CaseFilter()
    unknown = [s for s in flt.states if s not in STATES]
    if unknown:
        raise UsageError(f"{unknown[0]!r} is not a case state: {', '.join(STATES)}")
    now = now or as_of()
    search = store.checked_search(flt.search) if flt.search else None
    found = [
        case(facts, now)
        for facts in _settled(
            store,
            store.cases.facts(
                states=flt.states,
                now=to_utc_iso(now),
                label=flt.label,
                customer=flt.customer,
                search=search,
            ),
        )
    ]
    wanted = [
        c
        for c in found
        if (not flt.states or c.state in flt.states)
        and (flt.noise is None or c.priority.noise == flt.noise)
    ]
    wanted.sort(key=queue_order)
    return wanted[: flt.limit] if flt.limit is not None else wanted


def case_detail(store: Store, case_id: int, now: datetime | None = None) -> CaseDetail:
    """One case with its messages, notes and digest."""
    if not 0 < case_id < 2**63:
        raise InputError(f"no case with ID {case_id}")
    facts = _settled(store, store.cases.facts(case_ids=[case_id]))
    if not facts:
        raise InputError(f"no case with ID {case_id}")
    messages = _in_order(store.messages_by_id(facts[0].message_ids))
    return CaseDetail(
        case=case(facts[0], now or as_of()),
        messages=tuple(messages),
        notes=tuple(store.cases.notes(case_id)),
        digest=digest(messages),
    )


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
        if not digest([by_id[i] for i in f.message_ids if i in by_id]).missing
    }
    return [replace(f, vague_unanswered=False) if f.id in settled else f for f in found]


def _in_order(messages: Sequence[Message]) -> list[Message]:
    return sorted(messages, key=lambda m: (m.date or "", m.id))
