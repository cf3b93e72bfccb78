"""Parsing hostile and realistic mail: the fixtures are files in tests/data/mail/.

Quote trimming is tests/test_reply.py's business; here `new_text` is only checked where
it is trivially the whole body.
"""

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from triage.mail import (
    content_hash_of,
    identify,
    parse_mail,
    read_reply_to,
    sanitise_filename,
)
from triage.records import Attachment, ParsedMail

DATA = Path(__file__).parent / "data" / "mail"
FIXTURES = sorted(path.name for path in DATA.iterdir())
ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def raw_of(name: str) -> bytes:
    return (DATA / name).read_bytes()


def parse(name: str) -> ParsedMail:
    return parse_mail(raw_of(name))


def strings_of(mail: ParsedMail) -> list[str]:
    """Every str a ParsedMail holds, attachments included."""
    found: list[str] = []
    pending: list[object] = list(dataclasses.astuple(mail))  # nested: tuples
    while pending:
        value = pending.pop()
        if isinstance(value, tuple):
            pending.extend(value)
        elif isinstance(value, str):
            found.append(value)
    return found


@pytest.mark.parametrize("name", FIXTURES)
def test_every_fixture_yields_storable_text(name: str) -> None:
    raw = raw_of(name)
    mail = parse_mail(raw)
    assert mail.content_hash == content_hash_of(raw)
    assert mail.size == len(raw)
    assert mail.date is None or ISO_UTC.fullmatch(mail.date)
    for text in strings_of(mail):
        assert "\x00" not in text
        text.encode("utf-8")  # a lone surrogate here would fail the SQLite insert


@pytest.mark.parametrize(
    ("name", "body"),
    [
        (
            "utf8-plain.eml",
            "Bonjour,\n\nMa commande n°4521 est arrivée cassée. Très déçue… 😡",
        ),
        (
            "latin1-qp.eml",
            "Le colis est arrivé abîmé, la boîte était déchirée "
            "et il manque la notice.",
        ),
        (
            "cp1252-8bit.eml",
            "Vous m\u2019avez facturé 49,90 € au lieu de 39,90 € \u2013 "
            "c\u2019est “inadmissible”…",
        ),
        (
            "cp1252-declared-latin1.eml",
            "Remboursé 10 € seulement, "
            "alors que l\u2019article “premium” coûtait 80 €.",
        ),
        (
            "utf8-declared-latin1.eml",
            "Délai de livraison dépassé de trois semaines, c\u2019est inacceptable.",
        ),
        (
            "undeclared-latin1.eml",
            "Reçu un article endommagé, je souhaite être remboursé.",
        ),
        (
            "undeclared-utf8.eml",
            "Reçu un article endommagé, je souhaite être remboursé.",
        ),
        (
            "unknown-charset.eml",
            "Le réfrigérateur ne refroidit plus depuis la livraison.",
        ),
        (
            "unknown-charset-latin1.eml",
            "Le réfrigérateur ne refroidit plus depuis la livraison.",
        ),
        ("undefined-charset.eml", "Toujours pas de réponse à ma demande."),
        (
            "base64-utf8.eml",
            "The parcel was left in the rain. Le carton était trempé, "
            "l\u2019écran est fichu.",
        ),
        (
            "iso-2022-jp.eml",  # 7-bit bytes, Japanese text
            "お世話になっております。\n注文番号4521の商品がまだ届いていません。\n"
            "確認をお願いします。",
        ),
        ("utf7.eml", "Le colis est arrivé abîmé, 20 € de frais de retour ?"),
    ],
)
def test_body_is_decoded_whatever_the_charset_claims(name: str, body: str) -> None:
    mail = parse(name)
    assert mail.parse_error is None
    assert mail.body_text == body


@pytest.mark.parametrize(
    "name", ["latin1-qp.eml", "cp1252-8bit.eml", "undeclared-utf8.eml"]
)
def test_new_text_of_a_one_line_message_is_the_whole_body(name: str) -> None:
    mail = parse(name)
    assert mail.new_text == mail.body_text


