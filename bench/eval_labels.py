"""Score the rules pass's labels against hand-checked expectations, through the CLI.

Why only the CLI: the rules engine is being written beside this script, and what the
agent gets is what `triage import` stores and `triage list` shows, whatever the
engine's insides look like. So each set is imported with the real command into a
fresh database (`python -m triage --db TMP import MAILBOX --quiet`), read back with
`list --format jsonl --limit 0`, and compared by Message-ID with its expectations:

- `sample`: the bundled demo mailbox, `triage/sample/mailbox.mbox`, with
  `triage/sample/expected.json` (`messages` is a list of objects with `message_id`).
  The rules are tuned on it.
- `holdout`: `bench/labels/holdout.mbox`, with `bench/labels/holdout.json`
  (`messages` maps each Message-ID to its expectations), written apart from the
  rules (`bench/labels/make_holdout.py`); the honest figure.
- `holdout2`: `bench/labels/holdout2.mbox`, with `bench/labels/holdout2.json` (same
  format), written blind after the rules existed, from the README's label
  definitions (`bench/labels/make_holdout2.py`); never used to tune them.

Per label: support (expected count), predicted count, true and false positives,
false negatives, precision, recall, F1 (0 where undefined, as scikit-learn's
`zero_division=0`), and up to `--examples` Message-IDs and subjects of each kind of
mistake. Language and tone accuracy are added once `list` carries a `language` or
`tone` field per message; until then they are skipped without a word. Triage runs
with an empty config and data directory (`XDG_CONFIG_HOME`, `XDG_DATA_HOME`), so a
personal config.toml cannot change the figures; `--config` gives it one on purpose.

This is a measurement, not a test: it exits 0 once every set is scored, whatever
the scores, and 1 when triage itself fails on a set.

Usage: python bench/eval_labels.py [--set sample|holdout|holdout2] [--json]
       [--examples N] [--config FILE]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench_import import git_commit

from triage.rules.catalogue import BUILTIN_LABELS

ROOT = Path(__file__).resolve().parent.parent
# The built-in labels, as the installed triage defines them (the contract; how the
# rules decide stays unseen: messages go through the CLI).
LABELS = BUILTIN_LABELS
# Codes a detector may give when it cannot tell: scored as no language at all.
_NO_LANGUAGE = frozenset({"", "und", "unknown", "none", "null"})


@dataclass(frozen=True, slots=True)
class EvalSet:
    """A mailbox and the file that says what each of its messages should get."""

    name: str
    mailbox: Path
    expected: Path


SETS = (
    EvalSet(
        "sample",
        ROOT / "triage" / "sample" / "mailbox.mbox",
        ROOT / "triage" / "sample" / "expected.json",
    ),
    EvalSet(
        "holdout",
        ROOT / "bench" / "labels" / "holdout.mbox",
        ROOT / "bench" / "labels" / "holdout.json",
    ),
    EvalSet(
        "holdout2",
        ROOT / "bench" / "labels" / "holdout2.mbox",
        ROOT / "bench" / "labels" / "holdout2.json",
    ),
)


@dataclass(frozen=True, slots=True)
class Expected:
    """What a correct labeller gives one message (None: not stated, not scored)."""

    message_id: str | None
    labels: frozenset[str]
    language: str | None
    tone: int | None
    date: datetime | None
    subject: str | None


@dataclass(frozen=True, slots=True)
class Got:
    """One row of `triage list --format jsonl`, reduced to what is scored."""

    message_id: str | None
    subject: str
    date: datetime | None
    labels: frozenset[str]
    language: str | None
    tone: int | None


@dataclass(frozen=True, slots=True)
class Pair:
    """An expected message and the row triage listed for it (None: not listed)."""

    expected: Expected
    got: Got | None

    @property
    def labels(self) -> frozenset[str]:
        return self.got.labels if self.got else frozenset()

    @property
    def message_id(self) -> str:
        if self.expected.message_id:
            return self.expected.message_id
        return (self.got.message_id if self.got else None) or "(no Message-ID)"

    @property
    def subject(self) -> str:
        if self.got is not None:
            return self.got.subject
        return self.expected.subject or ""


@dataclass(frozen=True, slots=True)
class Example:
    message_id: str
    subject: str


@dataclass(frozen=True, slots=True)
class LabelScore:
    """Counts and rates for one label over one set."""

    label: str
    support: int
    predicted: int
    tp: int
    fp: int
    fn: int
    false_positives: tuple[Example, ...] = ()
    false_negatives: tuple[Example, ...] = ()

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)


@dataclass(frozen=True, slots=True)
class Accuracy:
    """Exact agreement on a per-message fact (language or tone)."""

    scored: int
    correct: int
    by_expected: dict[str, tuple[int, int]]  # expected value -> (correct, scored)
    confusion: dict[str, dict[str, int]]  # expected value -> got value -> count
    mistakes: tuple[tuple[Example, str, str], ...]  # example, expected, got
    within_one: int | None = None  # tone only: |got - expected| <= 1

    @property
    def rate(self) -> float:
        return _ratio(self.correct, self.scored)


@dataclass(frozen=True, slots=True)
class SetResult:
    """Everything measured on one set, or why it could not be measured."""

    name: str
    mailbox: str
    expected_file: str
    messages: int = 0
    listed: int = 0
    missing: tuple[str, ...] = ()  # expected Message-IDs triage did not list
    unexpected: int = 0  # listed rows matching no expectation
    labels: tuple[LabelScore, ...] = ()
    language: Accuracy | None = None
    tone: Accuracy | None = None
    error: str | None = None

    @property
    def micro(self) -> LabelScore:
        """Counts pooled over the built-in labels (a user rule's label has no truth)."""
        built_in = [s for s in self.labels if s.label in LABELS]
        return LabelScore(
            label="built-in (micro)",
            support=sum(s.support for s in built_in),
            predicted=sum(s.predicted for s in built_in),
            tp=sum(s.tp for s in built_in),
            fp=sum(s.fp for s in built_in),
            fn=sum(s.fn for s in built_in),
        )


class EvalError(Exception):
    """Triage failed on a set, or a set's files are unreadable."""


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


# ---------------------------------------------------------------------------
# Reading expectations and triage's output


def _parse_date(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _language(value: object) -> str | None:
    """fr, en, other, or None: any other code ("es", "de", "it") counts as other."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-", 1)[0]
    if code in _NO_LANGUAGE:
        return None
    return code if code in ("fr", "en") else "other"


def _tone(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)


def _label_names(value: object) -> frozenset[str]:
    """Label names from a list of strings, or of objects naming their label."""
    if not isinstance(value, list):
        return frozenset()
    names = set()
    for item in value:
        if isinstance(item, str):
            names.add(item)
        elif isinstance(item, Mapping):
            name = item.get("label", item.get("name"))
            if isinstance(name, str):
                names.add(name)
    return frozenset(names)


def load_expected(path: Path) -> list[Expected]:
    """Expectations from the sample's list form or the holdout's Message-ID map."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvalError(f"cannot read {_shown(path)}: {exc}") from exc
    messages = data.get("messages") if isinstance(data, Mapping) else data
    if isinstance(messages, Mapping):
        items = [{**entry, "message_id": mid} for mid, entry in messages.items()]
    elif isinstance(messages, list):
        items = messages
    else:
        raise EvalError(f"{_shown(path)}: no 'messages' list or map")
    return [
        Expected(
            message_id=item.get("message_id"),
            labels=_label_names(item.get("labels", [])),
            # the sample writes `lang`, the holdout `language`
            language=_language(item.get("language", item.get("lang"))),
            tone=_tone(item.get("tone")),
            date=_parse_date(item.get("date")),
            subject=item.get("subject"),
        )
        for item in items
    ]


def run_triage(mailbox: Path, config: Path | None) -> list[dict[str, object]]:
    """Import the mailbox into a throw-away database and list every message."""
    with tempfile.TemporaryDirectory(prefix="triage-eval-") as tmp:
        home = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("TRIAGE_")}
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
            (home / var.lower()).mkdir()
            env[var] = str(home / var.lower())
        env["NO_COLOR"] = "1"
        base = [sys.executable, "-m", "triage", "--db", str(home / "eval.db")]
        if config is not None:
            base += ["--config", str(config)]
        _run([*base, "import", str(mailbox), "--quiet"], env, "triage import")
        out = _run(
            [*base, "list", "--messages", "--format", "jsonl", "--limit", "0"],
            env,
            "triage list",
        )
    rows = []
    for number, line in enumerate(out.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise EvalError(f"triage list: line {number} is not JSON: {exc}") from exc
        if isinstance(row, dict):
            rows.append(row)
    return rows


def _run(command: list[str], env: dict[str, str], what: str) -> str:
    """Run one triage command; its last stderr line explains a failure."""
    done = subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(nothing on stderr)"])[-1]
        raise EvalError(f"{what} exited {done.returncode}: {last}")
    return done.stdout


def to_got(row: Mapping[str, object]) -> Got:
    subject = row.get("subject")
    mid = row.get("message_id")
    return Got(
        message_id=mid if isinstance(mid, str) else None,
        subject=subject if isinstance(subject, str) else "",
        date=_parse_date(row.get("date")),
        labels=_label_names(row.get("labels", [])),
        language=_language(row.get("language", row.get("lang"))),
        tone=_tone(row.get("tone")),
    )


def _id_key(message_id: str) -> str:
    """Message-IDs compared without surrounding space or angle brackets."""
    return message_id.strip().strip("<>").strip()


def pair_up(
    expected: Sequence[Expected], rows: Sequence[Got]
) -> tuple[list[Pair], int]:
    """Match listed rows to expectations by Message-ID, else by subject and date.

    The fallback serves the sample's one message without a Message-ID. Returns the
    pairs in expectation order and how many rows matched nothing.
    """
    by_id: dict[str, Got] = {}
    for got in rows:
        if got.message_id:
            by_id.setdefault(_id_key(got.message_id), got)
    used: set[int] = set()
    pairs = []
    for exp in expected:
        got: Got | None = None
        if exp.message_id:
            got = by_id.get(_id_key(exp.message_id))
        else:
            got = next(
                (
                    row
                    for row in rows
                    if id(row) not in used
                    and row.message_id is None
                    and row.subject == (exp.subject or "")
                    and row.date == exp.date
                ),
                None,
            )
        if got is not None:
            used.add(id(got))
        pairs.append(Pair(exp, got))
    return pairs, len(rows) - len(used)


# ---------------------------------------------------------------------------
# Scoring


def score_labels(
    pairs: Sequence[Pair], labels: Iterable[str], examples: int
) -> list[LabelScore]:
    """Precision, recall and F1 per label, with a few examples of each mistake."""
    scores = []
    for label in labels:
        tp = 0
        fps: list[Example] = []
        fns: list[Example] = []
        for pair in pairs:
            want = label in pair.expected.labels
            have = label in pair.labels
            if want and have:
                tp += 1
            elif have:
                fps.append(Example(pair.message_id, pair.subject))
            elif want:
                fns.append(Example(pair.message_id, pair.subject))
        scores.append(
            LabelScore(
                label=label,
                support=tp + len(fns),
                predicted=tp + len(fps),
                tp=tp,
                fp=len(fps),
                fn=len(fns),
                false_positives=tuple(fps[:examples]),
                false_negatives=tuple(fns[:examples]),
            )
        )
    return scores


def score_language(pairs: Sequence[Pair], examples: int) -> Accuracy | None:
    """Agreement on fr/en/other, on messages whose language is stated."""
    scored = [p for p in pairs if p.expected.language is not None]
    values = [
        (p, p.expected.language, p.got.language if p.got else None) for p in scored
    ]
    return _accuracy([(p, str(e), _shown_value(g)) for p, e, g in values], examples)


def score_tone(pairs: Sequence[Pair], examples: int) -> Accuracy | None:
    """Agreement on the 0-3 tone level, on messages whose tone is stated."""
    scored = [p for p in pairs if p.expected.tone is not None]
    values = [(p, p.expected.tone, p.got.tone if p.got else None) for p in scored]
    result = _accuracy([(p, str(e), _shown_value(g)) for p, e, g in values], examples)
    if result is None:
        return None
    near = sum(
        g is not None and e is not None and abs(g - e) <= 1 for _, e, g in values
    )
    return Accuracy(
        scored=result.scored,
        correct=result.correct,
        by_expected=result.by_expected,
        confusion=result.confusion,
        mistakes=result.mistakes,
        within_one=near,
    )


def _shown_value(value: object) -> str:
    return "none" if value is None else str(value)


def _accuracy(
    values: Sequence[tuple[Pair, str, str]], examples: int
) -> Accuracy | None:
    if not values:
        return None
    by_expected: dict[str, list[int]] = {}
    confusion: dict[str, Counter[str]] = {}
    mistakes = []
    for pair, want, have in values:
        tally = by_expected.setdefault(want, [0, 0])
        tally[1] += 1
        confusion.setdefault(want, Counter())[have] += 1
        if want == have:
            tally[0] += 1
        elif len(mistakes) < examples:
            mistakes.append((Example(pair.message_id, pair.subject), want, have))
    return Accuracy(
        scored=len(values),
        correct=sum(c for c, _ in by_expected.values()),
        by_expected={k: (v[0], v[1]) for k, v in sorted(by_expected.items())},
        confusion={k: dict(sorted(v.items())) for k, v in sorted(confusion.items())},
        mistakes=tuple(mistakes),
    )


def evaluate(eval_set: EvalSet, *, examples: int, config: Path | None) -> SetResult:
    """Import, list, match and score one set; a triage failure becomes `error`."""
    names = (eval_set.name, _shown(eval_set.mailbox), _shown(eval_set.expected))
    try:
        expected = load_expected(eval_set.expected)
        if not eval_set.mailbox.is_file():
            raise EvalError(f"no mailbox at {names[1]}")
        rows = [to_got(r) for r in run_triage(eval_set.mailbox, config)]
    except EvalError as exc:
        return SetResult(*names, error=str(exc))
    pairs, unexpected = pair_up(expected, rows)
    seen = {label for p in pairs for label in p.expected.labels | p.labels}
    labels = [*LABELS, *sorted(seen - set(LABELS))]
    reported = reported_fields(rows)
    return SetResult(
        *names,
        messages=len(expected),
        listed=len(rows),
        missing=tuple(p.message_id for p in pairs if p.got is None),
        unexpected=unexpected,
        labels=tuple(score_labels(pairs, labels, examples)),
        language=score_language(pairs, examples) if "language" in reported else None,
        tone=score_tone(pairs, examples) if "tone" in reported else None,
    )


def reported_fields(rows: Sequence[Got]) -> set[str]:
    """Which optional facts triage reported: a field counts once any row has a value."""
    fields = set()
    if any(r.language is not None for r in rows):
        fields.add("language")
    if any(r.tone is not None for r in rows):
        fields.add("tone")
    return fields


# ---------------------------------------------------------------------------
# Reports


def _shown(path: Path) -> str:
    """A path relative to the repository when it is inside, as given otherwise."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _clean(text: str, width: int = 70) -> str:
    """Untrusted subject text made inert for a terminal: no control characters."""
    out = "".join(
        " " if unicodedata.category(c).startswith("C") else c for c in text
    ).strip()
    return out if len(out) <= width else out[: width - 1] + "…"


def _score_row(s: LabelScore) -> str:
    return (
        f"  {s.label:<16} {s.support:>7} {s.predicted:>6} {s.tp:>5} {s.fp:>5} "
        f"{s.fn:>5} {s.precision:>10.2f} {s.recall:>7.2f} {s.f1:>6.2f}"
    )


def report_text(results: Sequence[SetResult]) -> str:
    """The human-readable report: a table per set, then examples of each mistake."""
    lines: list[str] = []
    for r in results:
        if lines:
            lines.append("")
        if r.error:
            lines.append(f"labels: {r.name} ({r.mailbox}): FAILED: {r.error}")
            continue
        lines.append(
            f"labels: {r.name} ({r.mailbox}): {r.messages} expected, "
            f"{r.listed} listed by triage"
        )
        if r.missing:
            lines.append(
                f"  {len(r.missing)} expected messages were not listed "
                f"(scored as unlabelled), e.g. {r.missing[0]}"
            )
        if r.unexpected:
            lines.append(f"  {r.unexpected} listed messages match no expectation")
        lines.append(
            f"  {'label':<16} {'support':>7} {'pred':>6} {'tp':>5} {'fp':>5} "
            f"{'fn':>5} {'precision':>10} {'recall':>7} {'f1':>6}"
        )
        lines += [_score_row(s) for s in r.labels]
        lines.append(_score_row(r.micro))
        for s in r.labels:
            for kind, count, shown in (
                ("false positives", s.fp, s.false_positives),
                ("false negatives", s.fn, s.false_negatives),
            ):
                if not count:
                    continue
                more = f", first {len(shown)}" if count > len(shown) else ""
                lines.append(f"  {s.label}: {count} {kind}{more}:")
                lines += [f"    {e.message_id}  {_clean(e.subject)}" for e in shown]
        for name, acc in (("language", r.language), ("tone", r.tone)):
            if acc is None:
                continue
            per = ", ".join(f"{k} {c}/{n}" for k, (c, n) in acc.by_expected.items())
            extra = ""
            if acc.within_one is not None:
                extra = f", within one level {acc.within_one}/{acc.scored}"
            lines.append(
                f"  {name}: {acc.correct}/{acc.scored} correct "
                f"({acc.rate:.2f}; {per}){extra}"
            )
            for example, want, have in acc.mistakes:
                lines.append(
                    f"    {example.message_id}  expected {want}, got {have}  "
                    f"{_clean(example.subject, 50)}"
                )
    return "\n".join(lines)


RESULTS_START = "<!-- eval-labels:start -->"
RESULTS_END = "<!-- eval-labels:end -->"


def report_markdown(results: Sequence[SetResult], commit: str, when: str) -> str:
    """The tables for bench/RESULTS.md: per set, per label, then language and tone."""
    lines = [
        f"Written by `make eval` ({when}, commit {commit}); the label definitions are",
        "the README's. Precision, recall and F1 per label; `micro` pools the labels.",
    ]
    for r in results:
        lines += ["", f"**{r.name}** ({r.messages} messages, `{r.mailbox}`):", ""]
        if r.error:
            lines.append(f"failed: {r.error}")
            continue
        lines.append("| label | support | pred | tp | fp | fn | P | R | F1 |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for s in [*r.labels, r.micro]:
            lines.append(
                f"| {s.label} | {s.support} | {s.predicted} | {s.tp} | {s.fp} "
                f"| {s.fn} | {s.precision:.2f} | {s.recall:.2f} | {s.f1:.2f} |"
            )
        for name, acc in (("language", r.language), ("tone", r.tone)):
            if acc is not None:
                near = (
                    f", within one level {acc.within_one}/{acc.scored}"
                    if acc.within_one is not None
                    else ""
                )
                lines.append("")
                lines.append(
                    f"{name}: {acc.correct}/{acc.scored} right ({acc.rate:.2f}){near}"
                )
    return "\n".join(lines)


def write_results(
    path: Path,
    markdown: str,
    *,
    start: str = RESULTS_START,
    end: str = RESULTS_END,
    title: str = "Labels (make eval)",
) -> None:
    """Put `markdown` between the markers `start` and `end` of `path`, or append a
    section titled `title` with them."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{start}\n{markdown}\n{end}"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + f"\n\n## {title}\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def _label_json(s: LabelScore) -> dict[str, object]:
    def examples(items: Sequence[Example]) -> list[dict[str, str]]:
        return [{"message_id": e.message_id, "subject": e.subject} for e in items]

    return {
        "support": s.support,
        "predicted": s.predicted,
        "tp": s.tp,
        "fp": s.fp,
        "fn": s.fn,
        "precision": round(s.precision, 4),
        "recall": round(s.recall, 4),
        "f1": round(s.f1, 4),
        "false_positive_examples": examples(s.false_positives),
        "false_negative_examples": examples(s.false_negatives),
    }


def _accuracy_json(acc: Accuracy | None) -> dict[str, object] | None:
    if acc is None:
        return None
    out: dict[str, object] = {
        "scored": acc.scored,
        "correct": acc.correct,
        "accuracy": round(acc.rate, 4),
        "by_expected": {
            k: {"correct": c, "scored": n} for k, (c, n) in acc.by_expected.items()
        },
        "confusion": acc.confusion,
        "mistake_examples": [
            {"message_id": e.message_id, "subject": e.subject, "expected": w, "got": h}
            for e, w, h in acc.mistakes
        ],
    }
    if acc.within_one is not None:
        out["within_one"] = acc.within_one
    return out


def report_json(results: Sequence[SetResult]) -> str:
    """The machine-readable report, one object per set."""
    sets = []
    for r in results:
        entry: dict[str, object] = {
            "name": r.name,
            "mailbox": r.mailbox,
            "expected": r.expected_file,
            "error": r.error,
        }
        if not r.error:
            micro = _label_json(r.micro)
            del micro["false_positive_examples"], micro["false_negative_examples"]
            entry |= {
                "messages": r.messages,
                "listed": r.listed,
                "missing": list(r.missing),
                "unexpected": r.unexpected,
                "labels": {s.label: _label_json(s) for s in r.labels},
                "micro": micro,
                "language": _accuracy_json(r.language),
                "tone": _accuracy_json(r.tone),
            }
        sets.append(entry)
    return json.dumps({"sets": sets}, indent=2, ensure_ascii=False)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Score triage's labels on the bundled sample and the holdout sets."
    )
    parser.add_argument(
        "--set",
        dest="sets",
        action="append",
        choices=[s.name for s in SETS],
        help="evaluate only this set (repeatable; default: all)",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON report")
    parser.add_argument(
        "--examples",
        type=int,
        default=5,
        metavar="N",
        help="Message-IDs shown per label and kind of mistake (default 5)",
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="run triage with this config file (default: none at all)",
    )
    parser.add_argument(
        "--results",
        type=Path,
        metavar="FILE",
        help="also write the tables into FILE (bench/RESULTS.md), between markers",
    )
    args = parser.parse_args(argv)
    chosen = [s for s in SETS if not args.sets or s.name in args.sets]
    results = [
        evaluate(s, examples=max(args.examples, 0), config=args.config) for s in chosen
    ]
    if args.results is not None:
        when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        write_results(args.results, report_markdown(results, git_commit(), when))
    try:
        print(report_json(results) if args.json else report_text(results))
        sys.stdout.flush()
    except BrokenPipeError:
        # A reader that stops early (`| head`) is not a failure of the eval.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
