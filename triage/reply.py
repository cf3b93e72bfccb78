"""The new text of a message: what the customer wrote, without quotes or signatures.

Triage groups and labels complaints by what the customer wrote *this time*. Replies drag
the thread along (Gmail's "Le ... a écrit :", Outlook's "De : / Envoyé : / À :" block,
"> " quoting, forwarded messages) and phones add "Envoyé de mon iPhone"; left in, they
make every message of a thread look alike.

The body is read line by line, top to bottom, and each line gets a kind (text, blank,
quoted, quote header, forward marker, Outlook header field, signature delimiter, mobile
signature, rule). The first quote or signature marker that follows some of the sender's
own text ends the new text. Reading goes on past a marker in two cases, because the
sender's text comes after it:

- a quote header directly followed by "> " lines: the quoted block is dropped and the
  text after it kept (bottom-posting, answers between quoted paragraphs). A "> " block
  without a header is kept when the sender answers below it, dropped when it trails;
- a forward marker or Outlook header block with nothing above it: the message is a bare
  forward, so the header is dropped and the forwarded text is what the sender sends us.

A quote header ("On ... wrote:") with nothing above it and unmarked text below means
that text is someone else's, so nothing is new. The suites of the reply-parsing corpus
disagree on some of these cases; the choices were measured with `make eval`.

Bodies can be huge and hostile, so the work stays linear and small: whole-text work is
done by C string methods, lines are classified lazily (the walk usually stops at the
first quote) with cheap string tests before any regex, each regex sees one line or a
few joined lines of bounded length, and no pattern nests quantifiers. Structure is
looked for in the first `_MAX_LINES` lines only; anything after them stays text.
"""

import re
from dataclasses import dataclass
from enum import Enum, auto
from typing import Literal

_Role = Literal["from", "sent", "to", "other"]
_Fields = Literal["block", "sender", "none"]


@dataclass(frozen=True, slots=True)
class Reply:
    """New text of a message body, and the mobile-client signature found in it."""

    new_text: str
    mobile_signature: str | None = None


