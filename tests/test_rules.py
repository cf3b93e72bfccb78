"""The built-in rules, table-driven, in French and English, with near misses."""

from dataclasses import replace

import pytest
from message_records import stored_message

from triage.records import Attachment, Message
from triage.reply import extract_reply
from triage.rules.builtin import judge, own_text, tone
from triage.rules.customers import (
    ROLE_LOCAL_PARTS,
    Sent,
    customer_address,
    customer_of,
    escalating,
    is_role_address,
    repeat_sender,
)
from triage.rules.lexicon import fold, load_lexicon

LEX = load_lexicon()
BASE = stored_message()


def message(new_text: str = "", **fields: object) -> Message:
    return replace(BASE, new_text=new_text, body_text=new_text, **fields)


def mail(body: str, **fields: object) -> Message:
    """A message whose new text is what extraction makes of `body`, as on import."""
    reply = extract_reply(body)
    fields.setdefault("from_name", "Sophie Martin")
    return replace(
        BASE,
        body_text=body,
        new_text=reply.new_text,
        mobile_signature=reply.mobile_signature,
        **fields,
    )


def labels(m: Message) -> set[str]:
    return {hit.label for hit in judge(m, LEX)}


def reasons(m: Message) -> dict[str, str]:
    return {hit.label: hit.reason for hit in judge(m, LEX)}


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


ROLE_SPELLINGS = [
    "no-reply",
    "noreply",
    "no_reply",
    "donotreply",
    "do-not-reply",
    "ne-pas-repondre",
    "nepasrepondre",
    "ne_pas_repondre",
    "formulaire",
    "contact-form",
    "webform",
    "wordpress",
    "mailer",
    "notification",
    "notifications",
]


@pytest.mark.parametrize("local", ROLE_SPELLINGS)
def test_role_addresses_send_for_someone(local: str) -> None:
    assert is_role_address(f"{local}@fidelite.example")
    assert is_role_address(f"{local.upper()}+site@Fidelite.Example")


def test_every_role_local_part_is_tested() -> None:
    spelled = {
        local.translate(str.maketrans("", "", "-_.")) for local in ROLE_SPELLINGS
    }
    assert spelled == ROLE_LOCAL_PARTS


@pytest.mark.parametrize(
    "address",
    [
        "mailer-daemon@mx.example-shop.fr",  # bounces stay automatic
        "MAILER-DAEMON@mx.example-shop.fr",
        "postmaster@example-shop.fr",
        "contact@fidelite.example",  # read by someone
        "marie.dupont@example.com",
        "noreply-fidelite@example.com",  # not exactly a listed name
        "no-reply",  # not an address
        "",
    ],
)
def test_other_addresses_are_not_role_addresses(address: str) -> None:
    assert not is_role_address(address)


FORM = "no-reply@fidelite.example"


@pytest.mark.parametrize(
    ("from_addr", "reply_to", "customer"),
    [
        (FORM, "marie@example.com", "marie@example.com"),
        (FORM, None, FORM),
        (FORM, "", FORM),
        (FORM, "No-Reply+x@fidelite.example", FORM),  # the same address
        ("marie@example.com", "paul@example.com", "marie@example.com"),
        (
            "mailer-daemon@mx.example.fr",
            "marie@example.com",
            "mailer-daemon@mx.example.fr",
        ),
    ],
)
def test_customer_address_is_the_reply_to_of_a_role_sender(
    from_addr: str, reply_to: str | None, customer: str
) -> None:
    assert customer_address(from_addr, reply_to) == customer


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


# --- empty: bare forwards and reply headers, signature-only mail --------------------

SAV_MAIL = (
    "Bonjour Madame,\n\nVotre remboursement de 45 € a été effectué sur votre carte "
    "bancaire.\n\nCordialement,\nLe service client"
)
SHOP_MAIL = (
    "Hello,\n\nYour refund of 45 EUR was sent to your bank card.\n\n"
    "Kind regards,\nCustomer service"
)
OUTLOOK_BLOCK = (
    "De : Service client <sav@boutique.example>\nEnvoyé : lundi 3 février 2025 09:15\n"
    "À : Client <client@example.com>\nObjet : RE: Votre remboursement\n\n"
)
COMMENT_FR = (
    "Bonjour,\n\nJe n'ai toujours pas reçu ce remboursement sur mon compte bancaire, "
    "pouvez-vous vérifier ?\n\nMerci, cordialement"
)


