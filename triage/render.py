"""Rich renderings of reports for a terminal: tables, a message, stats.

A presentation module beside `cli.py` (core modules never import rich). Every piece of
untrusted text goes through `text.for_display` and into a `rich.text.Text`, and the
console is built with markup, emoji codes and highlighting off: a subject such as
"[bold]x[/]" or one carrying an escape sequence is printed as the characters it is.
"""

from collections.abc import Iterable
from datetime import tzinfo
from typing import TextIO

from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from triage.dates import format_local
from triage.records import Attachment, ImportResult, Message
from triage.report import Stats
from triage.text import for_display

_BAR = "█"
NOTHING_YET = "No messages yet: run `triage import PATH` or `triage demo`."


def make_console(file: TextIO | None = None, *, stderr: bool = False) -> Console:
    """A console that never interprets text: no markup, emoji codes or highlighting."""
    return Console(
        file=file,
        stderr=stderr,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )


def _cell(text: str | None, style: str = "") -> Text:
    """One line of untrusted text, cut with an ellipsis where the column ends."""
    return _line(for_display(text, single_line=True), style)


def _flags(m: Message) -> str:
    flags = []
    if m.parse_error:
        flags.append("!")
    if any(not a.inline for a in m.attachments):
        flags.append("@")
    return "".join(flags)


def messages_table(
    messages: Iterable[Message], zone: tzinfo | None, width: int
) -> Table:
    """One row a message, fitted to `width`; long cells end in an ellipsis.

    Widths are computed here rather than left to Rich: its ratio arithmetic gives a
    column of one-line cells its longest cell as a minimum, and a table that is still
    too wide loses its first columns, the ID a reader needs for `show`.
    """
    rows = []
    for m in messages:
        placeholder = "(unparsed message)" if m.parse_error else "(no subject)"
        rows.append(
            (
                str(m.id),
                format_local(m.date, zone) or "?",
                for_display(
                    m.from_name or m.from_addr or "(unknown sender)", single_line=True
                ),
                for_display(m.subject or placeholder, single_line=True),
                for_display(", ".join(m.labels), single_line=True),
                _flags(m),
                bool(m.parse_error),
            )
        )
    fixed = [
        max([len("ID")] + [len(r[0]) for r in rows]),
        max([len("Date")] + [len(r[1]) for r in rows]),
        min(24, max([len("Labels")] + [len(r[4]) for r in rows])),
        max([1] + [len(r[5]) for r in rows]),
    ]
    gaps = 2 * 5
    room = max(20, width - sum(fixed) - gaps)
    longest_sender = max([len("From")] + [len(r[2]) for r in rows])
    sender_width = min(longest_sender, max(10, room // 3))
    subject_width = room - sender_width
    table = Table(box=None, header_style="bold", pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column("ID", justify="right", width=fixed[0])
    table.add_column("Date", width=fixed[1])
    table.add_column("From", width=sender_width)
    table.add_column("Subject", width=subject_width)
    table.add_column("Labels", width=fixed[2])
    table.add_column("", width=fixed[3])  # flags: ! parse error, @ attachment
    for id_, date, sender, subject, labels, flags, failed in rows:
        table.add_row(
            id_,
            date,
            _line(sender),
            _line(subject, "red" if failed else ""),
            _line(labels, "cyan"),
            flags,
        )
    return table


def _line(text: str, style: str = "") -> Text:
    return Text(text, style=style, no_wrap=True, overflow="ellipsis")


def message_view(m: Message, zone: tzinfo | None) -> Group:
    """Headers, attachments, parse error, then the new text and the full text."""
    head = Table.grid(padding=(0, 1))
    head.add_column(style="bold", no_wrap=True)
    head.add_column()

    def field(name: str, value: str | None) -> None:
        if value:
            head.add_row(name, _cell(value))

    sender = f"{m.from_name} <{m.from_addr}>" if m.from_name else m.from_addr
    field("From", sender)
    field("To", ", ".join(m.to_addrs))
    field("Cc", ", ".join(m.cc_addrs))
    field("Date", format_local(m.date, zone, seconds=True))
    field("Subject", m.subject)
    field("Message-ID", m.message_id)
    field("In-Reply-To", m.in_reply_to)
    field("References", " ".join(m.references))
    field("Folder", m.folder)
    field("Labels", ", ".join(m.labels))
    for name, value in (
        ("Auto-Submitted", m.auto_submitted),
        ("X-Autoreply", m.x_autoreply),
        ("Precedence", m.precedence),
        ("List-Id", m.list_id),
    ):
        field(name, value)
    field("Phone signature", m.mobile_signature)
    parts: list[RenderableType] = [Text(f"Message {m.id}", style="bold"), head]
    if m.attachments:
        parts.append(Text("Attachments", style="bold"))
        parts.extend(_attachment_line(a) for a in m.attachments)
    if m.parse_error:
        parts.append(Text("Parse error: ", style="bold red") + _cell(m.parse_error))
    parts.append(Rule("New text", align="left"))
    parts.append(Text(for_display(m.new_text) or "(nothing new in this message)"))
    if m.body_text != m.new_text:
        parts.append(Rule("Full text", align="left"))
        parts.append(Text(for_display(m.body_text)))
    return Group(*parts)


def _attachment_line(a: Attachment) -> Text:
    kind = f"{a.content_type}, {human_size(a.size)}" + (", inline" if a.inline else "")
    return Text("  ") + _cell(a.filename) + Text(f"  ({kind})", style="dim")


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB"):
        if value < 1024 or unit == "MB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def stats_view(stats: Stats, zone: tzinfo | None, width: int) -> Group:
    """Totals, a bar per day, the busiest sender domains, labels."""
    t = stats.totals
    if not t.messages:
        return Group(Text(NOTHING_YET))
    summary = Text.assemble(
        (f"{t.messages}", "bold"),
        " messages from ",
        (f"{t.senders}", "bold"),
        " senders, ",
        format_local(t.first_date, zone),
        " to ",
        format_local(t.last_date, zone),
        "; ",
        (f"{t.parse_errors} parse errors", "red" if t.parse_errors else ""),
    )
    parts: list[RenderableType] = [summary]
    parts.append(_bars("Messages per day", stats.by_day, width))
    parts.append(_bars("Top sender domains", stats.by_domain, width))
    if stats.by_label:
        parts.append(_bars("Labels", stats.by_label, width))
    return Group(*parts)


def _bars(title: str, counts: list, width: int) -> Table:
    table = Table(title=title, title_justify="left", box=None, show_header=False)
    table.add_column(no_wrap=True, overflow="ellipsis", max_width=30)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    top = max((c.count for c in counts), default=1) or 1
    room = max(10, width - 45)
    for c in counts:
        table.add_row(_cell(c.key), str(c.count), _BAR * max(1, c.count * room // top))
    return table


def import_summary(result: ImportResult, seconds: float) -> str:
    rate = f", {result.seen / seconds:,.0f} messages/s" if seconds > 0.5 else ""
    return (
        f"{result.new} new, {result.present} already present, "
        f"{result.failed} failed to parse ({seconds:.1f} s{rate})"
    )
