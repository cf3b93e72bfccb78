"""New text of a body: quote headers, forwards, Outlook blocks, signatures, bad input.

Every body here is written for these tests; the reply-parsing corpus that the bench
scores against stays outside the project.
"""

import dataclasses

import pytest

from triage.reply import (
    Reply,
    extract_reply,
    forwarded_sender,
    is_signature_only,
    sender_words,
    signed_by,
)
from triage.reply_markers import MOBILE_SIGNATURES

REPLY_FR = "Bonjour,\n\nJe n'ai toujours pas reçu ma commande 4521.\n\nMerci,\nSophie"
REPLY_EN = "Hello,\n\nMy order 4521 still has not arrived.\n\nThanks,\nSam"
QUOTED = "> Bonjour,\n> Votre colis a été expédié.\n> Le service client"
OUTLOOK_FR = (
    "De : Service client <sav@boutique.example>\n"
    "Envoyé : lundi 3 février 2025 09:15\n"
    "À : Sophie Martin <sophie@exemple.example>\n"
    "Objet : RE: Commande 4521\n"
    "\n"
    "Bonjour Madame,\n"
    "Votre colis a été expédié.\n"
)


def test_reply_is_a_frozen_record() -> None:
    reply = Reply(new_text="Bonjour")
    assert reply.mobile_signature is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        reply.new_text = "autre"  # type: ignore[misc]


@pytest.mark.parametrize(
    "header",
    [
        pytest.param(
            "Le 12 mars 2014 à 10:02, Service client a écrit :", id="apple-fr"
        ),
        pytest.param(
            "Le lun. 3 févr. 2025 à 09:15, Service client <sav@boutique.example> "
            "a écrit :",
            id="gmail-fr",
        ),
        pytest.param(
            "Le lun. 3 févr. 2025 à 09:15, Service client <sav@boutique.example>\n"
            "a écrit :",
            id="gmail-fr-wrapped-2-lines",
        ),
        pytest.param(
            "Le mar. 4 mars 2025 à 18:02, Service client de la Boutique en\n"
            "ligne <\n"
            "sav@boutique.example> a écrit :",
            id="gmail-fr-wrapped-3-lines",
        ),
        pytest.param(
            "Le 12/03/2014 10:02, Service client a écrit :", id="thunderbird-fr"
        ),
        pytest.param(
            "Le 12 mars 2014 à 10:02, Service client a écrit\u00a0:", id="fr-nbsp-colon"
        ),
        pytest.param(
            "- Le 2025-02-03 09:15, Service client a écrit :", id="zimbra-fr-dashed"
        ),
        pytest.param(
            "On Mon, Jan 3, 2011 at 3:00 PM, Support <help@shop.example> wrote:",
            id="gmail-en",
        ),
        pytest.param(
            "On Mon, Jan 3, 2011 at 3:00 PM, Support Team <\nhelp@shop.example> wrote:",
            id="gmail-en-wrapped-address",
        ),
        pytest.param(
            "On Mon, Jan 3, 2011 at 3:00 PM, Support Team <help@shop.example>\nwrote:",
            id="gmail-en-wrapped-verb",
        ),
        pytest.param("On 3 Jan 2011, at 15:00, Support wrote:", id="apple-en"),
        pytest.param(
            "2017-11-24 16:32 GMT+01:00 Support <help@shop.example>:", id="iso"
        ),
        pytest.param("Am 25.06.2015 um 10:55 schrieb Kundendienst:", id="german"),
        pytest.param(
            "Op 12 december 2016 19:05 schreef Klantenservice <klant@winkel.example>:",
            id="dutch",
        ),
        pytest.param(
            "El 19/03/2014 11:34, Atención <ayuda@tienda.example> escribió:",
            id="spanish",
        ),
        pytest.param(
            "Il 19/03/2014 11:34, Assistenza <aiuto@negozio.example> ha scritto:",
            id="italian",
        ),
    ],
)
def test_quote_header_ends_the_new_text(header: str) -> None:
    body = f"{REPLY_FR}\n\n{header}\n\n{QUOTED}\n"
    assert extract_reply(body) == Reply(new_text=REPLY_FR)


