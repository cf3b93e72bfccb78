"""The agent's own rules, from `[[rule]]` tables of the config.

A rule has a name, conditions, and what it does: give a `label`, `suppress` built-in
labels, or both. Conditions test `from`, `to`, `subject`, `body` (the new text),
`full_body` (the whole text, quotes included), `language` or any header; each holds
a pattern: a plain string matches as a substring, `{ glob = "..." }` matches the
whole value, `{ regex = "..." }` searches it. Substrings and globs ignore case and
accents; regular expressions ignore case. Conditions of one table must all hold;
`all`, `any` and `not` combine tables. Everything is checked when the config is
read, so a bad rule stops the command before anything is relabelled.
"""

import fnmatch
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

from triage.records import Message
from triage.rules.catalogue import BUILTIN_LABELS, CUSTOMER_LABELS
from triage.rules.lexicon import fold

FIELDS = ("from", "to", "subject", "body", "full_body", "language")
COMBINATORS = ("all", "any", "not")
RULE_KEYS = ("name", "label", "suppress", "description")
LABEL_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
RULE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,59}")
_HEADER_NAME = re.compile(r"[\x21-\x39\x3b-\x7e]+")  # RFC 5322 ftext
_SHOWN = 40  # characters of a pattern quoted in a reason


class RuleError(ValueError):
    """A user rule that cannot be used; the message names the problem."""


@dataclass(frozen=True, slots=True)
class Pattern:
    """One string to look for, and how; plain data, so rules can go to workers."""

    kind: Literal["contains", "glob", "regex"]
    text: str
    folded: str = ""  # contains and glob: the text folded once
    regex: re.Pattern[str] | None = field(default=None, compare=False)

    @classmethod
    def build(cls, kind: Literal["contains", "glob", "regex"], text: str) -> "Pattern":
        if not text:
            raise RuleError(f"an empty {kind} pattern matches everything")
        if kind != "regex":
            return cls(kind, text, folded=fold(text))
        try:
            compiled = re.compile(text, re.IGNORECASE | re.MULTILINE)
        except re.error as exc:
            raise RuleError(f"bad regular expression {text!r}: {exc}") from None
        return cls("regex", text, regex=compiled)

    def test(self, value: str) -> bool:
        if self.regex is not None:
            return self.regex.search(value) is not None
        if self.kind == "glob":
            return fnmatch.fnmatchcase(fold(value), self.folded)
        return self.folded in fold(value)

    def describe(self) -> str:
        shown = self.text if len(self.text) <= _SHOWN else self.text[:_SHOWN] + "…"
        if self.kind == "regex":
            return f"matches /{shown}/"
        return f"{'matches' if self.kind == 'glob' else 'contains'} {shown!r}"


class MessageView:
    """The values conditions test, read once per message and only when asked for."""

    def __init__(
        self, message: Message, language: str | None, raw: Callable[[], bytes]
    ) -> None:
        self.message = message
        self.language = language
        self._raw = raw
        self._headers: Mapping[str, list[str]] | None = None

    def values(self, name: str) -> list[str]:
        m = self.message
        if name == "from":
            named = f"{m.from_name} <{m.from_addr}>" if m.from_name else m.from_addr
            return [m.from_addr, m.from_name, named]
        if name == "to":
            return [*m.to_addrs, *m.cc_addrs]
        if name == "subject":
            return [m.subject]
        if name == "body":
            return [m.new_text]
        if name == "full_body":
            return [m.body_text]
        if name == "language":
            return [self.language or ""]
        return self.header(name)

    def header(self, name: str) -> list[str]:
        if self._headers is None:
            self._headers = _headers(self._raw())
        return self._headers.get(name.lower(), [])