# Mobile-client signatures: (lowercase start of the line, case-insensitive regex for
# the whole line). The start is a cheap filter tried before the regex; links and
# decorations ("<<", "(") are removed first. Without a possessive ("de mon", "from my")
# the device must name a known app or device, so "Envoyé par courrier recommandé" stays
# text; a comma ends a device, so "Sent from my desk, is much easier" stays text too.
_DEVICE = r"[^\s,;:?]+(?:\s+[^\s,;:?]+){0,5}"
_APP = (
    r"(?:(?:l['\u2019]application|l['\u2019]app|the|a|an|la|le)\s+)?(?:outlook|yahoo"
    r"|g?mail|courrier|mailbox|typeapp|acompli|sparrow|airmail|spark|bluemail|aquamail"
    r"|k-9|samsung|android|iphone|ipad|ipod|mobile|windows|blackberry|huawei|xiaomi"
    r"|orange|sfr|proton\w*|tutanota|edison|newton|thunderbird|apple|galaxy|smartphone"
    r"|tablet|tablette|phone|ios|e-?mail)\b(?:\s+[^\s,;:?]+){0,5}"
)
_EXCUSE = r"(?:[,.]?\s+(?:please\s+)?(?:excuse|pardon)\b.{0,60})?"
_FR_FROM = r"(?:de|depuis|à partir de|a partir de|avec|via)"
MOBILE_SIGNATURES: tuple[tuple[str, str], ...] = (
    # French
    ("envoy", rf"envoy[ée] {_FR_FROM} (?:mon|ma) {_DEVICE}"),
    ("envoy", rf"envoy[ée] {_FR_FROM} {_APP}"),
    ("envoy", rf"envoy[ée] sans fil (?:par|depuis|de) (?:mon|ma) {_DEVICE}"),
    ("obtenir", r"obtenir outlook pour \S+"),
    ("télécharg", r"téléchargez? outlook pour \S+"),
    ("provenance", rf"provenance ?: courrier pour {_DEVICE}"),
    # English
    ("sent", rf"sent (?:wirelessly )?from my {_DEVICE}{_EXCUSE}"),
    ("sent", rf"sent (?:wirelessly )?(?:from|with|via|using|by) {_APP}{_EXCUSE}"),
    ("get", r"get outlook for \S+"),
    ("from", r"from my (?:iphone|ipad|android|mobile|phone|samsung|blackberry)\S*"),
    # German
    ("von", rf"von meinem {_DEVICE} gesendet"),
    ("gesendet", rf"gesendet (?:von|mit|vom|über) (?:meinem|meiner) {_DEVICE}"),
    ("gesendet", rf"gesendet (?:von|mit|vom|über) {_APP}"),
    ("diese", rf"diese nachricht wurde von {_DEVICE} gesendet"),
    # Spanish, Portuguese, Italian, Dutch, Nordic, Polish, Russian
    ("enviado", rf"enviado (?:desde|de|do|com) (?:mi|meu|o meu|el) {_DEVICE}"),
    ("enviado", rf"enviado (?:desde|de|do|com) {_APP}"),
    ("inviato", rf"inviato (?:da|dal|con) (?:il mio |mio )?{_APP}"),
    ("verzonden", rf"verzonden (?:met|vanaf|van|via) (?:mijn )?{_DEVICE}"),
    ("verstuurd", rf"verstuurd (?:met|vanaf|van|via) (?:mijn )?{_DEVICE}"),
    ("skickat", rf"skickat (?:från|med) (?:min )?{_APP}"),
    ("sendt", rf"sendt (?:fra|med) (?:min )?{_APP}"),
    ("wysłane", rf"wysłane (?:z|ze) (?:mojego |mojej )?{_APP}"),
    ("отправлено", rf"отправлено (?:\u0441|из) {_APP}"),
    # Chinese, Japanese
    ("從我的", r"從我的\s?\S+\s?傳送"),
    ("发自", r"发自我的\s?\S+"),
    ("iphone", r"iphoneから送信"),
    ("ipad", r"ipadから送信"),
)
_MOBILE_STARTS = tuple({start for start, _ in MOBILE_SIGNATURES})
_MOBILE_RE = re.compile(
    "(?:" + "|".join(pattern for _, pattern in MOBILE_SIGNATURES) + ")[.!]?",
    re.IGNORECASE,
)
_MOBILE_MAX_LEN = 160
_LINK = re.compile(
    r"\[([^\]\n]{0,200})\]\([^)\s]{0,500}\)|<https?://[^>\s]{0,500}>?|https?://\S{0,500}"
)
_DECORATION = " \t<>()*\"'«»"

