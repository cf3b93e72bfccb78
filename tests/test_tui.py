"""The review TUI driven by Textual's Pilot: every key and action, the undo of each,
the dialogs, errors, a sync from another connection, both layouts, hostile text.

Each test builds a `TriageApp` over a real database file and runs it headless in
`asyncio.run` (no async test plugin). Most run on the bundled sample, imported once
per session and copied for each test; waits are measured to NOW, the Monday after
the sample's last mail, and dates are shown in UTC, so that every screen is the same
on any machine and any day.
"""

import asyncio
import inspect
import re
import sqlite3
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC
from pathlib import Path

import pytest
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.notifications import SeverityLevel
from textual.pilot import Pilot
from textual.widgets import OptionList, SelectionList, Static

from triage.cases.queue import CaseFilter, list_cases
from triage.config import Config
from triage.importer import import_mailbox
from triage.store import Store, open_store
from triage.tui import widgets
from triage.tui.app import KEYS, POLL_SECONDS, TriageApp
from triage.tui.screens import (
    AskScreen,
    ConfirmScreen,
    HelpScreen,
    LabelsScreen,
    PickCaseScreen,
    PickMessagesScreen,
)
from triage.tui.widgets import MAX_SHOWN_CHARS

MakeMail = Callable[..., bytes]
MakeMbox = Callable[..., Path]
Script = Callable[[Pilot[None]], Awaitable[None]]

NOW = "2026-11-16T08:00:00Z"  # the Monday after the sample's last mail
SIZE = (100, 32)

# What a terminal would act on: ESC, other C0 controls but tab and newline, C1
# controls (0x9b is a one-byte CSI), bidi overrides and isolates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class ReviewApp(TriageApp):
    """The app as the CLI builds it, keeping what it told the agent."""

    # Textual reads a relative CSS_PATH beside the file of the class it is given.
    CSS_PATH = Path(inspect.getfile(TriageApp)).with_name(str(TriageApp.CSS_PATH))

    def __init__(self, store: Store) -> None:
        super().__init__(store, Config(), UTC)
        self.said: list[tuple[SeverityLevel, str]] = []

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        self.said.append((severity, str(message)))
        super().notify(
            message, title=title, severity=severity, timeout=timeout, markup=markup
        )

    def errors(self) -> list[str]:
        return [text for severity, text in self.said if severity == "error"]

    @property
    def ids(self) -> list[int]:
        return [c.facts.id for c in self.cases]


def run(app: TriageApp, script: Script, size: tuple[int, int] = SIZE) -> None:
    """Run `script` against the app in a headless terminal of `size`."""

    async def go() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await script(pilot)

    asyncio.run(go())


def screen_text(app: TriageApp) -> str:
    """What the terminal shows, line by line, modal dialogs over what is behind.

    The screen's own compositor draws the lines, as for `export_screenshot`, but as
    plain text: what would reach the terminal, less the styles.
    """
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*("space" if ch == " " else ch for ch in text))


async def go_to(pilot: Pilot[None], app: ReviewApp, case_id: int) -> None:
    """Move down the queue with j until `case_id` is the current case."""
    await pilot.press(*["j"] * app.ids.index(case_id))
    await pilot.pause()
    assert app.current == case_id


def picture(store: Store) -> tuple[object, ...]:
    """Everything an action may touch, to compare before and after an undo."""
    query = store.conn.execute
    return (
        query("SELECT * FROM cases ORDER BY id").fetchall(),
        query("SELECT id, case_id, pinned_case FROM messages ORDER BY id").fetchall(),
        query("SELECT * FROM case_notes ORDER BY id").fetchall(),
        query("SELECT * FROM message_labels ORDER BY message_id, label").fetchall(),
        query("SELECT * FROM label_removals ORDER BY message_id, label").fetchall(),
    )


@pytest.fixture
def sample(
    sample_db: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Store]:
    """A copy of the sample database of this test's own, at NOW."""
    monkeypatch.setenv("TRIAGE_NOW", NOW)
    source, copy = sqlite3.connect(sample_db), sqlite3.connect(db_path)
    source.backup(copy)
    source.close()
    copy.close()
    store = open_store(db_path)
    yield store
    store.close()


@pytest.fixture
def app(sample: Store) -> ReviewApp:
    return ReviewApp(sample)


def noise_ids(store: Store) -> list[int]:
    return [c.facts.id for c in list_cases(store, CaseFilter(noise=True))]


# Opening and moving about


