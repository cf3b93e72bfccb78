"""The built-in rules, table-driven, in French and English, with near misses."""

from dataclasses import replace

import pytest

from triage.records import Attachment, Message
from triage.rules.builtin import judge, tone
from triage.rules.customers import Sent, customer_of, escalating, repeat_sender
from triage.rules.lexicon import load_lexicon

LEX = load_lexicon()
BASE = Message(
    id=1,
    message_id="<1@x>",
    folder="INBOX",
    date="2026-11-02T09:00:00Z",
    from_addr="client@example.com",
    from_name="Client",
    to_addrs=("sav@example.com",),
    cc_addrs=(),
    subject="Réclamation",
    in_reply_to=None,
    references=(),
    list_id=None,
    list_unsubscribe=None,
    precedence=None,
    auto_submitted=None,
    x_autoreply=None,
    content_type="text/plain",
    body_text="",
    new_text="",
    mobile_signature=None,
    html_only=False,
    attachments=(),
    content_hash="h",
    size=100,
    parse_error=None,
    added_at="2026-11-02T09:00:00Z",
)


def message(new_text: str = "", **fields: object) -> Message:
    return replace(BASE, new_text=new_text, body_text=new_text, **fields)


def labels(m: Message) -> set[str]:
    return {hit.label for hit in judge(m, LEX)}


LONG_POLITE_FR = (
    "Bonjour,\n\nJe n'ai pas reçu les points de mon achat du 3 novembre au magasin "
    "de Rennes. Pourriez-vous vérifier ?\n\nMerci, cordialement"
)


@pytest.mark.parametrize(
    ("case", "m", "expected"),
    [
        ("nothing at all", message(""), {"empty"}),
        (
            "only a quote",
            message("> Le 2 nov. vous avez écrit :\n> bonjour"),
            {"empty"},
        ),
        (
            "phone signature only (fr)",
            message("", mobile_signature="Envoyé de mon iPhone"),
            {"empty", "sent-from-phone"},
        ),
        (
            "phone signature only (en)",
            message("", mobile_signature="Sent from my iPhone"),
            {"empty", "sent-from-phone"},
        ),
        (
            "real text then a phone signature",
            message(LONG_POLITE_FR, mobile_signature="Envoyé de mon iPhone"),
            set(),
        ),
        (
            "an attachment is not empty",
            message(
                "", attachments=(Attachment("ticket.pdf", "application/pdf", 900),)
            ),
            set(),
        ),
        ("terse fr", message("mon numéro de suivi???"), {"terse"}),
        ("terse fr 2", message("toujours rien"), {"terse"}),
        ("terse en", message("still nothing"), {"terse"}),
        (
            "short and polite is not terse",
            message("Bonjour, mon code ne marche pas. Merci"),
            {"vague"},
        ),
        ("thanks only is neither terse nor vague", message("Merci"), set()),
        ("thanks only en", message("Thanks!"), set()),
        ("vague code", message("Perdu mon code"), {"terse", "vague"}),
        ("a promo code is precise", message("Perdu mon code promo"), {"terse"}),
        ("vague order", message("Bonjour, où en est ma commande ? Merci"), {"vague"}),
        (
            "an order number is precise",
            message("Bonjour, où en est ma commande CMD-2026-104233 ? Merci"),
            set(),
        ),
        ("problem without object", message("ça marche pas"), {"terse", "vague"}),
        (
            "problem without object en",
            message("Hello, it doesn't work. Thanks"),
            {"vague"},
        ),
        (
            "problem with an object",
            message("Bonjour, l'application ne marche pas. Merci"),
            set(),
        ),
        ("long polite mail", message(LONG_POLITE_FR), set()),
    ],
)
def test_per_message_labels(case: str, m: Message, expected: set[str]) -> None:
    assert labels(m) == expected, case


