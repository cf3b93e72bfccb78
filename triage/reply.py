"""The new text of a message: what the customer wrote, without quotes or signatures.

Triage groups and labels complaints by what the customer wrote *this time*. Replies drag
the thread along (Gmail's "Le ... a écrit :", Outlook's "De : / Envoyé : / À :" block,
"> " quoting, forwarded messages) and phones add "Envoyé de mon iPhone"; left in, they
make every message of a thread look alike.

The body is read line by line, top to bottom, and each line gets a kind (text, blank,
quoted, forward marker, Outlook header field, signature delimiter, mobile signature,
rule); quote headers, which may span a few lines, are found by looking back from the
lines that could end one. Recognising them is `triage/reply_markers.py`'s job; this
module holds the walk that decides what they mean. The first quote or signature marker
that follows some of the sender's own text ends the new text. Reading goes on past a
marker in two cases, because the sender's text comes after it:

- a quote header directly followed by "> " lines: the quoted block is dropped and the
  text after it kept (bottom-posting, answers between quoted paragraphs). A "> " block
  without a header is kept when the sender answers below it, dropped when it trails;
- a forward marker or Outlook header block with nothing above it: the message is a bare
  forward, so the header is dropped and the forwarded text is what the sender sends us.

A quote header ("On ... wrote:") with nothing above it and unmarked text below means
that text is someone else's, so nothing is new. The suites of the reply-parsing corpus
disagree on some of these cases; the choices were measured with `make eval`.

The rules ask two more questions of a body, answered here because the walk knows its
lines: `forwarded_sender` says who sent the mail a bare forward or an Outlook header
block with nothing typed above it carries (the new text is then that mail, which the
customer wrote only if it is theirs), and `is_signature_only` whether a new text is
nothing but a signature block (a "-- " block, or a name with phone lines).

Bodies can be huge and hostile, so the work stays linear and small: whole-text work is
done by C string methods, lines are classified lazily (the walk usually stops at the
first quote), and header candidates are a few joined lines of bounded length. Structure
is looked for in the first `_MAX_LINES` lines only; anything after them stays text.
"""

import re
from dataclasses import dataclass
from typing import Literal

from triage.reply_markers import (
    COLONS,
    HEADER_MAX_LEN,
    FieldRole,
    LineKind,
    classify_line,
    field_role,
    field_value,
    glued_header,
    is_decorated,
    is_header,
    is_rule_or_blank,
    is_signoff,
    may_end_header,
    mobile_signature,
    name_words,
    opens_like_header,
    signature_line,
)

_Fields = Literal["block", "sender", "none"]


@dataclass(frozen=True, slots=True)
class Reply:
    """New text of a message body, and the mobile-client signature found in it."""

    new_text: str
    mobile_signature: str | None = None


# A quote header spans up to _HEADER_MAX_LINES lines; the walk finds the headers that
# end up to _SCAN_AHEAD lines below the line it reads. Only a short line ending with a
# colon closes a header over several lines, and a long line above it is a sentence.
_HEADER_MAX_LINES = 6
_SCAN_AHEAD = 32
_HEADER_CONTINUATION_MAX_LEN = 120
_HEADER_PIECE_MAX_LEN = 120
_FIELD_BLOCK_MAX_LINES = 16
# A signature is a few short lines: longer, it is the sender's text under a rule.
_SIGNATURE_TAIL_MAX_LINES = 10
_SIGNATURE_TAIL_MAX_LEN = 80

# Whole-text work is limited to what C does fast (`in`, `replace`, `find`, `split`): a
# regex scan of 2 MB costs tens of milliseconds. Control characters other than NUL and
# odd spaces stay (the recognisers read NBSP as a space; text.py sanitises for display).
_BLANK_RUN = re.compile(r"\n{3,}")
_MAX_LINES = 2_000


