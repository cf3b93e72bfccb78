"""Deterministic generator of the demo mailbox and of its ground truth.

`python -m triage.sample.generate [OUTDIR]` writes `OUTDIR/mailbox.mbox` and
`OUTDIR/expected.json` (OUTDIR defaults to this package's directory, where both files
are committed). Run it again and the bytes are identical: one `random.Random(SEED)` is
drawn in code order, every date is written out here, weekday and month names come from
tables rather than `strftime` (locale), nothing reads the clock, and output is sorted.

Why generate instead of collecting real mail: real complaints carry personal data, and a
generator keeps the ground truth (labels, tone, case) next to the text that justifies
it, so a reviewer can check one against the other. The mail is fictional: the company
is "Maison Lumen" (example-shop.fr), the customers use common consumer domains, and the
mailbox is `service.fidelite@example-shop.fr`, read by one agent who answered only in
the week of 2-6 November (her answers are quoted and referenced, never in the mailbox).

The mbox is mboxrd: a body line matching `^>*From ` gets one more `>`. Messages are
built with the stdlib `email` package (compat32 `Message` objects, so headers are written
exactly as given: encoded words, a lying charset and a broken encoded word survive).

expected.json, for every message in mbox order:
- `message_id` (null for the one message without; it then also has `subject`),
  `date` (ISO 8601), `from` (the address as written), `lang` ("fr", "en", or null when
  there is no text at all).
- `labels`: what a correct labeller gives. `empty`: no new text of the customer's own
  once quotes, signatures and whitespace are gone, and no attachment. `sent-from-phone`:
  the only new text is a mobile signature (always with `empty`). `terse`: new text
  without greeting that is a fragment of a few words. `vague`: cannot be acted on
  without asking something back; `missing` then says what (empty mail asks nothing,
  so it is never also vague). `repeat-sender`: the normalised (lower-cased) address
  sent >= 3 messages within 14 days. `escalating`: tone >= 2 and above the tone of
  that address's first message. `auto-reply`, `bounce`, `newsletter`: machine mail.
  `repeat-sender` and `escalating` are computed below from the per-message data, never
  typed by hand, and the scenarios are built so that no reading of the definitions
  changes them (counting machine mail or not, grouping by address or by customer).
- `tone`: 0 courteous or neutral (also empty mail, and capitals written politely), 1
  impatient or curt (greeting dropped, "toujours rien", reproach), 2 angry (shouting
  capitals, "!!!" or "???", "inadmissible"), 3 threatening (lawyer, consumer
  associations, press, social networks, bank chargeback). Null for machine mail.
- `case`: the key of the customer's matter, or null for mail that comes from no
  customer (the bounce, newsletters). A customer's out-of-office reply belongs to that
  customer's case. Keys are numbered by first message: `c001-...`.
"""

# Mail bodies keep the long paragraph lines that real mail clients send (webmail
# does not wrap; quoted-printable does it on the wire), so line length is not checked,
# and the curly quotes that Outlook types are the point of the windows-1252 mail.
# ruff: noqa: E501, RUF001

import base64
import json
import quopri
import random
import re
import struct
import sys
import textwrap
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.base64mime import header_encode as _b_encoded_word
from email.generator import BytesGenerator
from email.message import Message
from email.policy import compat32
from email.quoprimime import header_encode as _q_encoded_word
from email.utils import format_datetime, formataddr
from io import BytesIO
from pathlib import Path

SEED = 20261102
MAILBOX = "service.fidelite@example-shop.fr"
AGENT = "Service Fidélité Maison Lumen"
# CET: daylight saving time ended on 25 October 2026, so all of November is +0100.
PARIS = timezone(timedelta(hours=1))
LABELS = (
    "empty",
    "sent-from-phone",
    "terse",
    "vague",
    "repeat-sender",
    "escalating",
    "auto-reply",
    "bounce",
    "newsletter",
)
_MACHINE = frozenset({"auto-reply", "bounce", "newsletter"})
_REPEAT_WINDOW = timedelta(days=14)

_DAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAYS_FR = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
_DAYS_FR_LONG = (
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
)
_MONTHS_EN = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_MONTHS_FR = (
    [
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ],
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
)
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_FROM_LINE = re.compile(rb"^>*From ")
_CLIENT_HEADERS = {
    "iphone": ("X-Mailer", "iPhone Mail (22B91)"),
    "outlook": ("X-Mailer", "Microsoft Outlook 16.0"),
    "thunderbird": (
        "User-Agent",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 "
        "Thunderbird/128.4.2",
    ),
}


@dataclass(frozen=True, slots=True)
class Person:
    """A sender: display name (None for a bare address) and address as written."""

    name: str | None
    addr: str
    name_charset: str = "utf-8"
    name_encoding: str = "q"

    @property
    def domain(self) -> str:
        return self.addr.rsplit("@", 1)[1].lower()

    def header(self) -> str:
        """The From header value, RFC 2047-encoded when the name is not ASCII."""
        if self.name is None:
            return self.addr
        if self.name.isascii():
            return formataddr((self.name, self.addr))
        name = _encode_header(self.name, self.name_charset, self.name_encoding)
        return f"{name} <{self.addr}>"


@dataclass(frozen=True, slots=True)
class Answer:
    """A message someone quotes: mostly the agent's answers, which are not in the box."""

    message_id: str
    when: datetime
    subject: str
    to: Person
    text: str
    author: str = AGENT
    author_addr: str = MAILBOX


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes = field(repr=False)


@dataclass(slots=True)
class _Item:
    """One generated message and what a correct reader should make of it."""

    when: datetime
    envelope: str
    raw: bytes
    message_id: str | None
    sender: str
    subject: str | None
    labels: set[str]
    tone: int | None
    case: str | None
    lang: str | None
    missing: str | None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class _Case:
    slug: str
    customer: str
    matter: str


def _body(text: str) -> str:
    """Source-indented mail text to the text itself, ending with one newline."""
    return textwrap.dedent(text).strip("\n") + "\n"


def _encode_header(text: str, charset: str = "utf-8", encoding: str = "q") -> str:
    """RFC 2047 encoded words short enough to share a line with `Subject: `; ASCII
    text stays as it is."""
    if text.isascii():
        return text
    encode = _q_encoded_word if encoding == "q" else _b_encoded_word
    words: list[str] = []
    chunk = ""
    # Spaces between encoded words are dropped by decoders, so each space travels
    # inside the word before it.
    for token in re.findall(r"\S+\s*", text):
        if chunk and len(encode((chunk + token).encode(charset), charset)) > 64:
            words.append(encode(chunk.encode(charset), charset))
            chunk = ""
        chunk += token
    words.append(encode(chunk.encode(charset), charset))
    return " ".join(words)


def _at(when: str) -> tuple[int, int, int]:
    """'05 14:02' (day of November 2026, time in Paris) to (day, hour, minute)."""
    day, clock = when.split()
    hour, minute = clock.split(":")
    return int(day), int(hour), int(minute)


def _quoted(text: str) -> str:
    return "\n".join(
        f"> {line}" if line else ">" for line in text.rstrip("\n").split("\n")
    )


def _hm(when: datetime) -> str:
    return f"{when.hour:02d}:{when.minute:02d}"


def _en_clock(when: datetime) -> str:
    hour = when.hour % 12 or 12
    return f"{hour}:{when.minute:02d} {'AM' if when.hour < 12 else 'PM'}"


def quote_gmail_fr(a: Answer, *, wrapped: bool = False) -> str:
    """Gmail in French; `wrapped` reproduces Gmail breaking the attribution line."""
    day = f"{_DAYS_FR[a.when.weekday()]} {a.when.day} {_MONTHS_FR[0][a.when.month - 1]}"
    head = f"Le {day} {a.when.year} à {_hm(a.when)}, {a.author} <{a.author_addr}> a"
    head += "\nécrit :" if wrapped else " écrit :"
    return f"{head}\n\n{_quoted(a.text)}\n"


def quote_apple_fr(a: Answer) -> str:
    """Apple Mail on a Mac: attribution line, blank line, quoted text."""
    day = f"{a.when.day} {_MONTHS_FR[0][a.when.month - 1]} {a.when.year}"
    head = f"Le {day} à {_hm(a.when)}, {a.author} <{a.author_addr}> a écrit :"
    return f"{head}\n\n{_quoted(a.text)}\n"


def quote_iphone_fr(a: Answer) -> str:
    """Mail on iOS quotes its own attribution line."""
    day = f"{a.when.day} {_MONTHS_FR[0][a.when.month - 1]} {a.when.year}"
    head = f"Le {day} à {_hm(a.when)}, {a.author} <{a.author_addr}> a écrit :"
    return _quoted(f"{head}\n\n{a.text}") + "\n"


def quote_thunderbird_fr(a: Answer) -> str:
    head = f"Le {a.when:%d/%m/%Y} à {_hm(a.when)}, {a.author} a écrit :"
    return f"{head}\n{_quoted(a.text)}\n"


def quote_outlook_fr(a: Answer) -> str:
    """Outlook desktop: nothing is quoted, a header block marks the old message."""
    sent = (
        f"{_DAYS_FR_LONG[a.when.weekday()]} {a.when.day} "
        f"{_MONTHS_FR[1][a.when.month - 1]} {a.when.year} {_hm(a.when)}"
    )
    return (
        "-----Message d'origine-----\n"
        f"De : {a.author} [mailto:{a.author_addr}]\n"
        f"Envoyé : {sent}\n"
        f"À : {a.to.addr}\n"
        f"Objet : {a.subject}\n\n"
        f"{a.text}"
    )


def quote_outlook_web_fr(a: Answer) -> str:
    sent = (
        f"{_DAYS_FR_LONG[a.when.weekday()]} {a.when.day} "
        f"{_MONTHS_FR[1][a.when.month - 1]} {a.when.year} {_hm(a.when)}"
    )
    return (
        "________________________________\n"
        f"De : {a.author} <{a.author_addr}>\n"
        f"Envoyé : {sent}\n"
        f"À : {a.to.addr} <{a.to.addr}>\n"
        f"Objet : {a.subject}\n\n"
        f"{a.text}"
    )


def quote_gmail_en(a: Answer) -> str:
    day = (
        f"{_DAYS_EN[a.when.weekday()]}, {_MONTHS_EN[a.when.month - 1]} "
        f"{a.when.day}, {a.when.year}"
    )
    head = f"On {day} at {_en_clock(a.when)}, {a.author} <{a.author_addr}> wrote:"
    return f"{head}\n\n{_quoted(a.text)}\n"


def quote_iphone_en(a: Answer) -> str:
    day = f"{a.when.day} {_MONTHS_EN[a.when.month - 1]} {a.when.year}"
    head = f"On {day}, at {_hm(a.when)}, {a.author} <{a.author_addr}> wrote:"
    return _quoted(f"{head}\n\n{a.text}") + "\n"


def _html_of(text: str) -> str:
    """The HTML half that webmail adds next to what the customer typed."""
    lines = []
    for line in text.rstrip("\n").split("\n"):
        escaped = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        lines.append(f"<div>{escaped or '<br>'}</div>")
    return '<div dir="ltr">\n' + "\n".join(lines) + "\n</div>\n"


def _fill_text(
    part: Message, text: str, subtype: str, charset: str, cte: str, declared: str | None
) -> Message:
    """Make `part` a text part whose bytes are `text` in `charset`, labelled with
    `declared` (which may lie, or be None: no charset parameter at all)."""
    data = text.encode(charset)
    if cte == "auto":
        cte = "7bit" if data.isascii() else "quoted-printable"
    part["Content-Type"] = f"text/{subtype}" + (
        f'; charset="{declared}"' if declared else ""
    )
    part["Content-Transfer-Encoding"] = cte
    if cte == "quoted-printable":
        part.set_payload(quopri.encodestring(data).decode("ascii"))
    elif cte == "base64":
        part.set_payload(base64.encodebytes(data).decode("ascii"))
    else:
        # 7bit/8bit: the generator writes surrogate-escaped bytes back unchanged.
        part.set_payload(data.decode("ascii", "surrogateescape"))
    return part


def _text_part(
    text: str, subtype: str, charset: str, cte: str, declared: str | None
) -> Message:
    return _fill_text(Message(), text, subtype, charset, cte, declared)


def _attachment_part(attachment: Attachment) -> Message:
    part = Message()
    part["Content-Type"] = f'{attachment.content_type}; name="{attachment.filename}"'
    part["Content-Disposition"] = f'attachment; filename="{attachment.filename}"'
    part["Content-Transfer-Encoding"] = "base64"
    part.set_payload(base64.encodebytes(attachment.data).decode("ascii"))
    return part


def _flatten(message: Message) -> bytes:
    out = BytesIO()
    BytesGenerator(out, mangle_from_=False, policy=compat32).flatten(message)
    raw = out.getvalue()
    return raw if raw.endswith(b"\n") else raw + b"\n"


def receipt_pdf() -> bytes:
    """A one-page PDF till receipt, a few hundred bytes, with a valid xref table."""
    lines = (
        "MAISON LUMEN - Lille Grand Place",
        "Ticket 0212-2026-10-31-0388  31/10/2026 16:42",
        "1 Bougie Ambre 220g ......... 34,90",
        "1 Abat-jour lin 30cm ........ 49,00",
        "TOTAL EUR ................... 83,90",
        "Carte fidelite FID 4921 1163 0951",
    )
    text = "BT /F1 9 Tf 14 TL 16 280 Td " + " ".join(f"({s}) '" for s in lines) + " ET"
    objects = (
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 320] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",
    )
    pdf = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += f"{number} 0 obj\n{body}\nendobj\n".encode("ascii")
    xref = len(pdf)
    pdf += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    pdf += b"".join(f"{offset:010d} 00000 n \n".encode("ascii") for offset in offsets)
    pdf += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode("ascii")
    return pdf


def photo_jpeg(rng: random.Random) -> bytes:
    """A valid baseline JPEG of one grey 8x8 block, padded with a comment and EXIF-ish
    noise so that it weighs what a thumbnail would."""

    def segment(marker: int, payload: bytes) -> bytes:
        return struct.pack(">HH", marker, len(payload) + 2) + payload

    # One Huffman code of length 1 per table: DC difference 0, then end of block.
    huffman = bytes([1] + [0] * 15) + b"\x00"
    noise = bytes(rng.randrange(256) for _ in range(160))
    return b"".join(
        (
            b"\xff\xd8",
            segment(0xFFE0, b"JFIF\x00\x01\x01\x00\x00\x48\x00\x48\x00\x00"),
            segment(0xFFE1, b"Exif\x00\x00" + noise),
            segment(0xFFFE, b"IMG_4821 - lampe Arc recue cassee"),
            segment(0xFFDB, b"\x00" + bytes([1] * 64)),
            segment(0xFFC0, b"\x08\x00\x08\x00\x08\x01\x01\x11\x00"),
            segment(0xFFC4, b"\x00" + huffman),
            segment(0xFFC4, b"\x10" + huffman),
            segment(0xFFDA, b"\x01\x01\x00\x00\x3f\x00"),
            b"\x3f",  # DC code 0, EOB code 0, padded with ones
            b"\xff\xd9",
        )
    )


