"""What rules exist: the built-in labels, their rules, and the user's, for listing.

Light on purpose (no store, no lexicon loading): the config reads it to refuse a
user rule that takes a built-in name.
"""

from dataclasses import dataclass

MESSAGE_LABELS = ("empty", "sent-from-phone", "terse", "vague")
AUTOMATIC_LABELS = ("auto-reply", "bounce", "newsletter")
CUSTOMER_LABELS = ("repeat-sender", "escalating")
BUILTIN_LABELS = (*MESSAGE_LABELS, *CUSTOMER_LABELS, *AUTOMATIC_LABELS)

# One line each, for `triage rules`; the README's "Labels" table has the whole rule.
DESCRIPTIONS = {
    "empty": "no text of the customer's own and no attachment",
    "sent-from-phone": "nothing but a phone signature",
    "terse": "a few words, no greeting, no politeness",
    "repeat-sender": "{count} or more messages within {days} days",
    "escalating": "the tone got worse than the customer's first message",
    "auto-reply": "automatic reply: headers or out-of-office text",
    "bounce": "delivery failure report",
    "newsletter": "mailing list or bulk mail",
}


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """One rule as `triage rules` lists it."""

    name: str
    kind: str  # "built-in" or "user"
    labels: tuple[str, ...]  # the label it gives, if any
    suppresses: tuple[str, ...]
    description: str
