"""Snapshots of the review's key screens, at 80x24 and 160x50 (pytest-textual-snapshot).

The SVGs live in tests/__snapshots__/. When a screen changes on purpose, read the
diff the failing test writes (snapshot_report.html), then update them with
`pytest tests/test_tui_snapshots.py --snapshot-update`.

Every screen is drawn from the bundled sample, with waits measured to a pinned
NOW and dates shown in UTC, so that the snapshots are the same on any machine and
any day: no clock, no cursor blink (no text input on these screens).
"""

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC
from pathlib import Path

import pytest
from textual.pilot import Pilot

from triage.config import Config
from triage.store import Store, open_store
from triage.tui.app import TriageApp
from triage.tui.widgets import MessageBlock

SnapCompare = Callable[..., bool]

NOW = "2026-11-16T08:00:00Z"  # the Monday after the sample's last mail
SIZES = pytest.mark.parametrize(
    "size", [(80, 24), (160, 50)], ids=lambda size: "{}x{}".format(*size)
)


@pytest.fixture
def sample(
    sample_db: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Store]:
    monkeypatch.setenv("TRIAGE_NOW", NOW)
    source, copy = sqlite3.connect(sample_db), sqlite3.connect(db_path)
    source.backup(copy)
    source.close()
    copy.close()
    store = open_store(db_path)
    yield store
    store.close()


@pytest.fixture
def app(sample: Store) -> TriageApp:
    return TriageApp(sample, Config(), UTC)


@SIZES
def test_main_screen(
    snap_compare: SnapCompare, app: TriageApp, size: tuple[int, int]
) -> None:
    """The queue and the first case: Sandrine, who wrote 17 times."""
    assert snap_compare(app, terminal_size=size)


@SIZES
def test_long_case(
    snap_compare: SnapCompare, app: TriageApp, size: tuple[int, int]
) -> None:
    """Case 1 further down, quoted text shown: her second mail quotes her first."""

    async def scroll_to_second_message(pilot: Pilot[None]) -> None:
        await pilot.press("e")
        second = list(app.query(MessageBlock))[1]
        app.view.scroll_to_widget(second, animate=False, top=True)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=scroll_to_second_message)


@SIZES
def test_help_screen(
    snap_compare: SnapCompare, app: TriageApp, size: tuple[int, int]
) -> None:
    assert snap_compare(app, terminal_size=size, press=["question_mark"])