class Mailbox:
    """Collects generated messages, the agent's answers and the cases."""

    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self._items: list[_Item] = []
        self._cases: dict[str, _Case] = {}
        self._message_ids: set[str] = set()
        self._names: dict[str, str] = {}
        self._boundaries = 0

    # -- building blocks -------------------------------------------------------------

    def when(self, at: str) -> datetime:
        day, hour, minute = _at(at)
        return datetime(
            2026, 11, day, hour, minute, self.rng.randrange(60), tzinfo=PARIS
        )

    def _token(self, length: int, alphabet: str = _ALNUM) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(length))

    def message_id(self, domain: str, when: datetime, style: str = "") -> str:
        """A fresh Message-ID on `domain`, shaped like the sender's client makes them."""
        if style == "apple":
            hexa = f"{self.rng.getrandbits(128):032X}"
            local = "-".join(
                (hexa[:8], hexa[8:12], hexa[12:16], hexa[16:20], hexa[20:])
            )
        elif domain == "gmail.com":
            local = f"CA{self._token(10)}+{self._token(24)}={self._token(6)}"
        elif domain.startswith(("outlook.", "hotmail.")):
            local = f"AM{self._token(2, '0123456789')}PR0{self._token(16)}"
        elif domain.startswith("yahoo."):
            digits = "0123456789"
            local = ".".join(
                (
                    self._token(9, digits),
                    self._token(7, digits),
                    self._token(13, digits),
                )
            )
        else:
            local = f"{when:%Y%m%d%H%M%S}.{self.rng.getrandbits(40):010x}"
        message_id = f"<{local}@{domain}>"
        assert message_id not in self._message_ids, message_id
        self._message_ids.add(message_id)
        return message_id

    def boundary(self) -> str:
        self._boundaries += 1
        return f"----=_Part_{self._boundaries:03d}_{self.rng.getrandbits(48):012x}"

    def case(self, slug: str, customer: str, matter: str) -> str:
        assert slug not in self._cases, slug
        self._cases[slug] = _Case(slug, customer, matter)
        return slug

    def quotable(self, message_id: str | None) -> Answer:
        """A customer's own earlier message, as their client quotes it."""
        item = next(i for i in self._items if i.message_id == message_id)
        assert item.subject is not None and item.text is not None and message_id
        return Answer(
            message_id,
            item.when,
            item.subject,
            Person(None, MAILBOX),
            item.text,
            author=self._names.get(item.sender, item.sender),
            author_addr=item.sender,
        )

    def answer(self, to: Person, at: str, subject: str, text: str) -> Answer:
        """An answer the agent sent (she works the week of 2-6 November only)."""
        when = self.when(at)
        assert when.weekday() < 5 and 2 <= when.day <= 6, f"agent is away on {at}"
        message_id = self.message_id("example-shop.fr", when)
        return Answer(message_id, when, subject, to, _body(text))

    # -- messages --------------------------------------------------------------------

    def mail(
        self,
        who: Person,
        at: str,
        subject: str | None,
        body: str | None = None,
        *,
        case: str | None,
        tone: int | None,
        lang: str | None,
        labels: Iterable[str] = (),
        missing: str | None = None,
        html: str | None = None,
        alt: bool = False,
        thread: Sequence[str | None] = (),
        charset: str = "utf-8",
        cte: str = "auto",
        declared: str | None = "",
        subject_charset: str = "utf-8",
        subject_encoding: str = "q",
        raw_subject: str | None = None,
        client: str | None = None,
        attachments: Sequence[Attachment] = (),
        headers: Sequence[tuple[str, str]] = (),
        with_message_id: bool = True,
    ) -> str | None:
        """Add one customer message; return its Message-ID for later replies.

        `body` None and `html` None: no body at all. `html` alone: HTML-only. Both (or
        `alt`, which derives the HTML from the text): multipart/alternative.
        `declared` is the charset written in the header: "" means `charset`, None means
        none at all (an 8-bit body nobody labelled).
        """
        when = self.when(at)
        if who.name is not None:
            self._names[who.addr] = who.name
        header_charset = charset if declared == "" else declared
        if alt and html is None:
            assert body is not None
            html = _html_of(body)
        fields: list[tuple[str, str]] = [("From", who.header()), ("To", MAILBOX)]
        if raw_subject is not None:
            fields.append(("Subject", raw_subject))
        elif subject is not None:
            encoded = _encode_header(subject, subject_charset, subject_encoding)
            fields.append(("Subject", encoded))
        fields.append(("Date", format_datetime(when)))
        message_id = None
        if with_message_id:
            style = "apple" if client == "iphone" else ""
            message_id = self.message_id(who.domain, when, style)
            fields.append(("Message-ID", message_id))
        known = [m for m in thread if m]
        if known:
            fields.append(("In-Reply-To", known[-1]))
            fields.append(("References", " ".join(known)))
        if client is not None:
            fields.append(_CLIENT_HEADERS[client])
        fields.extend(headers)
        message = Message()
        for name, value in fields:
            message[name] = value
        if body is not None or html is not None:
            message["MIME-Version"] = "1.0"
            texts = [
                (text, subtype)
                for text, subtype in ((body, "plain"), (html, "html"))
                if text is not None
            ]
            if attachments:
                inner = [self._content(Message(), texts, charset, cte, header_charset)]
                inner += [_attachment_part(a) for a in attachments]
                self._fill_multipart(message, "mixed", inner)
            else:
                self._content(message, texts, charset, cte, header_charset)
        self._add(
            _Item(
                when=when,
                envelope=who.addr,
                raw=_flatten(message),
                message_id=message_id,
                sender=who.addr,
                subject=subject,
                labels=set(labels),
                tone=tone,
                case=case,
                lang=lang,
                missing=missing,
                text=body,
            )
        )
        return message_id

    def add_raw(
        self,
        who: Person,
        when: datetime,
        message: Message,
        *,
        envelope: str,
        labels: Iterable[str],
        case: str | None,
        lang: str | None,
    ) -> None:
        """Add machine mail built by hand (bounce, newsletters)."""
        self._add(
            _Item(
                when=when,
                envelope=envelope,
                raw=_flatten(message),
                message_id=message["Message-ID"],
                sender=who.addr,
                subject=None,
                labels=set(labels),
                tone=None,
                case=case,
                lang=lang,
                missing=None,
            )
        )

    def _content(
        self,
        target: Message,
        texts: list[tuple[str, str]],
        charset: str,
        cte: str,
        declared: str | None,
    ) -> Message:
        """One text part, or multipart/alternative when there is plain and HTML."""
        if len(texts) == 1:
            (text, subtype), *_ = texts
            return _fill_text(target, text, subtype, charset, cte, declared)
        parts = [_text_part(t, sub, charset, cte, declared) for t, sub in texts]
        return self._fill_multipart(target, "alternative", parts)

    def _fill_multipart(
        self, target: Message, subtype: str, parts: list[Message]
    ) -> Message:
        target["Content-Type"] = f'multipart/{subtype}; boundary="{self.boundary()}"'
        target.set_payload(parts)
        return target

    def _add(self, item: _Item) -> None:
        assert set(item.labels) <= set(LABELS), item.labels
        assert (item.missing is not None) == ("vague" in item.labels), item.sender
        assert "sent-from-phone" not in item.labels or "empty" in item.labels
        assert (item.tone is None) == bool(item.labels & _MACHINE), item.sender
        assert item.case is None or item.case in self._cases, item.case
        self._items.append(item)

    # -- output ----------------------------------------------------------------------

    def _sorted(self) -> list[_Item]:
        return sorted(self._items, key=lambda i: (i.when, i.message_id or ""))

    def finish(self) -> tuple[bytes, bytes]:
        """Derive the computed labels, number the cases; return mbox and JSON bytes."""
        items = self._sorted()
        _derive_labels(items, self._cases)
        firsts: dict[str, _Item] = {}
        for item in items:
            if item.case is not None:
                firsts.setdefault(item.case, item)
        assert set(firsts) == set(self._cases), set(self._cases) ^ set(firsts)
        keys = {slug: f"c{n:03d}-{slug}" for n, slug in enumerate(firsts, start=1)}
        return _mbox(items), _expected(items, self._cases, keys)


def _repeat_senders(
    items: Sequence[_Item], identity: Callable[[_Item], str | None]
) -> set[int]:
    """Indexes of messages whose sender wrote >= 3 messages within 14 days."""
    groups: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        key = identity(item)
        if key is not None:
            groups[key].append(index)
    flagged: set[int] = set()
    for indexes in groups.values():
        for start, first in enumerate(indexes):
            window = [
                i
                for i in indexes[start:]
                if items[i].when - items[first].when <= _REPEAT_WINDOW
            ]
            if len(window) >= 3:
                flagged.update(window)
    return flagged


def _escalating(
    items: Sequence[_Item], identity: Callable[[_Item], str | None]
) -> set[int]:
    """Indexes of messages of tone >= 2 above the tone of the sender's first one."""
    base: dict[str, int] = {}
    flagged: set[int] = set()
    for index, item in enumerate(items):
        key = identity(item)
        if item.tone is None or key is None:
            continue
        first = base.setdefault(key, item.tone)
        if item.tone >= 2 and item.tone > first:
            flagged.add(index)
    return flagged


def _derive_labels(items: list[_Item], cases: dict[str, _Case]) -> None:
    """Add `repeat-sender` and `escalating`, checking that no reading changes them.

    The definitions say "normalised address"; a reader could also count per customer
    (one customer writes from two addresses) or leave machine mail out. The scenarios
    are built so that all readings agree, and this checks it.
    """

    def address(item: _Item) -> str:
        return item.sender.lower()

    def human(item: _Item) -> str | None:
        return None if item.labels & _MACHINE else item.sender.lower()

    def customer(item: _Item) -> str | None:
        return cases[item.case].customer if item.case else None

    cased = {i for i, item in enumerate(items) if item.case is not None}
    repeat = _repeat_senders(items, address)
    assert repeat == _repeat_senders(items, human), "machine mail changes the count"
    assert repeat & cased == _repeat_senders(items, customer), "addresses disagree"
    escalating = _escalating(items, address)
    assert escalating & cased == _escalating(items, customer), "addresses disagree"
    for index in repeat:
        items[index].labels.add("repeat-sender")
    for index in escalating:
        items[index].labels.add("escalating")


def _envelope_date(when: datetime) -> str:
    utc = when.astimezone(UTC)
    return (
        f"{_DAYS_EN[utc.weekday()]} {_MONTHS_EN[utc.month - 1]} {utc.day:2d} "
        f"{utc:%H:%M:%S} {utc.year}"
    )


def _mbox(items: Sequence[_Item]) -> bytes:
    """mboxrd: 'From ' separator lines, body lines matching ^>*From get one more '>'."""
    out = bytearray()
    for item in items:
        out += f"From {item.envelope} {_envelope_date(item.when)}\n".encode("ascii")
        for line in item.raw[:-1].split(b"\n"):
            out += (b">" + line if _FROM_LINE.match(line) else line) + b"\n"
        out += b"\n"
    return bytes(out)


def _expected(
    items: Sequence[_Item], cases: dict[str, _Case], keys: dict[str, str]
) -> bytes:
    messages = []
    addresses: dict[str, set[str]] = defaultdict(set)
    automatic_cases: dict[str, dict[str, object]] = {}
    for item in items:
        # Automatic mail makes one case per sender, never part of a customer's
        # (issue 6), even a customer's own auto-reply.
        automatic = bool(set(item.labels) & {"auto-reply", "bounce", "newsletter"})
        case = keys[item.case] if item.case else None
        if automatic:
            case = f"automatic {item.sender}"
            automatic_cases[case] = {
                "case": case,
                "customer": item.sender,
                "addresses": [item.sender],
                "matter": "automatic mail (auto-replies, bounces, newsletters)",
            }
        entry: dict[str, object] = {
            "message_id": item.message_id,
            "date": item.when.isoformat(),
            "from": item.sender,
            "labels": sorted(item.labels),
            "tone": item.tone,
            "case": case,
            "lang": item.lang,
        }
        if item.message_id is None:
            entry["subject"] = item.subject
        if item.missing is not None:
            entry["missing"] = item.missing
        messages.append(entry)
        if item.case is not None and not automatic:
            addresses[item.case].add(item.sender)
    case_list = [
        {
            "case": keys[slug],
            "customer": cases[slug].customer,
            "addresses": sorted(addresses[slug]),
            "matter": cases[slug].matter,
        }
        for slug in keys
    ]
    document = {
        "generator": "triage.sample.generate",
        "messages": messages,
        "cases": sorted(
            [*case_list, *automatic_cases.values()], key=lambda c: str(c["case"])
        ),
    }
    text = json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


# -- the customers -------------------------------------------------------------------
#
# Scenario functions add messages in any order; the mailbox is sorted by date at the
# end. Each call states tone, language, case and hand-given labels, so that reading a
# call tells why its message is labelled as it is.

_SIG_IPHONE = "\nEnvoyé de mon iPhone\n"


def lost_tracking_number(box: Mailbox) -> None:
    """One customer, one order, 17 messages in ten days while the agent is away."""
    who = Person("Sandrine Lefèvre", "sandrine.lefevre56@gmail.com", "UTF-8", "b")
    case = box.case(
        "suivi-perdu",
        "Sandrine Lefèvre",
        "Tracking number of order CMD-2026-104233 lost, then not recognised by La Poste",
    )
    subject = "Numéro de suivi commande CMD-2026-104233"
    common = {"case": case, "lang": "fr"}
    first = _body("""
        Bonjour,

        J'ai passé une commande le 28 octobre sur votre boutique en ligne (commande CMD-2026-104233, un coffret de bougies payé en partie avec mes points fidélité).

        J'ai bien reçu la confirmation de commande mais je ne retrouve pas le mail d'expédition avec le numéro de suivi, je crois que je l'ai supprimé par erreur. Pourriez-vous me le renvoyer s'il vous plaît ?

        Merci d'avance et bonne journée,
        Sandrine Lefèvre
        """)
    m1 = box.mail(who, "03 08:47", subject, first, tone=0, alt=True, **common)
    m2 = box.mail(
        who,
        "04 09:12",
        f"Re: {subject}",
        _body("""
            Bonjour,

            Je me permets de vous relancer au sujet de ma demande d'hier (commande CMD-2026-104233). J'ai regardé dans mes spams, je n'ai rien trouvé.

            Pouvez-vous simplement me renvoyer le numéro de suivi ?

            Bien cordialement,
            Sandrine Lefèvre
            """)
        + "\n"
        + quote_gmail_fr(box.quotable(m1)),
        tone=0,
        alt=True,
        thread=[m1],
        **common,
    )
    m3 = box.mail(
        who,
        "04 18:40",
        f"Re: {subject}",
        "Toujours pas de réponse. J'ai juste besoin du numéro de suivi de ma commande "
        "CMD-2026-104233, ce n'est quand même pas compliqué.\n" + _SIG_IPHONE,
        tone=1,
        client="iphone",
        thread=[m1, m2],
        **common,
    )
    m4 = box.mail(
        who,
        "05 07:55",
        f"Re: {subject}",
        "toujours rien\n" + _SIG_IPHONE,
        tone=1,
        labels={"terse"},
        client="iphone",
        thread=[m1, m2, m3],
        **common,
    )
    holding = box.answer(
        who,
        "05 14:02",
        f"Re: {subject}",
        """
        Bonjour Madame Lefèvre,

        Nous avons bien reçu votre demande concernant la commande CMD-2026-104233 et vous prions de nous excuser pour le délai de réponse.

        Votre colis a été remis à notre transporteur. Nous interrogeons notre entrepôt pour obtenir le numéro de suivi et revenons vers vous au plus vite.

        Bien cordialement,
        Camille
        Service Fidélité Maison Lumen
        """,
    )
    box.mail(
        who,
        "05 15:31",
        f"Re: {subject}",
        _body("""
            Merci, mais ça ne m'avance pas beaucoup. Ça fait une semaine que j'ai commandé et je ne sais toujours pas où est mon colis. Je veux le numéro de suivi, pas un message tout fait.

            Sandrine

            Envoyé de mon iPhone
            """)
        + "\n"
        + quote_iphone_fr(holding),
        tone=1,
        client="iphone",
        thread=[m1, m2, m3, m4, holding.message_id],
        **common,
    )
    relance = "RELANCE : numéro de suivi CMD-2026-104233"
    m6 = box.mail(
        who,
        "06 10:05",
        relance,
        _body("""
            JE VOUS DEMANDE JUSTE UN NUMÉRO DE SUIVI.

            Commande CMD-2026-104233, passée le 28 octobre, payée avec MES points. Ça fait plus d'une semaine. Je n'ai ni colis ni numéro.

            Sandrine Lefèvre
            """),
        tone=2,
        alt=True,
        **common,
    )
    tracking = box.answer(
        who,
        "06 16:45",
        f"Re: {relance}",
        """
        Bonjour Madame Lefèvre,

        Notre entrepôt nous communique le numéro de suivi Colissimo de votre commande CMD-2026-104233 : 6A12345678901.
        Vous pouvez suivre votre colis sur le site de La Poste.

        Nous restons à votre disposition.

        Bien cordialement,
        Camille
        Service Fidélité Maison Lumen
        """,
    )
    m7 = box.mail(
        who,
        "07 11:20",
        f"Re: {relance}",
        _body("""
            Votre numéro 6A12345678901 ne marche PAS. Sur le site de La Poste : « Numéro inconnu ». J'ai essayé hier soir et ce matin.

            Donnez-moi un VRAI numéro de suivi.
            """)
        + "\n"
        + quote_gmail_fr(tracking, wrapped=True),
        tone=2,
        alt=True,
        thread=[m6, tracking.message_id],
        **common,
    )
    box.mail(
        who,
        "07 20:48",
        "CMD-2026-104233",
        "mon numéro de suivi???\n" + _SIG_IPHONE,
        tone=2,
        labels={"terse"},
        client="iphone",
        **common,
    )
    m9 = box.mail(
        who,
        "08 16:02",
        f"Re: {relance}",
        _body("""
            C'est quoi ce service client ??? Personne ne répond le week-end ???
            Commande CMD-2026-104233, un numéro de suivi qui ne fonctionne pas, 11 jours sans colis !!!
            C'EST INADMISSIBLE !!!
            """),
        tone=2,
        alt=True,
        thread=[m6, tracking.message_id, m7],
        **common,
    )
    urgent = "URGENT - CMD-2026-104233 !!!"
    m10 = box.mail(
        who,
        "09 08:31",
        urgent,
        _body("""
            Lundi matin et toujours RIEN !!!
            Ni colis, ni numéro valable, ni réponse. Je vous ai écrit 9 fois !!!
            Commande CMD-2026-104233.
            """),
        tone=2,
        alt=True,
        thread=[m6, tracking.message_id, m7, m9],
        **common,
    )
    box.mail(
        who,
        "09 19:15",
        f"Re: {urgent}",
        "Vous comptez répondre un jour ??? Je n'ai toujours pas de numéro de suivi "
        "valable pour la commande CMD-2026-104233 et le colis n'est toujours pas "
        "arrivé.\n" + _SIG_IPHONE,
        tone=2,
        client="iphone",
        thread=[m10],
        **common,
    )
    claim = "Réclamation commande CMD-2026-104233"
    m12 = box.mail(
        who,
        "10 09:40",
        claim,
        _body("""
            Madame, Monsieur,

            Sans réponse sérieuse de votre part d'ici demain, j'envoie tout mon dossier à 60 millions de consommateurs. J'ai gardé tous mes mails et vos "réponses".

            Commande CMD-2026-104233 du 28 octobre, numéro de suivi 6A12345678901 inconnu chez La Poste.

            S. Lefèvre
            """),
        tone=3,
        alt=True,
        **common,
    )
    box.mail(
        who,
        "11 10:10",
        f"Re: {claim}",
        _body("""
            Pas de réponse, comme prévu. J'ai ouvert un dossier auprès de l'UFC-Que Choisir ce matin.
            14 jours sans colis, 12 mails sans réponse utile. CMD-2026-104233.
            """),
        tone=3,
        alt=True,
        thread=[m12],
        **common,
    )
    box.mail(
        who,
        "11 22:30",
        f"Re: {claim}",
        "Et je vais raconter tout ça sur les réseaux sociaux, Facebook, Instagram, "
        "avis Google, tout. Tout le monde saura comment Maison Lumen traite ses "
        "clientes fidèles depuis 12 ans !!!\nCMD-2026-104233\n" + _SIG_IPHONE,
        tone=3,
        client="iphone",
        thread=[m12],
        **common,
    )
    demand = "Mise en demeure - commande CMD-2026-104233"
    m15 = box.mail(
        who,
        "12 08:05",
        demand,
        _body("""
            Madame, Monsieur,

            Par la présente, je vous mets en demeure de me livrer la commande CMD-2026-104233 ou de me rembourser intégralement (points compris) sous huit jours. Mon avocat est informé de la situation et a copie de tous nos échanges.

            Sandrine Lefèvre
            Carte fidélité FID 4921 0417 5530
            """),
        tone=3,
        alt=True,
        **common,
    )
    box.mail(
        who,
        "12 17:50",
        f"Re: {demand}",
        _body("""
            DERNIER AVERTISSEMENT !!!
            SI JE N'AI PAS DE NOUVELLES DEMAIN, MON AVOCAT, L'UFC-QUE CHOISIR ET 60 MILLIONS DE CONSOMMATEURS AURONT TOUT LE DOSSIER, ET TOUT SERA SUR LES RÉSEAUX SOCIAUX. VOUS L'AUREZ CHERCHÉ.
            """),
        tone=3,
        alt=True,
        thread=[m15],
        **common,
    )
    box.mail(
        who,
        "13 12:04",
        f"Re: {demand}",
        _body("""
            Toujours rien ??? Vous vous moquez de moi !!!
            Je vous laisse jusqu'à lundi, ensuite c'est mon avocat qui vous écrira. Et je publie tous nos échanges sur les réseaux sociaux.

            S. Lefèvre
            """)
        + _SIG_IPHONE,
        tone=3,
        client="iphone",
        thread=[m15],
        **common,
    )