def test_opens_on_the_highest_priority_case(app: ReviewApp, sample: Store) -> None:
    first = list_cases(sample)[0]

    async def script(pilot: Pilot[None]) -> None:
        assert app.current == first.facts.id == app.ids[0]
        assert app.table.cursor_row == 0
        shown = screen_text(app)
        assert f"Case {first.facts.id} · open · Sandrine Lefèvre" in shown
        assert "104 open · 0 done today" in shown

    run(app, script)


@pytest.mark.parametrize(("down", "up"), [("j", "k"), ("down", "up")])
def test_next_and_previous_case(app: ReviewApp, down: str, up: str) -> None:
    async def script(pilot: Pilot[None]) -> None:
        ids = app.ids
        await pilot.press(down)
        assert app.current == ids[1]
        assert f"Case {ids[1]} · open" in screen_text(app)
        await pilot.press(down)
        assert app.current == ids[2]
        await pilot.press(up, up)
        assert app.current == ids[0]
        await pilot.press(up)  # at the top already
        assert app.current == ids[0]

    run(app, script)


def test_space_and_b_scroll_the_case(app: ReviewApp) -> None:
    async def script(pilot: Pilot[None]) -> None:
        assert app.view.scroll_y == 0
        await pilot.press("space")
        await pilot.pause()
        assert app.view.scroll_y > 0
        assert app.current == app.ids[0]
        await pilot.press("b")
        await pilot.pause()
        assert app.view.scroll_y == 0
        assert app.current == app.ids[0]

    run(app, script)


def test_pagedown_and_pageup_scroll_the_case(app: ReviewApp) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("pagedown")
        await pilot.pause()
        assert app.current == app.ids[0]
        assert app.view.scroll_y > 0
        await pilot.press("pageup")
        await pilot.pause()
        assert app.view.scroll_y == 0

    run(app, script)


def test_e_shows_and_folds_quoted_text(app: ReviewApp) -> None:
    async def script(pilot: Pilot[None]) -> None:
        # Case 1's second message quotes her first under "Le mar. 3 nov. 2026 ...".
        quoted = app.view.query(".quoted").first(Static)
        fold = app.view.query(".quoted-fold").first(Static)
        assert "Le mar. 3 nov. 2026" in str(quoted.content)
        assert not quoted.display and fold.display
        await pilot.press("e")
        await pilot.pause()
        assert quoted.display and not fold.display
        app.view.scroll_to_widget(quoted, animate=False, top=True)
        await pilot.pause()
        assert "Le mar. 3 nov. 2026 à 08:47, Sandrine Lefèvre" in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        assert not quoted.display and fold.display

    run(app, script)


# Acting on a case, and undoing it


async def merge_karim(pilot: Pilot[None]) -> None:
    """Case 4 (Karim, "ma commande") into his other case, first in the picker."""
    app = pilot.app
    assert isinstance(app, ReviewApp)
    await go_to(pilot, app, 4)
    await pilot.press("m")
    await pilot.pause()
    assert isinstance(app.screen, PickCaseScreen)
    assert app.screen.query_one(OptionList).highlighted == 0
    await pilot.press("enter")


async def split_first(pilot: Pilot[None]) -> None:
    """Case 1's first message off into a case of its own."""
    await pilot.press("x")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PickMessagesScreen)
    await pilot.press("space", "enter")


async def set_first_label(pilot: Pilot[None]) -> None:
    """Tick auto-reply, the first label listed, on case 1's latest message."""
    await pilot.press("l")
    await pilot.pause()
    labels = pilot.app.screen.query_one(SelectionList)
    assert labels.get_option_at_index(0).value == "auto-reply"
    await pilot.press("space", "enter")


async def unset_escalating(pilot: Pilot[None]) -> None:
    """Untick escalating on case 1's latest message."""
    await pilot.press("l")
    await pilot.pause()
    labels = pilot.app.screen.query_one(SelectionList)
    assert isinstance(pilot.app.screen, LabelsScreen)
    assert "escalating" in labels.selected
    values = [labels.get_option_at_index(i).value for i in range(labels.option_count)]
    await pilot.press(*["down"] * values.index("escalating"), "space", "enter")


def keys(*pressed: str) -> Script:
    """Press keys in turn; a string with a space in it is typed, character by
    character."""

    async def press(pilot: Pilot[None]) -> None:
        for key in pressed:
            if len(key) > 1 and " " in key:
                await type_text(pilot, key)
            else:
                await pilot.press(key)

    return press


def latest_labels(store: Store, case_id: int) -> set[str]:
    rows = store.conn.execute(
        "SELECT label FROM message_labels WHERE message_id = (SELECT id FROM "
        "messages WHERE case_id = ? ORDER BY date DESC, id DESC LIMIT 1)",
        [case_id],
    ).fetchall()
    return {r[0] for r in rows}


