"""The review's dialogs driven by Textual's Pilot: the merge picker narrowed by
typing, and ticks that show without colour.

Most tests run the real app on the bundled sample (the fixtures of test_tui.py);
the picker's cap and hostile text are tried on the screen alone, inside a tiny app,
with synthetic cases: 50,000 of them, as a large mailbox gives.
"""

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest
import test_tui
from test_tui import (
    EVIL_NAME,
    SIZE,
    UNSAFE,
    ReviewApp,
    Script,
    case_of,
    go_to,
    latest_labels,
    picture,
    run,
    screen_text,
    type_text,
)
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, SelectionList, Static

from triage.cases.priority import case
from triage.records import Case, CaseFacts
from triage.store import Store
from triage.tui.screens import (
    PICK_SHOWN,
    LabelsScreen,
    PickCaseScreen,
    PickMessagesScreen,
)

NOW = datetime(2026, 11, 16, 8, tzinfo=UTC)  # test_tui's NOW, for synthetic cases

# test_tui's fixtures: the sample imported once, a copy of it each, the app over it.
sample = test_tui.sample
app = test_tui.app


def offered(screen: object) -> list[int]:
    """The case IDs the picker lists, in order (the lines saying more have none)."""
    assert isinstance(screen, PickCaseScreen)
    options = screen.query_one(OptionList)
    ids = (options.get_option_at_index(i).id for i in range(options.option_count))
    return [int(i) for i in ids if i is not None]


async def open_picker(pilot: Pilot[None], case_id: int = 4) -> PickCaseScreen:
    app = pilot.app
    assert isinstance(app, ReviewApp)
    await go_to(pilot, app, case_id)
    await pilot.press("m")
    await pilot.pause()
    assert isinstance(app.screen, PickCaseScreen)
    assert app.screen.focused is app.screen.query_one(Input)
    return app.screen


async def narrow(pilot: Pilot[None], text: str) -> None:
    await type_text(pilot, text)
    await pilot.pause()


# The merge picker on the sample


@pytest.mark.parametrize("typed", ["lefevre", "Lefèvre", "LEFÈVRE", "sandrine lef"])
def test_typing_a_name_narrows_the_merge_picker(app: ReviewApp, typed: str) -> None:
    async def script(pilot: Pilot[None]) -> None:
        screen = await open_picker(pilot)
        everything = offered(screen)
        await narrow(pilot, typed)
        assert offered(screen) == [1]
        assert "Sandrine Lefèvre" in screen_text(app)
        await pilot.press(*["backspace"] * len(typed))
        await pilot.pause()
        assert offered(screen) == everything

    run(app, script)


def test_an_accented_name_is_found_without_its_accents(app: ReviewApp) -> None:
    async def script(pilot: Pilot[None]) -> None:
        screen = await open_picker(pilot)
        await narrow(pilot, "francoise leveque")
        assert offered(screen) == [26]

    run(app, script)


@pytest.mark.parametrize(
    ("typed", "ids"),
    [
        ("19", [19]),
        ("#19", [19]),
        ("10", [10, 100, 101, 102, 103, 104]),
        ("2", [2, *range(20, 30)]),
    ],
)
def test_typing_a_number_narrows_to_that_case_and_those_it_begins(
    app: ReviewApp, typed: str, ids: list[int]
) -> None:
    async def script(pilot: Pilot[None]) -> None:
        screen = await open_picker(pilot)
        await narrow(pilot, typed)
        shown = offered(screen)
        assert shown[0] == ids[0]  # the case of that very number first
        assert sorted(shown) == ids

    run(app, script)


@pytest.mark.parametrize(
    ("typed", "ids"),
    [
        ("wallet", [24]),
        ("commande karim", [19]),  # case 4, Karim's own "ma commande", is not offered
        ("carte fidelite", [2, 21, 55, 56]),
        ("CMD-2026-1051", [19]),
    ],
)
def test_typing_subject_words_narrows_to_cases_with_every_word(
    app: ReviewApp, typed: str, ids: list[int]
) -> None:
    async def script(pilot: Pilot[None]) -> None:
        screen = await open_picker(pilot)
        await narrow(pilot, typed)
        assert sorted(offered(screen)) == ids

    run(app, script)