@pytest.mark.parametrize(
    ("case", "m", "expected"),
    [
        ("outlook reply, nothing typed", mail(OUTLOOK_BLOCK + SAV_MAIL), {"empty"}),
        (
            "outlook reply, non-breaking spaces",
            mail(OUTLOOK_BLOCK.replace(" :", "\u00a0:") + SAV_MAIL),
            {"empty"},
        ),
        (
            "outlook reply under its rule, from the phone app",
            mail(
                f"Obtenir Outlook pour Android\n\n{'_' * 32}\n{OUTLOOK_BLOCK}{SAV_MAIL}"
            ),
            {"empty", "sent-from-phone"},
        ),
        (
            "samsung fr",
            mail(
                "\n\nEnvoyé depuis mon smartphone Samsung Galaxy.\n\n"
                "-------- Message d'origine --------\n"
                "De : Service client <sav@boutique.example>\n"
                "Date : 03/02/2025 09:15 (GMT+01:00)\nÀ : client@example.com\n"
                f"Objet : Votre remboursement\n\n{SAV_MAIL}"
            ),
            {"empty", "sent-from-phone"},
        ),
        (
            "samsung en",
            mail(
                "Sent from my Galaxy\n\n-------- Original message --------\n"
                "From: Customer service <help@shop.example>\n"
                "Date: 03/02/2025 09:15 (GMT+01:00)\nTo: client@example.com\n"
                f"Subject: Your refund\n\n{SHOP_MAIL}"
            ),
            {"empty", "sent-from-phone"},
        ),
        (
            "uncommented gmail forward",
            mail(
                "---------- Forwarded message ---------\n"
                "From: Shop <no-reply@shop.example>\nDate: Mon, Feb 3, 2025\n"
                f"Subject: Your refund\nTo: <client@example.com>\n\n{SHOP_MAIL}"
            ),
            {"empty"},
        ),
        (
            "uncommented thunderbird forward",
            mail(
                "-------- Message transféré --------\nSujet : Remboursement\n"
                "De : Service client <sav@boutique.example>\n"
                f"Pour : client@example.com\n\n{SAV_MAIL}"
            ),
            {"empty"},
        ),
        (
            "uncommented apple forward",
            mail(
                "Début du message réexpédié :\n\n"
                "De: Service client <sav@boutique.example>\n"
                f"Objet: Remboursement\nDate: 3 février 2025\n\n{SAV_MAIL}"
            ),
            {"empty"},
        ),
        (
            "a forward with a comment above it",
            mail(f"{COMMENT_FR}\n\n---------- Forwarded message ---------\n{SAV_MAIL}"),
            set(),
        ),
        (
            "the customer forwards their own earlier mail",
            mail(
                "---------- Forwarded message ---------\n"
                "From: Client <client@example.com>\nDate: Mon, Feb 3, 2025\n"
                f"Subject: Remboursement\nTo: <sav@boutique.example>\n\n{COMMENT_FR}"
            ),
            set(),
        ),
        (
            "the customer answers under the forwarded header and signs",
            mail(
                "-------- Message transféré --------\n"
                "De : Service client <sav@boutique.example>\n"
                "Envoyé : lundi 3 février 2025\nÀ : client@example.com\n"
                f"Objet : Vos points\n\nVos points vous attendent.\n\n{COMMENT_FR}\n"
                "Sophie Martin",
                from_name="Sophie Martin",
            ),
            set(),
        ),
        (
            "a signature under '-- '",
            mail("-- \nSophie Martin\n06 12 34 56 78"),
            {"empty"},
        ),
        ("a name and a phone", mail("Sophie Martin\n06 12 34 56 78"), {"empty"}),
        ("a sign-off and a name, en", mail("Kind regards,\nJohn Smith"), {"empty"}),
        ("the sender's name", mail("Sophie", from_name="Sophie Martin"), {"empty"}),
        (
            "a phone number alone may answer a question",
            mail("06 12 34 56 78"),
            {"terse"},
        ),
        ("a thank-you signed is a message", mail("Merci\nSophie Martin"), set()),
    ],
)
def test_empty(case: str, m: Message, expected: set[str]) -> None:
    assert labels(m) == expected, case