@pytest.mark.parametrize(
    "header",
    [
        "Le 12 mars 2014 à 10:02, Service client a écrit :",
        "On Mon, Jan 3, 2011 at 3:00 PM, Support <help@shop.example> wrote:",
    ],
    ids=["fr", "en"],
)
def test_quote_header_followed_by_unmarked_text_is_cut(header: str) -> None:
    # HTML mail converted to text loses the "> " marks: the rest is still quoted.
    body = f"Merci.\n\n{header}\n\nBonjour Madame,\nVotre colis est parti.\n"
    assert extract_reply(body).new_text == "Merci."


@pytest.mark.parametrize(
    "separator",
    [
        "-----Message d'origine-----",
        "-----Original Message-----",
        "----- Mail original -----",
        "________________________________",
    ],
)
def test_original_message_separator_and_its_header_are_cut(separator: str) -> None:
    body = f"{REPLY_FR}\n\n{separator}\n{OUTLOOK_FR}"
    assert extract_reply(body).new_text == REPLY_FR


@pytest.mark.parametrize(
    "block",
    [
        pytest.param(OUTLOOK_FR, id="fr-spaced-colons"),
        pytest.param(
            "De: Service client\nEnvoyé le: lundi 3 février 2025\nÀ: Sophie\n"
            "Objet: commande\n\nBonjour\n",
            id="fr-envoye-le",
        ),
        pytest.param(
            "De : sav@boutique.example\nDate : 3 février 2025\nObjet : commande\n\n"
            "Bonjour\n",
            id="fr-date",
        ),
        pytest.param(
            "From: Support <help@shop.example>\nSent: Monday, February 3, 2025\n"
            "To: Sam\nSubject: RE: Order 4521\n\nHello Sam,\n",
            id="en",
        ),
        pytest.param(
            'Message du 03/03/25 10:12\nDe : "SAV" <sav@boutique.example>\n'
            "A : sophie@exemple.example\nCopie à :\nObjet : Commande\n\nBonjour\n",
            id="fr-message-du",
        ),
        pytest.param(
            "*From:* Support <help@shop.example>\n*Sent:* Monday, February 3, 2025\n"
            "*To:* Sam\n*Subject:* Order\n\nHello\n",
            id="en-bold",
        ),
        pytest.param(
            "From: Support\n<help@shop.example>\nSent: Monday\nTo: Sam\n"
            "Subject: Order 4521 and\nsome more words\n\nHello\n",
            id="en-wrapped-fields",
        ),
    ],
)
def test_outlook_header_block_ends_the_new_text(block: str) -> None:
    assert extract_reply(f"{REPLY_FR}\n\n{block}").new_text == REPLY_FR


def test_outlook_header_block_directly_under_the_text_is_cut() -> None:
    assert extract_reply(f"Je conteste.\n{OUTLOOK_FR}").new_text == "Je conteste."


@pytest.mark.parametrize(
    "body",
    [
        "Date : 12 mars 2025\nObjet : réclamation 4521\n\nMon colis est cassé.",
        "Nom : Sophie Martin\nCommande : 4521\n\nMon colis est cassé.",
        "Colis abîmé.\nDe : mon domicile à Lyon\nJ'ai appelé trois fois.",
        "Nom : Sophie Martin\nDe : sophie@exemple.example\nCommande : 4521\n\nMerci",
    ],
    ids=["date-and-subject", "form", "from-without-address", "form-with-address"],
)
def test_field_like_lines_in_the_sender_text_are_kept(body: str) -> None:
    assert extract_reply(body).new_text == body


