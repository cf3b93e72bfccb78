"""Labels as IMAP keywords: which keywords each location should gain or lose.

A label L is the keyword `$triage-L` on every live location of its message, so that
the agent's other mail clients show it. Pure functions over what the store holds:
the wanted keywords come from the labels, the present ones from the flags as last
read from the server, and only a location where the two differ needs a STORE. The
`$triage-` prefix marks the keywords triage owns: any other keyword is left alone,
and one of ours whose label is gone is removed, so a relabel converges.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from triage.store.locations import LabelledLocation

PREFIX = "$triage-"
# An IMAP atom needs no quoting; label names are always this (rules.user.LABEL_NAME).
_LABEL = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True, slots=True)
class KeywordChange:
    """What one location needs: keywords to add and remove, and its flags after."""

    uid: int
    add: frozenset[str]
    remove: frozenset[str]
    flags: tuple[str, ...]


def keyword(label: str) -> str:
    return PREFIX + label


def plan_keywords(locations: Iterable[LabelledLocation]) -> list[KeywordChange]:
    """The locations whose `$triage-*` keywords differ from their labels."""
    changes = []
    for location in locations:
        wanted = {
            keyword(label) for label in location.labels if _LABEL.fullmatch(label)
        }
        # Keywords are case-insensitive in IMAP; another client may recase ours.
        ours = {f for f in location.flags if f.lower().startswith(PREFIX)}
        present = {f.lower() for f in ours}
        add = frozenset(k for k in wanted if k not in present)
        remove = frozenset(f for f in ours if f.lower() not in wanted)
        if add or remove:
            flags = tuple(sorted((set(location.flags) - remove) | add))
            changes.append(KeywordChange(location.uid, add, remove, flags))
    return changes


def by_keyword(
    changes: Iterable[KeywordChange],
) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """UIDs to add each keyword to, and UIDs to remove each from: one STORE each."""
    add: dict[str, list[int]] = {}
    remove: dict[str, list[int]] = {}
    for change in changes:
        for name in change.add:
            add.setdefault(name, []).append(change.uid)
        for name in change.remove:
            remove.setdefault(name, []).append(change.uid)
    return dict(sorted(add.items())), dict(sorted(remove.items()))
