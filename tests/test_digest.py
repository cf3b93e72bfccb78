"""The case digest: numbers, code kinds, questions, missing details, files."""

import random
from pathlib import Path

import pytest
from message_records import stored_message

from triage.cases.digest import (
    MAX_QUESTIONS,
    QUESTION_MAX_CHARS,
    AttachmentRef,
    Digest,
    Mention,
    digest,
)
from triage.cases.missing import missing
from triage.records import Attachment, LabelDetail, Message
from triage.reply import extract_reply
from triage.store import open_store

CODE_MISSING = (
    "which code: a promo code, an activation code, a password, a gift voucher?"
)


def mail(
    message_id: int, body: str, day: int | None = None, **fields: object
) -> Message:
    """Message `message_id`, `day` days after 1 Nov 2026, new text as on import."""
    day = message_id if day is None else day
    fields.setdefault("subject", "Réclamation")
    fields.setdefault("from_name", "Marie Dupont")
    fields.setdefault("from_addr", "marie.dupont@example.com")
    reply = extract_reply(body)
    return stored_message(
        id=message_id,
        date=f"2026-11-{day + 1:02d}T09:00:00Z",
        body_text=body,
        new_text=reply.new_text,
        mobile_signature=reply.mobile_signature,
        **fields,
    )


def vague(reason: str) -> LabelDetail:
    return LabelDetail("vague", "vague:code", reason, "rule")


def texts(d: Digest) -> list[str]:
    return [q.text for q in d.questions]


ESCALATING = [
    "Bonjour,\n\nJ'ai passé la commande CMD-2026-104233 le 2 novembre. Pouvez-vous me "
    "donner le numéro de suivi de mon colis ?\n\nMerci d'avance.\nCordialement,\n"
    "Marie Dupont\n06 12 34 56 78",
    "Bonjour,\nJe n'ai toujours pas reçu le numéro de suivi de ma commande 104233.\n"
    "Cordialement\nMarie Dupont",
    "mon numéro de suivi???\n\nEnvoyé de mon iPhone",
    "Bonjour\nPouvez vous me donner le numéro de suivi svp\nMerci",
    "Toujours pas de réponse !!!",
    "Où est mon colis ?",
    "Bonjour,\nje relance encore une fois : où est mon colis ?\nMarie",
    "Toujours pas de numéro de suivi.",
    "Toujours rien ???\n\nEnvoyé de mon iPhone",
    "Je veux mon numéro de suivi !!!",
    "toujours pas de réponse pour mon colis !!!",
    "Bonjour,\nOù en est ma commande ? Je n'ai toujours pas de numéro de suivi.\nMerci",
    "Merci de me répondre.",
    "NUMÉRO DE SUIVI ???",
    "Je vous relance encore : où est mon colis ???",
    "Toujours pas de numéro de suivi. Pouvez-vous me le donner ?",
    "Dernier avertissement. Où est mon colis ?",
]


def escalating_case() -> list[Message]:
    subject = "Numéro de suivi commande CMD-2026-104233"
    messages = [
        mail(i, body, subject=subject if i == 1 else f"Re: {subject}")
        for i, body in enumerate(ESCALATING, 1)
    ]
    random.Random(7).shuffle(messages)  # the store may hand them over in any order
    return messages


def test_seventeen_escalating_mails_read_as_one_request() -> None:
    d = digest(escalating_case())

    assert d.identifiers == (Mention("order", "CMD-2026-104233", tuple(range(1, 18))),)
    repeated = [q for q in d.questions if q.times > 1]
    assert [(q.text, q.message_id, q.first_asked) for q in repeated] == [
        (
            "Pouvez-vous me donner le numéro de suivi de mon colis ?",
            1,
            "2026-11-02T09:00:00Z",
        ),
        ("Où est mon colis ?", 6, "2026-11-07T09:00:00Z"),
    ]
    assert repeated[0].times >= 8
    assert repeated[1].times >= 5
    # Every message that asks something is counted once, in one of the two.
    assert sum(q.times for q in d.questions) <= len(ESCALATING)
    assert list(d.questions) == repeated  # nothing else stands out of 17 mails
    assert d.more_questions == 0


