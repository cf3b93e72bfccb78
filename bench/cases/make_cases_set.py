"""Write the second, blind evaluation set for case grouping: cases2.mbox and cases2.json.

Why a second set: the bundled sample's expected cases were written beside the grouping
code, so its score says little about mail nobody looked at while tuning. This set was
written blind: from issue 6's definition of a case (one customer, one matter; automatic
mail one case per sender) and from what an agent reading the mailbox would say, without
reading the grouping code, its scoring or the sample's messages.

What it holds: a week of backlog of Maison Lumen's loyalty service
(`service.fidelite@example-shop.fr`), Monday 30 November to Sunday 6 December 2026, with
a few mails of the weekend before. Many customers write once; hurried ones write 3 to 17
times about one matter, with and without thread headers, changing subjects, sending
"???" or a bare phone signature. Then the hard kinds: one customer with two or three
matters (different orders, an order and a card, a new matter in an old thread), one
customer on two addresses (same display name, same "-- " signature block), a customer's
own auto-reply in the middle of their thread; and the near misses: two customers about
one order or under one subject, one first name for two people, shortened order numbers,
tracking numbers that join and that separate, French and English reply prefixes, and
the agent's answers present only in In-Reply-To/References.

Why a script: the ground truth sits next to the text that justifies it, the checks
below refuse a set that contradicts its own definitions, and the output is
deterministic (no clock, no random boundary), so a diff of the outputs is a diff of the
data.

`python bench/cases/make_cases_set.py [OUTDIR]` writes OUTDIR/cases2.mbox (mboxo, via
the stdlib's `mailbox.mbox`) and OUTDIR/cases2.json; OUTDIR defaults to this script's
directory. A summary of counts goes to stderr.
"""

# Mail bodies keep the long paragraph lines that mail clients send, and the curly
# quotes and guillemets French mail is full of: line length and ambiguous characters
# are the data here, not style.
# ruff: noqa: E501, RUF001

import hashlib
import html
import json
import mailbox
import os
import re
import sys
import textwrap
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.header import Header
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime
from pathlib import Path
from typing import Any

SERVICE = "service.fidelite@example-shop.fr"
AGENT_NAME = "Service Fidélité Maison Lumen"
AGENT = f"{AGENT_NAME} <{SERVICE}>"
PARIS = timezone(timedelta(hours=1))  # no summer time in November and December
LONDON = timezone(timedelta(hours=0))
MACHINE = ("auto-reply", "bounce", "newsletter")
FIRST_DAY = datetime(2026, 11, 27, tzinfo=UTC)
END_DAY = datetime(2026, 12, 7, tzinfo=UTC)

# The hard kinds and near misses a case can stand for; a case may have several.
KINDS = {
    "hurried": "one matter, at least 3 mails from the customer",
    "two-matters": "the customer has another case in the set (two or three matters)",
    "new-matter-in-old-thread": "a reply in the thread of one matter opens another",
    "two-addresses": "one customer writing from two addresses (same name and '-- ' signature)",
    "auto-reply-in-thread": "the customer's own auto-reply sits in the middle of this thread",
    "customer-auto-reply": "automatic case of an address that is also a customer's",
    "same-order-other-customer": "another customer's case is about the same order number",
    "same-subject-other-customer": "another customer's case has the same normalised subject",
    "same-name-other-customer": "another customer has the same first name or display name",
    "shortened-order": "the order number is written short ('104233' for CMD-2026-104233)",
    "tracking-joins": "a mail joins only through a tracking number it shares",
    "tracking-separates": "same customer, similar subject, different tracking numbers",
    "no-text-follow-up": "a follow-up with no words to match: '???', a phone signature, an empty subject",
}

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
_DAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAYS_EN_LONG = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
_MONTHS_FR = {
    10: ("oct.", "octobre"),
    11: ("nov.", "novembre"),
    12: ("déc.", "décembre"),
}
_MONTHS_EN = {10: ("Oct", "October"), 11: ("Nov", "November"), 12: ("Dec", "December")}


# ---------------------------------------------------------------------------
# Records


@dataclass(frozen=True, slots=True)
class Person:
    """One sender: the name and address in From, and the mail client they write with."""

    name: str
    address: str
    client: str = "gmail"
    tz: timezone = PARIS

    @property
    def sender(self) -> str:
        return f"{self.name} <{self.address}>" if self.name else self.address


@dataclass(frozen=True, slots=True)
class Mail:
    """One message of the set and the case a human agent puts it in."""

    key: str
    when: datetime
    address: str
    subject: str
    raw: bytes
    message_id: str
    case: str
    labels: tuple[str, ...]  # automatic mail only
    refs: tuple[str, ...]  # keys of mails in the box this one's headers name
    via_agent: bool  # its headers name an answer of the agent, which is not in the box
    note: str


@dataclass(slots=True)
class Case:
    """One customer, one matter; or one automatic sender."""

    name: str
    customer: str
    matter: str
    kinds: list[str] = field(default_factory=list)


def identity(address: str) -> str:
    """The README's customer: lower case, no +tag, googlemail.com is gmail.com without dots."""
    local, _, domain = address.lower().rpartition("@")
    local = local.split("+", 1)[0]
    if domain == "googlemail.com":
        domain = "gmail.com"
    if domain == "gmail.com":
        local = local.replace(".", "")
    return f"{local}@{domain}"


# ---------------------------------------------------------------------------
# Deterministic identifiers and bytes


def _digest(key: str, salt: str = "") -> bytes:
    return hashlib.sha256(f"cases2/{salt}/{key}".encode()).digest()


def _hex(key: str, n: int, salt: str = "") -> str:
    return _digest(key, salt).hex()[:n]


def _alnum(key: str, n: int, salt: str = "") -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    data = _digest(key, salt) + _digest(key, salt + "+")
    return "".join(alphabet[b % len(alphabet)] for b in data[:n])


def _uuid(key: str) -> str:
    h = _hex(key, 32).upper()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def message_id(key: str, client: str, address: str) -> str:
    """A Message-ID shaped like the one the sender's mail client would write."""
    domain = address.rsplit("@", 1)[1].lower()
    if client == "gmail":
        return f"<CA{_alnum(key, 38)}@mail.gmail.com>"
    if client in ("iphone", "apple"):
        return f"<{_uuid(key)}@{domain}>"
    if client in ("outlook", "outlook-desktop"):
        server = f"{_alnum(key, 2).upper()}{int(_hex(key, 2), 16) % 9 + 1}PR0{int(_hex(key, 2, 's'), 16) % 9 + 1}MB{int(_hex(key, 4, 'n'), 16) % 9000 + 1000}"
        region = f"eurprd0{int(_hex(key, 2, 'r'), 16) % 9 + 1}"
        return (
            f"<{server}{_hex(key, 24, 'o').upper()}@{server}.{region}.prod.outlook.com>"
        )
    if client == "yahoo":
        n = int(_hex(key, 8), 16)
        return f"<{n % 9_000_000 + 1_000_000}.{n % 9_999_991}.{1_764_000_000_000 + n}@mail.yahoo.com>"
    if client == "android":
        return f"<{_hex(key, 16)}-{_hex(key, 12, 'a')}@email.android.com>"
    if client == "thunderbird":
        return f"<{_uuid(key).lower()}@{domain}>"
    if client == "orange":
        n = int(_hex(key, 8), 16)
        return f"<{n % 999_999_999}.{n % 99_991}.{1_764_000_000_000 + n}.JavaMail.open-xchange@opme11oxm0{n % 9 + 1}nd1.rouen.francetelecom.fr>"
    # French webmails (Free, SFR, La Poste, universities), newsletters, anything else
    return f"<{_hex(key, 14, 'w')}.{_hex(key, 10)}@{domain}>"


def agent_id(key: str) -> str:
    """Message-ID of one of the agent's answers: referenced, never in the box."""
    return f"<{_hex(key, 12, 'agent')}.{_hex(key, 6, 'agent2')}@example-shop.fr>"


def fake_file(key: str, kind: str, size: int) -> bytes:
    """Bytes that start like the named file type; random-looking, same on every run."""
    heads = {
        "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00",
        "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
    }
    tails = {"jpeg": b"\xff\xd9", "png": b"IEND\xaeB`\x82", "pdf": b"\n%%EOF\n"}
    body = bytearray()
    counter = 0
    while len(body) < size:
        body += _digest(f"{key}/{counter}", "file")
        counter += 1
    return heads[kind] + bytes(body[:size]) + tails[kind]


# ---------------------------------------------------------------------------
# Dates and quoted text


def at(when: str, tz: timezone = PARIS) -> datetime:
    """'2026-12-01 08:14' in the sender's zone."""
    return datetime.strptime(when, "%Y-%m-%d %H:%M").replace(tzinfo=tz)


def _hm(w: datetime) -> str:
    return f"{w.hour:02d}:{w.minute:02d}"


def _dedent(text: str) -> str:
    return textwrap.dedent(text).strip("\n")


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in _dedent(text).split("\n"))


def signed(text: str, sig: str) -> str:
    """A customer's text with the signature block their client appends."""
    return f"{_dedent(text)}\n\n{sig}"


def agent_text(text: str, agent: str = "Élise") -> str:
    """An answer of the agent as it is quoted back: the text and her signature."""
    return f"{_dedent(text)}\n\nBien cordialement,\n{agent}\n{AGENT_NAME}"


def agent_text_en(text: str, agent: str = "Élise") -> str:
    return f"{_dedent(text)}\n\nKind regards,\n{agent}\n{AGENT_NAME}"


def gmail_fr(when: str, text: str, author: str = AGENT) -> str:
    w = at(when)
    head = f"Le {_DAYS_FR[w.weekday()]} {w.day} {_MONTHS_FR[w.month][0]} {w.year} à {_hm(w)}, {author} a écrit :"
    return f"{head}\n\n{_quoted(text)}"


def apple_fr(when: str, text: str, author: str = AGENT) -> str:
    w = at(when)
    head = (
        f"Le {w.day} {_MONTHS_FR[w.month][0]} {w.year} à {_hm(w)}, {author} a écrit :"
    )
    return f"{head}\n\n{_quoted(text)}"


def orange_fr(when: str, text: str, author: str = AGENT) -> str:
    """Orange's webmail (Open-Xchange): a long date, then the quoted text."""
    w = at(when)
    head = (
        f"Le {w.day} {_MONTHS_FR[w.month][1]} {w.year} à {_hm(w)}, {author} a écrit :"
    )
    return f"{head}\n\n{_quoted(text)}"


def outlook_fr(when: str, to: str, subject: str, text: str, author: str = AGENT) -> str:
    """Outlook.com and mobile Outlook: a rule, a header block, the old text unquoted."""
    w = at(when)
    sent = f"{_DAYS_FR_LONG[w.weekday()]} {w.day} {_MONTHS_FR[w.month][1]} {w.year} {_hm(w)}"
    return (
        "________________________________\n"
        f"De : {author}\nEnvoyé : {sent}\nÀ : {to}\nObjet : {subject}\n\n"
        f"{_dedent(text)}"
    )


def android_fr(when: str, to: str, subject: str, text: str, author: str = AGENT) -> str:
    """Samsung Email: '-------- Message d'origine --------' and a numeric date."""
    w = at(when)
    return (
        "-------- Message d'origine --------\n"
        f"De : {author}\nDate : {w:%d/%m/%Y} {_hm(w)} (GMT+01:00)\nÀ : {to}\nObjet : {subject}\n\n"
        f"{_dedent(text)}"
    )


def zimbra_fr(when: str, to: str, subject: str, text: str, author: str = AGENT) -> str:
    """La Poste, SFR, Free and university webmails (Zimbra): '----- Mail original -----'."""
    w = at(when)
    sent = f"{_DAYS_FR[w.weekday()].rstrip('.').capitalize()} {w.day} {_MONTHS_FR[w.month][0]} {w.year} {_hm(w)}:00"
    return (
        "----- Mail original -----\n"
        f"De: {author}\nÀ: {to}\nEnvoyé: {sent}\nObjet: {subject}\n\n"
        f"{_quoted(text)}"
    )


def thunderbird_fr(when: str, text: str, author: str = AGENT) -> str:
    w = at(when)
    return f"Le {w:%d/%m/%Y} à {_hm(w)}, {author} a écrit :\n{_quoted(text)}"


def gmail_en(when: str, text: str, author: str = AGENT) -> str:
    w = at(when)
    head = f"On {_DAYS_EN[w.weekday()]}, {w.day} {_MONTHS_EN[w.month][0]} {w.year} at {_hm(w)}, {author} wrote:"
    return f"{head}\n\n{_quoted(text)}"


def outlook_en(when: str, to: str, subject: str, text: str, author: str = AGENT) -> str:
    w = at(when)
    hour = w.hour % 12 or 12
    sent = f"{_DAYS_EN_LONG[w.weekday()]}, {_MONTHS_EN[w.month][1]} {w.day}, {w.year} {hour}:{w.minute:02d} {'AM' if w.hour < 12 else 'PM'}"
    return (
        "________________________________\n"
        f"From: {author}\nSent: {sent}\nTo: {to}\nSubject: {subject}\n\n"
        f"{_dedent(text)}"
    )


def outlook_desktop_de(
    when: str, to: str, subject: str, text: str, author: str = AGENT
) -> str:
    """German Outlook desktop: 'Von: / Gesendet: / An: / Betreff:'."""
    w = at(when)
    days = (
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonntag",
    )
    months = {11: "November", 12: "Dezember"}
    sent = f"{days[w.weekday()]}, {w.day}. {months[w.month]} {w.year} {_hm(w)}"
    return (
        f"Von: {author}\nGesendet: {sent}\nAn: {to}\nBetreff: {subject}\n\n"
        f"{_dedent(text)}"
    )


def iphone_forward_fr(when: str, author: str, subject: str, text: str) -> str:
    """iOS Mail's forward in French: 'Début du message réexpédié :'."""
    w = at(when)
    return (
        "Début du message réexpédié :\n\n"
        f"De: {author}\nDate: {w.day} {_MONTHS_FR[w.month][1]} {w.year} à {_hm(w)}:00 UTC+1\n"
        f"À: {SERVICE}\nObjet: {subject}\n\n"
        f"{_dedent(text)}"
    )


def gmail_forward(when: str, author: str, to: str, subject: str, text: str) -> str:
    w = at(when)
    return (
        "---------- Forwarded message ---------\n"
        f"De : {author}\nDate: {_DAYS_FR[w.weekday()]} {w.day} {_MONTHS_FR[w.month][0]} {w.year} à {_hm(w)}\n"
        f"Subject: {subject}\nTo: {to}\n\n\n"
        f"{_dedent(text)}"
    )


# ---------------------------------------------------------------------------
# Building messages


_CLIENT_HEADERS: dict[str, tuple[tuple[str, str], ...]] = {
    "iphone": (("X-Mailer", "iPhone Mail (22C152)"),),
    "apple": (("X-Mailer", "Apple Mail (2.3826.300.87.4.3)"),),
    "outlook": (("X-MS-Has-Attach", ""), ("X-MS-TNEF-Correlator", "")),
    "outlook-desktop": (
        ("X-Mailer", "Microsoft Outlook 16.0"),
        ("Thread-Index", "AdtC"),
    ),
    "thunderbird": (
        (
            "User-Agent",
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.2",
        ),
    ),
    "android": (("X-Mailer", "Samsung Mobile"),),
    "orange": (("X-Mailer", "Open-Xchange Mailer v7.10.6-Rev65"),),
    "yahoo": (("X-Mailer", "WebService/1.1.23040 YMailNorrin"),),
    "gmail": (),
    "webmail": (("X-Mailer", "Zimbra 10.0.10_GA_4728 (zclient/10.0.10_GA_4728)"),),
}
_DEFAULT_FORMAT = {
    "gmail": "alt",
    "outlook": "alt",
    "outlook-desktop": "alt",
    "yahoo": "alt",
    "orange": "alt",
}


def _html_of(text: str, client: str) -> str:
    """The HTML part a client would send beside this plain text."""
    blocks: list[str] = []
    quoted: list[str] = []

    def flush() -> None:
        if quoted:
            inner = "<br>\n".join(html.escape(q) for q in quoted)
            blocks.append(
                '<blockquote style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">'
                f"{inner}</blockquote>"
            )
            quoted.clear()

    for line in text.split("\n"):
        if line.startswith(">"):
            quoted.append(line.lstrip("> "))
            continue
        flush()
        blocks.append(f"<div>{html.escape(line) if line else '<br>'}</div>")
    flush()
    body = "\n".join(blocks)
    if client.startswith("outlook"):
        body = body.replace("<div>", '<p class="MsoNormal">').replace("</div>", "</p>")
        return (
            '<html xmlns:o="urn:schemas-microsoft-com:office:office">\n<head>\n'
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
            "<style><!-- p.MsoNormal {margin:0cm; font-size:11.0pt; font-family:Calibri,sans-serif;} --></style>\n"
            f'</head>\n<body lang="FR">\n<div class="WordSection1">\n{body}\n</div>\n</body>\n</html>\n'
        )
    return f'<div dir="ltr">\n{body}\n</div>\n'


def _encoded(text: str) -> str:
    """A header value as it travels: RFC 2047 encoded words when not ASCII.

    Folded lines are indented by eight more spaces, since the value goes into a
    template that is dedented by eight.
    """
    if text.isascii():
        return text
    return Header(text, "utf-8").encode().replace("\n ", "\n" + " " * 9)


_AGENT_HEADER = f"{_encoded(AGENT_NAME)} <{SERVICE}>"  # short: never folded