@pytest.mark.parametrize(
    ("name", "subject", "from_name"),
    [
        (
            "encoded-headers.eml",  # Q and B words, adjacent words across a fold
            "Réclamation à propos de la commande n° 4521",
            "Hélène Lévêque",
        ),
        (
            "broken-encoded-word.eml",  # Subject lacks "?=", From lacks "=" padding
            "Problème de livraison",
            "Françoise",
        ),
        (
            "encoded-word-unknown-charset.eml",
            "Remboursement refusé",
            "André Maréchal",
        ),
        (
            "8bit-headers-utf8.eml",
            "Réclamation \u2013 colis jamais reçu",
            "Zoé Lefèvre",
        ),
        ("8bit-headers-latin1.eml", "Facture erronée, déjà payée", "André Bérangère"),
        ("utf8-plain.eml", "Commande 4521 arrivée cassée", "Claire Martin"),
        ("iso-2022-jp.eml", "注文4521の商品が届きません", "山田太郎"),
        (
            "encoded-word-truncated-utf8.eml",  # the word ends inside "é"
            "Application bloqu\ufffd depuis hier",
            "Loïc Renaud",
        ),
    ],
)
def test_headers_are_decoded(name: str, subject: str, from_name: str) -> None:
    mail = parse(name)
    assert (mail.subject, mail.from_name) == (subject, from_name)


def test_addresses_are_lowercased_and_split() -> None:
    mail = parse("utf8-plain.eml")
    assert mail.from_addr == "claire.martin@example.fr"
    assert mail.to_addrs == ("sav@boutique.example", "retours@boutique.example")
    assert mail.cc_addrs == ("jean.dupont@example.fr",)


FORM_MAIL = (
    "From: Formulaire de contact <no-reply@fidelite.example>\n"
    "To: sav@fidelite.example\n"
    "{reply_to}"
    "Subject: [Contact] Points manquants\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "\n"
    "Nom : Dupont\n"
)


@pytest.mark.parametrize(
    ("header", "reply_to", "name"),
    [
        (
            "Marie Dupont <Marie.Dupont@Example.com>",
            "marie.dupont@example.com",
            "Marie Dupont",
        ),
        (
            "=?utf-8?q?Zo=C3=A9_Lef=C3=A8vre?= <zoe@example.fr>",
            "zoe@example.fr",
            "Zoé Lefèvre",
        ),
        ('"Dupont, Marie" <marie@example.com>', "marie@example.com", "Dupont, Marie"),
        ("Zoé Lefèvre <zoe@example.fr>", "zoe@example.fr", "Zoé Lefèvre"),  # 8-bit
        ("marie@example.com", "marie@example.com", ""),
        (
            "Marie <marie@example.com>, Paul <paul@example.com>",
            "marie@example.com",
            "Marie",
        ),
        ("voir ci-dessous", None, ""),  # no address to reply to
        ("<>", None, ""),
        ("", None, ""),
    ],
)
def test_reply_to_is_the_first_address_and_its_name(
    header: str, reply_to: str | None, name: str
) -> None:
    raw = FORM_MAIL.format(reply_to=f"Reply-To: {header}\n").encode()
    mail = parse_mail(raw)
    assert mail.parse_error is None
    assert (mail.reply_to, mail.reply_to_name) == (reply_to, name)
    assert mail.from_addr == "no-reply@fidelite.example"
    # The header alone, as migration m009 reads stored mail, says the same.
    assert read_reply_to(raw.split(b"\n\n")[0] + b"\n\n") == (reply_to, name)


def test_no_reply_to_is_none() -> None:
    raw = FORM_MAIL.format(reply_to="").encode()
    assert (parse_mail(raw).reply_to, parse_mail(raw).reply_to_name) == (None, "")
    assert read_reply_to(raw) == (None, "")


@pytest.mark.parametrize("head", [b"", b"\x00\xff\xfe garbage", b"Reply-To"])
def test_reply_to_of_a_broken_header_is_none(head: bytes) -> None:
    assert read_reply_to(head) == (None, "")


def test_list_and_auto_reply_headers_are_kept() -> None:
    mail = parse("auto-reply.eml")
    assert mail.auto_submitted == "auto-replied"
    assert mail.x_autoreply == "yes"
    assert mail.precedence == "bulk"
    assert mail.list_id == "Clients <clients.boutique.example>"
    assert mail.list_unsubscribe == "<mailto:unsubscribe@boutique.example>"
    assert mail.in_reply_to == "<reponse-sav-1@boutique.example>"
    assert mail.references == (
        "<commande-4521@boutique.example>",
        "<reponse-sav-1@boutique.example>",
    )


def test_html_only_message_reads_as_text_with_its_list_and_table() -> None:
    mail = parse("html-only.eml")
    lines = [line.split() for line in mail.body_text.splitlines()]
    assert mail.html_only is True
    assert mail.content_type == "text/html"
    assert ["*", "Chaise", "pliante"] in lines
    assert ["*", "Table", "basse"] in lines
    assert ["Référence", "Quantité"] in lines
    assert ["CH-204", "2"] in lines
    assert "Merci d\u2019avance." in mail.body_text
    assert "<" not in mail.body_text


