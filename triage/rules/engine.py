"""Run the rules over messages and store labels, facts and reasons.

After an import or a sync the rules run on the new messages only; the customer-level
rules (repeat-sender, escalating) then look again at every message of the customers
those messages came from, since a new mail can make earlier ones part of a run.
`relabel` runs everything over the whole store, in chunks, with flat memory.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from triage.rules.builtin import AUTOMATIC, judge, tone
from triage.rules.customers import Sent, customer_of, escalating, repeat_sender
from triage.rules.lexicon import Lexicon, load_lexicon
from triage.store import Store
from triage.store.labels import Facts, LabelRow

MESSAGE_LABELS = (
    "empty",
    "sent-from-phone",
    "terse",
    "vague",
    *AUTOMATIC,
)
CUSTOMER_LABELS = ("repeat-sender", "escalating")
BUILTIN_LABELS = (*MESSAGE_LABELS, *CUSTOMER_LABELS)
_CHUNK = 1000


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """[rules] settings: repeat-sender thresholds and lexicon additions."""

    repeat_count: int = 3
    repeat_days: int = 14
    lexicon: tuple[tuple[str, tuple[str, ...]], ...] = ()


def label_messages(
    store: Store,
    ids: Sequence[int],
    settings: RuleSettings | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Label `ids` and re-judge their customers' other messages; returns how many."""
    settings = settings or RuleSettings()
    lex = load_lexicon({name: list(words) for name, words in settings.lexicon})
    customers: set[str] = set()
    done = 0
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        customers |= _label_chunk(store, chunk, lex)
        done += len(chunk)
        if on_progress is not None:
            on_progress(done, len(ids))
    _label_customers(store, customers, settings)
    return done


def relabel(
    store: Store,
    settings: RuleSettings | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Every rule over every stored message; hand-set labels stay as they are."""
    return label_messages(store, store.labels.all_ids(), settings, on_progress)


def _label_chunk(store: Store, ids: Sequence[int], lex: Lexicon) -> set[str]:
    from triage.language import detect_language  # its model loads on first use

    facts: list[Facts] = []
    rows: list[LabelRow] = []
    customers: set[str] = set()
    for m in store.messages_by_id(ids):
        customer = customer_of(m.from_addr) if m.from_addr else ""
        customers.add(customer)
        # The opening is enough to tell the language, and lingua's cost grows
        # with the length of the text.
        text = (m.new_text.strip() or m.subject)[:150]
        facts.append(Facts(m.id, customer, detect_language(text), tone(m, lex).level))
        rows += [LabelRow(m.id, h.label, h.rule, h.reason) for h in judge(m, lex)]
    store.labels.save(facts, rows, ids=ids, kinds=MESSAGE_LABELS)
    customers.discard("")
    return customers


def _label_customers(store: Store, customers: set[str], settings: RuleSettings) -> None:
    by_customer: dict[str, list[Sent]] = defaultdict(list)
    for row in store.labels.history(customers):
        by_customer[row.customer].append(
            Sent(row.id, row.date, row.tone, row.automatic)
        )
    rows: list[LabelRow] = []
    ids: list[int] = []
    for sent in by_customer.values():
        ids += [s.id for s in sent]
        found = repeat_sender(sent, settings.repeat_count, settings.repeat_days)
        for hits in (found, escalating(sent)):
            rows += [LabelRow(i, h.label, h.rule, h.reason) for i, h in hits.items()]
    store.labels.save([], rows, ids=ids, kinds=CUSTOMER_LABELS)


def hook(store: Store, ids: Sequence[int]) -> None:
    """The after-store hook: label what import or sync just stored."""
    label_messages(store, ids)
