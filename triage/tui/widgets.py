"""The review's widgets: the case queue, one case as a conversation, the header.

Every piece of untrusted text (subjects, names, bodies, notes) goes through
`text.for_display` into a `rich.text.Text` or a `Static(..., markup=False)`:
Textual parses plain strings as markup in table cells, so none is ever passed one.
"""

from collections.abc import Sequence
from datetime import tzinfo
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from triage.cases.queue import CaseDetail
from triage.dates import format_local
from triage.records import Case, Message
from triage.render_cases import priority_parts, waited
from triage.text import for_display

# A message longer than this is cut on screen (the rest: `triage show --message`):
# a 1 MB line would otherwise cost seconds to wrap at every redraw. A subject or
# a name is cut much shorter: it has one line.
MAX_SHOWN_CHARS = 20_000
MAX_LINE_CHARS = 300


def safe(text: str | None, *, single_line: bool = False, style: str = "") -> Text:
    """Untrusted text as inert rich Text: escapes shown, markup never read."""
    text = text or ""
    if single_line and len(text) > MAX_LINE_CHARS:
        text = text[:MAX_LINE_CHARS] + "…"
    return Text(for_display(text, single_line=single_line), style=style)


def clipped(text: str, message_id: int) -> Text:
    if len(text) <= MAX_SHOWN_CHARS:
        return safe(text)
    rest = len(text) - MAX_SHOWN_CHARS
    return safe(text[:MAX_SHOWN_CHARS]) + Text(
        f"\n[… {rest:,} more characters: triage show --message {message_id}]",
        style="dim",
    )


class QueueTable(DataTable[Text], inherit_bindings=False):
    """The cases, one row each, in the order to answer them.

    Page keys scroll the case, not the queue (the app's bindings): the table keeps
    only the keys that move between cases.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Previous case", show=False),
        Binding("down", "cursor_down", "Next case", show=False),
        Binding("home", "scroll_top", "First case", show=False),
        Binding("end", "scroll_bottom", "Last case", show=False),
    ]

    # Name and width; the subject takes what the terminal has left.
    COLUMNS = (
        ("Score", 5),
        ("Wait", 6),
        ("Customer", 18),
        ("Subject", 36),
        ("Msgs", 4),
        ("Labels", 30),
    )

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        for name, width in self.COLUMNS:
            self.add_column(name, key=name, width=width)

    def show(self, cases: Sequence[Case], keep: int | None) -> None:
        """Fill the table; the cursor stays on case `keep` if it is still listed."""
        self.clear()
        for c in cases:
            f = c.facts
            self.add_row(
                Text(
                    "-" if c.priority.noise else str(c.priority.score), justify="right"
                ),
                Text(waited(c.priority.waited_hours), justify="right"),
                safe(f.name or f.customer, single_line=True),
                safe(
                    f.subject or "(no subject)",
                    single_line=True,
                    style="bold" if c.escalating else "",
                ),
                Text(str(len(f.message_ids)), justify="right"),
                Text(", ".join(f.labels), style="cyan"),
                key=str(f.id),
            )
        ids = [c.facts.id for c in cases]
        if keep in ids:
            self.move_cursor(row=ids.index(keep))


class MessageBlock(Vertical):
    """One message of the conversation: who and when, labels, new text, the quoted
    rest folded until asked for."""

    def __init__(self, m: Message, zone: tzinfo | None) -> None:
        super().__init__(classes="message")
        self.message = m
        self.zone = zone

    def compose(self) -> ComposeResult:
        m = self.message
        sender = m.from_name or m.from_addr or "(unknown sender)"
        title = f"#{m.id} · {format_local(m.date, self.zone) or '?'} · "
        yield Static(
            Text(title, style="bold") + safe(sender, single_line=True, style="bold"),
            classes="message-title",
        )
        for detail in m.label_details:
            why = "set by hand" if detail.source == "manual" else detail.reason or ""
            yield Static(
                Text(detail.label, style="cyan")
                + (Text(": ") + safe(why, single_line=True) if why else Text("")),
                classes="message-label",
            )
        if m.parse_error:
            yield Static(
                Text("Parse error: ", style="bold red")
                + safe(m.parse_error, single_line=True)
            )
        yield Static(
            clipped(m.new_text, m.id) if m.new_text else Text("(nothing new)", "dim"),
            classes="message-text",
        )
        for a in m.attachments:
            if not a.inline:
                yield Static(
                    Text("Attached: ", style="dim") + safe(a.filename, single_line=True)
                )
        quoted = _quoted_part(m)
        if quoted:
            lines = quoted.count("\n") + 1
            yield Static(
                Text(f"▸ {lines} quoted lines (e to show)", style="dim"),
                classes="quoted-fold",
            )
            yield Static(clipped(quoted, m.id), classes="quoted")


def _quoted_part(m: Message) -> str:
    """What the body holds besides the new text: quotes, signatures, history."""
    if m.body_text == m.new_text or not m.body_text.strip():
        return ""
    start = m.body_text.find(m.new_text) if m.new_text else -1
    if start < 0:
        return m.body_text
    rest = m.body_text[:start] + m.body_text[start + len(m.new_text) :]
    return rest.strip("\n")


class CaseView(VerticalScroll):
    """The current case: facts, priority, digest and notes, then every message in
    date order."""

    def show(self, detail: CaseDetail | None, zone: tzinfo | None) -> None:
        self.remove_children()
        if detail is None:
            self.mount(Static(Text("No case selected.", style="dim")))
            return
        self.mount(Static(_summary(detail, zone), classes="case-summary"))
        for m in detail.messages:
            self.mount(MessageBlock(m, zone))
        self.scroll_home(animate=False)

    def toggle_quoted(self) -> None:
        self.toggle_class("expanded")


def _summary(detail: CaseDetail, zone: tzinfo | None) -> Text:
    c, f, d = detail.case, detail.case.facts, detail.digest
    who = f"{f.name} <{f.customer}>" if f.name else f.customer
    out = Text(f"Case {f.id} · {c.state} · ", style="bold") + safe(
        who, single_line=True, style="bold"
    )
    out += Text("\n") + safe(f.subject or "(no subject)", single_line=True)
    out += Text(f"\nPriority {priority_parts(c.priority)}")
    if f.waiting_since:
        out += Text(
            f" · waiting since {format_local(f.waiting_since, zone)}, "
            f"{f.unanswered} unanswered"
        )
    for mention in d.identifiers:
        out += Text(f"\n{mention.kind.capitalize():9}", style="bold") + safe(
            mention.value, single_line=True
        )
    if d.code_kinds:
        out += Text("\nCode     ", style="bold") + safe(", ".join(d.code_kinds))
    for n, q in enumerate(d.questions):
        head = "Asks     " if n == 0 else "         "
        times = f", {q.times} times" if q.times > 1 else ""
        when = format_local(q.first_asked, zone)[:10]
        out += Text(f"\n{head}", style="bold") + safe(q.text, single_line=True)
        out += Text(f"  ({when}{times})", style="dim")
    for missing in d.missing:
        out += Text("\nAsk back ", style="bold yellow") + Text(missing, style="yellow")
    for a in d.attachments:
        out += Text("\nAttached ", style="bold") + safe(a.filename, single_line=True)
    for note in detail.notes:
        out += Text("\nNote     ", style="bold") + safe(note.text, single_line=True)
    return out