@pytest.mark.parametrize(
    ("m", "reason"),
    [
        (mail(""), "no text of its own"),
        (mail("> Bonjour"), "only quoted text"),
        (mail("Envoyé de mon iPhone"), "only a phone signature (Envoyé de mon iPhone)"),
        (
            mail(OUTLOOK_BLOCK + SAV_MAIL),
            "nothing typed above the mail it forwards or answers",
        ),
        (mail("--\nRoman"), "only a signature"),
    ],
)
def test_empty_says_why(m: Message, reason: str) -> None:
    assert reasons(m)["empty"] == reason
    assert own_text(m) == ""


# --- vague: more ambiguous objects ----------------------------------------------------

REPLY = {"in_reply_to": "<earlier@boutique.example>", "subject": "Re: Votre demande"}


@pytest.mark.parametrize(
    ("case", "m", "rule"),
    [
        (
            "account with a problem, fr",
            message("Bonjour, j'ai un souci avec mon compte. Merci"),
            "vague:account",
        ),
        (
            "account with a problem, long",
            message(
                "Bonjour,\n\nJ'ai un problème avec mon compte fidélité depuis quelques "
                "jours. Pouvez-vous regarder ce qui se passe ?\n\nMerci d'avance"
            ),
            "vague:account",
        ),
        (
            "account with a problem, en",
            message("Hello, I have a problem with my account. Thanks"),
            "vague:account",
        ),
        (
            "one of my orders, fr",
            message("Bonjour, l'une de mes commandes n'est jamais arrivée. Merci"),
            "vague:order",
        ),
        (
            "one of my orders, en",
            message("Hello, one of my orders never arrived. Thanks"),
            "vague:order",
        ),
        (
            "a postcode is no order number",
            message(
                "Bonjour, ma commande n'est pas arrivée au 12 rue des Lilas, "
                "69003 Lyon. Merci"
            ),
            "vague:order",
        ),
        (
            "a phone number is no order number",
            message("Hello, where is my order? Call me on 0612345678. Thanks"),
            "vague:order",
        ),
        (
            "'la commande' in a first mail",
            message("Bonjour, où en est la commande ? Merci"),
            "vague:order",
        ),
        (
            "my card does not work, fr",
            message("Bonjour, ma carte ne fonctionne pas. Merci"),
            "vague:card",
        ),
        (
            "my card does not work, en",
            message("Hello, my card does not work. Thanks"),
            "vague:card",
        ),
        (
            "points not credited, fr",
            message("Bonjour, mes points n'ont pas été crédités. Merci"),
            "vague:points",
        ),
        (
            "points missing, en",
            message("Hello, my points are missing. Thanks"),
            "vague:points",
        ),
        (
            "voucher refused, fr",
            message("Bonjour, mon bon d'achat a été refusé en caisse. Merci"),
            "vague:voucher",
        ),
        (
            "voucher refused, en",
            message("Hello, my voucher was refused at the till. Thanks"),
            "vague:voucher",
        ),
        (
            "thanks first, then a problem",
            message("Merci, mais toujours un souci avec mon compte"),
            "vague:account",
        ),
    ],
)
def test_vague_objects(case: str, m: Message, rule: str) -> None:
    (hit,) = [h for h in judge(m, LEX) if h.label == "vague"]
    assert hit.rule == rule, case


