"""Recognisers for the marks mail clients leave around a reply, one line at a time.

Quote headers ("Le ... a écrit :", "On ... wrote:"), forward markers ("-----Original
Message-----", "Begin forwarded message:"), Outlook header fields ("De : / Envoyé : /
À :"), signature delimiters and rules, mobile-client signatures ("Envoyé de mon iPhone")
and "-Name" sign-offs, in the languages our customers and the reply-parsing corpus use;
and the lines of a signature block (sign-offs, phone numbers, addresses, names), for a
body that may be nothing else.

`triage/reply.py` walks a body and decides which lines are the sender's new text; this
module only says what one line, or a quote-header candidate of a few joined lines, looks
like. Keeping the two apart lets the tables grow (a language is a few entries; a mobile
signature is a `(start, pattern)` pair in `MOBILE_SIGNATURES`) without touching the
walk, and lets the walk be read without two hundred lines of patterns in the way.

Bodies can be huge and hostile, so every recogniser is pure and cheap: it sees one line
or a few joined lines, runs string tests (a lowercase start, a verb at the end, a colon)
before any regex, and no pattern nests quantifiers. `classify_line` and `may_end_header`
leave lines longer than `_LINE_GATE_LEN` as text and `is_header` refuses candidates
longer than `HEADER_MAX_LEN`, so in the walk no regex reads more than that.
"""

import re
import unicodedata
from enum import Enum, auto
from typing import Literal


class LineKind(Enum):
    """What one line of a body is, as far as the line alone can tell."""

    BLANK = auto()  # empty, spaces, or Gmail's "ᐧ" tracking mark
    TEXT = auto()  # anything else: prose, or a piece of a quote header
    QUOTE = auto()  # "> quoted text"
    FORWARD = auto()  # "-----Original Message-----", "Begin forwarded message:"
    FIELD = auto()  # an Outlook header field: "De : X", "*Sent:* ..."
    SIG_DASH = auto()  # "--", the signature delimiter
    UNDERSCORE = auto()  # "_____", Outlook's rule above its header block
    RULE = auto()  # three or more of -=_*~#+ᐧ, spaces aside
    MOBILE = auto()  # "Envoyé de mon iPhone", "Sent from my Android"
    FENCE = auto()  # "```", opening or closing Markdown code


# What an Outlook header field names; a block needs a sender, or a date and a recipient.
FieldRole = Literal["from", "sent", "to", "other"]

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
# The colons a quote header ends with: ASCII, and full-width in Chinese and Japanese.
COLONS = (":", "\uff1a")
# Longest quote-header candidate, in characters: past it, joined lines are prose.
HEADER_MAX_LEN = 500
# Lines longer than this are text without a look at any pattern.
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

# A final "-Name" sign-off line ("-Abhishek Kona", "- roman").
_SIGNOFF_DASH = re.compile(
    r"-\s?[^\W\d_][\w.'\u2019-]*(?:\s[^\W\d_][\w.'\u2019-]*)?\.?"
)
_RULE = "-=_*~#+ᐧ"

