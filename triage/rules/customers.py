"""Rules over a customer's messages together: repeat-sender and escalating.

A customer is the sender address normalised: lower case, without plus-addressing
("jean+sav@x" is "jean@x"), and with known aliases folded ("googlemail.com" is
"gmail.com", where dots in the local part do not count either). The cases issue may
join two addresses of one person; until then an address is a customer.

Mail a robot sends for someone is that person's: the loyalty site's contact form
writes `From: Formulaire de contact <no-reply@...>` with the customer in Reply-To,
and a help desk answers the Reply-To. So when From is a role address nobody reads
and Reply-To names someone else, the Reply-To is the customer (`customer_address`).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from triage.dates import from_utc_iso
from triage.rules.builtin import Hit

_ALIASES = {"googlemail.com": "gmail.com"}
_DOTLESS = {"gmail.com"}  # Gmail ignores dots in the local part


# Local parts of role addresses that send for someone and read nothing: "no-reply"
# and its spellings (French included), and what contact forms and site software
# send from. "-", "_" and "." do not count, nor a "+tag". Bounces (mailer-daemon,
# postmaster) are not here: they speak for the mail system, and stay automatic.
# Adding a name here re-judges only messages stored later or relabelled; migration
# m009 filled Reply-To only for the messages from these names at the time.
ROLE_LOCAL_PARTS = frozenset(
    {
        "noreply",
        "donotreply",
        "nepasrepondre",
        "formulaire",
        "contactform",
        "webform",
        "wordpress",
        "mailer",
        "notification",
        "notifications",
    }
)
_IGNORED_IN_ROLE = str.maketrans("", "", "-_.")


def is_role_address(address: str) -> bool:
    """Whether `address` is a role address that sends for someone: no-reply, a form."""
    local, at, _ = address.strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    return bool(at) and local.translate(_IGNORED_IN_ROLE) in ROLE_LOCAL_PARTS


def customer_address(from_addr: str, reply_to: str | None) -> str:
    """The address that stands for who wrote: Reply-To when From is a role address
    (a contact form writing for its visitor) and Reply-To is someone else; else From.
    """
    if (
        reply_to
        and is_role_address(from_addr)
        and customer_of(reply_to) != customer_of(from_addr)
    ):
        return reply_to
    return from_addr


def customer_of(address: str) -> str:
    """The normalised sender address that stands for a customer."""
    address = address.strip().lower()
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    domain = _ALIASES.get(domain, domain)
    local = local.split("+", 1)[0] or local
    if domain in _DOTLESS:
        local = local.replace(".", "")
    return f"{local}@{domain}"


@dataclass(frozen=True, slots=True)
class Sent:
    """One message of a customer, as these rules need it."""

    id: int
    date: str | None
    tone: int
    automatic: bool  # an auto-reply, bounce or newsletter: never the customer's tone


def repeat_sender(messages: list[Sent], count: int, window_days: int) -> dict[int, Hit]:
    """Messages in a run of at least `count` within `window_days` days.

    Each such message's reason gives the size of the latest qualifying window that
    holds it. Linear in the customer's messages: one who wrote 2,000 times costs
    2,000 steps, not 2,000 squared.
    """
    dated = sorted(
        (m for m in messages if m.date and not m.automatic), key=lambda m: m.date or ""
    )
    times = [_when(m.date) for m in dated]
    window = timedelta(days=window_days)
    size = len(dated)
    # starts[e]: the first message within the window that ends at message e.
    starts: list[int] = []
    start = 0
    for end in range(size):
        while times[end] - times[start] > window:
            start += 1
        starts.append(start)
    # latest[x]: the last window end at or before x that holds `count` messages.
    latest: list[int] = []
    found = -1
    for end in range(size):
        if end - starts[end] + 1 >= count:
            found = end
        latest.append(found)
    hits: dict[int, Hit] = {}
    last_end = -1  # the last window end whose window starts at or before i
    for i, m in enumerate(dated):
        while last_end + 1 < size and starts[last_end + 1] <= i:
            last_end += 1
        end = latest[last_end] if last_end >= 0 else -1
        if end >= i:
            total = end - starts[end] + 1
            reason = f"{total} messages within {window_days} days"
            hits[m.id] = Hit("repeat-sender", "repeat-sender", reason)
    return hits


def escalating(messages: list[Sent]) -> dict[int, Hit]:
    """Messages angrier (level 2 or more) than the customer's first one."""
    own = sorted(
        (m for m in messages if not m.automatic), key=lambda m: (m.date or "", m.id)
    )
    if len(own) < 2:
        return {}
    first = own[0].tone
    return {
        m.id: Hit(
            "escalating",
            "escalating",
            f"tone {m.tone} after a first message of tone {first}",
        )
        for m in own[1:]
        if m.tone >= 2 and m.tone > first
    }


def _when(date: str | None) -> datetime:
    return from_utc_iso(date or "")
