"""The built-in rules that judge one message on its own, each with its reason.

Every rule returns a `Hit` (label, rule name, a reason a person can check) or None.
The definitions are the README's, "Labels"; change one there too. Rules that need a
customer's other messages (repeat-sender, escalating) are in `customers.py`.
"""

import re
from dataclasses import dataclass

from triage.records import Message
from triage.rules.lexicon import Lexicon, fold

TERSE_MAX_WORDS = 8  # a fragment: at most this many words, no greeting, no "please"
_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_QUOTED = re.compile(r"^\s*>.*$", re.MULTILINE)
_LETTER = re.compile(r"[^\W\d_]")
_CAPITAL = re.compile(r"[A-ZÀ-ÖØ-Þ]")
_SHOUT = re.compile(r"[!?]{3,}")
_INSIST = re.compile(r"[!?]{2}")
# An order, tracking, card or voucher number: letters and at least 5 digits.
_NUMBER = re.compile(r"\b(?=[A-Z0-9-]*\d{5})[A-Z0-9][A-Z0-9 -]{4,}[0-9]\b", re.I)
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


def own_text(m: Message) -> str:
    """What the customer wrote in this message: new text without quoted lines."""
    return _QUOTED.sub("", m.new_text[:READ_CHARS]).strip()


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_empty(m: Message) -> Hit | None:
    if own_text(m) or any(not a.inline for a in m.attachments):
        return None
    if m.mobile_signature:
        return Hit("empty", "empty", f"only a phone signature ({m.mobile_signature})")
    if m.new_text.strip():
        return Hit("empty", "empty", "only quoted text")
    return Hit("empty", "empty", "no text of its own")


def is_sent_from_phone(m: Message) -> Hit | None:
    if m.mobile_signature and is_empty(m):
        return Hit(
            "sent-from-phone",
            "sent-from-phone",
            f"nothing but {m.mobile_signature!r}",
        )
    return None


def is_terse(m: Message, lex: Lexicon) -> Hit | None:
    text = own_text(m)
    found = words(text)
    if not found or len(found) > TERSE_MAX_WORDS:
        return None
    folded = fold(text)
    if lex.greetings.starts(folded) or lex.politeness.find(folded):
        return None  # a short polite mail is not terse
    if lex.thanks.starts(folded) and len(found) <= 3:
        return None  # "Merci", "ok merci": a thank-you, not a demand
    sentences = [s for s in re.split(r"(?<=[.!?])\s+[A-ZÀ-Ý]", text) if s.strip()]
    if len(sentences) > 2:
        return None
    return Hit("terse", "terse", f"{len(found)} words, no greeting")


def is_vague(m: Message, lex: Lexicon) -> Hit | None:
    text = own_text(m)
    if not text:
        return None
    whole = f"{m.subject}\n{text}"
    folded = fold(whole)
    if _thanks_only(text, lex):
        return None
    for ambiguity in lex.ambiguities:
        word = ambiguity.words.find(folded)
        if word is None or ambiguity.qualifiers.find(folded):
            continue
        if ambiguity.name == "order" and _NUMBER.search(whole):
            continue
        if ambiguity.name == "code" and _NUMBER.search(whole):
            continue
        return Hit("vague", f"vague:{ambiguity.name}", f"{word!r}: {ambiguity.missing}")
    problem = lex.problem.find(folded)
    if problem and not lex.problem_objects.find(folded):
        return Hit("vague", "vague:problem", f"{problem!r}: {lex.problem_missing}")
    return None


def _thanks_only(text: str, lex: Lexicon) -> bool:
    folded = fold(text)
    rest = folded
    greeting = lex.greetings.starts(rest)
    if greeting:
        rest = rest[len(greeting) :].lstrip(" ,!.")
    thanks = lex.thanks.starts(rest)
    return bool(thanks) and len(words(rest)) <= len(words(thanks)) + 3


def is_auto_reply(m: Message, lex: Lexicon) -> Hit | None:
    submitted = (m.auto_submitted or "").strip().lower()
    if submitted.startswith("auto-replied"):
        return Hit("auto-reply", "auto-reply", f"Auto-Submitted: {submitted}")
    if m.x_autoreply:
        return Hit("auto-reply", "auto-reply", "X-Autoreply/X-Autorespond header")
    if (m.precedence or "").strip().lower() == "auto_reply":
        return Hit("auto-reply", "auto-reply", "Precedence: auto_reply")
    subject = lex.auto_reply_subjects.starts(fold(m.subject))
    if subject:
        return Hit("auto-reply", "auto-reply", f"subject starts {subject!r}")
    # In the opening lines of a short text that asks nothing: a customer who says
    # she will be away for the delivery is asking something.
    text = own_text(m)
    phrase = lex.out_of_office.find(fold(text[:200]))
    if phrase and len(words(text)) <= 120 and "?" not in text:
        return Hit("auto-reply", "auto-reply", f"out-of-office text ({phrase!r})")
    return None


def is_bounce(m: Message) -> Hit | None:
    sender = m.from_addr.lower()
    if m.content_type.lower() == "multipart/report":
        return Hit("bounce", "bounce", "a delivery report (multipart/report)")
    if sender.startswith(_BOUNCE_SENDERS):
        return Hit("bounce", "bounce", f"sent by {sender}")
    subject = fold(m.subject)
    for phrase in _BOUNCE_SUBJECTS:
        if subject.startswith(phrase) or f": {phrase}" in subject:
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
    bounce = None if "bounce" in skip else is_bounce(m)
    # A bounce often says Auto-Submitted too: one label.
    auto = None if bounce or "auto-reply" in skip else is_auto_reply(m, lex)
    news = None if "newsletter" in skip else is_newsletter(m)
    automatic = [h for h in (bounce, auto, news) if h]
    if automatic:
        return automatic
    hits = [is_empty(m), is_sent_from_phone(m), is_terse(m, lex), is_vague(m, lex)]
    return [h for h in hits if h and h.label not in skip]


def tone(m: Message, lex: Lexicon) -> Tone:
    """The tone level of what the customer wrote, with the clue that set it."""
    text = own_text(m)
    if not text and not m.subject:
        return Tone(0, "no text")
    whole = f"{m.subject}\n{text}"
    folded = fold(whole)
    for phrases, name in ((lex.threats, "threat"), (lex.insults, "insult")):
        found = phrases.find(folded)
        if found:
            return Tone(3, f"{name}: {found!r}")
    greeting = lex.greetings.starts(fold(text))
    opening = text[:500]
    letters = len(_LETTER.findall(opening))
    capitals = len(_CAPITAL.findall(opening))
    shouting = letters >= 12 and capitals > 0.6 * letters
    anger = lex.anger.find(folded)
    if anger:
        return Tone(2, f"anger: {anger!r}")
    if shouting:
        return Tone(2, "written in capitals")
    if _SHOUT.search(whole) and not greeting:
        return Tone(2, "'!!!' or '???' and no greeting")
    impatience = lex.impatience.find(folded)
    if impatience:
        return Tone(1, f"impatience: {impatience!r}")
    if _INSIST.search(whole):
        return Tone(1, "'!!' or '??'")
    if text and not greeting:
        return Tone(1, "no greeting")
    return Tone(0, "neutral")
