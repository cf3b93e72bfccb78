"""The rules' part of the config: the [rules] table and the [[rule]] tables.

Checked when the config is read: a bad value or a bad rule is one line naming it,
and no command runs on a config it would misread.
"""

from dataclasses import dataclass

from triage.rules.lexicon import LIST_NAMES
from triage.rules.user import RuleError, UserRule, parse_rules

RULES_KEYS = ("repeat_count", "repeat_days", "lexicon")


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """Thresholds, lexicon additions and the user's rules."""

    repeat_count: int = 3
    repeat_days: int = 14
    lexicon: tuple[tuple[str, tuple[str, ...]], ...] = ()
    user: tuple[UserRule, ...] = ()


def parse_settings(table: object, rules: object) -> RuleSettings:
    """[rules] (`table`) and [[rule]] (`rules`) as read from TOML; RuleError if bad."""
    if not isinstance(table, dict):
        raise RuleError("'rules' must be a table: write [rules]")
    for key in table:
        if key not in RULES_KEYS:
            hint = " (user rules go in [[rule]] tables)" if key == "rule" else ""
            raise RuleError(
                f"unknown key 'rules.{key}' (allowed: {', '.join(RULES_KEYS)}){hint}"
            )
    count = _whole(table, "repeat_count", 3, 2)
    days = _whole(table, "repeat_days", 14, 1)
    return RuleSettings(
        repeat_count=count,
        repeat_days=days,
        lexicon=_lexicon(table.get("lexicon", {})),
        user=parse_rules(rules),
    )


def _whole(table: dict[str, object], key: str, default: int, least: int) -> int:
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < least:
        raise RuleError(f"'rules.{key}' must be a whole number, at least {least}")
    return value


def _lexicon(table: object) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(table, dict):
        raise RuleError("'rules.lexicon' must be a table of word lists")
    found = []
    for name, words in table.items():
        if name not in LIST_NAMES:
            raise RuleError(
                f"unknown list 'rules.lexicon.{name}' (lists: {', '.join(LIST_NAMES)})"
            )
        if not isinstance(words, list) or not all(
            isinstance(w, str) and w.strip() for w in words
        ):
            raise RuleError(
                f"'rules.lexicon.{name}' must be a list of words or phrases"
            )
        found.append((name, tuple(words)))
    return tuple(found)
