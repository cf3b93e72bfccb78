"""Rich renderings of cases: the queue as a table, and one case whole.

Beside `render.py` and bound by the same rule: untrusted text goes through
`text.for_display` into a `rich.text.Text`, printed by a console that interprets
nothing.
"""

from collections.abc import Sequence
from datetime import tzinfo

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from triage.cases.queue import CaseDetail
from triage.dates import format_local
from triage.records import Case, Message, Priority
from triage.render import human_size
from triage.text import for_display

NO_CASES = "No cases match."


def waited(hours: float | None) -> str:
    """A wait as a person says it: 5h, 3d 4h, 12d."""
    if hours is None:
        return ""
    if hours < 24:
        return f"{int(hours)}h"
    days, rest = divmod(int(hours), 24)
    return f"{days}d {rest}h" if days < 10 and rest else f"{days}d"


def priority_parts(p: Priority) -> str:
    """How the score adds up: "47 = wait 14 + repeats 18 + escalation 15"."""
    if p.noise:
        return "0 (only empty, phone-only or automatic mail)"
    parts = [
        f"{name} {points}"
        for name, points in (
            ("wait", p.wait),
            ("repeats", p.repeats),
            ("escalation", p.escalation),
            ("vague", p.vague),
        )
        if points
    ]
    return f"{p.score} = {' + '.join(parts)}" if parts else str(p.score)