class Box:
    """The set being written: its mails, its cases, and the checks they must pass."""

    def __init__(self) -> None:
        self.mails: list[Mail] = []
        self.cases: dict[str, Case] = {}
        self._ids: dict[str, str] = {}
        self._when: dict[str, datetime] = {}
        self._owner: dict[str, str] = {}  # identity -> customer of the case
        self._written: dict[str, str] = {}  # identity -> address as first written

    def written(self, address: str) -> str:
        """An address as the JSON shows it: lower case, the first spelling of its identity."""
        return self._written.setdefault(identity(address), address.lower())

    # -- cases ---------------------------------------------------------------

    def case(self, name: str, customer: Person, matter: str, *kinds: str) -> str:
        """Declare a customer's case; `customer` is the address the customer is known by."""
        assert name not in self.cases, f"duplicate case {name}"
        assert not name.startswith("automatic "), name
        for kind in kinds:
            assert kind in KINDS, f"{name}: unknown kind {kind}"
        self.written(customer.address)
        self.cases[name] = Case(name, identity(customer.address), matter, list(kinds))
        return name

    def _automatic_case(self, address: str, matter: str) -> str:
        name = f"automatic {self.written(address)}"
        if name not in self.cases:
            self.cases[name] = Case(name, identity(address), matter)
        return name

    # -- messages ------------------------------------------------------------

    def _ref(self, key: str) -> str:
        if key.startswith("agent:"):
            return agent_id(key)
        return self._ids[key]

    def _add(self, m: Mail) -> None:
        assert m.key not in self._ids, f"duplicate key {m.key}"
        for r in m.refs:
            assert self._when[r] < m.when, f"{m.key} refers to later {r}"
        self._ids[m.key] = m.message_id
        self._when[m.key] = m.when
        self.mails.append(m)

    def send(
        self,
        case: str,
        key: str,
        when: str,
        who: Person,
        subject: str,
        body: str = "",
        *,
        quote: str = "",
        refs: Sequence[str] = (),
        threading: str = "full",
        attach: Sequence[tuple[str, str, int]] = (),
        headers: Sequence[tuple[str, str]] = (),
        fmt: str | None = None,
        lang: str = "fr",
        note: str = "",
    ) -> None:
        """A mail a customer wrote, in `case`.

        `refs` are keys of earlier mails ("agent:..." for the agent's answers, which are
        not in the box); `threading` "full" writes In-Reply-To (the last) and References
        (all), "irt" In-Reply-To alone, "last" both with the last id only.
        """
        owner = self.cases[case].customer
        ident = identity(who.address)
        self.written(who.address)
        assert self._owner.setdefault(ident, owner) == owner, (
            f"{key}: {ident} already belongs to {self._owner[ident]}"
        )
        raw, mid = self._compose(
            key,
            when,
            who,
            subject,
            body,
            quote=quote,
            refs=refs,
            threading=threading,
            attach=attach,
            headers=headers,
            fmt=fmt,
            lang=lang,
        )
        self._add(
            Mail(
                key=key,
                when=at(when, who.tz),
                address=who.address,
                subject=subject,
                raw=raw,
                message_id=mid,
                case=case,
                labels=(),
                refs=tuple(r for r in refs if not r.startswith("agent:")),
                via_agent=any(r.startswith("agent:") for r in refs),
                note=note,
            )
        )

    def auto_reply(
        self,
        key: str,
        when: str,
        who: Person,
        subject: str,
        body: str,
        *,
        refs: Sequence[str] = (),
        headers: Sequence[tuple[str, str]] = (("Auto-Submitted", "auto-replied"),),
        lang: str = "fr",
        note: str = "",
    ) -> None:
        """An out-of-office answer: one automatic case per sender, never the customer's."""
        case = self._automatic_case(who.address, "out-of-office replies")
        raw, mid = self._compose(
            key,
            when,
            who,
            subject,
            body,
            refs=refs,
            headers=headers,
            fmt="plain",
            lang=lang,
        )
        self._add(
            Mail(
                key=key,
                when=at(when, who.tz),
                address=who.address,
                subject=subject,
                raw=raw,
                message_id=mid,
                case=case,
                labels=("auto-reply",),
                refs=tuple(r for r in refs if not r.startswith("agent:")),
                via_agent=any(r.startswith("agent:") for r in refs),
                note=note,
            )
        )

    def newsletter(
        self,
        key: str,
        when: str,
        who: Person,
        subject: str,
        text: str,
        *,
        list_id: str,
        unsubscribe: str,
        bulk: bool = True,
        matter: str,
        note: str = "",
    ) -> None:
        case = self._automatic_case(who.address, matter)
        paragraphs = "".join(
            f"<p>{html.escape(p)}</p>\n" for p in _dedent(text).split("\n\n") if p
        )
        page = (
            '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>\n'
            '<body style="font-family:Arial,sans-serif">\n<table width="600" align="center"><tr><td>\n'
            f"{paragraphs}</td></tr></table>\n</body></html>\n"
        )
        headers = [
            ("List-Id", list_id),
            ("List-Unsubscribe", unsubscribe),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        ]
        if bulk:
            headers.append(("Precedence", "bulk"))
        raw, mid = self._compose(
            key,
            when,
            who,
            subject,
            text,
            headers=headers,
            fmt="alt",
            html_body=page,
        )
        self._add(
            Mail(
                key=key,
                when=at(when, who.tz),
                address=who.address,
                subject=subject,
                raw=raw,
                message_id=mid,
                case=case,
                labels=("newsletter",),
                refs=(),
                via_agent=False,
                note=note,
            )
        )

    def raw(
        self,
        key: str,
        when: str,
        address: str,
        subject: str,
        raw: str,
        mid: str,
        *,
        matter: str,
        note: str = "",
    ) -> None:
        """A delivery report written byte for byte: bounces are machine-made."""
        case = self._automatic_case(address, matter)
        self._add(
            Mail(
                key=key,
                when=at(when),
                address=address,
                subject=subject,
                raw=_dedent(raw).encode() + b"\n",
                message_id=mid,
                case=case,
                labels=("bounce",),
                refs=(),
                via_agent=False,
                note=note,
            )
        )

    def _compose(
        self,
        key: str,
        when: str,
        who: Person,
        subject: str,
        body: str,
        *,
        quote: str = "",
        refs: Sequence[str] = (),
        threading: str = "full",
        attach: Sequence[tuple[str, str, int]] = (),
        headers: Sequence[tuple[str, str]] = (),
        fmt: str | None = None,
        html_body: str | None = None,
        lang: str = "fr",
    ) -> tuple[bytes, str]:
        """The message's bytes and Message-ID, built with `email` as the client would."""
        text = _dedent(body)
        if quote:
            text = f"{text}\n\n{quote}" if text.strip() else quote
        text = text.rstrip("\n") + "\n"
        mid = message_id(key, who.client, who.address)
        msg = EmailMessage(policy=default_policy)
        msg["From"] = who.sender
        msg["To"] = SERVICE
        msg["Subject"] = subject
        msg["Date"] = format_datetime(at(when, who.tz))
        msg["Message-ID"] = mid
        if refs:
            ids = [self._ref(r) for r in refs]
            msg["In-Reply-To"] = ids[-1]
            if threading == "full":
                msg["References"] = " ".join(ids)
            elif threading == "last":
                msg["References"] = ids[-1]
            else:
                assert threading == "irt", threading
        for name, value in _CLIENT_HEADERS.get(who.client, ()):
            if name == "Thread-Index":
                value = value + _alnum(key, 26, "ti") + "=="
            msg[name] = value
        if who.client.startswith("outlook"):
            msg["Content-Language"] = "fr-FR" if lang == "fr" else "en-GB"
        for name, value in headers:
            msg[name] = value
        chosen = fmt or (
            _DEFAULT_FORMAT.get(who.client, "plain") if text.strip() else "plain"
        )
        cte = "quoted-printable" if who.client.startswith("outlook") else None
        msg.set_content(text, charset="utf-8", cte=cte)
        if chosen == "alt":
            msg.add_alternative(html_body or _html_of(text, who.client), subtype="html")
        for filename, kind, size in attach:
            maintype, subtype = {
                "jpeg": ("image", "jpeg"),
                "png": ("image", "png"),
                "pdf": ("application", "pdf"),
            }[kind]
            msg.add_attachment(
                fake_file(f"{key}/{filename}", kind, size),
                maintype=maintype,
                subtype=subtype,
                filename=filename,
            )
        for n, part in enumerate(p for p in msg.walk() if p.is_multipart()):
            part.set_boundary(f"----=_Part_{n}_{_hex(key, 10, 'b')}")
        return msg.as_bytes(), mid


# ---------------------------------------------------------------------------
# Delivery reports


def postfix_bounce(
    box: Box,
    key: str,
    when: str,
    recipient: str,
    original_subject: str,
    original_key: str,
    *,
    status: str,
    diagnostic: str,
    action: str = "failed",
    note: str = "",
) -> None:
    """Postfix on our own MX: multipart/report; report-type=delivery-status."""
    moment = at(when)
    mid = f"<{moment.astimezone(UTC):%Y%m%d%H%M%S}.{_hex(key, 10).upper()}@mx.example-shop.fr>"
    boundary = f"{_hex(key, 10, 'b').upper()}.{int(_hex(key, 8), 16) % 10**10}/mx.example-shop.fr"
    if action == "failed":
        subject = "Undelivered Mail Returned to Sender"
        explanation = f"""\
            This is the mail system at host mx.example-shop.fr.

            I'm sorry to have to inform you that your message could not
            be delivered to one or more recipients. It's attached below.

            For further assistance, please send mail to postmaster.

            If you do so, please include this problem report. You can
            delete your own text from the attached returned message.

                               The mail system

            <{recipient}>: {diagnostic}"""
    else:
        subject = "Delayed Mail (still being retried)"
        explanation = f"""\
            This is the mail system at host mx.example-shop.fr.

            ####################################################################
            # THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
            ####################################################################

            Your message could not be delivered for more than 4 hour(s).
            It will be retried until it is 5 day(s) old.

            For further assistance, please send mail to postmaster.

                               The mail system

            <{recipient}>: {diagnostic}"""
    sent = format_datetime(moment - timedelta(minutes=1 if action == "failed" else 245))
    raw = f"""\
        Return-Path: <>
        Date: {format_datetime(moment)}
        From: MAILER-DAEMON@mx.example-shop.fr (Mail Delivery System)
        Subject: {subject}
        To: {SERVICE}
        Auto-Submitted: auto-replied
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status;
         boundary="{boundary}"
        Content-Transfer-Encoding: 8bit
        Message-Id: {mid}

        This is a MIME-encapsulated message.

        --{boundary}
        Content-Description: Notification
        Content-Type: text/plain; charset=us-ascii

        {textwrap.dedent(explanation).replace(chr(10), chr(10) + " " * 8)}

        --{boundary}
        Content-Description: Delivery report
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example-shop.fr
        X-Postfix-Queue-ID: {_hex(key, 10, "q").upper()}
        X-Postfix-Sender: rfc822; {SERVICE}
        Arrival-Date: {sent}

        Final-Recipient: rfc822; {recipient}
        Original-Recipient: rfc822;{recipient}
        Action: {action}
        Status: {status}
        Diagnostic-Code: smtp; {diagnostic}

        --{boundary}
        Content-Description: Undelivered Message Headers
        Content-Type: text/rfc822-headers

        From: {_AGENT_HEADER}
        To: {recipient}
        Subject: {_encoded(original_subject)}
        Date: {sent}
        Message-ID: {agent_id(original_key)}

        --{boundary}--"""
    box.raw(
        key,
        when,
        "MAILER-DAEMON@mx.example-shop.fr",
        subject,
        raw,
        mid,
        matter="delivery reports from our own mail server",
        note=note,
    )


def exchange_ndr(
    box: Box,
    key: str,
    when: str,
    recipient: str,
    original_subject: str,
    original_key: str,
    refs: Sequence[str],
    *,
    note: str = "",
) -> None:
    """Exchange Online's French non-delivery report, threaded to the agent's answer."""
    moment = at(when)
    mid = f"<{_hex(key, 8)}-{_hex(key, 4, 'x')}-{_hex(key, 4, 'y')}@AM9PR07MB7318.eurprd07.prod.outlook.com>"
    boundary = f"_{_hex(key, 30, 'b')}_"
    references = " ".join(box._ref(r) for r in refs)
    raw = f"""\
        From: postmaster@outlook.com
        To: {SERVICE}
        Date: {format_datetime(moment)}
        Subject: {_encoded("Non remis : " + original_subject)}
        Message-ID: {mid}
        In-Reply-To: {agent_id(original_key)}
        References: {references}
        Auto-Submitted: auto-replied
        Content-Language: fr-FR
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status;
         boundary="{boundary}"

        --{boundary}
        Content-Type: text/plain; charset="utf-8"
        Content-Transfer-Encoding: 8bit

        La remise a échoué pour ces destinataires ou groupes :

        {recipient}
        L'adresse de messagerie que vous avez entrée est introuvable. Vérifiez l'adresse de messagerie du destinataire et essayez de renvoyer le message. Si le problème persiste, contactez votre support technique.

        Informations de diagnostic pour les administrateurs :

        Serveur de génération : AM9PR07MB7318.eurprd07.prod.outlook.com

        {recipient}
        Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'

        --{boundary}
        Content-Type: message/delivery-status

        Reporting-MTA: dns;AM9PR07MB7318.eurprd07.prod.outlook.com
        Received-From-MTA: dns;mx.example-shop.fr
        Arrival-Date: {format_datetime(moment - timedelta(seconds=2))}

        Final-Recipient: rfc822;{recipient}
        Action: failed
        Status: 5.1.10
        Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound

        --{boundary}
        Content-Type: text/rfc822-headers

        From: {_AGENT_HEADER}
        To: {recipient}
        Subject: {_encoded(original_subject)}
        Message-ID: {agent_id(original_key)}
        In-Reply-To: {references.split()[-1]}

        --{boundary}--"""
    box.raw(
        key,
        when,
        "postmaster@outlook.com",
        f"Non remis : {original_subject}",
        raw,
        mid,
        matter="non-delivery reports from Exchange Online",
        note=note,
    )


# ---------------------------------------------------------------------------
# Hurried customers: one matter, many mails


