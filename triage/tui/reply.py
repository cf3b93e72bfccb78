"""The reply key: one reply to the whole case, written by the agent, then saved.

`r` opens the draft (greeting, the several-messages line, the ask-back question,
a quote of the latest message: `triage.drafts`) in her `$VISUAL` or `$EDITOR`,
with the TUI suspended, the case digest above a cut line; with no editor set, in
an in-app editor with the digest beside it. A draft she did not change is not
saved. A written one is rendered, then stored and put in the account's Drafts
folder by `outbox.save_reply` in a thread worker with a connection of its own,
so that a slow server never freezes the screen; back on the main thread the case
becomes answered through the review, so that `u` reopens it.
"""

import os
import shlex
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from triage.cases.queue import CaseDetail, case_detail
from triage.drafts import (
    CUT_LINE,
    Draft,
    body_from_editor,
    editor_text,
    render,
    start_draft,
)
from triage.errors import ConfigError, InputError, TriageError
from triage.outbox import ReplyResult, reply_account, reply_sender, save_reply
from triage.store import open_store
from triage.tui.screens import ConfirmScreen
from triage.tui.widgets import safe

if TYPE_CHECKING:
    from triage.tui.app import TriageApp

EDITOR_VARIABLES = ("VISUAL", "EDITOR")


# Cases whose reply is being saved (a worker thread): a second `r` would store, and
# APPEND, a second draft.
_SAVING: set[int] = set()


def start_reply(app: "TriageApp", case_id: int) -> None:
    """Write a reply to the case: in her editor, the injected one, or in-app."""
    if case_id in _SAVING:
        app.notify(f"A reply to case {case_id} is being saved.", markup=False)
        return
    try:
        detail = case_detail(app.store, case_id)
    except TriageError as exc:
        app.notify(exc.message, severity="error", markup=False)
        return
    draft = start_draft(detail)
    text = editor_text(draft, detail)
    if app.editor is not None:
        _written(app, detail, draft, app.editor(text))
        return
    command = editor_command()
    if command is not None:
        edited: str | None = None
        problem: str | None = None
        try:
            with app.suspend():
                # Nothing may escape this block: the screen comes back only
                # when it ends normally.
                try:
                    edited = edit_with(*command, text)
                except TriageError as exc:
                    problem = exc.message
        except SuspendNotSupported:
            pass  # no terminal to hand over (Textual web): the in-app editor
        else:
            if problem is not None:
                _not_saved(app, problem)
            else:
                _written(app, detail, draft, edited)
            return

    def written(body: str | None) -> None:
        _written(app, detail, draft, None if body is None else f"{CUT_LINE}\n{body}")

    app.push_screen(DraftScreen(draft, text), written)


def editor_command() -> tuple[str, str] | None:
    """($VISUAL or $EDITOR, its value), the first one set; None when neither is."""
    for name in EDITOR_VARIABLES:
        value = os.environ.get(name, "").strip()
        if value:
            return name, value
    return None


def edit_with(variable: str, command: str, text: str) -> str:
    """Open `text` in the editor `command` (a shell-like command line, from
    `variable`); what it saved. The file lives in a private temporary directory
    and is deleted afterwards: it holds a customer's mail."""
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise ConfigError(f"cannot read ${variable} ({command!r}): {exc}") from None
    with tempfile.TemporaryDirectory(prefix="triage-reply-") as directory:
        path = Path(directory, "reply.txt")
        path.write_text(text, encoding="utf-8")
        try:
            child = subprocess.Popen([*argv, str(path)])
        except OSError as exc:
            raise ConfigError(
                f"cannot run the editor {argv[0]!r} from ${variable}: "
                f"{exc.strerror or exc}"
            ) from None
        with _interrupts_ignored():
            status = child.wait()
        if status != 0:
            raise InputError(f"the editor exited with status {status}")
        return path.read_text(encoding="utf-8", errors="replace")