def test_html_script_and_style_do_not_reach_the_text() -> None:
    body = parse("html-only.eml").body_text
    assert "SECRET-SCRIPT" not in body
    assert "color" not in body


def test_alternative_prefers_the_plain_part() -> None:
    mail = parse("alternative.eml")
    assert mail.body_text == "Version texte : le colis est en retard."
    assert mail.html_only is False


def test_alternative_with_blank_plain_part_reads_the_html() -> None:
    mail = parse("alternative-empty-plain.eml")
    assert mail.body_text.strip() == "Le colis est en retard depuis dix jours."
    assert mail.html_only is True


@pytest.mark.parametrize("name", ["mixed-pdf.eml", "crlf-mixed-pdf.eml"])
def test_pdf_attachment_is_listed_with_its_decoded_size(name: str) -> None:
    mail = parse(name)
    assert mail.body_text == "Veuillez trouver la facture ci-jointe."
    assert mail.attachments == (
        Attachment("facture-4521.pdf", "application/pdf", 2000, inline=False),
    )


def test_inline_image_is_an_inline_attachment() -> None:
    mail = parse("inline-image.eml")
    assert mail.body_text == "Voir la photo du carton :"
    assert mail.attachments == (
        Attachment("carton.png", "image/png", 300, inline=True),
    )


def test_related_inside_alternative_keeps_the_plain_part_only() -> None:
    mail = parse("related-in-alternative.eml")
    assert mail.body_text == "Texte brut : la photo montre le carton ecrase."
    assert mail.html_only is False


def test_related_inside_alternative_without_plain_reads_html_and_image() -> None:
    mail = parse("related-in-alternative-no-plain.eml")
    assert mail.body_text == "Texte HTML : la photo montre le carton."
    assert mail.html_only is True
    assert mail.attachments == (Attachment("photo.png", "image/png", 300, inline=True),)


def test_hostile_attachment_names_are_sanitised() -> None:
    names = [a.filename for a in parse("hostile-filenames.eml").attachments]
    assert names == [
        "passwd",  # ../../etc/passwd
        "win.ini",  # ..\..\Windows\win.ini
        "devis_[31m_rouge_fin.pdf",  # ESC, BEL and TAB
        "réclamation n° 2.pdf",  # RFC 2231
        "bon de retour.pdf",  # RFC 2231 continuations hiding ../../
        "facture_fdp.exe",  # U+202E right-to-left override
        "bashrc",  # hidden dot file
        "attachment",  # ".." alone
        "facture_été.pdf",  # raw 8-bit UTF-8
        "bon de commande été.pdf",  # RFC 2047 word hiding ../
        "crème brûlée.pdf",  # RFC 2231 with raw 8-bit UTF-8 in it
    ]


def _inner_message(raw: bytes, start: bytes, boundary: bytes) -> bytes:
    return raw[raw.index(start) : raw.index(b"\n--" + boundary + b"--")]


def test_forwarded_message_is_an_attachment_not_body_text() -> None:
    raw = raw_of("forwarded-rfc822.eml")
    mail = parse_mail(raw)
    size = len(_inner_message(raw, b"From: transport@", b"MIX"))
    assert mail.body_text == "Je vous transfere le message du transporteur."
    assert mail.attachments == (
        Attachment("Livraison reportée.eml", "message/rfc822", size, inline=False),
    )


def test_bounce_reads_the_notice_and_attaches_the_returned_message() -> None:
    raw = raw_of("bounce-report.eml")
    mail = parse_mail(raw)
    size = len(_inner_message(raw, b"From: sav@", b"BOUNCE"))
    assert mail.content_type == "multipart/report"
    assert mail.body_text.endswith("said: 550 5.1.1 User unknown")
    assert "ORIGINAL-BODY" not in mail.body_text
    assert mail.attachments == (
        Attachment("Votre remboursement.eml", "message/rfc822", size, inline=False),
    )


def test_multipart_without_boundary_is_read_as_text() -> None:
    mail = parse("multipart-no-boundary.eml")
    assert mail.body_text == "Le texte est quand meme la."
    assert mail.attachments == ()


