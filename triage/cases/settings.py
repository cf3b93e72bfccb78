"""The [cases] table of the config: grouping thresholds and the identity hint.

Kept apart from the grouping code so that loading the config does not load
rapidfuzz.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GroupingSettings:
    """Thresholds for joining a customer's messages into one case."""

    similarity: float = 80.0  # rapidfuzz token_set_ratio, 0-100
    window_days: int = 30  # similar messages further apart are not joined
    compare_last: int = 30  # earlier messages of the customer compared with
    generic_days: int = 7  # a generic subject joins its repeat within this many days


@dataclass(frozen=True, slots=True)
class CaseSettings:
    """Grouping thresholds and the identity hint."""

    grouping: GroupingSettings = GroupingSettings()
    identity_hints: bool = True  # same name and signature from a second address
