"""The built-in rules that judge one message on its own, each with its reason.

Every rule returns a `Hit` (label, rule name, a reason a person can check) or None.
The definitions are the README's, "Labels"; change one there too. Rules that need a
customer's other messages (repeat-sender, escalating) are in `customers.py`.

The rules run over every message of a mailbox (100,000 on a `relabel`), so a message
is read once (`_Reading`): its own text is cut, folded and scanned for every word list
in one pass (`Lexicon.scan`). The engine calls `tone()` then `judge()` on the same
message, so the last reading is kept for the next call on that message.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from triage.records import Message
from triage.reply import (
    forwarded_sender,
    is_signature_only,
    sender_words,
    signed_by,
)
from triage.reply_markers import name_words
from triage.rules.lexicon import (
    PROBLEM,
    PROBLEM_OBJECTS,
    Found,
    Lexicon,
    fold,
    tokens,
)

TERSE_MAX_WORDS = 8  # a fragment: at most this many words, no greeting, no "please"
# Words are counted in texts up to this long; a longer one has more than 8 of them.
_TERSE_MAX_CHARS = 600
_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_QUOTED = re.compile(r"^\s*>.*$", re.MULTILINE)
_SHOUT = re.compile(r"[!?]{3,}")
_INSIST = re.compile(r"[!?]{2}")
_SENTENCE_START = re.compile(r"(?<=[.!?])\s+[A-ZÀ-Ý]")
# Capitals in a mixed-case text: a run of four words or more ("JE VOUS DEMANDE JUSTE
# UN NUMÉRO"), or single words ("ne marche PAS"). Letters only: "CMD-2026" is no word.
# The pattern opens with its character class, so the search skips to capitals in C.
_CAPS_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ](?:[A-ZÀ-ÖØ-Þ'\u2019]*[A-ZÀ-ÖØ-Þ])?(?![\w-])")
_CAPS_RUN_WORDS = 4
_CAPS_RUN_MIN_LETTERS = 12
_SHOUTING_SHARE = 0.6  # of the letters of the opening, in capitals: written in capitals
_SHOUTING_MIN_LETTERS = 12
# A threat target and the verb that makes it a threat: this many tokens apart at most,
# with no sentence end between them.
_THREAT_BEFORE = 14
_THREAT_AFTER = 6
_SENTENCE_ENDS = frozenset(".!?;")
# An object is vague beside its `when` phrase ("un souci avec mon compte"): this many
# tokens apart at most, in one sentence.
_WHEN_SPAN = 12
# Numbers that say which object a message is about, by kind (Ambiguity.numbers): an
# order or tracking number (at least five digits in a row), a card number in groups
# of digits, a code in capitals with digits or after the word "code" ("BA-15-22HX",
# "code HHHNBJZRRP"), an amount.
_DIGITS = re.compile(r"(?<!\d)\d{5,}(?!\d)")
_TOWN = re.compile(r" [A-ZÀ-Ý]")  # "69003 Lyon": a postcode, unless named an order
_ORDER_CUE = re.compile(
    r"(?:\b(?:commande|order|no|num[ée]ro|number|r[ée]f)|n°|#)\W{0,3}$", re.I
)
_CARD = re.compile(r"\b\d{3,4}(?:[ .-]\d{3,4}){2,}\b")
_CODE = re.compile(
    r"\b(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9][A-Z0-9-]{3,}[A-Z0-9]\b"
    r"|(?i:code|bon(?: d['\u2019]achat| de r[ée]duction)?|ch[èe]que(?: cadeau)?"
    r"|voucher|coupon)\W{1,3}[A-Z0-9][A-Z0-9-]{4,}\b"
)
_AMOUNT = re.compile(
    r"\d(?:[\d ,.]{0,12}\d)?\s?(?:[€£$]|(?i:eur|euros|pounds|gbp)\b)|[£$€]\s?\d"
)
# Subjects of replies and forwards: "Re:", "RE :", "TR:", "Fwd:", "AW:", "Réf :".
_REPLY_SUBJECT = re.compile(r"(?:re|ref|tr|fw|fwd|aw|wg|sv|vs|rv|enc|r)\s?:")
_BOUNCE_SENDERS = ("mailer-daemon@", "postmaster@")
_BOUNCE_SUBJECTS = (
    "undelivered mail",
    "delivery status notification",
    "mail delivery failed",
    "returned mail",
    "undeliverable",
    "non remis",
    "echec de la remise",
)


@dataclass(frozen=True, slots=True)
class Hit:
    """A label a rule gave a message, and why."""

    label: str
    rule: str
    reason: str


@dataclass(frozen=True, slots=True)
class Tone:
    """How a message speaks: 0 neutral, 1 impatient, 2 angry, 3 threats or insults."""

    level: int
    reason: str


# What the rules read of a long text: its opening says what it is about and how,
# and a pasted log or a long forwarded thread must not cost more.
READ_CHARS = 3000
_OPENING_CHARS = 1000  # where a body's new text is looked for (blank lines first)


def own_text(m: Message) -> str:
    """What the customer wrote in this message (see `_own`)."""
    return _own(m)[0]


def _own(m: Message) -> tuple[str, str]:
    """The customer's own text and, when there is none, why.

    The new text without quoted lines; none when the body forwards or answers a mail
    that the customer did not write with nothing typed above it (the new text is
    then the forwarded one), or when what is left is only a signature.
    """
    text = m.new_text[:READ_CHARS]
    if ">" in text:
        text = _QUOTED.sub("", text)
    text = text.strip()
    if not text:
        return "", "only quoted text" if m.new_text.strip() else "no text of its own"
    # A body that starts with its new text has nothing above it to look at.
    opening = min(len(text), 32)
    if m.body_text[:_OPENING_CHARS].lstrip()[:opening] != text[:opening]:
        quoted = forwarded_sender(m.body_text)
        if quoted is not None and not _theirs(m, quoted, text):
            return "", "nothing typed above the mail it forwards or answers"
    if is_signature_only(text, m.from_name, m.from_addr):
        return "", "only a signature"
    return text, ""


def _theirs(m: Message, quoted: str, text: str) -> bool:
    """True when the mail under a bare forward header is the sender's own.

    Its "From" names the sender (they forward their own earlier mail), or the text
    ends with their name (their mail, or their answer written below the header).
    """
    if m.from_addr and m.from_addr.lower() in quoted.lower():
        return True
    name = name_words(m.from_name)
    if name and name <= name_words(quoted):
        return True
    return signed_by(text, sender_words(m.from_name, m.from_addr))


@dataclass(frozen=True, slots=True)
class _Reading:
    """One message as the rules read it: own text, and the lexicon's finds in it."""

    text: str
    empty_because: str  # why there is no own text ("" when there is)
    subject: Found
    body: Found

    def first(self, key: str) -> str | None:
        """The first phrase of list `key` in the subject, else in the own text."""
        return self.subject.first(key) or self.body.first(key)


