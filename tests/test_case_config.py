"""The [cases] table: parsed, validated, and honoured when new mail is grouped."""

import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from triage.cases.settings import CaseSettings, GroupingSettings
from triage.config import CASES_KEYS, Config, load_config
from triage.errors import ConfigError
from triage.importer import MailboxFormat, import_mailbox
from triage.store import Store

ROOT = Path(__file__).resolve().parent.parent

MakeMail = Callable[..., bytes]
MakeMbox = Callable[..., Path]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str) -> Config:
    return load_config(write(tmp_path, text), required=True)


def test_defaults_without_the_table(tmp_path: Path) -> None:
    assert load(tmp_path, "").cases == CaseSettings()
    assert Config().cases == CaseSettings()


def test_defaults_with_an_empty_table(tmp_path: Path) -> None:
    cases = load(tmp_path, "[cases]\n").cases
    assert cases.grouping == GroupingSettings(
        similarity=80.0, window_days=30, compare_last=30, generic_days=7
    )
    assert cases.identity_hints is True


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("similarity = 72.5", CaseSettings(GroupingSettings(similarity=72.5))),
        ("similarity = 90", CaseSettings(GroupingSettings(similarity=90.0))),
        ("similarity = 0", CaseSettings(GroupingSettings(similarity=0.0))),
        ("similarity = 100", CaseSettings(GroupingSettings(similarity=100.0))),
        ("window_days = 1", CaseSettings(GroupingSettings(window_days=1))),
        ("compare_last = 5", CaseSettings(GroupingSettings(compare_last=5))),
        ("generic_days = 0", CaseSettings(GroupingSettings(generic_days=0))),
        ("generic_days = 14", CaseSettings(GroupingSettings(generic_days=14))),
        ("identity_hints = false", CaseSettings(identity_hints=False)),
        ("identity_hints = true", CaseSettings(identity_hints=True)),
    ],
)
def test_each_key(tmp_path: Path, line: str, expected: CaseSettings) -> None:
    assert load(tmp_path, f"[cases]\n{line}\n").cases == expected


def test_an_integer_similarity_is_a_float(tmp_path: Path) -> None:
    similarity = load(tmp_path, "[cases]\nsimilarity = 85\n").cases.grouping.similarity
    assert similarity == 85.0
    assert isinstance(similarity, float)


