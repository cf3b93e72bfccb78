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


def two_matters(make_mail: MakeMail) -> list[bytes]:
    return [
        make_mail(
            "Livraison en retard",
            "Mon colis a une semaine de retard.",
            message_id="<m1@x>",
            date=day(2),
        ),
        make_mail(
            "Mot de passe oublié",
            "Je ne peux plus me connecter.",
            message_id="<m2@x>",
            date=day(3),
        ),
    ]


def test_notes_follow_when_new_mail_joins_two_cases_into_one(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    first, second = import_mailbox(store, make_mbox(two_matters(make_mail))).new_ids
    keep, lose = case_of(store, first), case_of(store, second)
    assert keep is not None and lose is not None and keep != lose
    store.cases.add_note(lose, "rappeler jeudi")
    both = make_mail(
        "Re: mes deux demandes",
        "Alors ?",
        message_id="<m3@x>",
        date=day(4),
        headers=[("References", "<m1@x> <m2@x>")],
    )
    (third,) = import_mailbox(store, make_mbox([both], name="b.mbox")).new_ids
    joined = case_of(store, third)
    assert case_of(store, first) == case_of(store, second) == joined
    assert joined is not None
    assert [n.text for n in store.cases.notes(joined)] == ["rappeler jeudi"]


def test_regroup_moves_messages_without_reopening_or_misnaming_cases(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    from triage.cases.settings import CaseSettings, GroupingSettings

    first, second = import_mailbox(store, make_mbox(two_matters(make_mail))).new_ids
    loose = CaseSettings(GroupingSettings(similarity=0))
    regroup(store, loose)
    together = case_of(store, first)
    assert together is not None and case_of(store, second) == together
    store.cases.set_state(together, "closed")

    outcome = regroup(store)  # the defaults split them again
    assert outcome.reopened == 0
    apart = case_of(store, second)
    assert apart is not None and apart != case_of(store, first)
    # Both halves stay closed: nobody wrote.
    assert store.cases.state(together) == store.cases.state(apart) == "closed"
    (one,) = store.cases.facts(case_ids=[case_of(store, first) or 0])
    (other,) = store.cases.facts(case_ids=[apart])
    assert {one.subject, other.subject} == {
        "Livraison en retard",
        "Mot de passe oublié",
    }


def test_a_case_marked_answered_waits_again_from_the_next_message(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox, monkeypatch
) -> None:
    monkeypatch.setenv("TRIAGE_NOW", "2026-11-05T12:00:00Z")
    mails = [
        make_mail(
            "Points manquants", f"Relance {n}.", message_id=f"<p{n}@x>", date=day(n)
        )
        for n in (2, 3, 4)
    ]
    ids = import_mailbox(store, make_mbox(mails)).new_ids
    case_id = case_of(store, ids[0])
    assert case_id is not None
    (before,) = store.cases.facts(case_ids=[case_id])
    assert (before.unanswered, before.waiting_since) == (3, "2026-11-02T09:00:00Z")
    store.cases.set_state(case_id, "answered")
    (after,) = store.cases.facts(case_ids=[case_id])
    assert (after.unanswered, after.waiting_since) == (0, None)

    again = make_mail(
        "Re: Points manquants",
        "Merci, mais il en manque encore.",
        message_id="<p9@x>",
        date=day(9),
        headers=[("In-Reply-To", "<p4@x>")],
    )
    import_mailbox(store, make_mbox([again], name="again.mbox"))
    (reopened,) = store.cases.facts(case_ids=[case_id])
    assert reopened.state == "open"
    assert (reopened.unanswered, reopened.waiting_since) == (1, "2026-11-09T09:00:00Z")


def test_an_answered_message_stays_answered_once_archived(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    mails = [
        make_mail(
            "Carte bloquée", "Ma carte est bloquée.", message_id="<c1@x>", date=day(2)
        ),
        make_mail(
            "Re: Carte bloquée",
            "Toujours bloquée.",
            message_id="<c2@x>",
            date=day(3),
            headers=[("In-Reply-To", "<c1@x>")],
        ),
    ]
    first, _ = import_mailbox(store, make_mbox(mails)).new_ids
    case_id = case_of(store, first)
    assert case_id is not None
    # What sync records for a message answered from her mail client, then moved
    # out of INBOX (a fault the tests cannot ask a server to replay in order).
    store.conn.execute(
        "INSERT INTO message_locations (account, folder, uidvalidity, uid, "
        "message_id, flags, expunged_at) VALUES ('work', 'INBOX', 1, 1, ?, ?, ?)",
        (first, '["\\\\Answered", "\\\\Seen"]', "2026-11-04T00:00:00Z"),
    )
    (facts,) = store.cases.facts(case_ids=[case_id])
    assert (facts.unanswered, facts.waiting_since) == (1, "2026-11-03T09:00:00Z")
