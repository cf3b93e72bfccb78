"""Cases as stored: new mail joins existing cases, which keep their IDs and reopen."""

from collections.abc import Callable
from pathlib import Path

from triage.cases.engine import regroup
from triage.importer import import_mailbox
from triage.store import Store

MakeMail = Callable[..., bytes]
MakeMbox = Callable[..., Path]


def day(n: int) -> str:
    return f"Mon, {n:02d} Nov 2026 09:00:00 +0000"


def case_of(store: Store, message_id: int) -> int | None:
    return store.message(message_id).case_id


def test_new_mail_joins_its_case_and_reopens_it(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    first = make_mail("Carte fidélité bloquée", "Ma carte est bloquée.", date=day(2))
    other = make_mail(
        "Colis jamais arrivé",
        "Où est mon colis ?",
        sender="bob@example.com",
        name="Bob Durand",
        message_id="<b@x>",
        date=day(2),
    )
    (a, b) = import_mailbox(store, make_mbox([first, other], name="one.mbox")).new_ids
    case_a, case_b = case_of(store, a), case_of(store, b)
    assert case_a is not None and case_b is not None and case_a != case_b
    store.cases.set_state(case_a, "answered")

    again = make_mail(
        "Re: Carte fidélité bloquée",
        "Toujours bloquée !",
        message_id="<a2@x>",
        date=day(5),
        headers=[("In-Reply-To", "<1@example.com>")],
    )
    new_matter = make_mail(
        "Changement d'adresse", "Je déménage le 30.", message_id="<a3@x>", date=day(6)
    )
    (c, d) = import_mailbox(
        store, make_mbox([again, new_matter], name="two.mbox")
    ).new_ids
    assert case_of(store, c) == case_a  # the same case, same ID
    assert store.cases.state(case_a) == "open"  # reopened by the new mail
    assert case_of(store, d) not in (case_a, case_b)
    assert case_of(store, b) == case_b  # another customer's case is untouched


def test_regroup_keeps_case_ids(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    mails = [
        make_mail("Points manquants", "Mes points.", message_id="<p1@x>", date=day(2)),
        make_mail("Re: Points manquants", "???", message_id="<p2@x>", date=day(3)),
    ]
    ids = import_mailbox(store, make_mbox(mails)).new_ids
    before = {i: case_of(store, i) for i in ids}
    assert len(set(before.values())) == 1
    outcome = regroup(store)
    assert outcome.created == 0 and outcome.joined == 0
    assert {i: case_of(store, i) for i in ids} == before


def test_messages_a_killed_run_left_ungrouped_are_grouped_by_the_next(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox, monkeypatch
) -> None:
    from triage import hooks

    with monkeypatch.context() as patched:
        patched.setattr(hooks, "AFTER_STORE", hooks.AFTER_STORE[:1])  # rules only
        (left,) = import_mailbox(
            store, make_mbox([make_mail(message_id="<k@x>")], name="k.mbox")
        ).new_ids
    assert case_of(store, left) is None
    import_mailbox(store, make_mbox([make_mail(message_id="<l@x>")], name="l.mbox"))
    assert case_of(store, left) is not None