def test_nothing_matching_is_said_and_enter_picks_nothing(
    app: ReviewApp, sample: Store
) -> None:
    before = picture(sample)

    async def script(pilot: Pilot[None]) -> None:
        screen = await open_picker(pilot)
        await narrow(pilot, "zzzz")
        assert offered(screen) == []
        assert "No case matches." in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen

    run(app, script)
    assert picture(sample) == before


def test_down_and_enter_merge_into_the_highlighted_case(
    app: ReviewApp, sample: Store
) -> None:
    in_case = "SELECT count(*) FROM messages WHERE case_id = ?"

    async def script(pilot: Pilot[None]) -> None:
        screen = await open_picker(pilot)
        await narrow(pilot, "commande")
        options = screen.query_one(OptionList)
        assert options.highlighted == 0
        await pilot.press("down", "down", "up")
        await pilot.pause()
        assert options.highlighted == 1
        target = offered(screen)[1]
        had = sample.conn.execute(in_case, [target]).fetchone()[0]
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.main
        assert sample.conn.execute(in_case, [4]).fetchone()[0] == 0
        assert sample.conn.execute(in_case, [target]).fetchone()[0] == had + 3
        assert app.current == target
        assert ("information", f"case 4 merged into case {target}") in app.said

    run(app, script)


def test_escape_after_typing_merges_nothing(app: ReviewApp, sample: Store) -> None:
    before = picture(sample)

    async def script(pilot: Pilot[None]) -> None:
        await open_picker(pilot)
        await narrow(pilot, "karim")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main
        assert app.current == 4
        assert app.said == []

    run(app, script)
    assert picture(sample) == before


# The picker alone, on synthetic cases


def synthetic(case_id: int, name: str = "", subject: str = "") -> Case:
    facts = CaseFacts(
        id=case_id,
        customer=f"client{case_id}@example.fr",
        name=name or f"Client {case_id}",
        subject=subject or f"Commande CMD-2026-{case_id:06d}",
        state="open",
        snoozed_until=None,
        message_ids=(case_id,),
        first_date="2026-11-02T09:00:00Z",
        last_date="2026-11-02T09:00:00Z",
        labels=(),
        latest_labels=(),
        waiting_since="2026-11-02T09:00:00Z",
        unanswered=1,
        vague_unanswered=False,
        quiet=False,
    )
    return case(facts, NOW)


class PickerApp(App[None]):
    """The picker over nothing else, keeping what it answered."""

    CSS_PATH = ReviewApp.CSS_PATH

    def __init__(self, cases: Sequence[Case]) -> None:
        super().__init__()
        self.cases = cases
        self.picked: list[int | None] = []

    def on_mount(self) -> None:
        self.push_screen(PickCaseScreen("Merge into", self.cases), self.picked.append)


def run_picker(picker: PickerApp, script: Script) -> None:
    async def go() -> None:
        async with picker.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await script(pilot)

    asyncio.run(go())


@pytest.fixture(scope="module")
def many() -> list[Case]:
    """50,000 cases, the newest first, as a large mailbox would list them."""
    return [synthetic(i) for i in range(50_000, 0, -1)]


def test_the_picker_shows_200_and_says_how_many_more(many: list[Case]) -> None:
    picker = PickerApp(many)

    async def script(pilot: Pilot[None]) -> None:
        options = pilot.app.screen.query_one(OptionList)
        assert offered(pilot.app.screen) == list(range(50_000, 50_000 - PICK_SHOWN, -1))
        assert options.option_count == PICK_SHOWN + 1
        last = options.get_option_at_index(PICK_SHOWN)
        assert last.disabled
        assert str(last.prompt) == "… 49,800 more: type to narrow"
        count = pilot.app.screen.query_one(".pick-count", Static)
        assert str(count.content) == "50,000 cases match, the first 200 shown"
        await narrow(pilot, "cmd-2026-01")  # 10,000 to 19,999
        assert options.option_count == PICK_SHOWN + 1
        assert str(options.get_option_at_index(PICK_SHOWN).prompt) == (
            "… 9,800 more: type to narrow"
        )
        await pilot.press(*["backspace"] * len("cmd-2026-01"))
        await narrow(pilot, "12")  # 12, 120-129, 1200-1299, 12000-12999
        shown = offered(pilot.app.screen)
        assert shown[0] == 12  # the last given, first shown: no other way to it
        assert shown[1:4] == [12999, 12998, 12997]
        assert options.get_option_at_index(PICK_SHOWN).disabled
        await narrow(pilot, "34")  # 1234, 12340-12349: no line to say more
        assert offered(pilot.app.screen) == [1234, *range(12349, 12339, -1)]
        assert options.option_count == 11
        assert str(count.content) == "11 cases match"
        await pilot.press("down", "enter")
        await pilot.pause()
        assert picker.picked == [12349]

    run_picker(picker, script)


