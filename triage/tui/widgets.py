"""The review's widgets: the case queue, one case as a conversation, the header.

Every piece of untrusted text (subjects, names, bodies, notes) goes through
`text.for_display` into a `rich.text.Text` or a `Static(..., markup=False)`:
Textual parses plain strings as markup in table cells, so none is ever passed one.

A queue can hold tens of thousands of cases and a case hundreds of messages, and
Textual pays for every row and widget it holds (~60 µs a table row, ~0.3 ms a
widget, measured by bench/bench_review.py): the table takes rows a page ahead of
where the agent is, and a case shows its first screens at once and the rest of its
messages right after that frame is drawn.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalGroup, VerticalScroll
from textual.coordinate import Coordinate
from textual.geometry import Size
from textual.message import Message as TextualMessage
from textual.widgets import DataTable, Static

from triage.cases.queue import CaseDetail, CaseQueue
from triage.dates import format_local
from triage.records import Case, Message
from triage.render_cases import priority_parts, waited
from triage.text import for_display

# A message longer than this is cut on screen (the rest: `triage show --message`):
# a 1 MB line would otherwise cost seconds to wrap at every redraw. A subject or
# a name is cut much shorter: it has one line.
MAX_SHOWN_CHARS = 20_000
MAX_LINE_CHARS = 300
# Rows the queue holds beyond the cursor, added ROWS_CHUNK at a time while the
# agent reads (and at once when she gets near the end of those held); all of them
# before the last row is asked for.
ROWS_AHEAD = 200
ROWS_CHUNK = 40
SUBJECT_MIN = 24
# Messages of a case drawn in its first frame: enough for this many screens.
FIRST_SCREENS = 1


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

    # Columns in order; the widths are the terminal's (`_widths`).
    COLUMNS = ("Score", "Wait", "Customer", "Subject", "Msgs", "Labels")

    _cases: CaseQueue | None = None  # shown, or to be as the agent moves down
    _widths_now: tuple[int, ...] = ()

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self._add_columns(_widths(self.size.width or 80))

    def on_resize(self, event: events.Resize) -> None:
        """Columns fitted to the new width, the subject taking what is left."""
        widths = _widths(event.size.width)
        if widths == self._widths_now:
            return
        keep = self.case_at_cursor()
        self.clear(columns=True)
        self._add_columns(widths)
        if self._cases is not None:
            self.show(self._cases, keep)

    def _add_columns(self, widths: tuple[int, ...]) -> None:
        self._widths_now = widths
        for name, width in zip(self.COLUMNS, widths, strict=True):
            self.add_column(name, key=name, width=width)

    def case_at_cursor(self) -> int | None:
        if not self.row_count:
            return None
        row = self.coordinate_to_cell_key(Coordinate(self.cursor_row, 0)).row_key
        return int(row.value) if row.value is not None else None

    def show(self, cases: CaseQueue, keep: int | None) -> None:
        """Fill the table; the cursor stays on case `keep` if it is still listed.

        Only the rows down to a screen below the cursor are added now (each may
        cost settling its case: see CaseQueue); `fill_ahead` adds the rest later.
        """
        self._cases = None
        self.clear()
        self._cases = cases
        at = cases.find(keep)
        self._add_rows((at or 0) + self._page())
        if at is not None:
            self.move_cursor(row=at)

    def sync(self, cases: CaseQueue, keep: int | None, changed: set[int]) -> None:
        """The table after this app changed `changed` cases (CaseQueue.update):
        the rows of those that left are removed and the others redrawn in place,
        as long as the rows held are still in the queue's order (a case that left,
        was answered, closed, snoozed); otherwise it is filled again."""
        self._cases = cases
        for case_id in changed:
            if str(case_id) in self.rows and cases.find(case_id) is None:
                self.remove_row(str(case_id))
        held = [row.key.value for row in self.ordered_rows]
        if held != [str(c.facts.id) for c in cases[: len(held)]]:
            self.show(cases, keep)
            return
        for case_id in changed:
            at = cases.find(case_id)
            # A case past the rows held (noise back at the end) gets its row when
            # the table fills ahead.
            if at is not None and str(case_id) in self.rows:
                for column, cell in zip(self.COLUMNS, _cells(cases[at]), strict=True):
                    self.update_cell(str(case_id), column, cell)
        at = cases.find(keep)
        if at is not None:
            self.move_cursor(row=at)

    def forget(self) -> None:
        """Let go of the cases; the rows shown stay."""
        self._cases = None

    def fill_ahead(self) -> bool:
        """Add a few rows toward ROWS_AHEAD past the cursor, as work for idle
        time; whether more are wanted."""
        if self._cases is None:
            return False
        wanted = min(len(self._cases), self.cursor_row + ROWS_AHEAD)
        if self.row_count >= wanted:
            return False
        self._add_rows(min(wanted, self.row_count + ROWS_CHUNK))
        return self.row_count < wanted

    def _page(self) -> int:
        return max(self.size.height, 24)

    def _add_rows(self, upto: int) -> None:
        """Rows for the cases up to `upto` (not included), if not there yet."""
        if self._cases is None:
            return
        for c in self._cases[self.row_count : upto]:
            self.add_row(*_cells(c), key=str(c.facts.id))

    def _near(self, row: int) -> None:
        """Rows past `row` enough for a screen, when it comes near the end."""
        if row + self._page() >= self.row_count:
            self._add_rows(row + self._page() + ROWS_CHUNK)

    def move_cursor(
        self,
        *,
        row: int | None = None,
        column: int | None = None,
        animate: bool = False,
        scroll: bool = True,
    ) -> None:
        if row is not None:
            self._near(row)
        super().move_cursor(row=row, column=column, animate=animate, scroll=scroll)

    def action_cursor_down(self) -> None:
        self._near(self.cursor_row + 1)
        super().action_cursor_down()

    def action_scroll_bottom(self) -> None:
        if self._cases is not None:
            self._add_rows(len(self._cases))
        super().action_scroll_bottom()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._near(int(new_value) + self.size.height)


def _cells(c: Case) -> tuple[Text, ...]:
    """A case's row: score, wait, customer, subject, messages, labels."""
    f = c.facts
    return (
        Text("-" if c.priority.noise else str(c.priority.score), justify="right"),
        Text(waited(c.priority.waited_hours), justify="right"),
        safe(f.name or f.customer, single_line=True),
        safe(
            f.subject or "(no subject)",
            single_line=True,
            style="bold" if c.escalating else "",
        ),
        Text(str(len(f.message_ids)), justify="right"),
        Text(", ".join(f.labels), style="cyan"),
    )