_last: tuple[Message, Lexicon, _Reading] | None = None


def _reading(m: Message, lex: Lexicon) -> _Reading:
    # One message at a time: tone() and judge() share it, and no lock is needed, as
    # a reading is replaced whole and only used for the very message it was made of.
    global _last
    last = _last
    if last is not None and last[0] is m and last[1] is lex:
        return last[2]
    text, why = _own(m)
    reading = _Reading(text, why, lex.scan(fold(m.subject)), lex.scan(fold(text)))
    _last = (m, lex, reading)
    return reading


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_empty(m: Message, lex: Lexicon) -> Hit | None:
    if any(not a.inline for a in m.attachments):
        return None
    reading = _reading(m, lex)
    if reading.text:
        return None
    why = reading.empty_because
    if m.mobile_signature:
        if why in ("no text of its own", "only quoted text"):
            why = "only a phone signature"
        return Hit("empty", "empty", f"{why} ({m.mobile_signature})")
    return Hit("empty", "empty", why)


def is_sent_from_phone(m: Message, lex: Lexicon) -> Hit | None:
    if m.mobile_signature and is_empty(m, lex):
        return Hit(
            "sent-from-phone",
            "sent-from-phone",
            f"nothing but {m.mobile_signature!r}",
        )
    return None


def is_terse(m: Message, lex: Lexicon) -> Hit | None:
    reading = _reading(m, lex)
    text = reading.text
    if not text or len(text) > _TERSE_MAX_CHARS:
        return None
    found = words(text)
    if not found or len(found) > TERSE_MAX_WORDS:
        return None
    body = reading.body
    if body.at("greetings", 0) or body.first("politeness"):
        return None  # a short polite mail is not terse
    if body.at("thanks", 0) and len(found) <= 3:
        return None  # "Merci", "ok merci": a thank-you, not a demand
    sentences = [s for s in _SENTENCE_START.split(text) if s.strip()]
    if len(sentences) > 2:
        return None
    return Hit("terse", "terse", f"{len(found)} words, no greeting")


