"""What list, show and stats report, and their machine formats (JSON, JSONL, TSV, CSV).

The JSON shape of a message is a documented, stable schema (README, "JSON"); new keys
may be added, none removed or renamed. Untrusted text stays exact in JSON (characters
that a terminal would act on are written as \\u escapes, which is still the same JSON
string) and is made visible-inert in TSV and CSV, which are read by eye as often as by
programs.
"""

import csv
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, TextIO

from triage.records import Attachment, Case, Message, Note
from triage.text import for_display

if TYPE_CHECKING:
    from triage.accounts import AccountCheck
    from triage.cases.digest import Digest
    from triage.cases.queue import CaseDetail
    from triage.rules.catalogue import RuleInfo
    from triage.rules.engine import Change


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    TSV = "tsv"
    CSV = "csv"


LIST_FIELDS = (
    "id",
    "message_id",
    "folder",
    "date",
    "from_addr",
    "from_name",
    "subject",
    "labels",
    "label_reasons",
    "case_id",
    "parse_error",
    "attachments",
    "language",
    "tone",
)


def message_summary(m: Message) -> dict[str, object]:
    """The JSON object of a message in `list`."""
    return {
        "id": m.id,
        "message_id": m.message_id,
        "folder": m.folder,
        "date": m.date,
        "from_addr": m.from_addr,
        "from_name": m.from_name,
        "subject": m.subject,
        "labels": list(m.labels),
        "label_reasons": [
            {"label": d.label, "rule": d.rule, "reason": d.reason, "source": d.source}
            for d in m.label_details
        ],
        "case_id": m.case_id,
        "parse_error": m.parse_error,
        "attachments": [_attachment(a) for a in m.attachments],
        "language": m.language,
        "tone": m.tone,
    }


def message_detail(m: Message) -> dict[str, object]:
    """The JSON object of a message in `show`: the summary and everything parsed."""
    return message_summary(m) | {
        "to": list(m.to_addrs),
        "cc": list(m.cc_addrs),
        "in_reply_to": m.in_reply_to,
        "references": list(m.references),
        "list_id": m.list_id,
        "list_unsubscribe": m.list_unsubscribe,
        "precedence": m.precedence,
        "auto_submitted": m.auto_submitted,
        "x_autoreply": m.x_autoreply,
        "content_type": m.content_type,
        "html_only": m.html_only,
        "mobile_signature": m.mobile_signature,
        "size": m.size,
        "content_hash": m.content_hash,
        "added_at": m.added_at,
        "customer": m.customer,
        "flags": list(m.flags),
        "expunged": m.expunged,
        "suppressed_labels": [
            {"label": label, "rule": rule} for label, rule in m.suppressed
        ],
        "new_text": m.new_text,
        "body_text": m.body_text,
    }


DETAIL_FIELDS = (
    *LIST_FIELDS,
    "to",
    "cc",
    "in_reply_to",
    "references",
    "list_id",
    "list_unsubscribe",
    "precedence",
    "auto_submitted",
    "x_autoreply",
    "content_type",
    "html_only",
    "mobile_signature",
    "size",
    "content_hash",
    "added_at",
    "customer",
    "flags",
    "expunged",
    "suppressed_labels",
    "new_text",
    "body_text",
)


def write_message(m: Message, fmt: OutputFormat, out: TextIO) -> None:
    """One message with every parsed field, for `show`."""
    if fmt is OutputFormat.JSON:
        out.write(dumps(message_detail(m), indent=2) + "\n")
    else:
        write_rows([message_detail(m)], DETAIL_FIELDS, fmt, out)


def _attachment(a: Attachment) -> dict[str, object]:
    return {
        "filename": a.filename,
        "content_type": a.content_type,
        "size": a.size,
        "inline": a.inline,
    }


def write_messages(messages: Iterable[Message], fmt: OutputFormat, out: TextIO) -> int:
    """Messages in a machine format, streamed; returns how many were written."""
    count = 0

    def summaries() -> Iterator[dict[str, object]]:
        nonlocal count
        for m in messages:
            count += 1
            yield message_summary(m)

    write_rows(summaries(), LIST_FIELDS, fmt, out)
    return count


def write_rows(
    rows: Iterable[dict[str, object]],
    fields: tuple[str, ...],
    fmt: OutputFormat,
    out: TextIO,
) -> None:
    """Rows as a JSON array (streamed), JSON lines, TSV or CSV with a header."""
    if fmt is OutputFormat.JSON:
        out.write("[")
        for n, row in enumerate(rows):
            out.write(("," if n else "") + "\n  " + dumps(row))
        out.write("\n]\n")
    elif fmt is OutputFormat.JSONL:
        for row in rows:
            out.write(dumps(row) + "\n")
    elif fmt is OutputFormat.TSV:
        out.write("\t".join(fields) + "\n")
        for row in rows:
            out.write("\t".join(_tsv_cell(row.get(f)) for f in fields) + "\n")
    elif fmt is OutputFormat.CSV:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(fields)
        for row in rows:
            writer.writerow([_csv_cell(row.get(f)) for f in fields])
    else:
        raise ValueError(f"not a machine format: {fmt}")


