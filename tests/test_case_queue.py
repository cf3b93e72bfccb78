"""The review's queue (`queue_cases`): read as far as it is read, it is in the order
that settling every case first would give."""

from datetime import datetime

import pytest
from conftest import MakeMail, MakeMbox

from triage.cases.priority import case, queue_order
from triage.cases.queue import CaseFilter, _settled, list_cases, queue_cases
from triage.dates import as_of, to_utc_iso
from triage.importer import import_mailbox
from triage.records import Case
from triage.store import Store, case_facts

NOW = "2026-11-20T12:00:00Z"
CUSTOMERS = 24


def date(hour: int) -> str:
    """A date in the week before NOW, `hour` hours after Monday 00:00 UTC."""
    day, hour = divmod(hour, 24)
    names = ["Mon", "Tue", "Wed", "Thu", "Fri"]
    return f"{names[day]}, {16 + day:02d} Nov 2026 {hour:02d}:00:00 +0000"


@pytest.fixture
def vague_backlog(
    store: Store,
    make_mail: MakeMail,
    make_mbox: MakeMbox,
    monkeypatch: pytest.MonkeyPatch,
) -> Store:
    """Customers who asked where their order is without saying which; every other
    one then gave its number (the vague points go), at staggered hours so that the
    settled cases move among the others."""
    monkeypatch.setenv("TRIAGE_NOW", NOW)
    raws = []
    for n in range(CUSTOMERS):
        sender = f"client{n}@example.com"
        raws.append(
            make_mail(
                "ma commande",
                "Bonjour,\n\nje voudrais savoir où en est ma commande svp.\n",
                sender=sender,
                name=f"Client {n}",
                message_id=f"<v{n}@example.com>",
                date=date(3 * n),
            )
        )
        if n % 2:
            raws.append(
                make_mail(
                    "Re: ma commande",
                    f"C'est la CMD-2026-{103800 + n}, je n'ai rien reçu.\n",
                    sender=sender,
                    name=f"Client {n}",
                    message_id=f"<g{n}@example.com>",
                    date=date(3 * n + 1),
                    headers=[("In-Reply-To", f"<v{n}@example.com>")],
                )
            )
    import_mailbox(store, make_mbox(raws), workers=0)
    return store


def settled_first(store: Store, now: datetime) -> list[Case]:
    """Every case settled, then sorted: what the lazy queue must agree with."""
    facts = store.cases.facts(states=("open",), now=to_utc_iso(now))
    return sorted((case(f, now) for f in _settled(store, facts)), key=queue_order)


def ids(cases: object) -> list[int]:
    return [c.facts.id for c in cases]  # type: ignore[attr-defined]


def test_the_backlog_has_both_kinds(vague_backlog: Store) -> None:
    cases = settled_first(vague_backlog, as_of())
    vague = [c.priority.vague for c in cases]
    assert len(cases) == CUSTOMERS
    assert vague.count(5) == CUSTOMERS // 2 and vague.count(0) == CUSTOMERS // 2


def test_read_whole_it_is_the_settled_order(vague_backlog: Store) -> None:
    expected = settled_first(vague_backlog, as_of())
    assert ids(queue_cases(vague_backlog)) == ids(expected)
    assert ids(list_cases(vague_backlog)) == ids(expected)
    assert list(queue_cases(vague_backlog)) == expected  # the priorities too


@pytest.mark.parametrize("rows", [1, 2, 3, 7, CUSTOMERS // 2, CUSTOMERS])
def test_read_in_part_the_part_is_in_place(vague_backlog: Store, rows: int) -> None:
    expected = ids(settled_first(vague_backlog, as_of()))
    queue = queue_cases(vague_backlog)
    assert ids(queue[:rows]) == expected[:rows]
    assert queue[rows - 1].facts.id == expected[rows - 1]
    # Reading on does not move what was read.
    assert ids(queue[:rows]) == ids(queue)[:rows] == expected[:rows]


def test_one_row_read_first_is_in_place(vague_backlog: Store) -> None:
    expected = ids(settled_first(vague_backlog, as_of()))
    for row in (0, 5, CUSTOMERS - 1, -1):
        assert queue_cases(vague_backlog)[row].facts.id == expected[row]


def test_find_gives_the_settled_row(vague_backlog: Store) -> None:
    expected = ids(settled_first(vague_backlog, as_of()))
    queue = queue_cases(vague_backlog)
    for row in reversed(range(CUSTOMERS)):
        assert queue.find(expected[row]) == row
    assert queue.find(None) is None and queue.find(10_000) is None


def test_limit_and_label_counts(vague_backlog: Store) -> None:
    expected = ids(settled_first(vague_backlog, as_of()))
    assert ids(list_cases(vague_backlog, CaseFilter(limit=5))) == expected[:5]
    counts = queue_cases(vague_backlog).label_counts()
    assert counts["vague"] == CUSTOMERS  # the label stays, only the points go


def test_reading_whole_tables_gives_the_same_facts_as_by_case(
    vague_backlog: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past SCAN_FROM cases the facts come from whole tables: the same facts."""
    store = vague_backlog
    first = ids(settled_first(store, as_of()))[0]
    store.cases.add_note(first, "rappeler")
    by_case = store.cases.facts(states=("open",), now=NOW)
    monkeypatch.setattr(case_facts, "SCAN_FROM", 1)
    whole = store.cases.facts(states=("open",), now=NOW)
    assert whole == by_case
    assert [f.note_count for f in whole].count(1) == 1
    # Narrowed by label: the whole tables are read, only those cases are kept.
    assert store.cases.facts(label="vague") == by_case


def test_the_queue_reads_messages_from_one_covering_index(store: Store) -> None:
    plan = store.conn.execute(
        f"EXPLAIN QUERY PLAN {case_facts._ROWS} WHERE case_id IS NOT NULL "
        "ORDER BY case_id, date, id"
    ).fetchall()
    assert "COVERING INDEX idx_messages_case_rows" in " ".join(str(r) for r in plan)


@pytest.mark.parametrize("read_first", [0, 3, CUSTOMERS])
def test_update_puts_changed_cases_where_a_fresh_read_would(
    vague_backlog: Store, read_first: int
) -> None:
    store = vague_backlog
    queue = queue_cases(store)
    queue[:read_first]  # settled this far, or not at all
    order = ids(settled_first(store, as_of()))
    closed, raised, merged, into = order[2], order[-1], order[5], order[9]
    store.cases.set_state(closed, "closed")
    store.labels.add(
        store.cases.facts(case_ids=[raised])[0].message_ids[-1], "escalating"
    )
    store.cases.merge(merged, into)
    queue.update([closed, raised, merged, into])
    fresh = queue_cases(store)
    assert ids(queue) == ids(fresh)
    assert list(queue) == list(fresh)
    assert queue.find(closed) is None and queue.find(merged) is None
    assert queue.find(raised) == ids(fresh).index(raised) < order.index(raised)


def test_update_keeps_to_the_filter(vague_backlog: Store) -> None:
    store = vague_backlog
    queue = queue_cases(store, CaseFilter(states=("open", "waiting")))
    first = queue[0].facts.id
    store.cases.set_state(first, "waiting")
    queue.update([first])
    assert queue.find(first) is not None and queue[queue.find(first)].state == "waiting"
    store.cases.set_state(first, "closed")
    queue.update([first])
    assert queue.find(first) is None and len(queue) == CUSTOMERS - 1