@pytest.mark.parametrize(
    ("case", "m", "expected"),
    [
        ("RFC 3834", message("x", auto_submitted="auto-replied"), {"auto-reply"}),
        ("X-Autoreply", message("x", x_autoreply="yes"), {"auto-reply"}),
        ("Precedence", message("x", precedence="auto_reply"), {"auto-reply"}),
        (
            "out of office fr",
            message("Je suis absente du bureau jusqu'au 12 novembre."),
            {"auto-reply"},
        ),
        (
            "out of office en",
            message("I am out of the office until Monday."),
            {"auto-reply"},
        ),
        ("a bounce", message("x", content_type="multipart/report"), {"bounce"}),
        (
            "mailer-daemon",
            message("x", from_addr="mailer-daemon@mx.example.com"),
            {"bounce"},
        ),
        ("newsletter", message("x", list_unsubscribe="<mailto:u@x>"), {"newsletter"}),
        ("bulk", message("x", precedence="bulk"), {"newsletter"}),
        (
            "generated is not an auto-reply",
            message(LONG_POLITE_FR, auto_submitted="auto-generated"),
            set(),
        ),
    ],
)
def test_automatic_mail(case: str, m: Message, expected: set[str]) -> None:
    assert labels(m) == expected, case


@pytest.mark.parametrize(
    ("text", "level"),
    [
        (LONG_POLITE_FR, 0),
        ("Hello,\n\nCould you check my points please? Thanks", 0),
        ("Bonjour, toujours rien reçu. Merci", 1),
        ("mon colis ?", 1),
        ("C'est INADMISSIBLE, toujours pas de réponse!!!", 2),
        ("OU EST MON COLIS JE VEUX UNE REPONSE", 2),
        ("this is unacceptable", 2),
        ("Je vais saisir 60 millions de consommateurs et UFC-Que Choisir", 3),
        ("I will ask my bank for a chargeback", 3),
        ("bande de voleurs", 3),
    ],
)
def test_tone_levels(text: str, level: int) -> None:
    assert tone(message(text, subject=""), LEX).level == level


def test_every_hit_says_why() -> None:
    (hit,) = [h for h in judge(message("Perdu mon code promo"), LEX)]
    assert hit.reason == "4 words, no greeting"
    (vague,) = [h for h in judge(message("Perdu mon code"), LEX) if h.label == "vague"]
    assert "promo code" in vague.reason and "activation code" in vague.reason


@pytest.mark.parametrize(
    ("address", "customer"),
    [
        ("Jean.Dupont@Example.COM", "jean.dupont@example.com"),
        ("jean+sav@example.com", "jean@example.com"),
        ("jean.dupont@googlemail.com", "jeandupont@gmail.com"),
        ("Jean.Dupont+x@gmail.com", "jeandupont@gmail.com"),
    ],
)
def test_customer_identity(address: str, customer: str) -> None:
    assert customer_of(address) == customer


def sent(n: int, day: int, tone: int = 0, automatic: bool = False) -> Sent:
    return Sent(n, f"2026-11-{day:02d}T09:00:00Z", tone, automatic)


def test_repeat_sender_needs_three_within_the_window() -> None:
    assert set(repeat_sender([sent(1, 1), sent(2, 5), sent(3, 14)], 3, 14)) == {1, 2, 3}
    assert repeat_sender([sent(1, 1), sent(2, 5)], 3, 14) == {}
    assert repeat_sender([sent(1, 1), sent(2, 10), sent(3, 20)], 3, 14) == {}
    with_auto = [sent(1, 1), sent(2, 2), sent(3, 3, automatic=True)]
    assert repeat_sender(with_auto, 3, 14) == {}


def test_escalating_is_angrier_than_the_first_message() -> None:
    rising = [sent(1, 1, 0), sent(2, 2, 1), sent(3, 3, 2), sent(4, 4, 3)]
    assert set(escalating(rising)) == {3, 4}
    angry_from_the_start = [sent(1, 1, 2), sent(2, 2, 2)]
    assert escalating(angry_from_the_start) == {}
    # A customer's out-of-office reply says nothing of their tone.
    auto = [sent(1, 1, 0), sent(2, 2, 3, automatic=True)]
    assert escalating(auto) == {}