def two_orders(box: Mailbox) -> None:
    """A customer with several orders: a vague first mail, then two separate matters."""
    who = Person("Karim Benali", "karim.benali@free.fr")
    lamp = box.case(
        "lampe-non-livree",
        "Karim Benali",
        "Order CMD-2026-103871 (Arc lamp) not delivered",
    )
    points = box.case(
        "points-commande",
        "Karim Benali",
        "240 points of delivered order CMD-2026-105102 not credited",
    )
    m1 = box.mail(
        who,
        "02 10:20",
        "ma commande",
        _body("""
            Bonjour,

            je voudrais savoir où en est ma commande svp.

            Merci
            Karim Benali
            """),
        case=lamp,
        tone=0,
        lang="fr",
        labels={"vague"},
        missing="which order: the customer has several (CMD-2026-103871, "
        "CMD-2026-105102)",
        cte="8bit",
    )
    which = box.answer(
        who,
        "02 16:30",
        "Re: ma commande",
        """
        Bonjour Monsieur Benali,

        Merci pour votre message. Nous voyons deux commandes en cours sur votre compte : CMD-2026-103871 du 21 octobre et CMD-2026-105102 du 30 octobre. Pouvez-vous nous préciser de laquelle il s'agit ?

        Bien cordialement,
        Camille
        Service Fidélité Maison Lumen
        """,
    )
    m2 = box.mail(
        who,
        "03 11:05",
        "Re: ma commande",
        _body("""
            Bonjour,

            C'est la CMD-2026-103871, la lampe Arc en laiton. Elle devait arriver le 29 octobre et je n'ai rien reçu.

            Cordialement,
            Karim Benali

            """)
        + quote_thunderbird_fr(which),
        case=lamp,
        tone=0,
        lang="fr",
        cte="8bit",
        thread=[m1, which.message_id],
    )
    m3 = box.mail(
        who,
        "06 14:22",
        "Points non crédités commande CMD-2026-105102",
        _body("""
            Bonjour,

            J'ai bien reçu hier ma commande CMD-2026-105102 (merci) mais les 240 points annoncés n'apparaissent pas sur mon compte fidélité. Pouvez-vous vérifier ?

            Cordialement,
            Karim Benali
            """),
        case=points,
        tone=0,
        lang="fr",
        cte="8bit",
    )
    box.mail(
        who,
        "10 09:03",
        "Re: ma commande",
        _body("""
            Bonjour,
            toujours pas reçu la lampe (CMD-2026-103871). Le suivi indique "en cours d'acheminement" depuis 10 jours. Qu'est-ce que je dois faire ?
            Karim
            """),
        case=lamp,
        tone=1,
        lang="fr",
        cte="8bit",
        thread=[m1, which.message_id, m2],
    )
    box.mail(
        who,
        "12 20:11",
        "Re: Points non crédités commande CMD-2026-105102",
        "et mes points ?\n",
        case=points,
        tone=1,
        lang="fr",
        labels={"terse"},
        thread=[m3],
    )


def two_addresses(box: Mailbox) -> None:
    """One customer writing from Gmail and from Orange, same name and signature."""
    gmail = Person("Élodie Marchand", "elodie.marchand.44@gmail.com", "UTF-8", "b")
    orange = Person("Élodie Marchand", "elodie.marchand@orange.fr")
    case = box.case(
        "carte-bloquee",
        "Élodie Marchand",
        "Loyalty card FID 4921 0038 7712 blocked after a loss report she never made",
    )
    signature = (
        "\n-- \nÉlodie Marchand\n06 00 11 22 33\nCarte fidélité FID 4921 0038 7712\n"
    )
    common = {"case": case, "lang": "fr"}
    g1 = box.mail(
        gmail,
        "02 12:15",
        "Carte fidélité bloquée",
        _body("""
            Bonjour,

            Samedi dernier en caisse au magasin de Nantes, ma carte fidélité a été refusée : la vendeuse m'a dit qu'elle était "bloquée". Je n'ai rien fait de particulier, je l'utilise depuis 2019.

            Pouvez-vous la débloquer ? Il y a environ 1 800 points dessus.

            Merci,
            """)
        + signature,
        tone=0,
        alt=True,
        **common,
    )
    box.mail(
        orange,
        "03 19:40",
        "Carte bloquée (suite)",
        _body("""
            Bonjour,

            Je vous écris depuis mon autre adresse, je n'ai pas accès à ma boîte Gmail ce soir. Avez-vous pu regarder pour ma carte bloquée ? Je dois repasser en magasin samedi.

            Cordialement,
            """)
        + signature,
        tone=0,
        **common,
    )
    loss = box.answer(
        gmail,
        "04 10:20",
        "Re: Carte fidélité bloquée",
        """
        Bonjour Madame Marchand,

        Votre carte FID 4921 0038 7712 a été bloquée à la suite d'une déclaration de perte enregistrée le 24 octobre. Pouvez-vous nous confirmer que vous n'êtes pas à l'origine de cette déclaration ?

        Bien cordialement,
        Camille
        Service Fidélité Maison Lumen
        """,
    )
    g2 = box.mail(
        gmail,
        "04 21:05",
        "Re: Carte fidélité bloquée",
        _body("""
            Bonjour,

            Non, je n'ai jamais déclaré ma carte perdue ! Je l'ai toujours dans mon portefeuille. Je confirme donc qu'il faut la débloquer, et j'aimerais bien savoir qui a fait ce signalement.
            """)
        + signature
        + "\n"
        + quote_gmail_fr(loss),
        tone=1,
        alt=True,
        thread=[g1, loss.message_id],
        **common,
    )
    box.mail(
        orange,
        "06 08:50",
        "Carte bloquée (suite)",
        _body("""
            Bonjour,

            Je n'ai pas de nouvelles depuis mon mail de mercredi soir. Ma carte est-elle débloquée ? Je passe en magasin demain.

            Cordialement,
            """)
        + signature,
        tone=1,
        **common,
    )
    box.mail(
        gmail,
        "09 13:30",
        "Re: Carte fidélité bloquée",
        _body("""
            Bonjour,

            Je suis passée en magasin samedi : la carte est toujours refusée. Où en est le déblocage ? Je perds des points à chaque achat.
            """)
        + signature,
        tone=1,
        alt=True,
        thread=[g1, loss.message_id, g2],
        **common,
    )
    box.mail(
        orange,
        "13 18:22",
        "Carte bloquée (suite)",
        _body("""
            Bonjour,

            Toujours pas de réponse depuis une semaine. Pouvez-vous me rappeler au 06 00 11 22 33, en fin de journée de préférence ?

            Cordialement,
            """)
        + signature,
        tone=1,
        **common,
    )


def address_in_capitals(box: Mailbox) -> None:
    """Three messages, the first from the same address in other letter case."""
    first = Person("Jean-Pierre Roussel", "JP.Roussel@wanadoo.fr", "iso-8859-1", "q")
    then = Person("Jean-Pierre Roussel", "jp.roussel@wanadoo.fr", "iso-8859-1", "q")
    case = box.case(
        "bon-achat-refuse",
        "Jean-Pierre Roussel",
        "Voucher BA-10-7F3K-92QD refused online as invalid",
    )
    m1 = box.mail(
        first,
        "03 14:40",
        "Bon d'achat refusé",
        _body("""
            Bonjour,

            J'ai reçu le 30 octobre un bon d'achat de 10 euros (code BA-10-7F3K-92QD)
            pour avoir atteint 1000 points. Quand je le saisis sur le site au moment de
            payer, il est écrit "code invalide".

            Pourriez-vous vérifier ce qui ne va pas ?

            Je vous remercie par avance.
            Jean-Pierre Roussel
            """),
        case=case,
        tone=0,
        lang="fr",
        charset="iso-8859-1",
        cte="quoted-printable",
        subject_charset="iso-8859-1",
        client="thunderbird",
    )
    m2 = box.mail(
        then,
        "07 10:12",
        "Re: Bon d'achat refusé",
        _body("""
            Bonjour,

            Je n'ai toujours pas de réponse à mon courriel du 3 novembre. Le bon
            d'achat BA-10-7F3K-92QD est toujours refusé et il expire le 30 novembre.
            Je commence à trouver le temps long.

            Jean-Pierre Roussel
            """),
        case=case,
        tone=1,
        lang="fr",
        charset="iso-8859-1",
        cte="8bit",
        subject_charset="iso-8859-1",
        client="thunderbird",
        thread=[m1],
    )
    box.mail(
        then,
        "12 11:47",
        "Re: Bon d'achat refusé",
        _body("""
            Bonjour,

            TROISIÈME message sans réponse. C'est inadmissible de traiter ainsi un
            client fidèle depuis 15 ans !!
            Le code BA-10-7F3K-92QD ne fonctionne toujours pas.

            J-P Roussel
            """),
        case=case,
        tone=2,
        lang="fr",
        charset="iso-8859-1",
        cte="quoted-printable",
        subject_charset="iso-8859-1",
        client="thunderbird",
        thread=[m1, m2],
    )


def english_repeat(box: Mailbox) -> None:
    """An English-speaking customer who writes four times about store points."""
    who = Person("Margaret Collins", "margaret.collins.bdx@gmail.com")
    case = box.case(
        "points-magasin-bordeaux",
        "Margaret Collins",
        "Points of a 189 EUR purchase in the Bordeaux store never credited",
    )
    subject = "Loyalty points missing"
    m1 = box.mail(
        who,
        "02 19:05",
        subject,
        _body("""
            Hello,

            I bought two table lamps at your Bordeaux store (rue Sainte-Catherine) on 24 October, receipt no. 0417-2026-10-24-0093, total 189.00 EUR. I showed my loyalty card (FID 4921 5120 0046) at the till but the points never appeared in my account.

            Could you please add them?

            Kind regards,
            Margaret Collins
            """),
        case=case,
        tone=0,
        lang="en",
        alt=True,
    )
    photo = box.answer(
        who,
        "03 09:20",
        f"Re: {subject}",
        """
        Hello Mrs Collins,

        Thank you for your message. Could you send us a photo of the receipt so that we can add the points manually?

        Kind regards,
        Camille
        Service Fidélité Maison Lumen
        """,
    )
    m2 = box.mail(
        who,
        "03 12:30",
        f"Re: {subject}",
        _body("""
            Hello,

            Thank you for the quick reply. I'm afraid I threw the paper receipt away, but I paid by card.
            From what I can see on my bank statement, the payment is "MAISON LUMEN BORDEAUX 24/10 189,00 EUR". Would a screenshot of that do?

            Best,
            Margaret
            """)
        + "\n"
        + quote_gmail_en(photo),
        case=case,
        tone=0,
        lang="en",
        alt=True,
        thread=[m1, photo.message_id],
    )
    store = box.answer(
        who,
        "04 15:20",
        f"Re: {subject}",
        """
        Hello Mrs Collins,

        Thank you. We have asked the Bordeaux store to check its till records for 24 October and will come back to you as soon as we hear from them.

        Kind regards,
        Camille
        Service Fidélité Maison Lumen
        """,
    )
    m3 = box.mail(
        who,
        "09 09:10",
        f"Re: {subject}",
        _body("""
            Hello again,

            It has been almost a week and the points still aren't on my account. Is there any news from the store?

            Margaret
            """)
        + "\n"
        + quote_gmail_en(store),
        case=case,
        tone=1,
        lang="en",
        alt=True,
        thread=[m1, photo.message_id, m2, store.message_id],
    )
    box.mail(
        who,
        "13 16:40",
        f"Re: {subject}",
        _body("""
            Hi,

            Still nothing. I would appreciate an answer, this is the third time I'm asking.

            Margaret Collins
            """),
        case=case,
        tone=1,
        lang="en",
        alt=True,
        thread=[m1, photo.message_id, m2, store.message_id, m3],
    )


def outlook_customer(box: Mailbox) -> None:
    """Outlook on Windows: windows-1252, quoted-printable, "-----Message d'origine-----"."""
    who = Person("Gérard Fontaine", "gerard.fontaine@laposte.net")
    case = box.case(
        "acces-compte",
        "Gérard Fontaine",
        "Cannot log in: password reset e-mail never arrives",
    )
    outlook = {
        "case": case,
        "lang": "fr",
        "charset": "windows-1252",
        "cte": "quoted-printable",
        "client": "outlook",
    }
    m1 = box.mail(
        who,
        "03 09:55",
        "Accès à mon compte fidélité",
        _body("""
            Bonjour,

            Je n’arrive plus à me connecter à mon espace fidélité sur votre site. J’ai cliqué sur « mot de passe oublié » trois fois mais je ne reçois aucun e-mail de réinitialisation (j’ai vérifié les courriers indésirables).

            Mon numéro de carte : FID 4921 2290 6604.

            Pourriez-vous m’aider ?

            Cordialement,
            Gérard Fontaine
            """),
        tone=0,
        **outlook,
    )
    reset = box.answer(
        who,
        "04 11:32",
        "RE: Accès à mon compte fidélité",
        """
        Bonjour Monsieur Fontaine,

        Nous avons réinitialisé l'accès à votre espace fidélité. Un nouvel e-mail vient de vous être envoyé à l'adresse gerard.fontaine@laposte.net ; le lien est valable 24 heures.

        Bien cordialement,
        Camille
        Service Fidélité Maison Lumen
        """,
    )
    m2 = box.mail(
        who,
        "05 08:40",
        "RE : Accès à mon compte fidélité",
        _body("""
            Bonjour,

            Toujours rien reçu, ni dans la boîte de réception ni dans les indésirables. Je commence à perdre patience, cela fait trois jours que je ne peux pas accéder à mes points.

            Gérard Fontaine

            """)
        + quote_outlook_fr(reset),
        tone=1,
        thread=[m1, reset.message_id],
        **outlook,
    )
    box.mail(
        who,
        "10 17:15",
        "RE : Accès à mon compte fidélité",
        _body("""
            Bonjour,

            Je relance ma demande : toujours impossible de me connecter, et toujours aucun e-mail. Merci de me répondre.

            G. Fontaine
            """),
        tone=1,
        thread=[m1, reset.message_id, m2],
        **outlook,
    )


