"""What a case still lacks: the details the `vague` rule found missing ("Perdu mon
code": which code?) that no later message of the customer gave.

Apart from the digest, which reports it beside everything else a case asks, because
the queue needs this alone and often: a case whose missing detail came later is
settled 5 points lower (`cases.queue`), for every vague case the review or a stats
view reads. This reads numbers and the kinds of code named, not sentences: no
question matching, no reply parsing, so it is cheap to load and to run.

Read as the digest reads: in (date, ID) order, automatic mail left out whole, a
message's new text up to `READ_CHARS` characters (numbers up to `ID_READ_CHARS`).
"""

import re
from collections.abc import Sequence
from functools import cache

from triage.cases.identifiers import Identifier, identifiers
from triage.records import Message
from triage.rules.catalogue import AUTOMATIC_LABELS
from triage.rules.lexicon import builtin_lexicon

READ_CHARS = 3000  # of a message's new text, as the rules read it
ID_READ_CHARS = 10_000  # numbers are worth reading further: they are cheap to find

# What a later message names that settles what a `vague` rule (vague:NAME) found
# missing: "ma commande", then "C'est la CMD-2026-103871" leaves nothing to ask.
_ANSWERED_BY: dict[str, frozenset[str]] = {
    "order": frozenset({"order", "tracking"}),
    "card": frozenset({"card"}),
    "voucher": frozenset({"voucher"}),
    "code": frozenset({"voucher", "code"}),
}
# Letters that fold to each ASCII vowel or "c", for patterns read on the text as
# written (so that what they match can be quoted as the customer wrote it).
_ACCENTS = {
    "a": "[aàâäáã]",
    "e": "[eéèêë]",
    "i": "[iîïíì]",
    "o": "[oôöóò]",
    "u": "[uûüúù]",
    "c": "[cç]",
    "'": "['\u2019]",
}
# Qualifiers of "code" that name no code a customer could lose: a postcode.
_NOT_CODE_KINDS = frozenset({"postal", "post", "zip"})
_CODE_FILLERS = (
    r"(?:(?:de|du|des|pour|a|à|la|le|les|ma|mon|mes|ta|ton|votre)\s+"
    r"|[dl]['\u2019]\s*)"
)
# Kinds of code named without the word "code".
_CODE_ALONE = r"mot\s+de\s+passe|passwords?|(?-i:\bPIN\b)"
_SPACES = re.compile(r"\s+")


class Missing:
    """The missing details of one case, read message by message in date order."""

    def __init__(self) -> None:
        # What is missing, and what kinds of number a later message answers it with.
        self._open: dict[str, frozenset[str]] = {}

    def read(self, message: Message, found: Sequence[Identifier]) -> None:
        """One message of the customer's (not automatic mail), with the numbers
        found in its subject and text."""
        given = {n.kind for n in found}
        if code_kinds(message.new_text[:READ_CHARS]):
            given.add("code")
        for what in [w for w, kinds in self._open.items() if given & kinds]:
            del self._open[what]  # a later message said which
        for detail in message.label_details:
            if detail.label == "vague" and detail.reason:
                # builtin.is_vague writes f"{word!r}: {missing}".
                _, sep, what = detail.reason.partition(": ")
                what = (what if sep else detail.reason).strip()
                ambiguity = (detail.rule or "").partition(":")[2]
                self._open.setdefault(what, _ANSWERED_BY.get(ambiguity, frozenset()))

    def result(self) -> tuple[str, ...]:
        """What to ask back, in the order the rule found it missing."""
        return tuple(what for what in self._open if what)


def missing(messages: Sequence[Message]) -> tuple[str, ...]:
    """What the case of these messages (in any order) still lacks."""
    found = Missing()
    for m in in_reading_order(messages):
        if customers_own(m):
            found.read(m, numbers(m))
    return found.result()


def in_reading_order(messages: Sequence[Message]) -> list[Message]:
    return sorted(messages, key=lambda m: (m.date or "", m.id))


def customers_own(message: Message) -> bool:
    """Not automatic mail (an auto-reply, a bounce, a newsletter), by any label."""
    labels = {*message.labels, *(d.label for d in message.label_details)}
    return labels.isdisjoint(AUTOMATIC_LABELS)


def numbers(message: Message) -> list[Identifier]:
    """The numbers in a message's subject and new text."""
    return identifiers(f"{message.subject}\n{message.new_text[:ID_READ_CHARS]}")


def code_kinds(text: str) -> list[str]:
    """The kinds of code named in `text`, as written ("code promo", "PIN").

    Only lines with a word the pattern needs are searched: it is a long alternation
    tried at every place it is run.
    """
    pattern = _code_pattern()
    return [
        _SPACES.sub(" ", match.group(0))
        for line in text.splitlines()
        if "PIN" in line or any(word in line.lower() for word in ("code", "pass"))
        for match in pattern.finditer(line)
    ]


def accent_blind(phrase: str) -> str:
    """A pattern for a folded `phrase` that also matches it accented."""
    return "".join(
        _ACCENTS.get(c, r"\s+" if c == " " else re.escape(c)) for c in phrase
    )


@cache
def _code_pattern() -> re.Pattern[str]:
    words = sorted(
        {
            phrase
            for phrase in builtin_lexicon().phrases.get("code.qualifiers", ())
            if phrase not in _NOT_CODE_KINDS
        },
        key=len,
        reverse=True,
    )
    kind = "(?:" + "|".join(accent_blind(w) for w in words) + ")"
    kinds = rf"{kind}(?:\s+{kind})?"
    return re.compile(
        rf"\bcodes?\s+{_CODE_FILLERS}{{0,3}}{kinds}\b"  # code de parrainage
        rf"|\b{kinds}\s+codes?\b"  # activation code
        rf"|\b(?:{_CODE_ALONE})\b",
        re.IGNORECASE,
    )