def case_of(store: Store, message_id: int) -> int | None:
    return store.message(message_id).case_id


def check_left_queue(state: str) -> Callable[[ReviewApp, Store], None]:
    def check(app: ReviewApp, store: Store) -> None:
        assert store.cases.state(1) == state
        assert 1 not in app.ids
        assert app.current == app.ids[0] == 6  # the next case is current
        assert "Case 6 · open" in screen_text(app)
        assert ("information", f"case 1: {state}") in app.said

    return check


def check_snoozed(app: ReviewApp, store: Store) -> None:
    check_left_queue("snoozed")(app, store)
    until = store.conn.execute("SELECT snoozed_until FROM cases WHERE id = 1")
    assert until.fetchone()[0] == "2026-11-19T08:00:00Z"  # NOW + 3 days


def check_note(app: ReviewApp, store: Store) -> None:
    assert [n.text for n in store.cases.notes(1)] == ["rappeler lundi"]
    assert app.current == 1
    summary = app.view.query_one(".case-summary", Static)
    assert "Note     rappeler lundi" in str(summary.content)


def check_merged(app: ReviewApp, store: Store) -> None:
    in_case = "SELECT count(*) FROM messages WHERE case_id = ?"
    assert store.conn.execute(in_case, [4]).fetchone()[0] == 0
    assert store.conn.execute(in_case, [19]).fetchone()[0] == 3 + 2
    assert 4 not in app.ids
    assert app.current == 19
    assert ("information", "case 4 merged into case 19") in app.said


def check_split(app: ReviewApp, store: Store) -> None:
    new = case_of(store, 15)
    assert new is not None and new != 1
    assert ("information", f"new case {new} from case 1") in app.said
    assert new in app.ids


def check_labelled(app: ReviewApp, store: Store) -> None:
    assert "auto-reply" in latest_labels(store, 1)


def check_unlabelled(app: ReviewApp, store: Store) -> None:
    assert "escalating" not in latest_labels(store, 1)


def check_noise_closed(app: ReviewApp, store: Store) -> None:
    assert noise_ids(store) == []
    assert all(not c.priority.noise for c in app.cases)
    assert len(app.ids) == 104 - 9
    assert ("information", "9 noise cases closed") in app.said


ACTIONS: dict[str, tuple[Script, Callable[[ReviewApp, Store], None]]] = {
    "answered": (keys("a"), check_left_queue("answered")),
    "waiting": (keys("w"), check_left_queue("waiting")),
    "closed": (keys("c"), check_left_queue("closed")),
    "snoozed": (keys("s", "3", "d", "enter"), check_snoozed),
    "note": (keys("n", "rappeler lundi", "enter"), check_note),
    "merge": (merge_karim, check_merged),
    "split": (split_first, check_split),
    "label": (set_first_label, check_labelled),
    "unlabel": (unset_escalating, check_unlabelled),
    "close-noise": (keys("N", "enter", "y"), check_noise_closed),
}


def assert_queue_as_read_afresh(app: ReviewApp, store: Store) -> None:
    """The app's queue and the rows of its table are what a fresh read gives."""
    fresh = list_cases(store)
    assert app.ids == [c.facts.id for c in fresh]
    assert list(app.cases) == fresh
    rows = [row.key.value for row in app.table.ordered_rows]
    assert rows == [str(i) for i in app.ids[: len(rows)]]
    for row, c in zip(rows, fresh, strict=False):
        shown = [str(cell) for cell in app.table.get_row(row)]
        assert shown[0] == ("-" if c.priority.noise else str(c.priority.score))
        assert shown[-1] == ", ".join(c.facts.labels)


@pytest.mark.parametrize("action", ACTIONS)
def test_each_action_is_saved_and_u_undoes_it_exactly(
    app: ReviewApp, sample: Store, action: str
) -> None:
    act, check = ACTIONS[action]
    before = picture(sample)

    async def script(pilot: Pilot[None]) -> None:
        queue = app.cases
        await act(pilot)
        await pilot.pause()
        assert app.screen is app.main  # the dialog is gone
        assert app.errors() == []
        check(app, sample)
        assert_queue_as_read_afresh(app, sample)
        # An action reads the cases it changed again, not the queue.
        assert app.cases is queue
        assert picture(sample) != before
        await pilot.press("u")
        await pilot.pause()
        assert picture(sample) == before
        assert app.said[-1][1].startswith("Undone: ")
        assert app.cases is queue  # and so does its undo
        assert_queue_as_read_afresh(app, sample)
        await pilot.press("u")
        assert app.said[-1] == ("information", "Nothing to undo.")

    run(app, script)