def test_every_key_at_once(tmp_path: Path) -> None:
    text = (
        "[cases]\nsimilarity = 65.5\nwindow_days = 10\ncompare_last = 3\n"
        "generic_days = 2\nidentity_hints = false\n"
    )
    assert load(tmp_path, text).cases == CaseSettings(
        grouping=GroupingSettings(
            similarity=65.5, window_days=10, compare_last=3, generic_days=2
        ),
        identity_hints=False,
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("similarity = -1", "cases.similarity must be between 0 and 100"),
        ("similarity = 100.5", "cases.similarity must be between 0 and 100"),
        ("similarity = nan", "cases.similarity must be between 0 and 100"),
        ("similarity = inf", "cases.similarity must be between 0 and 100"),
        ("window_days = 0", "cases.window_days must be 1 or more"),
        ("window_days = -3", "cases.window_days must be 1 or more"),
        ("compare_last = 0", "cases.compare_last must be 1 or more"),
        ("generic_days = -1", "cases.generic_days must be 0 or more"),
    ],
)
def test_value_out_of_range(tmp_path: Path, line: str, expected: str) -> None:
    path = write(tmp_path, f"[cases]\n{line}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path, required=True)
    assert caught.value.message == f"{path}: {expected}"
    assert caught.value.exit_code == 3


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('similarity = "80"', "'cases.similarity' must be a number, not a string"),
        ("similarity = true", "'cases.similarity' must be a number, not true/false"),
        ("similarity = [80]", "'cases.similarity' must be a number, not a list"),
        (
            "window_days = 2.5",
            "'cases.window_days' must be an integer, not a decimal number",
        ),
        ('window_days = "30"', "'cases.window_days' must be an integer, not a string"),
        (
            "window_days = true",
            "'cases.window_days' must be an integer, not true/false",
        ),
        (
            "compare_last = 30.0",
            "'cases.compare_last' must be an integer, not a decimal number",
        ),
        (
            "generic_days = false",
            "'cases.generic_days' must be an integer, not true/false",
        ),
        (
            'identity_hints = "yes"',
            "'cases.identity_hints' must be true/false, not a string",
        ),
        (
            "identity_hints = 1",
            "'cases.identity_hints' must be true/false, not an integer",
        ),
    ],
)
def test_wrong_type(tmp_path: Path, line: str, expected: str) -> None:
    path = write(tmp_path, f"[cases]\n{line}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path, required=True)
    assert caught.value.message == f"{path}: {expected}"


def test_cases_must_be_a_table(tmp_path: Path) -> None:
    path = write(tmp_path, "cases = 80\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path, required=True)
    assert caught.value.message == f"{path}: 'cases' must be a table, not an integer"


@pytest.mark.parametrize(
    ("text", "typo", "meant"),
    [
        ("[cases]\nsimilarty = 80\n", "cases.similarty", "cases.similarity"),
        ("[cases]\nwindow = 30\n", "cases.window", "cases.window_days"),
        ("[cases]\ncompare = 30\n", "cases.compare", "cases.compare_last"),
        ("[cases]\ngeneric_day = 7\n", "cases.generic_day", "cases.generic_days"),
        (
            "[cases]\nidentity_hint = true\n",
            "cases.identity_hint",
            "cases.identity_hints",
        ),
        ("[case]\nsimilarity = 80\n", "case", "cases"),
    ],
)
def test_unknown_key_suggests_the_key_meant(
    tmp_path: Path, text: str, typo: str, meant: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path, required=True)
    assert caught.value.message == (
        f"{path}: unknown key '{typo}'; did you mean '{meant}'?"
    )


def test_unknown_key_without_a_close_match(tmp_path: Path) -> None:
    path = write(tmp_path, "[cases]\ncolour = true\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path, required=True)
    assert caught.value.message == f"{path}: unknown key 'cases.colour'"


def test_config_example_documents_every_key_at_its_default() -> None:
    # test_docs uncomments the whole file; this checks the [cases] keys and values.
    lines = (ROOT / "config.example.toml").read_text(encoding="utf-8").splitlines()
    start = lines.index("[cases]")
    end = lines.index("", start)  # the table ends at the first blank line
    keys = [
        line[2:] for line in lines[start:end] if line.startswith("# ") and " = " in line
    ]
    table = tomllib.loads("\n".join(keys))
    assert set(table) == set(CASES_KEYS)
    default = CaseSettings()
    assert table["identity_hints"] == default.identity_hints
    assert {k: v for k, v in table.items() if k != "identity_hints"} == {
        "similarity": default.grouping.similarity,
        "window_days": default.grouping.window_days,
        "compare_last": default.grouping.compare_last,
        "generic_days": default.grouping.generic_days,
    }
    # Every key is commented out: the example loads with the defaults.
    assert load_config(ROOT / "config.example.toml", required=True).cases == default


# Grouping after an import goes through hooks.after_store with the config given.

SIGNATURE = "\n-- \nMarie Martin\n06 12 34 56 78\n"


def case_count(store: Store) -> int:
    return len({m.case_id for m in store.messages()})


def import_with(
    store: Store, tmp_path: Path, make_mbox: MakeMbox, raws: list[bytes], text: str
) -> None:
    config = load(tmp_path, text)
    mbox = make_mbox(raws)
    import_mailbox(store, mbox, MailboxFormat.MBOX, workers=0, config=config)
    assert all(m.case_id is not None for m in store.messages())


def two_addresses(make_mail: MakeMail) -> list[bytes]:
    """One customer writing from two addresses, same name and signature."""
    return [
        make_mail(
            "Carte fidélité bloquée",
            "Bonjour,\n\nMa carte est bloquée depuis hier.\n" + SIGNATURE,
            sender="marie.martin@gmail.com",
            name="Marie Martin",
            message_id="<a@example.com>",
            date="Mon, 02 Nov 2026 09:15:00 +0000",
        ),
        make_mail(
            "Carte fidélité bloquée",
            "Bonjour,\n\nToujours rien, ma carte est encore bloquée.\n" + SIGNATURE,
            sender="m.martin@orange.fr",
            name="Marie Martin",
            message_id="<b@example.com>",
            date="Tue, 03 Nov 2026 10:00:00 +0000",
        ),
    ]


@pytest.mark.parametrize(("hints", "cases"), [("true", 1), ("false", 2)])
def test_the_hook_honours_identity_hints(
    store: Store,
    tmp_path: Path,
    make_mail: MakeMail,
    make_mbox: MakeMbox,
    hints: str,
    cases: int,
) -> None:
    raws = two_addresses(make_mail)
    import_with(
        store, tmp_path, make_mbox, raws, f"[cases]\nidentity_hints = {hints}\n"
    )
    assert case_count(store) == cases


def similar_matters(make_mail: MakeMail) -> list[bytes]:
    """Two messages of one customer with close subjects (token_set_ratio about 94)."""
    return [
        make_mail(
            "Remboursement du colis abîmé",
            "Bonjour,\n\nLe colis est arrivé abîmé, je demande un remboursement.\n",
            message_id="<c@example.com>",
            date="Mon, 02 Nov 2026 09:15:00 +0000",
        ),
        make_mail(
            "Remboursement colis reçu abîmé",
            "Bonjour,\n\nJe n'ai toujours pas de nouvelles de mon remboursement.\n",
            message_id="<d@example.com>",
            date="Wed, 04 Nov 2026 11:30:00 +0000",
        ),
    ]


@pytest.mark.parametrize(("similarity", "cases"), [("80", 1), ("100", 2)])
def test_the_hook_honours_similarity(
    store: Store,
    tmp_path: Path,
    make_mail: MakeMail,
    make_mbox: MakeMbox,
    similarity: str,
    cases: int,
) -> None:
    raws = similar_matters(make_mail)
    import_with(
        store, tmp_path, make_mbox, raws, f"[cases]\nsimilarity = {similarity}\n"
    )
    assert case_count(store) == cases


@pytest.mark.parametrize(("window", "cases"), [("30", 1), ("1", 2)])
def test_the_hook_honours_window_days(
    store: Store,
    tmp_path: Path,
    make_mail: MakeMail,
    make_mbox: MakeMbox,
    window: str,
    cases: int,
) -> None:
    raws = similar_matters(make_mail)  # two days apart
    import_with(store, tmp_path, make_mbox, raws, f"[cases]\nwindow_days = {window}\n")
    assert case_count(store) == cases