def hurried(box: Box) -> None:
    """Ten customers who write again and again about a single matter."""
    # Perrine Vasseur: the issue's seventeen mails about one lost tracking number.
    # Two threads of her own, three fresh mails with new subjects, a shortened order
    # number, "???", "toujours rien", a bare phone signature, a screenshot with no
    # text, a forward of her own first mail and an empty subject: one case.
    perrine = Person("Perrine Vasseur", "perrine.vasseur@icloud.com", "iphone")
    c = box.case(
        "perrine-vasseur/suivi-131742",
        perrine,
        "no working tracking number for order CMD-2026-131742 (gift needed by Saturday)",
        "hurried",
        "shortened-order",
        "tracking-joins",
        "no-text-follow-up",
    )
    p1 = """
        Bonjour,

        J’ai passé la commande CMD-2026-131742 le 24 novembre (coffret de bougies « Nuit d’ambre » et un diffuseur, 89,90 €). Le mail « Votre commande est expédiée » est arrivé jeudi mais sans numéro de suivi, et le lien « Suivre mon colis » mène à une page vide.

        Pouvez-vous m’envoyer le numéro de suivi ? C’est un cadeau pour samedi.

        Merci,
        Perrine Vasseur

        Envoyé de mon iPhone
        """
    box.send(
        c,
        "perrine-1",
        "2026-11-30 08:02",
        perrine,
        "Numéro de suivi commande CMD-2026-131742",
        p1,
    )
    box.send(
        c,
        "perrine-2",
        "2026-11-30 12:40",
        perrine,
        "Re: Numéro de suivi commande CMD-2026-131742",
        """
        Bonjour, je me permets de relancer, j’ai vraiment besoin de ce numéro pour savoir si le colis arrivera avant samedi.
        Perrine

        Envoyé de mon iPhone
        """,
        quote=apple_fr("2026-11-30 08:02", p1, perrine.sender),
        refs=("perrine-1",),
        note="a reply to her own first mail",
    )
    p3 = """
        Toujours pas de numéro de suivi pour la commande 131742. Quelqu’un lit les mails ?

        Envoyé de mon iPhone
        """
    box.send(
        c,
        "perrine-3",
        "2026-11-30 18:15",
        perrine,
        "Commande 131742 - suivi ???",
        p3,
        note="new subject, no thread headers, order number shortened",
    )
    box.send(
        c,
        "perrine-4",
        "2026-11-30 22:03",
        perrine,
        "Re: Commande 131742 - suivi ???",
        "???",
        quote=apple_fr("2026-11-30 18:15", p3, perrine.sender),
        refs=("perrine-3",),
        note="'???' and nothing else",
    )
    box.send(
        c,
        "perrine-5",
        "2026-12-01 07:30",
        perrine,
        "Re: Numéro de suivi commande CMD-2026-131742",
        "toujours rien",
        refs=("perrine-1", "perrine-2"),
    )
    box.send(
        c,
        "perrine-6",
        "2026-12-01 09:12",
        perrine,
        "Re: Numéro de suivi commande CMD-2026-131742",
        "Envoyé de mon iPhone",
        refs=("perrine-1", "perrine-2", "perrine-5"),
        note="a bare phone signature",
    )
    box.send(
        c,
        "perrine-7",
        "2026-12-01 13:50",
        perrine,
        "URGENT colis introuvable",
        """
        Bonjour,

        Cela fait une semaine que j’ai commandé et je ne sais toujours pas où est mon colis. Aucune réponse à mes messages. Merci de me rappeler au 06 48 27 19 63, je suis joignable toute la journée.

        Perrine Vasseur

        Envoyé de mon iPhone
        """,
        note="new subject, no headers, no number at all: hers is the only open matter",
    )
    a1 = agent_text("""
        Bonjour Madame Vasseur,

        Je vous prie de nous excuser pour ce délai. Votre commande CMD-2026-131742 a été confiée à Colissimo le 26 novembre sous le numéro de suivi 6A30458812277. Elle devrait vous parvenir d’ici vendredi.
        """)
    p8 = """
        Bonjour,

        Merci, mais le numéro 6A30458812277 est inconnu sur le site de La Poste (« Nous ne trouvons pas votre envoi »). Vous êtes sûrs du numéro ?

        Perrine

        Envoyé de mon iPhone
        """
    box.send(
        c,
        "perrine-8",
        "2026-12-01 19:20",
        perrine,
        "Re: Numéro de suivi commande CMD-2026-131742",
        p8,
        quote=apple_fr("2026-12-01 16:05", a1),
        refs=("perrine-1", "perrine-2", "agent:perrine-a1"),
        note="answers the agent, whose mail is only in the headers",
    )
    p9 = """
        Bonjour,

        Le numéro de suivi 6A30458812277 que vous m’avez donné hier ne fonctionne toujours pas ce matin. Le colis existe-t-il vraiment ?

        Envoyé de mon iPhone
        """
    box.send(
        c,
        "perrine-9",
        "2026-12-02 08:05",
        perrine,
        "Suivi 6A30458812277 inconnu",
        p9,
        note="third subject; joins through the tracking number the agent gave",
    )
    box.send(
        c,
        "perrine-10",
        "2026-12-02 11:30",
        perrine,
        "Re: Suivi 6A30458812277 inconnu",
        "???",
        quote=apple_fr("2026-12-02 08:05", p9, perrine.sender),
        refs=("perrine-9",),
    )
    box.send(
        c,
        "perrine-11",
        "2026-12-02 17:45",
        perrine,
        "Re: Suivi 6A30458812277 inconnu",
        "Envoyé de mon iPhone",
        refs=("perrine-9", "perrine-10"),
        attach=(("IMG_2291.PNG", "png", 24000),),
        note="a screenshot of the tracking page and no text",
    )
    box.send(
        c,
        "perrine-12",
        "2026-12-03 09:00",
        perrine,
        "Re: Suivi 6A30458812277 inconnu",
        "toujours rien",
        refs=("perrine-9", "perrine-10", "perrine-11"),
    )
    box.send(
        c,
        "perrine-13",
        "2026-12-03 21:10",
        perrine,
        "RÉCLAMATION commande CMD-2026-131742",
        """
        C’EST INADMISSIBLE. Neuf jours après ma commande, un numéro de suivi qui n’existe pas et aucune réponse à mes douze messages. Je veux mon colis ou mon argent.

        Perrine Vasseur
        """,
    )
    box.send(
        c,
        "perrine-14",
        "2026-12-04 10:20",
        perrine,
        "Fwd: Numéro de suivi commande CMD-2026-131742",
        """
        Je vous renvoie ma première demande du 30 novembre, puisque personne ne semble l’avoir lue.

        Envoyé de mon iPhone
        """,
        quote=iphone_forward_fr(
            "2026-11-30 08:02",
            perrine.sender,
            "Numéro de suivi commande CMD-2026-131742",
            p1,
        ),
        note="forwards her own first mail: a forward has no thread headers",
    )
    box.send(
        c,
        "perrine-15",
        "2026-12-04 16:00",
        perrine,
        "",
        "???",
        note="empty subject, no headers, no words: still her one matter",
    )
    a2 = agent_text("""
        Bonjour Madame Vasseur,

        Colissimo nous confirme que l’étiquette de votre colis a été mal lue au dépôt : il est reparti ce matin et sera livré demain samedi. Nous vous présentons toutes nos excuses et créditons 500 points sur votre carte.
        """)
    box.send(
        c,
        "perrine-16",
        "2026-12-05 11:11",
        perrine,
        "Re: RÉCLAMATION commande CMD-2026-131742",
        """
        Colis reçu ce matin, tout est là. Merci pour les points, mais quelle galère.

        Perrine
        """,
        quote=apple_fr("2026-12-04 18:30", a2),
        refs=("perrine-13", "agent:perrine-a2"),
    )
    box.send(
        c,
        "perrine-17",
        "2026-12-05 11:16",
        perrine,
        "Re: Suivi 6A30458812277 inconnu",
        """
        C’est bon, reçu.

        Envoyé de mon iPhone
        """,
        refs=("perrine-9", "perrine-10", "perrine-11", "perrine-12"),
    )

    # Oliver Pennington: refund for a returned scarf, eight mails, Outlook in English.
    oliver = Person(
        "Oliver Pennington", "o.pennington@btinternet.com", "outlook", LONDON
    )
    c = box.case(
        "oliver-pennington/refund-128806",
        oliver,
        "refund for the scarf returned from order CMD-2026-128806",
        "hurried",
        "tracking-joins",
        "no-text-follow-up",
    )
    o1 = """
        Hello,

        I returned the cashmere scarf from order CMD-2026-128806 on 16 November (Royal Mail Tracked, LX184772031GB). Tracking shows it was delivered to your returns centre on 23 November, but I have not received the refund of £64.00 yet.

        Could you let me know when it will be processed?

        Best regards,
        Oliver Pennington
        """
    box.send(
        c,
        "oliver-1",
        "2026-11-28 10:14",
        oliver,
        "Refund for order CMD-2026-128806",
        o1,
        lang="en",
    )
    box.send(
        c,
        "oliver-2",
        "2026-11-30 09:20",
        oliver,
        "RE: Refund for order CMD-2026-128806",
        """
        Hello,

        Any update on this please?

        Oliver
        """,
        quote=outlook_en(
            "2026-11-28 10:14",
            SERVICE,
            "Refund for order CMD-2026-128806",
            o1,
            oliver.sender,
        ),
        refs=("oliver-1",),
        lang="en",
    )
    o3 = """
        Hello,

        Still no refund for order CMD-2026-128806. It has been more than a week since you received the parcel.

        Oliver Pennington
        """
    box.send(
        c,
        "oliver-3",
        "2026-12-01 18:02",
        oliver,
        "Still no refund - CMD-2026-128806",
        o3,
        lang="en",
    )
    box.send(
        c,
        "oliver-4",
        "2026-12-02 08:45",
        oliver,
        "Fw: Return received - order CMD-2026-128806",
        """
        This is your own email confirming you received my return on 23 November. Where is my refund?
        """,
        quote=outlook_en(
            "2026-11-23 14:12",
            oliver.address,
            "Retour reçu - commande CMD-2026-128806",
            """
            Bonjour,

            Nous avons bien reçu votre retour pour la commande CMD-2026-128806. Votre remboursement sera effectué sous 5 jours ouvrés.

            L’équipe Maison Lumen
            """,
            "Maison Lumen <retours@example-shop.fr>",
        ),
        lang="en",
        note="forwards the shop's return receipt: 'Fw:' prefix, a subject of its own",
    )
    box.send(
        c,
        "oliver-5",
        "2026-12-02 21:30",
        oliver,
        "RE: Still no refund - CMD-2026-128806",
        "???",
        quote=outlook_en(
            "2026-12-01 18:02",
            SERVICE,
            "Still no refund - CMD-2026-128806",
            o3,
            oliver.sender,
        ),
        refs=("oliver-3",),
        lang="en",
    )
    oa1 = agent_text_en("""
        Dear Mr Pennington,

        Thank you for your patience. We have asked our returns centre to release your refund for order CMD-2026-128806; it should reach your card within 3 to 5 working days.
        """)
    box.send(
        c,
        "oliver-6",
        "2026-12-03 12:00",
        oliver,
        "RE: Refund for order CMD-2026-128806",
        """
        Hello,

        Thank you, but the confirmation email of 23 November already said 5 working days. Please confirm the date the refund was actually issued.

        Oliver Pennington
        """,
        quote=outlook_en(
            "2026-12-03 10:00",
            oliver.address,
            "RE: Refund for order CMD-2026-128806",
            oa1,
        ),
        refs=("oliver-1", "oliver-2", "agent:oliver-a1"),
        lang="en",
    )
    o7 = """
        Still nothing on my card as of tonight. My return (LX184772031GB) reached you on 23 November: I would like a written confirmation that the refund has been sent.

        Oliver Pennington
        """
    box.send(
        c,
        "oliver-7",
        "2026-12-04 19:40",
        oliver,
        "Refund - 2nd reminder",
        o7,
        lang="en",
        note="no order number, no headers: the return's tracking number from his first mail",
    )
    box.send(
        c,
        "oliver-8",
        "2026-12-06 09:05",
        oliver,
        "RE: Refund - 2nd reminder",
        """
        If the refund is not on my card by Wednesday I will raise a chargeback with my bank.

        Oliver Pennington
        """,
        quote=outlook_en(
            "2026-12-04 19:40", SERVICE, "Refund - 2nd reminder", o7, oliver.sender
        ),
        refs=("oliver-7",),
        lang="en",
    )

    # Gaëlle Tanguy: points for a store purchase; webmail and her Samsung phone.
    gaelle = Person("Gaëlle Tanguy", "gaelle.tanguy@orange.fr", "orange")
    gaelle_phone = Person("Gaëlle Tanguy", "gaelle.tanguy@orange.fr", "android")
    c = box.case(
        "gaelle-tanguy/points-brest",
        gaelle,
        "points missing for the 28 November purchase at the Brest store",
        "hurried",
        "no-text-follow-up",
    )
    g1 = """
        Bonjour,

        Samedi 28 novembre j’ai fait un achat de 143,50 € au magasin de Brest (rue de Siam) en présentant ma carte FID 4937 2210 0486, mais les points n’apparaissent pas dans l’application. Le numéro du ticket est 0297-004-5812.

        Pouvez-vous vérifier ?

        Bonne soirée,
        Gaëlle Tanguy
        """
    box.send(
        c,
        "gaelle-1",
        "2026-11-29 20:10",
        gaelle,
        "Points manquants achat magasin Brest",
        g1,
    )
    box.send(
        c,
        "gaelle-2",
        "2026-12-01 09:40",
        gaelle,
        "Re: Points manquants achat magasin Brest",
        """
        Bonjour,

        Je relance ma demande de dimanche, les points ne sont toujours pas là.

        Gaëlle Tanguy
        """,
        quote=orange_fr("2026-11-29 20:10", g1, gaelle.sender),
        refs=("gaelle-1",),
    )
    g3 = """
        Toujours pas mes 143 points du 28 novembre. Carte FID 4937 2210 0486.

        Envoyé depuis mon appareil Galaxy
        """
    box.send(
        c,
        "gaelle-3",
        "2026-12-02 14:05",
        gaelle_phone,
        "Mes points",
        g3,
        note="from her phone, new short subject",
    )
    box.send(
        c,
        "gaelle-4",
        "2026-12-02 14:07",
        gaelle_phone,
        "Re: Mes points",
        "Envoyé depuis mon appareil Galaxy",
        quote=android_fr("2026-12-02 14:05", SERVICE, "Mes points", g3, gaelle.sender),
        refs=("gaelle-3",),
        attach=(("20261202_140611.jpg", "jpeg", 21000),),
        note="photo of the receipt, no words",
    )
    ga1 = agent_text("""
        Bonjour Madame Tanguy,

        Le magasin de Brest a eu un incident de caisse le 28 novembre. Vos 143 points seront crédités sous 48 heures.
        """)
    box.send(
        c,
        "gaelle-5",
        "2026-12-03 17:30",
        gaelle,
        "Re: Points manquants achat magasin Brest",
        """
        Merci pour votre réponse. Je regarderai samedi.

        Gaëlle
        """,
        quote=orange_fr("2026-12-03 11:00", ga1),
        refs=("gaelle-1", "agent:gaelle-a1"),
    )
    box.send(
        c,
        "gaelle-6",
        "2026-12-05 10:15",
        gaelle,
        "Re: Re: Points manquants achat magasin Brest",
        """
        Bonjour,

        Toujours pas crédités ce matin : mon solde est de 2 310 points, comme avant l’achat.

        Gaëlle Tanguy
        """,
        refs=("gaelle-1", "agent:gaelle-a1", "gaelle-5"),
    )

    # Rodolphe Jacquemin: a voucher refused as expired; two threads, shouting in between.
    rodolphe = Person("Rodolphe Jacquemin", "rjacquemin@free.fr", "thunderbird")
    c = box.case(
        "rodolphe-jacquemin/bon-refuse",
        rodolphe,
        "voucher BA-R8TM-2KQ6 refused as expired although valid until 31 December",
        "hurried",
    )
    r1 = """
        Bonjour,

        Mon bon d’achat de 15 € (code BA-R8TM-2KQ6) est refusé sur le site au moment de payer, avec le message « Ce code a expiré ». Or il est valable jusqu’au 31 décembre 2026, c’est écrit dans le mail où vous me l’avez envoyé.

        Cordialement,
        Rodolphe Jacquemin
        """
    box.send(c, "rodolphe-1", "2026-11-30 11:00", rodolphe, "Bon d'achat refusé", r1)
    box.send(
        c,
        "rodolphe-2",
        "2026-12-01 08:30",
        rodolphe,
        "Re: Bon d'achat refusé",
        """
        Toujours refusé ce matin, même message « code expiré ».

        R. Jacquemin
        """,
        quote=thunderbird_fr("2026-11-30 11:00", r1, rodolphe.sender),
        refs=("rodolphe-1",),
    )
    r3 = """
        TROISIÈME MAIL. LE BON BA-R8TM-2KQ6 EST VALABLE JUSQU'AU 31/12, C'EST ÉCRIT DESSUS. Je veux passer ma commande de Noël, pas écrire tous les jours.

        Rodolphe Jacquemin
        """
    box.send(
        c, "rodolphe-3", "2026-12-02 12:12", rodolphe, "BON D'ACHAT BA-R8TM-2KQ6", r3
    )
    ra1 = agent_text(
        """
        Bonjour Monsieur Jacquemin,

        Votre bon a été mal paramétré lors de son émission. Nous l’avons remplacé par un nouveau bon de 15 € valable jusqu’au 31 janvier : BA-W3NC-7HJ5.
        """,
        "Yanis",
    )
    box.send(
        c,
        "rodolphe-4",
        "2026-12-03 19:00",
        rodolphe,
        "Re: BON D'ACHAT BA-R8TM-2KQ6",
        """
        Le nouveau code marche, commande passée. Vous auriez pu commencer par là.
        """,
        quote=thunderbird_fr("2026-12-03 15:00", ra1),
        refs=("rodolphe-3", "agent:rodolphe-a1"),
        note="the replacement voucher's number is only in the quoted answer",
    )
    box.send(
        c,
        "rodolphe-5",
        "2026-12-05 09:45",
        rodolphe,
        "Re: Bon d'achat refusé",
        """
        Bonjour,

        Pour information, l’ancien bon BA-R8TM-2KQ6 apparaît toujours dans mon espace client comme « valable ». Il faudrait le retirer pour que ça ne se reproduise pas.

        Rodolphe Jacquemin
        """,
        refs=("rodolphe-1", "rodolphe-2"),
        note="back in his first thread, same voucher",
    )

    # Sandrine Kerbrat: new card never arrived; the agent's first answer bounced
    # (mailbox full), so she writes again without headers.
    sandrine = Person("Sandrine Kerbrat", "sandrine.kerbrat@laposte.net", "webmail")
    c = box.case(
        "sandrine-kerbrat/carte-non-recue",
        sandrine,
        "loyalty card not received since joining on 12 November (member 5518 2093)",
        "hurried",
        "same-subject-other-customer",
    )
    s1 = """
        Bonjour,

        Je me suis inscrite au programme de fidélité le 12 novembre au magasin de Lorient (numéro d’adhérente 5518 2093) et je n’ai toujours pas reçu ma carte. On m’avait dit une dizaine de jours.

        Cordialement,
        Sandrine Kerbrat
        """
    box.send(
        c, "sandrine-1", "2026-11-30 09:05", sandrine, "Carte de fidélité non reçue", s1
    )
    box.send(
        c,
        "sandrine-2",
        "2026-12-02 10:30",
        sandrine,
        "Carte de fidélité non reçue - relance",
        """
        Bonjour,

        Je n’ai eu aucune réponse à mon message de lundi. Ma carte de fidélité (adhérente 5518 2093) n’est toujours pas arrivée.

        Sandrine Kerbrat
        """,
    )
    sa1 = agent_text("""
        Bonjour Madame Kerbrat,

        Votre carte a été éditée le 20 novembre et envoyée par lettre simple. Si elle ne vous est pas parvenue d’ici vendredi, nous vous en enverrons une nouvelle.
        """)
    box.send(
        c,
        "sandrine-3",
        "2026-12-03 16:40",
        sandrine,
        "Re: Carte de fidélité non reçue",
        """
        Bonjour,

        J’ai enfin reçu votre réponse (ma boîte était pleine, désolée). La carte n’est pas arrivée pour l’instant, j’attends vendredi.

        Sandrine Kerbrat
        """,
        quote=zimbra_fr(
            "2026-12-03 14:00", sandrine.address, "Re: Carte de fidélité non reçue", sa1
        ),
        refs=("sandrine-1", "agent:sandrine-a2"),
    )
    box.send(
        c,
        "sandrine-4",
        "2026-12-05 11:00",
        sandrine,
        "Re: Carte de fidélité non reçue",
        "toujours rien dans la boîte aux lettres. Merci de m'en envoyer une autre comme convenu.",
        refs=("sandrine-1", "agent:sandrine-a2", "sandrine-3"),
    )

    # Anthony Mercadier: account locked; one mail from the same Gmail account
    # written without the dot, which is the same customer.
    anthony = Person("Anthony Mercadier", "anthony.mercadier@gmail.com")
    anthony_nodot = Person("Anthony Mercadier", "anthonymercadier@gmail.com")
    c = box.case(
        "anthony-mercadier/compte-bloque",
        anthony,
        "loyalty account locked, password reset mail never arrives",
        "hurried",
    )
    box.send(
        c,
        "anthony-1",
        "2026-11-30 21:40",
        anthony,
        "Compte bloqué",
        """
        Bonsoir,

        Mon compte fidélité est bloqué depuis ce soir après trois essais de mot de passe. Le lien « mot de passe oublié » ne m’envoie rien (j’ai regardé dans les spams).

        Anthony Mercadier
        """,
    )
    box.send(
        c,
        "anthony-2",
        "2026-12-01 07:55",
        anthony,
        "Re: Compte bloqué",
        "Toujours bloqué ce matin.",
        refs=("anthony-1",),
    )
    box.send(
        c,
        "anthony-3",
        "2026-12-02 13:20",
        anthony_nodot,
        "Mot de passe - lien de réinitialisation jamais reçu",
        """
        Bonjour,

        Je redemande : le lien de réinitialisation du mot de passe de mon compte (anthony.mercadier@gmail.com) n’arrive jamais, et le compte est bloqué depuis lundi soir.

        Merci,
        Anthony
        """,
        note="same Gmail account written without the dot",
    )
    aa1 = agent_text("""
        Bonjour Monsieur Mercadier,

        Votre compte est débloqué. Vous pouvez de nouveau demander un lien de réinitialisation ; il arrivera de no-reply@example-shop.fr.
        """)
    box.send(
        c,
        "anthony-4",
        "2026-12-03 18:30",
        anthony,
        "Re: Compte bloqué",
        "C'est débloqué et le lien est arrivé, merci !",
        quote=gmail_fr("2026-12-03 10:00", aa1),
        refs=("anthony-1", "anthony-2", "agent:anthony-a1"),
    )

    # Lucie Demarchi: birthday voucher; the third mail starts a new subject.
    lucie = Person("Lucie Demarchi", "lucie.demarchi@yahoo.fr", "yahoo")
    c = box.case(
        "lucie-demarchi/bon-anniversaire",
        lucie,
        "birthday voucher not received (birthday 27 November)",
        "hurried",
    )
    l1 = """
        Bonjour,

        Mon anniversaire était hier (27 novembre) et je n’ai pas reçu le bon d’anniversaire de 10 € des membres du programme. Ma date de naissance est pourtant bien renseignée dans mon compte.

        Belle journée,
        Lucie Demarchi
        """
    box.send(c, "lucie-1", "2026-11-28 14:00", lucie, "Bon anniversaire non reçu", l1)
    box.send(
        c,
        "lucie-2",
        "2026-12-01 20:00",
        lucie,
        "Re: Bon anniversaire non reçu",
        "Un petit retour ?\n\nLucie",
        quote=gmail_fr("2026-11-28 14:00", l1, lucie.sender),
        refs=("lucie-1",),
    )
    box.send(
        c,
        "lucie-3",
        "2026-12-04 08:10",
        lucie,
        "toujours rien pour mon bon d'anniversaire",
        """
        Bonjour,

        Une semaine après, toujours pas de bon d’anniversaire et pas de réponse. C’est dommage pour un cadeau…

        Lucie Demarchi
        """,
    )

    # Bastien Roux-Ferrier: wrong colour; Outlook.com's "RE:" and "TR:".
    bastien = Person("Bastien Roux-Ferrier", "bastien.rf@hotmail.fr", "outlook")
    c = box.case(
        "bastien-roux-ferrier/erreur-130554",
        bastien,
        "grey throw received instead of beige, order CMD-2026-130554",
        "hurried",
    )
    b1 = """
        Bonjour,

        J’ai reçu aujourd’hui la commande CMD-2026-130554 : le plaid est gris alors que j’avais commandé le beige (réf. PL-204-BG). Photo jointe. Comment faire l’échange ?

        Bastien Roux-Ferrier
        """
    box.send(
        c,
        "bastien-1",
        "2026-12-01 12:30",
        bastien,
        "Erreur de couleur commande CMD-2026-130554",
        b1,
        attach=(("plaid.jpg", "jpeg", 15000),),
    )
    box.send(
        c,
        "bastien-2",
        "2026-12-02 18:00",
        bastien,
        "RE: Erreur de couleur commande CMD-2026-130554",
        "Pouvez-vous m'envoyer une étiquette retour ?",
        quote=outlook_fr(
            "2026-12-01 12:30",
            SERVICE,
            "Erreur de couleur commande CMD-2026-130554",
            b1,
            bastien.sender,
        ),
        refs=("bastien-1",),
    )
    box.send(
        c,
        "bastien-3",
        "2026-12-04 09:15",
        bastien,
        "TR: Erreur de couleur commande CMD-2026-130554",
        "Je vous renvoie ma demande, toujours sans réponse.",
        quote=outlook_fr(
            "2026-12-01 12:30",
            SERVICE,
            "Erreur de couleur commande CMD-2026-130554",
            b1,
            bastien.sender,
        ),
        note="forwards his own first mail: no thread headers",
    )

    # Hélène Quéméner: points expired; the third mail is a fresh "Réclamation".
    helene = Person("Hélène Quéméner", "h.quemener@wanadoo.fr", "orange")
    c = box.case(
        "helene-quemener/points-expires",
        helene,
        "1,250 points expired on 30 November despite a purchase on 14 November",
        "hurried",
    )
    h1 = """
        Bonjour,

        Mes 1 250 points ont expiré le 30 novembre alors que j’ai fait un achat le 14 novembre à Quimper, ce qui aurait dû prolonger leur validité d’un an selon votre règlement. Ma carte : FID 4937 6604 1179.

        Merci de les rétablir.
        Hélène Quéméner
        """
    box.send(c, "helene-1", "2026-12-01 08:20", helene, "Points expirés à tort", h1)
    box.send(
        c,
        "helene-2",
        "2026-12-03 10:10",
        helene,
        "Re: Points expirés à tort",
        """
        Bonjour,

        Pouvez-vous me répondre ? Je comptais utiliser ces points pour Noël.

        H. Quéméner
        """,
        quote=orange_fr("2026-12-01 08:20", h1, helene.sender),
        refs=("helene-1",),
    )
    box.send(
        c,
        "helene-3",
        "2026-12-05 15:45",
        helene,
        "Réclamation - points fidélité",
        """
        Madame, Monsieur,

        Sans réponse à mes deux messages, je formule une réclamation : 1 250 points supprimés à tort sur la carte FID 4937 6604 1179, malgré un achat le 14 novembre. Je vous demande de les rétablir au plus vite.

        Hélène Quéméner
        """,
    )

    # Stefan Kühnel: English from a German Outlook ("AW:", "WG:"); the third mail is a
    # forwarded carrier notice whose only link is the DPD tracking number.
    stefan = Person("Stefan Kühnel", "s.kuehnel@web.de", "outlook-desktop")
    c = box.case(
        "stefan-kuehnel/dpd-129377",
        stefan,
        "parcel of order CMD-2026-129377 held by DPD in Germany",
        "hurried",
        "tracking-joins",
    )
    k1 = """
        Hello,

        My order CMD-2026-129377 was shipped on 24 November to Germany but the parcel has not moved since it arrived at the DPD depot in Mannheim. Can you check what is going on?

        Best regards,
        Stefan Kühnel
        """
    box.send(
        c,
        "stefan-1",
        "2026-11-30 13:00",
        stefan,
        "Order CMD-2026-129377 - parcel stuck",
        k1,
        lang="en",
    )
    ka1 = agent_text_en("""
        Dear Mr Kühnel,

        Your parcel was handed to DPD on 25 November under tracking number 01505038712446. We have asked DPD for an update.
        """)
    box.send(
        c,
        "stefan-2",
        "2026-12-02 09:30",
        stefan,
        "AW: Order CMD-2026-129377 - parcel stuck",
        """
        Thanks, but DPD now says the parcel is waiting for "address clarification". My address is correct: Kaiserring 41, 68161 Mannheim.

        Stefan
        """,
        quote=outlook_desktop_de(
            "2026-12-01 16:20",
            stefan.address,
            "Re: Order CMD-2026-129377 - parcel stuck",
            ka1,
        ),
        refs=("stefan-1", "agent:stefan-a1"),
        lang="en",
    )
    box.send(
        c,
        "stefan-3",
        "2026-12-03 16:50",
        stefan,
        "WG: Ihre DPD Paketzustellung 01505038712446",
        """
        Please see the DPD message below. What should I do?

        Stefan Kühnel
        """,
        quote=outlook_desktop_de(
            "2026-12-03 15:02",
            stefan.address,
            "Ihre DPD Paketzustellung 01505038712446",
            """
            Guten Tag,

            leider konnten wir Ihr Paket 01505038712446 heute nicht zustellen: Die Adresse ist unvollständig. Bitte ergänzen Sie Ihre Adresse unter dpd.de/zustellung.

            Ihr DPD Team
            """,
            "DPD Kundenservice <noreply@dpd.example>",
        ),
        lang="en",
        note="a forwarded carrier notice: new subject, no headers, only the tracking number links it",
    )
    box.send(
        c,
        "stefan-4",
        "2026-12-05 10:00",
        stefan,
        "AW: Order CMD-2026-129377 - parcel stuck",
        "The parcel arrived this morning. Thank you.",
        refs=("stefan-1", "agent:stefan-a1", "stefan-2", "agent:stefan-a2"),
        lang="en",
    )