def test_an_action_is_saved_at_once_for_other_connections(
    app: ReviewApp, db_path: Path
) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("c")
        await pilot.pause()
        other = sqlite3.connect(db_path)
        state = other.execute("SELECT state FROM cases WHERE id = 1").fetchone()[0]
        other.close()
        assert state == "closed"

    run(app, script)


def test_the_header_counts_what_is_done(app: ReviewApp) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("a", "w", "c")
        await pilot.pause()
        assert "101 open · 3 done today" in screen_text(app)

    run(app, script)


def test_undo_goes_back_one_action_at_a_time(app: ReviewApp, sample: Store) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("a")
        await pilot.press("c")
        await pilot.pause()
        assert sample.cases.state(1) == "answered"
        assert sample.cases.state(6) == "closed"
        await pilot.press("u")
        await pilot.pause()
        assert sample.cases.state(1) == "answered"
        assert sample.cases.state(6) == "open"
        assert app.said[-1] == ("information", "Undone: case 6: closed")
        await pilot.press("u")
        await pilot.pause()
        assert sample.cases.state(1) == "open"
        assert app.ids[:2] == [1, 6]

    run(app, script)


@pytest.mark.parametrize("key", ["s", "n", "m", "x", "l", "slash", "N"])
def test_escape_cancels_every_dialog(app: ReviewApp, sample: Store, key: str) -> None:
    before = picture(sample)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press(key)
        await pilot.pause()
        assert app.screen is not app.main
        if isinstance(app.screen, AskScreen):
            await type_text(pilot, "3d")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main
        assert app.current == 1 and len(app.ids) == 104
        assert app.said == []

    run(app, script)
    assert picture(sample) == before


# Dialogs: what they offer, and errors


def test_a_date_that_cannot_be_read_changes_nothing(
    app: ReviewApp, sample: Store
) -> None:
    before = picture(sample)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("s")
        await type_text(pilot, "next tuesday")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.main
        [error] = app.errors()
        assert error.startswith("cannot read the date 'next tuesday'")
        assert app.current == 1 and 1 in app.ids
        await pilot.press("u")
        assert app.said[-1] == ("information", "Nothing to undo.")

    run(app, script)
    assert picture(sample) == before


def test_snoozing_into_the_past_changes_nothing(app: ReviewApp, sample: Store) -> None:
    before = picture(sample)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("s")
        await type_text(pilot, "2026-11-01")
        await pilot.press("enter")
        await pilot.pause()
        assert app.errors() == [
            "2026-11-01T00:00:00Z is not in the future: snooze until a later date"
        ]
        assert app.current == 1

    run(app, script)
    assert picture(sample) == before


def test_an_empty_note_is_not_added(app: ReviewApp, sample: Store) -> None:
    before = picture(sample)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("n", "space", "enter")
        await pilot.pause()
        assert app.screen is app.main
        assert app.said == []

    run(app, script)
    assert picture(sample) == before


def test_the_merge_picker_offers_every_case_but_this_one_same_customer_first(
    app: ReviewApp, sample: Store
) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await go_to(pilot, app, 4)
        await pilot.press("m")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        offered = [
            int(options.get_option_at_index(i).id or 0)
            for i in range(options.option_count)
        ]
        assert 4 not in offered
        assert offered[0] == 19  # Karim's other case
        everything = list_cases(sample, CaseFilter(states=()))
        assert sorted(offered) == sorted(
            c.facts.id for c in everything if c.facts.id != 4
        )
        assert "Merge case 4 into" in screen_text(app)

    run(app, script)


def test_split_needs_a_case_of_two_messages(app: ReviewApp, sample: Store) -> None:
    before = picture(sample)
    single = next(
        c.facts.id for c in list_cases(sample) if len(c.facts.message_ids) == 1
    )

    async def script(pilot: Pilot[None]) -> None:
        await go_to(pilot, app, single)
        await pilot.press("x")
        await pilot.pause()
        assert app.screen is app.main
        assert app.said == [("warning", "A case of one message cannot be split.")]

    run(app, script)
    assert picture(sample) == before


def test_split_with_nothing_ticked_changes_nothing(
    app: ReviewApp, sample: Store
) -> None:
    before = picture(sample)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.main
        assert app.said == []

    run(app, script)
    assert picture(sample) == before


def test_the_labels_dialog_ticks_the_message_labels(app: ReviewApp) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("l")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LabelsScreen)
        labels = dialog.query_one(SelectionList)
        assert set(labels.selected) == {"escalating", "repeat-sender"}
        assert labels.option_count == 9  # the built-in labels
        assert f"Labels of message #{dialog.message.id}" in screen_text(app)

    run(app, script)


