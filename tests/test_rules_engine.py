"""The rules engine's reuse of earlier judgements: only what may have changed runs.

A relabel reuses a message's built-in labels and facts when the same rules (code and
word lists, the config's additions included) judged it and the user rules suppress
the same labels as then. These tests count the built-in rule runs, and check that a
relabel that reuses gives exactly what a relabel from scratch gives.
"""

from collections.abc import Iterator
from importlib.resources import as_file, files
from pathlib import Path

import pytest

from triage.importer import MailboxFormat, import_mailbox
from triage.rules import engine
from triage.rules.settings import RuleSettings
from triage.rules.user import parse_rules
from triage.store import Store, open_store


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[Store]:
    """The bundled sample mailbox, imported (and so labelled once)."""
    store = open_store(tmp_path / "sample.db")
    with as_file(files("triage.sample").joinpath("mailbox.mbox")) as path:
        import_mailbox(store, Path(path), MailboxFormat.MBOX, workers=0)
    yield store
    store.close()


@pytest.fixture
def judged(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """IDs of the messages the built-in rules ran on, in order."""
    seen: list[int] = []
    real = engine.judge

    def counting(m, lex, skip=frozenset()):  # type: ignore[no-untyped-def]
        seen.append(m.id)
        return real(m, lex, skip)

    monkeypatch.setattr(engine, "judge", counting)
    return seen


def labels_of(store: Store) -> dict[int, set[tuple[str, str | None, str | None]]]:
    return {
        m.id: {(d.label, d.rule, d.reason) for d in m.label_details}
        for m in store.messages()
    }


def facts_of(store: Store) -> dict[int, tuple[object, ...]]:
    return {m.id: (m.customer, m.language, m.tone) for m in store.messages()}


PARTNER = RuleSettings(
    user=parse_rules(
        [
            {
                "name": "partner",
                "label": "partner",
                "suppress": ["newsletter", "auto-reply"],
                "from": {"glob": "*@example-relationclient.org"},
            },
            {"name": "delivery", "label": "delivery", "subject": ["colis"]},
        ]
    )
)


def test_a_second_relabel_runs_no_built_in_rule(
    sample: Store, judged: list[int]
) -> None:
    before = labels_of(sample)
    outcome = engine.relabel(sample)
    assert judged == []
    assert outcome.changes == ()
    assert labels_of(sample) == before


def test_a_new_user_rule_reruns_only_the_messages_whose_suppressions_change(
    sample: Store, judged: list[int]
) -> None:
    engine.relabel(sample, PARTNER)
    (partner,) = [
        m.id for m in sample.messages() if m.from_addr.endswith("relationclient.org")
    ]
    assert judged == [partner]  # its newsletter label is suppressed now
    details = {d.label: d.rule for d in sample.message(partner).label_details}
    assert details.get("partner") == "partner" and "newsletter" not in details
    # Both labels the rule names are kept off, whether or not a rule would give them.
    assert set(sample.message(partner).suppressed) == {
        ("newsletter", "partner"),
        ("auto-reply", "partner"),
    }


def test_lexicon_additions_change_the_fingerprint_and_rerun_everything(
    sample: Store, judged: list[int]
) -> None:
    added = RuleSettings(lexicon=(("insults", ("patate",)),))
    assert engine.fingerprint(added.lexicon) != engine.fingerprint()
    engine.relabel(sample, added)
    assert len(judged) == sample.count()
    judged.clear()
    engine.relabel(sample, added)
    assert judged == []


def test_reusing_gives_what_judging_from_scratch_gives(
    sample: Store, tmp_path: Path
) -> None:
    for settings in (PARTNER, RuleSettings(), PARTNER):
        engine.relabel(sample, settings)
        reused = (labels_of(sample), facts_of(sample))
        sample.db.execute("UPDATE messages SET judged_with = NULL")
        sample.conn.commit()
        engine.relabel(sample, settings)
        assert (labels_of(sample), facts_of(sample)) == reused