def cases_table(cases: Sequence[Case], width: int, *, show_state: bool) -> Table:
    """One row a case, fitted to `width`, long cells cut with an ellipsis."""
    id_width = max([2] + [len(str(c.facts.id)) for c in cases])
    labels = [", ".join(c.facts.labels) for c in cases]
    labels_width = min(22, max([0] + [len(x) for x in labels]))
    fixed = id_width + 5 + 7 + 4 + (9 if show_state else 0)
    if labels_width:
        labels_width = max(labels_width, len("Labels"))
    room = width - fixed - labels_width - 2 * (6 + bool(labels_width) + show_state)
    if room < 30 and labels_width:  # a narrow terminal: the subject matters more
        room += labels_width + 2
        labels_width = 0
    customer_width = max(8, min(24, room // 3))
    subject_width = max(10, room - customer_width)

    table = Table(box=None, header_style="bold", pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column("ID", justify="right", width=id_width, no_wrap=True)
    table.add_column("Score", justify="right", width=5, no_wrap=True)
    table.add_column("Waiting", justify="right", width=7, no_wrap=True)
    if show_state:
        table.add_column("State", width=9, no_wrap=True)
    table.add_column("Customer", width=customer_width)
    table.add_column("Subject", width=subject_width)
    table.add_column("Msgs", justify="right", width=4, no_wrap=True)
    if labels_width:
        table.add_column("Labels", width=labels_width)
    for c, label_text in zip(cases, labels, strict=True):
        f = c.facts
        cells: list[str | Text] = [
            str(f.id),
            "-" if c.priority.noise else str(c.priority.score),
            waited(c.priority.waited_hours),
        ]
        if show_state:
            cells.append(c.state)
        cells += [
            _line(f.name or f.customer),
            _line(f.subject or "(no subject)", "bold" if c.escalating else ""),
            str(len(f.message_ids)),
        ]
        if labels_width:
            cells.append(_line(label_text, "cyan"))
        table.add_row(*cells)
    return table


def case_view(detail: CaseDetail, zone: tzinfo | None) -> Group:
    """The case: its facts and priority, the digest, notes, then every message."""
    c, f = detail.case, detail.case.facts
    head = Table.grid(padding=(0, 1))
    head.add_column(style="bold", no_wrap=True)
    head.add_column()
    customer = f"{f.name} <{f.customer}>" if f.name else f.customer
    head.add_row("Customer", _text(customer))
    head.add_row("Subject", _text(f.subject or "(no subject)"))
    state = c.state
    if f.state == "snoozed" and f.snoozed_until:
        state += f" (snoozed until {format_local(f.snoozed_until, zone)})"
    head.add_row("State", state)
    head.add_row("Priority", priority_parts(c.priority))
    span = f"{format_local(f.first_date, zone)} to {format_local(f.last_date, zone)}"
    head.add_row("Messages", f"{len(f.message_ids)}, {span}")
    if f.waiting_since:
        head.add_row(
            "Waiting",
            f"since {format_local(f.waiting_since, zone)} "
            f"({waited(c.priority.waited_hours) or 'not counted'}), "
            f"{f.unanswered} unanswered",
        )
    if f.labels:
        head.add_row("Labels", Text(", ".join(f.labels), style="cyan"))
    parts: list[RenderableType] = [Text(f"Case {f.id}", style="bold"), head]
    parts += _digest(detail, zone)
    if detail.notes:
        parts.append(Rule("Notes", align="left"))
        for note in detail.notes:
            parts.append(
                Text(format_local(note.created_at, zone) + "  ", style="dim")
                + _text(note.text)
            )
    for m in detail.messages:
        parts += _message(m, zone)
    return Group(*parts)


def _digest(detail: CaseDetail, zone: tzinfo | None) -> list[RenderableType]:
    d = detail.digest
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for mention in d.identifiers:
        where = ", ".join(str(i) for i in mention.message_ids)
        grid.add_row(
            mention.kind.capitalize(),
            _text(mention.value) + Text(f"  (messages {where})", style="dim"),
        )
    if d.code_kinds:
        grid.add_row("Code", _text(", ".join(d.code_kinds)))
    for n, q in enumerate(d.questions):
        times = f", {q.times} times" if q.times > 1 else ""
        when = format_local(q.first_asked, zone)[:10] or "?"
        grid.add_row(
            "Asks" if n == 0 else "",
            _text(q.text) + Text(f"  ({when}, message {q.message_id}{times})", "dim"),
        )
    for n, missing in enumerate(d.missing):
        grid.add_row("Ask back" if n == 0 else "", Text(missing, style="yellow"))
    for a in d.attachments:
        grid.add_row(
            "Attached",
            _text(a.filename)
            + Text(f"  ({human_size(a.size)}, message {a.message_id})", "dim"),
        )
    if not grid.row_count:
        return []
    return [Rule("Digest", align="left"), grid]


def _message(m: Message, zone: tzinfo | None) -> list[RenderableType]:
    sender = m.from_name or m.from_addr or "(unknown sender)"
    title = f"Message {m.id} · {format_local(m.date, zone) or '?'} · "
    parts: list[RenderableType] = [
        Rule(for_display(title + sender, single_line=True), align="left")
    ]
    for detail in m.label_details:
        why = "set by hand" if detail.source == "manual" else detail.reason or ""
        parts.append(
            Text(detail.label, style="cyan")
            + (Text(": ") + _text(why) if why else Text(""))
        )
    if m.parse_error:
        parts.append(Text("Parse error: ", style="bold red") + _text(m.parse_error))
    parts.append(Text(for_display(m.new_text) or "(nothing new in this message)"))
    folded = _quoted_lines(m)
    if folded:
        parts.append(
            Text(
                f"[{folded} more lines quoted or signed: triage show --message {m.id}]",
                style="dim",
            )
        )
    for a in m.attachments:
        if not a.inline:
            parts.append(
                Text("Attached: ", style="dim")
                + _text(a.filename)
                + Text(f" ({human_size(a.size)})", style="dim")
            )
    return parts


def _quoted_lines(m: Message) -> int:
    """Lines of the body that the new text leaves out: quotes, signatures."""
    if m.body_text == m.new_text:
        return 0
    return max(0, len(m.body_text.splitlines()) - len(m.new_text.splitlines()))


def _text(text: str) -> Text:
    return Text(for_display(text, single_line=True))


def _line(text: str, style: str = "") -> Text:
    return Text(
        for_display(text, single_line=True),
        style=style,
        no_wrap=True,
        overflow="ellipsis",
    )