# Filtering


async def filter_by(pilot: Pilot[None], text: str) -> None:
    await pilot.press("slash")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AskScreen)
    await type_text(pilot, text)
    await pilot.press("enter")
    await pilot.pause()


def test_filter_by_label(app: ReviewApp, sample: Store) -> None:
    vague = list_cases(sample, CaseFilter(label="vague"))

    async def script(pilot: Pilot[None]) -> None:
        await filter_by(pilot, "label:vague")
        assert app.ids == [c.facts.id for c in vague]
        assert len(vague) == 5
        assert app.table.row_count == 5
        assert app.current == vague[0].facts.id
        assert "5 open label:vague" in screen_text(app)

    run(app, script)


def test_filter_by_state_then_empty_returns_to_open(app: ReviewApp) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("w")
        await pilot.pause()
        await filter_by(pilot, "state:waiting")
        assert app.ids == [1]
        assert app.current == 1
        assert "Case 1 · waiting" in screen_text(app)
        await filter_by(pilot, "")
        assert len(app.ids) == 103 and 1 not in app.ids
        assert "103 open ·" in screen_text(app)

    run(app, script)


def test_filter_by_words(app: ReviewApp, sample: Store) -> None:
    found = list_cases(sample, CaseFilter(search="WELCOME15"))

    async def script(pilot: Pilot[None]) -> None:
        await filter_by(pilot, "WELCOME15")
        assert app.ids == [c.facts.id for c in found] != []
        assert "open 'WELCOME15'" in screen_text(app)

    run(app, script)


def test_a_filter_that_finds_nothing_shows_no_case(app: ReviewApp) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await filter_by(pilot, "label:vague xyzzyplugh")
        assert app.ids == [] and app.current is None
        assert "No case selected." in screen_text(app)
        await pilot.press("a")
        assert app.said == [("warning", "No case selected.")]

    run(app, script)


def test_a_bad_filter_says_why_and_shows_open_cases(app: ReviewApp) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await filter_by(pilot, "state:bogus")
        [error] = app.errors()
        assert error.startswith("'bogus' is not a case state")
        assert len(app.ids) == 104

    run(app, script)


def test_an_unknown_label_in_a_filter_is_said_and_the_queue_stays(
    app: ReviewApp,
) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await filter_by(pilot, "state:waiting")
        await filter_by(pilot, "label:bogus")
        [error] = app.errors()
        assert error.startswith("'bogus' is not a label: ")
        assert "vague" in error and "sent-from-phone" in error
        assert app.filter == CaseFilter(states=("waiting",))

    run(app, script)


def test_labels_changed_in_one_dialog_are_one_undo(
    app: ReviewApp, sample: Store
) -> None:
    before = picture(sample)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("l")
        await pilot.pause()
        labels = app.screen.query_one(SelectionList)
        values = [
            labels.get_option_at_index(i).value for i in range(labels.option_count)
        ]
        # Tick auto-reply (first), untick escalating.
        await pilot.press("space", *["down"] * values.index("escalating"), "space")
        await pilot.press("enter")
        await pilot.pause()
        assert "auto-reply" in latest_labels(sample, 1)
        assert "escalating" not in latest_labels(sample, 1)
        assert app.said[-1][1].startswith("message ")
        assert "auto-reply set" in app.said[-1][1]
        assert "escalating removed" in app.said[-1][1]
        await pilot.press("u")
        await pilot.pause()
        assert picture(sample) == before
        await pilot.press("u")
        assert app.said[-1] == ("information", "Nothing to undo.")

    run(app, script)


@pytest.mark.parametrize("size", [(80, 24), (100, 32), (160, 50), (200, 60)])
def test_the_queue_columns_fit_the_width(app: ReviewApp, size: tuple[int, int]) -> None:
    async def script(pilot: Pilot[None]) -> None:
        table = app.table
        widths = {
            c.label.plain: c.get_render_width(table) for c in table.columns.values()
        }
        assert sum(widths.values()) <= table.size.width - 1  # no sideways scrolling
        assert widths["Subject"] >= 24 + 2
        assert widths["Labels"] > 2  # some room for the labels too
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= (
            table.size.width - 1
        )
        assert app.table.case_at_cursor() == app.current

    run(app, script, size=size)


# Bulk close of noise