@pytest.mark.parametrize(
    "marker",
    [
        "---------- Forwarded message ---------",
        "-------- Message transféré --------",
        "Début du message réexpédié :",
        "Begin forwarded message:",
    ],
)
def test_forwarded_block_is_cut(marker: str) -> None:
    body = (
        f"Voici le message du transporteur.\n\n{marker}\n"
        "De : Transporteur <noreply@transport.example>\n"
        "Date : 3 février 2025 à 09:15\n"
        "Objet : Livraison\n"
        "À : sophie@exemple.example\n\n"
        "Votre colis a été livré.\n"
    )
    assert extract_reply(body).new_text == "Voici le message du transporteur."


@pytest.mark.parametrize(
    "marker",
    ["---------- Forwarded message ---------", "Début du message réexpédié :"],
)
def test_bare_forward_keeps_the_forwarded_text(marker: str) -> None:
    # Nothing above the marker: what is forwarded is what the sender sends us.
    body = (
        f"{marker}\nDe : Transporteur <noreply@transport.example>\n"
        "Date : 3 février 2025\nObjet : Livraison\nÀ : sophie@exemple.example\n\n"
        "Votre colis a été livré au point relais.\n"
    )
    assert extract_reply(body).new_text == "Votre colis a été livré au point relais."


def test_trailing_quote_block_is_dropped() -> None:
    assert extract_reply(f"{REPLY_EN}\n\n{QUOTED}\n").new_text == REPLY_EN


def test_interleaved_answers_keep_their_questions() -> None:
    body = (
        "Le 3 févr. 2025 à 09:15, SAV <sav@boutique.example> a écrit :\n"
        "> Quel est votre numéro de commande ?\n"
        "\n"
        "4521\n"
        "\n"
        "> Et votre adresse ?\n"
        "\n"
        "12 rue des Lilas, Lyon\n"
        "\n"
        "> Cordialement, le SAV\n"
    )
    assert extract_reply(body).new_text == (
        "4521\n\n> Et votre adresse ?\n\n12 rue des Lilas, Lyon"
    )


def test_bottom_posted_answer_after_a_quote_is_kept() -> None:
    body = (
        "On Mon, Jan 3, 2011 at 3:00 PM, Support wrote:\n> Any news?\n\nYes, it came."
    )
    assert extract_reply(body).new_text == "Yes, it came."


def test_quote_header_with_nothing_new_gives_empty_text() -> None:
    body = "Le 12 mars 2014 à 10:02, SAV a écrit :\n\nBonjour Madame, votre colis..."
    assert extract_reply(body).new_text == ""


@pytest.mark.parametrize(
    "delimiter", ["-- ", "--"], ids=["dash-dash-space", "dash-dash"]
)
def test_signature_after_delimiter_is_cut(delimiter: str) -> None:
    body = f"{REPLY_FR}\n\n{delimiter}\nSophie Martin\n06 12 34 56 78\n"
    assert extract_reply(body) == Reply(new_text=REPLY_FR)


def test_mobile_signature_inside_a_signature_block_is_reported() -> None:
    reply = extract_reply("Merci pour tout.\n-- \nEnvoyé de mon iPhone\n")
    assert reply == Reply("Merci pour tout.", mobile_signature="Envoyé de mon iPhone")


@pytest.mark.parametrize(
    "body",
    [
        "Voici mes trois points :\n-- le colis\n-- la facture\n-- le remboursement",
        "Here is the fix -- it is not a signature.\n\nBye",
        "Produit    Prix\n--------------------\nLampe      25 €\nTable      90 €\n\n"
        "Tous ces prix sont ceux de votre site au moment de la commande.",
    ],
    ids=["dash-list", "dashes-mid-line", "table-rule"],
)
def test_dashes_in_the_text_are_not_signatures(body: str) -> None:
    assert extract_reply(body).new_text == body


def test_short_tail_under_a_rule_is_a_signature() -> None:
    body = f"{REPLY_EN}\n----------\nSam Smith\nsam@example.example\n"
    assert extract_reply(body).new_text == REPLY_EN


