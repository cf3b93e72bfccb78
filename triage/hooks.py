"""What runs on messages as soon as they are stored, by `import` or `sync`.

The rules pass and case grouping register here, and see only the new messages: a
sync of five new messages does not relabel or regroup the whole store. Each hook
gets the config, for its settings (the user's rules, thresholds).
"""

from collections.abc import Callable, Sequence

from triage.config import Config
from triage.store import Store

NewMessagesHook = Callable[[Store, Sequence[int], Config], None]


def _rules(store: Store, message_ids: Sequence[int], config: Config) -> None:
    from triage.rules.engine import label_messages  # loaded when there is mail

    # Messages a killed run stored but never labelled are caught up with here.
    pending = set(store.labels.unjudged_ids())
    label_messages(store, sorted(pending | set(message_ids)), config.rules)


def _cases(store: Store, message_ids: Sequence[int], config: Config) -> None:
    from triage.cases.engine import group_new

    # After the rules: grouping reads the customer and the automatic labels.
    pending = set(store.cases.ungrouped_ids())
    group_new(store, sorted(pending | set(message_ids)), config.cases)


# In the order they run; a later hook sees what an earlier one wrote.
AFTER_STORE: list[NewMessagesHook] = [_rules, _cases]


def after_store(
    store: Store, message_ids: Sequence[int], config: Config | None = None
) -> None:
    """Run every registered hook on the row IDs just stored."""
    if not message_ids:
        return
    for hook in AFTER_STORE:
        hook(store, message_ids, config or Config())