def out_of_office(box: Mailbox) -> None:
    """Four customers whose out-of-office answered the agent, each flagged differently."""
    # Claire: all three markers, and the "Je suis absente du ... au ..." phrasing.
    claire = Person("Claire Dubois", "claire.dubois@sfr.fr")
    case = box.case(
        "cadeau-anniversaire", "Claire Dubois", "Birthday gift not received"
    )
    m1 = box.mail(
        claire,
        "02 11:10",
        "Cadeau anniversaire non reçu",
        _body("""
            Bonjour,

            Mon anniversaire était le 15 octobre et je n'ai pas reçu le cadeau annoncé dans votre programme fidélité (le bon de 15 € et la bougie offerte). Mon adresse n'a pas changé.

            Pouvez-vous vérifier ?

            Merci,
            Claire Dubois
            carte n° FID 4921 7781 2045
            """),
        case=case,
        tone=0,
        lang="fr",
    )
    reply = box.answer(
        claire,
        "03 09:40",
        "Re: Cadeau anniversaire non reçu",
        """
        Bonjour Madame Dubois,

        Votre cadeau d'anniversaire a bien été expédié le 16 octobre. Nous avons demandé une enquête au transporteur et vous renvoyons le bon de 15 € par e-mail dès aujourd'hui.

        Bien cordialement,
        Camille
        Service Fidélité Maison Lumen
        """,
    )
    box.mail(
        claire,
        "03 09:41",
        "Réponse automatique : Re: Cadeau anniversaire non reçu",
        _body("""
            Bonjour,

            Je suis absente du 3 au 13 novembre 2026 inclus, sans accès à ma messagerie.
            Je lirai votre message à mon retour.

            Claire Dubois
            """),
        case=case,
        tone=None,
        lang="fr",
        labels={"auto-reply"},
        thread=[m1, reply.message_id],
        headers=[
            ("Auto-Submitted", "auto-replied"),
            ("X-Autoreply", "yes"),
            ("Precedence", "auto_reply"),
        ],
    )

    # Tom: English, Exchange-style, Auto-Submitted only.
    tom = Person("Tom Fletcher", "tom.fletcher@yahoo.com")
    case = box.case(
        "code-bienvenue", "Tom Fletcher", "Welcome code WELCOME15 refused at checkout"
    )
    t1 = box.mail(
        tom,
        "02 21:30",
        "Promo code WELCOME15 not working",
        _body("""
            Hi,

            I've just joined the loyalty programme and got the welcome email with the code WELCOME15 (15% off a first online order). At checkout the site says "This code is not valid for the items in your basket". I'm only buying a lamp shade (ref. LMN-AS-220), nothing on sale.

            Can you help?

            Thanks,
            Tom
            """),
        case=case,
        tone=0,
        lang="en",
    )
    reply = box.answer(
        tom,
        "04 09:05",
        "Re: Promo code WELCOME15 not working",
        """
        Hello Mr Fletcher,

        The code WELCOME15 was attached to the e-mail address you first registered. We have linked it to your account: it should now work at checkout.

        Kind regards,
        Camille
        Service Fidélité Maison Lumen
        """,
    )
    box.mail(
        tom,
        "04 09:06",
        "Automatic reply: Re: Promo code WELCOME15 not working",
        _body("""
            Thank you for your email. I am out of the office until Monday 16 November with limited access to email.

            I will reply as soon as possible when I am back.

            Tom Fletcher
            """),
        case=case,
        tone=None,
        lang="en",
        labels={"auto-reply"},
        thread=[t1, reply.message_id],
        headers=[
            ("Auto-Submitted", "auto-replied"),
            ("X-Auto-Response-Suppress", "All"),
        ],
    )

    # Nicolas: X-Autoreply only.
    nicolas = Person("Nicolas Garnier", "nicolas.garnier@hotmail.fr")
    case = box.case(
        "mauvaise-adresse",
        "Nicolas Garnier",
        "Order CMD-2026-105388 sent to his former address in Lyon",
    )
    n1 = box.mail(
        nicolas,
        "04 13:02",
        "Adresse de livraison erronée",
        _body("""
            Bonjour,

            Ma commande CMD-2026-105388 est partie à mon ancienne adresse à Lyon (12 rue Duguesclin), alors que j'ai changé mon adresse dans mon compte fidélité en septembre. La nouvelle est : 8 allée des Platanes, 38100 Grenoble.

            Est-il possible de faire rediriger le colis ?

            Merci d'avance,
            Nicolas Garnier
            """),
        case=case,
        tone=0,
        lang="fr",
    )
    reply = box.answer(
        nicolas,
        "05 10:30",
        "RE: Adresse de livraison erronée",
        """
        Bonjour Monsieur Garnier,

        Nous avons demandé au transporteur de rediriger votre colis vers votre nouvelle adresse à Grenoble. Vous recevrez un nouveau suivi par e-mail.

        Bien cordialement,
        Camille
        Service Fidélité Maison Lumen
        """,
    )
    box.mail(
        nicolas,
        "05 10:31",
        "Réponse automatique : RE: Adresse de livraison erronée",
        _body("""
            Bonjour,

            Je suis en déplacement jusqu'au 12 novembre et je consulte rarement mes messages. Je vous répondrai dès mon retour.

            Cordialement,
            Nicolas Garnier
            """),
        case=case,
        tone=None,
        lang="fr",
        labels={"auto-reply"},
        thread=[n1, reply.message_id],
        headers=[("X-Autoreply", "yes")],
    )

    # Yasmine: Precedence: auto_reply only.
    yasmine = Person("Yasmine Belkacem", "yasmine.belkacem@yahoo.fr")
    case = box.case(
        "parrainage",
        "Yasmine Belkacem",
        "500 sponsorship points for referring her sister not credited",
    )
    y1 = box.mail(
        yasmine,
        "05 08:15",
        "Points de parrainage",
        _body("""
            Bonjour,

            J'ai parrainé ma sœur (Nora Belkacem) le 12 octobre, elle a fait son premier achat le 20 octobre à Lille. D'après les conditions du programme je devais recevoir 500 points, mais rien n'est arrivé sur mon compte.

            Mon numéro de carte : FID 4921 8843 2207.

            Merci de votre aide,
            Yasmine
            """),
        case=case,
        tone=0,
        lang="fr",
        cte="base64",
    )
    reply = box.answer(
        yasmine,
        "05 16:50",
        "Re: Points de parrainage",
        """
        Bonjour Madame Belkacem,

        Le parrainage n'avait pas été rattaché à votre carte. C'est corrigé : les 500 points apparaîtront sur votre compte sous 48 heures.

        Bien cordialement,
        Camille
        Service Fidélité Maison Lumen
        """,
    )
    box.mail(
        yasmine,
        "05 16:51",
        "Message d'absence",
        "Bonjour, je suis en congés jusqu'au lundi 9 novembre. Bonne journée. Yasmine\n",
        case=case,
        tone=None,
        lang="fr",
        labels={"auto-reply"},
        thread=[y1, reply.message_id],
        headers=[("Precedence", "auto_reply")],
    )


def bounce(box: Mailbox) -> None:
    """The agent's answer to a full mailbox comes back as a delivery status report."""
    lucie = Person("Lucie Perrin", "lucie.perrin@hotmail.fr")
    case = box.case(
        "commande-non-livree",
        "Lucie Perrin",
        "Order CMD-2026-104987 not delivered (the answer to her bounced)",
    )
    first = box.mail(
        lucie,
        "04 17:45",
        "Commande non livrée CMD-2026-104987",
        _body("""
            Bonjour,

            J'ai commandé le 27 octobre une suspension en rotin (commande CMD-2026-104987), livraison prévue le 2 novembre. Je n'ai rien reçu et le suivi n'a pas bougé depuis le 29 octobre.

            Pouvez-vous me dire ce qu'il se passe ?

            Bien à vous,
            Lucie Perrin
            """),
        case=case,
        tone=0,
        lang="fr",
        alt=True,
    )
    answer = box.answer(
        lucie,
        "05 15:03",
        "Re: Commande non livrée CMD-2026-104987",
        """
        Bonjour Madame Perrin,

        Votre colis est bloqué au centre de tri de Rungis. Nous avons relancé le transporteur et vous tiendrons informée.

        Bien cordialement,
        Camille
        Service Fidélité Maison Lumen
        """,
    )
    daemon = Person("Mail Delivery System", "MAILER-DAEMON@mx.example-shop.fr")
    when = answer.when + timedelta(seconds=4)
    queue = f"{box.rng.getrandbits(36):09X}"
    notice = _text_part(
        _body(f"""
            This is the mail system at host mx.example-shop.fr.

            I'm sorry to have to inform you that your message could not
            be delivered to one or more recipients. It's attached below.

            For further assistance, please send mail to postmaster.

            If you do so, please include this problem report. You can
            delete your own text from the attached returned message.

                               The mail system

            <{lucie.addr}>: host
                hotmail-fr.olc.protection.outlook.com[52.101.73.18] said: 552 5.2.2
                Requested mail action aborted: mailbox full (in reply to RCPT TO
                command)
            """),
        "plain",
        "us-ascii",
        "7bit",
        "us-ascii",
    )
    notice["Content-Description"] = "Notification"
    report = Message()
    report["Content-Description"] = "Delivery report"
    report["Content-Type"] = "message/delivery-status"
    per_message = Message()
    per_message["Reporting-MTA"] = "dns; mx.example-shop.fr"
    per_message["X-Postfix-Queue-ID"] = queue
    per_message["X-Postfix-Sender"] = f"rfc822; {MAILBOX}"
    per_message["Arrival-Date"] = format_datetime(answer.when)
    per_recipient = Message()
    per_recipient["Final-Recipient"] = f"rfc822; {lucie.addr}"
    per_recipient["Original-Recipient"] = f"rfc822;{lucie.addr}"
    per_recipient["Action"] = "failed"
    per_recipient["Status"] = "5.2.2"
    per_recipient["Remote-MTA"] = "dns; hotmail-fr.olc.protection.outlook.com"
    per_recipient["Diagnostic-Code"] = (
        "smtp; 552 5.2.2 Requested mail action aborted: mailbox full"
    )
    report.set_payload([per_message, per_recipient])
    returned = Message()
    returned["Content-Description"] = "Undelivered Message Headers"
    returned["Content-Type"] = "text/rfc822-headers"
    agent = Person(AGENT, MAILBOX)
    returned.set_payload(
        f"Return-Path: <{MAILBOX}>\n"
        f"Received: by mx.example-shop.fr (Postfix, from userid 1001)\n"
        f"\tid {queue}; {format_datetime(answer.when)}\n"
        f"From: {agent.header()}\n"
        f"To: {lucie.addr}\n"
        f"Subject: {_encode_header(answer.subject)}\n"
        f"Date: {format_datetime(answer.when)}\n"
        f"Message-ID: {answer.message_id}\n"
        f"In-Reply-To: {first}\n"
        "MIME-Version: 1.0\n"
        'Content-Type: text/plain; charset="utf-8"\n'
        "Content-Transfer-Encoding: 8bit\n"
    )
    message = Message()
    message["Return-Path"] = "<>"
    message["From"] = daemon.header()
    message["To"] = MAILBOX
    message["Subject"] = "Undelivered Mail Returned to Sender"
    message["Date"] = format_datetime(when)
    message["Message-ID"] = box.message_id("mx.example-shop.fr", when)
    message["MIME-Version"] = "1.0"
    boundary = f"{queue}.{int(when.timestamp())}/mx.example-shop.fr"
    message["Content-Type"] = (
        f'multipart/report; report-type=delivery-status; boundary="{boundary}"'
    )
    message.preamble = "This is a MIME-encapsulated message."
    message.set_payload([notice, report, returned])
    box.add_raw(
        daemon,
        when,
        message,
        envelope="MAILER-DAEMON",
        labels={"bounce"},
        case=None,
        lang="en",
    )


def newsletters(box: Mailbox) -> None:
    """Bulk mail: the company's own newsletter and a trade newsletter (HTML only)."""
    own = Person("Maison Lumen", "newsletter@news.example-shop.fr")
    when = box.when("05 07:00")
    text = _body("""
        Maison Lumen - Le programme fidélité

        Doublez vos points jusqu'au 15 novembre !
        Pour tout achat de plus de 50 €, en magasin ou sur example-shop.fr, vos points sont doublés.

        Nouveautés de l'hiver :
        - Bougie Ambre & Figue, 220 g : 34,90 €
        - Lampe Arc en laiton : 189,00 €
        - Guirlande lumineuse en lin : 29,90 €

        Voir la collection : https://www.example-shop.fr/hiver?utm_source=newsletter

        Vous recevez ce message car vous êtes inscrit(e) au programme fidélité Maison Lumen.
        Se désinscrire : https://news.example-shop.fr/u/8f2c61d0
        """)
    html = _body("""
        <!DOCTYPE html>
        <html lang="fr"><head><meta charset="utf-8"><title>Maison Lumen</title></head>
        <body style="font-family:Georgia,serif;background:#f7f3ee">
        <table width="600" align="center" cellpadding="0" cellspacing="0">
        <tr><td><h1>Doublez vos points jusqu'au 15 novembre&nbsp;!</h1>
        <p>Pour tout achat de plus de 50&nbsp;&euro;, en magasin ou sur example-shop.fr, vos points sont doublés.</p></td></tr>
        <tr><td><h2>Nouveautés de l'hiver</h2>
        <ul><li>Bougie Ambre &amp; Figue, 220&nbsp;g&nbsp;: 34,90&nbsp;&euro;</li>
        <li>Lampe Arc en laiton&nbsp;: 189,00&nbsp;&euro;</li>
        <li>Guirlande lumineuse en lin&nbsp;: 29,90&nbsp;&euro;</li></ul>
        <p><a href="https://www.example-shop.fr/hiver?utm_source=newsletter">Voir la collection</a></p></td></tr>
        <tr><td style="font-size:11px">Vous recevez ce message car vous êtes inscrit(e) au programme fidélité Maison Lumen.
        <a href="https://news.example-shop.fr/u/8f2c61d0">Se désinscrire</a></td></tr>
        </table></body></html>
        """)
    message = Message()
    message["From"] = own.header()
    message["To"] = MAILBOX
    message["Subject"] = _encode_header("✨ Doublez vos points jusqu'au 15 novembre")
    message["Date"] = format_datetime(when)
    message["Message-ID"] = box.message_id("news.example-shop.fr", when)
    message["List-Id"] = "Maison Lumen - actualites <actu.news.example-shop.fr>"
    message["List-Unsubscribe"] = (
        "<https://news.example-shop.fr/u/8f2c61d0>, "
        "<mailto:unsubscribe@news.example-shop.fr?subject=8f2c61d0>"
    )
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Precedence"] = "bulk"
    message["MIME-Version"] = "1.0"
    message["Content-Type"] = f'multipart/alternative; boundary="{box.boundary()}"'
    message.set_payload(
        [
            _text_part(text, "plain", "utf-8", "quoted-printable", "utf-8"),
            _text_part(html, "html", "utf-8", "quoted-printable", "utf-8"),
        ]
    )
    box.add_raw(
        own,
        when,
        message,
        envelope="bounce-8f2c61d0@news.example-shop.fr",
        labels={"newsletter"},
        case=None,
        lang="fr",
    )

    trade = Person(
        "La Lettre de la Relation Client", "lettre@example-relationclient.org"
    )
    when = box.when("10 06:30")
    html = _body("""
        <html><body>
        <h1>La Lettre de la Relation Client - n° 212</h1>
        <p>Cette semaine : <b>5 idées pour réduire vos délais de réponse</b> sans recruter.</p>
        <ol>
        <li>Trier d'abord les messages vides et les réponses automatiques.</li>
        <li>Regrouper les relances d'un même client en un seul dossier.</li>
        <li>Répondre aux plus anciens avant les plus bruyants.</li>
        <li>Préparer trois modèles de réponse, pas trente.</li>
        <li>Dire au client quand il aura une réponse.</li>
        </ol>
        <p><a href="https://example-relationclient.org/lettre/212">Lire en ligne</a> -
        <a href="https://example-relationclient.org/desabonnement?id=55102">Se désabonner</a></p>
        </body></html>
        """)
    message = Message()
    message["From"] = trade.header()
    message["To"] = MAILBOX
    message["Subject"] = _encode_header(
        "Relation client : 5 idées pour réduire vos délais de réponse"
    )
    message["Date"] = format_datetime(when)
    message["Message-ID"] = box.message_id("example-relationclient.org", when)
    message["List-Id"] = "<lettre.example-relationclient.org>"
    message["List-Unsubscribe"] = (
        "<https://example-relationclient.org/desabonnement?id=55102>"
    )
    message["Precedence"] = "bulk"
    message["MIME-Version"] = "1.0"
    _fill_text(message, html, "html", "utf-8", "quoted-printable", "utf-8")
    box.add_raw(
        trade,
        when,
        message,
        envelope="bounces@example-relationclient.org",
        labels={"newsletter"},
        case=None,
        lang="fr",
    )