# Quote headers end with a verb: "Le ..., X a écrit :", "On ..., X wrote:".
_VERB_END = re.compile(
    r"(?:(?<![\w'\u2019])(?:wrote|writes|sent|a\s+[ée]crit|nous\s+a\s+dit|schrieb"
    r"|geschrieben|schreef|geschreven|escribi[óo]|ha\s+escrit|ha\s+scritto|escreveu"
    r"|napisa[łl](?:\s?\(a\)|a)?|pisze|skrev|kirjoitti|написала?|написав|пише|[íi]rta"
    r"|đã\s+viết)|写道|のメッセージ|작성)\s*[:\uff1a]?$",
    re.IGNORECASE,
)
_VERB_TAILS = (
    "wrote", "writes", "sent", "crit", "dit", "schrieb", "geschrieben",
    "schreef", "geschreven", "escribió", "escribio", "escrit", "scritto", "escreveu",
    "napisał", "napisal", "napisała", "(a)", "pisze", "skrev", "kirjoitti", "написал",
    "написала", "написав", "пише", "írta", "irta", "viết", "写道", "のメッセージ",
    "작성",
)  # fmt: skip
# ... or have it in the middle: "Am 25.06.2015 um 10:55 schrieb X:".
_VERB_MID = re.compile(
    r"(?<![\w'\u2019])(?:schrieb|schreef|skrev|wrote|kirjoitti)\s.{1,250}[:\uff1a]$",
    re.IGNORECASE,
)
_MID_VERBS = ("schrieb", "schreef", "skrev", "wrote", "kirjoitti")
# Headers open with a word ("On", "Le", "Am", ...) or a date ("Thu, 26 Jun", "2017-").
_OPENER = re.compile(
    r"(?:On|At|Le|Am|Op|El|Il|In data|Em|W dniu|Dnia|Dňa|Den|På|Vào|在)\s"
    r"|(?:[^\W\d_]{1,3}\.?,?|[^\W\d_]{4,12}[.,])\s+\d|\d"
)
_EMAIL = re.compile(r"[\w.+'\u2019-]+@[\w-]+(?:\.[\w-]+)+")
_LAST_TOKEN = re.compile(r"[\s<(\[:\"']")
# Gmail's dated forms: "2011/4/7 X <x@y>" and "2016-03-03 17:21 GMT+01:00 X".
_YEAR_START = re.compile(r"\d{4}[/.-]\d{1,2}[/.-]\d{1,2}\b")
_ISO_GMT = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}\s+GMT[+-]\d{1,2}:?\d{2}\s+\S"
)
# A header glued to the end of the reply's last line: "reply On Wed, ... wrote:".
_GLUED_START = re.compile(r"(?<=\S)[\s-]+(?=(?:On|Le|Am)\s)")
_GLUED_OPENERS = (" On ", "-On ", " Le ", "-Le ", " Am ", "-Am ")
_COLONS = (":", "\uff1a")
_HEADER_MAX_LINES = 6
_SCAN_AHEAD = 32
_HEADER_MAX_LEN = 500
_HEADER_CONTINUATION_MAX_LEN = 120
_HEADER_PIECE_MAX_LEN = 120
_LINE_GATE_LEN = 300

# "-----Message d'origine-----", "---------- Forwarded message ---------", ...
_FORWARD = re.compile(
    r"[*\s]*+[-=_]{2,}+\s*+(?:original message|reply message|forwarded message"
    r"|forwarded e-?mail|message d['\u2019]origine|message original|mail original"
    r"|message transf[ée]r[ée]|courriel original|ursprüngliche nachricht"
    r"|weitergeleitete nachricht|antwort nachricht|originalnachricht"
    r"|oprindelig (?:meddelelse|besked)|videresendt (?:meddelelse|besked|melding)"
    r"|opprinnelig melding|ursprungligt meddelande|vidarebefordrat meddelande"
    r"|alkuperäinen viesti|mensaje original|mensaje reenviado|messaggio originale"
    r"|messaggio inoltrato|mensagem original|mensagem encaminhada"
    r"|oorspronkelijk bericht|doorgestuurd bericht|wiadomość oryginalna"
    r"|wiadomość przekazana|исходное сообщение|пересылаемое сообщение|原始邮件"
    r"|转发邮件|原始郵件)[-=_*\s]*:?"
    # Apple Mail and others write a sentence instead of dashes.
    r"|(?:begin forwarded message|début du message (?:réexpédié|transféré)"
    r"|debut du message (?:reexpedie|transfere)|anfang der weitergeleiteten nachricht"
    r"|inicio del mensaje reenviado|inizio messaggio inoltrato"
    r"|begin doorgestuurd bericht|início da mensagem reencaminhada)\s*:?",
    re.IGNORECASE,
)

