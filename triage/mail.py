"""Raw RFC 5322 bytes to a ParsedMail; never raises on bad mail.

Parsing uses the stdlib `email` package with the `compat32` policy and decodes headers
and bodies itself (`text.py`). `policy.default` gives the same body text but costs about
five times as much per message (measured: 2.0 ms against 0.4 ms), and its strict header
objects are exactly what breaks on the mail this tool meets; the hardening it would need
(lying charsets, broken encoded words, 8-bit headers) is done here explicitly anyway.
"""

import email.utils
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC
from email.message import Message as EmailMessage
from email.parser import BytesParser
from email.policy import Compat32

from triage.dates import to_utc_iso
from triage.records import Attachment, ParsedMail
from triage.reply import extract_reply
from triage.text import decode_bytes, decode_header, html_to_text, recover_header, tidy


class _RawHeaders(Compat32):
    """compat32, but a header with 8-bit bytes is read back as text, not a Header.

    compat32 turns such a value into a `Header` whose str() replaces every byte with
    U+FFFD and which `get_param` cannot read (an 8-bit file name failed the whole
    message). Returned as a str with the bytes surrogate-escaped, `recover_header` and
    `decode_header` decode it like any other. NUL bytes never mean anything in a
    header and would leak into addresses and IDs, so they go here.
    """

    def header_fetch_parse(self, name: str, value: str) -> str:
        return value.replace("\x00", "")


_PARSER = BytesParser(policy=_RawHeaders())
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:", re.MULTILINE)
_HASHED_NAMES = (b"from:", b"date:", b"subject:", b"to:")
_FOLDED = (b" ", b"\t")
# mbox files escape a body line "From ..." as ">From ..."; mboxrd also ">From ..." as
# ">>From ...". IMAP and Maildir copies of the same message are not escaped. For the
# hash, every such line loses all its ">": removing only one would make a Maildir
# ">From" and its mboxrd ">>From" differ. Matched after a newline rather than with
# `^` and MULTILINE, which re cannot search for quickly.
_ESCAPED_FROM = re.compile(rb"\n>+From ")
_MSGID = re.compile(r"<[^<>\s]+>")
_MAX_NAME = 200
# One address, `Name <local@domain>` or bare `local@domain`, with nothing unusual:
# no comma, group, comment or quoted special in the name.
_SIMPLE_ADDRESS = re.compile(
    r'\s*(?:"?(?P<name>[^"<>,;:@()\\]*?)"?\s*<(?P<addr>[^<>\s@,;:()"]+@[^<>\s@,;:()"]+)>'
    r'|(?P<bare>[^<>\s@,;:()"]+@[^<>\s@,;:()"]+))\s*'
)


@dataclass(frozen=True, slots=True)
class Identity:
    """What tells two messages apart, read without parsing the whole message.

    An import checks it against the store before parsing, so that importing a
    mailbox again costs a read and a hash per message, not a parse.
    """

    message_id: str | None
    content_hash: str


def parse_mail(raw: bytes, identity: Identity | None = None) -> ParsedMail:
    """Parse one message; one that cannot be read still yields a flagged record.

    `identity` is `identify(raw)` when the caller has it already.
    """
    identity = identity or identify(raw)
    try:
        if not _HEADER_LINE.search(raw, 0, 4096):
            return ParsedMail(
                content_hash=identity.content_hash,
                size=len(raw),
                parse_error="no message headers found: not an e-mail message",
            )
        return _parse(raw, identity)
    except Exception as exc:  # any failure flags this message only, never the run
        return ParsedMail(
            content_hash=identity.content_hash,
            size=len(raw),
            message_id=identity.message_id,
            parse_error=f"cannot parse message: {type(exc).__name__}: {exc}"[:500],
        )