def empty_mails(box: Mailbox) -> None:
    """No body, whitespace only; with a subject, with an empty one, with none."""
    bernard = Person("Bernard Lemoine", "bernard.lemoine@orange.fr")
    case = box.case(
        "points-lyon",
        "Bernard Lemoine",
        "Points of an 86.50 EUR purchase in the Lyon Part-Dieu store not credited",
    )
    box.mail(
        bernard,
        "04 10:02",
        "Réclamation",
        case=case,
        tone=0,
        lang=None,
        labels={"empty"},
    )
    box.mail(
        bernard,
        "04 10:09",
        "Réclamation",
        _body("""
            Bonjour,

            Excusez-moi, mon précédent message est parti vide.
            Je n'ai pas reçu les points de mon achat du 31 octobre au magasin de Lyon Part-Dieu (ticket 0108-2026-10-31-0417, 86,50 €). Ma carte : FID 4921 6650 3318.

            Merci.
            Bernard Lemoine
            """),
        case=case,
        tone=0,
        lang="fr",
    )

    mathilde = Person(None, "mathilde.r@free.fr")
    case = box.case(
        "vide-sans-objet",
        "mathilde.r@free.fr",
        "Unknown: an empty mail without subject",
    )
    box.mail(
        mathilde,
        "08 23:12",
        None,
        "\n   \n\t\n",
        case=case,
        tone=0,
        lang=None,
        labels={"empty"},
    )

    yves = Person("Yves Carpentier", "yves.carpentier@yahoo.fr")
    case = box.case(
        "vide-objet-vide",
        "Yves Carpentier",
        "Unknown: an empty mail with an empty subject",
    )
    box.mail(yves, "11 07:45", "", case=case, tone=0, lang=None, labels={"empty"})

    amandine = Person("Amandine Roux", "amandine.roux@laposte.net")
    case = box.case(
        "points-expires",
        "Amandine Roux",
        "1,200 points expired without the announced reminder e-mail",
    )
    box.mail(
        amandine,
        "13 14:20",
        "Points fidélité",
        "  \n\n",
        case=case,
        tone=0,
        lang=None,
        labels={"empty"},
    )
    box.mail(
        amandine,
        "13 14:26",
        "Points fidélité",
        _body("""
            Bonjour,

            (mon premier message est parti trop vite, désolée)

            Mes 1 200 points ont expiré le 31 octobre alors que votre règlement prévoit un e-mail de rappel un mois avant. Je n'ai jamais reçu ce rappel. Serait-il possible de les réactiver ?

            Cordialement,
            Amandine Roux
            FID 4921 0952 6671
            """),
        case=case,
        tone=0,
        lang="fr",
    )


def phone_signatures(box: Mailbox) -> None:
    """Mail whose only text is what the phone adds, and the real mail that follows."""
    lucas = Person("Lucas Petit", "lucas.petit@gmail.com")
    case = box.case(
        "colis-livre-non-recu",
        "Lucas Petit",
        "Order CMD-2026-105610 shown as delivered but never received",
    )
    box.mail(
        lucas,
        "06 12:31",
        "Commande CMD-2026-105610",
        "\n\nEnvoyé de mon iPhone\n",
        case=case,
        tone=0,
        lang="fr",
        labels={"empty", "sent-from-phone"},
        client="iphone",
    )
    box.mail(
        lucas,
        "06 12:40",
        "Commande CMD-2026-105610",
        "Bonjour, désolé pour le mail vide. Ma commande CMD-2026-105610 est indiquée "
        "livrée depuis hier (suivi 6A20417733582) mais je n'ai rien reçu, ni dans ma "
        "boîte aux lettres ni chez les voisins. Pouvez-vous ouvrir une enquête auprès "
        "du transporteur ? Merci, Lucas Petit\n" + _SIG_IPHONE,
        case=case,
        tone=0,
        lang="fr",
        client="iphone",
    )

    fatima = Person("Fatima Haddad", "fatima.haddad@hotmail.fr")
    case = box.case(
        "code-novembre",
        "Fatima Haddad",
        "Promo code NOVEMBRE20 rejected as expired before its end date",
    )
    box.mail(
        fatima,
        "07 15:02",
        "code",
        "Envoyé depuis mon Samsung Galaxy\n",
        case=case,
        tone=0,
        lang="fr",
        labels={"empty", "sent-from-phone"},
    )
    box.mail(
        fatima,
        "07 15:10",
        "code",
        _body("""
            Bonjour, le code promo NOVEMBRE20 reçu par mail ne marche pas sur le site, il dit "code expiré" alors qu'il est valable jusqu'au 30/11. Merci de regarder.
            Fatima

            Envoyé depuis mon Samsung Galaxy
            """),
        case=case,
        tone=0,
        lang="fr",
    )

    daniel = Person("Daniel Wright", "dan.wright@gmail.com")
    case = box.case(
        "points-commande-en-ligne",
        "Daniel Wright",
        "Points of online order CMD-2026-104455 not credited",
    )
    subject = "Points for online order CMD-2026-104455"
    d1 = box.mail(
        daniel,
        "03 18:20",
        subject,
        _body("""
            Hello,

            I placed order CMD-2026-104455 on your website on 25 October while logged in to my loyalty account, and it was delivered on the 30th. The 95 points it should have earned are not showing in my account.

            Could you look into it?

            Thank you,
            Daniel Wright
            """),
        case=case,
        tone=0,
        lang="en",
        alt=True,
    )
    answer = box.answer(
        daniel,
        "04 11:50",
        f"Re: {subject}",
        """
        Hello Mr Wright,

        Points for online orders are credited 14 days after delivery, once the return period is over. Yours will appear on 13 November.

        Kind regards,
        Camille
        Service Fidélité Maison Lumen
        """,
    )
    box.mail(
        daniel,
        "09 07:58",
        f"Re: {subject}",
        "\n\nSent from my iPhone\n\n" + quote_iphone_en(answer),
        case=case,
        tone=0,
        lang="en",
        labels={"empty", "sent-from-phone"},
        client="iphone",
        thread=[d1, answer.message_id],
    )

    josiane = Person("Josiane Blanc", "josiane.blanc@yahoo.fr")
    case = box.case(
        "mes-points",
        "Josiane Blanc",
        "Unknown: only a phone signature, subject 'Mes points'",
    )
    box.mail(
        josiane,
        "10 20:05",
        "Mes points",
        "\n\nEnvoyé depuis Yahoo Mail pour Android\n",
        html=(
            '<html><body><div><br></div><div id="ymail_android_signature">'
            '<a href="https://go.onelink.me/107872968?pid=InProduct">'
            "Envoyé depuis Yahoo Mail pour Android</a></div></body></html>\n"
        ),
        case=case,
        tone=0,
        lang="fr",
        labels={"empty", "sent-from-phone"},
    )

    kevin = Person("Kevin Moreau", "kevin.moreau@outlook.fr")
    case = box.case(
        "carte-deja-associee",
        "Kevin Moreau",
        "App refuses his card FID 4921 3307 1185: 'already linked to another account'",
    )
    outlook_android = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; '
        'charset=utf-8"></head><body><div dir="auto">{text}</div><div dir="auto">'
        '<br></div><div id="ms-outlook-mobile-signature"><div dir="auto">'
        'Obtenir <a href="https://aka.ms/AAb9ysg">Outlook pour Android</a></div></div>'
        "</body></html>\n"
    )
    box.mail(
        kevin,
        "12 08:12",
        "Carte fidélité",
        "\nObtenir Outlook pour Android\n",
        html=outlook_android.format(text="<br>"),
        case=case,
        tone=0,
        lang="fr",
        labels={"empty", "sent-from-phone"},
        cte="base64",
    )
    text = (
        "Bonjour, je n'arrive pas à ajouter ma carte fidélité dans l'application "
        "Maison Lumen, elle me dit « carte déjà associée à un autre compte ». Je n'ai "
        "qu'un compte. Carte FID 4921 3307 1185. Merci d'avance. Kevin Moreau"
    )
    box.mail(
        kevin,
        "12 08:20",
        "Carte fidélité",
        f"{text}\n\nObtenir Outlook pour Android\n",
        html=outlook_android.format(text=text),
        case=case,
        tone=0,
        lang="fr",
        cte="base64",
    )


def vague_requests(box: Mailbox) -> None:
    """Requests nobody can act on without asking something back."""
    chloe = Person("Chloé Martin", "chloe.martin2@gmail.com")
    case = box.case("code-perdu", "Chloé Martin", "Lost 'code' (which one is unknown)")
    box.mail(
        chloe,
        "08 09:47",
        "code",
        "Perdu mon code\n" + _SIG_IPHONE,
        case=case,
        tone=0,
        lang="fr",
        labels={"terse", "vague"},
        missing="which code: promo, activation, password or voucher?",
        client="iphone",
    )

    dylan = Person(None, "dylan.r93@sfr.fr")
    case = box.case(
        "ca-marche-pas", "dylan.r93@sfr.fr", "Something does not work (unknown what)"
    )
    box.mail(
        dylan,
        "11 23:58",
        "probleme",
        "ça marche pas\n",
        case=case,
        tone=0,
        lang="fr",
        labels={"terse", "vague"},
        missing="what does not work (card, promo code, website or app) and what "
        "happens?",
    )

    herve = Person("Hervé Lucas", "herve.lucas@orange.fr")
    case = box.case("probleme-compte", "Hervé Lucas", "Unspecified account problem")
    box.mail(
        herve,
        "06 10:33",
        "Problème compte",
        _body("""
            Bonjour,

            J'ai un problème avec mon compte fidélité depuis quelques jours. Pouvez-vous regarder ce qui se passe ?

            Merci d'avance,
            Hervé Lucas
            """),
        case=case,
        tone=0,
        lang="fr",
        labels={"vague"},
        missing="what the problem with the account is: login, points balance, "
        "personal details or card?",
    )

    grace = Person("Grace Wilson", "grace.wilson@hotmail.com")
    case = box.case("code-anglais", "Grace Wilson", "A 'code' does not work (unknown)")
    box.mail(
        grace,
        "09 16:20",
        "Code",
        _body("""
            Hi,

            the code doesn't work. Can you fix it please?

            Thanks
            Grace
            """),
        case=case,
        tone=0,
        lang="en",
        labels={"vague"},
        missing="which code (promo, voucher, activation or password) and what error "
        "is shown?",
    )


def formats(box: Mailbox) -> None:
    """HTML-only, empty text alternative, attachments, charsets, odd headers."""
    sophie = Person("Sophie Lambert", "sophie.lambert@outlook.fr")
    case = box.case(
        "compte-plusieurs-erreurs",
        "Sophie Lambert",
        "Two purchases without points, wrong e-mail and birth date on the account",
    )
    box.mail(
        sophie,
        "05 21:14",
        "Plusieurs problèmes avec mon compte fidélité",
        html=_body("""
            <html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>
            <body><div style="font-family: Calibri, Arial, sans-serif; font-size: 12pt;">
            <p>Bonjour,</p>
            <p>Je rencontre plusieurs problèmes avec mon compte fidélité (carte FID 4921 4410 8823)&nbsp;:</p>
            <ul>
            <li>mes achats du 17 et du 24 octobre au magasin de Toulouse n'ont pas rapporté de points&nbsp;;</li>
            <li>l'adresse e-mail du compte est l'ancienne (sophie.lambert@free.fr), je ne reçois donc plus vos offres&nbsp;;</li>
            <li>ma date de naissance est fausse (12/03 au lieu du 21/03).</li>
            </ul>
            <p>Pouvez-vous corriger tout cela&nbsp;? Merci beaucoup.</p>
            <p>Sophie Lambert</p>
            </div></body></html>
            """),
        case=case,
        tone=0,
        lang="fr",
    )

    patrick = Person("Patrick Dumas", "patrick.dumas@free.fr")
    case = box.case(
        "points-manquants-tableau",
        "Patrick Dumas",
        "Points of three October store purchases missing",
    )
    box.mail(
        patrick,
        "09 18:02",
        "Points manquants",
        html=_body("""
            <html><body>
            <p>Bonjour,</p>
            <p>C'est la troisième fois que ça m'arrive : mes achats en magasin ne sont pas crédités. Voici le détail :</p>
            <table border="1" cellpadding="4" cellspacing="0">
            <tr><th>Date</th><th>Magasin</th><th>Ticket</th><th>Montant</th><th>Points attendus</th></tr>
            <tr><td>03/10/2026</td><td>Rennes</td><td>0311-2026-10-03-0152</td><td>42,00 &euro;</td><td>42</td></tr>
            <tr><td>15/10/2026</td><td>Rennes</td><td>0311-2026-10-15-0088</td><td>118,50 &euro;</td><td>118</td></tr>
            <tr><td>29/10/2026</td><td>Saint-Malo</td><td>0318-2026-10-29-0240</td><td>64,90 &euro;</td><td>64</td></tr>
            </table>
            <p>Soit 224 points manquants sur ma carte FID 4921 6002 1470. Merci de faire le n&eacute;cessaire.</p>
            <p>Patrick Dumas</p>
            </body></html>
            """),
        case=case,
        tone=1,
        lang="fr",
        cte="8bit",
    )

    oliver = Person("Oliver Smith", "oliver.smith@outlook.com")
    case = box.case(
        "cadeau-fidelite-anglais",
        "Oliver Smith",
        "2,000-point reward (order CMD-2026-103990) not received",
    )
    box.mail(
        oliver,
        "10 14:33",
        "Reward not received",
        html=_body("""
            <html><body style="font-family: Segoe UI, sans-serif">
            <p>Good afternoon,</p>
            <p>On 20 October I exchanged <b>2,000 loyalty points</b> for the <i>Lumen candle set</i> (order <b>CMD-2026-103990</b>). The confirmation said delivery within 10 working days, but nothing has arrived and the order page still says "processing".</p>
            <p>Could you tell me when it will be shipped, or give my points back?</p>
            <p>Many thanks,<br>Oliver Smith<br>Flat 3, 14 rue de la Paix, 75002 Paris</p>
            </body></html>
            """),
        case=case,
        tone=0,
        lang="en",
    )

    ines = Person("Inès Benoît", "ines.benoit@gmail.com", "UTF-8", "b")
    case = box.case(
        "carte-virtuelle",
        "Inès Benoît",
        "Virtual loyalty card missing from the app after reinstalling it",
    )
    box.mail(
        ines,
        "08 10:25",
        "Carte virtuelle introuvable",
        "",
        html=_body("""
            <div dir="ltr"><div>Bonjour,</div><div><br></div>
            <div>Depuis que j'ai réinstallé l'application Maison Lumen sur mon téléphone, ma carte virtuelle n'apparaît plus : l'écran "Ma carte" est vide. Je suis pourtant bien connectée à mon compte (ines.benoit@gmail.com).</div>
            <div><br></div><div>Comment la récupérer ?</div><div><br></div>
            <div>Merci,</div><div>Inès Benoît</div></div>
            """),
        case=case,
        tone=0,
        lang="fr",
    )

    pascale = Person("Pascale Colin", "pascale.colin@laposte.net")
    case = box.case(
        "points-ticket-joint",
        "Pascale Colin",
        "Points of an 83.90 EUR purchase in Lille not credited (receipt attached)",
    )
    box.mail(
        pascale,
        "06 17:20",
        "Points non crédités - ticket joint",
        _body("""
            Bonjour,

            Mon achat du 31 octobre au magasin de Lille Grand Place (83,90 €) n'a pas été crédité sur ma carte fidélité FID 4921 1163 0951. Je vous joins le ticket de caisse.

            Cordialement,
            Pascale Colin
            """),
        case=case,
        tone=0,
        lang="fr",
        attachments=[
            Attachment("ticket_lumen_2026-10-31.pdf", "application/pdf", receipt_pdf())
        ],
    )

    vincent = Person("Vincent Marty", "vincent.marty@gmail.com")
    case = box.case(
        "lampe-cassee",
        "Vincent Marty",
        "Arc lamp of order CMD-2026-105244 delivered broken (photo attached)",
    )
    box.mail(
        vincent,
        "09 12:45",
        "Lampe reçue cassée CMD-2026-105244",
        _body("""
            Bonjour,

            J'ai reçu samedi la lampe Arc de ma commande CMD-2026-105244 : le pied en verre est fendu et l'abat-jour est enfoncé, le carton était pourtant intact. Très déçu, c'était un cadeau.

            Photo en pièce jointe. Je souhaite un échange, ou un remboursement si la lampe n'est plus disponible.

            Vincent Marty
            """),
        case=case,
        tone=1,
        lang="fr",
        alt=True,
        attachments=[Attachment("IMG_4821.JPG", "image/jpeg", photo_jpeg(box.rng))],
    )

    dominique = Person("Dominique Bertrand", "dominique.bertrand@wanadoo.fr")
    case = box.case(
        "bon-15-euros",
        "Dominique Bertrand",
        "15 EUR voucher not accepted in the Nice store",
    )
    # Outlook wrote windows-1252 (euro sign, curly quotes) but declared iso-8859-1.
    box.mail(
        dominique,
        "04 15:36",
        "Bon d'achat non accepté",
        _body("""
            Bonjour,

            Le bon d’achat de 15 € reçu pour mes 1 500 points a été refusé hier en caisse au magasin de Nice : la vendeuse m’a dit qu’il était “déjà utilisé”. Je ne l’ai jamais utilisé, ni en magasin ni sur le site.

            Numéro du bon : BA-15-22HX-K9PM.

            Pouvez-vous le réactiver ou m’en envoyer un nouveau ?

            Cordialement,
            Dominique Bertrand
            """),
        case=case,
        tone=0,
        lang="fr",
        charset="cp1252",
        declared="iso-8859-1",
        cte="quoted-printable",
        subject_charset="iso-8859-1",
        subject_encoding="b",
        client="outlook",
    )

    roger = Person("Roger Lacroix", "roger.lacroix@club-internet.fr")
    case = box.case(
        "solde-points",
        "Roger Lacroix",
        "Points balance and expiry date of card FID 4921 0117 4482",
    )
    # An old client: 8-bit latin-1 body, no charset declared anywhere.
    box.mail(
        roger,
        "10 08:50",
        "demande de renseignement points",
        _body("""
            Bonjour Madame, Monsieur,

            Je possède la carte fidélité n° FID 4921 0117 4482 depuis 2011. Je voudrais
            savoir combien de points il me reste, et jusqu'à quelle date ils sont
            valables, car je ne trouve plus le relevé que vous envoyiez par courrier.

            Avec mes remerciements,
            Roger Lacroix
            """),
        case=case,
        tone=0,
        lang="fr",
        charset="iso-8859-1",
        declared=None,
        cte="8bit",
    )

    nadine = Person("Nadine Arnaud", "nadine.arnaud@sfr.fr")
    case = box.case(
        "remboursement-annulation",
        "Nadine Arnaud",
        "49.90 EUR of cancelled order CMD-2026-104521 not refunded",
    )
    box.mail(
        nadine,
        "11 16:05",
        "Remboursement commande annulée CMD-2026-104521",
        _body("""
            Bonjour,

            Ma commande CMD-2026-104521 a été annulée le 22 octobre (article en rupture), on m’avait annoncé un remboursement sous 5 jours. Je n’ai toujours pas été remboursée des 49,90 € prélevés, et les 300 points que j’avais utilisés n’ont pas été recrédités non plus.

            Merci de faire le nécessaire rapidement.

            Nadine Arnaud
            """),
        case=case,
        tone=1,
        lang="fr",
        charset="windows-1252",
        cte="8bit",
        client="outlook",
    )

    raymond = Person("Raymond Picard", "r.picard@laposte.net")
    case = box.case(
        "carte-jamais-recue",
        "Raymond Picard",
        "Loyalty card requested in store in September never arrived by post",
    )
    box.mail(
        raymond,
        "07 09:30",
        "Carte de fidelite jamais recue",
        _body("""
            Bonjour,

            J'ai demande une carte de fidelite au magasin de Dijon le 12 septembre. On m'a dit que je la recevrais par courrier sous trois semaines, mais je n'ai toujours rien recu.

            Mon adresse : 4 rue Chabot-Charny, 21000 Dijon.

            Merci de me dire ce qu'il en est.
            Raymond Picard
            """),
        case=case,
        tone=0,
        lang="fr",
        with_message_id=False,
    )

    melanie = Person("Mélanie Giraud", "melanie.giraud@free.fr")
    case = box.case(
        "application-bloquee",
        "Mélanie Giraud",
        "App stuck on loading since its update: virtual card unusable at the till",
    )
    # The encoded word ends inside a UTF-8 sequence (=C3 without its second byte).
    box.mail(
        melanie,
        "08 14:10",
        "Application bloquée depuis la mise a jour",
        _body("""
            Bonjour,

            Depuis la mise à jour de l'application hier, elle reste bloquée sur l'écran de chargement et je ne peux plus présenter ma carte virtuelle en caisse. J'ai désinstallé et réinstallé, rien n'y fait (Android 14, Samsung A54).

            Pouvez-vous ajouter mes achats à la main en attendant ?

            Mélanie Giraud
            """),
        raw_subject="=?utf-8?q?Application_bloqu=C3?= depuis la mise a jour",
        case=case,
        tone=0,
        lang="fr",
    )

    francoise = Person(
        "Françoise Lévêque", "francoise.leveque@wanadoo.fr", "iso-8859-1", "b"
    )
    case = box.case(
        "changement-adresse",
        "Françoise Lévêque",
        "Change of postal address on the loyalty account",
    )
    box.mail(
        francoise,
        "02 13:37",
        "Changement d'adresse postale",
        _body("""
            Bonjour,

            Je viens de déménager. Pourriez-vous modifier l'adresse associée à ma carte fidélité FID 4921 3088 5216 ?

            Ancienne adresse : 27 avenue Foch, 54000 Nancy
            Nouvelle adresse : 3 place Stanislas, 54000 Nancy

            Je vous remercie.
            Françoise Lévêque
            """),
        case=case,
        tone=0,
        lang="fr",
        charset="iso-8859-1",
        cte="quoted-printable",
    )


