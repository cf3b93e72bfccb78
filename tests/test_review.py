"""The review's actions on a real store, and their undo: each puts back exactly
what was there (states with their dates, merges with pins and notes, labels)."""

from collections.abc import Callable
from pathlib import Path

import pytest

from triage.importer import import_mailbox
from triage.review import Review
from triage.store import Store

MakeMail = Callable[..., bytes]
MakeMbox = Callable[..., Path]


def day(n: int) -> str:
    return f"Mon, {n:02d} Nov 2026 09:00:00 +0000"


def picture(store: Store) -> tuple[object, ...]:
    """Everything an action may touch, to compare before and after an undo."""
    query = store.conn.execute
    return (
        query("SELECT * FROM cases ORDER BY id").fetchall(),
        query("SELECT id, case_id, pinned_case FROM messages ORDER BY id").fetchall(),
        query("SELECT * FROM case_notes ORDER BY id").fetchall(),
        query("SELECT * FROM message_labels ORDER BY message_id, label").fetchall(),
        query("SELECT * FROM label_removals ORDER BY message_id, label").fetchall(),
    )


@pytest.fixture
def review(store: Store, make_mail: MakeMail, make_mbox: MakeMbox) -> Review:
    mails = [
        make_mail(
            "Colis jamais arrivé",
            "Où est mon colis ?",
            message_id="<a1@x>",
            date=day(2),
        ),
        make_mail(
            "Re: Colis jamais arrivé",
            "Toujours rien ???",
            message_id="<a2@x>",
            date=day(3),
            headers=[("In-Reply-To", "<a1@x>")],
        ),
        make_mail(
            "Carte bloquée", "Ma carte est bloquée.", message_id="<a3@x>", date=day(4)
        ),
        make_mail(
            "Remboursement",
            "Je veux être remboursé.",
            sender="bob@example.com",
            name="Bob Durand",
            message_id="<b1@x>",
            date=day(4),
        ),
        make_mail(  # empty: noise
            "",
            "",
            sender="dan@example.com",
            name="Dan",
            message_id="<d1@x>",
            date=day(5),
        ),
    ]
    import_mailbox(store, make_mbox(mails))
    return Review(store)


def case_of(store: Store, message_id: int) -> int:
    case_id = store.message(message_id).case_id
    assert case_id is not None
    return case_id


@pytest.mark.parametrize(
    "act",
    [
        lambda r, s: r.set_state(case_of(s, 1), "answered"),
        lambda r, s: r.set_state(case_of(s, 1), "snoozed", "2030-01-01T00:00:00Z"),
        lambda r, s: r.set_state(case_of(s, 1), "closed"),
        lambda r, s: r.note(case_of(s, 1), "rappeler"),
        lambda r, s: r.merge(case_of(s, 3), case_of(s, 1)),
        lambda r, s: r.merge(case_of(s, 4), case_of(s, 1)),  # two customers
        lambda r, s: r.split(case_of(s, 1), [2]),
        lambda r, s: r.move(3, case_of(s, 1)),
        lambda r, s: r.close_noise(),
        lambda r, s: r.label(1, "urgent", on=True),
        lambda r, s: r.label(1, "repeat-sender", on=False),
    ],
    ids=[
        "answered",
        "snoozed",
        "closed",
        "note",
        "merge",
        "merge-customers",
        "split",
        "move",
        "close-noise",
        "label",
        "unlabel",
    ],
)
def test_each_action_is_undone_exactly(
    review: Review, store: Store, act: Callable[[Review, Store], object]
) -> None:
    store.cases.add_note(case_of(store, 1), "déjà là")
    before = picture(store)
    act(review, store)
    assert review.can_undo
    assert review.undo() is not None
    assert picture(store) == before
    assert not review.can_undo and review.undo() is None


def test_undo_goes_back_one_action_at_a_time(review: Review, store: Store) -> None:
    first = picture(store)
    review.set_state(case_of(store, 1), "waiting")
    second = picture(store)
    review.merge(case_of(store, 3), case_of(store, 1))
    assert review.undo() is not None
    assert picture(store) == second
    assert review.undo() == f"case {case_of(store, 1)}: waiting"
    assert picture(store) == first


def test_a_failed_action_leaves_nothing_to_undo(review: Review, store: Store) -> None:
    from triage.errors import InputError

    with pytest.raises(InputError):
        review.merge(case_of(store, 1), case_of(store, 1))
    assert not review.can_undo
