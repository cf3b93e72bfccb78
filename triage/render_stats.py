"""The stats report as the terminal shows it: a summary line, a bar chart of the
days, and a small table a section.

Beside `render.py` and bound by the same rule: customer names and addresses go
through `text.for_display` into a `rich.text.Text`, printed by a console that
interprets nothing. Bars are drawn with block characters, and their length is what
carries the figure, so they read the same without colour.

Every table fits the width it is given: figures keep their full width, text columns
share what is left (the widest cut first, with an ellipsis), bars take the rest, and
the least needed columns go when even that does not fit.
"""

from collections.abc import Sequence
from datetime import timedelta, tzinfo

from rich.cells import cell_len
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
_GAP = 2  # cells between two columns
_KEY_MAX = 30  # a label, state or domain is cut beyond this
_BAR_MAX = 60  # cells: longer bars only make the table harder to scan


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
    headers = (
        ("Messages", "New cases", "Answered") if width >= 56 else ("Msgs", "New", "Ans")
    )
    rows = [
        (d.day, f"{d.messages:,}", f"{d.new_cases:,}", f"{d.answered:,}") for d in days
    ]
    table = _table("Per day")
    table.show_header = True
    table.add_column("Day", no_wrap=True, width=10)
    used = 10
    for i, header in enumerate(headers, start=1):
        size = _fits([header, *(r[i] for r in rows)])
        table.add_column(header, justify="right", no_wrap=True, width=size)
        used += _GAP + size
    room = min(_BAR_MAX, width - used - _GAP)
    top = max((d.messages for d in days), default=0)
    if room >= 4:
        table.add_column("", no_wrap=True, width=room)
    for d, row in zip(days, rows, strict=True):
        table.add_row(*row, *([_bar(d.messages, top, room)] if room >= 4 else []))
    return table


def _buckets(title: str, counts: Sequence[Bucket], width: int) -> Table:
    keys = [for_display(c.key, single_line=True) for c in counts]
    figures = [f"{c.count:,}" for c in counts]
    number = _fits(figures)
    (key,) = _share(width - _GAP - number, [min(_KEY_MAX, _fits(keys or ["(none)"]))])
    room = min(_BAR_MAX, width - key - number - 2 * _GAP)
    table = _table(title)
    table.add_column(no_wrap=True, overflow="ellipsis", width=key)
    table.add_column(justify="right", no_wrap=True, width=number)
    if room >= 4:
        table.add_column(no_wrap=True, width=room)
    top = max((c.count for c in counts), default=0)
    for c, text, figure in zip(counts, keys, figures, strict=True):
        bar = [_bar(c.count, top, room)] if room >= 4 else []
        table.add_row(Text(text), figure, *bar)
    if not counts:
        table.add_row(Text("(none)", style="dim"), "", *([""] if room >= 4 else []))
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
    senders = report.senders or []
    # Narrow: the latest date without its time, then no name beside the address.
    latest = [format_local(s.last_date, zone) for s in senders]
    if width < 100:
        latest = [stamp[:10] for stamp in latest]
    texts = [
        ("Customer", [for_display(s.customer, single_line=True) for s in senders]),
        ("Name", [for_display(s.name, single_line=True) for s in senders]),
    ]
    if width < 72:
        texts.pop()
    figures = [
        ("Msgs", [f"{s.messages:,}" for s in senders]),
        (
            "Escalating" if width >= 60 else "Esc.",
            [f"{s.escalating:,}" for s in senders],
        ),
        ("Latest", latest),
    ]
    fixed = [_fits([header, *values]) for header, values in figures]
    room = width - sum(fixed) - _GAP * (len(fixed) + len(texts) - 1)
    shared = _share(room, [_fits([h, *values]) for h, values in texts])
    table = _table("Customers who wrote most")
    table.show_header = True
    for (header, _), size in zip(texts, shared, strict=True):
        table.add_column(header, no_wrap=True, overflow="ellipsis", width=size)
    for (header, _), size in zip(figures, fixed, strict=True):
        right = "left" if header == "Latest" else "right"
        table.add_column(header, justify=right, no_wrap=True, width=size)
    for i, s in enumerate(senders):
        table.add_row(
            *(Text(values[i]) for _, values in texts),
            figures[0][1][i],
            Text(figures[1][1][i], style="bold red" if s.escalating else "dim"),
            latest[i],
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


def _cases(title: str, cases: Sequence[OpenCase], width: int) -> Table:
    figures = [
        ("ID", [str(c.id) for c in cases]),
        ("Score", [str(c.score) for c in cases]),
        ("Waiting", [waited(c.waited_hours) for c in cases]),
    ]
    names = [for_display(c.name or c.customer, single_line=True) for c in cases]
    subjects = [for_display(c.subject, single_line=True) for c in cases]
    fixed = [_fits([header, *values]) for header, values in figures]
    room = width - sum(fixed) - _GAP * (len(fixed) + 1)
    name, subject = _share(
        room,
        [min(24, _fits(["Customer", "(none)", *names])), _fits(["Subject", *subjects])],
    )
    table = _table(title)
    table.show_header = True
    for (header, _), size in zip(figures, fixed, strict=True):
        table.add_column(header, justify="right", no_wrap=True, width=size)
    table.add_column("Customer", no_wrap=True, overflow="ellipsis", width=name)
    table.add_column("Subject", no_wrap=True, overflow="ellipsis", width=subject)
    for i in range(len(cases)):
        table.add_row(
            *(values[i] for _, values in figures), Text(names[i]), Text(subjects[i])
        )
    if not cases:
        table.add_row("", "", "", Text("(none)", style="dim"), "")
    return table


def _escalations(report: Report, width: int, zone: tzinfo | None) -> RenderableType:
    return _cases("Escalating, open", report.escalations or [], width)


def _oldest(report: Report, width: int, zone: tzinfo | None) -> RenderableType:
    return _cases("Waiting longest", report.oldest or [], width)


def _noise(report: Report, width: int, zone: tzinfo | None) -> RenderableType:
    return _buckets(
        "Noise set aside (open; N in the review closes it)", report.noise or [], width
    )


def _table(title: str) -> Table:
    return Table(
        title=title, title_justify="left", box=None, show_header=False, pad_edge=False
    )


def _fits(texts: Sequence[str]) -> int:
    """The cells the widest of these takes."""
    return max((cell_len(t) for t in texts), default=0)


def _share(room: int, natural: Sequence[int]) -> list[int]:
    """Widths for text columns that want `natural` cells and have `room` together:
    all they want if it fits, else the widest are cut to a common cap."""
    if sum(natural) <= room:
        return list(natural)
    low, high = 0, max(natural)
    while low < high:  # the largest cap that fits
        cap = (low + high + 1) // 2
        if sum(min(n, cap) for n in natural) <= room:
            low = cap
        else:
            high = cap - 1
    widths = [min(n, low) for n in natural]
    left = room - sum(widths)
    for i, n in enumerate(natural):
        if left > 0 and widths[i] < n:
            widths[i] += 1
            left -= 1
    return [max(1, w) for w in widths]


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
