"""Run the rules over messages and store labels, facts and reasons.

After an import or a sync the rules run on the new messages only; the customer-level
rules (repeat-sender, escalating) then look again at every message of the customers
those messages came from, since a new mail can make earlier ones part of a run.
`relabel` runs everything over the whole store, in chunks, with flat memory; with
`dry_run` it writes nothing and reports what would change instead.

Per message: the facts first (customer, language, tone), then the user rules (they
may test the language, and may suppress built-in labels), then the built-in rules
minus what was suppressed, then the user rules' own labels.
"""

import hashlib
import os
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from triage.processes import start_context, worker_init
from triage.records import Message
from triage.rules.builtin import Hit, judge, own_text, tone
from triage.rules.catalogue import (
    AUTOMATIC_LABELS,
    BUILTIN_LABELS,
    CUSTOMER_LABELS,
    DESCRIPTIONS,
    RuleInfo,
)
from triage.rules.customers import (
    Sent,
    customer_address,
    customer_of,
    escalating,
    repeat_sender,
)
from triage.rules.lexicon import Lexicon, load_lexicon
from triage.rules.settings import RuleSettings
from triage.rules.user import MessageView, UserRule
from triage.store import Store, open_store
from triage.store.labels import CurrentLabel, Facts, LabelRow

_CHUNK = 1000
_PARALLEL_FROM = 5000  # messages: below this, starting workers costs more than it saves
_EXAMPLES = 3


@dataclass(frozen=True, slots=True)
class Change:
    """Messages that would gain (+) or lose (-) a label, and the rule behind it."""

    sign: str
    label: str
    rule: str
    count: int
    examples: tuple[tuple[int, str], ...]  # (message ID, subject)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a rules run did, or with dry_run would do."""

    messages: int
    changes: tuple[Change, ...] = ()


@dataclass(slots=True)
class _Judged:
    """One chunk's results, before they are written or compared."""

    facts: list[Facts] = field(default_factory=list)
    rows: list[LabelRow] = field(default_factory=list)
    suppressions: list[LabelRow] = field(default_factory=list)
    sent: dict[int, tuple[str, Sent, frozenset[str]]] = field(default_factory=dict)


def label_messages(
    store: Store,
    ids: Sequence[int],
    settings: RuleSettings | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    *,
    dry_run: bool = False,
) -> Outcome:
    """Label `ids` and re-judge their customers' other messages.

    The outcome lists the labels gained and lost per rule. Results are compared
    with the stored labels first, and only what differs is written: reading costs
    less than rewriting the labels of a customer who wrote 2,000 times.
    """
    settings = settings or RuleSettings()
    lex = load_lexicon({name: list(words) for name, words in settings.lexicon})
    sink = _Diff(store, None if dry_run else _Write(store))
    customers: set[str] = set()
    # A dry run has written nothing, so the customer pass must see this run's facts
    # from memory; a real run has them in the database already.
    judged_here: dict[int, tuple[str, Sent, frozenset[str]]] = {}
    done = 0
    rules_id = fingerprint(settings.lexicon)
    for chunk, judged in _judged_chunks(store, ids, settings, lex, rules_id):
        sink.messages(chunk, judged)
        customers |= {customer for customer, _, _ in judged.sent.values()}
        if dry_run:
            judged_here.update(judged.sent)
        done += len(chunk)
        if on_progress is not None:
            on_progress(done, len(ids))
    customers.discard("")
    _label_customers(store, customers, settings, sink, judged_here)
    return Outcome(done, sink.changes())


def relabel(
    store: Store,
    settings: RuleSettings | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    *,
    dry_run: bool = False,
) -> Outcome:
    """Every rule over every stored message; hand-set labels stay as they are."""
    ids = store.labels.all_ids()
    return label_messages(store, ids, settings, on_progress, dry_run=dry_run)


def catalogue(settings: RuleSettings | None = None) -> list[RuleInfo]:
    """Every rule, built-in then the user's, as `triage rules` lists them."""
    settings = settings or RuleSettings()
    lex = load_lexicon({name: list(words) for name, words in settings.lexicon})
    found: list[RuleInfo] = []
    for label in BUILTIN_LABELS:
        if label != "vague":  # given by one rule per kind of missing information
            text = DESCRIPTIONS[label].format(
                count=settings.repeat_count, days=settings.repeat_days
            )
            found.append(RuleInfo(label, "built-in", (label,), (), text))
        else:
            found += [
                RuleInfo(f"vague:{a.name}", "built-in", ("vague",), (), a.missing)
                for a in lex.ambiguities
            ]
            found.append(
                RuleInfo(
                    "vague:problem", "built-in", ("vague",), (), lex.problem_missing
                )
            )
    for rule in settings.user:
        found.append(
            RuleInfo(
                rule.name,
                "user",
                (rule.label,) if rule.label else (),
                rule.suppress,
                rule.description or rule.when.describe(),
            )
        )
    return found