# Characters JSON leaves raw with ensure_ascii=False that a terminal may still act on:
# C1 controls (0x9b is a one-byte CSI), DEL, bidi controls, line separators.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def dumps(value: object, indent: int | None = None) -> str:
    """JSON that keeps accents readable yet cannot drive a terminal."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def _flat(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(_flat_item(v) for v in value)
    return str(value)


def _flat_item(value: object) -> str:
    """An attachment as its file name, a label reason as "label: reason"."""
    if isinstance(value, dict):
        if "filename" in value:
            return str(value["filename"])
        return f"{value.get('label')}: {value.get('reason') or ''}".rstrip(": ")
    return str(value)


def _tsv_cell(value: object) -> str:
    text = _flat(value).replace("\\", "\\\\").replace("\t", "\\t")
    return for_display(text.replace("\r", "\\r").replace("\n", "\\n"))


# A cell that starts like a formula is run by spreadsheets (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: object) -> str:
    text = for_display(_flat(value))
    if text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


ACCOUNT_FIELDS = (
    "name",
    "host",
    "port",
    "user",
    "tls",
    "ca_file",
    "folders",
    "drafts",
    "password_source",
)


def write_accounts(
    checks: Sequence["AccountCheck"], fmt: OutputFormat, out: TextIO
) -> None:
    """`accounts` in a machine format; JSON has the check's results when checked."""
    if fmt is OutputFormat.JSON:
        out.write(dumps([c.document() for c in checks], indent=2) + "\n")
        return
    write_rows((c.document() for c in checks), ACCOUNT_FIELDS, fmt, out)


CHANGE_FIELDS = ("change", "label", "rule", "messages", "examples")
RULE_FIELDS = ("rule", "kind", "labels", "suppresses", "messages", "description")


def change_row(change: "Change") -> dict[str, object]:
    """A label gained or lost by a relabel, as `relabel --format json` reports it."""
    return {
        "change": "gained" if change.sign == "+" else "lost",
        "label": change.label,
        "rule": change.rule,
        "messages": change.count,
        "examples": [{"id": i, "subject": subject} for i, subject in change.examples],
    }


def rule_row(rule: "RuleInfo", counts: dict[str, int]) -> dict[str, object]:
    """A rule as `triage rules` reports it; `messages` counts its labels now."""
    return {
        "rule": rule.name,
        "kind": rule.kind,
        "labels": list(rule.labels),
        "suppresses": list(rule.suppresses),
        "messages": counts.get(rule.name, 0),
        "description": rule.description,
    }


def case_summary(c: Case) -> dict[str, object]:
    """The JSON object of a case in `list`."""
    f, p = c.facts, c.priority
    return {
        "id": f.id,
        "customer": f.customer,
        "name": f.name,
        "subject": f.subject,
        "state": c.state,
        "snoozed_until": f.snoozed_until,
        "priority": {
            "score": p.score,
            "wait": p.wait,
            "repeats": p.repeats,
            "escalation": p.escalation,
            "vague": p.vague,
            "noise": p.noise,
            "waited_hours": p.waited_hours,
        },
        "waiting_since": f.waiting_since,
        "message_count": len(f.message_ids),
        "unanswered": f.unanswered,
        "first_date": f.first_date,
        "last_date": f.last_date,
        "labels": list(f.labels),
        "escalating": c.escalating,
        "notes": f.note_count,
        "message_ids": list(f.message_ids),
    }


# TSV and CSV want one value a cell: the score stands for the priority.
CASE_FIELDS = (
    "id",
    "state",
    "score",
    "customer",
    "name",
    "subject",
    "message_count",
    "unanswered",
    "waiting_since",
    "first_date",
    "last_date",
    "labels",
    "escalating",
    "message_ids",
)


def _case_row(c: Case) -> dict[str, object]:
    return case_summary(c) | {"score": c.priority.score}


def write_cases(cases: Iterable[Case], fmt: OutputFormat, out: TextIO) -> None:
    """Cases in a machine format, in the order given."""
    if fmt in (OutputFormat.TSV, OutputFormat.CSV):
        write_rows((_case_row(c) for c in cases), CASE_FIELDS, fmt, out)
    else:
        write_rows((case_summary(c) for c in cases), CASE_FIELDS, fmt, out)


def digest_document(d: "Digest") -> dict[str, object]:
    return {
        "identifiers": [
            {"kind": m.kind, "value": m.value, "message_ids": list(m.message_ids)}
            for m in d.identifiers
        ],
        "code_kinds": list(d.code_kinds),
        "questions": [
            {
                "text": q.text,
                "first_asked": q.first_asked,
                "message_id": q.message_id,
                "times": q.times,
            }
            for q in d.questions
        ],
        "missing": list(d.missing),
        "attachments": [
            {
                "message_id": a.message_id,
                "filename": a.filename,
                "content_type": a.content_type,
                "size": a.size,
            }
            for a in d.attachments
        ],
    }


def case_document(detail: "CaseDetail") -> dict[str, object]:
    """The JSON object of a case in `show`: the summary, digest, notes, messages."""
    return case_summary(detail.case) | {
        "digest": digest_document(detail.digest),
        "notes": [_note(n) for n in detail.notes],
        "messages": [message_detail(m) for m in detail.messages],
    }


def _note(n: Note) -> dict[str, object]:
    return {"id": n.id, "text": n.text, "created_at": n.created_at}


def write_case(detail: "CaseDetail", fmt: OutputFormat, out: TextIO) -> None:
    """One case whole for `show`; TSV and CSV get one row per message."""
    if fmt is OutputFormat.JSON:
        out.write(dumps(case_document(detail), indent=2) + "\n")
    elif fmt is OutputFormat.JSONL:
        out.write(dumps(case_document(detail)) + "\n")
    else:
        write_rows((message_summary(m) for m in detail.messages), LIST_FIELDS, fmt, out)
