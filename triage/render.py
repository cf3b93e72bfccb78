"""Rich renderings of reports for a terminal: tables, a message, stats.

A presentation module beside `cli.py` (core modules never import rich). Every piece of
untrusted text goes through `text.for_display` and into a `rich.text.Text`, and the
console is built with markup, emoji codes and highlighting off: a subject such as
"[bold]x[/]" or one carrying an escape sequence is printed as the characters it is.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING, TextIO

from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from triage.dates import format_local
from triage.records import Attachment, ImportResult, Message
from triage.text import for_display

if TYPE_CHECKING:  # only annotations: `list` and `show` need no IMAP modules
    from triage.accounts import AccountCheck
    from triage.rules.engine import Outcome
    from triage.sync import AccountReport, SyncReport

_BAR = "█"
NOTHING_YET = "No messages yet: run `triage import PATH` or `triage demo`."


class _Console(Console):
    """Rich's console, but a closed pipe is the caller's to handle.

    Rich exits with status 1 by itself when the reader of a pipe goes away
    (`triage demo | head`); the CLI treats that as a normal end.
    """

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


def make_console(file: TextIO | None = None, *, stderr: bool = False) -> Console:
    """A console that never interprets text: no markup, emoji codes or highlighting."""
    return _Console(
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
    rows = [
        _Row(
            id=str(m.id),
            date=format_local(m.date, zone) or "?",
            sender=for_display(
                m.from_name or m.from_addr or "(unknown sender)", single_line=True
            ),
            subject=for_display(
                m.subject
                or ("(unparsed message)" if m.parse_error else "(no subject)"),
                single_line=True,
            ),
            labels=for_display(", ".join(m.labels), single_line=True),
            flags=_flags(m),
            failed=bool(m.parse_error),
        )
        for m in messages
    ]
    id_width = max([len("ID")] + [len(r.id) for r in rows])
    labels_width = min(24, max([0] + [len(r.labels) for r in rows]))
    if labels_width:
        labels_width = max(labels_width, len("Labels"))
    flags_width = max([0] + [len(r.flags) for r in rows])
    date_width = 16
    fixed = [id_width, date_width, labels_width, flags_width]
    columns = 2 + sum(1 for w in fixed[2:] if w) + 2  # ID, Date, others, From, Subject
    room = width - sum(fixed) - 2 * columns
    show_sender = room >= 18  # below that the subject matters more than the sender
    if not show_sender:
        room += 2
    if room < 10:  # a very narrow terminal: drop the year
        date_width = 11
        room += 5
    longest_sender = max([len("From")] + [len(r.sender) for r in rows])
    sender_width = min(longest_sender, max(8, room // 3)) if show_sender else 0
    subject_width = max(10, room - sender_width)

    table = Table(box=None, header_style="bold", pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column("ID", justify="right", width=id_width, no_wrap=True)
    table.add_column("Date", width=date_width, no_wrap=True)
    if show_sender:
        table.add_column("From", width=sender_width)
    table.add_column("Subject", width=subject_width)
    if labels_width:
        table.add_column("Labels", width=labels_width)
    if flags_width:
        table.add_column("", width=flags_width)  # ! parse error, @ attachment
    for r in rows:
        cells: list[str | Text] = [r.id, r.date[-date_width:]]
        if show_sender:
            cells.append(_line(r.sender))
        cells.append(_line(r.subject, "red" if r.failed else ""))
        if labels_width:
            cells.append(_line(r.labels, "cyan"))
        if flags_width:
            cells.append(r.flags)
        table.add_row(*cells)
    return table


@dataclass(frozen=True, slots=True)
class _Row:
    id: str
    date: str
    sender: str
    subject: str
    labels: str
    flags: str
    failed: bool


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
    field("Folder", m.folder + ("  (expunged on the server)" if m.expunged else ""))
    field("Flags", " ".join(m.flags))
    for detail in m.label_details:
        why = "set by hand" if detail.source == "manual" else detail.reason or ""
        field(f"Label {detail.label}", why or "-")
    for label, rule in m.suppressed:
        field(f"Not {label}", f"kept off by rule {rule}")
    if m.language or m.tone is not None:
        field("Language, tone", f"{m.language or '?'}, {m.tone}")
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


def import_summary(result: ImportResult, seconds: float) -> str:
    rate = f", {result.seen / seconds:,.0f} messages/s" if seconds > 0.5 else ""
    return (
        f"{result.new} new, {result.present} already present, "
        f"{result.failed} failed to parse ({seconds:.1f} s{rate})"
    )


def sync_summary(report: "SyncReport") -> list[str]:
    """One line per account: what the sync did, or (dry run) would do."""
    lines = []
    for account in report.accounts:
        name = for_display(account.account, single_line=True)
        if report.dry_run:
            lines += _plan_lines(name, account)
            continue
        if account.error_code is not None:
            continue  # said on stderr
        fetched = account.total("present")
        also = f" ({fetched} already stored)" if fetched else ""
        failed = account.total("failed")
        broken = f", {failed} unreadable (stored raw)" if failed else ""
        keywords = account.total("keywords")
        labelled = (
            f", label keywords written on {_plural(keywords, 'message')}"
            if keywords
            else ""
        )
        lines.append(
            f"{name}: {account.total('new')} new{also}{broken}, "
            f"{account.total('changed')} changed, "
            f"{account.total('expunged')} expunged{labelled} "
            f"({account.seconds:.1f} s)"
        )
        lines += _warning_lines(name, account)
    return lines


def _warning_lines(name: str, account: "AccountReport") -> list[str]:
    """What a folder did without (keywords the server will not keep): one line each."""
    return [
        f"{name}/{for_display(f.folder, single_line=True)}: warning: "
        f"{for_display(f.warning, single_line=True)}"
        for f in account.folders
        if f.warning
    ]


def _plan_lines(name: str, account: "AccountReport") -> list[str]:
    lines = []
    for f in account.folders:
        if f.error:
            continue
        folder = for_display(f.folder, single_line=True)
        reset = " (new UIDVALIDITY: all UIDs change)" if f.uidvalidity_changed else ""
        labelled = (
            f", write label keywords on {_plural(f.keywords, 'message')}"
            if f.keywords
            else ""
        )
        lines.append(
            f"{name}/{folder}: would fetch {_plural(f.new, 'message')} "
            f"({human_size(f.new_bytes)}), update flags of {f.changed}, "
            f"mark {f.expunged} expunged{labelled}{reset}"
        )
    return lines


def sync_problems(report: "SyncReport") -> list[str]:
    """What went wrong, one line each, for stderr."""
    problems = []
    for account in report.accounts:
        name = for_display(account.account, single_line=True)
        if account.error:
            problems.append(f"{name}: {for_display(account.error, single_line=True)}")
        for f in account.failed_folders:
            problems.append(
                f"{name}/{for_display(f.folder, single_line=True)}: "
                f"{for_display(f.error or '', single_line=True)}"
            )
    if report.log_error:
        problems.append(report.log_error)
    return problems


def accounts_table(checks: Sequence["AccountCheck"]) -> Table:
    """Configured accounts, one row each."""
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("account", "server", "user", "tls", "folders", "password"):
        table.add_column(column)
    for c in checks:
        a = c.account
        table.add_row(
            _cell(a.name),
            _cell(f"{a.host}:{a.port}"),
            _cell(a.user),
            _cell(str(a.tls)),
            _cell(", ".join(a.folders)),
            _cell(c.password_source),
        )
    return table


def account_checks_view(checks: Sequence["AccountCheck"]) -> Group:
    """`accounts --check`: a block per account, what its server said."""
    parts: list[RenderableType] = []
    for c in checks:
        a = c.account
        parts.append(
            Text(a.name, style="bold")
            + Text("  ")
            + _cell(f"{a.user} at {a.host}:{a.port} ({a.tls})")
            + Text(f", password from {c.password_source}")
        )
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column()
        if c.error:
            error = for_display(c.error, single_line=True)
            grid.add_row("  login", Text(f"failed: {error}", style="red"))
        else:
            grid.add_row("  login", Text("ok", style="green"))
            caps = (
                " ".join(c.capabilities)
                or "none (no CONDSTORE: each sync reads all flags)"
            )
            grid.add_row("  capabilities", _cell(caps))
            grid.add_row("  drafts", _cell(c.drafts or "none found (set drafts)"))
            for f in c.folders:
                name = Text("  ") + _cell(f.name)
                if f.error:
                    error = for_display(f.error, single_line=True)
                    grid.add_row(name, Text(error, style="red"))
                else:
                    counts = f"{_plural(f.messages or 0, 'message')}, {f.unseen} unseen"
                    grid.add_row(name, Text(counts))
        parts.append(grid)
    return Group(*parts)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def relabel_view(outcome: "Outcome", *, dry_run: bool) -> Group:
    """Labels gained (+) and lost (-) per rule, with example messages."""
    changed = sum(c.count for c in outcome.changes)
    verb = "would change" if dry_run else "changed"
    head = f"{_plural(outcome.messages, 'message')} checked: {verb} " + (
        f"{_plural(changed, 'label')}" if changed else "nothing"
    )
    if dry_run:
        head += " (dry run: nothing written)"
    parts: list[RenderableType] = [Text(head)]
    label_width = max((len(c.label) for c in outcome.changes), default=0)
    rule_width = max((len(c.rule) for c in outcome.changes), default=0)
    for c in outcome.changes:
        line = Text(f"{c.sign} ", style="green" if c.sign == "+" else "red")
        line += _cell(c.label) + Text(" " * (label_width - len(c.label) + 2))
        line += _cell(c.rule) + Text(" " * (rule_width - len(c.rule)))
        line += Text(f"  {c.count:>6}")
        parts.append(line)
        for message_id, subject in c.examples:
            parts.append(Text(f"    {message_id:>6}  ") + _cell(subject, "dim"))
    return Group(*parts)


def rules_table(rows: Sequence[dict[str, object]]) -> Table:
    """`triage rules`: each rule, what it gives or suppresses, how many messages."""
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("rule", "kind", "gives", "messages", "description"):
        table.add_column(column, justify="right" if column == "messages" else "left")
    for row in rows:
        gives = ", ".join(row["labels"])  # type: ignore[arg-type]
        suppressed = ", ".join(row["suppresses"])  # type: ignore[arg-type]
        if suppressed:
            gives = f"{gives} (suppresses {suppressed})".strip()
        table.add_row(
            _cell(str(row["rule"])),
            _cell(str(row["kind"])),
            Text(for_display(gives, single_line=True)),
            str(row["messages"]),
            Text(for_display(str(row["description"]), single_line=True)),
        )
    return table
