"""User rules: their format, their checks, what they match, and the commands that use
them (relabel, relabel --dry-run, rules), through the real config loader and CLI."""

import json
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from message_records import stored_message
from typer.testing import CliRunner

from triage.cli import app
from triage.config import load_config
from triage.errors import ConfigError, ExitCode
from triage.records import Message
from triage.rules.user import MessageView, RuleError, parse_rules
from triage.store import Store

MakeMail = Callable[..., bytes]
MakeMbox = Callable[..., Path]

BASE = stored_message(
    from_addr="jeanne.roux@partner.example",
    from_name="Jeanne Roux",
    to_addrs=("service@shop.example",),
    cc_addrs=("chef@shop.example",),
    subject="Re: Numéro de suivi du colis",
    body_text="Toujours rien reçu.\n> Votre colis part demain.",
    new_text="Toujours rien reçu.",
)
RAW = b"From: x@y\r\nX-Mailer: PartnerBot 2.1\r\nX-Ticket: T-4471\r\n\r\nbody\r\n"


def matches(condition: dict[str, object], m: Message = BASE, lang: str = "fr") -> str:
    (rule,) = parse_rules([{"name": "r", "label": "x", **condition}])
    return rule.check(MessageView(m, lang, lambda: RAW)) or ""


@pytest.mark.parametrize(
    ("condition", "reason"),
    [
        ({"from": "partner.example"}, "from contains 'partner.example'"),
        ({"from": "jeanne roux"}, "from contains 'jeanne roux'"),  # display name
        ({"from": {"glob": "*@partner.example"}}, "from matches '*@partner.example'"),
        ({"to": "chef@"}, "to contains 'chef@'"),  # Cc counts
        ({"subject": "numero de suivi"}, "subject contains"),  # accents ignored
        ({"subject": "NUMÉRO"}, "subject contains 'NUMÉRO'"),  # case ignored
        ({"subject": ["facture", "colis"]}, "subject contains 'colis'"),  # any
        ({"subject": {"glob": "re: *"}}, "subject matches 're: *'"),
        ({"subject": {"regex": r"^re:\s+num"}}, "subject matches /"),
        ({"subject": {"regex": ["^fwd", "colis$"]}}, "colis$"),
        ({"body": "toujours rien"}, "body contains"),
        ({"full_body": "part demain"}, "full_body contains"),
        ({"language": "fr"}, "language contains 'fr'"),
        ({"header": {"X-Mailer": "partnerbot"}}, "X-Mailer contains 'partnerbot'"),
        ({"header": {"x-ticket": {"regex": r"T-\d+"}}}, "x-ticket matches"),
        (
            {"subject": "colis", "from": {"glob": "*.example"}},
            "subject contains 'colis', from matches '*.example'",
        ),
        ({"any": [{"subject": "facture"}, {"body": "rien"}]}, "body contains 'rien'"),
        ({"not": {"subject": "facture"}}, "not (subject contains 'facture')"),
        (
            {"all": [{"language": "fr"}, {"not": {"any": [{"to": "direction@"}]}}]},
            "language contains 'fr', not",
        ),
    ],
)
def test_conditions_that_hold(condition: dict[str, object], reason: str) -> None:
    assert reason in matches(condition)


@pytest.mark.parametrize(
    "condition",
    [
        {"from": "autre.example"},
        {"from": {"glob": "*@partner"}},  # a glob matches the whole value
        {"to": "direction@"},
        {"subject": {"regex": "^numéro"}},  # searched from the start: "Re: " first
        {"body": "part demain"},  # quoted text is not the new text
        {"language": "en"},
        {"header": {"X-Mailer": "outlook"}},
        {"header": {"X-Absent": "x"}},
        {"subject": "colis", "from": "autre.example"},  # all must hold
        {"any": [{"subject": "facture"}, {"body": "merci"}]},
        {"not": {"subject": "colis"}},
    ],
)
def test_conditions_that_do_not_hold(condition: dict[str, object]) -> None:
    assert matches(condition) == ""