# Outlook header fields ("De : X", "*From:* X"), grouped by what they name.
_FIELD_FROM = (
    "from", "de", "von", "van", "da", "od", "fra", "från", "от", "发件人", "寄件者",
    "expéditeur", "expediteur", "remitente", "mittente",
)  # fmt: skip
_FIELD_SENT = (
    "sent", "envoyé", "envoye", "envoyé le", "envoye le", "gesendet", "verzonden",
    "inviato", "enviado", "enviada em", "enviado el", "sendt", "skickat", "wysłano",
    "отправлено", "发送时间", "date", "datum", "data", "fecha", "dato", "message du",
)  # fmt: skip
_FIELD_TO = (
    "to", "à", "a", "an", "aan", "para", "til", "till", "do", "кому", "收件人",
    "destinataire", "pour",
)  # fmt: skip
_FIELD_OTHER = (
    "cc", "cci", "bcc", "subject", "objet", "sujet", "betreff", "onderwerp", "oggetto",
    "asunto", "assunto", "emne", "ämne", "temat", "тема", "主题", "copie à", "copie",
    "kopie", "répondre à", "reply-to", "risposta", "antwort an", "beantwoorden - aan",
    "importance", "priorité", "dw",
)  # fmt: skip
_FIELD_NAMES = sorted(
    {*_FIELD_FROM, *_FIELD_SENT, *_FIELD_TO, *_FIELD_OTHER}, key=len, reverse=True
)
_FIELD = re.compile(
    r"\*{0,2}(" + "|".join(map(re.escape, _FIELD_NAMES)) + r")\*{0,2}\s*[:\uff1a]"
    r"|(message du)\s+\d",  # Orange and La Poste: "Message du 03/03/25 10:12"
    re.IGNORECASE,
)
_FIELD_NAME_MAX = 30
_FIELD_BLOCK_MAX_LINES = 16

# A final "-Name" sign-off line ("-Abhishek Kona", "- roman").
_SIGNOFF_DASH = re.compile(
    r"-\s?[^\W\d_][\w.'\u2019-]*(?:\s[^\W\d_][\w.'\u2019-]*)?\.?"
)
_RULE = "-=_*~#+ᐧ"
_SIGNATURE_TAIL_MAX_LINES = 10
_SIGNATURE_TAIL_MAX_LEN = 80

# Whole-text work is limited to what C does fast (`in`, `replace`, `find`, `split`): a
# regex scan of 2 MB costs tens of milliseconds. Control characters other than NUL and
# odd spaces stay (patterns read NBSP as a space; text.py sanitises for display).
_PLAIN_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " "})
_BLANK_RUN = re.compile(r"\n{3,}")
_MAX_LINES = 2_000


