"""Records shared across modules: what the parser yields and what the store returns.

Plain frozen dataclasses so that core modules pass values, never database rows or dicts.
"""

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Attachment:
    """Metadata of one attachment; its content is never written anywhere."""

    filename: str
    content_type: str
    size: int
    inline: bool = False  # Content-Disposition inline: often a logo in a signature


@dataclass(frozen=True, slots=True)
class ParsedMail:
    """One message as the parser understood it, ready to be stored beside its raw bytes.

    The raw bytes travel separately: parsing may happen in a worker process, and sending
    them back would double the traffic. A message that could not be parsed still yields
    a ParsedMail: a content hash and `parse_error`, with whatever fields could be read.
    """

    content_hash: str
    size: int
    message_id: str | None = None
    date: str | None = None
    from_addr: str = ""
    from_name: str = ""
    # The first Reply-To address and its display name: the person a contact form
    # or other robot writes for (see rules.customers.customer_address).
    reply_to: str | None = None
    reply_to_name: str = ""
    to_addrs: tuple[str, ...] = ()
    cc_addrs: tuple[str, ...] = ()
    subject: str = ""
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    list_id: str | None = None
    list_unsubscribe: str | None = None
    precedence: str | None = None
    auto_submitted: str | None = None
    x_autoreply: str | None = None
    content_type: str = ""
    body_text: str = ""
    new_text: str = ""
    mobile_signature: str | None = None
    html_only: bool = False
    attachments: tuple[Attachment, ...] = ()
    parse_error: str | None = None


@dataclass(frozen=True, slots=True)
class LabelDetail:
    """Why a message has a label: the rule that gave it, or the agent."""

    label: str
    rule: str | None
    reason: str | None
    source: str  # "rule" or "manual"


@dataclass(frozen=True, slots=True)
class Message:
    """A stored message, as listed and shown."""

    id: int
    message_id: str | None
    folder: str
    date: str | None
    from_addr: str
    from_name: str
    to_addrs: tuple[str, ...]
    cc_addrs: tuple[str, ...]
    subject: str
    in_reply_to: str | None
    references: tuple[str, ...]
    list_id: str | None
    list_unsubscribe: str | None
    precedence: str | None
    auto_submitted: str | None
    x_autoreply: str | None
    content_type: str
    body_text: str
    new_text: str
    mobile_signature: str | None
    html_only: bool
    attachments: tuple[Attachment, ...]
    content_hash: str
    size: int
    parse_error: str | None
    added_at: str
    labels: tuple[str, ...] = ()
    case_id: int | None = None
    label_details: tuple["LabelDetail", ...] = ()  # in the order of `labels`
    customer: str | None = None  # the normalised sender; None before the rules ran
    language: str | None = None  # fr, en, other
    tone: int | None = None  # 0 neutral .. 3 threats or insults
    flags: tuple[str, ...] = ()  # IMAP flags and keywords, from every live location
    expunged: bool = False  # synced from a server that no longer has it
    # Built-in labels a user rule keeps off it: (label, rule).
    suppressed: tuple[tuple[str, str], ...] = ()
    reply_to: str | None = None  # the first Reply-To address
    reply_to_name: str = ""


@dataclass(frozen=True, slots=True)
class ImportResult:
    """Counts of one import or sync run."""

    new: int = 0
    present: int = 0
    failed: int = 0  # stored raw with parse_error set; not counted in `new`
    # IDs of the rows this run added (new and failed), for the post-import hook.
    new_ids: tuple[int, ...] = field(default=(), compare=False, repr=False)

    @property
    def seen(self) -> int:
        return self.new + self.present + self.failed

    def __add__(self, other: "ImportResult") -> "ImportResult":
        return ImportResult(
            new=self.new + other.new,
            present=self.present + other.present,
            failed=self.failed + other.failed,
            new_ids=self.new_ids + other.new_ids,
        )


@dataclass(frozen=True, slots=True)
class Location:
    """One message's place on an IMAP server: a UID, valid with its UIDVALIDITY."""

    account: str
    folder: str
    uidvalidity: int
    uid: int
    flags: tuple[str, ...] = ()
    modseq: int | None = None


@dataclass(frozen=True, slots=True)
class FolderState:
    """What the last complete sync of a folder saw; the next one starts from it."""

    account: str
    name: str
    uidvalidity: int
    uidnext: int | None
    highestmodseq: int | None
    synced_at: str | None


class CaseState(StrEnum):
    """Where a case stands; only an open case waits on the agent."""

    OPEN = "open"
    WAITING = "waiting"  # on the customer, after she asked back
    ANSWERED = "answered"
    SNOOZED = "snoozed"  # until a date, then open again by itself
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class Note:
    """The agent's note on a case."""

    id: int
    text: str
    created_at: str


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the store knows of a case, read from its messages: never stored twice."""

    id: int
    customer: str
    name: str  # the customer's latest display name
    subject: str
    state: str  # as stored: open, waiting, answered, snoozed, closed
    snoozed_until: str | None
    message_ids: tuple[int, ...]  # in date order
    first_date: str | None
    last_date: str | None
    labels: tuple[str, ...]  # every label of any of its messages
    latest_labels: tuple[str, ...]  # of the customer's latest message
    waiting_since: str | None  # the customer's first message after the last answer
    unanswered: int  # the customer's messages since the last answer
    vague_unanswered: bool  # one of those asks for something without saying what
    quiet: bool  # the customer's messages (if any) are all empty or phone-only
    quiet_subjects: tuple[str, ...] = ()  # their subjects: one may still ask
    note_count: int = 0


@dataclass(frozen=True, slots=True)
class Priority:
    """How soon a case should be answered, with the parts that make the score."""

    score: int
    wait: int
    repeats: int
    escalation: int
    vague: int
    noise: bool
    waited_hours: float | None  # since `waiting_since`; None when nobody waits


@dataclass(frozen=True, slots=True)
class Case:
    """A case as listed: its facts, its effective state and its priority."""

    facts: CaseFacts
    state: str  # a snoozed case whose date has come is open again
    priority: Priority
    escalating: bool  # the customer's latest message is
