"""The review's dialogs: help, a yes/no question, a line of text, a case or
messages to pick, labels to set.

Each returns its answer through `dismiss` (None when cancelled with Escape), so
that the app's actions read as one `push_screen(..., callback)` each.

The case picker may be given every case (tens of thousands on a large mailbox)
and shows at most PICK_SHOWN of those matching what is typed: Textual pays for every
option a list holds, and nobody reads past a screenful anyway.
"""

import re
import unicodedata
from collections.abc import Sequence
from typing import ClassVar, TypeVar

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

# Options the case picker holds at a time; a last line says how many more match.
PICK_SHOWN = 200

_NARROW = "type to narrow: case number, customer, name or subject words"

# The accents NFKD splits off their letters: "è" is "e" then U+0300.
_COMBINING = re.compile("[\u0300-\u036f]")
# Ligatures NFKD leaves whole, as a French customer may type them or not.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})

Value = TypeVar("Value")


def _fold(text: str) -> str:
    """Text as a search compares it: lower case, no accents ("Lefèvre": "lefevre")."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _COMBINING.sub("", decomposed).translate(_LIGATURES)


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
    """Choose a case (the one to merge the current case into): type to narrow.

    Every typed word must match: a number the case ID (exactly or as its start,
    the exact one first), other words part of the customer's address, name or
    subject, case and accents ignored. The cases keep the order given (the app puts
    the same customer's first). Focus stays in the input: Up and Down move in the
    list, Enter picks.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("up", "move('cursor_up')", "Previous case", show=False),
        Binding("down", "move('cursor_down')", "Next case", show=False),
        Binding("pageup", "move('page_up')", "Page up", show=False),
        Binding("pagedown", "move('page_down')", "Page down", show=False),
    ]

    def __init__(self, prompt: str, cases: Sequence[Case]) -> None:
        super().__init__()
        self.prompt = prompt
        self.cases = cases
        # Folded once here (~0.2 s for 50,000 cases), not at each key (~30 ms).
        self._ids = [str(c.facts.id) for c in cases]
        self._keys = [
            _fold(f"{c.facts.customer}\n{c.facts.name}\n{c.facts.subject}")
            for c in cases
        ]
        self._prompts: dict[int, Text] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.prompt))
            yield Input(placeholder=_NARROW)
            yield Static(classes="pick-count")
            choices = OptionList()
            choices.can_focus = False  # typing goes on in the input
            yield choices

    def on_mount(self) -> None:
        self._show("")

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _matches(self, typed: str) -> list[int]:
        """The indices of the cases matching every word of `typed`."""
        words = _fold(typed).split()
        numbers = [w.lstrip("#") for w in words if w.lstrip("#").isdigit()]
        texts = [w for w in words if not w.lstrip("#").isdigit()]
        found = [
            i
            for i, (ident, key) in enumerate(zip(self._ids, self._keys, strict=True))
            if all(ident.startswith(n) for n in numbers)
            and all(t in key for t in texts)
        ]
        # Case 12 first when 12 is typed: prefixes (120, 1200...) may be thousands.
        if numbers:
            found.sort(key=lambda i: self._ids[i] not in numbers)
        return found

    def _show(self, typed: str) -> None:
        found = self._matches(typed)
        options = [Option(self._prompt(i), id=self._ids[i]) for i in found[:PICK_SHOWN]]
        if len(found) > PICK_SHOWN:
            more = f"… {len(found) - PICK_SHOWN:,} more: type to narrow"
            options.append(Option(Text(more, style="dim"), disabled=True))
        elif not found:
            options.append(Option(Text("No case matches.", style="dim"), disabled=True))
        shown = min(len(found), PICK_SHOWN)
        self.query_one(".pick-count", Static).update(
            Text(
                f"{len(found):,} cases match"
                + (f", the first {shown:,} shown" if shown < len(found) else ""),
                style="dim",
            )
        )
        choices = self.query_one(OptionList)
        choices.clear_options()
        choices.add_options(options)
        choices.highlighted = 0 if found else None

    def _prompt(self, index: int) -> Text:
        if index not in self._prompts:
            facts = self.cases[index].facts
            self._prompts[index] = (
                Text(f"{facts.id:>6}  ")
                + safe(facts.name or facts.customer, single_line=True)
                + Text("  ")
                + safe(facts.subject, single_line=True, style="dim")
            )
        return self._prompts[index]

    def action_move(self, action: str) -> None:
        getattr(self.query_one(OptionList), f"action_{action}")()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        chosen = self.query_one(OptionList).highlighted_option
        if chosen is not None and not chosen.disabled and chosen.id:
            self.dismiss(int(chosen.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # A click: Enter comes through the input.
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


class TickList(SelectionList[Value]):
    """A SelectionList whose lines begin with "[x]" or "[ ]".

    Textual shows a tick by colour alone, and NO_COLOR takes colour away: then a
    ticked line and an unticked one would look the same.
    """

    def __init__(self, *choices: tuple[Text, Value, bool]) -> None:
        self._bare = [prompt for prompt, _, _ in choices]
        super().__init__(
            *(
                Selection(_ticked(prompt, on), value, on)
                for prompt, value, on in choices
            )
        )

    def on_selection_list_selected_changed(
        self, event: SelectionList.SelectedChanged[Value]
    ) -> None:
        ticked = set(self.selected)
        for index, bare in enumerate(self._bare):
            on = self.get_option_at_index(index).value in ticked
            self.replace_option_prompt_at_index(index, _ticked(bare, on))


def _ticked(prompt: Text, on: bool) -> Text:
    return Text("[x] " if on else "[ ] ") + prompt


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
            (
                Text(f"#{m.id} {(m.date or '')[:10]}  ")
                + safe(m.subject or "(no subject)", single_line=True)
                + Text("  ")
                + safe(m.new_text[:60], single_line=True, style="dim"),
                m.id,
                False,
            )
            for m in self.messages
        ]
        with Vertical(classes="dialog"):
            yield Static(Text(self.prompt))
            yield TickList[int](*choices)

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
            yield TickList[str](*((Text(n), n, n in has) for n in self.names))

    def action_done(self) -> None:
        ticked = set(self.query_one(SelectionList).selected)
        has = set(self.message.labels)
        changes = {n: n in ticked for n in self.names if (n in ticked) != (n in has)}
        self.dismiss(changes)

    def action_cancel(self) -> None:
        self.dismiss(None)