def is_vague(m: Message, lex: Lexicon) -> Hit | None:
    reading = _reading(m, lex)
    if not reading.text or _thanks_only(reading):
        return None
    in_reply = _is_reply(m)
    for ambiguity in lex.ambiguities:
        named_by = ambiguity.words
        word = reading.first(named_by)
        if word is None and not in_reply:
            named_by = ambiguity.first_mail
            word = reading.first(named_by)
        if word is None:
            continue
        if ambiguity.when and not _beside(reading, named_by, ambiguity.when):
            continue
        if reading.first(ambiguity.qualifiers):
            continue
        if ambiguity.numbers and _has_number(
            m.subject, reading.text, ambiguity.numbers
        ):
            continue
        rule = f"vague:{ambiguity.name}"
        return Hit("vague", rule, f"{word!r}: {ambiguity.missing}")
    problem = reading.first(PROBLEM)
    if problem and not reading.first(PROBLEM_OBJECTS):
        return Hit("vague", "vague:problem", f"{problem!r}: {lex.problem_missing}")
    return None


def _beside(reading: _Reading, key: str, other: str) -> bool:
    """True when a phrase of list `other` is in a sentence with one of list `key`."""
    for found in (reading.subject, reading.body):
        others = found.where(other)
        for at, _ in found.where(key) if others else ():
            if _near(found, at, others, _WHEN_SPAN, _WHEN_SPAN):
                return True
    return False


def _near(
    found: Found, at: int, hits: list[tuple[int, str]], before: int, after: int
) -> str | None:
    """The first of `hits` from `before` tokens before `at` to `after` tokens after
    it, with no sentence end between them."""
    for where, phrase in hits:
        if at - before <= where <= at + after:
            between = found.tokens[min(at, where) : max(at, where)]
            if _SENTENCE_ENDS.isdisjoint(between):
                return phrase
    return None


def _thanks_only(reading: _Reading) -> bool:
    """True for a thank-you: thanks (after a greeting), and at most 3 words more."""
    body = reading.body
    start = 0
    greeting = body.at("greetings", 0)
    if greeting:
        start = len(tokens(greeting))
        while start < len(body.tokens) and body.tokens[start] in (",", "!", "."):
            start += 1
    thanks = body.at("thanks", start)
    if not thanks:
        return False
    rest = sum(token.isalnum() for token in body.tokens[start:])
    return rest <= sum(token.isalnum() for token in tokens(thanks)) + 3


def _is_reply(m: Message) -> bool:
    return bool(m.in_reply_to or m.references) or bool(
        _REPLY_SUBJECT.match(fold(m.subject[:12]))
    )


def _has_number(subject: str, text: str, kinds: tuple[str, ...]) -> bool:
    """True when the subject or text holds a number of one of these kinds."""
    return any(_NUMBERS[kind](part) for kind in kinds for part in (subject, text))