def test_messages_are_read_by_date_then_id() -> None:
    later = mail(1, "Où est mon colis ?", day=5)
    first = mail(2, "Je veux être remboursé.", day=1)
    same_day = mail(3, "Pourquoi mon compte est-il bloqué ?", day=1)
    again = mail(4, "Toujours pas remboursé !", day=9)

    d = digest([again, later, same_day, first])

    assert [(q.text, q.message_id, q.times) for q in d.questions] == [
        ("Je veux être remboursé.", 2, 2),
        ("Pourquoi mon compte est-il bloqué ?", 3, 1),
        ("Où est mon colis ?", 1, 1),
    ]
    assert d.questions[0].first_asked == "2026-11-02T09:00:00Z"


def test_two_order_numbers_are_two_mentions_and_two_questions() -> None:
    d = digest(
        [
            mail(1, "Où est ma commande CMD-2026-104233 ?"),
            mail(2, "Et où est la commande CMD-2026-104877 ?"),
            mail(3, "Je n'ai toujours rien pour la commande 104233 !"),
        ]
    )

    assert d.identifiers == (
        Mention("order", "CMD-2026-104233", (1, 3)),  # "104233" is its shortened form
        Mention("order", "CMD-2026-104877", (2,)),
    )
    assert [(q.message_id, q.times) for q in d.questions] == [(1, 2), (2, 1)]


def test_a_number_keeps_its_first_spelling_and_its_messages_by_date() -> None:
    d = digest(
        [
            mail(2, "Le colis 6A 1234 5678 901 est bloqué."),
            mail(1, "Numéro de suivi : 6A12345678901, où est-il ?"),
            mail(3, "Carte fidélité 4921 1163 0951 : mes points ?"),
        ]
    )

    assert d.identifiers == (
        Mention("tracking", "6A12345678901", (1, 2)),
        Mention("card", "4921 1163 0951", (3,)),
    )


def test_a_terse_vague_message_is_a_question_and_says_what_is_missing() -> None:
    reason = f"'code': {CODE_MISSING}"
    d = digest(
        [
            mail(1, "Perdu mon code", label_details=(vague(reason),)),
            mail(2, "Perdu mon code !!", label_details=(vague(reason),)),
        ]
    )

    assert d.missing == (CODE_MISSING,)
    assert [(q.text, q.times) for q in d.questions] == [("Perdu mon code", 2)]
    assert d.code_kinds == ()  # which code is what the agent must ask


def test_missing_keeps_each_vague_reason_once_in_order() -> None:
    account = (
        "what goes wrong with the account (cannot log in, blocked, wrong details, "
        "missing points?)"
    )
    d = digest(
        [
            mail(
                1,
                "un souci avec mon compte",
                label_details=(vague(f"'mon compte': {account}"),),
            ),
            mail(
                2,
                "et mon code",
                labels=("vague", "terse"),
                label_details=(
                    vague(f"'code': {CODE_MISSING}"),
                    LabelDetail("terse", "terse", "3 words", "rule"),
                    LabelDetail(
                        "vague", None, None, "manual"
                    ),  # the agent's: no reason
                ),
            ),
            mail(
                3, "mon code ???", label_details=(vague(f"'mon code': {CODE_MISSING}"),)
            ),
        ]
    )

    assert d.missing == (account, CODE_MISSING)


def test_what_a_later_message_gives_is_no_longer_missing() -> None:
    order = LabelDetail(
        "vague", "vague:order", "'ma commande': the order number", "rule"
    )
    d = digest(
        [
            mail(1, "Où en est ma commande ?", label_details=(order,)),
            mail(
                2, "Perdu mon code", label_details=(vague(f"'code': {CODE_MISSING}"),)
            ),
            mail(3, "C'est la commande CMD-2026-103871, je n'ai rien reçu."),
        ]
    )
    assert d.missing == (CODE_MISSING,)  # the order number came; which code did not
    assert [m.value for m in d.identifiers] == ["CMD-2026-103871"]

    later = digest(
        [
            mail(
                1, "Perdu mon code", label_details=(vague(f"'code': {CODE_MISSING}"),)
            ),
            mail(2, "Le code promo de l'anniversaire, pardon"),
        ]
    )
    assert later.missing == ()