# ---------------------------------------------------------------------------
# One customer, two or three matters


def two_matters(box: Box) -> None:
    """Customers with more than one matter: each matter is its own case."""
    # Thibault Garnier: two orders, parallel subjects that differ only by the number.
    thibault = Person("Thibault Garnier", "thibault.garnier@gmail.com")
    c1 = box.case(
        "thibault-garnier/incomplete-127719",
        thibault,
        "candle holder missing from order CMD-2026-127719",
        "two-matters",
    )
    c2 = box.case(
        "thibault-garnier/retard-132260",
        thibault,
        "express delivery of order CMD-2026-132260 late",
        "two-matters",
        "shortened-order",
    )
    box.send(
        c1,
        "thibault-1",
        "2026-11-30 10:30",
        thibault,
        "Commande CMD-2026-127719 incomplète",
        """
        Bonjour,

        J’ai reçu samedi la commande CMD-2026-127719 mais le bougeoir en laiton (réf. BG-118) manquait dans le carton. Le bon de livraison le mentionne pourtant.

        Cordialement,
        Thibault Garnier
        """,
    )
    t2 = """
        Bonjour,

        J’ai commandé vendredi 27 novembre (CMD-2026-132260) avec la livraison express promise pour le 1er décembre. Rien reçu aujourd’hui et le suivi n’a pas bougé depuis samedi.

        Cordialement,
        Thibault Garnier
        """
    box.send(
        c2,
        "thibault-2",
        "2026-12-01 21:00",
        thibault,
        "Commande CMD-2026-132260 en retard",
        t2,
    )
    ta1 = agent_text("""
        Bonjour Monsieur Garnier,

        Nous sommes désolés pour cet oubli. Le bougeoir manquant de votre commande CMD-2026-127719 vous sera renvoyé séparément cette semaine.
        """)
    box.send(
        c1,
        "thibault-3",
        "2026-12-02 12:00",
        thibault,
        "Re: Commande CMD-2026-127719 incomplète",
        "Merci pour le renvoi du bougeoir. Savez-vous quel jour il partira ?",
        quote=gmail_fr("2026-12-02 09:40", ta1),
        refs=("thibault-1", "agent:thibault-a1"),
    )
    box.send(
        c2,
        "thibault-4",
        "2026-12-03 20:15",
        thibault,
        "Re: Commande CMD-2026-132260 en retard",
        "Toujours rien pour la 132260, et j'ai payé l'express 6,90 €.",
        quote=gmail_fr("2026-12-01 21:00", t2, thibault.sender),
        refs=("thibault-2",),
    )

    # Isabelle Fontanel: a broken vase (order) and, apart, points on her card.
    isabelle = Person("Isabelle Fontanel", "isabelle.fontanel@sfr.fr", "webmail")
    c1 = box.case(
        "isabelle-fontanel/vase-125408",
        isabelle,
        "vase broken on delivery, order CMD-2026-125408",
        "two-matters",
    )
    c2 = box.case(
        "isabelle-fontanel/points-metz",
        isabelle,
        "points of the 21 November purchase at the Metz store not credited to card FID 4937 0815 3372",
        "two-matters",
    )
    box.send(
        c1,
        "isabelle-1",
        "2026-11-30 16:20",
        isabelle,
        "Vase cassé à la livraison - CMD-2026-125408",
        """
        Bonjour,

        Le vase « Lueur » de ma commande CMD-2026-125408 est arrivé en morceaux ce matin (photos jointes). Le carton n’était pas abîmé, c’est l’emballage intérieur qui était insuffisant.

        Isabelle Fontanel
        """,
        attach=(("vase1.jpg", "jpeg", 14000), ("vase2.jpg", "jpeg", 13000)),
    )
    box.send(
        c2,
        "isabelle-2",
        "2026-12-02 09:00",
        isabelle,
        "Points de fidélité",
        """
        Bonjour,

        Je vous écris pour un autre sujet que mon vase : ma carte FID 4937 0815 3372 n’a pas été créditée de mon achat au magasin de Metz le 21 novembre (ticket 0571-220-0094, 68,00 €).

        Merci,
        Isabelle Fontanel
        """,
        note="she says herself it is another matter",
    )
    ia1 = agent_text("""
        Bonjour Madame Fontanel,

        Nous sommes navrés pour ce vase. Souhaitez-vous un renvoi à l’identique ou un remboursement ?
        """)
    box.send(
        c1,
        "isabelle-3",
        "2026-12-03 14:30",
        isabelle,
        "Re: Vase cassé à la livraison - CMD-2026-125408",
        "Je préfère un remboursement, merci.\n\nIsabelle Fontanel",
        quote=zimbra_fr(
            "2026-12-03 11:15",
            isabelle.address,
            "Re: Vase cassé à la livraison - CMD-2026-125408",
            ia1,
        ),
        refs=("isabelle-1", "agent:isabelle-a1"),
    )

    # Karim Bensaïd: a voucher question; in the reply to the agent's answer he opens
    # a new matter (his address), which he then pursues in that thread and outside it.
    karim = Person("Karim Bensaïd", "karim.bensaid@outlook.fr", "outlook")
    c1 = box.case(
        "karim-bensaid/bon-20",
        karim,
        "20 € voucher BA-5HXD-M2QP not accepted",
        "two-matters",
    )
    c2 = box.case(
        "karim-bensaid/adresse",
        karim,
        "cannot change his postal address after moving; catalogue sent to the old one",
        "two-matters",
        "new-matter-in-old-thread",
    )
    kb1 = """
        Bonjour,

        Je n’arrive pas à utiliser mon bon d’achat de 20 € (BA-5HXD-M2QP) sur une commande de 45 €. Le site indique « conditions non remplies » sans plus d’explication.

        Karim Bensaïd
        """
    box.send(
        c1,
        "karim-1",
        "2026-11-30 08:45",
        karim,
        "Bon d'achat de 20 € non utilisable",
        kb1,
    )
    kba1 = agent_text(
        """
        Bonjour Monsieur Bensaïd,

        Ce bon est utilisable à partir de 60 € d’achat, comme indiqué dans les conditions. Il reste valable jusqu’au 28 février.
        """,
        "Yanis",
    )
    kb2 = """
        Entendu pour le bon.

        Je profite de ce fil pour autre chose : j’ai déménagé et je n’arrive pas à changer mon adresse postale dans l’application (le bouton « Enregistrer » reste grisé). Nouvelle adresse : 4 rue Pasteur, 69007 Lyon ; l’ancienne était à Villeurbanne.

        Karim Bensaïd
        """
    box.send(
        c2,
        "karim-2",
        "2026-12-01 19:30",
        karim,
        "RE: Bon d'achat de 20 € non utilisable",
        kb2,
        quote=outlook_fr(
            "2026-12-01 10:00",
            karim.address,
            "RE: Bon d'achat de 20 € non utilisable",
            kba1,
        ),
        refs=("karim-1", "agent:karim-a1"),
        note="a new matter in the voucher thread: the voucher question is settled in one line",
    )
    box.send(
        c2,
        "karim-3",
        "2026-12-03 13:10",
        karim,
        "RE: Bon d'achat de 20 € non utilisable",
        """
        Toujours impossible de modifier mon adresse, et votre catalogue de Noël vient de partir à l’ancienne.

        Karim Bensaïd
        """,
        quote=outlook_fr(
            "2026-12-01 19:30",
            SERVICE,
            "RE: Bon d'achat de 20 € non utilisable",
            kb2,
            karim.sender,
        ),
        refs=("karim-1", "agent:karim-a1", "karim-2"),
        note="same thread, still the address",
    )
    box.send(
        c2,
        "karim-4",
        "2026-12-05 17:00",
        karim,
        "Changement d'adresse",
        """
        Bonjour,

        Je relance pour mon changement d’adresse (voir mes messages de mardi et jeudi) : 4 rue Pasteur, 69007 Lyon.

        Karim Bensaïd
        """,
    )

    # Céline Marchal-Bru: three matters in one week.
    celine = Person("Céline Marchal-Bru", "celine.marchalbru@free.fr", "webmail")
    c1 = box.case(
        "celine-marchal-bru/colis-126114",
        celine,
        "parcel of order CMD-2026-126114 marked delivered, not received",
        "two-matters",
    )
    c2 = box.case(
        "celine-marchal-bru/remboursement-121870",
        celine,
        "refund for the return of order CMD-2026-121870",
        "two-matters",
    )
    c3 = box.case(
        "celine-marchal-bru/points-lille",
        celine,
        "points of a purchase at the Lille store on 29 November",
        "two-matters",
        "same-subject-other-customer",
    )
    cm1 = """
        Bonjour,

        Ma commande CMD-2026-126114 devait arriver samedi et rien n’est venu. Le numéro de suivi est 6C11820457390.

        Céline Marchal-Bru
        """
    box.send(
        c1,
        "celine-1",
        "2026-11-30 14:00",
        celine,
        "Colis non reçu CMD-2026-126114",
        cm1,
    )
    box.send(
        c2,
        "celine-2",
        "2026-12-01 09:30",
        celine,
        "Remboursement retour CMD-2026-121870",
        """
        Bonjour,

        J’ai renvoyé le 10 novembre la lampe de la commande CMD-2026-121870 et je n’ai pas encore été remboursée (39,90 €).

        Céline Marchal-Bru
        """,
    )
    box.send(
        c1,
        "celine-3",
        "2026-12-02 20:45",
        celine,
        "Re: Colis non reçu CMD-2026-126114",
        """
        Le suivi 6C11820457390 indique maintenant « livré » le 2 décembre à 11 h 04, mais je n’ai rien reçu et personne chez les voisins.

        Céline
        """,
        quote=zimbra_fr(
            "2026-11-30 14:00",
            SERVICE,
            "Colis non reçu CMD-2026-126114",
            cm1,
            celine.sender,
        ),
        refs=("celine-1",),
    )
    box.send(
        c3,
        "celine-4",
        "2026-12-03 11:20",
        celine,
        "Points non crédités",
        """
        Bonjour,

        Troisième sujet, désolée : mon achat du 29 novembre au magasin de Lille (52,30 €) n’a pas été crédité sur ma carte FID 4937 3318 9025.

        Céline Marchal-Bru
        """,
    )
    ca1 = agent_text("""
        Bonjour Madame Marchal-Bru,

        Votre remboursement de 39,90 € pour la commande CMD-2026-121870 a été effectué ce jour ; il apparaîtra sous 3 à 5 jours.
        """)
    box.send(
        c2,
        "celine-5",
        "2026-12-04 18:00",
        celine,
        "Re: Remboursement retour CMD-2026-121870",
        "Bien reçu le remboursement, merci.",
        quote=zimbra_fr(
            "2026-12-02 15:00",
            celine.address,
            "Re: Remboursement retour CMD-2026-121870",
            ca1,
        ),
        refs=("celine-2", "agent:celine-a1"),
    )

    # Daniel Oyono: two parcels, the same subject twice; the tracking numbers part them.
    daniel = Person("Daniel Oyono", "daniel.oyono@gmail.com")
    c1 = box.case(
        "daniel-oyono/chronopost-128420",
        daniel,
        "Chronopost parcel XS482913370FR of order CMD-2026-128420 not received",
        "two-matters",
        "tracking-separates",
        "same-subject-other-customer",
    )
    c2 = box.case(
        "daniel-oyono/colissimo-130981",
        daniel,
        "Colissimo parcel 6A30311902654 of order CMD-2026-130981 not received",
        "two-matters",
        "tracking-separates",
        "same-subject-other-customer",
    )
    d1 = """
        Bonjour,

        Je n’ai pas reçu le colis Chronopost XS482913370FR (commande CMD-2026-128420), annoncé pour vendredi.

        Daniel Oyono
        """
    box.send(c1, "daniel-1", "2026-11-30 17:10", daniel, "Colis non reçu", d1)
    box.send(
        c2,
        "daniel-2",
        "2026-12-02 08:40",
        daniel,
        "Colis non reçu",
        """
        Bonjour,

        Un autre colis cette fois : 6A30311902654, pour ma commande CMD-2026-130981 du 28 novembre. Le suivi est bloqué à « pris en charge » depuis 4 jours.

        Daniel Oyono
        """,
        note="same subject as his first mail, no headers, different parcel and order",
    )
    box.send(
        c1,
        "daniel-3",
        "2026-12-03 22:10",
        daniel,
        "Re: Colis non reçu",
        "Pour le colis XS482913370FR, toujours rien.",
        quote=gmail_fr("2026-11-30 17:10", d1, daniel.sender),
        refs=("daniel-1",),
    )

    # Solène Peyrac: two subjects that differ only in the tracking number.
    solene = Person("Solène Peyrac", "solene.peyrac@gmail.com")
    c1 = box.case(
        "solene-peyrac/suivi-6A30377125840",
        solene,
        "parcel 6A30377125840 (order CMD-2026-129512) returned to sender",
        "two-matters",
        "tracking-separates",
    )
    c2 = box.case(
        "solene-peyrac/suivi-6A30377126411",
        solene,
        "parcel 6A30377126411 (order CMD-2026-130377) delivered to the wrong relay point",
        "two-matters",
        "tracking-separates",
    )
    box.send(
        c1,
        "solene-1",
        "2026-12-01 10:10",
        solene,
        "Suivi colis 6A30377125840",
        """
        Bonjour,

        Le suivi de mon colis 6A30377125840 indique « retourné à l’expéditeur » alors que mon adresse est correcte. Pouvez-vous le renvoyer ?

        Solène Peyrac
        """,
    )
    box.send(
        c2,
        "solene-2",
        "2026-12-01 10:26",
        solene,
        "Suivi colis 6A30377126411",
        """
        Bonjour,

        Et pour mon autre commande, le colis 6A30377126411 a été déposé au relais de Saint-Orens au lieu de celui de Balma que j’avais choisi.

        Solène Peyrac
        """,
        note="sixteen minutes later, a subject one number away: another parcel",
    )

    # Sophie Lagarde: a return question and a gift card.
    sophie = Person("Sophie Lagarde", "sophie.lagarde@icloud.com", "iphone")
    c1 = box.case(
        "sophie-lagarde/retour-127055",
        sophie,
        "how to return the lamp of order CMD-2026-127055",
        "two-matters",
    )
    c2 = box.case(
        "sophie-lagarde/carte-cadeau",
        sophie,
        "gift card CC 6021 4419 8830 shows a zero balance",
        "two-matters",
    )
    box.send(
        c1,
        "sophie-1",
        "2026-11-30 12:05",
        sophie,
        "Retour article CMD-2026-127055",
        """
        Bonjour,

        Je souhaite retourner la lampe de chevet de la commande CMD-2026-127055, la teinte ne me convient pas. Comment obtenir l’étiquette de retour ?

        Merci,
        Sophie Lagarde

        Envoyé de mon iPhone
        """,
    )
    sl2 = """
        Bonjour,

        On m’a offert une carte cadeau Maison Lumen de 50 € (CC 6021 4419 8830) et le site affiche un solde de 0 € alors que je ne l’ai jamais utilisée.

        Sophie Lagarde

        Envoyé de mon iPhone
        """
    box.send(c2, "sophie-2", "2026-12-02 15:40", sophie, "Carte cadeau", sl2)
    box.send(
        c2,
        "sophie-3",
        "2026-12-04 09:25",
        sophie,
        "Re: Carte cadeau",
        """
        Une réponse pour ma carte cadeau ? Je voulais l’utiliser pour Noël.

        Envoyé de mon iPhone
        """,
        quote=apple_fr("2026-12-02 15:40", sl2, sophie.sender),
        refs=("sophie-2",),
    )

    # Priya Raman: in the thread of her first order she raises a second order.
    priya = Person("Priya Raman", "priya.raman@gmail.com", "gmail", LONDON)
    c1 = box.case(
        "priya-raman/size-126903",
        priya,
        "wrong size received, exchange for order CMD-2026-126903",
        "two-matters",
    )
    c2 = box.case(
        "priya-raman/double-charge-131508",
        priya,
        "order CMD-2026-131508 charged twice",
        "two-matters",
        "new-matter-in-old-thread",
    )
    box.send(
        c1,
        "priya-1",
        "2026-11-29 19:00",
        priya,
        "Order CMD-2026-126903 - wrong size",
        """
        Hi,

        I received the linen dressing gown from order CMD-2026-126903 in size M, but I ordered S. Could I exchange it?

        Thanks,
        Priya Raman
        """,
        lang="en",
    )
    pa1 = agent_text_en("""
        Dear Ms Raman,

        Sorry about that. Please find attached a prepaid return label; we will send the size S as soon as the parcel is scanned.
        """)
    box.send(
        c1,
        "priya-2",
        "2026-11-30 20:30",
        priya,
        "Re: Order CMD-2026-126903 - wrong size",
        "Thanks, I've posted it back with the label today.",
        quote=gmail_en("2026-11-30 11:00", pa1),
        refs=("priya-1", "agent:priya-a1"),
        lang="en",
    )
    box.send(
        c2,
        "priya-3",
        "2026-12-02 13:00",
        priya,
        "Re: Order CMD-2026-126903 - wrong size",
        """
        Hi again,

        Different issue this time: my new order CMD-2026-131508 was charged twice on my card (2 x £38.50 on 1 December). Could you refund one of them?

        Priya
        """,
        refs=("priya-1", "agent:priya-a1", "priya-2"),
        lang="en",
        note="a reply in the first order's thread about another order",
    )
    box.send(
        c2,
        "priya-4",
        "2026-12-04 10:45",
        priya,
        "Double charge CMD-2026-131508",
        """
        Hello,

        Following up on the double charge for order CMD-2026-131508. My bank shows both payments as completed.

        Priya Raman
        """,
        lang="en",
    )

    # Harriet Cole: her first parcel turns up; in the same thread, another parcel.
    harriet = Person("Harriet Cole", "harriet.cole@yahoo.co.uk", "yahoo", LONDON)
    c1 = box.case(
        "harriet-cole/parcel-127966",
        harriet,
        "parcel 6A30288710459 of order CMD-2026-127966 late",
        "two-matters",
        "tracking-separates",
    )
    c2 = box.case(
        "harriet-cole/parcel-131130",
        harriet,
        "parcel 6A30402267318 of order CMD-2026-131130 stuck",
        "two-matters",
        "tracking-separates",
        "new-matter-in-old-thread",
    )
    hc1 = """
        Hello,

        Where is my parcel? Order CMD-2026-127966, tracking 6A30288710459, has said "in transit" for a week.

        Harriet Cole
        """
    box.send(
        c1,
        "harriet-1",
        "2026-11-30 08:30",
        harriet,
        "Where is my parcel?",
        hc1,
        lang="en",
    )
    box.send(
        c1,
        "harriet-2",
        "2026-12-01 18:05",
        harriet,
        "Re: Where is my parcel?",
        "It has just arrived, please ignore my message. Thanks!",
        quote=gmail_en("2026-11-30 08:30", hc1, harriet.sender),
        refs=("harriet-1",),
        lang="en",
    )
    box.send(
        c2,
        "harriet-3",
        "2026-12-03 12:40",
        harriet,
        "Re: Where is my parcel?",
        """
        Hello again,

        Now it is my other order, CMD-2026-131130: tracking 6A30402267318 has not moved since Monday.

        Harriet Cole
        """,
        refs=("harriet-1", "harriet-2"),
        lang="en",
        note="same thread and subject as the settled parcel, another order and tracking number",
    )

    # Marc-Antoine Duval: a voucher that never came, and an unsubscribe request.
    marc = Person("Marc-Antoine Duval", "ma.duval@laposte.net", "webmail")
    c1 = box.case(
        "marc-antoine-duval/conversion-points",
        marc,
        "voucher for 500 converted points never received",
        "two-matters",
    )
    c2 = box.case(
        "marc-antoine-duval/newsletter",
        marc,
        "stop the newsletter, keep the loyalty card",
        "two-matters",
    )
    box.send(
        c1,
        "marc-1",
        "2026-12-01 11:10",
        marc,
        "Conversion de points en bon d'achat",
        """
        Bonjour,

        Le 25 novembre j’ai converti 500 points en bon d’achat de 5 € depuis l’application. Les points ont bien été débités, mais je n’ai jamais reçu le bon.

        Marc-Antoine Duval
        """,
    )
    box.send(
        c2,
        "marc-2",
        "2026-12-03 08:00",
        marc,
        "Désinscription newsletter",
        """
        Bonjour,

        Merci de ne plus m’envoyer la lettre d’information par e-mail. Je souhaite en revanche garder ma carte de fidélité.

        Marc-Antoine Duval
        """,
    )