def identify(raw: bytes) -> Identity:
    """The Message-ID and the content hash of a raw message.

    One pass over the header lines, no parse: an import runs this on every message,
    including the ones it will find already stored.
    """
    raw = raw.replace(b"\r\n", b"\n")
    split = raw.find(b"\n\n")
    head, body = (raw, b"") if split < 0 else (raw[:split], raw[split + 2 :])
    hashed: list[list[bytes]] = []  # each field: its line, then its continuation lines
    id_lines: list[bytes] = []
    current: list[bytes] | None = None  # the field a continuation line belongs to
    for line in head.split(b"\n"):
        if line[:1] in _FOLDED:
            if current is not None:
                current.append(line)
            continue
        current = None
        start = line[:11].lower()
        if start.startswith(_HASHED_NAMES):
            current = [line]
            hashed.append(current)
        elif start == b"message-id:" and not id_lines:
            id_lines.append(line[11:])
            current = id_lines
    message_id = None
    if id_lines and _HEADER_LINE.search(raw, 0, 4096):
        value = b" ".join(id_lines).replace(b"\x00", b"")
        message_id = _message_id(value.decode("utf-8", "surrogateescape"))
    # Unfolded and whitespace-normalised: a copy refolded elsewhere is the same
    # message, and two messages that differ after the fold are not.
    fields = sorted(b" ".join(b" ".join(lines).lower().split()) for lines in hashed)
    if b">From " in body:
        body = _ESCAPED_FROM.sub(b"\nFrom ", b"\n" + body)[1:]
    digest = hashlib.sha256()
    for value in fields:
        digest.update(value + b"\n")
    digest.update(b"\n")
    digest.update(body.rstrip())
    return Identity(message_id, digest.hexdigest())


def content_hash_of(raw: bytes) -> str:
    """Hash what identifies a message's content: From, To, Date, Subject and the body.

    Transport headers (Received, Delivered-To, X-…) differ between two copies of one
    message, so they are left out; line endings, header folding and mbox ">From "
    escaping are normalised for the same reason (the stored bytes stay verbatim).
    """
    return identify(raw).content_hash


def read_reply_to(head: bytes) -> tuple[str | None, str]:
    """The first Reply-To address and its display name, from the header alone.

    For messages stored before triage kept Reply-To (migration m009): `head` is
    the start of the raw bytes, the body is never parsed. (None, "") without a
    usable Reply-To, never an exception.
    """
    try:
        return _reply_to(_Headers(_PARSER.parsebytes(head, headersonly=True)))
    except Exception:  # one unreadable header loses its Reply-To, not the migration
        return None, ""


def _parse(raw: bytes, identity: Identity) -> ParsedMail:
    msg = _PARSER.parsebytes(raw)
    headers = _Headers(msg)
    from_name, from_addr = _first_address(headers.all("from"))
    reply_to, reply_to_name = _reply_to(headers)
    body = _Body()
    body.read(msg)
    text = tidy("\n\n".join(t for t in body.texts if t.strip()))
    reply = extract_reply(text)
    return ParsedMail(
        content_hash=identity.content_hash,
        size=len(raw),
        message_id=identity.message_id,
        date=_utc_date(headers),
        from_addr=from_addr,
        from_name=from_name,
        reply_to=reply_to,
        reply_to_name=reply_to_name,
        to_addrs=_addresses(headers.all("to")),
        cc_addrs=_addresses(headers.all("cc")),
        subject=decode_header(headers.first("subject")),
        in_reply_to=_message_id(headers.first("in-reply-to")),
        references=_references(headers.first("references")),
        list_id=headers.decoded("list-id"),
        list_unsubscribe=headers.decoded("list-unsubscribe"),
        precedence=headers.decoded("precedence"),
        auto_submitted=headers.decoded("auto-submitted"),
        x_autoreply=headers.decoded("x-autoreply") or headers.decoded("x-autorespond"),
        content_type=_content_type(msg),
        body_text=text,
        new_text=reply.new_text,
        mobile_signature=reply.mobile_signature,
        html_only=body.html_only,
        attachments=tuple(body.attachments),
    )