# The lines of a signature block, for a body that may be nothing else (see
# `signature_line`): a sign-off, contact details, a name. Sign-offs that also thank
# ("Merci", "Thanks") are not here: a thank-you is a message.
_SIGNOFF = re.compile(
    r"(?:(?:bien|tr[eè]s|tout) )?cordialement"
    r"|bien (?:[àa] (?:vous|toi)|amicalement)|amicalement"
    r"|(?:mes |sinc[eè]res |meilleures |bien )?salutations"
    r"(?: distingu[ée]es)?|bonne (?:journ[ée]e|soir[ée]e|fin de journ[ée]e|semaine)"
    r"|(?:(?:kind|best|warm|warmest|many|with kind) )?regards|best wishes|best|cheers"
    r"|(?:yours )?(?:sincerely|faithfully|truly)|respectfully",
    re.IGNORECASE,
)
_SIGNOFF_END = " \t,.!-"
# "Tél. : 06 12 34 56 78", "+33 (0)6 12 34 56 78", "Mobile 7700 900123": without a
# label, a number must open as phone numbers do (0, +, "("), so that a card or order
# number sent on its own is not one.
_PHONE = re.compile(
    r"(?:t[ée]l(?:[ée]phone)?|tel|mobile|mob|portable|port|gsm|fixe|phone|cell|fax"
    r"|ligne directe|direct|[tmpf])\.?\s*[:.]?\s*[+(]?\d[\d\s./()-]{6,40}\d"
    r"|(?:\+|\(|0)[\d\s./()-]{6,40}\d",
    re.IGNORECASE,
)
_PHONE_MIN_DIGITS = 8
_MAIL_OR_WEB = re.compile(
    r"(?:(?:e-?mail|mail|courriel|site|web)\s*[:.]?\s*)?"
    r"(?:<?[\w.+'-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}>?|(?:https?://|www\.)\S{1,200})",
    re.IGNORECASE,
)
# "12 rue des Lilas", "Flat 3, 14 Baker Street", "69003 Lyon", "SW1A 1AA London".
_ADDRESS = re.compile(
    r"(?:(?:flat|apt|apartment|appt?|b[aâ]t(?:iment)?|r[ée]sidence)\.?\s+\w{1,6},?\s+)?"
    r"\d{1,4}(?:\s?(?:bis|ter|[a-d]))?,?\s+(?:rue|avenue|av|boulevard|bd|all[ée]e|chemin"
    r"|place|impasse|route|quai|cours|square|lieu-dit|street|st|road|rd|lane|drive"
    r"|close|way)\b\.?.{0,80}"
    r"|(?:\d{5}|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\s+[^\W\d_]{1,40}"
    r"(?:[' -][^\W\d_]{1,40}){0,4}",
    re.IGNORECASE,
)
# "Sophie Martin", "J. Meyer", "Jean-Pierre ROUSSEL", "Mme Le Goff": capitalised words.
_NAME_WORD = (
    r"(?:[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'\u2019]+(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'\u2019]+)*"
    r"|[A-ZÀ-ÖØ-Þ]{2,}(?:-[A-ZÀ-ÖØ-Þ]{2,})*|[A-ZÀ-ÖØ-Þ]\.)"
)
_NAME = re.compile(
    rf"(?:(?:M|Mme|Mlle|Mr|Mrs|Ms|Dr)\.?\s+)?{_NAME_WORD}"
    rf"(?:\s+(?:(?:de|du|des|la|le|van|von|da|di|d')\s*)?{_NAME_WORD}){{1,3}}"
)
# Signature lines are short: past this a line is text, so the bounded repeats of the
# patterns above never read far.
_SIGNATURE_LINE_MAX_LEN = 100
_GIVEN_MAX_LEN = 20
_INITIALS = frozenset("abcdefghijklmnopqrstuvwxyz")
SignatureLine = Literal["signoff", "contact", "sender", "name", "given-name"]

# Patterns read NBSP and other odd spaces as a space (text.py sanitises for display).
_PLAIN_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " "})


def classify_line(line: str) -> LineKind:
    """Kind of one line, from cheap string tests first.

    Quote headers are not a kind: they can span lines, so `is_header` judges them.
    """
    stripped = line.strip()
    if not stripped or not stripped.strip("ᐧ"):
        return LineKind.BLANK
    first = stripped[0]
    if first == ">":
        return LineKind.QUOTE
    if first in _RULE and not stripped.strip(_RULE + " "):
        if stripped == "--":
            return LineKind.SIG_DASH
        if not stripped.strip("_") and len(stripped) >= 2:
            return LineKind.UNDERSCORE
        return LineKind.RULE if len(stripped.replace(" ", "")) >= 3 else LineKind.TEXT
    if first == "`" and stripped.startswith("```"):
        return LineKind.FENCE
    if len(stripped) > _LINE_GATE_LEN:
        return LineKind.TEXT
    colon = stripped.find(":", 0, _FIELD_NAME_MAX)
    if colon < 0:
        colon = stripped.find("\uff1a", 0, _FIELD_NAME_MAX)
    if (colon > 0 or first in "Mm") and _FIELD.match(stripped):
        return LineKind.FIELD
    if (first in "-=_*" or stripped.endswith(":")) and _FORWARD.fullmatch(stripped):
        return LineKind.FORWARD
    if len(stripped) <= _MOBILE_MAX_LEN and mobile_signature(stripped):
        return LineKind.MOBILE
    return LineKind.TEXT


def mobile_signature(line: str) -> str | None:
    """The mobile signature on `line` without links or decorations, if it is one."""
    stripped = line.strip()
    if not stripped.lstrip(_DECORATION + "[").lower().startswith(_MOBILE_STARTS):
        return None
    unlinked = _LINK.sub(lambda m: m.group(1) or "", stripped).strip(_DECORATION)
    return unlinked if _MOBILE_RE.fullmatch(unlinked) else None