# ---------------------------------------------------------------------------
# One customer, two addresses


def two_addresses(box: Box) -> None:
    """Customers who write from two addresses with one display name and one signature."""
    # Florence Aubertin: personal La Poste address and her office's Outlook.
    sig = "-- \nFlorence Aubertin\n06 71 28 40 93"
    home = Person("Florence Aubertin", "florence.aubertin@laposte.net", "webmail")
    work = Person(
        "Florence Aubertin", "f.aubertin@etude-lemercier-notaires.fr", "outlook-desktop"
    )
    c = box.case(
        "florence-aubertin/fusion-cartes",
        home,
        "merge the points of her old card FID 4937 5502 1168 into the new FID 4937 8841 0237",
        "two-addresses",
    )
    fa1 = signed(
        """
        Bonjour,

        Après avoir perdu ma carte FID 4937 5502 1168 en septembre, j’en ai reçu une nouvelle (FID 4937 8841 0237). Les 2 480 points de l’ancienne ne sont pas passés sur la nouvelle : pouvez-vous fusionner les deux ?

        Merci d’avance,
        """,
        sig,
    )
    box.send(
        c,
        "florence-1",
        "2026-11-30 08:10",
        home,
        "Fusion de deux cartes de fidélité",
        fa1,
    )
    fa2 = signed(
        """
        Bonjour,

        Je vous écris du bureau : je voulais ajouter que j’ai fait des achats avec la nouvelle carte FID 4937 8841 0237 depuis octobre, ils sont bien crédités. Il ne manque que les points de l’ancienne (FID 4937 5502 1168).

        Bonne journée,
        """,
        sig,
    )
    box.send(
        c,
        "florence-2",
        "2026-12-01 12:35",
        work,
        "Fusion de mes cartes de fidélité",
        fa2,
        note="her work address, no headers; same name and signature block",
    )
    fla1 = agent_text("""
        Bonjour Madame Aubertin,

        Pour fusionner les deux cartes, pouvez-vous nous confirmer votre date de naissance et le code postal indiqués lors de l’inscription ?
        """)
    box.send(
        c,
        "florence-3",
        "2026-12-03 13:00",
        work,
        "RE : Fusion de mes cartes de fidélité",
        signed(
            """
        Bonjour,

        Date de naissance : 14/03/1979, code postal : 49100.
        """,
            sig,
        ),
        quote=outlook_fr(
            "2026-12-02 16:10",
            work.address,
            "Re: Fusion de mes cartes de fidélité",
            fla1,
        ),
        refs=("florence-2", "agent:florence-a1"),
        note="French Outlook desktop prefix 'RE :'",
    )
    box.send(
        c,
        "florence-4",
        "2026-12-05 10:20",
        home,
        "Re: Fusion de deux cartes de fidélité",
        signed(
            """
        C’est fait, je vois bien 3 140 points sur la nouvelle carte. Merci !
        """,
            sig,
        ),
        quote=zimbra_fr(
            "2026-11-30 08:10",
            SERVICE,
            "Fusion de deux cartes de fidélité",
            fa1,
            home.sender,
        ),
        refs=("florence-1",),
        note="back on her personal address, in her own first thread",
    )

    # Grégoire Vautrin: leaves Orange for Gmail in the middle of his request.
    sig = "-- \nGrégoire Vautrin\n12 rue des Cordiers\n21000 Dijon"
    old = Person("Grégoire Vautrin", "gregoire.vautrin@orange.fr", "orange")
    new = Person("Grégoire Vautrin", "gvautrin@gmail.com")
    c = box.case(
        "gregoire-vautrin/carte-abimee",
        old,
        "replacement for a damaged loyalty card (chip broken)",
        "two-addresses",
    )
    box.send(
        c,
        "gregoire-1",
        "2026-11-30 19:00",
        old,
        "Carte de fidélité abîmée",
        signed(
            """
        Bonjour,

        Ma carte de fidélité est pliée et la puce ne passe plus en caisse. Pouvez-vous m’en envoyer une nouvelle à l’adresse ci-dessous ?

        Cordialement,
        """,
            sig,
        ),
    )
    box.send(
        c,
        "gregoire-2",
        "2026-12-02 09:50",
        new,
        "Carte de fidélité abîmée - nouvelle adresse mail",
        signed(
            """
        Bonjour,

        Je quitte Orange : merci d’utiliser désormais cette adresse pour me répondre. Où en est ma demande de nouvelle carte (carte pliée, puce hors d’usage) ?

        Cordialement,
        """,
            sig,
        ),
    )
    ga1 = agent_text("""
        Bonjour Monsieur Vautrin,

        C’est noté. Une carte de remplacement part aujourd’hui à votre adresse de Dijon ; vos points y sont reportés.
        """)
    box.send(
        c,
        "gregoire-3",
        "2026-12-04 17:20",
        new,
        "Re: Carte de fidélité abîmée - nouvelle adresse mail",
        signed(
            """
        Merci, je guetterai la boîte aux lettres.
        """,
            sig,
        ),
        quote=gmail_fr("2026-12-03 10:45", ga1),
        refs=("gregoire-2", "agent:gregoire-a1"),
    )

    # Amélie Nguyen-Thibaud: iCloud, then her hospital address, whose gateway tags
    # incoming mail "[EXTERNE]", a tag her reply keeps.
    sig = "-- \nAmélie Nguyen-Thibaud\n07 52 18 66 30"
    home = Person("Amélie Nguyen-Thibaud", "amelie.nguyen@icloud.com", "iphone")
    work = Person(
        "Amélie Nguyen-Thibaud",
        "a.nguyen-thibaud@chu-montpellier.fr",
        "outlook-desktop",
    )
    c = box.case(
        "amelie-nguyen-thibaud/remboursement-124771",
        home,
        "refund for cancelled order CMD-2026-124771",
        "two-addresses",
    )
    box.send(
        c,
        "amelie-1",
        "2026-11-30 07:20",
        home,
        "Commande annulée CMD-2026-124771 non remboursée",
        signed(
            """
        Bonjour,

        J’ai annulé la commande CMD-2026-124771 le 20 novembre (avant expédition) et je n’ai toujours pas été remboursée de 112,00 €.
        """,
            sig,
        ),
    )
    box.send(
        c,
        "amelie-2",
        "2026-12-02 13:15",
        work,
        "Remboursement CMD-2026-124771",
        signed(
            """
        Bonjour,

        Je vous relance depuis mon adresse professionnelle : le remboursement de la commande annulée CMD-2026-124771 n’est toujours pas arrivé.

        Cordialement,
        """,
            sig,
        ),
    )
    aa1 = agent_text("""
        Bonjour Madame Nguyen-Thibaud,

        Le remboursement de 112,00 € a été émis le 1er décembre vers la carte utilisée pour la commande.
        """)
    box.send(
        c,
        "amelie-3",
        "2026-12-04 14:00",
        work,
        "RE: [EXTERNE] Re: Remboursement CMD-2026-124771",
        signed(
            """
        Bien reçu sur mon compte ce matin, merci.
        """,
            sig,
        ),
        quote=outlook_fr(
            "2026-12-03 09:30",
            work.address,
            "[EXTERNE] Re: Remboursement CMD-2026-124771",
            aa1,
        ),
        refs=("amelie-2", "agent:amelie-a1"),
        note="'[EXTERNE]' added by her employer's gateway",
    )

    # Laurent Pichon: his Hotmail address closes; the agent's answer to it bounces;
    # he writes from Outlook.fr about the very change of address.
    sig = "-- \nLaurent Pichon\nLa Rochelle"
    old = Person("Laurent Pichon", "laurent.pichon@hotmail.com", "outlook")
    new = Person("Laurent Pichon", "laurent.pichon@outlook.fr", "outlook")
    c = box.case(
        "laurent-pichon/email-compte",
        old,
        "change the e-mail address of his loyalty account; cannot log in",
        "two-addresses",
    )
    lp1 = signed(
        """
        Bonjour,

        Je vais fermer mon adresse laurent.pichon@hotmail.com. Comment changer l’adresse e-mail de mon compte fidélité ? Le site me demande un code envoyé… à l’ancienne adresse.
        """,
        sig,
    )
    box.send(
        c,
        "laurent-1",
        "2026-11-28 16:00",
        old,
        "Changement d'adresse e-mail sur mon compte fidélité",
        lp1,
    )
    box.send(
        c,
        "laurent-2",
        "2026-12-01 20:00",
        new,
        "Changement d'adresse e-mail - compte fidélité",
        signed(
            """
        Bonjour,

        Je vous écris de ma nouvelle adresse, l’ancienne (laurent.pichon@hotmail.com) est fermée depuis dimanche. Je ne peux plus me connecter à mon compte fidélité : pouvez-vous y mettre laurent.pichon@outlook.fr ?
        """,
            sig,
        ),
    )
    la2 = agent_text("""
        Bonjour Monsieur Pichon,

        C’est fait : votre compte fidélité est désormais associé à laurent.pichon@outlook.fr. Vous pouvez vous connecter avec votre mot de passe habituel.
        """)
    box.send(
        c,
        "laurent-3",
        "2026-12-03 09:00",
        new,
        "RE: Changement d'adresse e-mail - compte fidélité",
        signed(
            """
        Merci, ça fonctionne.
        """,
            sig,
        ),
        quote=outlook_fr(
            "2026-12-02 17:30",
            new.address,
            "Re: Changement d'adresse e-mail - compte fidélité",
            la2,
        ),
        refs=("laurent-2", "agent:laurent-a2"),
    )

    # Hannah Ellsworth: personal Gmail and her firm's address.
    sig = "-- \nHannah Ellsworth\n+44 7700 900482"
    home = Person("Hannah Ellsworth", "hannah.ellsworth@gmail.com", "gmail", LONDON)
    work = Person(
        "Hannah Ellsworth", "h.ellsworth@kessler-partners.co.uk", "outlook", LONDON
    )
    c = box.case(
        "hannah-ellsworth/voucher-uk",
        home,
        "voucher BA-9LWE-T4RC not accepted on the UK site",
        "two-addresses",
    )
    box.send(
        c,
        "hannah-1",
        "2026-11-30 22:10",
        home,
        "Voucher not accepted on UK site",
        signed(
            """
        Hello,

        My loyalty voucher BA-9LWE-T4RC is rejected at checkout on the UK site ("invalid code"). Is it only valid in France?

        Many thanks,
        """,
            sig,
        ),
        lang="en",
    )
    box.send(
        c,
        "hannah-2",
        "2026-12-02 11:40",
        work,
        "Voucher BA-9LWE-T4RC",
        signed(
            """
        Hello,

        Writing from work as I can't reach my personal email here. Any news about the voucher BA-9LWE-T4RC that the UK site refuses?
        """,
            sig,
        ),
        lang="en",
    )
    ha1 = agent_text_en("""
        Dear Ms Ellsworth,

        Loyalty vouchers are issued per country. We have reissued yours for the UK site: it now works on example-shop.co.uk.
        """)
    box.send(
        c,
        "hannah-3",
        "2026-12-03 15:05",
        work,
        "RE: Voucher BA-9LWE-T4RC",
        signed(
            """
        Thanks, that worked.
        """,
            sig,
        ),
        quote=outlook_en(
            "2026-12-03 11:20", work.address, "Re: Voucher BA-9LWE-T4RC", ha1
        ),
        refs=("hannah-2", "agent:hannah-a1"),
        lang="en",
    )

    # Yasmine Haddad: Gmail, then her university address with the order number short.
    sig = "-- \nYasmine Haddad\n06 23 90 14 57"
    home = Person("Yasmine Haddad", "yasmine.haddad@gmail.com")
    uni = Person("Yasmine Haddad", "yasmine.haddad@univ-lyon2.fr", "webmail")
    c = box.case(
        "yasmine-haddad/points-123390",
        home,
        "points of online order CMD-2026-123390 not credited",
        "two-addresses",
        "shortened-order",
    )
    yh1 = signed(
        """
        Bonjour,

        Les points de ma commande en ligne CMD-2026-123390 (livrée le 20 novembre) ne sont pas arrivés sur mon compte.

        Bonne journée,
        """,
        sig,
    )
    box.send(
        c, "yasmine-1", "2026-12-01 10:00", home, "Points commande CMD-2026-123390", yh1
    )
    box.send(
        c,
        "yasmine-2",
        "2026-12-01 10:05",
        home,
        "Re: Points commande CMD-2026-123390",
        signed(
            """
        J’oubliais : ma carte est la FID 4937 7012 6648.
        """,
            sig,
        ),
        quote=gmail_fr("2026-12-01 10:00", yh1, home.sender),
        refs=("yasmine-1",),
    )
    box.send(
        c,
        "yasmine-3",
        "2026-12-03 15:30",
        uni,
        "Points non crédités (commande 123390)",
        signed(
            """
        Bonjour,

        Je reviens vers vous au sujet des points de ma commande 123390 : toujours rien sur la carte FID 4937 7012 6648.
        """,
            sig,
        ),
        note="university address, no headers, order number shortened",
    )

    # Pierre-Yves Le Goff: Free at home, Orange on his other line.
    sig = "-- \nPierre-Yves Le Goff\n22 rue de Siam, 29200 Brest\n06 09 44 71 25"
    free = Person("Pierre-Yves Le Goff", "pylegoff@free.fr", "thunderbird")
    orange = Person("Pierre-Yves Le Goff", "pierre-yves.legoff@orange.fr", "orange")
    c = box.case(
        "pierre-yves-le-goff/relais-8L02477186534",
        free,
        "parcel 8L02477186534 delivered to a relay point in the wrong town",
        "two-addresses",
        "tracking-joins",
    )
    py1 = signed(
        """
        Bonjour,

        Mon colis (commande CMD-2026-128043, suivi 8L02477186534) a été livré au point relais de Quimper alors que j’avais choisi celui de la rue Jean Jaurès à Brest.
        """,
        sig,
    )
    box.send(
        c, "py-1", "2026-11-30 11:30", free, "Colis livré au mauvais point relais", py1
    )
    box.send(
        c,
        "py-2",
        "2026-12-01 18:45",
        free,
        "Re: Colis livré au mauvais point relais",
        signed(
            """
        Si c’est plus simple, je peux aller le chercher à Quimper samedi, mais il me faut l’accord du relais.
        """,
            sig,
        ),
        quote=thunderbird_fr("2026-11-30 11:30", py1, free.sender),
        refs=("py-1",),
    )
    box.send(
        c,
        "py-3",
        "2026-12-03 08:20",
        orange,
        "Suivi 8L02477186534",
        signed(
            """
        Bonjour,

        Je vous écris de mon autre adresse. Le relais de Quimper dit que le colis 8L02477186534 repartira chez vous lundi s’il n’est pas retiré. Que dois-je faire ?
        """,
            sig,
        ),
        note="other address, new subject with only the tracking number",
    )
    pya1 = agent_text("""
        Bonjour Monsieur Le Goff,

        Le relais de Quimper vous remettra le colis samedi sur présentation de votre pièce d’identité ; nous l’avons prévenu.
        """)
    box.send(
        c,
        "py-4",
        "2026-12-05 12:00",
        orange,
        "Re: Suivi 8L02477186534",
        signed(
            """
        Bien récupéré ce matin, merci.
        """,
            sig,
        ),
        quote=orange_fr("2026-12-03 14:20", pya1),
        refs=("py-3", "agent:py-a1"),
    )


# ---------------------------------------------------------------------------
# A customer's auto-reply in the middle of their thread


