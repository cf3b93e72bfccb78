"""Score case grouping against hand-checked cases, beside one case per sender.

B-cubed precision and recall are dominated by customers who wrote once, so the share
of cases reproduced exactly is reported too, with the hard kinds apart: a customer
with two matters, a customer on two addresses, a customer's auto-reply. The naive
baseline, one case per sender address, is scored the same way.

The set is imported with the real CLI into a throw-away database (labels decide what
is automatic mail), then grouped by `triage.cases.engine.group_store`: cases are not
stored yet, so the grouping is read from the library rather than `triage list`.

Usage: python bench/eval_cases.py [--results FILE]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench_import import git_commit
from eval_labels import write_results

from triage.cases.engine import group_store
from triage.store import open_store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "triage" / "sample"
CASES2 = ROOT / "bench" / "cases"  # written blind from the issue (make_cases_set.py)
START, END = "<!-- eval-cases:start -->", "<!-- eval-cases:end -->"


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    f1: float
    exact: int
    cases: int
    split: int  # expected cases spread over several predicted ones
    merged: int  # predicted cases that mix several expected ones
    hard: dict[str, tuple[int, int]]  # kind -> (exact, cases)


def bcubed(
    gold: Mapping[int, str], predicted: Sequence[Sequence[int]]
) -> tuple[float, float]:
    of = {i: n for n, case in enumerate(predicted) for i in case}
    members_gold: dict[str, set[int]] = defaultdict(set)
    members_pred: dict[int, set[int]] = defaultdict(set)
    for i, case in gold.items():
        members_gold[case].add(i)
        members_pred[of[i]].add(i)
    precision = recall = 0.0
    for i, case in gold.items():
        both = len(members_gold[case] & members_pred[of[i]])
        precision += both / len(members_pred[of[i]])
        recall += both / len(members_gold[case])
    return precision / len(gold), recall / len(gold)


def score(
    gold: Mapping[int, str],
    predicted: Sequence[Sequence[int]],
    hard: Mapping[str, Iterable[str]],
) -> Score:
    precision, recall = bcubed(gold, predicted)
    expected: dict[str, set[int]] = defaultdict(set)
    for i, case in gold.items():
        expected[case].add(i)
    got = [set(case) for case in predicted]
    exact = {name for name, ids in expected.items() if ids in got}
    split = sum(1 for ids in expected.values() if sum(1 for g in got if g & ids) > 1)
    merged = sum(1 for g in got if len({gold[i] for i in g}) > 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(
        precision,
        recall,
        f1,
        len(exact),
        len(expected),
        split,
        merged,
        {
            kind: (len(set(names) & exact), len(set(names)))
            for kind, names in hard.items()
        },
    )


def hard_cases(expected: Mapping[str, object]) -> dict[str, list[str]]:
    cases = expected["cases"]
    assert isinstance(cases, list)
    by_customer: dict[str, list[str]] = defaultdict(list)
    customer_addresses: set[str] = set()
    for case in cases:
        if not case["case"].startswith("automatic "):
            by_customer[case["customer"]].append(case["case"])
            customer_addresses.update(case["addresses"])
    return {
        "two matters from one customer": [
            name for names in by_customer.values() if len(names) > 1 for name in names
        ],
        "one customer on two addresses": [
            c["case"]
            for c in cases
            if len(c["addresses"]) > 1 and not c["case"].startswith("automatic ")
        ],
        "a customer's auto-reply": [
            c["case"]
            for c in cases
            if c["case"].startswith("automatic ")
            and set(c["addresses"]) & customer_addresses
        ],
    }


def evaluate(mailbox: Path, expected_path: Path) -> tuple[Score, Score]:
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    by_message_id = {m["message_id"]: m["case"] for m in expected["messages"]}
    with tempfile.TemporaryDirectory(prefix="triage-eval-") as tmp:
        db = Path(tmp) / "eval.db"
        env = dict(os.environ, XDG_CONFIG_HOME=tmp, XDG_DATA_HOME=tmp)
        env.pop("TRIAGE_CONFIG", None)
        subprocess.run(
            [sys.executable, "-m", "triage", "--db", str(db), "import", str(mailbox)],
            env=env,
            check=True,
            capture_output=True,
        )
        store = open_store(db, create=False)
        try:
            messages = list(store.messages())
            predicted = group_store(store)
        finally:
            store.close()
    gold = {m.id: by_message_id[m.message_id] for m in messages}
    senders: dict[str, list[int]] = defaultdict(list)
    for m in messages:
        senders[m.from_addr.lower()].append(m.id)
    hard = hard_cases(expected)
    return score(gold, predicted, hard), score(gold, list(senders.values()), hard)


def report(name: str, ours: Score, baseline: Score) -> list[str]:
    lines = [
        f"**{name}** ({ours.cases} expected cases):",
        "",
        "| grouping | B-cubed P | R | F1 | cases exact | split | merged |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, s in (("triage", ours), ("one case per sender", baseline)):
        lines.append(
            f"| {label} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} "
            f"| {s.exact}/{s.cases} ({s.exact / s.cases:.0%}) | {s.split} "
            f"| {s.merged} |"
        )
    lines += ["", "| hard cases | triage exact | one case per sender exact |"]
    lines.append("|---|---:|---:|")
    for kind, (exact, total) in ours.hard.items():
        base_exact, _ = baseline.hard[kind]
        lines.append(f"| {kind} | {exact}/{total} | {base_exact}/{total} |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, metavar="FILE")
    args = parser.parse_args(argv)
    lines: list[str] = []
    for name, mailbox, expected in (
        ("sample", SAMPLE / "mailbox.mbox", SAMPLE / "expected.json"),
        ("cases2 (blind)", CASES2 / "cases2.mbox", CASES2 / "cases2.json"),
    ):
        ours, baseline = evaluate(mailbox, expected)
        lines += [*report(name, ours, baseline), ""]
    print("cases: " + "\n".join(lines))
    if args.results is not None:
        when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        head = [
            f"Written by `make eval` ({when}, commit {git_commit()}): grouping as "
            "`triage.cases.engine` does it, before cases are stored.",
            "",
        ]
        write_results(
            args.results,
            "\n".join(head + lines),
            start=START,
            end=END,
            title="Cases (make eval)",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