def _headers(raw: bytes) -> dict[str, list[str]]:
    end = raw.find(b"\r\n\r\n")
    if end < 0:
        end = raw.find(b"\n\n")
    head = raw if end < 0 else raw[: end + 2]
    # Here, not at the top: loading the config must not load the email package.
    from email.parser import BytesHeaderParser
    from email.policy import default as default_policy

    parsed = BytesHeaderParser(policy=default_policy).parsebytes(head)
    found: dict[str, list[str]] = {}
    for key, value in parsed.items():
        try:
            text = str(value)
        except Exception:  # a header the policy cannot decode: test its raw text
            text = str(parsed.get_all(key, [""])[0])
        found.setdefault(key.lower(), []).append(text)
    return found


@dataclass(frozen=True, slots=True)
class Test:
    """`field` has a value that one of `patterns` matches."""

    field: str  # one of FIELDS, or "header:<name>"
    patterns: tuple[Pattern, ...]

    def check(self, view: MessageView) -> str | None:
        name = self.field.removeprefix("header:")
        values = [v for v in view.values(name) if v]
        for pattern in self.patterns:
            if any(pattern.test(v) for v in values):
                return f"{self.label()} {pattern.describe()}"
        return None

    def describe(self) -> str:
        return " or ".join(f"{self.label()} {p.describe()}" for p in self.patterns)

    def label(self) -> str:
        if self.field.startswith("header:"):
            return self.field.removeprefix("header:")
        return self.field

    @property
    def needs_headers(self) -> bool:
        return self.field.startswith("header:")


@dataclass(frozen=True, slots=True)
class Combined:
    """`all`, `any` or `not` of conditions; `not` has exactly one."""

    how: Literal["all", "any", "not"]
    parts: tuple["Condition", ...]

    def check(self, view: MessageView) -> str | None:
        if self.how == "not":
            found = self.parts[0].check(view)
            return None if found else f"not ({self.parts[0].describe()})"
        if self.how == "any":
            for part in self.parts:
                found = part.check(view)
                if found:
                    return found
            return None
        reasons = []
        for part in self.parts:
            found = part.check(view)
            if not found:
                return None
            reasons.append(found)
        return ", ".join(reasons)

    def describe(self) -> str:
        inner = [part.describe() for part in self.parts]
        if self.how == "not":
            return f"not ({inner[0]})"
        joined = f" {'and' if self.how == 'all' else 'or'} ".join(inner)
        return joined if len(inner) == 1 else f"({joined})"

    @property
    def needs_headers(self) -> bool:
        return any(part.needs_headers for part in self.parts)


Condition = Test | Combined


@dataclass(frozen=True, slots=True)
class UserRule:
    """One `[[rule]]` table."""

    name: str
    when: Condition
    label: str | None = None
    suppress: tuple[str, ...] = ()
    description: str = ""

    def check(self, view: MessageView) -> str | None:
        """Why the rule applies to this message, or None."""
        return self.when.check(view)

    @property
    def needs_headers(self) -> bool:
        return self.when.needs_headers


def parse_rules(tables: object) -> tuple[UserRule, ...]:
    """Every `[[rule]]` table, checked; the first problem raises RuleError."""
    if not isinstance(tables, list):
        raise RuleError("'rule' must be an array of tables: write [[rule]]")
    rules: list[UserRule] = []
    seen: set[str] = set()
    for index, table in enumerate(tables, 1):
        if not isinstance(table, dict):
            raise RuleError(f"rule #{index} must be a table")
        name = table.get("name")
        where = f"rule {name!r}" if isinstance(name, str) and name else f"rule #{index}"
        try:
            rule = _rule(table)
        except RuleError as exc:
            raise RuleError(f"{where}: {exc}") from None
        if rule.name in seen:
            raise RuleError(f"{where}: another rule has the same name")
        seen.add(rule.name)
        rules.append(rule)
    return tuple(rules)