def auto_replies(box: Box) -> None:
    """Customers whose out-of-office answers the agent: the reply is automatic mail."""
    # Viviane Salaün: Orange webmail's absence message, then back from holiday.
    viviane = Person("Viviane Salaün", "viviane.salaun@orange.fr", "orange")
    c = box.case(
        "viviane-salaun/facture-125990",
        viviane,
        "invoice for order CMD-2026-125990 (then: the amount shown without VAT)",
        "auto-reply-in-thread",
    )
    vs1 = """
        Bonjour,

        Pourriez-vous m’envoyer la facture de ma commande CMD-2026-125990 ? Je ne la trouve pas dans mon espace client et j’en ai besoin pour mon comité d’entreprise.

        Cordialement,
        Viviane Salaün
        """
    box.send(
        c,
        "viviane-1",
        "2026-11-30 09:30",
        viviane,
        "Facture commande CMD-2026-125990",
        vs1,
    )
    box.auto_reply(
        "viviane-auto",
        "2026-11-30 16:01",
        viviane,
        "Réponse automatique : Re: Facture commande CMD-2026-125990",
        """
        Bonjour,

        Je suis absente jusqu’au mercredi 2 décembre inclus et je consulterai mes messages à mon retour.

        Viviane Salaün
        """,
        refs=("viviane-1", "agent:viviane-a1"),
    )
    va1 = agent_text("""
        Bonjour Madame Salaün,

        Vous trouverez ci-joint la facture de votre commande CMD-2026-125990.
        """)
    box.send(
        c,
        "viviane-2",
        "2026-12-03 10:00",
        viviane,
        "Re: Facture commande CMD-2026-125990",
        """
        Bonjour,

        De retour, merci pour la facture. Mais le montant y est indiqué hors taxes alors que mon CE demande le TTC : pouvez-vous la refaire ?

        Viviane Salaün
        """,
        quote=orange_fr("2026-11-30 16:00", va1),
        refs=("viviane-1", "agent:viviane-a1"),
    )

    # Jérôme Castagné: Exchange's "Réponse automatique", French Outlook's "RE :".
    jerome = Person(
        "Jérôme Castagné", "j.castagne@castagne-transports.fr", "outlook-desktop"
    )
    c = box.case(
        "jerome-castagne/carte-refusee",
        jerome,
        "loyalty card FID 4937 9930 2281 refused at the till",
        "auto-reply-in-thread",
    )
    jc1 = """
        Bonjour,

        Ma carte de fidélité FID 4937 9930 2281 est refusée en caisse depuis la semaine dernière (« carte inconnue »), à Nantes comme à Saint-Nazaire.

        Cordialement,
        Jérôme Castagné
        """
    box.send(
        c,
        "jerome-1",
        "2026-12-01 08:15",
        jerome,
        "Carte fidélité refusée en caisse",
        jc1,
    )
    box.auto_reply(
        "jerome-auto",
        "2026-12-01 14:02",
        jerome,
        "Réponse automatique : RE: Carte fidélité refusée en caisse",
        """
        Bonjour,

        Je suis en déplacement jusqu’au 3 décembre avec un accès limité à ma messagerie. Pour toute urgence, contactez l’accueil au 02 40 18 77 60.

        Jérôme Castagné
        Transports Castagné
        """,
        refs=("jerome-1", "agent:jerome-a1"),
        headers=(
            ("Auto-Submitted", "auto-replied"),
            ("X-Auto-Response-Suppress", "All"),
        ),
    )
    ja1 = agent_text("""
        Bonjour Monsieur Castagné,

        Votre carte a été désactivée par erreur lors d’une fusion de fichiers. Nous l’avons réactivée : pouvez-vous nous dire si elle fonctionne ?
        """)
    box.send(
        c,
        "jerome-2",
        "2026-12-04 09:30",
        jerome,
        "RE : Carte fidélité refusée en caisse",
        """
        Bonjour,

        De retour de déplacement. J’ai réessayé hier soir à Nantes : toujours refusée.

        Jérôme Castagné
        """,
        quote=outlook_fr(
            "2026-12-01 14:00",
            jerome.address,
            "RE: Carte fidélité refusée en caisse",
            ja1,
        ),
        refs=("jerome-1", "agent:jerome-a1"),
    )
    box.send(
        c,
        "jerome-3",
        "2026-12-05 12:00",
        jerome,
        "RE : RE : Carte fidélité refusée en caisse",
        "Ça marche enfin ce matin, merci.\n\nJérôme Castagné",
        refs=("jerome-1", "agent:jerome-a1", "jerome-2", "agent:jerome-a2"),
    )

    # Michael Thornbury: Outlook.com's "Automatic reply:".
    michael = Person("Michael Thornbury", "m.thornbury@outlook.com", "outlook", LONDON)
    c = box.case(
        "michael-thornbury/delivered-129011",
        michael,
        "parcel of order CMD-2026-129011 marked delivered, not received",
        "auto-reply-in-thread",
    )
    mt1 = """
        Hello,

        The tracking for order CMD-2026-129011 says the parcel was delivered on Saturday, but I have not received anything and there was no card through the door.

        Regards,
        Michael Thornbury
        """
    box.send(
        c,
        "michael-1",
        "2026-11-30 18:00",
        michael,
        "Parcel marked delivered but not received - CMD-2026-129011",
        mt1,
        lang="en",
    )
    box.auto_reply(
        "michael-auto",
        "2026-12-01 09:00",
        michael,
        "Automatic reply: Parcel marked delivered but not received - CMD-2026-129011",
        """
        Thank you for your message. I am away until Wednesday 2 December and will reply on my return.

        Michael
        """,
        refs=("michael-1", "agent:michael-a1"),
        headers=(
            ("Auto-Submitted", "auto-replied"),
            ("X-Auto-Response-Suppress", "All"),
        ),
        lang="en",
    )
    ma1 = agent_text_en("""
        Dear Mr Thornbury,

        The carrier's photo shows the parcel left with a neighbour at number 14. Could you check with them?
        """)
    box.send(
        c,
        "michael-2",
        "2026-12-02 19:00",
        michael,
        "RE: Parcel marked delivered but not received - CMD-2026-129011",
        """
        Back home. The neighbours at number 14 haven't got it either, and we don't have a number 14 on our side of the street.

        Michael
        """,
        quote=outlook_en(
            "2026-12-01 08:59",
            michael.address,
            "RE: Parcel marked delivered but not received - CMD-2026-129011",
            ma1,
        ),
        refs=("michael-1", "agent:michael-a1"),
        lang="en",
    )

    # Nathalie Vernier: "Absence :" and an X-Autoreply header, no Auto-Submitted.
    nathalie = Person("Nathalie Vernier", "nathalie.vernier@free.fr", "thunderbird")
    c = box.case(
        "nathalie-vernier/solde-points",
        nathalie,
        "points balance dropped from 2,400 to 400",
        "auto-reply-in-thread",
    )
    nv1 = """
        Bonjour,

        Mon solde de points est passé de 2 400 à 400 points du jour au lendemain, sans aucun achat ni conversion de ma part. Ma carte : FID 4937 1184 5520.

        Nathalie Vernier
        """
    box.send(
        c, "nathalie-1", "2026-12-01 13:00", nathalie, "Solde de points erroné", nv1
    )
    box.auto_reply(
        "nathalie-auto",
        "2026-12-02 10:00",
        nathalie,
        "Absence : Re: Solde de points erroné",
        """
        Bonjour,

        Je suis en déplacement jusqu’au 4 décembre et je lis mes messages de façon irrégulière.

        Nathalie Vernier
        """,
        refs=("nathalie-1", "agent:nathalie-a1"),
        headers=(("X-Autoreply", "yes"),),
    )
    na1 = agent_text("""
        Bonjour Madame Vernier,

        Notre historique montre une conversion de 2 000 points en bon d’achat le 29 novembre depuis l’application.
        """)
    box.send(
        c,
        "nathalie-2",
        "2026-12-02 21:00",
        nathalie,
        "Re: Solde de points erroné",
        """
        Bonsoir,

        Je n’ai jamais converti ces 2 000 points, et je n’ai reçu aucun bon. Quelqu’un a-t-il accès à mon compte ?

        Nathalie Vernier
        """,
        quote=thunderbird_fr("2026-12-02 10:00", na1),
        refs=("nathalie-1", "agent:nathalie-a1"),
        note="she answers from her phone the evening of her own absence message",
    )
    box.send(
        c,
        "nathalie-3",
        "2026-12-05 09:40",
        nathalie,
        "Re: Solde de points erroné",
        "toujours pas de réponse depuis mercredi, et mes 2 000 points ?",
        refs=("nathalie-1", "agent:nathalie-a1", "nathalie-2"),
    )

    # Manon Ferreira: iCloud's vacation reply keeps the thread's subject.
    manon = Person("Manon Ferreira", "manon.ferreira@icloud.com", "iphone")
    c = box.case(
        "manon-ferreira/appli-plante",
        manon,
        "app crashes when showing the loyalty card",
        "auto-reply-in-thread",
    )
    box.send(
        c,
        "manon-1",
        "2026-11-30 20:00",
        manon,
        "L'appli plante quand j'affiche ma carte",
        """
        Bonjour,

        Depuis la mise à jour, l’application se ferme dès que j’appuie sur « Ma carte » (iPhone 13, iOS 19). Impossible de présenter la carte en magasin.

        Manon Ferreira

        Envoyé de mon iPhone
        """,
    )
    box.auto_reply(
        "manon-auto",
        "2026-12-01 11:00",
        manon,
        "Re: L'appli plante quand j'affiche ma carte",
        """
        Bonjour,

        Je suis en vacances jusqu’au 3 décembre, sans accès à mes mails. Je vous répondrai à mon retour.

        Manon
        """,
        refs=("manon-1", "agent:manon-a1"),
        note="same subject as the thread; only the header and the text say it is automatic",
    )
    box.send(
        c,
        "manon-2",
        "2026-12-04 08:30",
        manon,
        "Re: L'appli plante quand j'affiche ma carte",
        """
        Rentrée de vacances. J’ai mis à jour l’appli comme vous me l’avez conseillé, ça ne plante plus. Merci !

        Envoyé de mon iPhone
        """,
        refs=("manon-1", "agent:manon-a1"),
    )

    # Romain Chatelard: Gmail's vacation responder answers the agent twice (four days
    # apart), while Romain himself keeps writing from holiday.
    romain = Person("Romain Chatelard", "romain.chatelard@gmail.com")
    c = box.case(
        "romain-chatelard/relais-127480",
        romain,
        "relay-point delivery impossible for order CMD-2026-127480",
        "auto-reply-in-thread",
    )
    box.send(
        c,
        "romain-1",
        "2026-11-28 11:00",
        romain,
        "Livraison en point relais impossible - CMD-2026-127480",
        """
        Bonjour,

        Le point relais choisi pour ma commande CMD-2026-127480 (Presse du Marché, Annecy) a fermé définitivement. Le colis risque de repartir : pouvez-vous le faire livrer ailleurs ?

        Romain Chatelard
        """,
    )
    vacation = """
        Bonjour,

        Je suis en congés jusqu’au 7 décembre. Je vous répondrai à mon retour.

        Romain
        """
    box.auto_reply(
        "romain-auto-1",
        "2026-11-30 10:31",
        romain,
        "Absent jusqu'au 7 décembre",
        vacation,
        refs=("romain-1", "agent:romain-a1"),
    )
    box.send(
        c,
        "romain-2",
        "2026-12-01 21:00",
        romain,
        "Re: Livraison en point relais impossible - CMD-2026-127480",
        "Je suis en congés mais je lis mes mails. Pouvez-vous plutôt livrer à domicile, 3 impasse des Glières à Annecy ?",
        refs=("romain-1", "agent:romain-a1"),
    )
    box.send(
        c,
        "romain-3",
        "2026-12-03 18:00",
        romain,
        "Re: Livraison en point relais impossible - CMD-2026-127480",
        "Parfait pour la livraison à domicile, merci.",
        refs=("romain-1", "agent:romain-a1", "romain-2", "agent:romain-a2"),
    )
    box.auto_reply(
        "romain-auto-2",
        "2026-12-04 10:15",
        romain,
        "Absent jusqu'au 7 décembre",
        vacation,
        refs=(
            "romain-1",
            "agent:romain-a1",
            "romain-2",
            "agent:romain-a2",
            "romain-3",
            "agent:romain-a3",
        ),
        note="the responder's second answer to the agent, four days after the first",
    )

    # Kirsty McLaren: Yahoo's "Out of Office:".
    kirsty = Person("Kirsty McLaren", "kirsty.mclaren@yahoo.co.uk", "yahoo", LONDON)
    c = box.case(
        "kirsty-mclaren/points-opera",
        kirsty,
        "points missing for purchases at the Paris Opéra store",
        "auto-reply-in-thread",
    )
    box.send(
        c,
        "kirsty-1",
        "2026-11-30 15:00",
        kirsty,
        "Points missing - Paris Opéra store",
        """
        Hello,

        I shopped twice at your Paris Opéra store during a trip (21 and 22 November) with my loyalty card FID 4937 4450 7781, but no points were added.

        Kind regards,
        Kirsty McLaren
        """,
        lang="en",
    )
    box.auto_reply(
        "kirsty-auto",
        "2026-12-01 15:31",
        kirsty,
        "Out of Office: Re: Points missing - Paris Opéra store",
        """
        Hi, I'm out of the office until Thursday 3 December with no access to email.

        Kirsty
        """,
        refs=("kirsty-1", "agent:kirsty-a1"),
        lang="en",
    )
    box.send(
        c,
        "kirsty-2",
        "2026-12-03 20:10",
        kirsty,
        "Re: Points missing - Paris Opéra store",
        "Thanks - here are both receipts as you asked.\n\nKirsty",
        refs=("kirsty-1", "agent:kirsty-a1"),
        attach=(
            ("receipt-21-11.jpg", "jpeg", 9000),
            ("receipt-22-11.jpg", "jpeg", 9500),
        ),
        lang="en",
    )


# ---------------------------------------------------------------------------
# Near misses: what looks like one case and is not, and the reverse


def near_misses(box: Box) -> None:
    """Two customers on one order, one name for two people, numbers short and long."""
    # Agnès and Clara Morvan, mother and daughter: one gift order, two customers.
    agnes = Person("Agnès Morvan", "agnes.morvan@orange.fr", "orange")
    clara = Person("Clara Morvan", "clara.morvan@gmail.com")
    c_agnes = box.case(
        "agnes-morvan/cadeau-129904",
        agnes,
        "gift order CMD-2026-129904 delivered damaged to her daughter (buyer's side)",
        "same-order-other-customer",
    )
    c_clara = box.case(
        "clara-morvan/colis-129904",
        clara,
        "parcel of order CMD-2026-129904 received damaged (recipient's side)",
        "same-order-other-customer",
    )
    am1 = """
        Bonjour,

        J’ai offert à ma fille une lampe (commande CMD-2026-129904) livrée chez elle à Rennes. Le pied est fêlé. Pouvez-vous procéder à un échange ? C’est moi qui ai payé la commande.

        Agnès Morvan
        """
    box.send(
        c_agnes,
        "agnes-1",
        "2026-12-01 10:45",
        agnes,
        "Commande CMD-2026-129904 - cadeau livré abîmé",
        am1,
    )
    box.send(
        c_clara,
        "clara-1",
        "2026-12-01 12:30",
        clara,
        "Colis abîmé CMD-2026-129904",
        """
        Bonjour,

        Je suis la destinataire de la commande CMD-2026-129904 passée par ma mère. Voici les photos de la lampe : le pied est fêlé et le carton était enfoncé.

        Clara Morvan
        """,
        attach=(("lampe1.jpg", "jpeg", 11000), ("carton.jpg", "jpeg", 10000)),
        note="same order as Agnès Morvan, same surname, another person and address",
    )
    aga1 = agent_text("""
        Bonjour Madame Morvan,

        Pourriez-vous nous faire parvenir une photo du pied de la lampe ?
        """)
    box.send(
        c_agnes,
        "agnes-2",
        "2026-12-03 09:10",
        agnes,
        "Re: Commande CMD-2026-129904 - cadeau livré abîmé",
        "Bonjour, ma fille vous a envoyé les photos directement mardi.\nAgnès Morvan",
        quote=orange_fr("2026-12-02 16:00", aga1),
        refs=("agnes-1", "agent:agnes-a1"),
    )

    # Jean-Marc and Patricia Ribeiro: the husband's order, both write about it.
    jeanmarc = Person("Jean-Marc Ribeiro", "jm.ribeiro@free.fr", "thunderbird")
    patricia = Person("Patricia Ribeiro", "patricia.ribeiro@free.fr", "webmail")
    c_jm = box.case(
        "jean-marc-ribeiro/retard-127302",
        jeanmarc,
        "late delivery of order CMD-2026-127302",
        "same-order-other-customer",
    )
    c_pa = box.case(
        "patricia-ribeiro/commande-127302",
        patricia,
        "late delivery of her husband's order CMD-2026-127302",
        "same-order-other-customer",
        "shortened-order",
    )
    jr1 = """
        Bonjour,

        Notre commande CMD-2026-127302 (un luminaire de salon) devait être livrée le 27 novembre. Rien depuis, et le transporteur ne répond pas.

        Jean-Marc Ribeiro
        """
    box.send(
        c_jm,
        "jeanmarc-1",
        "2026-11-30 15:20",
        jeanmarc,
        "Retard livraison CMD-2026-127302",
        jr1,
    )
    box.send(
        c_pa,
        "patricia-1",
        "2026-12-02 17:00",
        patricia,
        "Commande 127302",
        """
        Bonjour,

        Mon mari vous a écrit lundi pour la commande 127302 qui n’est toujours pas livrée. Je suis à la maison toute la semaine si le livreur peut passer.

        Patricia Ribeiro
        """,
        note="same order, another person and address: never one case (issue 6)",
    )
    box.send(
        c_jm,
        "jeanmarc-2",
        "2026-12-04 08:30",
        jeanmarc,
        "Re: Retard livraison CMD-2026-127302",
        "toujours rien.",
        quote=thunderbird_fr("2026-11-30 15:20", jr1, jeanmarc.sender),
        refs=("jeanmarc-1",),
    )

    # Hervé Collin and Martine Lesage, neighbours: his parcel delivered to her.
    herve = Person("Hervé Collin", "herve.collin@orange.fr", "orange")
    martine = Person("Martine Lesage", "martine.lesage@free.fr", "webmail")
    c_h = box.case(
        "herve-collin/colis-128734",
        herve,
        "parcel of order CMD-2026-128734 marked delivered, not received",
        "same-order-other-customer",
    )
    c_m = box.case(
        "martine-lesage/colis-voisin",
        martine,
        "received a neighbour's parcel (order CMD-2026-128734) by mistake",
        "same-order-other-customer",
    )
    box.send(
        c_h,
        "herve-1",
        "2026-12-02 08:50",
        herve,
        "Colis CMD-2026-128734 livré mais pas reçu",
        """
        Bonjour,

        Le suivi de ma commande CMD-2026-128734 indique « livré » hier, mais je n’ai rien reçu au 7 allée des Charmes.

        Hervé Collin
        """,
    )
    box.send(
        c_m,
        "martine-1",
        "2026-12-02 19:15",
        martine,
        "Colis reçu par erreur",
        """
        Bonjour,

        J’ai reçu hier un colis Maison Lumen au nom de M. Collin (commande CMD-2026-128734), qui doit être un voisin de l’allée. Que dois-je en faire ? Je peux le garder jusqu’à vendredi.

        Martine Lesage
        """,
    )

    # Two customers both shown as "Julie", without surname or signature.
    julie1 = Person("Julie", "julie.carrasco@free.fr", "webmail")
    julie2 = Person("Julie", "juju.menard@gmail.com")
    c1 = box.case(
        "julie-carrasco/code-bienvenue",
        julie1,
        "welcome promo code BIENVENUE10 refused",
        "same-name-other-customer",
    )
    c2 = box.case(
        "julie-menard/code-activation",
        julie2,
        "activation code of the loyalty account never received by SMS",
        "same-name-other-customer",
    )
    box.send(
        c1,
        "julie-c-1",
        "2026-11-30 14:30",
        julie1,
        "Code promo de bienvenue",
        """
        Bonjour,

        Le code de bienvenue BIENVENUE10 reçu à mon inscription est refusé sur ma première commande. Pouvez-vous regarder ?

        Julie
        """,
    )
    jm2 = """
        Bonjour,

        Je n’arrive pas à activer mon compte fidélité : le code d’activation par SMS n’arrive jamais sur mon 06 71 90 33 28.

        Julie
        """
    box.send(
        c2,
        "julie-m-1",
        "2026-12-01 09:10",
        julie2,
        "Problème avec mon code",
        jm2,
        note="the same display name 'Julie' as another customer, another address",
    )
    box.send(
        c2,
        "julie-m-2",
        "2026-12-02 20:20",
        julie2,
        "Re: Problème avec mon code",
        "Toujours pas de SMS…",
        quote=gmail_fr("2026-12-01 09:10", jm2, julie2.sender),
        refs=("julie-m-1",),
    )

    # Two customers named Nicolas Perrin, with different signature blocks.
    lille = Person("Nicolas Perrin", "nicolas.perrin59@gmail.com")
    bordeaux = Person("Nicolas Perrin", "nperrin@laposte.net", "webmail")
    sig_lille = "-- \nNicolas Perrin\nLille"
    sig_bordeaux = (
        "-- \nNicolas Perrin\n33 cours Victor Hugo, 33000 Bordeaux\n06 88 12 45 03"
    )
    c1 = box.case(
        "nicolas-perrin-lille/points",
        lille,
        "points of a purchase at the Lille Euralille store not credited",
        "same-name-other-customer",
        "same-subject-other-customer",
    )
    c2 = box.case(
        "nicolas-perrin-bordeaux/manquant-130210",
        bordeaux,
        "item missing from order CMD-2026-130210",
        "same-name-other-customer",
    )
    np1 = signed(
        """
        Bonjour,

        Mon achat de 41,20 € du 28 novembre au magasin d’Euralille n’a pas été crédité sur ma carte FID 4937 2076 3391.
        """,
        sig_lille,
    )
    box.send(c1, "nicolas-l-1", "2026-11-30 19:45", lille, "Points non crédités", np1)
    box.send(
        c2,
        "nicolas-b-1",
        "2026-12-02 11:05",
        bordeaux,
        "Commande CMD-2026-130210 - article manquant",
        signed(
            """
            Bonjour,

            Il manque les deux bougies parfumées dans ma commande CMD-2026-130210 reçue hier.
            """,
            sig_bordeaux,
        ),
        note="same display name as another customer, different address and signature block",
    )
    box.send(
        c1,
        "nicolas-l-2",
        "2026-12-03 18:30",
        lille,
        "Re: Points non crédités",
        signed("Je joins le ticket de caisse.", sig_lille),
        quote=gmail_fr("2026-11-30 19:45", np1, lille.sender),
        refs=("nicolas-l-1",),
        attach=(("ticket_euralille.jpg", "jpeg", 12500),),
    )

    # Two Thomases, one question each, days apart.
    thomas1 = Person("Thomas Lefebvre-Roy", "thomas.lefebvreroy@gmail.com")
    thomas2 = Person("Thomas Girardin", "t.girardin@outlook.fr", "outlook")
    c1 = box.case(
        "thomas-lefebvre-roy/calcul-points",
        thomas1,
        "how points are computed on sale items",
        "same-name-other-customer",
    )
    c2 = box.case(
        "thomas-girardin/carte-conjoint",
        thomas2,
        "can his partner use his card",
        "same-name-other-customer",
        "same-subject-other-customer",
    )
    box.send(
        c1,
        "thomas-lr-1",
        "2026-12-01 12:15",
        thomas1,
        "Question sur le programme",
        """
        Bonjour,

        Les articles en promotion rapportent-ils des points ? J’ai acheté un plaid soldé 30 € et je n’ai eu que 15 points.

        Merci,
        Thomas
        """,
    )
    box.send(
        c2,
        "thomas-g-1",
        "2026-12-03 07:50",
        thomas2,
        "Question",
        """
        Bonjour,

        Ma compagne peut-elle utiliser ma carte de fidélité quand elle fait les courses sans moi ?

        Thomas
        """,
    )

    # Benoît Lacombe: the order number in full, then six digits in the subject.
    benoit = Person("Benoît Lacombe", "benoit.lacombe@gmail.com")
    c = box.case(
        "benoit-lacombe/non-livree-104233",
        benoit,
        "order CMD-2026-104233 never delivered (five weeks)",
        "shortened-order",
    )
    box.send(
        c,
        "benoit-1",
        "2026-11-30 10:05",
        benoit,
        "Commande CMD-2026-104233 jamais livrée",
        """
        Bonjour,

        J’ai passé la commande CMD-2026-104233 le 28 octobre et je ne l’ai jamais reçue. Le suivi s’arrête au 3 novembre.

        Benoît Lacombe
        """,
    )
    bl2 = """
        Toujours pas livrée, la 104233. Ça fait cinq semaines.

        Benoît
        """
    box.send(
        c,
        "benoit-2",
        "2026-12-02 19:30",
        benoit,
        "104233",
        bl2,
        note="subject is the shortened order number, no headers",
    )
    box.send(
        c,
        "benoit-3",
        "2026-12-04 07:50",
        benoit,
        "Re: 104233",
        "Je veux être remboursé.",
        quote=gmail_fr("2026-12-02 19:30", bl2, benoit.sender),
        refs=("benoit-2",),
    )

    # Aurélien Costa: "n° 119845 ?" for CMD-2026-119845.
    aurelien = Person("Aurélien Costa", "aurelien.costa@sfr.fr", "webmail")
    c = box.case(
        "aurelien-costa/remboursement-119845",
        aurelien,
        "refund of order CMD-2026-119845 (item out of stock)",
        "shortened-order",
    )
    box.send(
        c,
        "aurelien-1",
        "2026-11-30 16:40",
        aurelien,
        "Remboursement CMD-2026-119845",
        """
        Bonjour,

        Vous m’avez informé le 18 novembre que l’article de ma commande CMD-2026-119845 était en rupture et qu’il serait remboursé. Je n’ai rien reçu.

        Aurélien Costa
        """,
    )
    box.send(
        c,
        "aurelien-2",
        "2026-12-03 12:25",
        aurelien,
        "n° 119845 ?",
        "Des nouvelles du remboursement de la 119845 ?\n\nA. Costa",
    )

    # Mireille Gauthier: her second mail shares only the tracking number.
    mireille = Person("Mireille Gauthier", "mireille.gauthier@laposte.net", "webmail")
    c = box.case(
        "mireille-gauthier/colis-6A30299184017",
        mireille,
        "parcel 6A30299184017 stuck, then missing at the relay point",
        "tracking-joins",
    )
    box.send(
        c,
        "mireille-1",
        "2026-11-30 13:40",
        mireille,
        "Colis bloqué depuis 6 jours",
        """
        Bonjour,

        Mon colis 6A30299184017 est bloqué « en cours d’acheminement » depuis 6 jours. C’est ma commande du 22 novembre.

        Mireille Gauthier
        """,
    )
    box.send(
        c,
        "mireille-2",
        "2026-12-03 11:00",
        mireille,
        "Livraison point relais Tabac de la Gare ?",
        """
        Bonjour,

        Le colis 6A30299184017 est indiqué « disponible en point relais » au Tabac de la Gare depuis hier, mais le buraliste dit ne pas l’avoir.

        Mireille Gauthier
        """,
        note="new subject, no headers, no order number: the tracking number joins",
    )

    # Ewan Gallagher: "tracking not updating", then a customs charge on that parcel.
    ewan = Person("Ewan Gallagher", "ewan.gallagher@gmail.com", "gmail", LONDON)
    c = box.case(
        "ewan-gallagher/ups-1Z8W47E20493381265",
        ewan,
        "UPS parcel 1Z8W47E20493381265 held for import VAT",
        "tracking-joins",
    )
    box.send(
        c,
        "ewan-1",
        "2026-12-01 09:00",
        ewan,
        "UPS tracking not updating",
        """
        Hi,

        My parcel (UPS 1Z8W47E20493381265) hasn't moved from East Midlands for four days. Is something wrong?

        Ewan
        """,
        lang="en",
    )
    eg2 = """
        Hi,

        UPS now asks me to pay £21.40 import VAT on parcel 1Z8W47E20493381265 before delivery - that must be why it wasn't moving. I thought duties were included at checkout?

        Ewan Gallagher
        """
    box.send(
        c,
        "ewan-2",
        "2026-12-02 16:20",
        ewan,
        "Customs charge for parcel 1Z8W47E20493381265?",
        eg2,
        lang="en",
        note="another question on the same parcel, joined by its tracking number",
    )
    ea1 = agent_text_en("""
        Dear Mr Gallagher,

        Duties are included: please pay the charge and send us the UPS receipt, we will refund it in full.
        """)
    box.send(
        c,
        "ewan-3",
        "2026-12-03 10:00",
        ewan,
        "Re: Customs charge for parcel 1Z8W47E20493381265?",
        "Paid it and attached the receipt. Thanks.",
        quote=gmail_en("2026-12-02 18:00", ea1),
        refs=("ewan-2", "agent:ewan-a1"),
        threading="irt",
        attach=(("UPS_receipt.pdf", "pdf", 8000),),
        lang="en",
        note="In-Reply-To only, to the agent's answer",
    )