@pytest.mark.parametrize(
    "signature",
    [
        "Envoyé de mon iPhone",
        "Envoyé depuis mon iPhone",
        "Envoyé de mon iPad",
        "Envoyé depuis mon Samsung Galaxy",
        "Envoyé depuis mon smartphone Samsung Galaxy.",
        "Envoyé de mon appareil Huawei",
        "Envoyé depuis Yahoo Mail pour Android",
        "Envoyé depuis Outlook pour iOS",
        "Envoyé depuis Outlook pour Android",
        "Obtenir Outlook pour Android",
        "Obtenir Outlook pour iOS",
        "Envoyé à partir de Courrier pour Windows",
        "Sent from my iPhone",
        "Sent from my iPad",
        "Sent from my Samsung Galaxy smartphone.",
        "Sent from my Android",
        "Sent from Yahoo Mail for iPhone",
        "Get Outlook for Android",
        "Get Outlook for iOS",
        "Sent from Mail for Windows",
        "Sent from my BlackBerry",
        "Von meinem iPhone gesendet",
        "Enviado desde mi iPhone",
    ],
)
def test_mobile_signature_is_cut_and_reported(signature: str) -> None:
    reply = extract_reply(f"Merci, bien reçu.\n\n{signature}\n")
    assert reply == Reply(new_text="Merci, bien reçu.", mobile_signature=signature)


@pytest.mark.parametrize(
    ("line", "reported"),
    [
        (
            "Obtenir Outlook pour iOS<https://aka.ms/exemple>",
            "Obtenir Outlook pour iOS",
        ),
        (
            "Get [Outlook for Android](https://aka.ms/example)",
            "Get Outlook for Android",
        ),
        ("(Sent from my iPhone)", "Sent from my iPhone"),
    ],
    ids=["angle-link", "markdown-link", "parentheses"],
)
def test_mobile_signature_is_reported_without_links(line: str, reported: str) -> None:
    assert extract_reply(f"Ok\n\n{line}").mobile_signature == reported


def test_only_a_mobile_signature_gives_empty_text() -> None:
    reply = extract_reply("Envoyé de mon iPhone")
    assert reply == Reply(new_text="", mobile_signature="Envoyé de mon iPhone")


def test_real_message_ending_with_a_mobile_signature_keeps_its_text() -> None:
    reply = extract_reply(
        "My parcel never came, please refund me.\n\nSent from my iPhone"
    )
    assert reply.new_text == "My parcel never came, please refund me."
    assert reply.mobile_signature == "Sent from my iPhone"


def test_mobile_signature_then_quote() -> None:
    body = (
        "mon numéro de suivi???\n\nEnvoyé de mon appareil Huawei\n\n"
        "Le 3 févr. 2025 à 09:15, SAV <sav@boutique.example> a écrit :\n> Bonjour\n"
    )
    assert extract_reply(body) == Reply(
        new_text="mon numéro de suivi???",
        mobile_signature="Envoyé de mon appareil Huawei",
    )


@pytest.mark.parametrize(
    "body",
    [
        "mon numéro de suivi???",
        "Sent from my desk, which is much easier than my phone.",
        "The notification was sent from my iPhone app to every user.",
        "Envoyé par courrier recommandé le 3 mars.",
        "Envoyé de Lyon le 3 mars, reçu le 10.",
        "On Monday I called your hotline.\nOn 3 occasions they hung up.",
        "On 3 May the replacement was sent\nbut it never arrived.",
        "Le 12 mars, j'ai commandé un canapé.\nLe livreur m'a écrit :\n"
        "« je passe demain »\nIl n'est jamais venu.",
        "Something wrote:\nthe driver left a note",
    ],
    ids=[
        "terse",
        "sent-from-my-desk",
        "sent-from-mid-sentence",
        "envoye-par-courrier",
        "envoye-de-lyon",
        "on-prose",
        "on-date-sent-prose",
        "le-prose",
        "wrote-without-date",
    ],
)
def test_plain_text_is_kept_whole(body: str) -> None:
    assert extract_reply(body) == Reply(new_text=body)