@pytest.mark.parametrize(
    ("case", "m"),
    [
        (
            "account: what goes wrong, fr",
            message("Bonjour, un souci avec mon compte : impossible de me connecter."),
        ),
        (
            "account: what goes wrong, en",
            message(
                "Hello, there is a problem with my account, the password is refused."
            ),
        ),
        (
            "account without a problem",
            message("Bonjour, j'ai créé mon compte hier. Merci"),
        ),
        (
            "the problem is elsewhere than the account",
            message(
                "Bonjour, votre site a un problème depuis ce matin. Mes coordonnées "
                "sont à jour dans mon compte. Merci"
            ),
        ),
        (
            "one of my orders, with its number",
            message(
                "Bonjour, l'une de mes commandes (CMD-2026-104233) n'est pas arrivée."
            ),
        ),
        (
            "an order number of five digits",
            message("Bonjour, ma commande 45213 n'est pas arrivée. Merci"),
        ),
        (
            "an order number of five digits before a capital",
            message("Hello, my order #45213 Never arrived."),
        ),
        (
            "'la commande' in a reply",
            message("Bonjour, où en est la commande ? Merci", **REPLY),
        ),
        (
            "'the order' in a reply",
            message(
                "Hello, any news of the order? Thanks", in_reply_to="<a@shop.example>"
            ),
        ),
        (
            "which card: loyalty",
            message("Bonjour, ma carte de fidélité ne fonctionne pas en caisse. Merci"),
        ),
        (
            "which card: its number",
            message("Bonjour, ma carte 4921 3307 1185 ne fonctionne pas. Merci"),
        ),
        (
            "which card: loyalty, en",
            message("Hello, my loyalty card does not work. Thanks"),
        ),
        (
            "a card without a problem",
            message("Bonjour, j'ai bien reçu ma carte. Merci"),
        ),
        (
            "which purchase the points are for",
            message(
                "Bonjour, les points de mon achat du 3 novembre au magasin de Rennes, "
                "mes points n'ont pas été crédités. Merci"
            ),
        ),
        (
            "points for a purchase, en",
            message("Hello, my points from my purchase at the Lyon store are missing."),
        ),
        ("how to use points", message("Bonjour, comment utiliser mes points ? Merci")),
        (
            "the voucher's code",
            message("Bonjour, mon bon d'achat BA-15-22HX-K9PM a été refusé. Merci"),
        ),
        (
            "the voucher's amount",
            message("Hello, my voucher of 15 € was refused. Thanks"),
        ),
        (
            "a voucher never received has no number",
            message("Bonjour, je n'ai jamais reçu mon bon d'achat, il a été refusé."),
        ),
        (
            "a code in capitals says which",
            message("Bonjour, mon code WELCOME15 ne passe pas. Merci"),
        ),
        ("thanks only", message("Merci beaucoup !")),
        ("thanks only, en", message("Thanks a lot")),
    ],
)
def test_not_vague(case: str, m: Message) -> None:
    assert "vague" not in labels(m), case


def test_vague_says_what_is_missing() -> None:
    (hit,) = judge(message("Bonjour, j'ai un souci avec mon compte. Merci"), LEX)
    assert hit.reason.startswith("'mon compte': what goes wrong with the account")


# --- tone: threats need an intent, insults in lower case, shouting ---------------


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Je vais saisir l'UFC-Que Choisir.", 3),
        ("Sans réponse de votre part, je saisirai le médiateur de la consommation.", 3),
        ("J'ai ouvert un dossier auprès de l'UFC-Que Choisir ce matin.", 3),
        ("Je vais laisser un avis sur les réseaux sociaux.", 3),
        ("I will be posting a review about this.", 3),
        ("I have contacted trading standards.", 3),
        ("If it is not refunded by Monday I will dispute it with my bank.", 3),
        ("Mise en demeure de me rembourser sous huit jours.", 3),
        (
            "Bonjour, j'ai lu sur le site de l'UFC-Que Choisir que le remboursement "
            "doit se faire sous 14 jours. Pouvez-vous me le confirmer ? Merci",
            0,
        ),
        ("Bonjour, j'ai vu votre offre sur Facebook. Est-elle valable ? Merci", 0),
        (
            "Hello, I would like to leave a review of the lamp, where can I? Thanks",
            0,
        ),
        ("Bonjour, j'ai une plainte au sujet de ma livraison. Merci", 0),
        ("bande d'incompétents", 3),
        ("Bonjour, vous êtes des escrocs.", 3),
        ("Bonjour, rendez-moi mon argent, voleurs.", 3),
        ("Bonjour, c'est une arnaque. Merci", 3),
        ("Hello, you are useless.", 3),
        ("Hello, scammers.", 3),
        ("Bonjour, mon colis a été volé devant ma porte. Merci", 0),
        ("Hello, the parcel was stolen from my porch. Thanks", 0),
        (
            "JE VOUS DEMANDE JUSTE UN NUMÉRO DE SUIVI.\n\nCommande CMD-2026-104233, "
            "passée le 28 octobre, payée avec mes points.",
            2,
        ),
        ("Votre numéro ne marche PAS. Donnez-moi un VRAI numéro de suivi.", 2),
        ("Hello, I asked for a refund TWICE and got NOTHING.", 2),
        ("Bonjour, ils ont été retirés DEUX fois. Merci de corriger.", 1),
        ("Hello, I was charged TWICE for order CMD-2026-104380. Thanks", 1),
        (
            "BONJOUR MADAME,\n\nJE N'AI PAS RECU MA NOUVELLE CARTE DE FIDELITE.\n\n"
            "JE VOUS REMERCIE PAR AVANCE.",
            0,
        ),
        ("Bonjour, carte FID et commande CMD-2026-104233, reçu par SMS. Merci", 0),
    ],
)
def test_tone_threats_insults_capitals(text: str, level: int) -> None:
    assert tone(message(text, subject=""), LEX).level == level, text


