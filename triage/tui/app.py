"""`triage review`: the backlog one case at a time, in the order to answer it.

The app reads and writes through the core (`cases.queue`, `review.Review`) and
never reads files itself: the CLI opens the store and passes it in with the
config. Every action is saved at once; `u` takes the latest back. A sync running
from cron writes to the same database (WAL, busy timeout): the app notices other
connections' commits (`PRAGMA data_version`) and reloads the queue.
"""

import contextlib
import gc
import itertools
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, tzinfo
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from triage.cases.priority import case
from triage.cases.queue import (
    CaseDetail,
    CaseFilter,
    CaseQueue,
    case_detail,
    list_cases,
    queue_cases,
)
from triage.config import Config
from triage.dates import as_of, parse_when, to_utc_iso
from triage.errors import TriageError
from triage.review import Review
from triage.rules.catalogue import BUILTIN_LABELS
from triage.store import Store
from triage.tui.reply import DraftScreen
from triage.tui.screens import (
    AskScreen,
    ConfirmScreen,
    HelpScreen,
    LabelsScreen,
    PickCaseScreen,
    PickKindScreen,
    PickMessagesScreen,
)
from triage.tui.widgets import CasePage, CaseView, QueueTable

NOISE_LABELS = ("empty", "sent-from-phone", "auto-reply", "bounce", "newsletter")
POLL_SECONDS = 2.0
FILL_SECONDS = 0.05  # between two handfuls of queue rows added in idle time
WIDE = 140  # columns from which the queue sits beside the case

# Key, binding action, footer text, help text. The footer shows the short ones.
KEYS: tuple[tuple[str, str, str, str], ...] = (
    ("j,down", "next", "", "next case"),
    ("k,up", "previous", "", "previous case"),
    ("space,pagedown", "scroll_down", "", "scroll the case down"),
    ("b,pageup", "scroll_up", "", "scroll the case up"),
    ("e", "expand", "", "show or fold quoted text"),
    ("r", "reply", "Reply", "reply to the whole case"),
    ("a", "answered", "Answered", "mark answered"),
    ("w", "waiting", "Wait", "waiting on the customer"),
    ("s", "snooze", "Snooze", "snooze until a date"),
    ("c", "close", "Close", "close without reply"),
    ("m", "merge", "", "merge into another case"),
    ("x", "split", "", "split messages off as a new case"),
    ("l", "labels", "", "labels of the latest message"),
    ("n", "note", "", "add a note"),
    ("slash", "filter", "", "filter: label:L state:S words"),
    ("N", "close_noise", "", "close every noise case"),
    ("u", "undo", "Undo", "undo the last action"),
    ("question_mark", "help", "Help", "this help"),
    ("q", "quit", "Quit", "quit (all is saved)"),
)