def test_mime_bomb_stops_at_the_depth_limit() -> None:
    mail = parse("nested-deep.eml")
    assert mail.parse_error is None
    assert mail.subject == "Commande 4521"
    assert mail.body_text == ""  # 50 levels deep, past the limit of 30


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("date-offset.eml", "2025-03-04T03:30:00Z"),  # -0500, next day in UTC
        ("date-missing-received.eml", "2025-03-05T09:00:05Z"),  # newest Received
        ("date-garbage-received.eml", "2025-03-06T08:00:00Z"),
        ("date-garbage.eml", None),
        ("date-naive.eml", "2025-03-06T14:00:00Z"),  # no zone: taken as UTC
    ],
)
def test_date_is_utc(name: str, date: str | None) -> None:
    assert parse(name).date == date


@pytest.mark.parametrize(
    ("name", "message_id"),
    [
        ("utf8-plain.eml", "<20250304091500.4521@mail.example.fr>"),
        ("message-id-missing.eml", None),
        ("message-id-no-brackets.eml", "<1741269600.77@webmail.example.fr>"),
        ("message-id-folded.eml", "<CAFolded+123=abc@mail.example.fr>"),
        ("message-id-spaces-inside.eml", "<spaced.42@example.fr>"),
    ],
)
def test_message_id(name: str, message_id: str | None) -> None:
    assert parse(name).message_id == message_id


def test_nul_bytes_are_dropped_from_headers_and_body() -> None:
    mail = parse("nul-bytes.eml")
    assert mail.from_name == "Jean Dupont"
    assert mail.from_addr == "jean.dupont@example.fr"
    assert mail.to_addrs == ("sav@boutique.example",)
    assert mail.subject == "Colis perdu"
    assert mail.message_id == "<nulbytes@example.fr>"
    assert mail.content_type == "text/plain"
    assert mail.body_text.startswith("Mon colis")
    assert "\x00" not in mail.body_text