def test_headers_are_read_only_when_a_header_condition_is_tested() -> None:
    calls: list[int] = []

    def raw() -> bytes:
        calls.append(1)
        return RAW

    (rule,) = parse_rules(
        [
            {
                "name": "r",
                "label": "x",
                "subject": "facture",
                "header": {"X-Mailer": "PartnerBot"},
            }
        ]
    )
    assert rule.check(MessageView(BASE, "fr", raw)) is None
    assert calls == []  # the subject failed first: no need for the headers
    assert rule.check(MessageView(replace(BASE, subject="Facture"), "fr", raw))
    assert calls == [1]


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        ({"label": "x", "subject": "a"}, "rule #1: 'name' is required"),
        ({"name": "a b", "label": "x", "subject": "a"}, "a name is letters"),
        ({"name": "terse", "label": "x", "subject": "a"}, "a built-in rule's"),
        ({"name": "r", "label": "Big Label", "subject": "a"}, "'label' must be"),
        ({"name": "r", "label": "escalating", "subject": "a"}, "suppress it, not give"),
        ({"name": "r", "suppress": ["spam"], "subject": "a"}, "cannot suppress 'spam'"),
        ({"name": "r", "suppress": "terse", "subject": "a"}, "'suppress' must be"),
        ({"name": "r", "subject": "a"}, "needs a 'label' to give or labels to"),
        ({"name": "r", "label": "x"}, "no condition"),
        ({"name": "r", "label": "x", "sujet": "a"}, "unknown key 'sujet' (allowed:"),
        ({"name": "r", "label": "x", "subject": ""}, "an empty contains pattern"),
        ({"name": "r", "label": "x", "subject": {"regex": "("}}, "bad regular"),
        ({"name": "r", "label": "x", "subject": {"like": "a"}}, "'subject' must be"),
        ({"name": "r", "label": "x", "subject": 3}, "'subject' must be"),
        ({"name": "r", "label": "x", "header": {"X Bad": "a"}}, "not a header name"),
        ({"name": "r", "label": "x", "header": "X-Mailer"}, "'header' must be"),
        ({"name": "r", "label": "x", "any": {"subject": "a"}}, "'any' must be"),
        ({"name": "r", "label": "x", "all": []}, "'all' must be"),
        ({"name": "r", "label": "x", "not": [{"subject": "a"}]}, "'not' takes"),
        ({"name": "r", "label": "x", "description": 4, "subject": "a"}, "description"),
    ],
)
def test_a_bad_rule_is_named_with_its_problem(
    rule: dict[str, object], problem: str
) -> None:
    with pytest.raises(RuleError) as raised:
        parse_rules([rule])
    message = str(raised.value)
    assert problem in message and "\n" not in message
    if "name" in rule and isinstance(rule["name"], str) and " " not in rule["name"]:
        assert message.startswith(f"rule {rule['name']!r}: ")


