"""Score new-text extraction against the shared reply-parsing corpus.

The corpus (fixtures from public reply-parsing libraries, turned into .eml files with
the new text their own test suites expect) lives outside the project so that none of
it ships with triage. This script is a measurement, not a test: it always exits 0 once
it has run, and prints the pass rate overall, per source and per language so a change
to `triage/reply.py` can be judged against every suite's policy at once.

Usage: python bench/eval_reply.py CORPUS_DIR [--include-disputed] [--verbose] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

_BLANK_RUN = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Entry:
    """One corpus message and what its library's test suite expects of it."""

    file: str
    source: str
    language: str
    expected_new_text: str | None
    match: str | None
    must_contain: tuple[str, ...]
    must_not_contain: tuple[str, ...]
    disputed: str | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """Result of scoring one entry; `reason` says why it failed."""

    entry: Entry
    passed: bool
    got: str
    reason: str = ""


@dataclass(slots=True)
class Tally:
    """Pass count of one group (a source, a language, or everything)."""

    passed: int = 0
    total: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.total += 1
        if outcome.passed:
            self.passed += 1
        else:
            self.failures.append(outcome.entry.file)

    @property
    def rate(self) -> float:
        return 100.0 * self.passed / self.total if self.total else 0.0


def _normalise(text: str) -> str:
    """The corpus comparison: LF, no trailing spaces, one blank line at most, trimmed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TRAILING_SPACE.sub("", text)
    return _BLANK_RUN.sub("\n\n", text).strip()


def _squash(text: str) -> str:
    return _WHITESPACE.sub("", text)


def _language_group(language: str) -> str:
    return language if language in ("fr", "en") else "other"


def load_entries(corpus: Path) -> list[Entry]:
    """Read expected.json into entries."""
    data = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    return [
        Entry(
            file=item["file"],
            source=item["source"],
            language=item.get("language", "und"),
            expected_new_text=item.get("expected_new_text"),
            match=item.get("match"),
            must_contain=tuple(item.get("must_contain", ())),
            must_not_contain=tuple(item.get("must_not_contain", ())),
            disputed=item.get("disputed"),
        )
        for item in data
    ]


def _fallback_new_text(raw: bytes) -> str:
    """TEMPORARY stand-in for triage.mail.parse_mail while mail.py is being written."""
    import email
    import email.policy

    import inscriptis

    from triage.reply import extract_reply

    msg = email.message_from_bytes(raw, policy=email.policy.default)
    part = msg.get_body(("plain", "html"))
    if part is None:
        return ""
    body = part.get_content()
    if part.get_content_subtype() == "html":
        body = inscriptis.get_text(body)
    return extract_reply(body).new_text


def _pipeline() -> Callable[[bytes], str]:
    """The real path a stored message takes: triage.mail.parse_mail(raw).new_text."""
    try:
        from triage.mail import parse_mail
    except ImportError:
        return _fallback_new_text

    def new_text(raw: bytes) -> str:
        return parse_mail(raw).new_text

    return new_text


def score(entry: Entry, got: str) -> Outcome:
    """Compare the extracted text with what the entry expects."""
    normal = _normalise(got)
    if entry.expected_new_text is not None:
        want = _normalise(entry.expected_new_text)
        if entry.match == "ignore_whitespace":
            ok = _squash(normal) == _squash(want)
        else:
            ok = normal == want
        return Outcome(entry, ok, got, "" if ok else "new text differs")
    missing = [s for s in entry.must_contain if _normalise(s) not in normal]
    if missing:
        return Outcome(entry, False, got, f"missing {missing[0]!r}")
    present = [s for s in entry.must_not_contain if _normalise(s) in normal]
    if present:
        return Outcome(entry, False, got, f"still contains {present[0]!r}")
    return Outcome(entry, True, got)


def evaluate(
    corpus: Path, entries: Iterable[Entry], extract: Callable[[bytes], str]
) -> list[Outcome]:
    """Run the pipeline on every entry; a crash is a failure, not an abort."""
    outcomes = []
    for entry in entries:
        raw = (corpus / entry.file).read_bytes()
        try:
            got = extract(raw)
        except Exception as exc:  # noqa: BLE001 - a measurement records crashes
            outcomes.append(Outcome(entry, False, "", f"raised {exc!r}"))
            continue
        outcomes.append(score(entry, got))
    return outcomes


def _tallies(outcomes: Iterable[Outcome], key: Callable[[Entry], str]) -> dict:
    groups: dict[str, Tally] = defaultdict(Tally)
    for outcome in outcomes:
        groups[key(outcome.entry)].add(outcome)
    return dict(sorted(groups.items()))


def _line(name: str, tally: Tally) -> str:
    return f"  {name:<34} {tally.passed:>4}/{tally.total:<4} {tally.rate:6.1f}%"


def _expected_text(entry: Entry) -> str:
    if entry.expected_new_text is not None:
        return _normalise(entry.expected_new_text)
    return (
        f"must contain {list(entry.must_contain)!r}, "
        f"must not contain {list(entry.must_not_contain)!r}"
    )


def report_text(
    scored: Sequence[Outcome], disputed: Sequence[Outcome], verbose: bool
) -> str:
    """Human-readable report."""
    overall = Tally()
    for outcome in scored:
        overall.add(outcome)
    lines = [
        f"reply extraction: {overall.passed}/{overall.total} passed "
        f"({overall.rate:.1f}%)",
        "by source:",
    ]
    lines += [_line(k, t) for k, t in _tallies(scored, lambda e: e.source).items()]
    lines.append("by language:")
    groups = _tallies(scored, lambda e: _language_group(e.language))
    lines += [_line(k, t) for k, t in groups.items()]
    if disputed:
        kept = sum(o.passed for o in disputed)
        lines.append(
            f"disputed (not scored): {kept}/{len(disputed)} pass their "
            "expected.json check"
        )
    if verbose:
        for outcome in [*scored, *disputed]:
            if outcome.passed:
                continue
            lines += [
                "",
                f"FAIL {outcome.entry.file} [{outcome.entry.language}] "
                f"{outcome.reason}",
                "--- expected",
                _expected_text(outcome.entry),
                "--- got",
                _normalise(outcome.got),
            ]
    return "\n".join(lines)


def report_json(scored: Sequence[Outcome], disputed: Sequence[Outcome]) -> str:
    """Machine-readable report."""

    def summary(groups: dict[str, Tally]) -> dict[str, dict[str, object]]:
        return {
            k: {"passed": t.passed, "total": t.total, "rate": round(t.rate, 2)}
            for k, t in groups.items()
        }

    overall = Tally()
    for outcome in scored:
        overall.add(outcome)
    doc = {
        "passed": overall.passed,
        "total": overall.total,
        "rate": round(overall.rate, 2),
        "by_source": summary(_tallies(scored, lambda e: e.source)),
        "by_language": summary(
            _tallies(scored, lambda e: _language_group(e.language))
        ),
        "failures": [
            {"file": o.entry.file, "reason": o.reason} for o in scored if not o.passed
        ],
        "disputed": [
            {"file": o.entry.file, "passed": o.passed, "reason": o.reason}
            for o in disputed
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="reply-parsing corpus directory")
    parser.add_argument(
        "--include-disputed",
        action="store_true",
        help="score disputed entries with the rest",
    )
    parser.add_argument("--verbose", action="store_true", help="list every failure")
    parser.add_argument("--json", action="store_true", help="print a JSON report")
    args = parser.parse_args(argv)

    corpus: Path = args.corpus
    if not (corpus / "expected.json").is_file():
        print(
            f"eval_reply: no corpus at {corpus}: the reply-parsing corpus lives "
            "outside the project; nothing scored"
        )
        return 0

    entries = load_entries(corpus)
    outcomes = evaluate(corpus, entries, _pipeline())
    if args.include_disputed:
        scored, disputed = outcomes, []
    else:
        scored = [o for o in outcomes if not o.entry.disputed]
        disputed = [o for o in outcomes if o.entry.disputed]
    if args.json:
        print(report_json(scored, disputed))
    else:
        print(report_text(scored, disputed, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
