"""The stats report as the terminal shows it: a summary line, a bar chart of the
days, and a small table a section.

Beside `render.py` and bound by the same rule: customer names and addresses go
through `text.for_display` into a `rich.text.Text`, printed by a console that
interprets nothing. Bars are drawn with block characters, and their length is what
carries the figure, so they read the same without colour.
"""

from collections.abc import Sequence
from datetime import timedelta, tzinfo

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from triage.dates import format_local, to_utc_iso
from triage.render_cases import waited
from triage.stats import Bucket, OpenCase, Report
from triage.text import for_display

NOTHING_YET = (
    "Nothing yet: no messages stored. Run `triage import PATH` or `triage demo`."
)
_BAR = "█"
_HALF = "▌"


def stats_view(report: Report, width: int) -> RenderableType:
    """Every section asked for, one after another."""
    if report.empty:
        return Text(NOTHING_YET)
    zone = report.period.zone
    parts: list[RenderableType] = []
    for section in report.asked:
        part = _SECTIONS[section](report, width, zone)
        if part is not None:
            parts += [part, Text("")]
    return Group(*parts)


def _totals(report: Report, width: int, zone: tzinfo | None) -> RenderableType | None:
    t = report.totals or {}
    p = report.period
    return Text.assemble(
        format_local(to_utc_iso(p.since), zone)[:10],
        " to ",
        # The last day in it: the end is excluded.
        format_local(to_utc_iso(p.until - timedelta(seconds=1)), zone)[:10],
        ": ",
        (f"{t['messages']:,}", "bold"),
        " messages, ",
        (f"{t['customers']:,}", "bold"),
        " customers, ",
        (f"{t['cases']:,}", "bold"),
        " cases\n",
        (f"{t['open_cases']:,}", "bold"),
        " open now · ",
        (f"{t['parse_errors']}", "bold red" if t["parse_errors"] else ""),
        " parse errors",
    )


def _daily(report: Report, width: int, zone: tzinfo | None) -> RenderableType | None:
    days = report.daily or []
    table = _table("Per day")
    table.show_header = True
    table.add_column("Day", no_wrap=True)
    table.add_column("Messages", justify="right", no_wrap=True)
    table.add_column("New cases", justify="right", no_wrap=True)
    table.add_column("Answered", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    top = max((d.messages for d in days), default=0)
    room = max(10, width - 45)
    for d in days:
        table.add_row(
            d.day,
            f"{d.messages:,}",
            str(d.new_cases),
            str(d.answered),
            _bar(d.messages, top, room),
        )
    return table


def _buckets(title: str, counts: Sequence[Bucket], width: int) -> Table:
    table = _table(title)
    table.add_column(no_wrap=True, overflow="ellipsis", max_width=30)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    top = max((c.count for c in counts), default=0)
    room = max(10, width - 45)
    for c in counts:
        table.add_row(
            Text(for_display(c.key, single_line=True)),
            f"{c.count:,}",
            _bar(c.count, top, room),
        )
    if not counts:
        table.add_row(Text("(none)", style="dim"), "", "")
    return table


def _labels(report: Report, width: int, zone: tzinfo | None) -> RenderableType | None:
    return _buckets("Open cases by label", report.labels or [], width)


def _states(report: Report, width: int, zone: tzinfo | None) -> RenderableType | None:
    return _buckets("Cases by state", report.states or [], width)


def _waits(report: Report, width: int, zone: tzinfo | None) -> RenderableType | None:
    return _buckets("Open cases by wait", report.waits or [], width)


def _sizes(report: Report, width: int, zone: tzinfo | None) -> RenderableType | None:
    return _buckets("Cases by messages", report.sizes or [], width)


def _domains(report: Report, width: int, zone: tzinfo | None) -> RenderableType | None:
    return _buckets("Top sender domains", report.domains or [], width)


def _senders(report: Report, width: int, zone: tzinfo | None) -> RenderableType | None:
    table = _table("Customers who wrote most")
    table.add_column("Customer", no_wrap=True, overflow="ellipsis", max_width=36)
    table.add_column("Name", no_wrap=True, overflow="ellipsis", max_width=24)
    table.add_column("Msgs", justify="right", no_wrap=True)
    table.add_column("Escalating", justify="right", no_wrap=True)
    table.add_column("Latest", no_wrap=True)
    table.show_header = True
    for s in report.senders or []:
        table.add_row(
            Text(for_display(s.customer, single_line=True)),
            Text(for_display(s.name, single_line=True)),
            f"{s.messages:,}",
            Text(str(s.escalating), style="bold red" if s.escalating else "dim"),
            format_local(s.last_date, zone),
        )
    return table


def _answers(report: Report, width: int, zone: tzinfo | None) -> RenderableType | None:
    a = report.answers or {}
    median = a.get("median_hours_to_answer")
    return Text.assemble(
        "Answered: ",
        (f"{a.get('answered', 0):,}", "bold"),
        " cases; median time from the first message to the answer: ",
        (f"{median} h" if median is not None else "-", "bold"),
    )


def _errors(report: Report, width: int, zone: tzinfo | None) -> RenderableType | None:
    lines = [
        Text.assemble(
            "Parse errors: ",
            (f"{report.error_count:,}", "bold red" if report.error_count else "bold"),
            " (stored raw; `triage list --errors`)" if report.error_count else "",
        )
    ]
    for e in report.errors or []:
        lines.append(
            Text(f"  #{e.id} {format_local(e.date, zone) or '?'}  ")
            + Text(for_display(e.error, single_line=True)[:200], style="dim")
        )
    return Group(*lines)


def _cases(title: str, cases: Sequence[OpenCase], zone: tzinfo | None) -> Table:
    table = _table(title)
    table.show_header = True
    table.add_column("ID", justify="right", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Waiting", justify="right", no_wrap=True)
    table.add_column("Customer", no_wrap=True, overflow="ellipsis", max_width=24)
    table.add_column("Subject", no_wrap=True, overflow="ellipsis", max_width=40)
    for c in cases:
        table.add_row(
            str(c.id),
            str(c.score),
            waited(c.waited_hours),
            Text(for_display(c.name or c.customer, single_line=True)),
            Text(for_display(c.subject, single_line=True)),
        )
    if not cases:
        table.add_row("", "", "", Text("(none)", style="dim"), "")
    return table


def _escalations(report: Report, width: int, zone: tzinfo | None) -> RenderableType:
    return _cases("Escalating, open", report.escalations or [], zone)


def _oldest(report: Report, width: int, zone: tzinfo | None) -> RenderableType:
    return _cases("Waiting longest", report.oldest or [], zone)


def _noise(report: Report, width: int, zone: tzinfo | None) -> RenderableType:
    return _buckets(
        "Noise set aside (open; N in the review closes it)", report.noise or [], width
    )


def _table(title: str) -> Table:
    return Table(
        title=title, title_justify="left", box=None, show_header=False, pad_edge=False
    )


def _bar(count: int, top: int, room: int) -> str:
    """A bar `room` cells long at `top`, in half cells; a non-zero count shows."""
    if not count or not top:
        return ""
    halves = max(1, round(2 * room * count / top))
    return _BAR * (halves // 2) + (_HALF if halves % 2 else "")


_SECTIONS = {
    "totals": _totals,
    "daily": _daily,
    "labels": _labels,
    "states": _states,
    "waits": _waits,
    "senders": _senders,
    "sizes": _sizes,
    "answers": _answers,
    "errors": _errors,
    "domains": _domains,
    "escalations": _escalations,
    "oldest": _oldest,
    "noise": _noise,
}