class _Kind(Enum):
    BLANK = auto()
    TEXT = auto()
    QUOTE = auto()
    FORWARD = auto()
    FIELD = auto()
    SIG_DASH = auto()
    UNDERSCORE = auto()
    RULE = auto()
    MOBILE = auto()
    FENCE = auto()


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
        self._kinds: list[_Kind | None] = [None] * len(lines)
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
            if kind is _Kind.FENCE or in_code:
                # Markdown code is the sender's text, whatever it looks like.
                in_code ^= kind is _Kind.FENCE
                kept.append(lines[i])
                has_text = reading = True
                i += 1
                continue
            if i in self._glued:
                kept.append(lines[i][: self._glued[i]])
                has_text = True
            if i in self._headers or i in self._glued:
                after = self._next_nonblank(self._headers.get(i, i) + 1)
                if after is None or self.kind(after) is not _Kind.QUOTE:
                    return kept, mobile, False
                i = self._skip_blank(self._quote_block_end(after))
                reading = False
                continue
            if kind is _Kind.BLANK:
                kept.append("")
            elif kind is _Kind.QUOTE:
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
            elif kind is _Kind.FORWARD:
                if has_text:
                    return kept, mobile, False
                i = self._skip_forward_header(i + 1)
                reading = False
                continue
            elif kind is _Kind.FIELD and (role := self._field_block(i))[1] != "none":
                end, what = role
                if what == "block":
                    if has_text:
                        return kept, mobile, False
                    i = end
                    reading = False
                    continue
                # A lone "From: x@y" line reads like "x@y wrote:".
                after = self._next_nonblank(end)
                if after is None or self.kind(after) is not _Kind.QUOTE:
                    return kept, mobile, False
                i = self._skip_blank(self._quote_block_end(after))
                reading = False
                continue
            elif kind is _Kind.MOBILE:
                mobile = mobile or _mobile_signature(lines[i])
                if has_text:
                    return kept, mobile, False
            elif kind is _Kind.SIG_DASH and has_text:
                return kept, mobile or self._mobile_in_signature(i + 1), False
            elif kind is _Kind.UNDERSCORE:
                if has_text:
                    return kept, mobile, False
            elif kind is _Kind.RULE and has_text and self._signature_like(i + 1):
                return kept, mobile, False
            else:
                kept.append(lines[i])
                has_text = reading = True
            i += 1
        return kept, mobile, reading

    # --- classification ---------------------------------------------------------

    def kind(self, i: int) -> _Kind:
        cached = self._kinds[i]
        if cached is None:
            cached = self._kinds[i] = _classify(self.lines[i])
        return cached

    def _is_text(self, i: int) -> bool:
        """True when line i is the sender's prose (so a quote above it is context)."""
        kind = self.kind(i)
        if kind is _Kind.FIELD:
            return self._field_block(i)[1] == "none"
        return kind in (_Kind.TEXT, _Kind.RULE) and not self._starts_header(i)

    def _starts_header(self, i: int) -> bool:
        self._scan_headers(i + _HEADER_MAX_LINES)
        return i in self._headers or i in self._glued

    def _next_nonblank(self, i: int) -> int | None:
        for j in range(i, len(self.lines)):
            if self.kind(j) is not _Kind.BLANK:
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
            if kind is _Kind.QUOTE:
                j += 1
            elif kind is _Kind.BLANK:
                after = self._next_nonblank(j)
                if after is None or self.kind(after) is not _Kind.QUOTE:
                    return j
                j = after
            elif kind is _Kind.TEXT and j + 1 < n and self.kind(j + 1) is _Kind.QUOTE:
                j += 1  # a long quoted line that the mail client wrapped
            else:
                return j
        return j

    def _quotes_a_header(self, i: int) -> bool:
        """True when the "> " block at i opens with a quoted quote header."""
        return _is_header(self.lines[i].strip().lstrip("> \t"), decorated=False)

    def _field_block(self, i: int) -> tuple[int, _Fields]:
        """End of the header fields from line i, and what they are.

        "block": two or more fields naming a sender, or a date and a recipient (an
        Outlook reply or forward header); "sender": a "From: x@y" line standing alone;
        "none": a line that merely starts like a field.
        """
        lines, n = self.lines, len(self.lines)
        roles: set[_Role] = set()
        count = 0
        end = j = i
        limit = min(n, i + _FIELD_BLOCK_MAX_LINES)
        while j < limit:
            kind = self.kind(j)
            if kind is _Kind.FIELD:
                count += 1
                roles.add(_field_role(lines[j]))
                end = j + 1
            elif kind is _Kind.BLANK:
                if j + 1 >= n or self.kind(j + 1) is not _Kind.FIELD:
                    break
            elif kind not in (_Kind.TEXT, _Kind.RULE) or j - end >= 2:
                break
            j += 1
        if count >= 2 and ("from" in roles or {"sent", "to"} <= roles):
            # A wrapped last field ("Subject: two\nline subject") belongs to the block.
            if (
                end < n
                and self.kind(end) is _Kind.TEXT
                and (end + 1 >= n or self.kind(end + 1) is _Kind.BLANK)
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
        if self.kind(after) is _Kind.FIELD:
            end, role = self._field_block(after)
            return end if role != "none" else after
        return after

    def _signature_like(self, i: int) -> bool:
        """True when the lines from i to the next quote read as a signature."""
        count = 0
        for j in range(i, len(self.lines)):
            kind = self.kind(j)
            if kind is _Kind.BLANK:
                continue
            if kind in (_Kind.QUOTE, _Kind.FORWARD, _Kind.FIELD):
                return True
            if self._starts_header(j):
                return True
            line = self.lines[j].strip()
            count += 1
            if count > _SIGNATURE_TAIL_MAX_LINES or len(line) > _SIGNATURE_TAIL_MAX_LEN:
                return False
            if line.endswith((".", "!", "?")) and len(line.split()) >= 6:
                return False  # a sentence: prose under a rule, not a signature
        return not self.truncated

    def _mobile_in_signature(self, i: int) -> str | None:
        """The mobile signature inside a "-- " signature block, if there is one."""
        for j in range(i, min(len(self.lines), i + _SIGNATURE_TAIL_MAX_LINES)):
            kind = self.kind(j)
            if kind is _Kind.MOBILE:
                return _mobile_signature(self.lines[j])
            if kind in (_Kind.QUOTE, _Kind.FORWARD) or self._starts_header(j):
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
            if not _may_end_header(line):
                continue
            if self.kind(j) is not _Kind.QUOTE and not _OPENER.match(line.lstrip()):
                glued = _glued_header(line)
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
        end_quoted = self.kind(j) is _Kind.QUOTE
        if end_quoted and len(end.lstrip("> ")) > 20:
            return None  # a quoted header belongs to its quote
        spans = end.endswith(_COLONS) and len(end) <= _HEADER_CONTINUATION_MAX_LEN
        parts: list[str] = []
        found: int | None = None
        size = 0
        for i in range(j, max(-1, j - _HEADER_MAX_LINES), -1):
            kind = self.kind(i)
            if kind is _Kind.BLANK:
                continue
            if i < j and (kind is _Kind.QUOTE or not spans):
                break
            piece = lines[i].strip()
            size += len(piece) + 1
            if size > _HEADER_MAX_LEN:
                break
            parts.insert(0, piece)
            opens = _OPENER.match(piece) is not None
            if found is None:
                may_start = opens or "@" in piece or "<" in piece or i == j
                if may_start and not (end_quoted and i == j):
                    joined = " ".join(parts)
                    if _is_header(joined, decorated=_is_decorated(piece)):
                        found = i
            elif opens and _is_header(" ".join(parts), decorated=False):
                found = i
            elif piece.endswith((".", "!", "?")) or len(piece) > _HEADER_PIECE_MAX_LEN:
                break  # a sentence, not a piece of a header wrapped over lines
        return found


def _classify(line: str) -> _Kind:
    """Kind of one line, from cheap string tests first."""
    stripped = line.strip()
    if not stripped or not stripped.strip("ᐧ"):
        return _Kind.BLANK
    first = stripped[0]
    if first == ">":
        return _Kind.QUOTE
    if first in _RULE and not stripped.strip(_RULE + " "):
        if stripped == "--":
            return _Kind.SIG_DASH
        if not stripped.strip("_") and len(stripped) >= 2:
            return _Kind.UNDERSCORE
        return _Kind.RULE if len(stripped.replace(" ", "")) >= 3 else _Kind.TEXT
    if first == "`" and stripped.startswith("```"):
        return _Kind.FENCE
    if len(stripped) > _LINE_GATE_LEN:
        return _Kind.TEXT
    colon = stripped.find(":", 0, _FIELD_NAME_MAX)
    if colon < 0:
        colon = stripped.find("\uff1a", 0, _FIELD_NAME_MAX)
    if (colon > 0 or first in "Mm") and _FIELD.match(stripped):
        return _Kind.FIELD
    if (first in "-=_*" or stripped.endswith(":")) and _FORWARD.fullmatch(stripped):
        return _Kind.FORWARD
    if len(stripped) <= _MOBILE_MAX_LEN and _mobile_signature(stripped):
        return _Kind.MOBILE
    return _Kind.TEXT


def _mobile_signature(line: str) -> str | None:
    """The mobile signature on `line` without links or decorations, if it is one."""
    stripped = line.strip()
    if not stripped.lstrip(_DECORATION + "[").lower().startswith(_MOBILE_STARTS):
        return None
    unlinked = _LINK.sub(lambda m: m.group(1) or "", stripped).strip(_DECORATION)
    return unlinked if _MOBILE_RE.fullmatch(unlinked) else None


def _field_role(line: str) -> _Role:
    match = _FIELD.match(line.strip())
    name = (match.group(1) or match.group(2)).lower() if match else ""
    if name in _FIELD_FROM:
        return "from"
    if name in _FIELD_SENT:
        return "sent"
    if name in _FIELD_TO:
        return "to"
    return "other"


def _may_end_header(line: str) -> bool:
    """Cheap test: could a quote header end on this line?"""
    if not line or len(line) > _LINE_GATE_LEN:
        return False
    if line.endswith((*_COLONS, ">")):
        return True
    tail = line[-40:].rstrip(" \t-*=_").lower()
    return tail.endswith(_VERB_TAILS) or ("GMT" in line and line.lstrip()[:1].isdigit())


def _is_decorated(piece: str) -> bool:
    """True for "---- X wrote ----": dashes on both sides mark a header, date or not."""
    return piece.startswith("--") and piece.endswith("--")


def _is_header(text: str, *, decorated: bool) -> bool:
    """True when `text` (one line, or a few joined) is a quote header."""
    if len(text) > _HEADER_MAX_LEN:
        return False
    text = text.translate(_PLAIN_SPACES).strip(" -*_=")
    if not text:
        return False
    dated = _OPENER.match(text) is not None and any(c.isdigit() for c in text)
    colon = text.endswith(_COLONS)
    if text[-24:].rstrip(" :\uff1a").lower().endswith(_VERB_TAILS):
        verb = _VERB_END.search(text)
        if verb is not None:
            # Without its colon a dated line is too often prose ("On 3 May it was
            # sent"): it then needs an address or dashes around it.
            before = text[: verb.start()].strip()
            if before and ("@" in before or decorated or (dated and colon)):
                return True
    if colon and ("@" in text or dated):
        lowered = text.lower()
        if any(verb in lowered for verb in _MID_VERBS) and _VERB_MID.search(text):
            return True
    if "@" in text and _ends_with_email(text):
        if dated and colon:
            return True  # "30.09.2017, 18.30, "X" <x@y>:"
        if _YEAR_START.match(text):
            return True  # "2011/4/7 X <x@y>"
    return text[:1].isdigit() and "GMT" in text and _ISO_GMT.match(text) is not None


def _ends_with_email(text: str) -> bool:
    """True when the last token of `text` is an address ("X <x@y>:", "x@y")."""
    token = _LAST_TOKEN.split(text.rstrip(" :\uff1a>)]\"'"))[-1]
    return _EMAIL.fullmatch(token) is not None


def _glued_header(line: str) -> int | None:
    """Where a quote header glued after reply text starts in `line`, if it does."""
    if not any(opener in line for opener in _GLUED_OPENERS):
        return None
    for match in _GLUED_START.finditer(line):
        if _is_header(line[match.end() :], decorated=False):
            return match.start()
    return None


def _trim_tail(kept: list[str]) -> list[str]:
    """Drop trailing blank lines and separator rules left above a cut."""
    end = len(kept)
    while end and not kept[end - 1].strip(_RULE + " \t"):
        end -= 1
    return kept[:end]


def _drop_signoff(kept: list[str]) -> list[str]:
    """Drop a final "-Name" sign-off line, unless it ends a list of dashed items."""
    if len(kept) < 2 or not _SIGNOFF_DASH.fullmatch(kept[-1].strip()):
        return kept
    above = [line for line in kept[:-1] if line.strip()]
    if not above or above[-1].lstrip().startswith("-"):
        return kept
    return _trim_tail(kept[:-1])
