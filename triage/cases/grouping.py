"""Messages into cases: one customer, one matter.

Evidence is taken strongest first, and every join is checked against what keeps
matters apart:

1. thread headers: In-Reply-To and References, followed through messages that only
   appear in them (the agent's own replies, which are not in the store);
2. the same order, tracking, card or voucher number;
3. the same subject, once reply prefixes and the like are gone, unless it is too
   generic to name a matter ("Réclamation", "code");
4. similar subject and opening text (rapidfuzz) within a time window.

Two customers never share a case, unless the agent put them together by hand: a
message she pinned to a case (merge, split, move) stays in it, and two messages
pinned to different cases are never joined. Automatic mail (auto-replies, bounces,
newsletters) makes one case per sender and never joins a customer's. Two groups that
mention different numbers of one kind (two orders) are never joined, whatever else
they share: customers reuse old threads for new matters.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from rapidfuzz import fuzz

from triage.cases.identifiers import Identifier, tails
from triage.cases.settings import GroupingSettings
from triage.cases.subjects import generic
from triage.dates import from_utc_iso


@dataclass(frozen=True, slots=True)
class Item:
    """A message as grouping sees it."""

    id: int
    customer: str  # the normalised sender (see rules.customers)
    date: str | None  # ISO 8601, UTC
    message_id: str | None
    parents: tuple[str, ...]  # In-Reply-To, then References
    subject: str  # normalised (cases.subjects)
    text: str  # the opening of what the customer wrote
    numbers: tuple[Identifier, ...] = ()
    automatic: bool = False
    pinned: int | None = None  # the case the agent put it in by hand


@dataclass(slots=True)
class _Group:
    customers: set[str]
    automatic: bool
    pinned: int | None
    numbers: list[Identifier] = field(default_factory=list)


class _Cases:
    """Union-find over message IDs, refusing joins that would mix matters."""

    def __init__(self, items: Iterable[Item]) -> None:
        self._items = {item.id: item for item in items}
        self._parent = {i: i for i in self._items}
        # Made when a message is first joined, or tried: most never are.
        self._groups: dict[int, _Group] = {}

    def root(self, i: int) -> int:
        while self._parent[i] != i:
            self._parent[i] = self._parent[self._parent[i]]
            i = self._parent[i]
        return i

    def join(self, a: int, b: int, *, forced: bool = False) -> bool:
        """Put a and b in one case unless that would mix customers or matters, or
        undo a correction; `forced` joins what the agent put together."""
        ra, rb = self.root(a), self.root(b)
        if ra == rb:
            return True
        ga, gb = self._group(ra), self._group(rb)
        if not forced and not _allowed(ga, gb):
            return False
        if rb < ra:
            ra, rb, ga, gb = rb, ra, gb, ga
        self._parent[rb] = ra
        ga.customers |= gb.customers
        ga.automatic = ga.automatic and gb.automatic
        ga.pinned = ga.pinned if ga.pinned is not None else gb.pinned
        ga.numbers += [
            n for n in gb.numbers if not any(n.same_as(m) for m in ga.numbers)
        ]
        del self._groups[rb]
        return True

    def joinable(self, a: int, b: int) -> bool:
        """Whether an unforced `join` of a and b would put them together."""
        ra, rb = self.root(a), self.root(b)
        return ra == rb or _allowed(self._group(ra), self._group(rb))

    def _group(self, root: int) -> _Group:
        group = self._groups.get(root)
        if group is None:  # a message on its own so far
            item = self._items[root]
            group = self._groups[root] = _Group(
                {item.customer}, item.automatic, item.pinned, list(item.numbers)
            )
        return group

    def cases(self) -> list[list[int]]:
        members: dict[int, list[int]] = defaultdict(list)
        for i in self._parent:
            members[self.root(i)].append(i)
        return sorted((sorted(ids) for ids in members.values()), key=lambda c: c[0])


def _allowed(a: _Group, b: _Group) -> bool:
    """One case would not mix customers, automatic mail with a customer's, two
    corrections or two numbers of one kind."""
    if not a.customers & b.customers or a.automatic != b.automatic:
        return False
    if a.pinned is not None and b.pinned is not None:
        return False  # different pins: a merge would always be forced
    return not _conflict(a.numbers, b.numbers)


def _conflict(a: Sequence[Identifier], b: Sequence[Identifier]) -> bool:
    """Both sides name a number of one kind, and none of them is the same."""
    if not a or not b:
        return False
    for kind in {n.kind for n in a} & {n.kind for n in b}:
        mine = [n for n in a if n.kind == kind]
        theirs = [n for n in b if n.kind == kind]
        if not any(m.same_as(t) for m in mine for t in theirs):
            return True
    return False


def group(
    items: Sequence[Item], settings: GroupingSettings | None = None
) -> list[list[int]]:
    """The cases of `items`: lists of message IDs, each sorted, by first ID."""
    settings = settings or GroupingSettings()
    ordered = sorted(items, key=lambda item: (item.date or "", item.id))
    cases = _Cases(ordered)
    _by_pins(cases, ordered)
    _by_threads(cases, ordered)
    _by_sender_if_automatic(cases, ordered)
    _by_numbers(cases, ordered)
    _by_subject(cases, ordered, settings)
    _by_similarity(cases, ordered, settings)
    return cases.cases()


def _by_pins(cases: _Cases, items: Sequence[Item]) -> None:
    first: dict[int, int] = {}
    for item in items:
        if item.pinned is not None:
            cases.join(item.id, first.setdefault(item.pinned, item.id), forced=True)


def _by_threads(cases: _Cases, items: Sequence[Item]) -> None:
    # A Message-ID seen in headers but not stored (the agent's reply) still links
    # the messages that point to it.
    first_pointing: dict[str, int] = {}
    stored = {item.message_id: item.id for item in items if item.message_id}
    for item in items:
        for parent in item.parents:
            if parent in stored:
                cases.join(item.id, stored[parent])
            elif parent in first_pointing:
                cases.join(item.id, first_pointing[parent])
            else:
                first_pointing[parent] = item.id


def _by_sender_if_automatic(cases: _Cases, items: Sequence[Item]) -> None:
    first: dict[str, int] = {}
    for item in items:
        if item.automatic:
            cases.join(item.id, first.setdefault(item.customer, item.id))


def _by_numbers(cases: _Cases, items: Sequence[Item]) -> None:
    """The same number joins, looked up by its value and by the digits a customer
    may shorten it to ("104233" for CMD-2026-104233): linear, not pairwise."""
    by_value: dict[tuple[str, str, str], int] = {}
    by_tail: dict[tuple[str, str, str], int] = {}
    for item in items:
        for number in item.numbers:
            key = (item.customer, number.kind, number.value)
            earlier = by_value.get(key)
            if earlier is None:
                earlier = by_tail.get(key)  # an earlier longer number ending so
            if earlier is None:
                for tail in tails(number.value):  # an earlier shortened one
                    earlier = by_value.get((item.customer, number.kind, tail))
                    if earlier is not None:
                        break
            if earlier is not None:
                cases.join(item.id, earlier)
            by_value.setdefault(key, item.id)
            for tail in tails(number.value):
                by_tail.setdefault((item.customer, number.kind, tail), item.id)


def _by_subject(
    cases: _Cases, items: Sequence[Item], settings: GroupingSettings
) -> None:
    """The same subject joins; a generic one only within a few days ("code", then
    "code" again an hour later with the code itself)."""
    first: dict[tuple[str, str], int] = {}
    last: dict[tuple[str, str], Item] = {}
    near = timedelta(days=settings.generic_days)
    for item in items:
        if item.automatic or not item.subject:
            continue
        key = (item.customer, item.subject)
        if not generic(item.subject):
            cases.join(item.id, first.setdefault(key, item.id))
            continue
        before = last.get(key)
        if before is not None and _within(item.date, before.date, near):
            cases.join(item.id, before.id)
        last[key] = item


@dataclass(frozen=True, slots=True)
class _Compared:
    """What similarity reads of an item, worked out once."""

    id: int
    when: datetime | None
    subject: str | None  # None when generic
    comparable: str  # the subject, unless generic, with the opening of the text


def _by_similarity(
    cases: _Cases, items: Sequence[Item], settings: GroupingSettings
) -> None:
    """Each message joins the most similar of its customer's last few, if alike
    enough and the join is allowed: the first of the best, as if every score were
    computed. Scores below the threshold or below the best so far cannot change
    that, so rapidfuzz may stop early on them (score_cutoff); and when no
    candidate could be joined (another order number, say), none is compared."""
    window = timedelta(days=settings.window_days)
    earlier: dict[str, list[Item]] = defaultdict(list)
    compared: dict[int, _Compared] = {}

    def read(item: Item) -> _Compared:  # once, and only if compared at all
        found = compared.get(item.id)
        if found is None:
            found = compared[item.id] = _compared(item)
        return found

    for item in items:
        if item.automatic:
            continue
        mine = earlier[item.customer]
        root = cases.root(item.id)
        others = [o for o in mine[-settings.compare_last :] if cases.root(o.id) != root]
        mine.append(item)
        if not others:
            continue
        this = read(item)
        candidates = [o for o in map(read, others) if _near(this.when, o.when, window)]
        if not any(cases.joinable(item.id, other.id) for other in candidates):
            continue
        best, best_id = 0.0, None
        for other in candidates:
            score = _similarity(this, other, max(best, settings.similarity))
            if score > best:
                best, best_id = score, other.id
        if best_id is not None and best >= settings.similarity:
            cases.join(item.id, best_id)


def _compared(item: Item) -> _Compared:
    subject = None if generic(item.subject) else item.subject
    comparable = f"{subject or ''} {item.text[:300]}".strip()
    return _Compared(item.id, _moment(item.date), subject, comparable)


def _similarity(a: _Compared, b: _Compared, cutoff: float = 0.0) -> float:
    """How alike two messages are, 0-100: the better of their subjects (when
    neither is generic: "carte bloquée" and "carte fidélité bloquée" are one
    matter) and their subjects with the opening of their text; 0 when below
    `cutoff`."""
    score = fuzz.token_set_ratio(a.comparable, b.comparable, score_cutoff=cutoff)
    if a.subject is not None and b.subject is not None:
        score = max(
            score, fuzz.token_set_ratio(a.subject, b.subject, score_cutoff=cutoff)
        )
    return score


def _within(a: str | None, b: str | None, window: timedelta) -> bool:
    return _near(_moment(a), _moment(b), window)


def _near(a: datetime | None, b: datetime | None, window: timedelta) -> bool:
    """Within `window` of each other, or undated."""
    return a is None or b is None or abs(a - b) <= window


def _moment(date: str | None) -> datetime | None:
    return from_utc_iso(date) if date else None