def test_kinds_of_code_are_reported_as_written_once_each() -> None:
    d = digest(
        [
            mail(
                1, "Bonjour,\nMon code promo ne fonctionne pas.", subject="Code promo"
            ),
            mail(2, "Et j'ai perdu mon code d'activation et mon mot de passe."),
            mail(3, "My activation code doesn't work either.", subject="CODE PROMO"),
        ]
    )

    # Each language's wording is its own: the agent reads them as written.
    assert d.code_kinds == (
        "Code promo",
        "code d'activation",
        "mot de passe",
        "activation code",
    )


@pytest.mark.parametrize(
    "new_text",
    [
        "Bonjour,",
        "Merci beaucoup !",
        "Merci\n\nEnvoyé de mon iPhone",
        "Bonjour,\nMerci pour votre retour.\nBonne journée\nMarie Dupont",
        "Cordialement,\nMarie Dupont\n06 12 34 56 78",
        "Envoyé de mon iPhone",
        "ok merci",
        "Thanks!\n\nSent from my iPhone",
        "Hello,\nThank you very much.\nKind regards,\nMarie",
    ],
)
def test_greetings_thanks_and_phone_signatures_are_never_questions(
    new_text: str,
) -> None:
    m = stored_message(
        id=1, new_text=new_text, body_text=new_text, from_name="Marie Dupont"
    )

    assert digest([m]).questions == ()


def test_only_what_asks_is_kept_of_a_polite_message() -> None:
    body = (
        "Bonjour Madame,\n\nJe vous écris au sujet de ma commande. "
        "Je n'ai pas reçu mon colis.\nPouvez-vous vérifier ?\n\nMerci d'avance.\n"
        "Cordialement,\nMarie Dupont\n\nEnvoyé de mon iPhone"
    )
    # As extracted on import, and as stored with the signature left in.
    for m in (mail(1, body), stored_message(id=1, new_text=body, body_text=body)):
        assert texts(digest([m])) == [
            "Je n'ai pas reçu mon colis.",
            "Pouvez-vous vérifier ?",
        ]


def test_a_message_that_neither_asks_nor_complains_gives_its_first_sentence() -> None:
    d = digest(
        [mail(1, "Bonjour,\nVoici la facture demandée. Elle date de mars.\nMarie")]
    )

    assert texts(d) == ["Voici la facture demandée."]


def test_unpunctuated_lines_from_a_phone_are_sentences() -> None:
    body = "Bonjour\nje n'ai toujours pas reçu\nmon colis\nPouvez vous regarder\nMerci"

    assert texts(digest([mail(1, body)])) == [
        "je n'ai toujours pas reçu mon colis",
        "Pouvez vous regarder",
    ]


def test_a_nudge_counts_for_the_latest_question() -> None:
    d = digest(
        [
            mail(1, "Où est mon colis ?"),
            mail(2, "Pourquoi ma carte est-elle refusée ?"),
            mail(3, "Toujours rien ???"),
            mail(4, "Toujours pas de réponse !!!"),
        ]
    )

    assert [(q.text, q.times) for q in d.questions] == [
        ("Où est mon colis ?", 1),
        ("Pourquoi ma carte est-elle refusée ?", 3),
    ]


@pytest.mark.parametrize(
    ("first", "again"),
    [
        ("Pouvez-vous me renvoyer le numéro de suivi ?", "mon numéro de suivi???"),
        ("Où est mon colis ?", "toujours pas de réponse pour mon colis !!!"),
        ("Où est mon colis ?", "Je n'ai toujours pas reçu mon colis."),
        ("Je voudrais être remboursé.", "Quand serai-je remboursée ?"),
        ("Mon code promo ne fonctionne pas.", "Le code promo ne marche toujours pas"),
        ("Où est la commande CMD-2026-104233 ?", "Et la commande 104233 ???"),
        ("Where is my parcel?", "I still haven't received my parcel!"),
    ],
)
def test_a_question_asked_again_in_other_words_is_one(first: str, again: str) -> None:
    d = digest([mail(1, first), mail(2, again)])

    assert [(q.text, q.times) for q in d.questions] == [(first, 2)]


