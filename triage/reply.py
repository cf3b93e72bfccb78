"""The customer's new text: what they wrote in this message, without quotes or signatures.

Placeholder interface; the real extraction lands with its corpus evaluation.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Reply:
    """New text of a message body and the mobile-client signature found in it, if any."""

    new_text: str
    mobile_signature: str | None = None


def extract_reply(text: str) -> Reply:
    """Split a plain-text body into the sender's new text and what follows it."""
    return Reply(new_text=text.strip())
