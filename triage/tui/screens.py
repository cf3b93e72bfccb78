"""The review's dialogs: help, a yes/no question, a line of text, a case or
messages to pick, labels to set.

Each returns its answer through `dismiss` (None when cancelled with Escape), so
that the app's actions read as one `push_screen(..., callback)` each.
"""

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from triage.records import Case, Message
from triage.tui.widgets import safe


class HelpScreen(ModalScreen[None]):
    """Every key, as the footer cannot show them all at 80 columns."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close")
    ]

    def __init__(self, keys: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        # Two pairs of columns: every key fits on 24 lines.
        grid = Table.grid(padding=(0, 1), expand=True)
        for _ in range(2):
            grid.add_column(style="bold cyan", justify="right", no_wrap=True)
            grid.add_column(ratio=1)
        half = (len(self.keys) + 1) // 2
        rights = [*self.keys[half:], ("", "")][:half]
        for left, right in zip(self.keys[:half], rights, strict=True):
            grid.add_row(*left, *right)
        with VerticalScroll(classes="dialog help"):
            yield Static(Text("Keys", style="bold"))
            yield Static(grid)
            yield Static(Text("Ctrl+P: every action by name.  Esc: close.", "dim"))

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: y to go ahead, n or Escape not to. Enter is No: a key
    pressed out of habit must not discard a reply or close a hundred cases."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape,enter", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question))
            yield Static(Text("y: yes   n, Esc, Enter: no", style="dim"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class AskScreen(ModalScreen[str | None]):
    """One line of text: a note, a snooze date, a filter."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, prompt: str, placeholder: str = "", value: str = "") -> None:
        super().__init__()
        self.prompt = prompt
        self.placeholder = placeholder
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.prompt))
            yield Input(value=self.value, placeholder=self.placeholder)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickCaseScreen(ModalScreen[int | None]):
    """Choose a case (the one to merge the current case into)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, prompt: str, cases: Sequence[Case]) -> None:
        super().__init__()
        self.prompt = prompt
        self.cases = cases

    def compose(self) -> ComposeResult:
        options = [
            Option(
                Text(f"{c.facts.id:>6}  ")
                + safe(c.facts.name or c.facts.customer, single_line=True)
                + Text("  ")
                + safe(c.facts.subject, single_line=True, style="dim"),
                id=str(c.facts.id),
            )
            for c in self.cases
        ]
        with Vertical(classes="dialog"):
            yield Static(Text(self.prompt))
            yield OptionList(*options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickKindScreen(ModalScreen[str | None]):
    """Choose among a few kinds (all the noise, or one label of it). Dismissed
    with the kind's key; Escape closes it without calling back."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, prompt: str, kinds: Sequence[tuple[str | None, str]]) -> None:
        super().__init__()
        self.prompt = prompt
        self.kinds = list(kinds)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.prompt))
            yield OptionList(*(Option(Text(shown)) for _, shown in self.kinds))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.kinds[event.option_index][0])

    def action_cancel(self) -> None:
        self.app.pop_screen()


class PickMessagesScreen(ModalScreen[list[int] | None]):
    """Choose messages (space to tick, Enter to go): those that make a new case."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "done", "Split", priority=True),
    ]

    def __init__(self, prompt: str, messages: Sequence[Message]) -> None:
        super().__init__()
        self.prompt = prompt
        self.messages = messages

    def compose(self) -> ComposeResult:
        choices = [
            Selection(
                Text(f"#{m.id} {(m.date or '')[:10]}  ")
                + safe(m.subject or "(no subject)", single_line=True)
                + Text("  ")
                + safe(m.new_text[:60], single_line=True, style="dim"),
                m.id,
            )
            for m in self.messages
        ]
        with Vertical(classes="dialog"):
            yield Static(Text(self.prompt))
            yield SelectionList[int](*choices)

    def action_done(self) -> None:
        chosen = list(self.query_one(SelectionList).selected)
        self.dismiss(chosen or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class LabelsScreen(ModalScreen[dict[str, bool] | None]):
    """The labels of a message, ticked as they are: untick or tick, then Enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "done", "Apply", priority=True),
    ]

    def __init__(self, message: Message, names: Sequence[str]) -> None:
        super().__init__()
        self.message = message
        self.names = sorted({*names, *message.labels})

    def compose(self) -> ComposeResult:
        has = set(self.message.labels)
        with Vertical(classes="dialog"):
            yield Static(Text(f"Labels of message #{self.message.id}"))
            yield SelectionList[str](
                *(Selection(Text(n), n, n in has) for n in self.names)
            )

    def action_done(self) -> None:
        ticked = set(self.query_one(SelectionList).selected)
        has = set(self.message.labels)
        changes = {n: n in ticked for n in self.names if (n in ticked) != (n in has)}
        self.dismiss(changes)

    def action_cancel(self) -> None:
        self.dismiss(None)