def test_escape_closes_the_picker_with_none() -> None:
    picker = PickerApp([synthetic(1), synthetic(2)])

    async def script(pilot: Pilot[None]) -> None:
        await narrow(pilot, "client")
        await pilot.press("escape")
        await pilot.pause()
        assert picker.picked == [None]

    run_picker(picker, script)


def test_hostile_names_and_subjects_show_inert_in_the_picker() -> None:
    evil = "[bold red]x[/] \x1b[31m pwned \u202e"
    picker = PickerApp(
        [synthetic(1), synthetic(2, subject=evil), synthetic(3, name=EVIL_NAME)]
    )

    async def script(pilot: Pilot[None]) -> None:
        for typed in ("", "bold red pwned"):
            await narrow(pilot, typed)
            shown = screen_text(pilot.app)
            assert UNSAFE.search(shown) is None, UNSAFE.findall(shown)
            assert "[bold red]x[/] \\x1b[31m pwned \\u202e" in shown
        assert offered(pilot.app.screen) == [2]
        await pilot.press(*["backspace"] * len("pwned"))
        await pilot.pause()
        assert offered(pilot.app.screen) == [2, 3]
        assert "[bold red]x[/] \\x1b[31m\\x9b\\u202eMallory" in screen_text(pilot.app)

    run_picker(picker, script)


# Ticks without colour


def dialog_lines(app: ReviewApp, mark: str) -> list[str]:
    return [line for line in screen_text(app).splitlines() if mark in line]


def test_split_ticks_show_without_colour(
    sample: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = ReviewApp(sample)  # Textual reads NO_COLOR as the app is made
    first = sample.conn.execute(
        "SELECT id FROM messages WHERE case_id = 1 ORDER BY date, id LIMIT 1"
    ).fetchone()[0]

    async def script(pilot: Pilot[None]) -> None:
        assert app.no_color
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, PickMessagesScreen)
        lines = dialog_lines(app, " #")
        assert len(lines) > 1
        assert all("[ ] #" in line for line in lines)
        await pilot.press("space")
        await pilot.pause()
        assert len(dialog_lines(app, f"[x] #{first} ")) == 1
        assert len(dialog_lines(app, "[x] #")) == 1
        await pilot.press("space", "space")  # off and on again
        await pilot.pause()
        assert app.screen.query_one(SelectionList).selected == [first]
        assert len(dialog_lines(app, f"[x] #{first} ")) == 1
        await pilot.press("enter")
        await pilot.pause()

    run(app, script)
    new = case_of(sample, first)
    assert new is not None and new != 1
    assert ("information", f"new case {new} from case 1") in app.said


def test_label_ticks_show_without_colour(
    sample: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = ReviewApp(sample)  # Textual reads NO_COLOR as the app is made

    async def script(pilot: Pilot[None]) -> None:
        assert app.no_color
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LabelsScreen)
        assert dialog_lines(app, "[x] escalating")
        assert dialog_lines(app, "[x] repeat-sender")
        assert dialog_lines(app, "[ ] auto-reply")
        assert dialog_lines(app, "[ ] vague")
        await pilot.press("space")  # auto-reply, the first
        await pilot.pause()
        assert dialog_lines(app, "[x] auto-reply")
        assert not dialog_lines(app, "[ ] auto-reply")
        assert dialog_lines(app, "[x] escalating")
        labels = app.screen.query_one(SelectionList)
        assert set(labels.selected) == {"auto-reply", "escalating", "repeat-sender"}
        await pilot.press("enter")
        await pilot.pause()

    run(app, script)
    assert {"auto-reply", "escalating", "repeat-sender"} <= latest_labels(sample, 1)