class _Headers:
    """The top-level header fields, read once: `Message.get` rescans them per call."""

    def __init__(self, msg: EmailMessage) -> None:
        self._fields: dict[str, list[str]] = {}
        for name, value in msg.items():
            self._fields.setdefault(name.lower(), []).append(str(value))

    def all(self, name: str) -> list[str]:
        return self._fields.get(name, [])

    def first(self, name: str) -> str | None:
        values = self._fields.get(name)
        return values[0] if values else None

    def decoded(self, name: str) -> str | None:
        value = self.first(name)
        return decode_header(value) or None if value is not None else None


def _content_type(part: EmailMessage) -> str:
    return recover_header(part.get_content_type())


def _message_id(value: object) -> str | None:
    if value is None:
        return None
    text = recover_header(str(value)).strip()
    found = _MSGID.search(text)
    if found:
        return found.group(0)
    # Some senders omit the angle brackets or pad the ID with spaces inside them;
    # keep the token rather than lose the ID.
    tokens = text.strip("<> \t").split()
    token = tokens[0] if tokens else ""
    return f"<{token}>" if token else None


def _references(value: object) -> tuple[str, ...]:
    return tuple(_MSGID.findall(recover_header(str(value or ""))))


def _reply_to(headers: _Headers) -> tuple[str | None, str]:
    # Only an address can be replied to: a broken value ("Reply-To: see below")
    # is no Reply-To at all.
    name, addr = _first_address(headers.all("reply-to"))
    return (addr, name) if "@" in addr.strip("@") else (None, "")


def _first_address(values: list[str]) -> tuple[str, str]:
    pairs = _address_pairs(values)
    return pairs[0] if pairs else ("", "")


def _addresses(values: list[str]) -> tuple[str, ...]:
    return tuple(addr for _, addr in _address_pairs(values) if addr)


def _address_pairs(values: list[str]) -> list[tuple[str, str]]:
    raw = [recover_header(v) for v in values]
    simple = [_SIMPLE_ADDRESS.fullmatch(v) for v in raw]
    if all(simple):
        # The common shape, `Name <a@b>` or `a@b`: no need for the full RFC 5322
        # address parser, which costs more than the rest of the headers together.
        pairs = [(m["name"] or "", m["addr"] or m["bare"]) for m in simple if m]
    else:
        pairs = email.utils.getaddresses(raw)
    result = []
    for name, addr in pairs:
        name = decode_header(name).strip().strip('"').strip()
        result.append((name, addr.strip().lower()))
    if not any(addr for _, addr in result) and any(v.strip() for v in raw):
        # getaddresses gives up on some broken headers; keep the text as the name.
        return [(decode_header(" ".join(raw))[:_MAX_NAME], "")]
    return result


def _utc_date(headers: _Headers) -> str | None:
    candidates = [headers.first("date")]
    # Without a usable Date, the newest Received stamp says when the mail arrived.
    candidates += [r.rsplit(";", 1)[-1] for r in headers.all("received")]
    for value in candidates:
        if not value:
            continue
        try:
            parsed = email.utils.parsedate_to_datetime(recover_header(str(value)))
        except (TypeError, ValueError, IndexError, OverflowError):
            continue
        if parsed is None:
            continue
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        try:
            return to_utc_iso(parsed)
        except (ValueError, OverflowError):
            continue
    return None