def test_close_noise_asks_first_and_says_how_many(
    app: ReviewApp, sample: Store
) -> None:
    noise = noise_ids(sample)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("N")
        await pilot.pause()
        shown = screen_text(app)
        for kind in ("All noise: 9 cases", "empty: 2 cases", "auto-reply: 4 cases"):
            assert kind in shown
        await pilot.press("enter")  # all of it
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert f"Close {len(noise)} open noise cases?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert all(sample.cases.state(i) == "closed" for i in noise)
        assert len(app.ids) == 104 - len(noise)
        await pilot.press("N")
        assert app.said[-1] == ("information", "No open noise cases.")

    run(app, script)
    assert len(noise) == 9


@pytest.mark.parametrize("answer", ["n", "escape"])
def test_close_noise_can_be_declined(
    app: ReviewApp, sample: Store, answer: str
) -> None:
    before = picture(sample)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("N")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(answer)
        await pilot.pause()
        assert app.screen is app.main
        assert len(app.ids) == 104

    run(app, script)
    assert picture(sample) == before


# Help, the command palette, quitting


def test_help_lists_every_key_and_escape_closes_it(app: ReviewApp) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        for _, _, _, what in KEYS:
            assert what in shown
        assert "Ctrl+P: every action by name." in shown
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main

    run(app, script, size=(160, 50))


def test_help_shows_every_key_at_80x24(app: ReviewApp) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("question_mark")
        await pilot.pause()
        shown = screen_text(app)
        missing = [what for _, _, _, what in KEYS if what not in shown]
        assert missing == []

    run(app, script, size=(80, 24))


def test_the_command_palette_lists_and_runs_the_actions(
    app: ReviewApp, sample: Store
) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        commands = app.screen.query_one(CommandList)
        listed = {
            str(commands.get_option_at_index(i).prompt)
            for i in range(commands.option_count)
        }
        for _, _, _, what in KEYS:
            assert any(what[0].upper() + what[1:] in line for line in listed), what
        await type_text(pilot, "mark answered")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert sample.cases.state(1) == "answered"

    run(app, script)


def test_q_quits(app: ReviewApp) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running

    run(app, script)
    assert app.return_code == 0


def test_a_review_is_recorded_as_a_session(app: ReviewApp, sample: Store) -> None:
    assert sample.reviews.last() is None

    async def script(pilot: Pilot[None]) -> None:
        assert sample.reviews.last() == NOW  # begun, not ended yet

    run(app, script)
    ended = sample.conn.execute("SELECT started_at, ended_at FROM review_sessions")
    assert ended.fetchall() == [(NOW, NOW)]


# A sync from cron, while the review is open


