"""Who a customer is, when they write from more than one address.

The normalised sender address is the customer (see rules.customers). A second
address is the same customer when its mail carries the same display name and the
same signature block: a name alone is too weak ("Marie Martin"), but a name with the
same phone number and card number under "-- " is one person. It is a hint, which
the config can turn off.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from triage.rules.lexicon import fold

_DELIMITER = re.compile(r"^--\s*$")
# In every delimiter line: a body without it has no signature block, and the store
# does not load it for grouping.
SIGNATURE_MARK = "--"
_MAX_LINES = 8  # a block longer than this is text, not a signature


@dataclass(frozen=True, slots=True)
class Sender:
    """What one message says about who sent it."""

    address: str  # normalised (the rules' customer)
    name: str  # display name
    body: str  # whole body text, quotes included


def signature_block(body: str) -> str:
    """The block under the last "-- " line that is not quoted, folded; "" if none.

    It ends at a blank line, a quoted line or the end of the text, and must hold
    one to eight lines.
    """
    lines = body.splitlines()
    for start in range(len(lines) - 1, -1, -1):
        if _DELIMITER.match(lines[start]):
            block: list[str] = []
            for line in lines[start + 1 :]:
                if not line.strip() or line.lstrip().startswith(">"):
                    break
                block.append(fold(line))
            if 1 <= len(block) <= _MAX_LINES:
                return "\n".join(block)
            return ""
    return ""


def customers(senders: Iterable[Sender]) -> dict[str, str]:
    """Each address and the customer it stands for: addresses that share a display
    name of two words or more and a signature block are one customer, known by the
    first of them (in the order given)."""
    first_with: dict[tuple[str, str], str] = {}
    parent: dict[str, str] = {}

    def root(address: str) -> str:
        while parent[address] != address:
            parent[address] = parent[parent[address]]
            address = parent[address]
        return address

    for sender in senders:
        parent.setdefault(sender.address, sender.address)
        if SIGNATURE_MARK not in sender.body:
            continue  # no signature: most mail, and every body the store left out
        name = fold(sender.name)
        signature = signature_block(sender.body)
        if len(name.split()) < 2 or not signature:
            continue
        known = first_with.setdefault((name, signature), sender.address)
        a, b = root(known), root(sender.address)
        if a != b:
            parent[b] = a
    return {address: root(address) for address in parent}


def shared_names(senders: Iterable[tuple[str, str]]) -> set[str]:
    """The display names, as written, under which `customers` may join two
    addresses: (address, name) pairs whose folded name has two words or more and
    is used by two addresses or more. Only mail sent under them needs its body."""
    addresses: dict[str, set[str]] = defaultdict(set)
    spellings: dict[str, set[str]] = defaultdict(set)
    folded: dict[str, str] = {}
    for address, name in senders:
        key = folded.get(name)
        if key is None:
            key = folded[name] = fold(name)
        if len(key.split()) >= 2:
            addresses[key].add(address)
            spellings[key].add(name)
    return {
        name
        for key, names in spellings.items()
        if len(addresses[key]) >= 2
        for name in names
    }