def field_role(line: str) -> FieldRole:
    """What the Outlook header field on `line` names ("other" if it is not one)."""
    match = _FIELD.match(line.strip())
    name = (match.group(1) or match.group(2)).lower() if match else ""
    if name in _FIELD_FROM:
        return "from"
    if name in _FIELD_SENT:
        return "sent"
    if name in _FIELD_TO:
        return "to"
    return "other"


def may_end_header(line: str) -> bool:
    """Cheap test: could a quote header end on this line?"""
    if not line or len(line) > _LINE_GATE_LEN:
        return False
    if line.endswith((*COLONS, ">")):
        return True
    tail = line[-40:].rstrip(" \t-*=_").lower()
    return tail.endswith(_VERB_TAILS) or ("GMT" in line and line.lstrip()[:1].isdigit())


def opens_like_header(text: str) -> bool:
    """True when `text` starts as a quote header does: "On ", "Le ", a date."""
    return _OPENER.match(text) is not None


def is_decorated(piece: str) -> bool:
    """True for "---- X wrote ----": dashes on both sides mark a header, date or not."""
    return piece.startswith("--") and piece.endswith("--")


def is_header(text: str, *, decorated: bool) -> bool:
    """True when `text` (one line, or a few joined) is a quote header."""
    if len(text) > HEADER_MAX_LEN:
        return False
    text = text.translate(_PLAIN_SPACES).strip(" -*_=")
    if not text:
        return False
    dated = _OPENER.match(text) is not None and any(c.isdigit() for c in text)
    colon = text.endswith(COLONS)
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


def glued_header(line: str) -> int | None:
    """Where a quote header glued after reply text starts in `line`, if it does."""
    if not any(opener in line for opener in _GLUED_OPENERS):
        return None
    for match in _GLUED_START.finditer(line):
        if is_header(line[match.end() :], decorated=False):
            return match.start()
    return None


def is_signoff(line: str) -> bool:
    """True for a "-Name" sign-off line ("-Abhishek Kona", "- roman")."""
    return _SIGNOFF_DASH.fullmatch(line.strip()) is not None


def is_rule_or_blank(line: str) -> bool:
    """True for a line of nothing but spaces and rule characters ("-----", "~~~")."""
    return not line.strip(_RULE + " \t")


def field_value(line: str) -> str:
    """What follows the name of the Outlook header field on `line` ("De : X" -> "X")."""
    stripped = line.strip()
    match = _FIELD.match(stripped)
    return stripped[match.end() :].strip(" *\t") if match else ""


def signature_line(line: str, sender_words: frozenset[str]) -> SignatureLine | None:
    """What part of a signature `line` can be, or None if it reads as a message.

    `sender_words` are the sender's names, folded (`name_words`): a line made of them
    is the sender signing. Other names need a sign-off or contact line beside them.
    """
    stripped = line.strip().translate(_PLAIN_SPACES)
    if not stripped or len(stripped) > _SIGNATURE_LINE_MAX_LEN:
        return None
    signoff = _SIGNOFF.match(stripped)
    if signoff is not None:
        rest = stripped[signoff.end() :].strip(_SIGNOFF_END)
        if not rest or _is_name(rest, sender_words):
            return "signoff"  # "Cordialement", "Regards, Sam"
    digits = sum(c.isdigit() for c in stripped)
    if digits >= _PHONE_MIN_DIGITS and _PHONE.fullmatch(stripped):
        return "contact"
    if _MAIL_OR_WEB.fullmatch(stripped) or _ADDRESS.fullmatch(stripped):
        return "contact"
    words = name_words(stripped)
    if sender_words and words - _INITIALS and words <= sender_words | _INITIALS:
        return "sender"
    if _NAME.fullmatch(stripped):
        return "name"
    if stripped.isalpha() and stripped[0].isupper() and len(stripped) <= _GIVEN_MAX_LEN:
        return "given-name"  # "Sophie": a name only under a sign-off
    return None


def name_words(text: str) -> frozenset[str]:
    """The words of a name, lower case and without accents, for comparing names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c if c.isalnum() else " " for c in decomposed if c.isascii())
    return frozenset(plain.split())


def _is_name(text: str, sender_words: frozenset[str]) -> bool:
    words = name_words(text)
    if sender_words and words and words <= sender_words | _INITIALS:
        return True
    return _NAME.fullmatch(text) is not None or (
        len(words) == 1 and text[:1].isupper() and text.isalpha()
    )