def _one_off(
    box: Mailbox,
    who: Person,
    at: str,
    subject: str,
    body: str,
    *,
    slug: str,
    matter: str,
    tone: int,
    lang: str,
    **options: object,
) -> str | None:
    """A customer who wrote once: their case and their message."""
    case = box.case(slug, who.name or who.addr, matter)
    return box.mail(
        who, at, subject, _body(body), case=case, tone=tone, lang=lang, **options
    )


def forwards(box: Mailbox) -> None:
    """Customers forwarding the shop's own e-mails ("TR:", "Fwd:")."""
    _one_off(
        box,
        Person("Jacqueline Meyer", "jacqueline.meyer@orange.fr"),
        "05 11:47",
        "TR: Confirmation de votre commande CMD-2026-104760",
        """
        Bonjour,
        je vous transfère la confirmation de ma commande. Payée le 26 octobre, elle est toujours "en préparation" sur mon compte. Pouvez-vous me dire quand elle partira ?
        Cordialement,
        J. Meyer

        -------- Message transféré --------
        De : Maison Lumen <commandes@example-shop.fr>
        Date : lun. 26 oct. 2026 à 19:02
        Objet : Confirmation de votre commande CMD-2026-104760
        À : <jacqueline.meyer@orange.fr>

        Merci pour votre commande !

        Commande CMD-2026-104760 du 26/10/2026
        1 x Plaid en laine bouclée, écru ...... 79,00 €
        Frais de port ........................ offerts
        Total ................................ 79,00 €
        Points fidélité gagnés : 79

        Livraison estimée : entre le 30 octobre et le 3 novembre.
        """,
        slug="commande-en-preparation",
        matter="Order CMD-2026-104760 paid on 26 October still not shipped",
        tone=0,
        lang="fr",
    )
    _one_off(
        box,
        Person("Ben Carter", "ben.carter@gmail.com"),
        "11 13:15",
        "Fwd: Your Maison Lumen order CMD-2026-105901 has shipped",
        """
        Hi,

        The UPS tracking number in the email below (1Z999AA10123456784) has said "label created" for 8 days now. Could you check with UPS what is going on?

        Thanks,
        Ben

        ---------- Forwarded message ---------
        From: Maison Lumen <orders@example-shop.fr>
        Date: Tue, Nov 3, 2026 at 6:12 PM
        Subject: Your Maison Lumen order CMD-2026-105901 has shipped
        To: <ben.carter@gmail.com>


        Good news, your order is on its way!

        Order: CMD-2026-105901
        Carrier: UPS
        Tracking number: 1Z999AA10123456784
        """,
        slug="ups-etiquette-creee",
        matter="UPS parcel of order CMD-2026-105901 stuck at 'label created'",
        tone=0,
        lang="en",
        alt=True,
    )


def tone_edge_cases(box: Mailbox) -> None:
    """Angry from the first line, angry twice, polite then angry, polite in capitals."""
    _one_off(
        box,
        Person("Bruno Vidal", "bruno.vidal@orange.fr"),
        "03 22:47",
        "Troisième colis perdu - plainte",
        """
        Madame, Monsieur,

        Troisième colis perdu en un an (commande CMD-2026-104118, lampadaire Orbe, 249 €). Cette fois je ne perdrai pas trois semaines au téléphone : sans remboursement sous 8 jours, je saisis le médiateur de la consommation, je fais opposition auprès de ma banque et je porte plainte.

        Bruno Vidal
        """,
        slug="colis-perdu-plainte",
        matter="Third lost parcel (order CMD-2026-104118): refund demanded",
        tone=3,
        lang="fr",
    )

    helene = Person("Hélène Masson", "helene.masson@gmail.com", "UTF-8", "b")
    case = box.case(
        "points-disparus",
        "Hélène Masson",
        "Points balance dropped from 2,450 to 0 without explanation",
    )
    h1 = box.mail(
        helene,
        "05 13:12",
        "POINTS DISPARUS !!!",
        _body("""
            C'EST LA DEUXIÈME FOIS QUE MES POINTS DISPARAISSENT !!!
            J'avais 2 450 points hier sur l'application, ce matin 0. Carte FID 4921 5573 0019.
            Je veux mes points, et une explication.
            """),
        case=case,
        tone=2,
        lang="fr",
        alt=True,
    )
    box.mail(
        helene,
        "10 19:40",
        "Re: POINTS DISPARUS !!!",
        _body("""
            Cinq jours et AUCUNE réponse !!! Mes 2 450 points ne sont toujours pas revenus.
            C'est honteux de traiter les clients comme ça.
            """),
        case=case,
        tone=2,
        lang="fr",
        alt=True,
        thread=[h1],
    )

    franck = Person("Franck Leroy", "franck.leroy@gmail.com")
    case = box.case(
        "remboursement-retour",
        "Franck Leroy",
        "Refund of returned rug (order CMD-2026-103702) not received",
    )
    f1 = box.mail(
        franck,
        "02 09:30",
        "Remboursement retour CMD-2026-103702",
        _body("""
            Bonjour,

            J'ai renvoyé le 19 octobre le tapis de ma commande CMD-2026-103702 (taille trop grande). Le colis retour a été livré chez vous le 22 octobre d'après le suivi, mais je n'ai pas encore été remboursé (129 €).

            Pouvez-vous me dire où en est le remboursement ?

            Merci,
            Franck Leroy
            """),
        case=case,
        tone=0,
        lang="fr",
        alt=True,
    )
    box.mail(
        franck,
        "11 08:15",
        "Re: Remboursement retour CMD-2026-103702",
        _body("""
            ÇA FAIT 3 SEMAINES QUE VOUS AVEZ MON TAPIS ET 10 JOURS QUE J'AI ÉCRIT !!!
            Toujours pas un centime de remboursement. Je veux mes 129 € maintenant.
            """),
        case=case,
        tone=2,
        lang="fr",
        alt=True,
        thread=[f1],
    )

    linda = Person("Linda Scott", "linda.scott@yahoo.com")
    case = box.case(
        "double-debit-anglais",
        "Linda Scott",
        "Charged twice (2 x 64.90 EUR) for order CMD-2026-104380",
    )
    l1 = box.mail(
        linda,
        "03 16:10",
        "Charged twice for order CMD-2026-104380",
        _body("""
            Hello,

            My card was charged twice for order CMD-2026-104380 (64.90 EUR on 31 October, two identical lines on my statement). Only one parcel was delivered, which is correct, so I'd like the second payment refunded please.

            Best regards,
            Linda Scott
            """),
        case=case,
        tone=0,
        lang="en",
    )
    box.mail(
        linda,
        "12 21:05",
        "Re: Charged twice for order CMD-2026-104380",
        _body("""
            Nine days and no answer. If the duplicate charge is not refunded by Monday I will dispute it with my bank, and I will leave a review about your customer service everywhere I can.

            Linda Scott
            """),
        case=case,
        tone=3,
        lang="en",
        thread=[l1],
    )

    _one_off(
        box,
        Person("Monique Vasseur", "monique.vasseur@wanadoo.fr"),
        "07 10:02",
        "NOUVELLE CARTE DE FIDELITE",
        """
        BONJOUR MADAME, MONSIEUR

        JE VOUS ECRIS CAR JE N'AI PAS RECU MA NOUVELLE CARTE DE FIDELITE DEPUIS MON DEMENAGEMENT. L'ANCIENNE PORTAIT LE NUMERO FID 4921 0240 1137. MA NOUVELLE ADRESSE EST 15 RUE DES LILAS 59800 LILLE.

        JE VOUS REMERCIE PAR AVANCE ET VOUS SOUHAITE UNE BONNE JOURNEE.

        MONIQUE VASSEUR
        """,
        slug="nouvelle-carte",
        matter="Replacement card not received after moving to Lille",
        tone=0,
        lang="fr",
    )


