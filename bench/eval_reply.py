"""Score new-text extraction against the shared reply-parsing corpus.

The corpus (fixtures of public reply-parsing libraries, turned into .eml files with the
new text their own test suites expect) lives outside the project so that none of it
ships with triage. Each message goes through the real pipeline, `parse_mail(raw)`, so
the score covers MIME decoding and HTML conversion as well as `triage/reply.py`.

This is a measurement, not a test: it exits 0 once it has run, and prints the pass rate
overall, per source and per language. The suites disagree on policy, so compare per
source too. Entries marked `disputed` contradict triage's own spec; they are reported
apart and left out of the score unless --include-disputed.

Usage: python bench/eval_reply.py CORPUS_DIR [--include-disputed] [--verbose] [--json]
"""

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from triage.mail import parse_mail

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
    ignore_whitespace: bool
    must_contain: tuple[str, ...]
    must_not_contain: tuple[str, ...]
    disputed: bool


@dataclass(frozen=True, slots=True)
class Outcome:
    """Result of scoring one entry; `reason` says why it failed."""

    entry: Entry
    passed: bool
    got: str
    reason: str = ""


@dataclass(slots=True)
class Tally:
    """Pass count of one group of entries (a source, a language, or all)."""

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


def normalise(text: str) -> str:
    """Normalise as the corpus does: LF, no trailing spaces, single blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TRAILING_SPACE.sub("", text)
    return _BLANK_RUN.sub("\n\n", text).strip()


def load_entries(corpus: Path) -> list[Entry]:
    """Read the corpus's expected.json."""
    data = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    return [
        Entry(
            file=item["file"],
            source=item["source"],
            language=item.get("language", "und"),
            expected_new_text=item.get("expected_new_text"),
            ignore_whitespace=item.get("match") == "ignore_whitespace",
            must_contain=tuple(item.get("must_contain", ())),
            must_not_contain=tuple(item.get("must_not_contain", ())),
            disputed=bool(item.get("disputed")),
        )
        for item in data
    ]


def score(entry: Entry, got: str) -> Outcome:
    """Compare extracted new text with what the entry expects."""
    text = normalise(got)
    if entry.expected_new_text is not None:
        want = normalise(entry.expected_new_text)
        if entry.ignore_whitespace:
            ok = _WHITESPACE.sub("", text) == _WHITESPACE.sub("", want)
        else:
            ok = text == want
        return Outcome(entry, ok, got, "" if ok else "new text differs")
    for fragment in entry.must_contain:
        if normalise(fragment) not in text:
            return Outcome(entry, False, got, f"missing {fragment!r}")
    for fragment in entry.must_not_contain:
        if normalise(fragment) in text:
            return Outcome(entry, False, got, f"still contains {fragment!r}")
    return Outcome(entry, True, got)


def evaluate(corpus: Path, entries: Iterable[Entry]) -> list[Outcome]:
    """Run every entry's message through parse_mail and score its new text."""
    outcomes = []
    for entry in entries:
        parsed = parse_mail((corpus / entry.file).read_bytes())
        outcome = score(entry, parsed.new_text)
        if parsed.parse_error and not outcome.passed:
            outcome = Outcome(entry, False, "", f"parse error: {parsed.parse_error}")
        outcomes.append(outcome)
    return outcomes


def language_group(language: str) -> str:
    return language if language in ("fr", "en") else "other"


def _tallies(
    outcomes: Iterable[Outcome], key: Callable[[Entry], str]
) -> dict[str, Tally]:
    groups: dict[str, Tally] = defaultdict(Tally)
    for outcome in outcomes:
        groups[key(outcome.entry)].add(outcome)
    return dict(sorted(groups.items()))


def _overall(outcomes: Iterable[Outcome]) -> Tally:
    tally = Tally()
    for outcome in outcomes:
        tally.add(outcome)
    return tally


def _row(name: str, tally: Tally) -> str:
    return f"  {name:<32} {tally.passed:>4}/{tally.total:<4} {tally.rate:6.1f}%"


def _expectation(entry: Entry) -> str:
    if entry.expected_new_text is not None:
        return normalise(entry.expected_new_text)
    return (
        f"must contain {list(entry.must_contain)!r}, "
        f"must not contain {list(entry.must_not_contain)!r}"
    )


def report_text(
    scored: Sequence[Outcome], disputed: Sequence[Outcome], *, verbose: bool
) -> str:
    """The human-readable report."""
    overall = _overall(scored)
    lines = [
        f"reply extraction: {overall.passed}/{overall.total} passed "
        f"({overall.rate:.1f}%)",
        "by source:",
        *(_row(k, t) for k, t in _tallies(scored, lambda e: e.source).items()),
        "by language:",
        *(
            _row(k, t)
            for k, t in _tallies(scored, lambda e: language_group(e.language)).items()
        ),
    ]
    if disputed:
        passed = sum(o.passed for o in disputed)
        lines.append(
            f"disputed (not scored): {passed}/{len(disputed)} pass their check"
        )
    if verbose:
        for outcome in [*scored, *disputed]:
            if outcome.passed:
                continue
            entry = outcome.entry
            lines += [
                "",
                f"FAIL {entry.file} [{entry.language}] {outcome.reason}",
                "--- expected",
                _expectation(entry),
                "--- got",
                normalise(outcome.got),
            ]
    return "\n".join(lines)


def report_json(scored: Sequence[Outcome], disputed: Sequence[Outcome]) -> str:
    """The machine-readable report."""

    def rates(groups: dict[str, Tally]) -> dict[str, dict[str, float]]:
        return {
            k: {"passed": t.passed, "total": t.total, "rate": round(t.rate, 2)}
            for k, t in groups.items()
        }

    overall = _overall(scored)
    report = {
        "passed": overall.passed,
        "total": overall.total,
        "rate": round(overall.rate, 2),
        "by_source": rates(_tallies(scored, lambda e: e.source)),
        "by_language": rates(_tallies(scored, lambda e: language_group(e.language))),
        "failures": [
            {"file": o.entry.file, "reason": o.reason} for o in scored if not o.passed
        ],
        "disputed": [
            {"file": o.entry.file, "passed": o.passed, "reason": o.reason}
            for o in disputed
        ],
    }
    return json.dumps(report, indent=2, ensure_ascii=False)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Score new-text extraction on the reply-parsing corpus."
    )
    parser.add_argument("corpus", type=Path, help="the reply-parsing corpus directory")
    parser.add_argument(
        "--include-disputed",
        action="store_true",
        help="score disputed entries with the others",
    )
    parser.add_argument("--verbose", action="store_true", help="show every failure")
    parser.add_argument("--json", action="store_true", help="print a JSON report")
    args = parser.parse_args(argv)

    corpus: Path = args.corpus
    if not (corpus / "expected.json").is_file():
        print(
            f"eval_reply: no corpus at {corpus} (the reply-parsing corpus lives "
            "outside the project); nothing scored"
        )
        return 0
    outcomes = evaluate(corpus, load_entries(corpus))
    if args.include_disputed:
        scored, disputed = outcomes, []
    else:
        scored = [o for o in outcomes if not o.entry.disputed]
        disputed = [o for o in outcomes if o.entry.disputed]
    if args.json:
        print(report_json(scored, disputed))
    else:
        print(report_text(scored, disputed, verbose=args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