@pytest.mark.parametrize(
    ("first", "other"),
    [
        ("Où est ma commande ?", "Je veux annuler ma commande."),
        (
            "Pouvez-vous me renvoyer le numéro de suivi ?",
            "Le numéro de suivi est inconnu.",
        ),
        ("Je n'ai pas reçu mon colis.", "Mon colis est arrivé cassé."),
        (
            "Mon code promo ne fonctionne pas.",
            "Mon code d'activation ne fonctionne pas.",
        ),
        (
            "Où est la commande CMD-2026-104233 ?",
            "Où est la commande CMD-2026-104877 ?",
        ),
        ("Où est mon colis ?", "Pouvez-vous me rembourser le colis ?"),
        ("Where is my order?", "Please cancel my order."),
    ],
)
def test_different_questions_stay_apart(first: str, other: str) -> None:
    d = digest([mail(1, first), mail(2, other)])

    assert [(q.text, q.times) for q in d.questions] == [(first, 1), (other, 1)]


def test_a_question_asked_twice_in_one_message_counts_once() -> None:
    d = digest([mail(1, "Où est mon colis ? Je répète. Où est mon colis ???")])

    assert [(q.text, q.times) for q in d.questions] == [("Où est mon colis ?", 1)]


def test_an_english_case() -> None:
    d = digest(
        [
            mail(
                1,
                "Hello,\n\nI ordered a gift card (order ORD-2026-55512) last week and "
                "haven't received the activation code. Could you resend it?\n\n"
                "Thanks in advance,\nJohn",
                from_name="John Smith",
            ),
            mail(2, "Hi,\nWhere is my activation code?\nRegards\nJohn Smith"),
            mail(3, "I still haven't received the activation code!!!"),
            mail(
                4, "My order ORD-2026-55512 was charged twice. I would like a refund."
            ),
        ]
    )

    assert d.identifiers == (Mention("order", "ORD-2026-55512", (1, 4)),)
    assert d.code_kinds == ("activation code",)
    assert [(q.text, q.times) for q in d.questions] == [
        (
            # "it" points back: the two sentences are one question.
            "I ordered a gift card (order ORD-2026-55512) last week and haven't "
            "received the activation code. Could you resend it?",
            3,
        ),
        ("My order ORD-2026-55512 was charged twice.", 1),
        ("I would like a refund.", 1),
    ]


def test_attachments_are_listed_but_not_inline_ones() -> None:
    logo = Attachment("logo.png", "image/png", 2048, inline=True)
    photo = Attachment("colis.jpg", "image/jpeg", 512_000)
    invoice = Attachment("facture.pdf", "application/pdf", 80_000)
    d = digest(
        [
            mail(2, "Voici la facture.", attachments=(invoice, logo)),
            mail(
                1, "Le colis est arrivé cassé, voir photo.", attachments=(photo, logo)
            ),
        ]
    )

    assert d.attachments == (
        AttachmentRef(1, "colis.jpg", "image/jpeg", 512_000),
        AttachmentRef(2, "facture.pdf", "application/pdf", 80_000),
    )


@pytest.mark.parametrize("label", ["auto-reply", "bounce", "newsletter"])
def test_automatic_messages_are_left_out(label: str) -> None:
    auto = mail(
        2,
        "Je suis absent du bureau. Votre commande CMD-2026-999999 ne fonctionne pas ?",
        subject="Réponse automatique : commande CMD-2026-999999",
        labels=(label,),
        label_details=(LabelDetail(label, label, "header", "rule"), vague("'x': y")),
        attachments=(Attachment("ticket.pdf", "application/pdf", 1000),),
    )
    d = digest([mail(1, "Où est ma commande CMD-2026-104233 ?"), auto])

    assert d.identifiers == (Mention("order", "CMD-2026-104233", (1,)),)
    assert texts(d) == ["Où est ma commande CMD-2026-104233 ?"]
    assert d.missing == ()
    assert d.attachments == ()


def test_an_automatic_label_known_only_from_its_details_is_enough() -> None:
    auto = mail(
        1,
        "Où est ma commande CMD-2026-999999 ?",
        label_details=(
            LabelDetail("bounce", "bounce", "sent by mailer-daemon", "rule"),
        ),
    )

    assert digest([auto]) == Digest((), (), (), (), ())


