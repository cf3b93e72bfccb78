"""A stored message record for tests of code that reads `Message`s (rules, views)."""

from dataclasses import replace

from triage.records import Message

_PLAIN = Message(
    id=1,
    message_id="<1@x>",
    folder="INBOX",
    date="2026-11-02T09:00:00Z",
    from_addr="client@example.com",
    from_name="Client",
    to_addrs=("sav@example.com",),
    cc_addrs=(),
    subject="Réclamation",
    in_reply_to=None,
    references=(),
    list_id=None,
    list_unsubscribe=None,
    precedence=None,
    auto_submitted=None,
    x_autoreply=None,
    content_type="text/plain",
    body_text="",
    new_text="",
    mobile_signature=None,
    html_only=False,
    attachments=(),
    content_hash="h",
    size=100,
    parse_error=None,
    added_at="2026-11-02T09:00:00Z",
)


def stored_message(**fields: object) -> Message:
    """A plain text message from client@example.com, with `fields` changed."""
    return replace(_PLAIN, **fields)  # type: ignore[arg-type]
