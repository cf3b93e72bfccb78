"""Stored messages to cases: identity hints, then grouping, then storing.

After an import or a sync, only the new messages' customers are grouped again (with
the messages of any other address under the same display name, for the identity
hint), and the cases they touch keep their IDs and states; `regroup` does every
customer.
"""

from collections import Counter
from collections.abc import Iterable, Sequence

from triage.cases.grouping import Item, group
from triage.cases.identifiers import identifiers
from triage.cases.identity import Sender, customers
from triage.cases.settings import CaseSettings
from triage.cases.subjects import normalise_subject
from triage.rules.lexicon import fold
from triage.store import Store
from triage.store.cases import Assigned, GroupingRow

_TEXT_CHARS = 300  # of the new text: enough to compare two messages


def group_rows(
    rows: Iterable[GroupingRow], settings: CaseSettings | None = None
) -> list[list[int]]:
    """The cases of these messages, each a sorted list of IDs."""
    settings = settings or CaseSettings()
    ordered = sorted(rows, key=lambda r: (r.date or "", r.id))
    who: dict[str, str] = {}
    if settings.identity_hints:
        who = customers(
            Sender(r.customer, r.from_name, r.body_text)
            for r in ordered
            if not r.automatic
        )
    placed = [(r, who.get(r.customer, r.customer)) for r in ordered]
    # A customer who wrote once is a case of one, unless the agent put the message
    # in a case: nothing to join it with, so it is not read for numbers (the
    # costliest part) or compared.
    count = Counter(customer for _, customer in placed)
    alone = [[r.id] for r, c in placed if count[c] == 1 and r.pinned is None]
    subjects: dict[str, str] = {}  # many messages share one
    items = [
        _item(r, c, subjects) for r, c in placed if count[c] > 1 or r.pinned is not None
    ]
    return sorted([*group(items, settings.grouping), *alone], key=lambda c: c[0])


def group_store(store: Store, settings: CaseSettings | None = None) -> list[list[int]]:
    """Every stored message in cases, without storing them."""
    return group_rows(store.cases.grouping_rows(), settings)


def regroup(store: Store, settings: CaseSettings | None = None) -> Assigned:
    """Group every message again and store the cases."""
    return store.cases.assign(group_store(store, settings))


def group_new(
    store: Store, ids: Sequence[int], settings: CaseSettings | None = None
) -> Assigned:
    """Put new messages in cases: their customers' messages are grouped again."""
    new = store.cases.grouping_rows_by_id(ids)
    names = {r.from_name for r in new if len(r.from_name.split()) >= 2}
    rows = store.cases.grouping_rows({r.customer for r in new}, names)
    return store.cases.assign(group_rows(rows, settings))


def _item(r: GroupingRow, customer: str, subjects: dict[str, str]) -> Item:
    text = r.new_text[:_TEXT_CHARS]
    parents = [r.in_reply_to] if r.in_reply_to else []
    subject = subjects.get(r.subject)
    if subject is None:
        subject = subjects[r.subject] = normalise_subject(r.subject)
    return Item(
        id=r.id,
        customer=customer,
        date=r.date,
        message_id=r.message_id,
        parents=tuple(dict.fromkeys([*parents, *r.references])),
        subject=subject,
        text=fold(text),
        numbers=tuple(identifiers(f"{r.subject}\n{text}")),
        automatic=r.automatic,
        pinned=r.pinned,
    )