def test_no_messages_or_empty_ones_give_an_empty_digest() -> None:
    empty = Digest((), (), (), (), ())
    assert digest([]) == empty
    assert digest([stored_message(id=1), stored_message(id=2, date=None)]) == empty


def test_a_long_question_is_one_line_cut_at_a_word() -> None:
    body = "Pourquoi   ma commande\n" + "est " * 60 + "bloquée ?"
    m = stored_message(id=1, new_text=body, body_text=body)

    [question] = digest([m]).questions
    assert question.text.startswith("Pourquoi ma commande est est")
    assert question.text.endswith("est…")
    assert len(question.text) <= QUESTION_MAX_CHARS
    assert "\n" not in question.text and "  " not in question.text


UNRELATED = [
    "Où est mon colis ?",
    "Pourquoi ma carte de fidélité est-elle refusée ?",
    "Je voudrais changer mon adresse de livraison.",
    "Mon code promo ne fonctionne pas.",
    "Comment annuler mon abonnement ?",
    "La facture contient une erreur de TVA.",
    "Est-ce que vous livrez en Belgique ?",
    "Il manque un article dans le paquet.",
    "Quand ouvre le magasin de Lyon ?",
    "Mon mot de passe est bloqué.",
    "Pouvez-vous supprimer mes données personnelles ?",
    "Le remboursement du retour n'est pas arrivé.",
]


def test_at_most_ten_questions_the_most_asked_first_and_the_rest_counted() -> None:
    messages = [mail(i, text) for i, text in enumerate(UNRELATED, 1)]
    messages.append(mail(13, UNRELATED[-1]))  # asked again: kept over a single one

    d = digest(messages)

    assert len(d.questions) == MAX_QUESTIONS
    assert texts(d) == [*UNRELATED[: MAX_QUESTIONS - 1], UNRELATED[-1]]
    assert d.questions[-1].times == 2
    assert d.more_questions == 2


def test_a_case_of_200_messages_is_digested() -> None:
    rng = random.Random(3)
    messages = [
        mail(
            i,
            f"Bonjour,\n{rng.choice(UNRELATED)} {rng.choice(UNRELATED)} "
            f"Commande CMD-2026-{100_000 + i % 7}, c'est la {i}e fois.\n"
            + "Je précise que j'ai commandé sur le site. " * rng.randint(0, 30)
            + "\nCordialement,\nMarie Dupont",
            day=i % 28,
            subject=f"Re: réclamation {i % 3}",
        )
        for i in range(1, 201)
    ]

    d = digest(messages)

    assert len(d.identifiers) == 7
    assert sum(len(m.message_ids) for m in d.identifiers) == 200
    assert texts(d) and set(texts(d)) <= set(UNRELATED)
    assert len(d.questions) == MAX_QUESTIONS
    assert d.more_questions == len(UNRELATED) - MAX_QUESTIONS


def test_a_greeting_is_cut_off_the_opening_line_only() -> None:
    body = (
        "Bonjour Madame,\nMonsieur Dupont du magasin m'a dit que mon colis était perdu."
    )

    assert texts(digest([mail(1, body)])) == [
        "Monsieur Dupont du magasin m'a dit que mon colis était perdu."
    ]


def test_past_the_tracked_questions_new_ones_are_still_counted() -> None:
    rng = random.Random(5)

    def word() -> str:
        return "".join(
            rng.choice("bcdfglmnprstv") + rng.choice("aeiou") for _ in range(4)
        )

    messages = [
        mail(i, f"Pourquoi {word()} {word()} {word()} ?", day=i % 28)
        for i in range(1, 81)
    ]

    d = digest(messages)

    assert len(d.questions) == MAX_QUESTIONS
    assert d.more_questions == 80 - MAX_QUESTIONS


def test_what_is_missing_is_the_digests_own_on_every_sample_case(
    sample_db: Path,
) -> None:
    """The queue settles vague cases with `cases.missing` alone; the digest
    reports the same, read in the same pass."""
    store = open_store(sample_db)
    try:
        vague = 0
        for facts in store.cases.facts():
            messages = store.messages_by_id(facts.message_ids)
            expected = digest(messages).missing
            assert missing(messages) == expected, facts.id
            vague += bool(expected)
        assert vague >= 3  # the sample has vague cases still waiting for a detail
    finally:
        store.close()