def extract_reply(text: str) -> Reply:
    """Split a plain-text body into the sender's new text and what follows it."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
    head, rest = _split_head(text.lstrip("\ufeff"))
    body = _Body([line.rstrip() for line in head.split("\n")], truncated=bool(rest))
    kept, mobile, complete = body.walk()
    kept = _drop_signoff(_trim_tail(kept))
    if complete and rest:
        # Past _MAX_LINES nothing is parsed: the sender's own text is that long.
        if " \n" in rest or "\t\n" in rest:
            rest = "\n".join([line.rstrip() for line in rest.split("\n")])
        kept.append(rest)
    new_text = "\n".join(kept).strip()
    if "\n\n\n" in new_text:
        new_text = _BLANK_RUN.sub("\n\n", new_text)
    return Reply(new_text=new_text, mobile_signature=mobile)


# A forward's header sits in the first lines of a body; a signature-only body is short.
_OPENING_MAX_CHARS = 4000
_OPENING_MAX_LINES = 40
_SIGNATURE_ONLY_MAX_LEN = 400
_SENTENCE_MIN_WORDS = 6
_SIGNED_TAIL_LINES = 3
_SIGNED_TAIL_CHARS = 300


def forwarded_sender(text: str) -> str | None:
    """Who sent the mail a body forwards or answers with nothing typed above it.

    The new text of such a body is the forwarded text (see the module docstring), but
    the sender wrote none of it unless the mail was theirs: callers compare the value
    of its "From" field (empty when the header names no sender) with the sender.
    None when the body opens with text of its own, phone signatures aside.
    """
    head = text[:_OPENING_MAX_CHARS]
    if "\r" in head:
        head = head.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in head.split("\n", _OPENING_MAX_LINES)]
    return _Body(lines[:_OPENING_MAX_LINES], truncated=True).opening_sender()


def is_signature_only(text: str, sender_name: str = "", sender_addr: str = "") -> bool:
    """True when `text`, a new text, is nothing but a signature block.

    A "-- " delimiter on top makes the short lines under it a signature; otherwise
    every line must be a sign-off ("Cordialement"), contact details (phone, address,
    e-mail, web), or a name, with a sign-off, the sender's own name, or a name beside
    a contact line to show that it signs (a phone number alone may be an answer, and
    a lone "Sophie" a name only under a sign-off).
    """
    if len(text) > _SIGNATURE_ONLY_MAX_LEN:
        return False
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not lines or len(lines) > _SIGNATURE_TAIL_MAX_LINES:
        return False
    if classify_line(lines[0]) is LineKind.SIG_DASH:
        return all(
            len(line) <= _SIGNATURE_TAIL_MAX_LEN and not _is_sentence(line)
            for line in lines[1:]
        )
    sender = sender_words(sender_name, sender_addr)
    roles: list[str] = []
    for line in lines:
        role = signature_line(line, sender)
        if role is None or (role == "given-name" and roles[-1:] != ["signoff"]):
            return False
        roles.append(role)
    found = set(roles)
    return bool(found & {"signoff", "sender"}) or {"name", "contact"} <= found


def signed_by(text: str, sender: frozenset[str]) -> bool:
    """True when one of the last lines of `text` is the sender's name: they signed it.

    `sender` is `sender_words(...)`. Under a bare forward header, text that the
    sender signed is theirs: their own mail forwarded, or their answer below it.
    """
    if not sender:
        return False
    lines = [line for line in text[-_SIGNED_TAIL_CHARS:].split("\n") if line.strip()]
    return any(
        signature_line(line, sender) == "sender" for line in lines[-_SIGNED_TAIL_LINES:]
    )


def sender_words(name: str, address: str) -> frozenset[str]:
    """The words of a sender's display name and address, to recognise their name."""
    local = address.partition("@")[0]
    return name_words(name) | name_words("".join(c for c in local if not c.isdigit()))


def _is_sentence(line: str) -> bool:
    return line.endswith((".", "!", "?")) and len(line.split()) >= _SENTENCE_MIN_WORDS


def _split_head(text: str) -> tuple[str, str]:
    """The first _MAX_LINES lines, and the rest."""
    pos = -1
    for _ in range(_MAX_LINES):
        pos = text.find("\n", pos + 1)
        if pos < 0:
            return text, ""
    return text[:pos], text[pos + 1 :]