def everyday_french(box: Mailbox) -> None:
    """The bulk of the mailbox: one polite, complete complaint per customer."""
    _one_off(
        box,
        Person("Nathalie Girard", "nathalie.girard@orange.fr"),
        "02 08:58",
        "Points non crédités achat Rennes",
        """
        Bonjour,

        Le 30 octobre j'ai fait un achat de 56,40 € au magasin de Rennes (ticket 0311-2026-10-30-0217) en présentant ma carte FID 4921 2651 9904. Les points n'apparaissent toujours pas sur mon compte.

        Pouvez-vous les ajouter ?

        Bonne journée,
        Nathalie Girard
        """,
        slug="points-rennes",
        matter="Points of a 56.40 EUR purchase in Rennes not credited",
        tone=0,
        lang="fr",
    )
    _one_off(
        box,
        Person("Julie Faure", "julie.faure@gmail.com"),
        "02 14:48",
        "Code BIENVENUE10 refusé",
        """
        Bonjour,

        Je me suis inscrite au programme fidélité la semaine dernière et j'ai reçu le code BIENVENUE10. Quand je l'entre sur le site, on me répond "code expiré", alors que le mail dit qu'il est valable 30 jours.

        Mon panier : un plaid et deux coussins, 112 € en tout.

        Merci de votre aide !
        Julie Faure
        """,
        slug="code-bienvenue-expire",
        matter="Welcome code BIENVENUE10 refused as expired",
        tone=0,
        lang="fr",
        alt=True,
    )
    _one_off(
        box,
        Person("Michel Bonnet", "michel.bonnet@free.fr"),
        "03 10:27",
        "Carte perdue",
        """
        Bonjour,

        J'ai perdu ma carte de fidélité (FID 4921 1974 3350) ce week-end. Pouvez-vous la bloquer, m'en envoyer une nouvelle et y reporter mes points (environ 900) ?

        Mon adresse n'a pas changé : 9 rue Pasteur, 69007 Lyon.

        Merci beaucoup,
        Michel Bonnet
        """,
        slug="carte-perdue",
        matter="Lost card: block it, send a new one, carry the points over",
        tone=0,
        lang="fr",
        cte="8bit",
    )
    _one_off(
        box,
        Person("Thomas Mercier", "thomas.mercier@gmail.com"),
        "04 08:20",
        "Article manquant commande CMD-2026-104612",
        """
        Bonjour,

        J'ai reçu hier ma commande CMD-2026-104612 mais il manque les deux bougeoirs en laiton (réf. LMN-BG-014), seuls le plateau et les bougies étaient dans le colis. Le bon de livraison les mentionne pourtant.

        Pouvez-vous me les envoyer ?

        Merci,
        Thomas Mercier

        Envoyé depuis mon smartphone Samsung Galaxy.
        """,
        slug="article-manquant",
        matter="Two candle holders missing from order CMD-2026-104612",
        tone=0,
        lang="fr",
    )
    _one_off(
        box,
        Person("Aurélie Chevalier", "aurelie.chevalier@laposte.net"),
        "04 12:05",
        "Changer l'adresse e-mail de mon compte",
        """
        Bonjour,

        Je souhaite remplacer l'adresse e-mail de mon compte fidélité (aurelie.chevalier@numericable.fr, qui n'existe plus) par celle-ci : aurelie.chevalier@laposte.net. Le site me demande de confirmer sur l'ancienne adresse, ce qui est impossible.

        Ma carte : FID 4921 7306 4418.

        Merci par avance,
        Aurélie Chevalier
        """,
        slug="changement-email",
        matter="Replace the account's defunct e-mail address",
        tone=0,
        lang="fr",
    )
    _one_off(
        box,
        Person("Philippe Garcia", "philippe.garcia@wanadoo.fr"),
        "05 18:30",
        "Regrouper deux cartes",
        """
        Bonjour,

        Mon épouse et moi avons chacun une carte fidélité (FID 4921 0566 1093 à mon nom et FID 4921 0566 2208 au nom de Martine Garcia). Est-il possible de regrouper les points sur une seule carte ? Nous faisons nos achats ensemble.

        Cordialement,
        Philippe Garcia
        """,
        slug="fusion-cartes",
        matter="Merge his and his wife's cards into one",
        tone=0,
        lang="fr",
        charset="iso-8859-1",
        cte="quoted-printable",
    )
    _one_off(
        box,
        Person("Christophe Robin", "christophe.robin@sfr.fr"),
        "06 09:12",
        "Offre anniversaire refusée en magasin",
        """
        Bonjour,

        J'ai reçu votre offre anniversaire (-20 % valable jusqu'au 15 novembre). Hier au magasin de Tours, la caissière m'a dit qu'elle ne s'appliquait "que sur le site". Rien de tel n'est écrit sur l'offre.

        Je trouve ça un peu limite. Pouvez-vous me confirmer si elle est valable en magasin ?

        Christophe Robin
        """,
        slug="offre-anniversaire",
        matter="Birthday -20% offer refused in the Tours store",
        tone=1,
        lang="fr",
    )
    _one_off(
        box,
        Person("Stéphanie Morel", "stephanie.morel@hotmail.fr"),
        "06 11:40",
        "Frais de port facturés commande CMD-2026-105077",
        """
        Bonjour,

        En tant que membre Gold, la livraison est censée être offerte. Pourtant 6,90 € de frais de port m'ont été facturés sur la commande CMD-2026-105077. Ce n'est pas la première fois.

        Merci de me rembourser ces frais.

        Stéphanie Morel
        """,
        slug="frais-de-port",
        matter="Shipping charged on order CMD-2026-105077 despite Gold status",
        tone=1,
        lang="fr",
    )
    _one_off(
        box,
        Person("Alexandre Fournier", "alex.fournier@gmail.com"),
        "08 19:22",
        "Colis retourné à l'expéditeur CMD-2026-104901",
        """
        Bonjour,

        Mon colis (commande CMD-2026-104901, suivi 6A30925517468) est reparti chez vous parce que le point relais était fermé pour travaux. Je n'ai reçu aucun avis.

        Pouvez-vous le renvoyer, cette fois à mon domicile : 22 rue Victor Hugo, 37000 Tours ?

        Merci,
        Alexandre Fournier
        """,
        slug="retour-expediteur",
        matter="Parcel of order CMD-2026-104901 returned to sender; resend home",
        tone=0,
        lang="fr",
        alt=True,
    )
    _one_off(
        box,
        Person("Laurent Mathieu", "laurent.mathieu@orange.fr"),
        "09 10:05",
        "Suppression de mon compte fidélité",
        """
        Bonjour,

        Conformément au RGPD, je vous demande de supprimer mon compte fidélité (carte FID 4921 4107 7752) ainsi que toutes les données personnelles associées, et de me confirmer cette suppression par écrit.

        Cordialement,
        Laurent Mathieu
        """,
        slug="suppression-rgpd",
        matter="GDPR request: delete his account and data",
        tone=0,
        lang="fr",
    )
    _one_off(
        box,
        Person("Cédric Henry", "cedric.henry@gmail.com"),
        "09 15:48",
        "Bon d'achat non recrédité après annulation",
        """
        Bonjour,

        J'avais utilisé un bon d'achat de 20 € sur la commande CMD-2026-104890, que vous avez annulée le 2 novembre (produit indisponible). Le paiement par carte m'a bien été remboursé, mais pas le bon d'achat, qui n'apparaît plus dans mon compte.

        Pouvez-vous me le recréditer ?

        Merci,
        Cédric Henry
        """,
        slug="bon-non-recredite",
        matter="20 EUR voucher used on cancelled order CMD-2026-104890 not restored",
        tone=0,
        lang="fr",
        alt=True,
    )
    _one_off(
        box,
        Person("Manon Blanchard", "manon.blanchard@gmail.com"),
        "10 12:12",
        "Inscription au programme fidélité",
        """
        Bonjour,

        Je me suis inscrite au programme fidélité en magasin à Angers samedi. On m'a dit que je recevrais un e-mail pour activer mon compte et ma carte virtuelle, mais je n'ai rien reçu (ni dans les spams).

        Pouvez-vous me le renvoyer ?

        Merci !
        Manon
        """
        + _SIG_IPHONE,
        slug="activation-compte",
        matter="Activation e-mail after signing up in the Angers store never received",
        tone=0,
        lang="fr",
        client="iphone",
    )
    _one_off(
        box,
        Person("Valérie Dupuis", "valerie.dupuis@sfr.fr"),
        "11 09:02",
        "Points retirés deux fois",
        """
        Bonjour,

        Après le retour d'un article de ma commande CMD-2026-104733, vous m'avez retiré 45 points, ce qui est normal. Mais ils ont été retirés DEUX fois (deux lignes "Retour -45" dans l'historique du 6 novembre).

        Merci de corriger, ce genre d'erreur est vraiment agaçant.

        Valérie Dupuis
        """,
        slug="points-retires-deux-fois",
        matter="45 points withdrawn twice after a return on order CMD-2026-104733",
        tone=1,
        lang="fr",
    )
    _one_off(
        box,
        Person("Romain Caron", "romain.caron@yahoo.fr"),
        "11 20:40",
        "Compte bloqué",
        """
        Bonjour,

        Après plusieurs essais de mot de passe, mon compte fidélité est bloqué ("compte temporairement verrouillé") depuis dimanche. Pouvez-vous le débloquer ? Mon e-mail de connexion est romain.caron@yahoo.fr.

        Merci

        Envoyé depuis Yahoo Mail pour Android
        """,
        slug="compte-verrouille",
        matter="Account locked after too many password attempts",
        tone=0,
        lang="fr",
    )
    _one_off(
        box,
        Person("Léa Brunet", "lea.brunet@hotmail.fr"),
        "12 13:30",
        "Cadeau palier 1000 points jamais reçu",
        """
        Bonjour,

        Le 14 octobre, j'ai échangé 1 000 points contre le diffuseur de parfum (commande cadeau CMD-2026-103655). Presque un mois plus tard je n'ai rien reçu, et mes points ont bien été débités.

        Pouvez-vous vérifier où en est l'envoi ?

        Cordialement,
        Léa Brunet
        """,
        slug="cadeau-palier",
        matter="1,000-point reward (order CMD-2026-103655) not received",
        tone=0,
        lang="fr",
    )
    _one_off(
        box,
        Person("Gaëlle Le Goff", "gaelle.legoff@orange.fr"),
        "12 16:05",
        "Erreur sur mon nom",
        """
        Bonjour,

        Sur ma carte et dans mon compte fidélité, mon nom est écrit "Gaelle Legoff" au lieu de "Gaëlle Le Goff". Ça a l'air de rien, mais du coup le site refuse mon nom de livraison. Pouvez-vous le corriger ?

        Merci d'avance,
        Gaëlle Le Goff
        """,
        slug="nom-errone",
        matter="Name misspelt on card and account",
        tone=0,
        lang="fr",
    )
    _one_off(
        box,
        Person("Olivier Perrot", "olivier.perrot@laposte.net"),
        "13 10:45",
        "Carte cadeau et points",
        """
        Bonjour,

        Quand je paie avec une carte cadeau Maison Lumen sur le site, je ne gagne aucun point fidélité, alors qu'en magasin si. C'est la troisième commande comme ça (la dernière : CMD-2026-105140, 95 €).

        Est-ce normal ? Si non, merci de créditer les points manquants.

        Olivier Perrot
        """,
        slug="carte-cadeau-points",
        matter="No points on online orders paid by gift card (last: CMD-2026-105140)",
        tone=1,
        lang="fr",
    )
    _one_off(
        box,
        Person("Sylvie Lemaire", "sylvie.lemaire@free.fr"),
        "14 11:20",
        "Colis livré au mauvais point relais",
        """
        Bonjour,

        Ma commande CMD-2026-105503 devait être livrée au point relais "Tabac de la Gare" à Arras, mais le suivi indique qu'elle a été déposée dans un relais à Douai, à 25 km.

        Pouvez-vous la faire transférer au bon relais ?

        Cordialement,
        Sylvie Lemaire
        """,
        slug="mauvais-relais",
        matter="Order CMD-2026-105503 dropped at the wrong pickup point",
        tone=0,
        lang="fr",
        cte="8bit",
    )
    _one_off(
        box,
        Person("Émilie Rousseau", "emilie.rousseau@gmail.com", "UTF-8", "b"),
        "14 09:12",
        "Offre double points non appliquée",
        """
        Bonjour,

        Votre newsletter annonce des points doublés jusqu'au 15 novembre pour tout achat de plus de 50 €. J'ai acheté pour 78 € hier à Orléans, et je n'ai eu que 78 points au lieu de 156.

        Encore une promesse non tenue ? Merci de rectifier.

        Émilie Rousseau
        FID 4921 9914 0036
        """,
        slug="double-points",
        matter="Double-points offer not applied to a 78 EUR purchase in Orléans",
        tone=1,
        lang="fr",
        alt=True,
    )
    _one_off(
        box,
        Person("Julien Lefort", "julien.lefort@outlook.fr"),
        "15 18:44",
        "Réclamation - nouvelle règle de points",
        """
        Bonjour,

        J'apprends que depuis le 1er novembre les achats en promotion ne rapportent plus de points. Aucun e-mail ne l'a annoncé aux membres, je l'ai découvert sur mon ticket.

        Je suis client depuis dix ans et je trouve le procédé peu correct. Pouvez-vous au moins me créditer les points de mon achat du 7 novembre ?

        Julien Lefort
        """,
        slug="regle-promotions",
        matter="No points on promotional items since 1 November, never announced",
        tone=1,
        lang="fr",
    )
    _one_off(
        box,
        Person("Corinne David", "corinne.david@orange.fr"),
        "15 21:03",
        "Livraison offerte disparue",
        """
        Bonjour,

        Depuis quelques jours, l'avantage "livraison offerte" de mon statut Gold n'apparaît plus dans mon compte et le site me facture les frais de port. Mon statut est pourtant valable jusqu'en mars 2027.

        Merci de regarder ce qui se passe, c'est un peu pénible.

        Corinne David
        """,
        slug="avantage-gold",
        matter="Gold free-shipping benefit gone from her account",
        tone=1,
        lang="fr",
    )
    _one_off(
        box,
        Person("Caroline Fabre", "caroline.fabre@gmail.com"),
        "05 14:25",
        "Points commande passée sans être connectée",
        """
        Bonjour,

        J'ai passé la commande CMD-2026-104655 sans me connecter à mon compte (en invitée, avec la même adresse e-mail). Est-il possible de rattacher cette commande à mon compte fidélité pour avoir les points ?

        Merci beaucoup,
        Caroline Fabre
        """,
        slug="commande-invitee",
        matter="Attach guest order CMD-2026-104655 to her loyalty account",
        tone=0,
        lang="fr",
        alt=True,
    )
    _one_off(
        box,
        Person("Nicole Barbier", "nicole.barbier@free.fr"),
        "06 15:40",
        "Bon d'achat papier perdu",
        """
        Bonjour,

        J'ai égaré le bon d'achat papier de 10 euros que j'ai reçu par courrier en octobre (pour mes 1 000 points). Serait-il possible de m'en envoyer un duplicata, par courrier ou par e-mail ? Ma carte : FID 4921 3561 2290.

        Avec mes remerciements,
        Nicole Barbier
        """,
        slug="bon-papier-perdu",
        matter="Duplicate of a lost 10 EUR paper voucher",
        tone=0,
        lang="fr",
        charset="iso-8859-1",
        cte="8bit",
    )
    _one_off(
        box,
        Person("Guillaume Roy", "guillaume.roy@gmail.com"),
        "07 18:30",
        "Commande CMD-2026-105455 annulée sans explication",
        """
        Bonjour,

        Ma commande CMD-2026-105455 a été annulée ce matin, sans aucune explication, alors que les articles sont toujours en stock sur le site. Les 500 points que j'avais utilisés n'ont pas été recrédités.

        J'aimerais comprendre, et récupérer mes points.

        Guillaume Roy
        """,
        slug="commande-annulee",
        matter="Order CMD-2026-105455 cancelled without reason; 500 points not restored",
        tone=1,
        lang="fr",
        alt=True,
    )
    _one_off(
        box,
        Person("Audrey Noël", "audrey.noel@hotmail.fr"),
        "08 11:05",
        "Demande de facture commande CMD-2026-105330",
        """
        Bonjour,

        Pourriez-vous m'envoyer la facture de la commande CMD-2026-105330 (livrée le 4 novembre) ? Je ne la trouve pas dans mon espace client, seul le bon de commande y figure.

        Merci d'avance,
        Audrey Noël
        """,
        slug="facture",
        matter="Invoice for order CMD-2026-105330",
        tone=0,
        lang="fr",
    )
    _one_off(
        box,
        Person("Jérôme Gauthier", "jerome.gauthier@sfr.fr"),
        "09 07:35",
        "Colis endommagé CMD-2026-104377",
        """
        Bonjour,

        Le colis de ma commande CMD-2026-104377 est arrivé écrasé et le vase en céramique est en morceaux. J'ai fait des réserves auprès du livreur.

        Comment procéder pour le remplacement ?

        Cordialement,
        Jérôme Gauthier

        Envoyé de mon iPad
        """,
        slug="colis-endommage",
        matter="Vase of order CMD-2026-104377 broken in transit",
        tone=0,
        lang="fr",
    )
    _one_off(
        box,
        Person("Patricia Dufour", "patricia.dufour@orange.fr"),
        "10 10:40",
        "Points calculés sur le mauvais montant",
        """
        Bonjour,

        Le 6 novembre au magasin de Caen, le plaid affiché 59 € m'a été compté 49 € en caisse (tant mieux pour moi !), mais du coup je n'ai eu que 49 points. Surtout, la caissière a ensuite corrigé le prix et je l'ai payé 59 €.

        Pouvez-vous ajouter les 10 points manquants ? Ticket 0144-2026-11-06-0311, carte FID 4921 2874 0059.

        Merci,
        Patricia Dufour
        """,
        slug="points-montant",
        matter="10 points missing after a price correction at the Caen till",
        tone=0,
        lang="fr",
    )
    _one_off(
        box,
        Person("Marc Collet", "marc.collet@free.fr"),
        "10 16:55",
        "Remise fidélité non appliquée sur le site",
        """
        Bonjour,

        La remise de 10 % réservée aux membres Silver ne s'applique pas dans mon panier sur le site, alors que je suis bien connecté et que mon compte affiche le statut Silver.

        Pouvez-vous vérifier ? Je voulais commander avant le week-end.

        Marc Collet
        """,
        slug="remise-silver",
        matter="Silver 10% discount not applied in the online basket",
        tone=0,
        lang="fr",
        cte="8bit",
    )
    _one_off(
        box,
        Person("Sandra Moulin", "sandra.moulin@wanadoo.fr"),
        "12 09:20",
        "Réclamation programme fidélité",
        """
        Bonjour,

        Je viens de voir que 800 de mes points expireront le 31 décembre. Je n'ai jamais été informée que les points avaient une durée de vie, et je n'ai pas prévu d'achat d'ici là.

        Je demande une prolongation. Je trouve dommage de traiter ainsi une cliente de longue date.

        Sandra Moulin
        """,
        slug="expiration-decembre",
        matter="800 points expiring on 31 December: asks for an extension",
        tone=1,
        lang="fr",
        charset="windows-1252",
        cte="quoted-printable",
        client="outlook",
    )
    _one_off(
        box,
        Person("Yannick Le Bris", "yannick.lebris@orange.fr"),
        "13 19:30",
        "Connexion impossible après changement d'e-mail",
        """
        Bonjour,

        J'ai changé mon adresse e-mail dans mon compte la semaine dernière. Depuis, impossible de me connecter, ni avec l'ancienne ni avec la nouvelle adresse ("identifiants incorrects"). Carte FID 4921 5208 3371.

        Merci de votre aide,
        Yannick Le Bris
        """,
        slug="connexion-nouvel-email",
        matter="Cannot log in since changing the account e-mail",
        tone=0,
        lang="fr",
    )
    _one_off(
        box,
        Person("Samir Bouzid", "samir.bouzid@gmail.com"),
        "14 16:40",
        "Cadeau fidélité incomplet",
        """
        Bonjour,

        J'ai bien reçu le coffret cadeau commandé avec mes points (commande CMD-2026-105118), mais il manque la bougie : il n'y a que le diffuseur et les recharges.

        Pouvez-vous m'envoyer la bougie manquante ?

        Merci,
        Samir Bouzid
        """,
        slug="coffret-incomplet",
        matter="Candle missing from reward box (order CMD-2026-105118)",
        tone=0,
        lang="fr",
        alt=True,
    )
    _one_off(
        box,
        Person("Agnès Poirier", "agnes.poirier@sfr.fr"),
        "08 17:15",
        "SMS publicitaires",
        """
        Bonjour,

        J'ai décoché l'option "offres par SMS" dans mon compte il y a trois semaines et je reçois toujours vos SMS, parfois deux par jour. Merci de retirer mon numéro (06 00 98 76 54) de vos listes.

        Agnès Poirier
        """,
        slug="sms-publicitaires",
        matter="Still receiving marketing SMS after opting out",
        tone=1,
        lang="fr",
    )
    _one_off(
        box,
        Person("Fabrice Leclerc", "fabrice.leclerc@hotmail.fr"),
        "13 12:25",
        "Remboursement en points au lieu d'argent",
        """
        Bonjour,

        J'ai retourné un luminaire (commande CMD-2026-104842) et j'ai été "remboursé" en points fidélité au lieu d'être remboursé sur ma carte bancaire. Je n'ai jamais demandé ça.

        Je souhaite un remboursement de 139 € sur ma carte, merci.

        Fabrice Leclerc
        """,
        slug="remboursement-en-points",
        matter="Return of order CMD-2026-104842 refunded in points instead of money",
        tone=1,
        lang="fr",
    )
    _one_off(
        box,
        Person("Maxime Renaud", "maxime.renaud@gmail.com"),
        "15 11:10",
        "Numéro de carte invalide sur le site",
        """
        Bonjour,

        Quand j'essaie d'ajouter ma carte fidélité à mon compte sur le site, j'ai le message "numéro de carte invalide". Le numéro est pourtant celui imprimé au dos : FID 4921 6139 8825.

        Merci de votre aide,
        Maxime Renaud
        """,
        slug="carte-invalide",
        matter="Website rejects card number FID 4921 6139 8825 as invalid",
        tone=0,
        lang="fr",
        alt=True,
    )