class _Body:
    """Walks the MIME tree: text to read, attachments to list."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.attachments: list[Attachment] = []
        self.html_only = False
        self._saw_plain = False
        self._saw_html = False

    def read(self, msg: EmailMessage) -> None:
        self._walk(msg, depth=0)
        self.html_only = self._saw_html and not self._saw_plain

    def _walk(self, part: EmailMessage, depth: int) -> None:
        ctype = _content_type(part)
        if depth > 30:  # a MIME bomb of nested multiparts
            return
        # compat32 holds an attached message/rfc822 as a one-part list: it is an
        # attachment, not more text of this message (a bounce quotes our own mail).
        if part.is_multipart() and not ctype.startswith("message/"):
            children = [p for p in part.get_payload() if isinstance(p, EmailMessage)]
            if ctype == "multipart/alternative":
                self._alternative(children, depth)
            else:
                for child in children:
                    self._walk(child, depth + 1)
            return
        if ctype.startswith("multipart/"):
            # A multipart without a boundary cannot be split; its body is still text.
            ctype = "text/plain"
        if self._is_attachment(part, ctype):
            self._attach(part, ctype)
        elif ctype == "text/html":
            self._saw_html = True
            self.texts.append(html_to_text(self._decoded(part)))
        else:
            self._saw_plain = True
            self.texts.append(self._decoded(part))

    def _alternative(self, children: list[EmailMessage], depth: int) -> None:
        # Prefer text/plain unless it is empty; otherwise the richest part that reads.
        for child in children:
            if child.get_content_type() == "text/plain" and not self._is_attachment(
                child, "text/plain"
            ):
                text = self._decoded(child)
                if text.strip():
                    self._saw_plain = True
                    self.texts.append(text)
                    return
        for child in reversed(children):
            ctype = child.get_content_type()
            if ctype == "text/html" or child.is_multipart():
                self._walk(child, depth + 1)
                return

    @staticmethod
    def _is_attachment(part: EmailMessage, ctype: str) -> bool:
        disposition = (part.get("Content-Disposition") or "").split(";", 1)[0]
        if disposition.strip().lower() == "attachment":
            return True
        if ctype in ("text/plain", "text/html"):
            return _filename(part) is not None and disposition.strip() != ""
        return not ctype.startswith("message/delivery-status")

    def _attach(self, part: EmailMessage, ctype: str) -> None:
        payload = part.get_payload(decode=True)
        # message/rfc822 and friends keep a parsed payload; measure it re-serialised.
        inner = part.get_payload() if part.is_multipart() else None
        inner_msg = inner[0] if isinstance(inner, list) and inner else None
        if payload is not None:
            size = len(payload)
        elif isinstance(inner_msg, EmailMessage):
            size = len(inner_msg.as_bytes())
        else:
            size = 0
        name = _filename(part)
        if name is None and ctype.startswith("message/"):
            subject = decode_header(inner_msg.get("Subject")) if inner_msg else ""
            name = f"{subject or 'message'}.eml"
        disposition = (part.get("Content-Disposition") or "").strip().lower()
        self.attachments.append(
            Attachment(
                filename=sanitise_filename(name),
                content_type=ctype,
                size=size,
                inline=disposition.startswith("inline"),
            )
        )

    @staticmethod
    def _decoded(part: EmailMessage) -> str:
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            return ""
        return decode_bytes(payload, part.get_content_charset())


def _filename(part: EmailMessage) -> str | None:
    """The part's file name, decoded here rather than by `get_filename`.

    The stdlib decodes an RFC 2231 name (`filename*=utf-8''...`) with
    raw-unicode-escape, which turns raw 8-bit bytes in it into literal `\\udcxx` text,
    and fails outright on an 8-bit byte in its charset token.
    """
    value = part.get_param("filename", None, "content-disposition")
    if value is None:
        value = part.get_param("name", None, "content-type")
    if not isinstance(value, tuple):
        return value
    charset, _, text = value  # %XX already turned into chars U+0000-U+00FF
    try:
        data = text.encode("latin-1", "surrogateescape")
    except UnicodeEncodeError:
        return text
    return decode_bytes(data, charset)


def sanitise_filename(name: object) -> str:
    """A file name safe to show and to save: no directories, controls or hidden dots."""
    if isinstance(name, tuple):  # an RFC 2231 value the stdlib could not collapse
        name = name[2]
    text = decode_header(str(name)) if name else ""
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = re.sub(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", "_", text)
    text = text.strip().lstrip(".").strip()
    return text[:_MAX_NAME] or "attachment"