def _judged_chunks(
    store: Store,
    ids: Sequence[int],
    settings: RuleSettings,
    lex: Lexicon,
    rules_id: str,
) -> Iterator[tuple[Sequence[int], _Judged]]:
    """Each chunk of `ids` with its results, in order; judged by workers when many.

    Judging is pure CPU work on one message at a time, so worker processes (one per
    core, reading the database on their own) divide it, while this process writes.
    """
    chunks = [ids[start : start + _CHUNK] for start in range(0, len(ids), _CHUNK)]
    workers = min(os.cpu_count() or 1, len(chunks))
    if len(ids) < _PARALLEL_FROM or workers < 2:
        for chunk in chunks:
            yield chunk, _judge(store, chunk, lex, settings.user, rules_id)
        return
    pool = ProcessPoolExecutor(
        workers,
        mp_context=start_context(["triage.rules.engine"]),
        initializer=_start_worker,
        initargs=(store.path, settings, rules_id),
    )
    pending: deque[tuple[Sequence[int], Future[_Judged]]] = deque()
    try:
        for chunk in chunks:
            pending.append((chunk, pool.submit(_judge_in_worker, chunk)))
            # Two chunks a worker keep it busy; more would only hold memory.
            while len(pending) > 2 * workers:
                yield _result(store, lex, settings, rules_id, *pending.popleft())
        while pending:
            yield _result(store, lex, settings, rules_id, *pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _result(
    store: Store,
    lex: Lexicon,
    settings: RuleSettings,
    rules_id: str,
    chunk: Sequence[int],
    future: "Future[_Judged]",
) -> tuple[Sequence[int], _Judged]:
    try:
        return chunk, future.result()
    except BrokenProcessPool:  # a worker was killed (out of memory?): judge here
        return chunk, _judge(store, chunk, lex, settings.user, rules_id)


_worker: tuple[Store, Lexicon, tuple[UserRule, ...], str] | None = None


def _start_worker(path: Path, settings: RuleSettings, rules_id: str) -> None:
    global _worker
    worker_init()
    lex = load_lexicon({name: list(words) for name, words in settings.lexicon})
    _worker = (open_store(path, create=False), lex, settings.user, rules_id)


def _judge_in_worker(ids: Sequence[int]) -> _Judged:
    assert _worker is not None, "worker not started"
    store, lex, user, rules_id = _worker
    return _judge(store, ids, lex, user, rules_id)


def _judge(
    store: Store,
    ids: Sequence[int],
    lex: Lexicon,
    user: tuple[UserRule, ...],
    rules_id: str,
) -> _Judged:
    """Facts and labels of each message; built-in labels are reused where they can be.

    A message judged by these very rules (same fingerprint) keeps its facts and its
    built-in labels as stored, provided the user rules suppress the same labels as
    last time; only the user rules run on it again. Any other runs every rule.
    """
    from triage.language import detect_language, opening  # a model loads on use

    judged = _Judged()
    stored = _stored_judgements(store, ids)
    for m, judged_with in store.messages_for_rules(ids):
        # A fact of the text, detected once: "" when there was nothing to detect.
        language = m.language
        if language is None:
            # What the customer wrote, not a mail they forwarded; its opening tells
            # the language, and the detector's cost grows with the length.
            text = opening(own_text(m) or m.subject, 150)
            language = detect_language(text) or ""
        skip, given = _user_rules(store, m, language, user, judged.suppressions)
        before = stored.get(m.id)
        if judged_with == rules_id and before is not None and before[0] == skip:
            customer, level, builtin = m.customer or "", m.tone or 0, before[1]
        else:
            customer, name = _customer(m)
            level = tone(m, lex).level
            judged.facts.append(
                Facts(m.id, customer, language, level, rules_id, customer_name=name)
            )
            builtin = judge(m, lex, skip)
        hits = [*builtin, *given]
        judged.rows += [LabelRow(m.id, h.label, h.rule, h.reason) for h in hits]
        automatic = any(h.label in AUTOMATIC_LABELS for h in hits)
        judged.sent[m.id] = (customer, Sent(m.id, m.date, level, automatic), skip)
    return judged


def _customer(m: Message) -> tuple[str, str]:
    """The customer (normalised address) and their display name: the Reply-To's
    for a contact form's mail (see customers.customer_address), else the From's."""
    address = customer_address(m.from_addr, m.reply_to)
    name = m.from_name if address == m.from_addr else m.reply_to_name
    return (customer_of(address) if address else ""), name


def _stored_judgements(
    store: Store, ids: Sequence[int]
) -> dict[int, tuple[frozenset[str], list[Hit]]]:
    """Per message: the labels user rules suppressed, and the built-in rules' hits."""
    suppressed: dict[int, set[str]] = defaultdict(set)
    hits: dict[int, list[Hit]] = defaultdict(list)
    for c in store.labels.current(ids):
        if c.source == "suppressed":
            suppressed[c.message_id].add(c.label)
        elif (
            c.source == "rule"
            and _builtin_rule(c.rule)
            and c.label not in CUSTOMER_LABELS
        ):
            hits[c.message_id].append(Hit(c.label, c.rule or "", c.reason or ""))
    return {i: (frozenset(suppressed.get(i, ())), hits.get(i, [])) for i in ids}


def _builtin_rule(rule: str | None) -> bool:
    # User rule names can be neither a built-in label nor contain ":".
    return rule is not None and (rule in BUILTIN_LABELS or ":" in rule)


def fingerprint(lexicon: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> str:
    """What the built-in judgement of a message depends on, as a short digest.

    The code and word lists of the rules, the reading of a message's own text, the
    customer's address (From or Reply-To) and its normalisation, this module's
    reading of the facts (`_FACTS_VERSION`), and the config's lexicon additions. Stored
    with each message judged, so that a relabel knows what it may reuse.
    """
    digest = hashlib.sha256(repr(sorted(lexicon)).encode())
    digest.update(_FACTS_VERSION.encode())
    for package, names in _FINGERPRINTED:
        folder = resources.files(package)
        for name in names:
            digest.update(folder.joinpath(*name.split("/")).read_bytes())
    return digest.hexdigest()[:16]


# What this module makes of a message's facts, which its source is not hashed for:
# change it when that changes, so that every stored message is judged again.
_FACTS_VERSION = "customer and customer_name from Reply-To for role senders (m009)"
_FINGERPRINTED = (
    ("triage", ("reply.py", "reply_markers.py", "language.py")),
    ("triage.rules", ("builtin.py", "lexicon.py", "customers.py")),
    ("triage.rules", ("lexicon/fr.toml", "lexicon/en.toml")),
)


def _user_rules(
    store: Store,
    m: Message,
    language: str | None,
    rules: tuple[UserRule, ...],
    suppressions: list[LabelRow],
) -> tuple[frozenset[str], list[Hit]]:
    """The labels user rules suppress on `m`, and those they give it."""
    if not rules:
        return frozenset(), []
    view = MessageView(m, language or None, lambda: store.raw(m.id))
    skip: set[str] = set()
    given: list[Hit] = []
    for rule in rules:
        why = rule.check(view)
        if why is None:
            continue
        if rule.label:
            given.append(Hit(rule.label, rule.name, why))
        for label in rule.suppress:
            if label not in skip:
                skip.add(label)
                suppressions.append(LabelRow(m.id, label, rule.name, why))
    return frozenset(skip), given


def _label_customers(
    store: Store,
    customers: set[str],
    settings: RuleSettings,
    sink: "_Diff",
    judged_here: dict[int, tuple[str, Sent, frozenset[str]]],
) -> None:
    by_customer: dict[str, list[Sent]] = defaultdict(list)
    suppressed: dict[int, frozenset[str]] = {}
    for row in store.labels.history(customers):
        if row.id in judged_here:
            continue
        by_customer[row.customer].append(
            Sent(row.id, row.date, row.tone, row.automatic)
        )
        suppressed[row.id] = row.suppressed
    for customer, sent, skip in judged_here.values():
        if customer:
            by_customer[customer].append(sent)
            suppressed[sent.id] = skip
    rows: list[LabelRow] = []
    ids: list[int] = []
    for sent_list in by_customer.values():
        ids += [s.id for s in sent_list]
        found = repeat_sender(sent_list, settings.repeat_count, settings.repeat_days)
        for hits in (found, escalating(sent_list)):
            rows += [
                LabelRow(i, h.label, h.rule, h.reason)
                for i, h in hits.items()
                if h.label not in suppressed.get(i, ())
            ]
    sink.customers(ids, rows)


class _Write:
    """Writes a run's results: only what the comparison found different."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def messages(self, ids: Sequence[int], judged: _Judged) -> None:
        self._store.labels.save(
            judged.facts,
            judged.rows,
            ids=ids,
            other_than=CUSTOMER_LABELS,
            suppressions=judged.suppressions,
        )

    def customers(self, ids: Sequence[int], rows: list[LabelRow]) -> None:
        self._store.labels.save([], rows, ids=ids, kinds=CUSTOMER_LABELS)


class _Diff:
    """Counts the labels a run gives and takes away, per rule, then hands on."""

    def __init__(self, store: Store, then: _Write | None) -> None:
        self._store = store
        self._then = then
        self._why_gone_later: dict[tuple[int, str], str] = {}
        self._counts: dict[tuple[str, str, str], int] = defaultdict(int)
        self._examples: dict[tuple[str, str, str], list[int]] = defaultdict(list)

    def messages(self, ids: Sequence[int], judged: _Judged) -> None:
        why_gone = {(r.message_id, r.label): r.rule for r in judged.suppressions}
        # The customer pass comes later and needs the causes of its own labels.
        self._why_gone_later.update(
            (key, rule) for key, rule in why_gone.items() if key[1] in CUSTOMER_LABELS
        )
        changed = self._compare(
            ids,
            judged.rows,
            lambda label: label not in CUSTOMER_LABELS,
            why_gone,
            judged.suppressions,
        )
        if self._then is not None:
            # Only what differs is written: a relabel that changes little is cheap.
            wanted = set(changed)
            self._then.messages(
                changed,
                _Judged(
                    facts=judged.facts,
                    rows=[r for r in judged.rows if r.message_id in wanted],
                    suppressions=[
                        r for r in judged.suppressions if r.message_id in wanted
                    ],
                ),
            )

    def customers(self, ids: Sequence[int], rows: list[LabelRow]) -> None:
        in_scope = lambda label: label in CUSTOMER_LABELS  # noqa: E731
        changed = self._compare(ids, rows, in_scope, self._why_gone_later, None)
        if self._then is not None:
            wanted = set(changed)
            self._then.customers(changed, [r for r in rows if r.message_id in wanted])

    def _compare(
        self,
        ids: Sequence[int],
        rows: Iterable[LabelRow],
        in_scope: Callable[[str], bool],
        why_gone: dict[tuple[int, str], str],
        suppressions: Sequence[LabelRow] | None,
    ) -> list[int]:
        """Count gains and losses; return the IDs whose labels or reasons differ."""
        now: dict[int, dict[str, CurrentLabel]] = defaultdict(dict)
        kept_off: dict[int, set[tuple[str, str | None]]] = defaultdict(set)
        for current in self._store.labels.current(ids):
            if current.source == "suppressed":
                kept_off[current.message_id].add((current.label, current.rule))
            else:
                now[current.message_id][current.label] = current
        new: dict[int, dict[str, LabelRow]] = defaultdict(dict)
        for row in rows:
            held = now[row.message_id].get(row.label)
            if held is not None and held.source != "rule":
                continue  # set or removed by hand: a rule changes nothing
            new[row.message_id].setdefault(row.label, row)
        will_keep_off: dict[int, set[tuple[str, str | None]]] = defaultdict(set)
        for row in suppressions or ():
            will_keep_off[row.message_id].add((row.label, row.rule))
        changed: list[int] = []
        for message_id in ids:
            before = {
                label: c
                for label, c in now[message_id].items()
                if c.source == "rule" and in_scope(label)
            }
            after = new.get(message_id, {})
            differs = suppressions is not None and (
                kept_off[message_id] != will_keep_off[message_id]
            )
            for label, row in after.items():
                held = before.get(label)
                if held is None:
                    self._add("+", label, row.rule, message_id)
                differs = (
                    differs
                    or held is None
                    or ((held.rule, held.reason) != (row.rule, row.reason))
                )
            for label, held in before.items():
                if label not in after:
                    differs = True
                    cause = why_gone.get((message_id, label))
                    rule = f"{cause} (suppress)" if cause else held.rule or ""
                    self._add("-", label, rule, message_id)
            if differs:
                changed.append(message_id)
        return changed

    def _add(self, sign: str, label: str, rule: str, message_id: int) -> None:
        key = (sign, label, rule)
        self._counts[key] += 1
        if len(self._examples[key]) < _EXAMPLES:
            self._examples[key].append(message_id)

    def changes(self) -> tuple[Change, ...]:
        wanted = sorted({i for ids in self._examples.values() for i in ids})
        subjects = {m.id: m.subject for m in self._store.messages_by_id(wanted)}
        return tuple(
            Change(
                sign,
                label,
                rule,
                count,
                tuple(
                    (i, subjects.get(i, "")) for i in self._examples[sign, label, rule]
                ),
            )
            for (sign, label, rule), count in sorted(
                self._counts.items(),
                key=lambda item: (item[0][1], item[0][0], item[0][2]),
            )
        )
