"""Stored messages to cases: identity hints, then grouping.

For now it groups a whole store in memory and returns the cases (lists of message
IDs); storing them, joining new mail to existing cases and the agent's corrections
come next (issue 6).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from triage.cases.grouping import GroupingSettings, Item, group
from triage.cases.identifiers import identifiers
from triage.cases.identity import Sender, customers
from triage.cases.subjects import normalise_subject
from triage.records import Message
from triage.rules.catalogue import AUTOMATIC_LABELS
from triage.rules.customers import customer_of
from triage.rules.lexicon import fold
from triage.store import Store

_TEXT_CHARS = 300  # of the new text: enough to compare two messages


@dataclass(frozen=True, slots=True)
class CaseSettings:
    """The [cases] table: grouping thresholds and the identity hint."""

    grouping: GroupingSettings = GroupingSettings()
    identity_hints: bool = True  # same name and signature from a second address


def group_messages(
    messages: Iterable[Message], settings: CaseSettings | None = None
) -> list[list[int]]:
    """The cases of these messages, each a sorted list of IDs."""
    settings = settings or CaseSettings()
    ordered = sorted(messages, key=lambda m: (m.date or "", m.id))
    own = {m.id: m.customer or customer_of(m.from_addr) for m in ordered}
    who: dict[str, str] = {}
    if settings.identity_hints:
        who = customers(
            Sender(own[m.id], m.from_name, m.body_text)
            for m in ordered
            if not _automatic(m)
        )
    items = [_item(m, who.get(own[m.id], own[m.id])) for m in ordered]
    return group(items, settings.grouping)


def group_store(store: Store, settings: CaseSettings | None = None) -> list[list[int]]:
    """Every stored message in cases."""
    return group_messages(store.messages(), settings)


def _item(m: Message, customer: str) -> Item:
    text = m.new_text[:_TEXT_CHARS]
    return Item(
        id=m.id,
        customer=customer,
        date=m.date,
        message_id=m.message_id,
        parents=_parents(m),
        subject=normalise_subject(m.subject),
        text=fold(text),
        numbers=tuple(identifiers(f"{m.subject}\n{text}")),
        automatic=_automatic(m),
    )


def _parents(m: Message) -> tuple[str, ...]:
    found: Sequence[str] = [m.in_reply_to] if m.in_reply_to else []
    return tuple(dict.fromkeys([*found, *m.references]))


def _automatic(m: Message) -> bool:
    return any(label in AUTOMATIC_LABELS for label in m.labels)