def test_a_case_from_another_connection_appears_without_restart(
    app: ReviewApp, db_path: Path, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    mail = make_mail(
        "Carte cadeau introuvable",
        "Bonjour,\n\nJe ne trouve pas ma carte cadeau.\n",
        sender="zoe.arnaud@example.fr",
        name="Zoe Arnaud",
        message_id="<sync-1@example.fr>",
        date="Sun, 15 Nov 2026 20:00:00 +0000",
    )

    async def script(pilot: Pilot[None]) -> None:
        assert len(app.ids) == 104
        sync = open_store(db_path)  # what a cron `triage sync` does
        try:
            import_mailbox(sync, make_mbox([mail], name="sync.mbox"))
            new = sync.message(151).case_id
        finally:
            sync.close()
        assert new is not None and new not in app.ids
        await pilot.pause(POLL_SECONDS + 0.5)
        assert new in app.ids and len(app.ids) == 105
        assert app.current == 1  # the cursor stayed on her case
        assert "105 open" in screen_text(app)
        app.table.move_cursor(row=app.ids.index(new))  # its row, taken when near
        row = app.table.get_row(str(new))
        assert "Zoe Arnaud" in [str(cell) for cell in row]

    run(app, script)


def test_the_case_made_ready_ahead_is_not_shown_stale(
    app: ReviewApp, db_path: Path
) -> None:
    """The next case is prepared while the agent reads; a write from another
    connection in between is shown, not the prepared copy."""

    async def script(pilot: Pilot[None]) -> None:
        await pilot.pause()
        assert app._prepared is not None
        below = app.ids[1]
        assert app._prepared.detail.case.facts.id == below
        other = open_store(db_path)
        try:
            other.cases.add_note(below, "Rappelée mardi, attend un geste")
        finally:
            other.close()
        await pilot.press("j")  # before the poll has seen it
        await pilot.pause()
        assert app.current == below
        assert "Rappelée mardi, attend un geste" in screen_text(app)

    run(app, script)


def test_the_queue_takes_rows_as_the_agent_goes_down(
    app: ReviewApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(widgets, "ROWS_AHEAD", 10)

    async def script(pilot: Pilot[None]) -> None:
        everything = len(app.ids)
        assert app.table.row_count < everything
        await pilot.press(*["j"] * 25)
        await pilot.pause()
        assert app.current == app.ids[25] and app.table.cursor_row == 25
        assert 25 < app.table.row_count < everything
        await pilot.press("end")
        await pilot.pause()
        assert app.table.row_count == everything
        assert app.current == app.ids[-1]
        await pilot.press("home")
        await pilot.pause()
        assert app.current == app.ids[0]

    run(app, script)


# Layout


def test_80x24_puts_the_queue_above_the_case(app: ReviewApp) -> None:
    async def script(pilot: Pilot[None]) -> None:
        assert not app.screen.has_class("wide")
        queue, case = app.table.region, app.view.region
        assert queue.bottom <= case.y and queue.width == case.width == 80
        shown = screen_text(app)
        assert "q Quit" in shown and "u Undo" in shown and "Case 1 · open" in shown

    run(app, script, size=(80, 24))


def test_160x50_puts_the_queue_beside_the_case(app: ReviewApp) -> None:
    async def script(pilot: Pilot[None]) -> None:
        assert app.screen.has_class("wide")
        queue, case = app.table.region, app.view.region
        assert queue.right <= case.x and queue.y == case.y
        shown = screen_text(app)
        for footer in ("Answered", "Wait", "Snooze", "Close", "Undo", "Quit"):
            assert footer in shown

    run(app, script, size=(160, 50))


def test_resizing_switches_the_layout(app: ReviewApp) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.resize_terminal(160, 50)
        await pilot.pause()
        assert app.main.has_class("wide")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not app.main.has_class("wide")
        assert app.current == 1

    run(app, script, size=(80, 24))


# Hostile text

EVIL_SUBJECT = (
    "Evil \x1b[31mred\x1b[0m \x9b2J \x1b]0;pwned\x07 [bold red]x[/] "
    "\x1b]8;;http://x\x07link\x1b]8;;\x07 \u202egnp.exe"
)
EVIL_NAME = "[bold red]x[/] \x1b[31m\x9b\u202eMallory"
EVIL_BODY = (
    "Bonjour,\n\nTitle \x1b]0;pwned\x07 and [bold red]x[/] and \u202e bidi, "
    "\x1b]8;;http://x\x07a link\x1b]8;;\x07, \x9b2J and \x1b[2J.\n"
)
HUGE_LINE = "Bonjour, " + "x" * 1_000_000


@pytest.fixture
def hostile(
    store: Store,
    make_mail: MakeMail,
    make_mbox: MakeMbox,
    monkeypatch: pytest.MonkeyPatch,
) -> Store:
    """Mallory writes twice with escapes, markup and bidi everywhere; Hugo sends a
    1 MB line; Claire attaches files with hostile names."""
    monkeypatch.setenv("TRIAGE_NOW", NOW)
    mails = [
        make_mail(
            EVIL_SUBJECT,
            EVIL_BODY,
            sender="mallory@example.com",
            name=EVIL_NAME,
            message_id=f"<evil-{n}@example.com>",
            date=f"Mon, 0{n} Nov 2026 09:00:00 +0000",
        )
        for n in (2, 3)
    ]
    mails.append(
        make_mail(
            "Long",
            HUGE_LINE + "\n",
            sender="hugo@example.com",
            name="Hugo",
            message_id="<huge@example.com>",
            date="Wed, 04 Nov 2026 09:00:00 +0000",
        )
    )
    mails.append(
        Path(__file__).parent.joinpath("data/mail/hostile-filenames.eml").read_bytes()
    )
    import_mailbox(store, make_mbox(mails))
    return store


def assert_inert(shown: str) -> None:
    assert UNSAFE.search(shown) is None, UNSAFE.findall(shown)
    assert "[bold red]x[/]" in shown
    assert "pwned" in shown


def test_hostile_text_is_shown_inert(hostile: Store) -> None:
    app = ReviewApp(hostile)
    evil = hostile.message(1).case_id

    async def script(pilot: Pilot[None]) -> None:
        await go_to(pilot, app, evil)
        shown = screen_text(app)
        assert_inert(shown)
        assert "\\x1b[31m" in shown and "\\u202e" in shown and "\\x9b" in shown
        assert "Evil \\x1b[31mred" in shown  # the queue row and the summary
        assert "Title \\x1b]0;pwned\\x07" in shown  # the body
        # Every cell of the queue is rich Text, never a string read as markup.
        for row in range(app.table.row_count):
            assert all(isinstance(c, Text) for c in app.table.get_row_at(row))
        for key in ("m", "x"):  # pickers show subjects, names and new text
            await pilot.press(key)
            await pilot.pause()
            assert_inert(screen_text(app))
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        app.view.scroll_end(animate=False)
        await pilot.pause()
        assert UNSAFE.search(screen_text(app)) is None

    run(app, script)


def test_hostile_attachment_names_are_shown_inert(hostile: Store) -> None:
    app = ReviewApp(hostile)
    claire = hostile.message(4).case_id

    async def script(pilot: Pilot[None]) -> None:
        await go_to(pilot, app, claire)
        shown = screen_text(app)
        assert UNSAFE.search(shown) is None
        # mail.py already made the names safe to save; shown as it left them.
        assert "Attached: devis_[31m_rouge_fin.pdf" in shown
        assert "Attached: facture_fdp.exe" in shown

    run(app, script, size=(160, 50))


def test_a_1mb_line_is_cut_and_the_app_stays_responsive(hostile: Store) -> None:
    app = ReviewApp(hostile)
    huge = hostile.message(3).case_id

    async def script(pilot: Pilot[None]) -> None:
        await go_to(pilot, app, huge)
        text = app.view.query(".message-text").first(Static)
        assert len(str(text.content)) < MAX_SHOWN_CHARS + 200
        app.view.scroll_end(animate=False)
        await pilot.pause()
        assert "more characters: triage show --message 3]" in screen_text(app)
        await pilot.press("space", "b", "e", "k")
        await pilot.pause()
        assert app.current != huge
        await pilot.press("j")
        assert app.current == huge

    run(app, script)


@pytest.fixture
def huge_headers(
    store: Store,
    make_mail: MakeMail,
    make_mbox: MakeMbox,
    monkeypatch: pytest.MonkeyPatch,
) -> Store:
    """Hugo's subject and name are each a 1 MB line; Bob writes a plain mail."""
    monkeypatch.setenv("TRIAGE_NOW", NOW)
    mails = [
        make_mail(
            "Colis " + "y" * 1_000_000,
            "Bonjour,\n\nOù est mon colis ?\n",
            sender="hugo@example.com",
            name="Hugo " + "z" * 1_000_000,
            message_id="<huge-headers@example.com>",
        ),
        make_mail(
            "Remboursement",
            "Bonjour,\n\nJe veux être remboursé.\n",
            sender="bob@example.com",
            name="Bob",
            message_id="<bob@example.com>",
            date="Wed, 04 Nov 2026 09:00:00 +0000",
        ),
    ]
    import_mailbox(store, make_mbox(mails))
    return store


def test_a_1mb_subject_and_name_are_cut(huge_headers: Store) -> None:
    app = ReviewApp(huge_headers)
    limit = MAX_SHOWN_CHARS + 1000

    async def script(pilot: Pilot[None]) -> None:
        assert app.current == huge_headers.message(1).case_id
        for shown in app.view.query(Static):
            assert len(str(shown.content)) < limit
        await pilot.press("j", "m")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        prompt = options.get_option_at_index(0).prompt
        assert len(str(prompt)) < limit

    run(app, script)


def test_keys_act_on_the_case_under_the_cursor(app: ReviewApp, sample: Store) -> None:
    """A burst of keys (j then c) closes the case the cursor is on, even when the
    highlight has not redrawn the case yet."""

    async def script(pilot: Pilot[None]) -> None:
        first = app.current
        app.table.action_cursor_down()  # no pause: the highlight is still queued
        under = int(
            app.table.coordinate_to_cell_key((app.table.cursor_row, 0)).row_key.value
            or 0
        )
        app.action_close()
        await pilot.pause()
        assert under != first
        assert sample.cases.state(under) == "closed"
        assert sample.cases.state(first or 0) == "open"

    run(app, script)


def test_enter_does_not_confirm_closing_the_noise(
    app: ReviewApp, sample: Store
) -> None:
    async def script(pilot: Pilot[None]) -> None:
        before = len(app.cases)
        await pilot.press("N")
        await pilot.pause()
        await pilot.press("enter", "enter")  # all the noise, then Enter: no
        await pilot.pause()
        assert len(app.cases) == before
        await pilot.press("N")
        await pilot.pause()
        await pilot.press("down", "enter", "y")  # only the empty ones
        await pilot.pause()
        assert len(app.cases) == before - 2

    run(app, script)


def test_undo_returns_to_the_case_it_undid(app: ReviewApp, sample: Store) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("j", "j", "j")
        await pilot.pause()
        chosen = app.current
        await pilot.press("a")
        await pilot.pause()
        assert app.current != chosen
        await pilot.press("u")
        await pilot.pause()
        assert app.current == chosen

    run(app, script)