def same_subjects(box: Box) -> None:
    """Customers who write twice under a subject another customer uses too."""
    same = "same-subject-other-customer"
    # Estelle Guivarch: Sandrine Kerbrat's subject, her own card.
    estelle = Person("Estelle Guivarch", "estelle.guivarch@free.fr", "webmail")
    c = box.case(
        "estelle-guivarch/carte-non-recue",
        estelle,
        "loyalty card not received after signing up online",
        same,
    )
    box.send(
        c,
        "estelle-1",
        "2026-12-02 13:35",
        estelle,
        "Carte de fidélité non reçue",
        """
        Bonjour,

        Inscrite en ligne le 15 novembre, je n’ai toujours pas reçu ma carte. Puis-je utiliser la carte dématérialisée en attendant ?

        Estelle Guivarch
        """,
        note="the subject of Sandrine Kerbrat's first mail: another customer",
    )
    box.send(
        c,
        "estelle-2",
        "2026-12-04 10:05",
        estelle,
        "Re: Carte de fidélité non reçue",
        "Merci, j’ai bien la carte dématérialisée dans l’appli. J’attends la carte physique.\n\nEstelle",
        refs=("estelle-1", "agent:estelle-a1"),
    )

    # Malik Saïdi: Rodolphe Jacquemin's subject; forwards his own mail again.
    malik = Person("Malik Saïdi", "malik.saidi@hotmail.fr", "outlook")
    c = box.case(
        "malik-saidi/bon-refuse",
        malik,
        "voucher BA-C6VY-1ZRN refused at the Toulouse store",
        same,
    )
    m1 = """
        Bonjour,

        Le bon d’achat BA-C6VY-1ZRN a été refusé en caisse au magasin de Toulouse hier, la vendeuse n’a pas su m’expliquer pourquoi.

        Malik Saïdi
        """
    box.send(c, "malik-1", "2026-12-03 17:05", malik, "Bon d'achat refusé", m1)
    box.send(
        c,
        "malik-2",
        "2026-12-05 10:30",
        malik,
        "TR: Bon d'achat refusé",
        "Je renvoie mon message de jeudi : le bon expire le 15 décembre.",
        quote=outlook_fr(
            "2026-12-03 17:05", SERVICE, "Bon d'achat refusé", m1, malik.sender
        ),
        note="forwards his own mail: 'TR:' and no thread headers",
    )

    # Léa Fournier-Bastide: Daniel Oyono's subject, twice, her own parcel.
    lea = Person("Léa Fournier-Bastide", "lea.fb@icloud.com", "iphone")
    c = box.case(
        "lea-fournier-bastide/colis-129655",
        lea,
        "parcel 6A30351170028 of order CMD-2026-129655 not arrived",
        same,
        "shortened-order",
    )
    box.send(
        c,
        "lea-1",
        "2026-12-01 08:05",
        lea,
        "Colis non reçu",
        """
        Bonjour,

        Ma commande CMD-2026-129655 n’est pas arrivée, le suivi 6A30351170028 ne bouge plus depuis jeudi.

        Léa

        Envoyé de mon iPhone
        """,
    )
    box.send(
        c,
        "lea-2",
        "2026-12-03 12:55",
        lea,
        "Colis non reçu",
        """
        Toujours rien pour la 129655, ça fait une semaine que le suivi est bloqué.

        Envoyé de mon iPhone
        """,
        note="same subject as her first mail and as Daniel Oyono's two: no headers, order number short",
    )


# ---------------------------------------------------------------------------
# Customers who write once


def _slug(text: str, words: int = 4) -> str:
    """'points of two purchases at the Angers store' -> 'points-of-two-purchases'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", plain.lower())[:words])


def single(
    box: Box,
    key: str,
    when: str,
    who: Person,
    subject: str,
    body: str,
    matter: str,
    *kinds: str,
    **mail: Any,
) -> None:
    """A customer with one mail: one case of one message."""
    c = box.case(f"{key}/{_slug(matter)}", who, matter, *kinds)
    box.send(c, f"{key}-1", when, who, subject, body, **mail)


def singles(box: Box) -> None:
    """One-mail customers, several under subjects other customers use too."""
    same = "same-subject-other-customer"
    single(
        box,
        "fabienne-lorieux",
        "2026-11-30 09:50",
        Person("Fabienne Lorieux", "fabienne.lorieux@orange.fr", "orange"),
        "Points non crédités",
        """
        Bonjour,

        Mes achats du 26 novembre au magasin d’Angers (2 tickets, 84,60 € au total) n’ont pas été crédités sur ma carte FID 4937 0042 7713.

        Cordialement,
        Fabienne Lorieux
        """,
        "points of two purchases at the Angers store",
        same,
    )
    single(
        box,
        "kevin-dumoulin",
        "2026-12-01 22:40",
        Person("Kévin Dumoulin", "kevin.dumoulin38@gmail.com"),
        "Points non crédités",
        """
        Salut,

        Les points de ma commande CMD-2026-128115 ne sont pas arrivés, la commande est livrée depuis le 25.

        Kévin
        """,
        "points of online order CMD-2026-128115",
        same,
    )
    single(
        box,
        "raymond-thiebaut",
        "2026-12-02 10:20",
        Person("Raymond Thiébaut", "r.thiebaut@wanadoo.fr", "orange"),
        "points non crédités",
        """
        Madame, Monsieur, je suis client depuis de nombreuses années et je constate que mes achats de novembre au magasin de Besançon ne figurent pas sur le relevé de points que j'ai reçu par la poste, je vous serais reconnaissant de bien vouloir vérifier ce qu'il en est, ma carte porte le numéro FID 4937 3301 0948. Veuillez agréer mes salutations distinguées. R. Thiébaut
        """,
        "November purchases at the Besançon store missing from his points statement",
        same,
    )
    single(
        box,
        "odile-marchand",
        "2026-12-04 15:10",
        Person("Odile Marchand", "odile.marchand@orange.fr", "orange"),
        "Question",
        """
        Bonjour,

        Est-il possible d’offrir mes points à ma petite-fille, qui a aussi une carte ?

        Odile Marchand
        """,
        "can she give her points to her granddaughter",
        same,
    )
    single(
        box,
        "samuel-achour",
        "2026-12-02 07:40",
        Person("Samuel Achour", "samuel.achour@gmail.com"),
        "Fwd: Votre commande CMD-2026-131077 a été expédiée",
        "Bonjour, le lien de suivi ci-dessous ne marche pas. Où est ce colis ?",
        "tracking link of order CMD-2026-131077 broken",
        quote=gmail_forward(
            "2026-11-30 17:02",
            "Maison Lumen <no-reply@example-shop.fr>",
            "samuel.achour@gmail.com",
            "Votre commande CMD-2026-131077 a été expédiée",
            """
            Bonjour Samuel,

            Bonne nouvelle : votre commande CMD-2026-131077 est en route !
            Suivre mon colis : https://example-shop.fr/suivi/CMD-2026-131077

            L’équipe Maison Lumen
            """,
        ),
    )
    single(
        box,
        "bernadette-roussel",
        "2026-12-03 10:45",
        Person("Bernadette Roussel", "b.roussel@laposte.net", "webmail"),
        "",
        """
        Bonjour,

        Je n’ai pas reçu le catalogue de Noël cette année, pouvez-vous me l’envoyer ? 5 rue des Lilas, 87000 Limoges.

        Bernadette Roussel
        """,
        "Christmas catalogue not received",
        same,
        note="empty subject, like one of Perrine Vasseur's mails: another customer",
    )
    single(
        box,
        "georges-ambroise",
        "2026-12-01 11:25",
        Person("Georges Ambroise", "georges.ambroise@sfr.fr", "webmail"),
        "Résiliation programme fidélité",
        """
        Bonjour,

        Je souhaite quitter le programme de fidélité et que mes données soient supprimées, conformément au RGPD.

        Georges Ambroise
        """,
        "leave the programme and delete his data (GDPR)",
    )
    single(
        box,
        "claire-delattre",
        "2026-12-02 21:15",
        Person("Claire Delattre", "claire.delattre@gmail.com"),
        "Re: Votre avis compte pour nous",
        """
        Bonjour,

        Puisque vous demandez mon avis : au magasin de Reims samedi, on m’a refusé les points de mon achat parce que je n’avais pas la carte physique, alors que l’appli était ouverte sur mon téléphone.

        Claire Delattre
        """,
        "points refused at the Reims store without the physical card",
        refs=("agent:survey-claire",),
        note="answers a satisfaction survey that is not in the box",
    )
    single(
        box,
        "emma-whitfield",
        "2026-12-04 12:30",
        Person("Emma Whitfield", "emma.whitfield@icloud.com", "iphone", LONDON),
        "Gift card not working online",
        """
        Hi,

        My Maison Lumen gift card CC 6021 7730 1145 works in store but the website says "card not recognised". Can it be used online?

        Thanks,
        Emma

        Sent from my iPhone
        """,
        "gift card CC 6021 7730 1145 refused online",
        lang="en",
    )
    single(
        box,
        "arnaud-besnier",
        "2026-11-30 18:40",
        Person("Arnaud Besnier", "arnaud.besnier@gmail.com"),
        "Week-end double points non appliqué",
        """
        Bonjour,

        Pendant le week-end « points doublés » (28-29 novembre), mon achat de 96 € au magasin de Caen n’a rapporté que 96 points au lieu de 192.

        Arnaud Besnier
        """,
        "double-points weekend not applied at the Caen store",
    )
    single(
        box,
        "valerie-cosson",
        "2026-12-05 16:20",
        Person("Valérie Cosson", "valerie.cosson@free.fr", "webmail"),
        "Merci !",
        """
        Bonjour,

        Je voulais simplement remercier Nadia, du magasin de Dijon, qui a pris le temps de retrouver mes points perdus samedi. Un service comme on n’en voit plus.

        Valérie Cosson
        """,
        "thanks to a store employee",
    )
    single(
        box,
        "mehdi-taleb",
        "2026-12-03 14:50",
        Person("Mehdi Taleb", "mehdi.taleb@outlook.fr", "outlook"),
        "Fw: Facture",
        "Bonjour, cette facture est au nom de mon ancienne société, pouvez-vous la refaire au nom de Taleb Conseil ?",
        "invoice of order CMD-2026-127840 to reissue under his company name",
        quote=outlook_fr(
            "2026-11-27 10:00",
            "mehdi.taleb@outlook.fr",
            "Facture",
            """
            Bonjour,

            Veuillez trouver ci-joint la facture de votre commande CMD-2026-127840.

            Maison Lumen
            """,
            "Maison Lumen <factures@example-shop.fr>",
        ),
        attach=(("Facture_CMD-2026-127840.pdf", "pdf", 7000),),
    )
    single(
        box,
        "pauline-renaud",
        "2026-12-02 09:35",
        Person("Pauline Renaud", "pauline.renaud@yahoo.fr", "yahoo"),
        "Parrainage non crédité",
        """
        Bonjour,

        J’ai parrainé mon amie Chloé Ventura, inscrite le 20 novembre avec mon code PARR-PR7781, mais les 200 points de parrainage ne sont pas arrivés.

        Pauline Renaud
        """,
        "referral bonus (code PARR-PR7781) not credited",
    )
    single(
        box,
        "christophe-maillard",
        "2026-12-01 07:25",
        Person("Christophe Maillard", "c.maillard@orange.fr", "orange"),
        "RE: Votre commande CMD-2026-130733",
        """
        Bonjour,

        Je viens de voir une erreur dans l’adresse de livraison : c’est le 17 et non le 71 rue Gambetta. Pouvez-vous corriger avant l’expédition ?

        Christophe Maillard
        """,
        "wrong house number in the delivery address of order CMD-2026-130733",
        refs=("agent:order-christophe",),
        note="answers the shop's order confirmation, which is not in the box",
    )
    single(
        box,
        "ines-belkacem",
        "2026-12-04 22:05",
        Person("Inès Belkacem", "ines.belkacem@gmail.com"),
        "Suppression de mon compte",
        "Bonjour, merci de supprimer mon compte client et ma carte de fidélité. Inès Belkacem",
        "delete her account and loyalty card",
    )
    single(
        box,
        "yvonne-le-bihan",
        "2026-12-01 15:55",
        Person("Yvonne Le Bihan", "yvonne.lebihan@orange.fr", "orange"),
        "Carte perdue",
        """
        Bonjour,

        J’ai perdu ma carte de fidélité au marché de Vannes. Pouvez-vous la bloquer et m’en faire une autre ? Je ne me souviens plus du numéro.

        Yvonne Le Bihan
        """,
        "lost loyalty card: block and replace",
    )
    single(
        box,
        "frederic-arnoux",
        "2026-12-05 18:30",
        Person("Frédéric Arnoux", "frederic.arnoux@gmail.com", "android"),
        "Tr: Ticket de caisse",
        """
        Voici le ticket de mon achat de samedi à Grenoble, les points n’y sont pas.

        Envoyé depuis mon appareil Galaxy
        """,
        "points of a Saturday purchase in Grenoble",
        attach=(("ticket.jpg", "jpeg", 16000),),
    )
    single(
        box,
        "dominique-faivre",
        "2026-12-02 12:10",
        Person("Dominique Faivre", "dominique.faivre@free.fr", "thunderbird"),
        "Colis reçu ouvert CMD-2026-128998",
        """
        Bonjour,

        Le colis de la commande CMD-2026-128998 est arrivé ouvert, scotch refait, et il manque le diffuseur. Photos jointes.

        Dominique Faivre
        """,
        "parcel of order CMD-2026-128998 arrived opened, diffuser missing",
        attach=(("colis_ouvert.jpg", "jpeg", 13500),),
    )
    single(
        box,
        "joel-marquet",
        "2026-12-01 10:00",
        Person("Joël Marquet", "joel.marquet@wanadoo.fr", "orange"),
        "Réclamation",
        """
        Bonjour,

        Le magasin de Saint-Étienne m’a refusé l’échange d’un coussin acheté il y a 20 jours au motif que l’étiquette était coupée. Votre site parle pourtant de 30 jours.

        Joël Marquet
        """,
        "exchange refused at the Saint-Étienne store",
        same,
    )
    single(
        box,
        "nadege-poulain",
        "2026-12-03 19:40",
        Person("Nadège Poulain", "nadege.poulain@sfr.fr", "webmail"),
        "Réclamation",
        """
        Bonjour,

        J’ai été débitée deux fois de 24,90 € pour la même commande CMD-2026-130452. Merci de me rembourser le doublon.

        Nadège Poulain
        """,
        "double debit on order CMD-2026-130452",
        same,
    )
    single(
        box,
        "sylvain-rigal",
        "2026-12-04 09:05",
        Person("Sylvain Rigal", "sylvain.rigal@gmail.com"),
        "[URGENT] Facture CMD-2026-126677",
        """
        Bonjour,

        J’ai besoin de la facture de la commande CMD-2026-126677 avant lundi pour une note de frais.

        Sylvain Rigal
        """,
        "invoice of order CMD-2026-126677",
    )
    single(
        box,
        "anais-ferrer",
        "2026-12-05 13:00",
        Person("Anaïs Ferrer", "anais.ferrer@icloud.com", "iphone"),
        "Fwd: Confirmation de votre commande CMD-2026-130015",
        """
        Bonjour, j’ai oublié d’indiquer ma carte de fidélité lors de cette commande. Pouvez-vous ajouter les points ? Carte FID 4937 6218 0374.

        Envoyé de mon iPhone
        """,
        "add the points of order CMD-2026-130015 to her card",
        quote=iphone_forward_fr(
            "2026-11-29 14:33",
            "Maison Lumen <no-reply@example-shop.fr>",
            "Confirmation de votre commande CMD-2026-130015",
            """
            Merci pour votre commande CMD-2026-130015 du 29 novembre 2026.
            Montant : 57,80 €
            """,
        ),
    )
    single(
        box,
        "quentin-barbier",
        "2026-12-01 08:20",
        Person("Quentin Barbier", "quentin.barbier@gmail.com"),
        "Re: Calendrier de l'Avent - jour 1",
        """
        Bonjour,

        Le code du jour 1 (AVENT-J1) est refusé sur le site : « code inconnu ».

        Quentin
        """,
        "Advent calendar day-1 code refused",
        same,
        refs=("agent:advent-quentin",),
        note="answers the newsletter: same subject as the newsletter itself and another customer",
    )
    single(
        box,
        "sarah-kowalski",
        "2026-12-01 12:50",
        Person("Sarah Kowalski", "sarah.kowalski@gmail.com"),
        "Re: Calendrier de l'Avent - jour 1",
        """
        Bonjour,

        Faut-il être membre du programme de fidélité pour participer au calendrier de l’Avent ?

        Sarah Kowalski
        """,
        "does the Advent calendar require membership",
        same,
        refs=("agent:advent-sarah",),
    )
    single(
        box,
        "bruno-lacaze",
        "2026-11-30 11:45",
        Person("Bruno Lacaze", "bruno.lacaze@orange.fr", "orange"),
        "Erreur de prix en caisse",
        """
        Bonjour,

        Le photophore était affiché 19,90 € en rayon à Pau et m’a été compté 24,90 € en caisse (ticket 0640-011-2290). Les points ont été calculés sur le mauvais prix aussi.

        Bruno Lacaze
        """,
        "price error at the Pau till",
    )
    single(
        box,
        "gwenaelle-le-floch",
        "2026-12-04 11:35",
        Person("Gwenaëlle Le Floch", "gwen.lefloch@laposte.net", "webmail"),
        "Changement de nom (mariage)",
        """
        Bonjour,

        Je me suis mariée et je m’appelle désormais Gwenaëlle Le Floch (anciennement Riou). Comment modifier le nom sur ma carte de fidélité ?

        Gwenaëlle Le Floch
        """,
        "change of surname on her card after marriage",
    )
    single(
        box,
        "rachel-adeyemi",
        "2026-12-02 18:25",
        Person("Rachel Adeyemi", "rachel.adeyemi@outlook.com", "outlook", LONDON),
        "Loyalty card for my mother",
        """
        Hello,

        My mother (78) would like a loyalty card but has no email address. Can she sign up with mine?

        Rachel Adeyemi
        """,
        "card for her mother who has no e-mail",
        lang="en",
    )
    single(
        box,
        "zoe-marchetti",
        "2026-12-06 10:40",
        Person("Zoé Marchetti", "zoe.marchetti@icloud.com", "iphone"),
        "Ticket",
        "Envoyé de mon iPhone",
        "a photo of a receipt and nothing else",
        attach=(("IMG_5530.jpg", "jpeg", 17000),),
        note="a customer with one wordless mail is still a case",
    )
    single(
        box,
        "lukas-brandt",
        "2026-12-03 09:55",
        Person("Lukas Brandt", "lukas.brandt@gmx.de", "outlook-desktop"),
        "AW: Your loyalty card application",
        """
        Hello,

        Thank you. Yes, please send the card to my address in Freiburg: Habsburgerstraße 22, 79104 Freiburg.

        Lukas Brandt
        """,
        "card for a member living in Germany",
        refs=("agent:lukas-a1",),
        lang="en",
        note="German Outlook's 'AW:' answering the agent, whose mail is not in the box",
    )
    single(
        box,
        "simone-barre",
        "2026-12-04 14:20",
        Person("Simone Barre", "simone.barre@laposte.net", "webmail"),
        "Re: RE: Re: Votre carte de fidélité",
        """
        Bonjour,

        Je l’ai bien reçue ce matin, merci beaucoup pour votre aide.

        Simone Barre
        """,
        "new card received: thanks",
        refs=("agent:simone-a1", "agent:simone-a2"),
        threading="last",
        note="a long-running thread whose earlier mails are all outside the box",
    )


# ---------------------------------------------------------------------------
# Machine mail: newsletters and delivery reports


def machines(box: Box) -> None:
    """Automatic mail that is nobody's customer case."""
    lumen = Person("Maison Lumen", "newsletter@news.example-shop.fr", "newsletter")
    lumen_list = "Maison Lumen <newsletter.news.example-shop.fr>"
    box.newsletter(
        "news-advent-1",
        "2026-12-01 06:00",
        lumen,
        "Calendrier de l'Avent - jour 1",
        """
        Calendrier de l’Avent Maison Lumen - jour 1

        Aujourd’hui : -20 % sur les bougies parfumées avec le code AVENT-J1, réservé aux membres du programme de fidélité.

        J’en profite : https://example-shop.fr/avent/1

        Se désinscrire : https://news.example-shop.fr/u/7c21
        """,
        list_id=lumen_list,
        unsubscribe="<https://news.example-shop.fr/u/7c21>",
        matter="the shop's own newsletter",
        note="same subject as two customers' replies to it",
    )
    box.newsletter(
        "news-advent-4",
        "2026-12-04 06:00",
        lumen,
        "Calendrier de l'Avent - jour 4",
        """
        Calendrier de l’Avent Maison Lumen - jour 4

        Aujourd’hui : points doublés sur les plaids et coussins.

        Se désinscrire : https://news.example-shop.fr/u/7c21
        """,
        list_id=lumen_list,
        unsubscribe="<https://news.example-shop.fr/u/7c21>",
        matter="the shop's own newsletter",
    )
    zendora = Person("Zendora", "product@zendora.example", "newsletter")
    box.newsletter(
        "news-zendora-1",
        "2026-11-30 15:00",
        zendora,
        "Nouveautés Zendora : réponses types et étiquettes automatiques",
        """
        Les nouveautés de novembre dans votre outil de service client : réponses types partagées, étiquettes automatiques et rapports hebdomadaires.

        Découvrir : https://zendora.example/nouveautes

        Se désabonner : https://zendora.example/unsubscribe
        """,
        list_id="<product-news.zendora.example>",
        unsubscribe="<https://zendora.example/unsubscribe?u=5512>",
        bulk=False,
        matter="a help-desk vendor's product news",
    )
    box.newsletter(
        "news-zendora-2",
        "2026-12-03 15:00",
        zendora,
        "Webinaire : préparer le service client aux fêtes",
        """
        Jeudi 10 décembre à 11 h : 45 minutes pour préparer votre équipe au pic de demandes des fêtes.

        S’inscrire : https://zendora.example/webinaire

        Se désabonner : https://zendora.example/unsubscribe
        """,
        list_id="<product-news.zendora.example>",
        unsubscribe="<https://zendora.example/unsubscribe?u=5512>",
        bulk=False,
        matter="a help-desk vendor's product news",
    )
    box.newsletter(
        "news-filretail",
        "2026-12-02 07:00",
        Person("Le Fil Retail", "lettre@lefilretail.example", "newsletter"),
        "Le Fil Retail n° 212 : la fidélité à l'heure des fêtes",
        """
        Le Fil Retail - n° 212

        À la une : programmes de fidélité, pourquoi les clients se plaignent-ils en décembre ?

        Lire : https://lefilretail.example/212

        Désinscription : https://lefilretail.example/desinscription
        """,
        list_id="<lettre.lefilretail.example>",
        unsubscribe="<https://lefilretail.example/desinscription?u=3301>",
        matter="a trade newsletter",
    )
    box.newsletter(
        "news-relais",
        "2026-12-04 08:30",
        Person("Relais Ouest Pro", "infos@relais-ouest.example", "newsletter"),
        "Horaires de fêtes de nos points relais",
        """
        Chers partenaires,

        Du 24 décembre au 2 janvier, certains points relais de l’Ouest auront des horaires réduits. La liste est en ligne.

        Consulter : https://relais-ouest.example/fetes

        Ne plus recevoir ces informations : https://relais-ouest.example/stop
        """,
        list_id="<partenaires.relais-ouest.example>",
        unsubscribe="<https://relais-ouest.example/stop?p=88>",
        matter="a carrier's partner bulletin",
    )
    postfix_bounce(
        box,
        "bounce-sandrine",
        "2026-11-30 19:05",
        "sandrine.kerbrat@laposte.net",
        "Re: Carte de fidélité non reçue",
        "agent:sandrine-a1",
        status="4.2.2",
        diagnostic="host smtp.laposte.net[160.92.124.66] said: 452 4.2.2 Mailbox full (in reply to RCPT TO command)",
        action="delayed",
        note="delay warning for the agent's answer to Sandrine Kerbrat: automatic, not her case",
    )
    postfix_bounce(
        box,
        "bounce-typo",
        "2026-12-02 11:20",
        "m.dufresne@gmial.com",
        "Votre carte de fidélité",
        "agent:dufresne-a1",
        status="5.1.2",
        diagnostic="Host or domain name not found. Name service error for name=gmial.com type=A: Host not found",
        note="the agent typed a customer's address wrong; that customer is not in the box",
    )
    exchange_ndr(
        box,
        "bounce-laurent",
        "2026-11-30 10:01",
        "laurent.pichon@hotmail.com",
        "Re: Changement d'adresse e-mail sur mon compte fidélité",
        "agent:laurent-a1",
        ("laurent-1", "agent:laurent-a1"),
        note="threaded to Laurent Pichon's first mail, yet automatic: never his case",
    )