def test_code_block_is_kept_whatever_it_contains() -> None:
    body = (
        "Mon script :\n\n```\n--\n> pas une citation\nSent from my iPhone\n```\n\nFin."
    )
    assert extract_reply(body).new_text == body


def test_final_dash_name_signoff_is_dropped() -> None:
    assert extract_reply("Merci beaucoup.\n\n-Sophie").new_text == "Merci beaucoup."


def test_glued_quote_header_is_split_from_the_reply() -> None:
    body = "ok merci On Wed, Apr 4, 2012 at 3:59 PM, sav@boutique.example wrote:\n> Hi"
    assert extract_reply(body).new_text == "ok merci"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("", "", id="empty"),
        pytest.param(" \n\t\n ", "", id="whitespace"),
        pytest.param(
            "Bonjour,\r\n\r\nMon colis.\r\n\r\nEnvoyé de mon iPhone\r\n",
            "Bonjour,\n\nMon colis.",
            id="crlf",
        ),
        pytest.param("Bonjour,\rMon colis.", "Bonjour,\nMon colis.", id="lone-cr"),
        pytest.param("Bonjour   \nMon colis\t\n", "Bonjour\nMon colis", id="trailing"),
        pytest.param("\n\n\nA\n\n\n\n\nB\n\n\n", "A\n\nB", id="blank-runs"),
        pytest.param("\ufeffBonjour", "Bonjour", id="bom"),
    ],
)
def test_whitespace_is_normalised(body: str, expected: str) -> None:
    assert extract_reply(body).new_text == expected


def test_nul_bytes_are_removed() -> None:
    reply = extract_reply("Bon\x00jour\x00\n\nEnvoyé de mon iPhone\x00")
    assert reply == Reply(new_text="Bonjour", mobile_signature="Envoyé de mon iPhone")


@pytest.mark.parametrize(
    "body",
    [
        "\x00" * 1000,
        "\x07\x1b[31m\x7f\x85\u2028\u202e",
        "\ud800 lone surrogate",
        ">" * 5000,
        "-" * 5000,
        ("Le 3 mars 2025 " * 50 + "a écrit :\n") * 20,
        "On 1 Jan <a@b.example>\n" * 3000,
        "\n".join("> " * depth + "x" for depth in range(500)),
    ],
    ids=[
        "nul-only",
        "controls",
        "surrogate",
        "quote-marks",
        "dashes",
        "headers",
        "many",
        "deep",
    ],
)
def test_hostile_input_never_raises(body: str) -> None:
    assert isinstance(extract_reply(body).new_text, str)
    sender = forwarded_sender(body)
    assert sender is None or isinstance(sender, str)
    assert isinstance(is_signature_only(body, "Sophie Martin", "s@x.example"), bool)


def test_two_megabyte_body_is_cut_at_its_quote() -> None:
    paragraph = "Le colis est arrivé abîmé et le carton était ouvert. " * 20
    quoted = "\n".join(f"> ligne {n} de l'ancien message" for n in range(60_000))
    header = "Le 3 févr. 2025 à 09:15, SAV <sav@boutique.example> a écrit :"
    body = f"{paragraph}\n\n{header}\n{quoted}\n"
    assert len(body) > 2_000_000
    assert extract_reply(body).new_text == paragraph.strip()


def test_two_megabyte_body_of_plain_text_is_kept_whole() -> None:
    line = "Toujours aucune nouvelle de ma commande, merci de me rappeler."
    body = "\n".join([line] * 33_000)
    assert len(body) > 2_000_000
    assert extract_reply(body).new_text == body


def test_two_megabyte_single_line_is_kept() -> None:
    body = "a" * 2_000_000
    assert extract_reply(body).new_text == body


def test_mobile_signatures_are_data() -> None:
    # Extending the list is adding a (start, pattern) pair; starts filter lines cheaply.
    assert len(MOBILE_SIGNATURES) >= 20
    for start, pattern in MOBILE_SIGNATURES:
        assert start == start.lower()
        assert pattern.lower().startswith(start[:2]) or not pattern[:1].isalpha()