def _has_order_number(text: str) -> bool:
    """True when `text` holds five digits or more in a row that are not a postcode
    before its town ("69003 Lyon") nor a phone number ("0612345678")."""
    for match in _DIGITS.finditer(text):
        digits, start, end = match.group(), match.start(), match.end()
        before = text[start - 1 : start]
        if before.isalnum():
            return True  # "CMD2026104233", "6A12345678901"
        if (
            len(digits) == 5
            and _TOWN.match(text, end)
            and not _ORDER_CUE.search(text, max(0, start - 16), start)
        ):
            continue
        if before == "+" or (len(digits) == 10 and digits[0] == "0"):
            continue
        return True
    return False


_NUMBERS: dict[str, Callable[[str], object]] = {
    "number": _has_order_number,
    "card": _CARD.search,
    "code": _CODE.search,
    "amount": _AMOUNT.search,
}


def is_auto_reply(m: Message, lex: Lexicon) -> Hit | None:
    submitted = (m.auto_submitted or "").strip().lower()
    if submitted.startswith("auto-replied"):
        return Hit("auto-reply", "auto-reply", f"Auto-Submitted: {submitted}")
    if m.x_autoreply:
        return Hit("auto-reply", "auto-reply", "X-Autoreply/X-Autorespond header")
    if (m.precedence or "").strip().lower() == "auto_reply":
        return Hit("auto-reply", "auto-reply", "Precedence: auto_reply")
    reading = _reading(m, lex)
    subject = reading.subject.at("auto_reply_subjects", 0)
    if subject:
        return Hit("auto-reply", "auto-reply", f"subject starts {subject!r}")
    # In the opening lines of a short text that asks nothing: a customer who says
    # she will be away for the delivery is asking something.
    text = reading.text
    found = reading.body.where("out_of_office")
    if found and "?" not in text:
        opening = len(tokens(fold(text[:200])))
        phrase = next((p for i, p in found if i < opening), None)
        if phrase and len(words(text)) <= 120:
            return Hit("auto-reply", "auto-reply", f"out-of-office text ({phrase!r})")
    return None


def is_bounce(m: Message, lex: Lexicon) -> Hit | None:
    sender = m.from_addr.lower()
    if m.content_type.lower() == "multipart/report":
        return Hit("bounce", "bounce", "a delivery report (multipart/report)")
    if sender.startswith(_BOUNCE_SENDERS):
        return Hit("bounce", "bounce", f"sent by {sender}")
    subject = fold(m.subject)
    for phrase in _BOUNCE_SUBJECTS:
        if subject.startswith(phrase) or f": {phrase}" in subject:
            if _REPLY_SUBJECT.match(subject) and _reading(m, lex).text:
                return None  # a customer forwards a bounce and says something of it
            return Hit("bounce", "bounce", f"subject {m.subject!r}")
    return None


def is_newsletter(m: Message) -> Hit | None:
    if m.list_unsubscribe:
        return Hit("newsletter", "newsletter", "List-Unsubscribe header")
    if m.list_id:
        return Hit("newsletter", "newsletter", f"List-Id {m.list_id}")
    if (m.precedence or "").strip().lower() in ("bulk", "list"):
        return Hit("newsletter", "newsletter", f"Precedence: {m.precedence}")
    return None


AUTOMATIC = ("auto-reply", "bounce", "newsletter")


def judge(m: Message, lex: Lexicon, skip: frozenset[str] = frozenset()) -> list[Hit]:
    """Every per-message label of `m` but those in `skip` (a user rule suppressed them).

    Automatic mail gets no customer labels; once a user rule suppressed its automatic
    label, it is judged as a customer's mail.
    """
    bounce = None if "bounce" in skip else is_bounce(m, lex)
    # A bounce often says Auto-Submitted too: one label.
    auto = None if bounce or "auto-reply" in skip else is_auto_reply(m, lex)
    news = None if "newsletter" in skip else is_newsletter(m)
    automatic = [h for h in (bounce, auto, news) if h]
    if automatic:
        return automatic
    hits = [
        is_empty(m, lex),
        is_sent_from_phone(m, lex),
        is_terse(m, lex),
        is_vague(m, lex),
    ]
    return [h for h in hits if h and h.label not in skip]