# ---------------------------------------------------------------------------
# Checks, output and summary

_PREFIX = re.compile(
    r"^\s*(?:(?:re|aw|tr|fw|fwd|wg)\s*:\s*|\[[^\]]*\]\s*)+", re.IGNORECASE
)


def normalised_subject(subject: str) -> str:
    """The subject without reply/forward prefixes and [tags], lower case: for the checks."""
    return " ".join(_PREFIX.sub("", subject).lower().split())


def build() -> Box:
    """Every message and case of the set."""
    box = Box()
    hurried(box)
    two_matters(box)
    two_addresses(box)
    auto_replies(box)
    near_misses(box)
    same_subjects(box)
    singles(box)
    machines(box)
    _derive_kinds(box)
    return box


def _by_case(box: Box) -> dict[str, list[Mail]]:
    out: dict[str, list[Mail]] = defaultdict(list)
    for m in box.mails:
        out[m.case].append(m)
    return out


def _derive_kinds(box: Box) -> None:
    """Kinds that follow from the data, checked against the ones typed by hand."""
    by_case = _by_case(box)
    customer_addresses = {
        identity(m.address)
        for m in box.mails
        if not m.labels  # customers' own mail
    }
    subjects: dict[str, set[str]] = defaultdict(set)  # subject -> customers
    for m in box.mails:
        if not m.labels and normalised_subject(m.subject):
            subjects[normalised_subject(m.subject)].add(box.cases[m.case].customer)
    for name, case in box.cases.items():
        mails = by_case[name]
        if name.startswith("automatic "):
            if case.customer in customer_addresses:
                case.kinds.append("customer-auto-reply")
            continue
        shared = any(
            len(subjects[normalised_subject(m.subject)]) > 1
            for m in mails
            if normalised_subject(m.subject)
        ) or any(not m.subject for m in mails)  # two customers with no subject
        if "same-subject-other-customer" in case.kinds:
            assert shared, f"{name}: no other customer has its subject"
        elif shared:
            case.kinds.append("same-subject-other-customer")


def check(box: Box) -> None:
    """Refuse a set that contradicts its own definitions or the brief's proportions."""
    by_case = _by_case(box)
    ids = [m.message_id for m in box.mails]
    assert len(ids) == len(set(ids)), "duplicate Message-ID"
    for m in box.mails:
        assert FIRST_DAY <= m.when < END_DAY, f"{m.key}: {m.when} outside the week"
    cases_of: dict[str, list[str]] = defaultdict(list)
    for name, case in box.cases.items():
        mails = by_case[name]
        assert mails, f"{name}: no message"
        automatic = name.startswith("automatic ")
        for m in mails:
            assert bool(m.labels) == automatic, f"{m.key}: automatic mail in {name}"
            if automatic:
                assert identity(m.address) == case.customer, m.key
        if not automatic:
            cases_of[case.customer].append(name)
        addresses = {identity(m.address) for m in mails}
        assert ("two-addresses" in case.kinds) == (len(addresses) > 1), name
        if "hurried" in case.kinds:
            assert len(mails) >= 3, name
    for names in cases_of.values():
        for name in names:
            two = "two-matters" in box.cases[name].kinds
            assert two == (len(names) > 1), f"{name}: two-matters vs {names}"
    counts = _kind_counts(box)
    for kind in ("two-matters", "two-addresses", "auto-reply-in-thread"):
        assert counts[kind] >= 6, f"only {counts[kind]} cases of {kind}"
    assert len(box.mails) >= 200, len(box.mails)
    assert 90 <= len(box.cases) <= 110, len(box.cases)
    assert max(len(v) for v in by_case.values()) == 17


def _kind_counts(box: Box) -> Counter[str]:
    return Counter(kind for case in box.cases.values() for kind in case.kinds)


DESCRIPTION = (
    "Second, blind evaluation set for case grouping (issue 6): one customer, one "
    "matter. Written from the issue's definition and from what an agent reading the "
    "mailbox would say, without reading the grouping code, its scoring or the bundled "
    "sample's messages. A week of backlog of Maison Lumen's loyalty service "
    "(service.fidelite@example-shop.fr), Monday 30 November to Sunday 6 December "
    "2026, with a few mails of 28-29 November. Every name, address and number is "
    "fictional. Interpretations: (1) a customer is a person; a case's addresses are "
    "one per README identity (lower case, no +tag, Gmail dots ignored), written as "
    "the customer first wrote it, so one Gmail account written with and without the "
    "dot is one address. Two people are two "
    "customers even when they write about the same order (mother and daughter, "
    "husband and wife, neighbours), share a surname, a first name or a display name. "
    "(2) A matter is what one answer settles: one order, one parcel, one card, one "
    "voucher, one account change. A thank-you or 'it arrived' closing a matter "
    "belongs to it. Two orders are two matters, and so are two parcels of two orders "
    "with the same subject; a merge of two cards, or a replaced voucher, is one "
    "matter. (3) A mail that opens a new matter in the thread of another (a reply "
    "to the agent's answer about the first) belongs to the new matter; the agent "
    "answers it separately. Each mail belongs to exactly one case, so none of the "
    "customer mails here mixes two matters beyond a one-line acknowledgement. (4) A "
    "follow-up with no words ('???', a phone signature, a photo, an empty subject) "
    "belongs to the customer's open matter when they have only one. (5) Automatic "
    "mail (auto-reply, bounce, newsletter, as the README's labels define them) is "
    "one case per sender address, 'automatic <address>', even when it is a "
    "customer's own out-of-office in the middle of their thread or a bounce threaded "
    "to their case. (6) The agent's answers are not in the mailbox; they appear only "
    "in In-Reply-To/References and as quoted text."
)


def envelope(m: Mail) -> bytes:
    """The mbox 'From ' line: envelope sender and date in asctime form, UTC."""
    utc = m.when.astimezone(UTC)
    sender = "MAILER-DAEMON" if "bounce" in m.labels else m.address
    month = _MONTHS_EN[utc.month][0]
    stamp = f"{_DAYS_EN[utc.weekday()]} {month} {utc.day:2d} {utc:%H:%M:%S} {utc.year}"
    return f"From {sender} {stamp}\n".encode()


def write(outdir: Path) -> tuple[Path, Path, Box]:
    """Write cases2.mbox and cases2.json into outdir; return their paths and the set."""
    box = build()
    check(box)
    mails = sorted(box.mails, key=lambda m: (m.when.astimezone(UTC), m.key))
    outdir.mkdir(parents=True, exist_ok=True)
    mbox_path = outdir / "cases2.mbox"
    json_path = outdir / "cases2.json"
    partial = outdir / "cases2.mbox.partial"
    partial.unlink(missing_ok=True)
    mbox = mailbox.mbox(partial, create=True)
    try:
        for m in mails:
            # Bytes that start with a "From " line give mbox its envelope; it then
            # escapes body lines starting with "From " itself.
            mbox.add(envelope(m) + m.raw)
        mbox.flush()
    finally:
        mbox.close()
    os.replace(partial, mbox_path)
    messages = []
    for m in mails:
        entry: dict[str, object] = {
            "message_id": m.message_id,
            "date": m.when.isoformat(),
            "from": m.address,
            "case": m.case,
        }
        if m.labels:
            entry["labels"] = list(m.labels)
        entry["subject"] = m.subject
        if m.note:
            entry["note"] = m.note
        messages.append(entry)
    by_case = _by_case(box)
    first = {name: min(m.when for m in ms) for name, ms in by_case.items()}
    cases = [
        {
            "case": case.name,
            "customer": box.written(case.customer),
            "addresses": sorted({box.written(m.address) for m in by_case[case.name]}),
            "matter": case.matter,
            "kinds": sorted(case.kinds),
        }
        for case in sorted(box.cases.values(), key=lambda c: (first[c.name], c.name))
    ]
    document = {
        "description": DESCRIPTION,
        "generator": "bench/cases/make_cases_set.py",
        "kinds": KINDS,
        "messages": messages,
        "cases": cases,
    }
    json_path.write_text(
        json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return mbox_path, json_path, box


def summary(box: Box) -> str:
    """Counts for the report: messages, cases, hard kinds, prefixes, threading."""
    by_case = _by_case(box)
    automatic = [n for n in box.cases if n.startswith("automatic ")]
    customers = {c.customer for n, c in box.cases.items() if n not in automatic}
    lines = [
        f"{len(box.mails)} messages, {len(box.cases)} cases "
        f"({len(box.cases) - len(automatic)} customer cases of {len(customers)} customers, "
        f"{len(automatic)} automatic)",
        "one-mail customer cases: "
        + str(
            sum(1 for n, ms in by_case.items() if n not in automatic and len(ms) == 1)
        ),
        "case sizes: "
        + ", ".join(
            f"{size}x{count}"
            for size, count in sorted(
                Counter(
                    len(ms) for n, ms in by_case.items() if n not in automatic
                ).items()
            )
        ),
        "kinds (cases):",
    ]
    counts = _kind_counts(box)
    for kind in KINDS:
        lines.append(f"  {kind:<28} {counts[kind]:>3}")
    two = {
        box.cases[n].customer for n in box.cases if "two-matters" in box.cases[n].kinds
    }
    lines.append(f"customers with two or more matters: {len(two)}")
    prefixes: Counter[str] = Counter()
    for m in box.mails:
        for p in re.findall(
            r"(?:^|\s)((?:re|aw|tr|fw|fwd|wg)\s*:|\[[^\]]*\])", m.subject, re.I
        ):
            prefixes[p] += 1
    lines.append(
        "subject prefixes: "
        + ", ".join(f"{k!r} {v}" for k, v in sorted(prefixes.items()))
    )
    lines.append(
        f"messages whose headers name an agent's answer (not in the box): "
        f"{sum(m.via_agent for m in box.mails)}"
    )
    lines.append(
        "customer mails after the first of their case with no thread headers: "
        + str(
            sum(
                1
                for n, ms in by_case.items()
                if n not in automatic
                for m in sorted(ms, key=lambda m: m.when)[1:]
                if not m.refs and not m.via_agent
            )
        )
    )
    labels = Counter(label for m in box.mails for label in m.labels)
    lines.append(
        "automatic mail: " + ", ".join(f"{k} {v}" for k, v in sorted(labels.items()))
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    outdir = Path(args[0]) if args else Path(__file__).resolve().parent
    _, _, box = write(outdir)
    print(summary(box), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