def test_truncated_multipart_keeps_what_arrived() -> None:
    raw = raw_of("truncated-multipart.eml")
    mail = parse_mail(raw)
    base64_text = raw.rsplit(b"\n\n", 1)[1].replace(b"\n", b"")
    assert mail.parse_error is None
    assert mail.subject == "Commande 4521"
    assert mail.body_text == "Le bon de retour est en piece jointe."
    assert mail.attachments == (
        Attachment("bon-de-retour.pdf", "application/pdf", len(base64_text) * 3 // 4),
    )


def test_binary_garbage_is_flagged_not_raised() -> None:
    raw = raw_of("binary-garbage.bin")
    mail = parse_mail(raw)
    assert mail.parse_error == "no message headers found: not an e-mail message"
    assert mail.content_hash == content_hash_of(raw)
    assert (mail.subject, mail.body_text, mail.attachments) == ("", "", ())


@pytest.mark.parametrize("raw", [b"", b"\n", b"\r\n\r\n", b"   "])
def test_empty_input_is_flagged(raw: bytes) -> None:
    mail = parse_mail(raw)
    assert mail.parse_error is not None
    assert mail.content_hash == content_hash_of(raw)
    assert mail.size == len(raw)


def test_five_megabyte_body_is_parsed_whole() -> None:
    line = "Je répète : la machine à laver fuit toujours après la réparation.\n"
    count = 5 * 1024 * 1024 // len(line.encode()) + 1
    raw = (
        b"From: client@example.fr\nSubject: Fuite\n"
        b"Content-Type: text/plain; charset=utf-8\n\n" + (line * count).encode()
    )
    mail = parse_mail(raw)
    assert len(raw) > 5 * 1024 * 1024
    assert mail.parse_error is None
    assert mail.body_text == (line * count).rstrip("\n")


def _with_transport_headers(raw: bytes) -> bytes:
    return (
        b"Delivered-To: sav@boutique.example\n"
        b"Received: from mx2.boutique.example by imap.boutique.example;"
        b" Tue, 04 Mar 2025 09:16:02 +0100\n"
        b"X-Spam-Score: 0.3\n" + raw
    )


@pytest.mark.parametrize(
    "copy",
    [
        _with_transport_headers,
        lambda raw: raw.replace(b"\n", b"\r\n"),
        lambda raw: _with_transport_headers(raw).replace(b"\n", b"\r\n") + b"\r\n",
    ],
    ids=["transport-headers", "crlf", "both"],
)
def test_content_hash_ignores_transport_headers_and_line_endings(
    copy: Callable[[bytes], bytes],
) -> None:
    raw = raw_of("utf8-plain.eml")
    assert parse_mail(copy(raw)).content_hash == parse_mail(raw).content_hash


def test_content_hash_differs_for_another_body() -> None:
    raw = raw_of("utf8-plain.eml")
    other = raw.replace("cassée. Très".encode(), "rayée. Très".encode())
    assert other != raw
    assert content_hash_of(other) != content_hash_of(raw)


# The same message as a Maildir file (or IMAP) holds it, and as an mbox file does:
# body lines starting with "From " escaped with a ">" (mboxrd: ">From " too).
MAILDIR_COPY = (
    b"From: client@example.fr\nTo: sav@boutique.example\nSubject: Retour\n"
    b"Date: Tue, 04 Mar 2025 09:15:00 +0100\n\n"
    b"From here on I deal with your service by registered mail only.\n"
    b"> From: sav@boutique.example\n"
    b">From your last message:\n"
    b"From 2025 on, no more orders.\n"
)
MBOXRD_COPY = MAILDIR_COPY.replace(b"\n>From ", b"\n>>From ").replace(
    b"\nFrom ", b"\n>From "
)
MBOXO_COPY = MAILDIR_COPY.replace(b"\nFrom ", b"\n>From ")


@pytest.mark.parametrize(
    "copy",
    [MBOXRD_COPY, MBOXO_COPY, MBOXRD_COPY.replace(b"\n", b"\r\n") + b"\r\n"],
    ids=["mboxrd", "mboxo", "mboxrd-crlf"],
)
def test_content_hash_ignores_mbox_from_escaping(copy: bytes) -> None:
    assert copy.count(b"\n>From ") >= 2
    assert identify(copy).content_hash == identify(MAILDIR_COPY).content_hash


def test_content_hash_of_an_escaped_body_still_differs_for_another_body() -> None:
    other = MBOXRD_COPY.replace(b">From 2025 on", b">From 2026 on")
    assert other != MBOXRD_COPY
    assert identify(other).content_hash != identify(MAILDIR_COPY).content_hash


def test_mbox_from_escaping_is_undone_for_the_hash_only() -> None:
    assert parse_mail(MBOXO_COPY).body_text.endswith("\n>From 2025 on, no more orders.")


# No Message-ID: the content hash alone tells these messages apart.
FOLDED_SUBJECT = (
    b"From: client@example.fr\nTo: sav@boutique.example\n"
    b"Date: Tue, 04 Mar 2025 09:15:00 +0100\n"
    b"Subject: Refund for order 4521 still not\n"
    b" received after three weeks\n"
    b"Received: from mx.boutique.example\n by imap.boutique.example\n\n"
    b"Please see to it.\n"
)


@pytest.mark.parametrize(
    "other",
    [
        FOLDED_SUBJECT.replace(b" received after three", b" received after four"),
        FOLDED_SUBJECT.replace(
            b"To: sav@boutique.example\n",
            b"To: sav@boutique.example,\n direction@boutique.example\n",
        ),
    ],
    ids=["subject-continuation", "to-continuation"],
)
def test_content_hash_reads_folded_header_lines(other: bytes) -> None:
    assert identify(other).content_hash != identify(FOLDED_SUBJECT).content_hash


@pytest.mark.parametrize(
    "copy",
    [
        FOLDED_SUBJECT.replace(b"\n", b"\r\n"),
        FOLDED_SUBJECT.replace(b"order 4521 still not\n", b"order\n\t4521  still not "),
        FOLDED_SUBJECT.replace(b"not\n received", b"not received"),  # not folded
        FOLDED_SUBJECT.replace(b"\n by imap", b"\n by imap2"),  # a transport header
    ],
    ids=["crlf", "refolded", "unfolded", "transport-continuation"],
)
def test_content_hash_ignores_where_a_header_is_folded(copy: bytes) -> None:
    assert copy != FOLDED_SUBJECT
    assert identify(copy).content_hash == identify(FOLDED_SUBJECT).content_hash


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (None, "attachment"),
        ("", "attachment"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\claire\\photo.jpg", "photo.jpg"),
        ("...", "attachment"),
        ("rapport\x1b]0;titre\x07.pdf", "rapport_]0;titre_.pdf"),
        ("photo\u202egpj.exe", "photo_gpj.exe"),
        ("=?utf-8?Q?caf=C3=A9.pdf?=", "café.pdf"),
        ("x" * 300, "x" * 200),
    ],
)
def test_sanitise_filename(name: str | None, expected: str) -> None:
    assert sanitise_filename(name) == expected