def test_two_rules_may_not_share_a_name() -> None:
    twice = {"name": "r", "label": "x", "subject": "a"}
    with pytest.raises(RuleError, match="rule 'r': another rule has the same name"):
        parse_rules([twice, twice])


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[rules]\nrepeat_count = 1\n", "'rules.repeat_count' must be a whole number"),
        ("[rules]\nrepeat_days = true\n", "'rules.repeat_days' must be a whole"),
        ("[rules]\nrepeat = 3\n", "unknown key 'rules.repeat'"),
        ("[rules.lexicon]\nswear = ['x']\n", "unknown list 'rules.lexicon.swear'"),
        ("[rules.lexicon]\nthreats = 'x'\n", "must be a list of words"),
        ("[rule]\nname = 'r'\n", "'rule' must be a list, not a table"),
        ("[[rule]]\nname = 'r'\nlabel = 'x'\n", "rule 'r': no condition"),
    ],
)
def test_the_config_loader_reports_one_line_with_the_file(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(path, required=True)
    message = str(raised.value)
    assert message.startswith(str(path)) and problem in message
    assert "\n" not in message


# -- through the CLI ---------------------------------------------------------------

RULES = """
[[rule]]
name = "delivery"
label = "delivery"
subject = ["colis", "livraison"]

[[rule]]
name = "partner"
label = "partner"
suppress = ["auto-reply"]
from = { glob = "*@partner.example" }
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A config file with the two rules above."""
    path = tmp_path / "rules.toml"
    path.write_text(RULES, encoding="utf-8")
    return path


@pytest.fixture
def mailbox(make_mail: MakeMail, make_mbox: MakeMbox) -> Path:
    return make_mbox(
        [
            make_mail("Colis jamais arrivé", message_id="<1@x>"),
            make_mail(
                "Absence du bureau",
                "Je suis absente jusqu'au 30 novembre.\n",
                sender="robot@partner.example",
                message_id="<2@x>",
                headers=[("Auto-Submitted", "auto-replied")],
            ),
            make_mail(
                "Mon compte",
                "Bonjour,\n\nMerci de fermer mon compte fidélité.\n\nCordialement\n",
                sender="paul@example.com",
                message_id="<3@x>",
            ),
        ]
    )


def invoke(runner: CliRunner, db: Path, *args: str, config: Path | None = None):  # type: ignore[no-untyped-def]
    options = ["--db", str(db)] + (["--config", str(config)] if config else [])
    return runner.invoke(app, [*options, *args])


def labels_in(db: Path) -> list[tuple[int, str, str | None, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT message_id, label, rule, source FROM message_labels ORDER BY 1, 2"
        ).fetchall()


def test_dry_run_reports_per_rule_and_writes_nothing(
    runner: CliRunner, db_path: Path, mailbox: Path, config: Path
) -> None:
    assert invoke(runner, db_path, "import", str(mailbox)).exit_code == 0
    before = labels_in(db_path)
    shown = invoke(runner, db_path, "relabel", "--dry-run", config=config)
    assert shown.exit_code == 0, shown.output
    assert "would change 4 labels (dry run: nothing written)" in shown.stdout
    assert "+ delivery" in shown.stdout and "Colis jamais arrivé" in shown.stdout
    assert "- auto-reply  partner (suppress)" in shown.stdout
    as_json = invoke(runner, db_path, "relabel", "--dry-run", "--json", config=config)
    changes = {(c["change"], c["label"], c["rule"]) for c in json.loads(as_json.stdout)}
    assert changes == {
        ("gained", "delivery", "delivery"),
        ("gained", "partner", "partner"),
        ("lost", "auto-reply", "partner (suppress)"),
        # No longer automatic, the partner's mail is judged as a customer's.
        ("gained", "terse", "terse"),
    }
    assert labels_in(db_path) == before
    # Applied, then applied again: the second run changes nothing.
    applied = invoke(runner, db_path, "relabel", config=config)
    assert "changed 4 labels" in applied.stdout
    assert "changed nothing" in invoke(runner, db_path, "relabel", config=config).stdout
    stored = {(label, rule) for _, label, rule, _ in labels_in(db_path)}
    assert {("delivery", "delivery"), ("partner", "partner")} <= stored
    assert ("auto-reply", "auto-reply") not in stored
    # The rules are gone from the config: so are their labels.
    invoke(runner, db_path, "relabel")
    assert labels_in(db_path) == before


def test_show_and_json_say_which_rule_kept_a_label_off(
    runner: CliRunner, db_path: Path, mailbox: Path, config: Path
) -> None:
    invoke(runner, db_path, "import", str(mailbox), config=config)
    shown = invoke(runner, db_path, "show", "--message", "2", config=config).stdout
    assert "Not auto-reply" in shown and "kept off by rule partner" in shown
    assert "Label partner" in shown and "from matches '*@partner.example'" in shown
    detail = json.loads(
        invoke(runner, db_path, "show", "--message", "2", "--json").stdout
    )
    assert detail["suppressed_labels"] == [{"label": "auto-reply", "rule": "partner"}]


def test_rules_lists_built_in_and_user_rules_with_counts(
    runner: CliRunner, db_path: Path, mailbox: Path, config: Path
) -> None:
    invoke(runner, db_path, "import", str(mailbox), config=config)
    rows = json.loads(invoke(runner, db_path, "rules", "--json", config=config).stdout)
    by_name = {r["rule"]: r for r in rows}
    assert by_name["delivery"] == {
        "rule": "delivery",
        "kind": "user",
        "labels": ["delivery"],
        "suppresses": [],
        "messages": 1,
        "description": "subject contains 'colis' or subject contains 'livraison'",
    }
    assert by_name["partner"]["suppresses"] == ["auto-reply"]
    assert by_name["partner"]["messages"] == 1
    assert by_name["terse"]["kind"] == "built-in"
    assert "vague:code" in by_name and "vague" not in by_name
    table = invoke(runner, db_path, "rules", config=config).stdout
    assert "(suppresses" in table and "'*@partner.example'" in table


def test_a_bad_rule_stops_relabel_with_one_line_and_changes_nothing(
    runner: CliRunner, db_path: Path, mailbox: Path, tmp_path: Path
) -> None:
    invoke(runner, db_path, "import", str(mailbox))
    before = labels_in(db_path)
    config = tmp_path / "bad.toml"
    config.write_text(RULES + '\n[[rule]]\nname = "oops"\nlabel = "x"\n', "utf-8")
    failed = invoke(runner, db_path, "relabel", config=config)
    assert failed.exit_code == ExitCode.CONFIG
    (line,) = failed.stderr.strip().splitlines()
    assert line.startswith("triage: error: ") and "rule 'oops': no condition" in line
    assert labels_in(db_path) == before


def test_hand_set_labels_survive_user_rules(
    runner: CliRunner, db_path: Path, mailbox: Path, config: Path
) -> None:
    invoke(runner, db_path, "import", str(mailbox), config=config)
    invoke(runner, db_path, "unlabel", "1", "delivery")
    invoke(runner, db_path, "label", "3", "delivery")
    invoke(runner, db_path, "relabel", config=config)
    rows = {(i, label): (rule, source) for i, label, rule, source in labels_in(db_path)}
    assert (1, "delivery") not in rows
    assert rows[3, "delivery"] == (None, "manual")


def test_repeat_thresholds_come_from_the_config(
    runner: CliRunner,
    db_path: Path,
    make_mail: MakeMail,
    make_mbox: MakeMbox,
    tmp_path: Path,
) -> None:
    days = ("02", "05", "09")
    mails = [
        make_mail(
            f"Relance {n}",
            message_id=f"<r{n}@x>",
            date=f"Mon, {day} Nov 2026 09:00:00 +0000",
        )
        for n, day in enumerate(days)
    ]
    invoke(runner, db_path, "import", str(make_mbox(mails)))

    def repeat() -> int:
        return sum(label == "repeat-sender" for _, label, _, _ in labels_in(db_path))

    assert repeat() == 3
    strict = tmp_path / "strict.toml"
    strict.write_text("[rules]\nrepeat_count = 3\nrepeat_days = 5\n", "utf-8")
    invoke(runner, db_path, "relabel", config=strict)
    assert repeat() == 0
    pairs = tmp_path / "pairs.toml"
    pairs.write_text("[rules]\nrepeat_count = 2\nrepeat_days = 3\n", "utf-8")
    invoke(runner, db_path, "relabel", config=pairs)
    assert repeat() == 2  # the 1st and 2nd, three days apart; the 3rd is 4 days on


def test_lexicon_additions_take_effect(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    from triage.importer import import_mailbox
    from triage.rules.engine import relabel
    from triage.rules.settings import RuleSettings

    mail = make_mail("Commande", "Bonjour, je vais écrire à la DGCCRF.\n")
    (new,) = import_mailbox(store, make_mbox([mail])).new_ids
    assert store.message(new).tone == 3  # a built-in target with a verb
    plain = make_mail("Commande", "Bonjour, espèce de patate.\n", message_id="<p@x>")
    (other,) = import_mailbox(store, make_mbox([plain], name="p.mbox")).new_ids
    assert store.message(other).tone < 3
    relabel(store, RuleSettings(lexicon=(("insults", ("patate",)),)))
    assert store.message(other).tone == 3