class TriageApp(App[None]):
    """The review of a triage database."""

    CSS_PATH = "app.tcss"
    TITLE = "triage review"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(key, action, footer, show=bool(footer))
        for key, action, footer, _ in KEYS
    ]

    def __init__(
        self,
        store: Store,
        config: Config,
        zone: tzinfo | None = None,
        *,
        editor: Callable[[str], str | None] | None = None,
    ) -> None:
        # The terminal's own colours and background: ANSI colours, its default
        # background (NO_COLOR is honoured by Textual itself).
        super().__init__(ansi_color=True)
        self.store = store
        self.config = config
        self.zone = zone
        self.review = Review(store)
        self.filter = CaseFilter()
        self.cases = CaseQueue(store, [], datetime.now(UTC))
        self._prepared: CasePage | None = None  # the case below, made ready beforehand
        self._prepared_version = 0  # the store's data_version when it was
        self.current: int | None = None
        self._session: int | None = None  # this review session, once begun
        self._filling = False  # rows being added to the queue in idle time
        self._version = 0
        # How a reply is written: the TUI gives the draft and gets it back edited.
        self.editor = editor

    # Loading

    def compose(self) -> ComposeResult:
        yield Static(id="progress")
        with Vertical(id="panes"):
            yield QueueTable(id="queue")
            yield CaseView(id="case")
        # Ctrl+P is in the help: at 80 columns the footer's room goes to the keys.
        yield Footer(show_command_palette=False)

    def on_resize(self, event: events.Resize) -> None:
        self.screen_stack[0].set_class(event.size.width >= WIDE, "wide")

    def on_mount(self) -> None:
        self.theme = "ansi-dark"
        self.main = self.screen
        self.main.set_class(self.size.width >= WIDE, "wide")
        self.table = self.query_one(QueueTable)
        self.view = self.query_one(CaseView)
        self._session = self.store.reviews.begin()
        self.reload()
        self._version = self.store.cases.data_version()
        self.set_interval(POLL_SECONDS, self._poll)

    def on_unmount(self) -> None:
        """The session ends: `stats --since last-review` counts from here."""
        if self._session is not None:
            self.store.reviews.end(self._session)

    def _poll(self) -> None:
        version = self.store.cases.data_version()
        if version != self._version:
            self._version = version
            self.reload()

    def reload(self) -> None:
        """The queue again from the store, keeping the cursor on the same case."""
        self._thaw()
        self._prepared = None
        # The queue lives until the next reload and holds no reference cycles: not
        # collected while it is read (0.3 s of passes at 45,000 open cases,
        # bench_review.py), then kept out of the collector's full passes, which
        # otherwise walked all of it every few keys (0.25 s each).
        collecting = gc.isenabled()
        gc.disable()
        try:
            self.cases = queue_cases(self.store, self.filter)
        finally:
            if collecting:
                gc.enable()
        gc.freeze()
        table = self.table
        keep = self.current
        table.show(self.cases, keep)
        if not self.cases:
            self.current = None
            self.view.show(None, self.zone)
        elif self.cases.find(keep) is None:
            self._select(
                self.cases[min(table.cursor_row, len(self.cases) - 1)].facts.id
            )
        self._progress()

    def _thaw(self) -> None:
        """Give the collector back what the last reload froze (the widgets of a case
        since left, with their cycles), the old queue dropped first: it is the bulk
        of it, and goes by reference counting alone."""
        if gc.get_freeze_count():
            self.cases = CaseQueue(self.store, [], datetime.now(UTC))
            self.table.forget()
            gc.unfreeze()
            gc.collect()

    def _select(self, case_id: int) -> None:
        self.current = case_id
        # No collection of garbage until the case is drawn: a full pass costs
        # 50-100 ms, a fifth of them fell inside a key. It runs once the case
        # is on screen (on_case_view_drawn), for the case left behind.
        gc.disable()
        ready, self._prepared = self._prepared, None
        if ready is not None and self._still_ready(ready, case_id):
            self.view.show(ready.detail, self.zone, ready)
            return
        try:
            detail = case_detail(self.store, case_id)
        except TriageError:
            detail = None
        self.view.show(detail, self.zone)

    def _still_ready(self, ready: CasePage, case_id: int) -> bool:
        """Whether a case made ready beforehand is the one `case_detail` would
        give now: nothing written since (this app reloads after each of its own
        writes, which drops it; others' show in data_version) and the same
        priority at this moment."""
        c = ready.detail.case
        return (
            c.facts.id == case_id
            and self._prepared_version == self.store.cases.data_version()
            and c == case(c.facts, as_of())
        )

    def on_case_view_drawn(self, event: CaseView.Drawn) -> None:
        """While the agent reads a case, the next one is made ready, widgets and
        all, so that `j` only has to mount it; and the widgets of the case left
        behind, tens of thousands of objects in reference cycles, are collected."""
        below = self.table.cursor_row + 1
        if below < len(self.cases):
            with contextlib.suppress(TriageError):  # gone meanwhile: reload tells
                detail = case_detail(self.store, self.cases[below].facts.id)
                self._prepared = self.view.prepare(detail, self.zone)
                self._prepared_version = self.store.cases.data_version()
        gc.enable()
        gc.collect()
        if not self._filling:
            self._filling = True
            self.set_timer(FILL_SECONDS, self._fill_ahead)

    def _fill_ahead(self) -> None:
        """More rows of the queue, a few at a time between keys (QueueTable)."""
        self._filling = self.table.fill_ahead()
        if self._filling:
            self.set_timer(FILL_SECONDS, self._fill_ahead)

    def _progress(self) -> None:
        today = (
            as_of()
            .astimezone(self.zone)
            .replace(hour=0, minute=0, second=0, microsecond=0)
        )
        done = self.store.cases.done_since(to_utc_iso(today))
        counts = self.cases.label_counts()
        line = Text(f"{len(self.cases)} {self._shown()} · {done} done today", "bold")
        if counts:
            top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:6]
            line += Text("  ·  " + "  ".join(f"{k} {v}" for k, v in top), "cyan")
        self.main.query_one("#progress", Static).update(line)

    def _shown(self) -> str:
        f = self.filter
        what = "/".join(f.states) if f.states else "all"
        if f.label:
            what += f" label:{f.label}"
        if f.search:
            what += f" '{f.search}'"
        return what

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None and int(event.row_key.value) != self.current:
            self._select(int(event.row_key.value))

    # Moving about

    def action_next(self) -> None:
        self.table.action_cursor_down()

    def action_previous(self) -> None:
        self.table.action_cursor_up()

    def action_scroll_down(self) -> None:
        self.view.scroll_page_down()

    def action_scroll_up(self) -> None:
        self.view.scroll_page_up()

    def action_expand(self) -> None:
        self.view.toggle_quoted()

    def action_help(self) -> None:
        keys = [
            (
                key.split(",")[0].replace("slash", "/").replace("question_mark", "?"),
                what,
            )
            for key, _, _, what in KEYS
        ]
        self.push_screen(HelpScreen(keys))

    # Acting on the current case

    def _act(
        self,
        action: Callable[[], object],
        *,
        move_on: bool = False,
        cases: Iterable[int] | None = None,
    ) -> None:
        """Run an action, say what it did (or why not), refresh the screen: the
        `cases` it changed read again, or (None) the whole queue."""
        try:
            said = action()
        except TriageError as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        if isinstance(said, str):
            self.notify(said, markup=False)
        if move_on:
            self._move_on()
        if cases is None:
            self.reload()
        else:
            self._update(set(cases))
        if self.current is not None:
            self._select(self.current)

    def _update(self, changed: set[int]) -> None:
        """The queue after this app changed these cases: they are read again and
        moved in place, the rest left as it is (on 45,000 open cases, a reload
        takes a second)."""
        self._prepared = None
        self.cases.update(changed)
        self.table.sync(self.cases, self.current, changed)
        if not self.cases:
            self.current = None
            self.view.show(None, self.zone)
        elif self.cases.find(self.current) is None:
            row = min(self.table.cursor_row, len(self.cases) - 1)
            self.current = self.cases[row].facts.id
        self._progress()

    def _move_on(self) -> None:
        """After a case leaves the queue, the next one is current."""
        at = self.cases.find(self.current)
        if at is not None:
            if at + 1 < len(self.cases):
                self.current = self.cases[at + 1].facts.id
            else:
                self.current = self.cases[0].facts.id if at else None

    def _case(self) -> int | None:
        """The case under the cursor: keys typed in a burst act on the row they
        see, even before the highlight has redrawn the case."""
        case_id = self.table.case_at_cursor()
        if case_id is None:
            self.notify("No case selected.", severity="warning")
            return None
        if case_id != self.current:
            self._select(case_id)
        return case_id

    def _detail(self, case_id: int) -> CaseDetail | None:
        """The case whole, or None (said) when it has gone meanwhile: merged or
        emptied by another connection, a cron sync."""
        try:
            return case_detail(self.store, case_id)
        except TriageError as exc:
            self.notify(exc.message, severity="warning", markup=False)
            self.reload()
            return None

    def action_answered(self) -> None:
        if (case_id := self._case()) is not None:
            self._act(
                lambda: self.review.set_state(case_id, "answered"),
                move_on=True,
                cases=[case_id],
            )

    def action_waiting(self) -> None:
        if (case_id := self._case()) is not None:
            self._act(
                lambda: self.review.set_state(case_id, "waiting"),
                move_on=True,
                cases=[case_id],
            )

    def action_close(self) -> None:
        if (case_id := self._case()) is not None:
            self._act(
                lambda: self.review.set_state(case_id, "closed"),
                move_on=True,
                cases=[case_id],
            )

    def action_snooze(self) -> None:
        if (case_id := self._case()) is None:
            return

        def snooze(answer: str | None) -> None:
            if answer:
                self._act(
                    lambda: self.review.set_state(
                        case_id,
                        "snoozed",
                        parse_when(answer, self.zone, as_of(), future=True),
                    ),
                    move_on=True,
                    cases=[case_id],
                )

        self.push_screen(
            AskScreen("Snooze until", "3d, 1w, tomorrow, 2026-12-01"), snooze
        )

    def action_note(self) -> None:
        if (case_id := self._case()) is None:
            return

        def note(text: str | None) -> None:
            if text and text.strip():
                self._act(lambda: self.review.note(case_id, text), cases=[case_id])

        self.push_screen(AskScreen(f"Note on case {case_id}"), note)

    def action_merge(self) -> None:
        if (case_id := self._case()) is None:
            return
        mine = next(c for c in self.cases if c.facts.id == case_id)
        others = [
            c
            for c in list_cases(self.store, CaseFilter(states=()))
            if c.facts.id != case_id
        ]
        # The same customer's cases first: the likeliest to be one matter.
        others.sort(
            key=lambda c: (
                c.facts.customer != mine.facts.customer,
                c.facts.name != mine.facts.name,
            )
        )

        def merge(target: int | None) -> None:
            if target is not None:
                self._act(
                    lambda: self.review.merge(case_id, target),
                    move_on=True,
                    cases=[case_id, target],
                )
                if self.cases.find(target) is not None:
                    self.current = target
                    self.table.sync(self.cases, target, set())
                    self._select(target)

        self.push_screen(PickCaseScreen(f"Merge case {case_id} into", others), merge)

    def action_split(self) -> None:
        if (case_id := self._case()) is None:
            return
        detail = self._detail(case_id)
        if detail is None:
            return
        if len(detail.messages) < 2:
            self.notify("A case of one message cannot be split.", severity="warning")
            return

        def split(ids: list[int] | None) -> None:
            if ids:
                made: list[int] = []  # the new case, once made
                self._act(
                    lambda: self._split(case_id, ids, made),
                    cases=itertools.chain([case_id], made),  # read after the split
                )

        self.push_screen(
            PickMessagesScreen(
                "Messages for a new case (space to tick)", detail.messages
            ),
            split,
        )

    def _split(self, case_id: int, ids: list[int], made: list[int]) -> str:
        made.append(self.review.split(case_id, ids))
        return f"new case {made[0]} from case {case_id}"

    def action_labels(self) -> None:
        if (case_id := self._case()) is None:
            return
        detail = self._detail(case_id)
        if detail is None:
            return
        latest = detail.messages[-1]
        names = self._label_names()

        def apply(changes: dict[str, bool] | None) -> None:
            if changes:
                self._act(
                    lambda: self.review.labels(latest.id, changes), cases=[case_id]
                )

        self.push_screen(LabelsScreen(latest, names), apply)

    def _label_names(self) -> list[str]:
        """The built-in labels and those of the config's rules."""
        user = [r.label for r in self.config.rules.user]
        return [
            *BUILTIN_LABELS,
            *(label for label in user if label not in BUILTIN_LABELS),
        ]

    def action_filter(self) -> None:
        def apply(text: str | None) -> None:
            if text is None:
                return
            flt = _parse_filter(text)
            if flt.label and flt.label not in self._label_names():
                self.notify(
                    f"{flt.label!r} is not a label: "
                    + ", ".join(sorted(self._label_names())),
                    severity="error",
                    markup=False,
                )
                return
            self.filter = flt
            self.current = None
            try:
                self.reload()
            except TriageError as exc:
                self.notify(exc.message, severity="error", markup=False)
                self.filter = CaseFilter()
                self.reload()

        self.push_screen(
            AskScreen(
                "Filter (empty: open cases)", "label:vague  state:waiting  colis"
            ),
            apply,
        )

    def action_close_noise(self) -> None:
        """Close the noise in bulk: all of it, or one kind (empty, auto-reply…),
        after a confirmation that says how many."""
        noise = list_cases(self.store, CaseFilter(noise=True))
        if not noise:
            self.notify("No open noise cases.")
            return
        kinds = [
            (label, n)
            for label in NOISE_LABELS
            if (n := sum(1 for c in noise if label in c.facts.labels))
        ]

        def confirm(label: str | None) -> None:
            chosen = [c for c in noise if label is None or label in c.facts.labels]
            what = "noise" if label is None else label

            def close(yes: bool | None) -> None:
                if yes:
                    closed: list[int] = []

                    def act() -> str:
                        closed.extend(self.review.close_noise(label))
                        return f"{len(closed)} {what} cases closed"

                    self._act(act, cases=closed)

            self.push_screen(
                ConfirmScreen(f"Close {len(chosen)} open {what} cases?"), close
            )

        options = [(None, f"All noise: {len(noise)} cases")] + [
            (label, f"{label}: {n} cases") for label, n in kinds
        ]
        self.push_screen(PickKindScreen("Close which cases?", options), confirm)

    def action_undo(self) -> None:
        said = self.review.undo()
        self.notify(f"Undone: {said}" if said else "Nothing to undo.", markup=False)
        if not said:
            return
        if self.review.undone_cases:
            self.current = self.review.undone_cases[0]  # back to the case it was
        # The cases it touched, read again: not the whole queue (a second on
        # 45,000 open cases).
        self._update(set(self.review.undone_cases))
        if self.current is not None:
            self._select(self.current)

    def action_reply(self) -> None:
        if (case_id := self._case()) is None:
            return
        from triage.tui.reply import start_reply

        start_reply(self, case_id)

    # The command palette lists every action too.

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if screen is not self.main:
            return  # a dialog is open: not "Mark answered" behind a reply
        for key, action, _, what in KEYS:
            yield SystemCommand(
                what[0].upper() + what[1:],
                f"key: {_shown_key(key)}",
                getattr(self, f"action_{action}"),
            )

    def action_quit(self) -> None:  # type: ignore[override]
        """Quit, but not over a reply being written without asking."""
        if not any(isinstance(s, DraftScreen) for s in self.screen_stack):
            self.exit()
            return

        def leave(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmScreen("Quit and lose the reply being written?"), leave)

    def _fatal_error(self) -> None:
        """A bug ends the app with a traceback, without Textual's dump of every
        frame's locals: a login's include the password."""
        from rich.traceback import Traceback

        self.bell()
        self._exit_renderables.append(Traceback(show_locals=False))
        self._close_messages_no_wait()


def _shown_key(keys: str) -> str:
    """A binding's keys as a person types them: "slash" is /."""
    names = {"slash": "/", "question_mark": "?", "space": "Space"}
    return " ".join(names.get(k, k) for k in keys.split(","))


def _parse_filter(text: str) -> CaseFilter:
    """`label:vague state:waiting colis` → the matching CaseFilter."""
    states: list[str] = []
    label = None
    words: list[str] = []
    for part in text.split():
        key, sep, value = part.partition(":")
        if sep and key == "state":
            states.append(value)
        elif sep and key == "label":
            label = value
        else:
            words.append(part)
    if "all" in states:
        chosen: tuple[str, ...] = ()
    else:
        chosen = tuple(states) or ("open",)
    return CaseFilter(states=chosen, label=label, search=" ".join(words) or None)