@contextmanager
def _interrupts_ignored() -> Iterator[None]:
    """Ctrl+C in the editor is the editor's (as git does while its editor runs):
    the terminal sends SIGINT to triage as well, which must not die of it."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: nothing to protect
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _written(
    app: "TriageApp", detail: CaseDetail, draft: Draft, text: str | None
) -> None:
    """Save what she wrote, unless she wrote nothing."""
    if text is None:
        app.notify("Reply not saved.", markup=False)
        return
    body = body_from_editor(text)
    if body == body_from_editor(editor_text(draft, detail)):
        app.notify("Reply not saved: nothing written", markup=False)
        return
    if not body.strip():
        app.notify("Reply not saved: the draft is empty", markup=False)
        return
    case_id = detail.case.facts.id
    try:
        account = reply_account(app.store, app.config, case_id)
    except TriageError as exc:
        app.notify(exc.message, severity="error", markup=False)
        return
    answering = next(
        (m for m in detail.messages if m.message_id == draft.in_reply_to),
        detail.messages[-1],
    )
    raw = render(replace(draft, body=body), reply_sender(account, answering.to_addrs))
    path, config = app.store.path, app.config

    def save() -> None:
        # A thread of its own needs a connection of its own (sqlite3).
        try:
            store = open_store(path, create=False)
            try:
                result = save_reply(store, config, case_id, raw)
            finally:
                store.close()
        except TriageError as exc:
            app.call_from_thread(_not_saved, app, exc.message, case_id)
            return
        except Exception as exc:
            # Textual would end the app printing every frame's locals: the
            # login's hold the password. Only the kind of failure is shown.
            app.call_from_thread(
                _not_saved,
                app,
                f"unexpected {type(exc).__name__} (a bug in triage)",
                case_id,
            )
            return
        app.call_from_thread(_saved, app, case_id, result)

    app.notify("Saving the reply…", markup=False)
    _SAVING.add(case_id)
    app.run_worker(save, name=f"reply to case {case_id}", group="reply", thread=True)


def _saved(app: "TriageApp", case_id: int, result: ReplyResult) -> None:
    """On the main thread: the case is answered (undoable), and she is told."""
    _SAVING.discard(case_id)

    def answered() -> None:
        app.review.set_state(case_id, "answered")

    app._act(answered, move_on=app.current == case_id)
    trouble = result.error is not None and result.account is not None
    app.notify(
        result.describe(),
        severity="warning" if trouble or result.flag_error else "information",
        markup=False,
    )


def _not_saved(app: "TriageApp", message: str, case_id: int | None = None) -> None:
    _SAVING.discard(case_id or 0)
    app.notify(f"Reply not saved: {message}", severity="error", markup=False)


class DraftScreen(ModalScreen[str | None]):
    """The in-app editor: the draft's body, and the case digest beside it so that
    every question gets its answer. Ctrl+S saves; Escape cancels (asking first
    when something was written)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    DEFAULT_CSS = """
    DraftScreen #draft {
        width: 100%;
        max-width: 160;
        height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    DraftScreen #draft-title {
        height: auto;
        max-height: 2;
    }
    DraftScreen #draft-panes {
        height: 1fr;
    }
    DraftScreen TextArea {
        width: 1fr;
        height: 1fr;
    }
    DraftScreen #draft-digest {
        width: 32%;
        min-width: 24;
        max-width: 56;
        height: 1fr;
        padding: 0 0 0 1;
        border-left: solid $primary;
    }
    DraftScreen #draft-keys {
        height: 1;
        color: $text-muted;
    }
    """

    def __init__(self, draft: Draft, text: str) -> None:
        super().__init__()
        self.draft = draft
        # The digest is what her editor shows above the cut line, made inert
        # there already; To and Subject are in the title instead.
        notes = text.split(CUT_LINE)[0].splitlines()
        self.notes = [
            line.removeprefix("#").strip()
            for line in notes
            if not line.startswith(("# To:", "# Subject:"))
        ]

    def compose(self) -> ComposeResult:
        d = self.draft
        title = (
            Text("Reply to ", style="bold")
            + safe(
                f"{d.to_name} <{d.to_addr}>" if d.to_name else d.to_addr,
                single_line=True,
            )
            + Text(" · ")
            + safe(d.subject, single_line=True)
        )
        digest = Text("Digest", style="bold")
        for note in self.notes:
            kind, sep, value = note.partition(": ")
            digest += Text("\n")
            digest += (
                Text(kind + sep, style="bold") + Text(value) if sep else Text(note)
            )
        if not self.notes:
            digest += Text("\nNo numbers or questions found.", style="dim")
        with Vertical(id="draft"):
            yield Static(title, id="draft-title")
            with Horizontal(id="draft-panes"):
                yield TextArea(d.body, soft_wrap=True, id="draft-body")
                digest_pane = VerticalScroll(id="draft-digest")
                digest_pane.can_focus = False  # Tab must not send her typing there
                with digest_pane:
                    yield Static(digest)
            yield Static(Text("ctrl+s save the reply · esc cancel"), id="draft-keys")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        # Her words go below the greeting and the lines after it, above the quote.
        lines = self.draft.body.split("\n")
        quote = next(
            (i for i, line in enumerate(lines) if line.startswith(">")), len(lines)
        )
        area.move_cursor((max(quote - 3, 0), 0))

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        if self.query_one(TextArea).text == self.draft.body:
            self.dismiss(None)
            return

        def discard(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard this reply?"), discard)
