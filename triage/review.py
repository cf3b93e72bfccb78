"""What the agent does to cases while she works through them, each undoable.

The review TUI calls these, one per key; each is saved at once (quitting or a
crash loses nothing) and remembered with what it changed, so that `undo` puts it
back exactly: a state with its snooze date and answered time, a merge with its
pins and notes, a label with its manual flag. Undo is for this session; what was
saved stays saved.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from triage.cases.queue import close_noise
from triage.store import Store


@dataclass(frozen=True, slots=True)
class Done:
    """One action, said in words, and how to take it back."""

    description: str
    undo: Callable[[], None]
    cases: tuple[int, ...] = ()  # the cases it touched: the screen returns to them


class Review:
    """The agent's actions on the store, with an undo history."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._done: list[Done] = []
        self.undone_cases: tuple[int, ...] = ()  # of the latest undo

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    def undo(self) -> str | None:
        """Take back the latest action; what it was, or None when nothing is left."""
        if not self._done:
            return None
        done = self._done.pop()
        done.undo()
        self.undone_cases = done.cases
        return done.description

    def set_state(self, case_id: int, state: str, until: str | None = None) -> str:
        shown = f"case {case_id}: {state}"
        return self._on_cases(
            [case_id], shown, lambda: self.store.cases.set_state(case_id, state, until)
        )

    def note(self, case_id: int, text: str) -> str:
        return self._on_cases(
            [case_id],
            f"case {case_id}: note added",
            lambda: self.store.cases.add_note(case_id, text),
        )

    def merge(self, source: int, target: int) -> str:
        return self._on_cases(
            [source, target],
            f"case {source} merged into case {target}",
            lambda: self.store.cases.merge(source, target),
        )

    def split(self, case_id: int, message_ids: Sequence[int]) -> int:
        """Split messages off into a new case; its ID."""
        made: list[int] = []
        self._on_cases(
            [case_id],
            f"{len(message_ids)} messages split off case {case_id}",
            lambda: made.append(self.store.cases.split(case_id, message_ids)),
        )
        # The new case is touched too: its undo makes it go.
        self._done[-1] = replace(self._done[-1], cases=(case_id, made[0]))
        return made[0]

    def move(self, message_id: int, case_id: int) -> str:
        source = self.store.message(message_id).case_id
        cases = [case_id, *([source] if source is not None else [])]
        return self._on_cases(
            cases,
            f"message {message_id} moved to case {case_id}",
            lambda: self.store.cases.move(message_id, case_id),
        )

    def close_noise(self, label: str | None = None) -> list[int]:
        """Close every open noise case (with `label`, those with it); which."""
        noise = close_noise(self.store, label, dry_run=True)
        ids = [c.facts.id for c in noise]
        if ids:
            self._on_cases(
                ids,
                f"{len(ids)} noise cases closed",
                lambda: self.store.cases.close(ids),
            )
        return ids

    def label(self, message_id: int, label: str, *, on: bool) -> str:
        """Set (`on`) or remove a label by hand."""
        return self.labels(message_id, {label: on})

    def labels(self, message_id: int, changes: Mapping[str, bool]) -> str:
        """Set (True) or remove (False) labels by hand, as one action: one undo."""
        snaps = [self.store.labels.snapshot(message_id, label) for label in changes]
        for label, on in changes.items():
            if on:
                self.store.labels.add(message_id, label)
            else:
                self.store.labels.remove(message_id, label)
        said = ", ".join(
            f"{label} {'set' if on else 'removed'}" for label, on in changes.items()
        )
        shown = f"message {message_id}: {said}"
        case_id = self.store.message(message_id).case_id

        def undo() -> None:
            for snap in reversed(snaps):
                self.store.labels.restore(snap)

        self._done.append(Done(shown, undo, (case_id,) if case_id is not None else ()))
        return shown

    def _on_cases(
        self, case_ids: Sequence[int], description: str, action: Callable[[], object]
    ) -> str:
        snap = self.store.cases.snapshot(case_ids)
        action()  # a TriageError leaves nothing to undo
        self._done.append(
            Done(description, lambda: self.store.cases.restore(snap), tuple(case_ids))
        )
        return description
