"""Grouping a whole store: the sample's hard cases come out as expected."""

import json
from importlib.resources import as_file, files
from pathlib import Path

from triage.cases.engine import group_store
from triage.cases.settings import CaseSettings
from triage.importer import MailboxFormat, import_mailbox
from triage.store import open_store


def test_the_samples_cases(tmp_path: Path) -> None:
    store = open_store(tmp_path / "sample.db")
    with as_file(files("triage.sample").joinpath("mailbox.mbox")) as path:
        import_mailbox(store, Path(path), MailboxFormat.MBOX, workers=0)
    expected = json.loads(files("triage.sample").joinpath("expected.json").read_text())
    case_of = {m["message_id"]: m["case"] for m in expected["messages"]}
    ids = {m.id: m.message_id for m in store.messages()}

    def cases(settings: CaseSettings | None = None) -> list[set[str]]:
        return [{case_of[ids[i]] for i in c} for c in group_store(store, settings)]

    found = cases()
    # Never two expected cases in one: no customers or matters mixed.
    assert all(len(names) == 1 for names in found)
    two_addresses = "c006-carte-bloquee"
    assert sum(two_addresses in names for names in found) == 1
    # Without the identity hint, the customer's two addresses are two cases.
    assert (
        sum(
            two_addresses in names
            for names in cases(CaseSettings(identity_hints=False))
        )
        == 2
    )
    # A customer's auto-reply is a case of its own.
    assert {"automatic claire.dubois@sfr.fr"} in found
    store.close()