class _Body:
    """Lines of one body, classified on demand, and the walk that picks the new text."""

    __slots__ = ("_glued", "_headers", "_kinds", "_scanned", "lines", "truncated")

    def __init__(self, lines: list[str], *, truncated: bool) -> None:
        self.lines = lines
        self.truncated = truncated  # more text follows the last of `lines`
        self._kinds: list[LineKind | None] = [None] * len(lines)
        self._headers: dict[int, int] = {}  # first line of a quote header -> last line
        self._glued: dict[int, int] = {}  # line -> offset of a header glued onto it
        self._scanned = -1  # quote headers ending up to this line are known

    # --- the walk ---------------------------------------------------------------

    def walk(self) -> tuple[list[str], str | None, bool]:
        """The sender's lines, the first mobile signature, and whether the text runs on.

        The last is true when the walk reached the last line still reading the
        sender's text, so what follows `lines` is taken to be the sender's too.
        """
        lines, n = self.lines, len(self.lines)
        kept: list[str] = []
        mobile: str | None = None
        has_text = in_code = False
        reading = True  # the last thing read was the sender's
        i = 0
        while i < n:
            if self._scanned < i + _HEADER_MAX_LINES:
                self._scanned = max(self._scanned, i - 1)
                self._scan_headers(i + _SCAN_AHEAD)
            kind = self.kind(i)
            if kind is LineKind.FENCE or in_code:
                # Markdown code is the sender's text, whatever it looks like.
                in_code ^= kind is LineKind.FENCE
                kept.append(lines[i])
                has_text = reading = True
                i += 1
                continue
            if i in self._glued:
                kept.append(lines[i][: self._glued[i]])
                has_text = True
            if i in self._headers or i in self._glued:
                after = self._next_nonblank(self._headers.get(i, i) + 1)
                if after is None or self.kind(after) is not LineKind.QUOTE:
                    return kept, mobile, False
                i = self._skip_blank(self._quote_block_end(after))
                reading = False
                continue
            if kind is LineKind.BLANK:
                kept.append("")
            elif kind is LineKind.QUOTE:
                end = self._quote_block_end(i)
                after = self._next_nonblank(end)
                if (after is not None and self._is_text(after)) or (
                    after is None and not has_text and not self._quotes_a_header(i)
                ):
                    kept.extend(lines[i:end])
                    reading = True
                else:
                    reading = False
                i = end
                continue
            elif kind is LineKind.FORWARD:
                if has_text:
                    return kept, mobile, False
                i = self._skip_forward_header(i + 1)
                reading = False
                continue
            elif kind is LineKind.FIELD and (role := self._field_block(i))[1] != "none":
                end, what = role
                if what == "block":
                    if has_text:
                        return kept, mobile, False
                    i = end
                    reading = False
                    continue
                # A lone "From: x@y" line reads like "x@y wrote:".
                after = self._next_nonblank(end)
                if after is None or self.kind(after) is not LineKind.QUOTE:
                    return kept, mobile, False
                i = self._skip_blank(self._quote_block_end(after))
                reading = False
                continue
            elif kind is LineKind.MOBILE:
                mobile = mobile or mobile_signature(lines[i])
                if has_text:
                    return kept, mobile, False
            elif kind is LineKind.SIG_DASH and has_text:
                return kept, mobile or self._mobile_in_signature(i + 1), False
            elif kind is LineKind.UNDERSCORE:
                if has_text:
                    return kept, mobile, False
            elif kind is LineKind.RULE and has_text and self._signature_like(i + 1):
                return kept, mobile, False
            else:
                kept.append(lines[i])
                has_text = reading = True
            i += 1
        return kept, mobile, reading

    def opening_sender(self) -> str | None:
        """The "From" value of a forward or header block the lines open with.

        Phone signatures, rules and blank lines may come first: they are not text.
        "" when the block names no sender; None when the lines open with text.
        """
        lines, n = self.lines, len(self.lines)
        i = 0
        skip = (LineKind.BLANK, LineKind.MOBILE, LineKind.UNDERSCORE, LineKind.RULE)
        while i < n and self.kind(i) in skip:
            i += 1
        if i == n:
            return None
        kind = self.kind(i)
        if kind is LineKind.FORWARD:
            start = i + 1
            end = self._skip_forward_header(start)
        elif kind is LineKind.FIELD:
            start = i
            end, what = self._field_block(i)
            if what != "block":
                return None
        else:
            return None
        for j in range(start, end):
            if self.kind(j) is LineKind.FIELD and field_role(lines[j]) == "from":
                return field_value(lines[j])
        return ""

    # --- classification ---------------------------------------------------------

    def kind(self, i: int) -> LineKind:
        cached = self._kinds[i]
        if cached is None:
            cached = self._kinds[i] = classify_line(self.lines[i])
        return cached

    def _is_text(self, i: int) -> bool:
        """True when line i is the sender's prose (so a quote above it is context)."""
        kind = self.kind(i)
        if kind is LineKind.FIELD:
            return self._field_block(i)[1] == "none"
        return kind in (LineKind.TEXT, LineKind.RULE) and not self._starts_header(i)

    def _starts_header(self, i: int) -> bool:
        self._scan_headers(i + _HEADER_MAX_LINES)
        return i in self._headers or i in self._glued

    def _next_nonblank(self, i: int) -> int | None:
        for j in range(i, len(self.lines)):
            if self.kind(j) is not LineKind.BLANK:
                return j
        return None

    def _skip_blank(self, i: int) -> int:
        """First line from i that is not blank (text closes up over a cut quote)."""
        after = self._next_nonblank(i)
        return len(self.lines) if after is None else after

    def _quote_block_end(self, i: int) -> int:
        """End (exclusive) of the "> " block at i, counting wrapped quoted lines in."""
        n = len(self.lines)
        j = i
        while j < n:
            kind = self.kind(j)
            if kind is LineKind.QUOTE:
                j += 1
            elif kind is LineKind.BLANK:
                after = self._next_nonblank(j)
                if after is None or self.kind(after) is not LineKind.QUOTE:
                    return j
                j = after
            elif (
                kind is LineKind.TEXT
                and j + 1 < n
                and self.kind(j + 1) is LineKind.QUOTE
            ):
                j += 1  # a long quoted line that the mail client wrapped
            else:
                return j
        return j

    def _quotes_a_header(self, i: int) -> bool:
        """True when the "> " block at i opens with a quoted quote header."""
        return is_header(self.lines[i].strip().lstrip("> \t"), decorated=False)

    def _field_block(self, i: int) -> tuple[int, _Fields]:
        """End of the header fields from line i, and what they are.

        "block": two or more fields naming a sender, or a date and a recipient (an
        Outlook reply or forward header); "sender": a "From: x@y" line standing alone;
        "none": a line that merely starts like a field.
        """
        lines, n = self.lines, len(self.lines)
        roles: set[FieldRole] = set()
        count = 0
        end = j = i
        limit = min(n, i + _FIELD_BLOCK_MAX_LINES)
        while j < limit:
            kind = self.kind(j)
            if kind is LineKind.FIELD:
                count += 1
                roles.add(field_role(lines[j]))
                end = j + 1
            elif kind is LineKind.BLANK:
                if j + 1 >= n or self.kind(j + 1) is not LineKind.FIELD:
                    break
            elif kind not in (LineKind.TEXT, LineKind.RULE) or j - end >= 2:
                break
            j += 1
        if count >= 2 and ("from" in roles or {"sent", "to"} <= roles):
            # A wrapped last field ("Subject: two\nline subject") belongs to the block.
            if (
                end < n
                and self.kind(end) is LineKind.TEXT
                and (end + 1 >= n or self.kind(end + 1) is LineKind.BLANK)
            ):
                end += 1
            return end, "block"
        alone = (i == 0 or not lines[i - 1]) and (i + 1 == n or not lines[i + 1])
        if count == 1 and roles == {"from"} and "@" in lines[i] and alone:
            return i + 1, "sender"
        return i + 1, "none"

    def _skip_forward_header(self, i: int) -> int:
        """Skip the blank lines and header fields under a forward marker."""
        after = self._next_nonblank(i)
        if after is None:
            return len(self.lines)
        if self.kind(after) is LineKind.FIELD:
            end, role = self._field_block(after)
            return end if role != "none" else after
        return after

    def _signature_like(self, i: int) -> bool:
        """True when the lines from i to the next quote read as a signature."""
        count = 0
        for j in range(i, len(self.lines)):
            kind = self.kind(j)
            if kind is LineKind.BLANK:
                continue
            if kind in (LineKind.QUOTE, LineKind.FORWARD, LineKind.FIELD):
                return True
            if self._starts_header(j):
                return True
            line = self.lines[j].strip()
            count += 1
            if count > _SIGNATURE_TAIL_MAX_LINES or len(line) > _SIGNATURE_TAIL_MAX_LEN:
                return False
            if _is_sentence(line):
                return False  # prose under a rule, not a signature
        return not self.truncated

    def _mobile_in_signature(self, i: int) -> str | None:
        """The mobile signature inside a "-- " signature block, if there is one."""
        for j in range(i, min(len(self.lines), i + _SIGNATURE_TAIL_MAX_LINES)):
            kind = self.kind(j)
            if kind is LineKind.MOBILE:
                return mobile_signature(self.lines[j])
            if kind in (LineKind.QUOTE, LineKind.FORWARD) or self._starts_header(j):
                return None
        return None

    # --- quote headers ----------------------------------------------------------

    def _scan_headers(self, upto: int) -> None:
        """Find the quote headers that end on lines up to `upto` (1-6 lines each)."""
        lines = self.lines
        last = min(upto, len(lines) - 1)
        while self._scanned < last:
            self._scanned += 1
            j = self._scanned
            line = lines[j]
            if not may_end_header(line):
                continue
            if self.kind(j) is not LineKind.QUOTE and not opens_like_header(
                line.lstrip()
            ):
                glued = glued_header(line)
                if glued is not None:
                    self._glued[j] = glued
                    continue
            start = self._header_start(j)
            if start is not None and all(
                k not in self._headers for k in range(start, j + 1)
            ):
                self._headers[start] = j

    def _header_start(self, j: int) -> int | None:
        """First line of the quote header that ends on line j, if one does.

        The shortest run of lines that reads as a header wins ("Thanks\\nOn ... wrote:"
        keeps "Thanks"), then it grows upwards over lines that open like a header, so a
        date wrapped onto its own line belongs to it. Only a short line ending with a
        colon can close a header that spans lines ("<x@y> wrote:", "a écrit :").
        """
        lines = self.lines
        end = lines[j].strip()
        end_quoted = self.kind(j) is LineKind.QUOTE
        if end_quoted and len(end.lstrip("> ")) > 20:
            return None  # a quoted header belongs to its quote
        spans = end.endswith(COLONS) and len(end) <= _HEADER_CONTINUATION_MAX_LEN
        parts: list[str] = []
        found: int | None = None
        size = 0
        for i in range(j, max(-1, j - _HEADER_MAX_LINES), -1):
            kind = self.kind(i)
            if kind is LineKind.BLANK:
                continue
            if i < j and (kind is LineKind.QUOTE or not spans):
                break
            piece = lines[i].strip()
            size += len(piece) + 1
            if size > HEADER_MAX_LEN:
                break
            parts.insert(0, piece)
            opens = opens_like_header(piece)
            if found is None:
                may_start = opens or "@" in piece or "<" in piece or i == j
                if may_start and not (end_quoted and i == j):
                    joined = " ".join(parts)
                    if is_header(joined, decorated=is_decorated(piece)):
                        found = i
            elif opens and is_header(" ".join(parts), decorated=False):
                found = i
            elif piece.endswith((".", "!", "?")) or len(piece) > _HEADER_PIECE_MAX_LEN:
                break  # a sentence, not a piece of a header wrapped over lines
        return found


def _trim_tail(kept: list[str]) -> list[str]:
    """Drop trailing blank lines and separator rules left above a cut."""
    end = len(kept)
    while end and is_rule_or_blank(kept[end - 1]):
        end -= 1
    return kept[:end]


def _drop_signoff(kept: list[str]) -> list[str]:
    """Drop a final "-Name" sign-off line, unless it ends a list of dashed items."""
    if len(kept) < 2 or not is_signoff(kept[-1]):
        return kept
    above = [line for line in kept[:-1] if line.strip()]
    if not above or above[-1].lstrip().startswith("-"):
        return kept
    return _trim_tail(kept[:-1])