def tone(m: Message, lex: Lexicon) -> Tone:
    """The tone level of what the customer wrote, with the clue that set it."""
    reading = _reading(m, lex)
    text = reading.text
    if not text and not m.subject:
        return Tone(0, "no text")
    threat = _threat(reading)
    if threat:
        return Tone(3, f"threat: {threat!r}")
    insult = reading.first("insults")
    if insult:
        return Tone(3, f"insult: {insult!r}")
    anger = reading.first("anger")
    if anger:
        return Tone(2, f"anger: {anger!r}")
    greeting = reading.body.at("greetings", 0)
    polite = bool(reading.body.first("politeness"))
    capitals, emphasised = _capitals(text, greeting is not None and polite, lex)
    if capitals:
        return Tone(2, capitals)
    shout = _SHOUT.search(m.subject) or _SHOUT.search(text)
    if shout and not greeting:
        return Tone(2, "'!!!' or '???' and no greeting")
    if len(emphasised) >= 2:
        return Tone(2, f"words in capitals: {', '.join(emphasised[:3])}")
    if emphasised:
        return Tone(1, f"a word in capitals: {emphasised[0]}")
    impatience = reading.first("impatience")
    if impatience:
        return Tone(1, f"impatience: {impatience!r}")
    if _INSIST.search(m.subject) or _INSIST.search(text):
        return Tone(1, "'!!' or '??'")
    if text and not greeting:
        return Tone(1, "no greeting")
    return Tone(0, "neutral")


def _threat(reading: _Reading) -> str | None:
    """A threat: one on its own, or a target with a verb that says the customer acts."""
    threat = reading.first("threats")
    if threat:
        return threat
    for found in (reading.subject, reading.body):
        targets = found.where("threat_targets")
        if not targets:
            continue
        verbs = found.where("threat_verbs")
        for at, target in targets if verbs else ():
            verb = _near(found, at, verbs, _THREAT_BEFORE, _THREAT_AFTER)
            if verb:
                return f"{verb} ... {target}"
    return None


def _capitals(text: str, polite: bool, lex: Lexicon) -> tuple[str, list[str]]:
    """Shouting in capitals (a reason, or ""), and the words shouted for emphasis.

    A text mostly in capitals shouts unless it greets and is polite (some write
    everything in capitals); in a mixed-case text, a run of words in capitals shouts,
    and words of the `emphasis` list in capitals are counted.
    """
    opening = text[:500]
    capitals = sum(map(str.isupper, opening))
    if capitals < 2:
        return "", []
    if capitals > _SHOUTING_SHARE * _SHOUTING_MIN_LETTERS:
        letters = sum(map(str.isalpha, opening))
        if letters >= _SHOUTING_MIN_LETTERS and capitals > _SHOUTING_SHARE * letters:
            return ("", []) if polite else ("written in capitals", [])
    emphasis = lex.words("emphasis")
    shouted: list[str] = []
    words_in_run = letters_in_run = 0
    end = -1
    for match in _CAPS_WORD.finditer(text):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "-'\u2019"):
            continue  # the end of a word ("McDONALD", "CMD-FR")
        word = match.group()
        if end >= 0 and not text[end:start].strip(" ,"):
            words_in_run += 1
            letters_in_run += len(word)
        else:
            words_in_run, letters_in_run = 1, len(word)
        end = match.end()
        if words_in_run >= _CAPS_RUN_WORDS and letters_in_run >= _CAPS_RUN_MIN_LETTERS:
            return "a sentence in capitals", []
        if len(word) > 1 and fold(word) in emphasis:
            shouted.append(word)
    return "", shouted