# --- what the rules ask of a body: a bare forward, a signature-only text ------------

SAV_MAIL = "Bonjour Madame,\nVotre colis a été expédié.\nLe service client\n"


@pytest.mark.parametrize(
    ("body", "sender"),
    [
        pytest.param(
            OUTLOOK_FR, "Service client <sav@boutique.example>", id="outlook-fr"
        ),
        pytest.param(
            "De\u00a0: SAV <sav@boutique.example>\nEnvoyé\u00a0: lundi 3 février 2025\n"
            f"À\u00a0: Sophie\nObjet\u00a0: RE: Commande\n\n{SAV_MAIL}",
            "SAV <sav@boutique.example>",
            id="outlook-fr-nbsp",
        ),
        pytest.param(
            "*De :* SAV <sav@boutique.example>\n*Envoyé :* lundi 3 février 2025\n"
            f"*À :* Sophie\n*Objet :* RE: Commande\n\n{SAV_MAIL}",
            "SAV <sav@boutique.example>",
            id="outlook-fr-bold",
        ),
        pytest.param(
            f"Obtenir Outlook pour Android\n\n{'_' * 32}\n{OUTLOOK_FR}",
            "Service client <sav@boutique.example>",
            id="outlook-app-rule",
        ),
        pytest.param(
            "\n\nEnvoyé depuis mon smartphone Samsung Galaxy.\n\n"
            "-------- Message d'origine --------\nDe : SAV <sav@boutique.example>\n"
            "Date : 03/02/2025 09:15 (GMT+01:00)\nÀ : sophie@exemple.example\n"
            f"Objet : Votre remboursement\n\n{SAV_MAIL}",
            "SAV <sav@boutique.example>",
            id="samsung-fr",
        ),
        pytest.param(
            "Sent from my Galaxy\n\n-------- Original message --------\n"
            "From: Support <help@shop.example>\nDate: 03/02/2025 09:15 (GMT+01:00)\n"
            "To: sam@example.example\nSubject: Your refund\n\nHello Sam,\n",
            "Support <help@shop.example>",
            id="samsung-en",
        ),
        pytest.param(
            "---------- Forwarded message ---------\n"
            "From: Shop <no-reply@shop.example>\nDate: Mon, Feb 3, 2025 at 9:15 AM\n"
            "Subject: Your order\nTo: <sam@x.example>\n\nThank you for your order.\n",
            "Shop <no-reply@shop.example>",
            id="gmail-forward-en",
        ),
        pytest.param(
            "-------- Message transféré --------\nSujet : Livraison\n"
            "Date : Mon, 3 Feb 2025 09:15:00 +0100\nDe : Transporteur <t@x.example>\n"
            f"Pour : sophie@exemple.example\n\n{SAV_MAIL}",
            "Transporteur <t@x.example>",
            id="thunderbird-fr",
        ),
        pytest.param(
            "Début du message réexpédié :\n\n"
            "De: Sophie Martin <sophie@exemple.example>\n"
            f"Objet: Réclamation\nDate: 3 février 2025\n\n{SAV_MAIL}",
            "Sophie Martin <sophie@exemple.example>",
            id="apple-fr",
        ),
        pytest.param(
            "---------- Forwarded message ---------\n\nVotre colis est livré.",
            "",
            id="marker-without-fields",
        ),
    ],
)
def test_bare_forward_names_who_sent_the_forwarded_mail(body: str, sender: str) -> None:
    assert forwarded_sender(body) == sender


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(f"Voici le mail du SAV.\n\n{OUTLOOK_FR}", id="comment-above-fr"),
        pytest.param(
            "See below.\n\n---------- Forwarded message ---------\nFrom: a@b.example\n"
            "\nHello\n",
            id="comment-above-en",
        ),
        pytest.param(
            "Nom : Sophie Martin\nCommande : 4521\n\nMon colis est cassé.", id="form"
        ),
        pytest.param(
            "Date : 12 mars 2025\nObjet : réclamation 4521\n\nMon colis est cassé.",
            id="date-and-subject",
        ),
        pytest.param(
            "Le 3 févr. 2025 à 09:15, SAV <sav@boutique.example> a écrit :\n"
            "> Bonjour\n",
            id="quote-header",
        ),
        pytest.param("> Bonjour\n\nMerci, bien reçu.", id="quote-then-answer"),
        pytest.param("Envoyé de mon iPhone", id="phone-signature-only"),
        pytest.param("", id="nothing"),
    ],
)
def test_no_bare_forward(body: str) -> None:
    assert forwarded_sender(body) is None