def conversations_french(box: Mailbox) -> None:
    """Two messages each: a complaint, the agent's answer, a reply that quotes it."""
    anne = Person("Anne Rolland", "anne.rolland@gmail.com")
    case = box.case(
        "points-application",
        "Anne Rolland",
        "Points not shown in the app (solved by an app update)",
    )
    a1 = box.mail(
        anne,
        "02 17:20",
        "Mes points n'apparaissent pas dans l'application",
        _body("""
            Bonjour,

            Depuis une semaine, l'application Maison Lumen affiche 0 point sur mon compte, alors que le site en affiche 1 320. Lequel a raison ?

            Merci,
            Anne Rolland
            """),
        case=case,
        tone=0,
        lang="fr",
        alt=True,
    )
    fixed = box.answer(
        anne,
        "03 11:00",
        "Re: Mes points n'apparaissent pas dans l'application",
        """
        Bonjour Madame Rolland,

        Le site a raison : vous avez bien 1 320 points. Un défaut d'affichage de l'application a été corrigé hier ; il suffit de la mettre à jour.

        Bien cordialement,
        Camille
        Service Fidélité Maison Lumen
        """,
    )
    box.mail(
        anne,
        "04 08:05",
        "Re: Mes points n'apparaissent pas dans l'application",
        _body("""
            Bonjour,

            Merci beaucoup, après la mise à jour je vois bien mes 1 320 points.

            Bonne journée !
            Anne Rolland
            """)
        + "\n"
        + quote_gmail_fr(fixed),
        case=case,
        tone=0,
        lang="fr",
        alt=True,
        thread=[a1, fixed.message_id],
    )

    antoine = Person("Antoine Faivre", "antoine.faivre@free.fr")
    case = box.case(
        "bonus-bienvenue",
        "Antoine Faivre",
        "200-point welcome bonus not credited after first order CMD-2026-104301",
    )
    b1 = box.mail(
        antoine,
        "02 15:35",
        "Bonus de bienvenue non crédité",
        _body("""
            Bonjour,

            Je me suis inscrit au programme fidélité le 20 octobre et j'ai passé ma
            première commande (CMD-2026-104301) le 24. Le bonus de bienvenue de
            200 points promis à la première commande n'a pas été crédité.

            Pouvez-vous vérifier ?

            Cordialement,
            Antoine Faivre
            """),
        case=case,
        tone=0,
        lang="fr",
        cte="8bit",
        client="thunderbird",
    )
    bonus = box.answer(
        antoine,
        "04 14:10",
        "Re: Bonus de bienvenue non crédité",
        """
        Bonjour Monsieur Faivre,

        Le bonus de bienvenue est crédité une fois la commande livrée et le délai de rétractation passé, soit le 7 novembre pour votre commande. Vous n'avez rien à faire.

        Bien cordialement,
        Camille
        Service Fidélité Maison Lumen
        """,
    )
    box.mail(
        antoine,
        "06 19:00",
        "Re: Bonus de bienvenue non crédité",
        _body("""
            Bonjour,

            Merci pour l'explication. Une dernière question : si je renvoie un des
            deux articles de la commande, est-ce que je perds le bonus ?

            Cordialement,
            Antoine Faivre

            """)
        + quote_thunderbird_fr(bonus),
        case=case,
        tone=0,
        lang="fr",
        cte="8bit",
        client="thunderbird",
        thread=[b1, bonus.message_id],
    )

    mc = Person("Marie-Claude Bernard", "mc.bernard@laposte.net")
    case = box.case(
        "bougie-gold",
        "Marie-Claude Bernard",
        "Gold members' free candle refused in the Metz store",
    )
    c1 = box.mail(
        mc,
        "03 08:15",
        "Bougie offerte membres Gold",
        _body("""
            Bonjour,

            Votre courrier d'octobre annonce une bougie offerte aux membres Gold en magasin jusqu'au 30 novembre. Au magasin de Metz, on m'a répondu qu'ils n'étaient "pas au courant".

            Comment puis-je en bénéficier ?

            Cordialement,
            Marie-Claude Bernard
            """),
        case=case,
        tone=0,
        lang="fr",
        alt=True,
    )
    candle = box.answer(
        mc,
        "03 15:25",
        "Re: Bougie offerte membres Gold",
        """
        Bonjour Madame Bernard,

        Nous sommes désolés de ce contretemps. Le magasin de Metz a été informé et votre bougie vous y attend : il suffit de présenter votre carte.

        Bien cordialement,
        Camille
        Service Fidélité Maison Lumen
        """,
    )
    box.mail(
        mc,
        "05 09:50",
        "RE: Bougie offerte membres Gold",
        _body("""
            Bonjour,

            Je suis repassée au magasin de Metz hier : toujours pas de bougie, la responsable n'avait reçu aucune consigne. C'est le deuxième déplacement pour rien.

            Marie-Claude Bernard

            """)
        + quote_outlook_web_fr(candle),
        case=case,
        tone=1,
        lang="fr",
        alt=True,
        thread=[c1, candle.message_id],
    )

    sebastien = Person("Sébastien Muller", "sebastien.muller@orange.fr")
    case = box.case(
        "niveau-gold",
        "Sébastien Muller",
        "Move from Silver to Gold not applied despite 1,500 EUR spent",
    )
    s1 = box.mail(
        sebastien,
        "04 09:15",
        "Passage au niveau Gold",
        _body("""
            Bonjour,

            J'ai dépassé 1 500 € d'achats sur les douze derniers mois (1 612 € d'après mon historique), ce qui devrait me faire passer au niveau Gold. Mon compte affiche toujours Silver.

            Pouvez-vous faire la mise à jour ?

            Merci,
            Sébastien Muller
            """),
        case=case,
        tone=0,
        lang="fr",
    )
    level = box.answer(
        sebastien,
        "05 09:10",
        "Re: Passage au niveau Gold",
        """
        Bonjour Monsieur Muller,

        Les niveaux sont recalculés le premier jour de chaque mois. Votre passage au niveau Gold sera donc visible le 1er décembre.

        Bien cordialement,
        Camille
        Service Fidélité Maison Lumen
        """,
    )
    box.mail(
        sebastien,
        "06 10:20",
        "Re: Passage au niveau Gold",
        _body("""
            Bonjour,

            Le 1er décembre ? Ça veut dire que je n'aurai pas les avantages Gold pour mes achats de Noël, alors que j'ai atteint le seuil fin octobre. Ce n'est pas très logique. Est-il possible de faire une exception ?

            Sébastien Muller

            """)
        + quote_apple_fr(level),
        case=case,
        tone=1,
        lang="fr",
        thread=[s1, level.message_id],
    )

    celine = Person("Céline Brun", "celine.brun@laposte.net")
    case = box.case(
        "code-activation-sms",
        "Céline Brun",
        "Card activation code by SMS never received",
    )
    e1 = box.mail(
        celine,
        "03 13:50",
        "Code d'activation jamais reçu",
        _body("""
            Bonjour,

            Pour activer ma nouvelle carte FID 4921 7790 5514 sur le site, on me demande un code envoyé par SMS au 06 00 45 67 89. Je l'ai demandé quatre fois, je n'ai jamais rien reçu.

            Pouvez-vous m'aider ?

            Céline Brun
            """),
        case=case,
        tone=0,
        lang="fr",
    )
    box.mail(
        celine,
        "09 20:10",
        "Re: Code d'activation jamais reçu",
        _body("""
            Bonjour,

            Je n'ai toujours reçu aucun SMS ni aucune réponse à mon message du 3 novembre. Y a-t-il un autre moyen d'activer la carte ?

            Céline Brun
            """),
        case=case,
        tone=1,
        lang="fr",
        thread=[e1],
    )


def everyday_english(box: Mailbox) -> None:
    """Customers who write in English: tourists, expatriates, online buyers abroad."""
    rachel = Person("Rachel Adams", "rachel.adams@gmail.com")
    case = box.case(
        "connexion-anglais",
        "Rachel Adams",
        "Cannot log in: 'account not found' for her e-mail",
    )
    r1 = box.mail(
        rachel,
        "02 16:40",
        "Can't log in to my loyalty account",
        _body("""
            Hello,

            I signed up for the loyalty programme in your Lyon store in September. When I try to log in on the website with this email address it says "account not found", and when I try to register it says the card number is already in use (FID 4921 8205 6630).

            Could you help me get access to my account?

            Thanks,
            Rachel Adams
            """),
        case=case,
        tone=0,
        lang="en",
        alt=True,
    )
    typo = box.answer(
        rachel,
        "03 10:14",
        "Re: Can't log in to my loyalty account",
        """
        Hello Ms Adams,

        Your card was registered with the address rachel.adams@gmial.com, probably a typing error in the store. We have corrected it: you can now reset your password with rachel.adams@gmail.com.

        Kind regards,
        Camille
        Service Fidélité Maison Lumen
        """,
    )
    box.mail(
        rachel,
        "03 19:02",
        "Re: Can't log in to my loyalty account",
        _body("""
            Hi,

            Thanks, the password reset worked, but now my points balance shows 0 instead of the 420 points I had on the receipt from October. Can you check that too?

            Rachel
            """)
        + "\n"
        + quote_gmail_en(typo),
        case=case,
        tone=0,
        lang="en",
        alt=True,
        thread=[r1, typo.message_id],
    )

    _one_off(
        box,
        Person("James Walker", "james.walker@gmail.com"),
        "02 10:48",
        "Loyalty card in Apple Wallet",
        """
        Hello,

        The "Add to Apple Wallet" button in your app does nothing on my iPhone 15 (iOS 19, app version 5.2.1). I'd like to have the card in my wallet so I don't forget it at the till.

        Is this a known problem?

        Regards,
        James Walker
        """,
        slug="apple-wallet",
        matter="'Add to Apple Wallet' button does nothing in the app",
        tone=0,
        lang="en",
        alt=True,
    )
    _one_off(
        box,
        Person("Emma Thompson", "emma.thompson@hotmail.com"),
        "03 13:05",
        "Promo code WINTER20 not accepted",
        """
        Dear Sir or Madam,

        I received your email offering 20% off with the code WINTER20 until 30 November. The website rejects it with "minimum basket not reached", although my basket is 146 EUR and the email says nothing about a minimum.

        Could you please apply the discount or tell me what I'm doing wrong?

        Yours faithfully,
        Emma Thompson
        """,
        slug="code-winter20",
        matter="Promo code WINTER20 rejected for 'minimum basket'",
        tone=0,
        lang="en",
    )
    _one_off(
        box,
        Person("Michael Brown", "mike.brown@yahoo.com"),
        "05 20:20",
        "Order CMD-2026-104702 not delivered",
        """
        Hello,

        My order CMD-2026-104702 was shipped to the UK on 23 October with Colissimo international, tracking CB123456789FR. The tracking hasn't changed since 27 October ("in transit to destination country").

        It's now two weeks. Can you open an investigation with the carrier?

        Michael Brown
        """,
        slug="colis-royaume-uni",
        matter="Parcel of order CMD-2026-104702 to the UK stuck in transit",
        tone=1,
        lang="en",
    )
    _one_off(
        box,
        Person("Sarah Johnson", "sarah.johnson@outlook.com"),
        "06 08:05",
        "Card declined in Nice store",
        """
        Hello,

        I'm on holiday in Nice and your store there refused my loyalty card yesterday, saying it "expired". It was issued in Paris in March this year (FID 4921 6781 1042), so I don't see how.

        Could you check the card, and add the points for yesterday's purchase (receipt 0620-2026-11-05-0129, 72.00 EUR)?

        Many thanks,
        Sarah Johnson
        """,
        slug="carte-expiree-nice",
        matter="Card FID 4921 6781 1042 refused as expired in the Nice store",
        tone=0,
        lang="en",
        alt=True,
        charset="utf-8",
        cte="base64",
    )
    _one_off(
        box,
        Person("Priya Patel", "priya.patel@gmail.com"),
        "07 14:22",
        "Points deducted twice for reward",
        """
        Hi,

        I exchanged 1,500 points for the linen throw reward yesterday (order CMD-2026-105377), and the points were deducted twice: my balance went from 3,200 to 200.

        Could you refund the extra 1,500 points please?

        Thanks,
        Priya

        Sent from my iPhone
        """,
        slug="points-debites-deux-fois",
        matter="1,500 points deducted twice for reward order CMD-2026-105377",
        tone=0,
        lang="en",
        client="iphone",
    )
    _one_off(
        box,
        Person("David Miller", "david.miller@outlook.com"),
        "09 11:11",
        "Change delivery address for order CMD-2026-105820",
        """
        Hello,

        I placed order CMD-2026-105820 last night and only now noticed it will go to my old address. It hasn't shipped yet according to my account. Could you change the delivery address to:

        David Miller
        5 Quai de la Fosse
        44000 Nantes

        Thank you very much,
        David
        """,
        slug="changement-adresse-commande",
        matter="Change delivery address of unshipped order CMD-2026-105820",
        tone=0,
        lang="en",
        alt=True,
    )
    _one_off(
        box,
        Person("Christopher Hall", "chris.hall@yahoo.com"),
        "10 17:30",
        "Points balance dropped",
        """
        Hello,

        From the 1st of November my points balance went from 2,340 to 1,840 and there is no line in the history explaining the 500 missing points. I haven't used any.

        I'd like to know what happened and get them back. This is not the first time the balance has been wrong.

        Chris Hall
        """,
        slug="solde-en-baisse",
        matter="500 points vanished from his balance on 1 November",
        tone=1,
        lang="en",
    )
    _one_off(
        box,
        Person("Hannah Lee", "hannah.lee@outlook.com"),
        "12 09:55",
        "Voucher expired while waiting for replacement card",
        """
        Hello,

        My 10 EUR voucher expired on 31 October while I was waiting three weeks for my replacement card (ordered 8 October, received 29 October). I had no way to use it in the meantime.

        I think it's fair to ask for a new voucher. Could you issue one?

        Regards,
        Hannah Lee
        """,
        slug="bon-expire-attente-carte",
        matter="10 EUR voucher expired while waiting for a replacement card",
        tone=1,
        lang="en",
        alt=True,
    )
    _one_off(
        box,
        Person("Mark Taylor", "mark.taylor@gmail.com"),
        "13 08:30",
        "Transfer points to my wife's account",
        """
        Hello,

        We are moving back to the UK next month. Can I transfer my remaining points (about 2,600, card FID 4921 1450 9987) to my wife's card (FID 4921 1450 9012), since she will keep shopping at your stores in Paris?

        Best wishes,
        Mark Taylor
        """,
        slug="transfert-points",
        matter="Transfer his points to his wife's card before moving abroad",
        tone=0,
        lang="en",
        alt=True,
    )
    _one_off(
        box,
        Person("Anna Kowalski", "anna.kowalski@gmail.com"),
        "14 15:45",
        "Lost tracking number for order CMD-2026-105977",
        """
        Hello,

        I accidentally deleted the shipping confirmation for my order CMD-2026-105977. Could you send me the tracking number again?

        Thank you and have a nice weekend,
        Anna Kowalski
        """,
        slug="suivi-perdu-anglais",
        matter="Tracking number of order CMD-2026-105977 deleted by mistake",
        tone=0,
        lang="en",
        alt=True,
    )
    _one_off(
        box,
        Person("Robert King", "robert.king@hotmail.com"),
        "15 10:20",
        "Birthday voucher not received",
        """
        Hello,

        My birthday was on 2 November and I haven't received the birthday voucher the loyalty programme promises. My details in the account are correct (card FID 4921 3932 6047).

        Could you send it?

        Kind regards,
        Robert King
        """,
        slug="bon-anniversaire-anglais",
        matter="Birthday voucher not received",
        tone=0,
        lang="en",
    )
    _one_off(
        box,
        Person("Laura Bennett", "laura.bennett@outlook.com"),
        "08 12:30",
        "Downgraded to Silver",
        """
        Hello,

        My account was downgraded from Gold to Silver on 1 November, although I spent more than 1,500 EUR over the last twelve months (mostly online, all orders under this email address).

        Please check and restore my Gold status. I'm rather disappointed to have to ask.

        Laura Bennett
        """,
        slug="niveau-retrograde",
        matter="Downgraded from Gold to Silver despite enough spending",
        tone=1,
        lang="en",
        alt=True,
    )
    _one_off(
        box,
        Person("George Hughes", "george.hughes@gmail.com"),
        "11 11:45",
        "Wrong item received in order CMD-2026-105612",
        """
        Hello,

        I ordered the large Arc lamp in black (ref. LMN-AR-300-N) and received the small one in brass (LMN-AR-200-L). Order CMD-2026-105612.

        How do I send it back and get the right one?

        Thanks,
        George Hughes
        """,
        slug="mauvais-article",
        matter="Wrong lamp received in order CMD-2026-105612",
        tone=0,
        lang="en",
        alt=True,
    )


_SCENARIOS = (
    lost_tracking_number,
    two_orders,
    two_addresses,
    address_in_capitals,
    english_repeat,
    outlook_customer,
    out_of_office,
    bounce,
    newsletters,
    empty_mails,
    phone_signatures,
    vague_requests,
    formats,
    forwards,
    tone_edge_cases,
    everyday_french,
    conversations_french,
    everyday_english,
)


def build_sample() -> tuple[bytes, bytes]:
    """The mbox bytes and the expected.json bytes; the same on every run."""
    box = Mailbox()
    for scenario in _SCENARIOS:
        scenario(box)
    return box.finish()


def write_sample(outdir: Path) -> tuple[Path, Path]:
    """Write mailbox.mbox and expected.json into `outdir`; return their paths."""
    mbox, expected = build_sample()
    outdir.mkdir(parents=True, exist_ok=True)
    mbox_path = outdir / "mailbox.mbox"
    expected_path = outdir / "expected.json"
    mbox_path.write_bytes(mbox)
    expected_path.write_bytes(expected)
    return mbox_path, expected_path


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m triage.sample.generate [OUTDIR]`."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or any(a.startswith("-") for a in args):
        print("usage: python -m triage.sample.generate [OUTDIR]", file=sys.stderr)
        return 2
    outdir = Path(args[0]) if args else Path(__file__).resolve().parent
    for path in write_sample(outdir):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