@pytest.mark.parametrize(
    ("case", "m", "expected"),
    [
        (
            "a customer forwards a bounce with a comment, fr",
            message(
                "Bonjour, mon mail à votre service est revenu, voici l'erreur. Merci",
                subject="TR: Undelivered Mail Returned to Sender",
            ),
            set(),
        ),
        (
            "a customer forwards a bounce with a comment, en",
            message(
                "Hello, my mail to you bounced, see below. Thanks",
                subject="Fwd: Mail delivery failed: returning message to sender",
            ),
            set(),
        ),
        (
            "a bounce forwarded without a word",
            mail(
                "---------- Forwarded message ---------\n"
                "From: Mail Delivery System <MAILER-DAEMON@mx.example>\n"
                "Date: Mon, Feb 3, 2025\nSubject: Undelivered Mail\nTo: <c@x.example>\n"
                "\nThis is the mail system at host mx.example.",
                subject="Fwd: Undelivered Mail Returned to Sender",
            ),
            {"bounce"},
        ),
        (
            "a bounce's own subject",
            message(
                "This is the mail system at host mx.example.",
                subject="Undelivered Mail Returned to Sender",
            ),
            {"bounce"},
        ),
    ],
)
def test_forwarded_bounce(case: str, m: Message, expected: set[str]) -> None:
    assert labels(m) == expected, case


def test_tone_and_judge_read_each_message_afresh() -> None:
    # tone() and judge() share the reading of the last message: never another's.
    quiet = message(LONG_POLITE_FR)
    angry = message("C'est INADMISSIBLE!!!")
    assert tone(quiet, LEX).level == 0
    assert labels(angry) == {"terse"}
    assert labels(quiet) == set()
    assert tone(angry, LEX).level == 2
    assert labels(replace(quiet, new_text="", body_text="")) == {"empty"}


@pytest.mark.parametrize(
    ("text", "key", "found"),
    [
        ("ca ne marche pas", "problem.phrases", "ca ne marche pas"),
        ("l'une de mes commandes", "order.words", "l'une de mes commandes"),
        ("merci d'annuler", "anger", None),  # "nul" is not in "annuler"
        ("ras-le-bol", "anger", "ras-le-bol"),
        ("bande d'incompetents !", "insults", "bande d'incompetents"),
    ],
)
def test_lexicon_finds_whole_phrases(text: str, key: str, found: str | None) -> None:
    assert LEX.scan(fold(text)).first(key) == found


def test_config_adds_phrases() -> None:
    lex = load_lexicon(
        {"insults": ["tocards", "€"], "threat_targets": ["la dgccrf"]}  # "€" folds away
    )
    assert tone(message("Bande de tocards", subject=""), lex).level == 3
    assert tone(message("Je vais prévenir la DGCCRF.", subject=""), lex).level == 3
