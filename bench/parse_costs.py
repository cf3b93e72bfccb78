"""Where the time of one message goes: stdlib parse, triage's parse, hash, compression.

    python bench/parse_costs.py [MAILBOX] [--count N]

MAILBOX defaults to the cached 20,000-message benchmark mbox (bench_import.py makes it).
Each step runs over the same first N messages; the figures are milliseconds a message.
"""

import argparse
import itertools
import time
from collections.abc import Callable
from email.parser import BytesParser
from email.policy import compat32, default
from pathlib import Path

from triage.importer import _MboxReader
from triage.mail import identify, parse_mail
from triage.store import pack_raw

DEFAULT = Path(__file__).parent / "out" / "complaints-v1-seed1-20000.mbox"


def _policy_default_body(raw: bytes) -> object:
    message = BytesParser(policy=default).parsebytes(raw)
    body = message.get_body(("plain", "html"))
    return body.get_content() if body is not None else None


def _per_message(step: Callable[[bytes], object], raws: list[bytes]) -> float:
    started = time.perf_counter()
    for raw in raws:
        step(raw)
    return (time.perf_counter() - started) / len(raws) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("mailbox", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--count", type=int, default=5000)
    args = parser.parse_args()
    raws = list(itertools.islice(iter(_MboxReader(args.mailbox)), args.count))
    steps: list[tuple[str, Callable[[bytes], object]]] = [
        (
            "email BytesParser(compat32).parsebytes",
            BytesParser(policy=compat32).parsebytes,
        ),
        ("email policy.default + get_body().get_content()", _policy_default_body),
        ("triage.mail.parse_mail", parse_mail),
        ("triage.mail.identify", identify),
        ("zlib level 1 (store.pack_raw)", pack_raw),
    ]
    print(f"{len(raws)} messages from {args.mailbox.name}")
    for name, step in steps:
        print(f"{_per_message(step, raws):7.3f} ms  {name}")


if __name__ == "__main__":
    main()