def _widths(total: int) -> tuple[int, ...]:
    """Column widths for a table `total` cells wide: score, wait and count fixed,
    customer and labels a quarter each of the rest (within bounds), and the subject
    what is left, at least SUBJECT_MIN, taken from the labels first."""
    room = total - 2 - 2 * len(QueueTable.COLUMNS)  # the scrollbar; cell padding
    rest = room - (5 + 6 + 4)
    customer = max(10, min(22, rest // 4))
    labels = max(0, min(30, rest // 4))
    labels = max(0, labels - max(0, SUBJECT_MIN - (rest - customer - labels)))
    subject = max(SUBJECT_MIN, rest - customer - labels)
    return (5, 6, customer, subject, 4, labels)


class MessageBlock(Vertical):
    """One message of the conversation: who and when, labels, new text, the quoted
    rest folded until asked for.

    Its parts are made at once rather than composed on mount, and lines of a kind
    (labels, attachments) share one widget: a case of 100 messages mounts a few
    hundred widgets, not a thousand.
    """

    def __init__(self, m: Message, zone: tzinfo | None) -> None:
        super().__init__(*_message_parts(m, zone), classes="message")
        self.message = m
        self.zone = zone


def _message_parts(m: Message, zone: tzinfo | None) -> list[Static]:
    sender = m.from_name or m.from_addr or "(unknown sender)"
    title = f"#{m.id} · {format_local(m.date, zone) or '?'} · "
    parts = [
        Static(
            Text(title, style="bold") + safe(sender, single_line=True, style="bold"),
            classes="message-title",
        )
    ]
    # One line a label, wholly cyan (the Text's own style, as one Static a line had).
    labels = []
    for detail in m.label_details:
        why = "set by hand" if detail.source == "manual" else detail.reason or ""
        line = safe(why, single_line=True).plain if why else ""
        labels.append(f"{detail.label}: {line}" if why else detail.label)
    if labels:
        parts.append(
            Static(Text("\n".join(labels), style="cyan"), classes="message-label")
        )
    if m.parse_error:
        parts.append(
            Static(
                Text("Parse error: ", style="bold red")
                + safe(m.parse_error, single_line=True)
            )
        )
    parts.append(
        Static(
            clipped(m.new_text, m.id) if m.new_text else Text("(nothing new)", "dim"),
            classes="message-text",
        )
    )
    attached = [
        "Attached: " + safe(a.filename, single_line=True).plain
        for a in m.attachments
        if not a.inline
    ]
    if attached:
        parts.append(Static(Text("\n".join(attached), style="dim")))
    quoted = _quoted_part(m)
    if quoted:
        lines = quoted.count("\n") + 1
        parts.append(
            Static(
                Text(f"▸ {lines} quoted lines (e to show)", style="dim"),
                classes="quoted-fold",
            )
        )
        parts.append(Static(clipped(quoted, m.id), classes="quoted"))
    return parts


def _height(m: Message, width: int) -> int:
    """About how many lines a message takes folded (long lines wrap)."""
    text = m.new_text[:MAX_SHOWN_CHARS] or " "
    lines = sum(1 + len(line) // width for line in text.split("\n"))
    return 3 + len(m.label_details) + len(m.attachments) + lines


def _quoted_part(m: Message) -> str:
    """What the body holds besides the new text: quotes, signatures, history."""
    if m.body_text == m.new_text or not m.body_text.strip():
        return ""
    start = m.body_text.find(m.new_text) if m.new_text else -1
    if start < 0:
        return m.body_text
    rest = m.body_text[:start] + m.body_text[start + len(m.new_text) :]
    return rest.strip("\n")


@dataclass(frozen=True, slots=True)
class CasePage:
    """A case made into widgets, not mounted yet: its first screens, and the
    messages that follow them once they are drawn."""

    detail: CaseDetail
    page: VerticalGroup
    rest: Sequence[Message]
    zone: tzinfo | None


class CaseView(VerticalScroll):
    """The current case: facts, priority, digest and notes, then every message in
    date order."""

    class Drawn(TextualMessage):
        """A case's first screens are on screen: time for work that can wait."""

    _shown = 0  # cases shown so far: the rest of a case is mounted if still shown

    def prepare(self, detail: CaseDetail, zone: tzinfo | None) -> CasePage:
        """The case as widgets, its first screens of messages only."""
        messages, summary = detail.messages, _summary(detail, zone)
        size = self.size if self.size else self.app.size
        first = _first_screens(messages, size, summary.plain.count("\n") + 2)
        page = VerticalGroup(
            Static(summary, classes="case-summary"),
            *(MessageBlock(m, zone) for m in messages[:first]),
        )
        return CasePage(detail, page, messages[first:], zone)

    def show(
        self,
        detail: CaseDetail | None,
        zone: tzinfo | None,
        prepared: CasePage | None = None,
    ) -> None:
        """Mount the case (or its page `prepared` beforehand), its first screens at
        once; `Drawn` follows once they are on screen, and the rest of the
        messages then.

        Each case is one page (a VerticalGroup): the one left is hidden at once and
        taken down once the new one is drawn, as that costs as much as mounting.
        """
        self._shown += 1
        for page in self.children:
            page.display = False
        if detail is None:
            page = VerticalGroup(Static(Text("No case selected.", style="dim")))
            self.mount(page)
            self.call_after_refresh(self._when_drawn, self._shown, page, [], zone)
            return
        if prepared is None or prepared.detail is not detail:
            prepared = self.prepare(detail, zone)
        self.mount(prepared.page)
        self.call_after_refresh(
            self._when_drawn, self._shown, prepared.page, prepared.rest, zone
        )
        self.scroll_home(animate=False)

    def _when_drawn(
        self,
        shown: int,
        page: VerticalGroup,
        rest: Sequence[Message],
        zone: tzinfo | None,
    ) -> None:
        if shown != self._shown:
            return  # another case came meanwhile
        if not page.region:  # not laid out yet: after the next frame
            self.call_after_refresh(self._when_drawn, shown, page, rest, zone)
            return
        self.remove_children([w for w in self.children if w is not page])
        if rest:
            page.mount_all([MessageBlock(m, zone) for m in rest])
        self.post_message(self.Drawn())

    def toggle_quoted(self) -> None:
        self.toggle_class("expanded")


def _first_screens(messages: Sequence[Message], size: Size, lines: int) -> int:
    """How many messages fill the first FIRST_SCREENS screens of the case view,
    below `lines` of summary."""
    wanted, width = FIRST_SCREENS * size.height, max(20, size.width - 4)
    for n, m in enumerate(messages, 1):
        lines += _height(m, width)
        if lines >= wanted:
            return n
    return len(messages)


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
