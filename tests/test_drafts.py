"""Drafts of a reply: who they go to, how they open, what the editor shows."""

from collections.abc import Callable
from pathlib import Path

from triage.cases.queue import case_detail
from triage.drafts import body_from_editor, editor_text, start_draft
from triage.importer import import_mailbox
from triage.store import Store

MakeMail = Callable[..., bytes]
MakeMbox = Callable[..., Path]


def test_a_contact_form_mail_is_answered_to_the_visitor(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    form = make_mail(
        "[Contact] Points manquants",
        "Nom : Martin\nMessage : il me manque 200 points.\n",
        sender="no-reply@shop.example",
        name="Formulaire de contact",
        headers=[("Reply-To", "Paul Martin <paul.martin@orange.fr>")],
    )
    (message_id,) = import_mailbox(store, make_mbox([form])).new_ids
    case_id = store.message(message_id).case_id
    assert case_id is not None
    draft = start_draft(case_detail(store, case_id))
    assert (draft.to_addr, draft.to_name) == ("paul.martin@orange.fr", "Paul Martin")
    assert draft.body.startswith("Bonjour Paul Martin,")
    assert "Formulaire" not in draft.body.splitlines()[0]


def test_the_editor_shows_the_digest_and_saves_only_the_reply(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    mails = [
        make_mail(
            "Commande CMD-2026-104233",
            "Où est ma commande CMD-2026-104233 ?",
            message_id="<o1@x>",
        ),
        make_mail(
            "Re: Commande CMD-2026-104233",
            "Toujours rien ???",
            message_id="<o2@x>",
            date="Tue, 03 Nov 2026 09:15:00 +0000",
            headers=[("In-Reply-To", "<o1@x>")],
        ),
    ]
    first, _ = import_mailbox(store, make_mbox(mails)).new_ids
    case_id = store.message(first).case_id
    assert case_id is not None
    detail = case_detail(store, case_id)
    draft = start_draft(detail)
    text = editor_text(draft, detail)
    assert "# order: CMD-2026-104233" in text
    assert "deux messages" in draft.body  # she wrote twice: it is acknowledged
    assert draft.in_reply_to == "<o2@x>" and draft.subject.startswith("Re: ")
    assert draft.references[-1] == "<o2@x>"
    body = body_from_editor(
        text.replace("\n\n\n\n", "\n\nVotre colis part demain.\n\n")
    )
    assert not any(line.startswith("# ") for line in body.splitlines())
    assert "Votre colis part demain." in body