@pytest.mark.parametrize(
    ("text", "sender_name"),
    [
        pytest.param("-- \nSophie Martin\n06 12 34 56 78", "", id="dash-dash-fr"),
        pytest.param("--\nRoman", "", id="dash-dash-name"),
        pytest.param("Sophie Martin\n06 12 34 56 78", "", id="name-phone"),
        pytest.param(
            "Sophie Martin\nTél. : +33 6 12 34 56 78\n12 rue des Lilas\n69003 Lyon",
            "",
            id="name-phone-address",
        ),
        pytest.param("Cordialement,\nSophie", "", id="signoff-given-name"),
        pytest.param("Bien à vous,\nJ. Meyer", "", id="signoff-initial"),
        pytest.param("Cordialement", "", id="signoff-only"),
        pytest.param(
            "Kind regards,\nJohn Smith\n+44 20 7946 0958\njohn@example.example",
            "",
            id="en-block",
        ),
        pytest.param("Sophie", "Sophie Martin", id="sender-given-name"),
        pytest.param("G. Fontaine", "Gérard Fontaine", id="sender-initial"),
        pytest.param("MARTIN Sophie", "Sophie Martin", id="sender-capitals"),
    ],
)
def test_signature_only(text: str, sender_name: str) -> None:
    assert is_signature_only(text, sender_name, "someone@example.example")


@pytest.mark.parametrize(
    ("text", "sender_name"),
    [
        pytest.param("06 12 34 56 78", "", id="phone-alone-may-answer"),
        pytest.param("12 rue des Lilas, 69003 Lyon", "", id="address-alone"),
        pytest.param("4921 3307 1185", "", id="card-number"),
        pytest.param("Merci\nSophie Martin", "Sophie Martin", id="thanks-is-text"),
        pytest.param("Thanks!\nSam", "Sam Smith", id="thanks-is-text-en"),
        pytest.param("Rappelez-moi au 06 12 34 56 78", "", id="call-me-back"),
        pytest.param("Urgent\n06 12 34 56 78", "", id="word-and-phone"),
        pytest.param("Jean Dupont", "", id="a-name-alone"),
        pytest.param("Sophie", "", id="a-given-name-alone"),
        pytest.param(
            "--\nJe veux être remboursée de ma commande, elle est arrivée cassée.",
            "",
            id="sentence-under-dashes",
        ),
        pytest.param("Toujours rien", "", id="terse-fr"),
        pytest.param("Best price in town?", "", id="best-is-not-a-signoff"),
        pytest.param("Cordialement,\nmerci de me rappeler", "", id="signoff-then-text"),
    ],
)
def test_not_signature_only(text: str, sender_name: str) -> None:
    assert not is_signature_only(text, sender_name, "someone@example.example")


@pytest.mark.parametrize(
    ("text", "signed"),
    [
        ("Bonjour,\nMon bon ne marche pas.\n\nBonne journée,\nMélanie Moreau", True),
        ("Hi,\nMy card is refused.\n\nYours faithfully,\nMOREAU Mélanie", True),
        ("Bonjour Madame Moreau,\nVotre colis est parti.\n\nLe service client", False),
        ("Hello,\nYour points are waiting.\n\nThe Loyalty Team", False),
    ],
)
def test_signed_by_the_sender(text: str, signed: bool) -> None:
    sender = sender_words("Mélanie Moreau", "mmoreau@example.example")
    assert signed_by(text, sender) is signed