def _rule(table: dict[str, object]) -> UserRule:
    name = table.get("name")
    if not isinstance(name, str) or not name:
        raise RuleError("'name' is required")
    if not RULE_NAME.fullmatch(name):
        raise RuleError("a name is letters, digits, '.', '_' or '-', at most 60")
    if name.lower() in BUILTIN_LABELS:
        raise RuleError("that name is a built-in rule's; choose another")
    label = table.get("label")
    if label is not None:
        if not isinstance(label, str) or not LABEL_NAME.fullmatch(label):
            raise RuleError(
                "'label' must be a label name: lower-case letters, digits and '-'"
            )
        if label in CUSTOMER_LABELS:  # the customer-level pass replaces them wholesale
            raise RuleError(
                f"{label!r} is given by the customer-level rules only; "
                "a rule may suppress it, not give it"
            )
    suppress = table.get("suppress", [])
    if not isinstance(suppress, list) or not all(isinstance(s, str) for s in suppress):
        raise RuleError("'suppress' must be a list of built-in label names")
    for item in suppress:
        if item not in BUILTIN_LABELS:
            known = ", ".join(BUILTIN_LABELS)
            raise RuleError(f"cannot suppress {item!r}: not a built-in label ({known})")
    if label is None and not suppress:
        raise RuleError("a rule needs a 'label' to give or labels to 'suppress'")
    description = table.get("description", "")
    if not isinstance(description, str):
        raise RuleError("'description' must be a string")
    conditions = {k: v for k, v in table.items() if k not in RULE_KEYS}
    if not conditions:
        raise RuleError(
            "no condition: add one of " + ", ".join(FIELDS) + ", header, all, any, not"
        )
    return UserRule(
        name=name,
        when=_condition(conditions),
        label=label,
        suppress=tuple(dict.fromkeys(suppress)),
        description=description,
    )


def _condition(table: dict[str, object]) -> Condition:
    parts: list[Condition] = []
    for key, value in table.items():
        if key in FIELDS:
            parts.append(Test(key, _patterns(key, value)))
        elif key == "header":
            parts += _header_tests(value)
        elif key in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise RuleError(f"'{key}' must be a non-empty list of tables")
            parts.append(Combined(key, tuple(_table(key, v) for v in value)))  # type: ignore[arg-type]
        elif key == "not":
            parts.append(Combined("not", (_table(key, value),)))
        else:
            allowed = ", ".join((*RULE_KEYS, *FIELDS, "header", *COMBINATORS))
            raise RuleError(f"unknown key {key!r} (allowed: {allowed})")
    if len(parts) == 1:
        return parts[0]
    return Combined("all", tuple(parts))


def _table(key: str, value: object) -> Condition:
    if not isinstance(value, dict) or not value:
        raise RuleError(f"'{key}' takes condition tables, like {{ subject = \"...\" }}")
    return _condition(value)


def _header_tests(value: object) -> Iterator[Test]:
    if not isinstance(value, dict) or not value:
        raise RuleError(
            "'header' must be a table of header names, like "
            '{ "X-Mailer" = "Outlook" }'
        )
    for name, patterns in value.items():
        if not _HEADER_NAME.fullmatch(name):
            raise RuleError(f"{name!r} is not a header name")
        yield Test(f"header:{name}", _patterns(name, patterns))


def _patterns(key: str, value: object) -> tuple[Pattern, ...]:
    """A string, a list of strings (any), or { contains|glob|regex = str or list }."""
    if isinstance(value, str):
        return (Pattern.build("contains", value),)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(Pattern.build("contains", v) for v in value)
    if isinstance(value, dict) and len(value) == 1:
        ((kind, texts),) = value.items()
        if kind in ("contains", "glob", "regex"):
            if isinstance(texts, str):
                texts = [texts]
            if (
                isinstance(texts, list)
                and texts
                and all(isinstance(t, str) for t in texts)
            ):
                return tuple(Pattern.build(kind, t) for t in texts)  # type: ignore[arg-type]
    raise RuleError(
        f"'{key}' must be a string, a list of strings, or one of "
        '{ contains = "..." }, { glob = "..." }, { regex = "..." }'
    )
