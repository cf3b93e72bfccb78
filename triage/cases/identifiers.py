"""Order, tracking, loyalty-card and voucher numbers mentioned in a message.

They decide grouping (the same number joins two messages, two different numbers of
the same kind keep them apart) and they head a case's digest, so that the agent sees
every number a customer gave across 17 mails. A number counts when its shape says
what it is (CMD-2026-104233, a UPU parcel number XX123456789FR) or when a word just
before it does ("commande n° 4471234", "carte 4921 1163 0951", "code BA-15-22HX").
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

Kind = Literal["order", "tracking", "card", "voucher"]
KINDS: tuple[Kind, ...] = ("order", "tracking", "card", "voucher")

# Shapes that need no cue.
_ORDER_SHAPE = re.compile(r"\b[A-Z]{2,5}-\d{4}-\d{4,}\b")  # CMD-2026-104233
_TRACKING_SHAPES = re.compile(
    r"\b[A-Z]{2}\d{9}[A-Z]{2}\b"  # UPU S10 (La Poste, Chronopost, Royal Mail)
    r"|\b\d[A-Z]\d{11}\b"  # Colissimo
    r"|\b1Z[0-9A-Z]{16}\b"  # UPS
)
# A word that says which kind of number follows, then up to three short words
# ("numéro de", "n°", "no.", ":") before the number itself.
_CUES: dict[Kind, str] = {
    "order": r"commandes?|cde|cmd|order|orders|achat|purchase",
    "tracking": r"suivi|tracking|colis|parcel|package|exp[ée]dition|shipment|envoi",
    "card": r"cartes?|card|fid[ée]lit[ée]|fid|membre|member(?:ship)?",
    "voucher": r"bons?(?: d['\u2019]achat| de r[ée]duction)?|ch[èe]ques?(?: cadeaux?)?"
    r"|vouchers?|coupons?|codes?(?: promo)?|promo",
}
_GAP = (
    r"(?:\s+(?:n[°o]\.?|num[ée]ro|number|no\.?|nr\.?|de|du|of|my|mon|ma|is|est)"
    r"(?![a-z])|\s*[:#°]|\s){1,4}\s*"
)
_VALUES: dict[Kind, str] = {
    # Up to four letters, then digits: not a word that happens to follow the cue.
    "order": r"(?=[A-Z]{0,4}-?\d)[A-Z0-9][A-Z0-9-]{3,22}\d",
    # Groups after a space start with a digit: "6A 1234 5678 901", not "… est".
    "tracking": r"(?=[A-Z]{0,4}\d)[A-Z0-9]{2,}(?: ?\d[A-Z0-9]*){0,6}",
    "card": r"\d{4,6}(?:[ .-]?\d{3,6}){1,4}",
    "voucher": r"[A-Z0-9][A-Z0-9-]{3,20}[A-Z0-9]",
}
_CUED = {
    kind: re.compile(rf"\b(?:{cue}){_GAP}(?P<value>{_VALUES[kind]})\b", re.IGNORECASE)
    for kind, cue in _CUES.items()
}
# Words one of which a cue of each kind contains: a text without any of them is not
# searched for that kind (the patterns are the costly part of reading a message).
_CUE_WORDS: dict[Kind, tuple[str, ...]] = {
    "order": ("command", "cde", "cmd", "order", "achat", "purchase"),
    "tracking": (
        "suivi",
        "tracking",
        "colis",
        "parcel",
        "package",
        "dition",
        "shipment",
        "envoi",
    ),
    "card": ("cart", "card", "fid", "membre", "member"),
    "voucher": (
        "bon ",
        "bons ",
        "chèque",
        "cheque",
        "voucher",
        "coupon",
        "code",
        "promo",
    ),
}
_DIGIT = re.compile(r"\d")
_TAIL_DIGITS = re.compile(r"\d{5,}$")


@dataclass(frozen=True, slots=True)
class Identifier:
    """A number of a known kind, as written and in a canonical form for comparing."""

    kind: Kind
    text: str  # as the customer wrote it
    value: str  # upper case, letters and digits only

    def same_as(self, other: "Identifier") -> bool:
        """The same number: equal values, or one ends with the other's digits.

        "104233" and "CMD-2026-104233" are one order: customers shorten numbers.
        """
        if self.kind != other.kind:
            return False
        if self.value == other.value:
            return True
        short, long = sorted((self.value, other.value), key=len)
        return (
            _TAIL_DIGITS.search(short) is not None
            and short.isdigit()
            and len(short) >= 6
            and long.endswith(short)
        )


def tails(value: str) -> list[str]:
    """The shortened forms of `value` that `same_as` accepts: every ending of six
    digits or more of its final run of digits, shorter than the value itself."""
    run = len(value) - len(value.rstrip("0123456789"))
    return [value[-n:] for n in range(6, min(run, len(value) - 1) + 1)]


def identifiers(text: str) -> list[Identifier]:
    """Every identifier in `text`, in order of appearance, each value once."""
    found: dict[tuple[Kind, str], tuple[int, Identifier]] = {}
    for start, kind, written in _candidates(text):
        value = re.sub(r"[^A-Z0-9]", "", written.upper())
        if not _plausible(kind, value):
            continue
        key = (kind, value)
        if key not in found or start < found[key][0]:
            found[key] = (start, Identifier(kind, written.strip(), value))
    ordered = sorted(found.values(), key=lambda item: item[0])
    return _without_overlaps([identifier for _, identifier in ordered])


def _candidates(text: str) -> Iterator[tuple[int, Kind, str]]:
    if not _DIGIT.search(text):
        return  # every identifier holds a digit
    for match in _ORDER_SHAPE.finditer(text):
        yield match.start(), "order", match.group(0)
    for match in _TRACKING_SHAPES.finditer(text):
        yield match.start(), "tracking", match.group(0)
    lower = text.lower()
    for kind, pattern in _CUED.items():
        if not any(word in lower for word in _CUE_WORDS[kind]):
            continue
        for match in pattern.finditer(text):
            yield match.start("value"), kind, match.group("value")


def _plausible(kind: Kind, value: str) -> bool:
    digits = sum(c.isdigit() for c in value)
    if kind == "card":
        return 10 <= digits <= 19
    if kind == "tracking":
        return digits >= 8 and len(value) <= 24
    if kind == "order":
        return digits >= 5
    # A voucher code mixes letters and digits, or is a long run of digits.
    letters = len(value) - digits
    return (digits and letters and len(value) >= 5) or digits >= 8


def _without_overlaps(found: list[Identifier]) -> list[Identifier]:
    """A number found both by its shape and by a cue keeps the shape's kind; an
    order number is not also a voucher code or a card."""
    kept: list[Identifier] = []
    for identifier in found:
        if any(
            other.value == identifier.value and other.kind != identifier.kind
            for other in kept
        ):
            continue
        kept.append(identifier)
    return kept
