"""The case commands through typer's CliRunner: `list`, `show CASE`, `regroup` and
`triage case ...`, each against a real database file in tmp_path.

Waits are measured to TRIAGE_NOW, pinned to Friday 6 November 2026 at noon UTC, so
that every score below can be worked out by hand from the dates of the mails.
"""

import csv
import io
import json
import re
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import failed, ok
from typer.testing import CliRunner, Result

from triage.cli import app
from triage.report import CASE_FIELDS
from triage.store import open_store

MakeMail = Callable[..., bytes]
MakeMbox = Callable[..., Path]
Invoke = Callable[..., Result]

NOW = "2026-11-06T12:00:00Z"  # Friday noon

# What a terminal would act on: ESC, other C0 controls but tab and newline, C1
# controls (0x9b is a one-byte CSI), bidi overrides and isolates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
EVIL_SUBJECT = (
    "Evil \x1b[31mred\x1b[0m \x9b2J \x1b]0;x\x07 [bold red]markup[/] :smile: "
    "\u202egnp.exe"
)
EVIL_NAME = "[bold red]markup[/] :smile: \x1b[31m\x9b\u202eMallory"
EVIL_BODY = "Bonjour,\n\nTitle \x1b]0;x\x07 and [bold red]markup[/] and \u202e bidi.\n"


def date(day: int, hour: int = 9) -> str:
    """An RFC 5322 date in November 2026 (the 2nd is a Monday), UTC."""
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    return f"{names[(day - 2) % 7]}, {day:02d} Nov 2026 {hour:02d}:00:00 +0000"


@pytest.fixture
def invoke(runner: CliRunner, db_path: Path) -> Invoke:
    """Run triage on the test database, at NOW unless `now` says otherwise."""

    def run(args: Sequence[str], *, now: str = NOW, columns: int = 200) -> Result:
        env = {"TRIAGE_NOW": now, "COLUMNS": str(columns)}
        return runner.invoke(app, ["--db", str(db_path), *args], env=env)

    return run


def cases_json(invoke: Invoke, *args: str, now: str = NOW) -> list[dict[str, Any]]:
    return json.loads(ok(invoke(["list", "--json", *args], now=now)))


def by_customer(cases: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {c["customer"]: c for c in cases}


def case_of(invoke: Invoke, message_id: int) -> int:
    detail = json.loads(ok(invoke(["show", "--message", str(message_id), "--json"])))
    return int(detail["case_id"])


def show_json(invoke: Invoke, case_id: int, now: str = NOW) -> dict[str, Any]:
    return json.loads(ok(invoke(["show", str(case_id), "--json"], now=now)))


def mark_answered(db_path: Path, message_id: int) -> None:
    """What a sync records once the agent replied: the \\Answered flag on the server."""
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO message_locations (account, folder, uidvalidity, uid, "
        "message_id, flags) VALUES ('work', 'INBOX', 1, ?, ?, ?)",
        (message_id, message_id, json.dumps(["\\Answered", "\\Seen"])),
    )
    conn.commit()
    conn.close()


def import_mails(
    invoke: Invoke, make_mbox: MakeMbox, raws: list[bytes], name: str
) -> None:
    out = ok(invoke(["import", str(make_mbox(raws, name=name))]))
    assert out.startswith(f"{len(raws)} new, "), out


# The queue: four customers with something to answer, and two noise cases.
#
# At NOW (Friday noon):
#   Alice wrote every day since Monday 09:00: wait 99h // 12 = 8, repeats 4 * 3 = 12
#   Bob wrote once, Tuesday 09:00: wait 75h // 12 = 6
#   Carol wrote Wednesday 09:00, then angrily Thursday 09:00: wait 51h // 12 = 4,
#   repeats 3, escalation 15
#   Paul wrote like Carol, politely both times: wait 4, repeats 3
#   Dan sent an empty mail, Eve an auto-reply: noise


def alice_mail(make_mail: MakeMail, day: int) -> bytes:
    return make_mail(
        "Colis jamais arrivé",
        f"Bonjour,\n\nLa commande CMD-2026-104233 n'est toujours pas livrée ({day}).\n"
        "\nCordialement,\nAlice Martin\n",
        message_id=f"<alice{day}@example.com>",
        date=date(day),
    )


def two_mails(
    make_mail: MakeMail, who: str, name: str, second_text: str
) -> list[bytes]:
    """A polite first mail on Wednesday, then `second_text` on Thursday."""
    order = "CMD-2026-555001" if who == "carol" else "CMD-2026-555002"
    sender = f"{who}@example.net"
    return [
        make_mail(
            "Remboursement",
            f"Bonjour,\n\nJ'attends le remboursement de la commande {order}.\n"
            f"\nMerci,\n{name}\n",
            sender=sender,
            name=name,
            message_id=f"<{who}1@example.net>",
            date=date(4),
        ),
        make_mail(
            "Re: Remboursement",
            second_text,
            sender=sender,
            name=name,
            message_id=f"<{who}2@example.net>",
            date=date(5),
            headers=[("In-Reply-To", f"<{who}1@example.net>")],
        ),
    ]


@pytest.fixture
def queue(invoke: Invoke, make_mail: MakeMail, make_mbox: MakeMbox) -> None:
    raws = [alice_mail(make_mail, day) for day in range(2, 7)]
    raws.append(
        make_mail(
            "Facture erronée",
            "Bonjour,\n\nLa facture de novembre compte deux fois la livraison.\n"
            "\nMerci,\nBob Durand\n",
            sender="bob@example.org",
            name="Bob Durand",
            message_id="<bob1@example.org>",
            date=date(3),
        )
    )
    raws += two_mails(
        make_mail,
        "carol",
        "Carol Petit",
        "C'est scandaleux, toujours rien, c'est inadmissible.\n",
    )
    raws += two_mails(
        make_mail,
        "paul",
        "Paul Henry",
        "Bonjour,\n\nAvez-vous du nouveau pour mon remboursement ?\n"
        "\nMerci,\nPaul Henry\n",
    )
    raws.append(
        make_mail(
            "",
            "",
            sender="dan@example.com",
            name="Dan Roy",
            message_id="<dan1@example.com>",
            date=date(4, 8),
        )
    )
    raws.append(
        make_mail(
            "Absence du bureau",
            "Je suis absente jusqu'au 10 novembre.\n",
            sender="eve@example.com",
            name="Eve Blanc",
            message_id="<eve1@example.com>",
            date=date(2, 7),
            headers=[("Auto-Submitted", "auto-replied")],
        )
    )
    import_mails(invoke, make_mbox, raws, "queue.mbox")


ALICE, BOB, CAROL, PAUL = (
    "alice@example.com",
    "bob@example.org",
    "carol@example.net",
    "paul@example.net",
)
DAN, EVE = "dan@example.com", "eve@example.com"


def case_id(invoke: Invoke, customer: str) -> int:
    (found,) = [
        c for c in cases_json(invoke, "--state", "all") if c["customer"] == customer
    ]
    return int(found["id"])


# list: the queue


def test_list_orders_cases_by_score_with_noise_last(
    invoke: Invoke, queue: None
) -> None:
    cases = cases_json(invoke)
    assert [c["customer"] for c in cases[:4]] == [CAROL, ALICE, PAUL, BOB]
    assert {c["customer"] for c in cases[4:]} == {DAN, EVE}
    scores = [c["priority"]["score"] for c in cases]
    assert scores == [22, 20, 7, 6, 0, 0]


def test_a_customer_who_wrote_five_times_ranks_above_one_who_wrote_once(
    invoke: Invoke, queue: None
) -> None:
    cases = by_customer(cases_json(invoke))
    alice, bob = cases[ALICE]["priority"], cases[BOB]["priority"]
    assert cases[ALICE]["message_count"] == 5
    assert (alice["wait"], alice["repeats"], alice["score"]) == (8, 12, 20)
    assert (bob["wait"], bob["repeats"], bob["score"]) == (6, 0, 6)


def test_an_escalating_customer_ranks_above_a_polite_one(
    invoke: Invoke, queue: None
) -> None:
    cases = cases_json(invoke)
    order = [c["customer"] for c in cases]
    assert order.index(CAROL) < order.index(PAUL)
    found = by_customer(cases)
    carol, paul = found[CAROL], found[PAUL]
    assert carol["escalating"] is True and paul["escalating"] is False
    assert "escalating" in carol["labels"]
    assert carol["priority"]["escalation"] == 15
    assert paul["priority"]["escalation"] == 0
    assert carol["priority"]["score"] - paul["priority"]["score"] == 15


def test_list_json_has_the_documented_keys_and_parts_add_up(
    invoke: Invoke, queue: None
) -> None:
    for c in cases_json(invoke):
        assert {
            "id",
            "customer",
            "subject",
            "state",
            "priority",
            "message_count",
            "first_date",
            "last_date",
            "labels",
            "message_ids",
        } <= set(c)
        p = c["priority"]
        assert set(p) == {
            "score",
            "wait",
            "repeats",
            "escalation",
            "vague",
            "noise",
            "waited_hours",
        }
        assert p["score"] == p["wait"] + p["repeats"] + p["escalation"] + p["vague"]
        assert c["message_count"] == len(c["message_ids"])
        assert c["state"] == "open"


def test_list_json_of_one_case(invoke: Invoke, queue: None) -> None:
    alice = by_customer(cases_json(invoke))[ALICE]
    assert alice["name"] == "Alice Martin"
    assert alice["subject"] == "Colis jamais arrivé"
    assert alice["first_date"] == "2026-11-02T09:00:00Z"
    assert alice["last_date"] == "2026-11-06T09:00:00Z"
    assert alice["labels"] == sorted(alice["labels"])
    assert "repeat-sender" in alice["labels"]
    assert alice["unanswered"] == 5
    assert alice["notes"] == 0
    dates = [
        json.loads(ok(invoke(["show", "--message", str(i), "--json"])))["date"]
        for i in alice["message_ids"]
    ]
    assert dates == sorted(dates)  # in date order


def test_wait_is_counted_from_the_first_unanswered_message(
    invoke: Invoke, queue: None
) -> None:
    alice = by_customer(cases_json(invoke))[ALICE]
    # Since Monday 09:00, not since her latest mail (Friday 09:00, 3 hours ago).
    assert alice["waiting_since"] == alice["first_date"] == "2026-11-02T09:00:00Z"
    assert alice["priority"]["waited_hours"] == 99.0
    assert alice["priority"]["wait"] == 99 // 12


def test_an_answered_message_restarts_the_wait_after_it(
    invoke: Invoke, queue: None, db_path: Path
) -> None:
    alice = by_customer(cases_json(invoke))[ALICE]
    wednesday = alice["message_ids"][2]
    mark_answered(db_path, wednesday)
    alice = by_customer(cases_json(invoke))[ALICE]
    assert alice["waiting_since"] == "2026-11-05T09:00:00Z"  # Thursday's
    assert alice["unanswered"] == 2
    p = alice["priority"]
    assert (p["waited_hours"], p["wait"], p["repeats"]) == (27.0, 2, 3)
    assert p["score"] == 5


def test_waits_follow_triage_now(invoke: Invoke, queue: None) -> None:
    later = by_customer(cases_json(invoke, now="2026-11-07T12:00:00Z"))
    assert later[BOB]["priority"]["waited_hours"] == 75.0 + 24
    assert later[BOB]["priority"]["wait"] == 99 // 12


def test_noise_comes_last_with_a_dash_for_its_score(
    invoke: Invoke, queue: None
) -> None:
    cases = by_customer(cases_json(invoke))
    for customer, label in ((DAN, "empty"), (EVE, "auto-reply")):
        assert label in cases[customer]["labels"]
        p = cases[customer]["priority"]
        assert p["noise"] is True
        assert p["score"] == 0
    for customer in (ALICE, BOB, CAROL, PAUL):
        assert cases[customer]["priority"]["noise"] is False
    lines = ok(invoke(["list"])).splitlines()
    assert lines[0].split()[:3] == ["ID", "Score", "Waiting"]
    rows = lines[1:]
    assert len(rows) == 6
    assert "Dan Roy" in "".join(rows[4:]) and "Absence du bureau" in "".join(rows[4:])
    for row in rows[4:]:
        assert row.split()[1] == "-"
    for row in rows[:4]:
        assert row.split()[1].isdigit()


def test_list_table_in_priority_order(invoke: Invoke, queue: None) -> None:
    out = ok(invoke(["list"]))
    names = ["Carol Petit", "Alice Martin", "Paul Henry", "Bob Durand"]
    positions = [out.index(name) for name in names]
    assert positions == sorted(positions)
    carol = next(line for line in out.splitlines() if "Carol Petit" in line)
    assert carol.split()[1] == "22"
    assert "2d 3h" in carol  # Wednesday 09:00 to Friday noon: 51 hours
    assert "State" not in out.splitlines()[0]  # open only: no State column


def test_list_jsonl(invoke: Invoke, queue: None) -> None:
    lines = ok(invoke(["list", "--format", "jsonl"])).splitlines()
    rows = [json.loads(line) for line in lines]
    assert rows == cases_json(invoke)


def test_list_tsv(invoke: Invoke, queue: None) -> None:
    lines = ok(invoke(["list", "--format", "tsv"])).splitlines()
    assert lines[0].split("\t") == list(CASE_FIELDS)
    rows = [dict(zip(CASE_FIELDS, line.split("\t"), strict=True)) for line in lines[1:]]
    expected = cases_json(invoke)
    assert [r["id"] for r in rows] == [str(c["id"]) for c in expected]
    assert [r["score"] for r in rows] == [str(c["priority"]["score"]) for c in expected]
    assert rows[0]["customer"] == CAROL
    assert rows[0]["state"] == "open"


def test_list_csv(invoke: Invoke, queue: None) -> None:
    rows = list(csv.DictReader(io.StringIO(ok(invoke(["list", "--format", "csv"])))))
    assert list(rows[0]) == list(CASE_FIELDS)
    assert [r["customer"] for r in rows[:4]] == [CAROL, ALICE, PAUL, BOB]
    assert rows[1]["score"] == "20"
    assert rows[1]["message_count"] == "5"


def test_list_state_filter(invoke: Invoke, queue: None) -> None:
    bob, carol = case_id(invoke, BOB), case_id(invoke, CAROL)
    ok(invoke(["case", "state", str(bob), "closed"]))
    ok(invoke(["case", "state", str(carol), "waiting"]))
    default = {c["customer"] for c in cases_json(invoke)}
    assert default == {ALICE, PAUL, DAN, EVE}  # open only
    closed = cases_json(invoke, "--state", "closed")
    assert [(c["customer"], c["state"]) for c in closed] == [(BOB, "closed")]
    both = cases_json(invoke, "--state", "closed", "--state", "waiting")
    assert {c["customer"] for c in both} == {BOB, CAROL}
    everything = cases_json(invoke, "--state", "all")
    assert len(everything) == 6
    # A case that does not wait on the agent scores nothing.
    assert by_customer(everything)[CAROL]["priority"]["score"] == 0
    assert by_customer(everything)[BOB]["priority"]["waited_hours"] is None
    table = ok(invoke(["list", "--state", "all"])).splitlines()
    assert "State" in table[0].split()
    assert any("closed" in line and "Bob Durand" in line for line in table)


def test_list_label_filter(invoke: Invoke, queue: None) -> None:
    assert [c["customer"] for c in cases_json(invoke, "--label", "escalating")] == [
        CAROL
    ]
    assert [c["customer"] for c in cases_json(invoke, "--label", "empty")] == [DAN]
    assert cases_json(invoke, "--label", "no-such-label") == []


@pytest.mark.parametrize("option", ["--customer", "--from"])
def test_list_customer_filter(invoke: Invoke, queue: None, option: str) -> None:
    assert [c["customer"] for c in cases_json(invoke, option, "bob@")] == [BOB]
    assert {c["customer"] for c in cases_json(invoke, option, "@example.net")} == {
        CAROL,
        PAUL,
    }
    # A display name matches too.
    assert [c["customer"] for c in cases_json(invoke, option, "Alice Mar")] == [ALICE]


def test_list_search_filter(invoke: Invoke, queue: None) -> None:
    assert [c["customer"] for c in cases_json(invoke, "--search", "facture")] == [BOB]
    # A word of one message finds its whole case.
    (carol,) = cases_json(invoke, "--search", "scandaleux")
    assert carol["customer"] == CAROL and carol["message_count"] == 2
    assert ok(invoke(["list", "--search", "introuvable"])) == "No cases match.\n"


def test_list_limit(invoke: Invoke, queue: None) -> None:
    assert [c["customer"] for c in cases_json(invoke, "--limit", "2")] == [CAROL, ALICE]
    result = invoke(["list", "--limit", "2"])
    assert result.exit_code == 0
    assert "Carol Petit" in result.stdout and "Alice Martin" in result.stdout
    assert "Paul Henry" not in result.stdout
    assert result.stderr == "2 of 6 cases shown; --limit 0 shows all.\n"
    assert "Dan Roy" in ok(invoke(["list", "--limit", "0"]))


def test_list_on_an_empty_database(invoke: Invoke, db_path: Path) -> None:
    open_store(db_path).close()
    assert ok(invoke(["list"])).startswith("No messages yet")
    assert cases_json(invoke) == []


def test_list_a_bad_state_is_a_usage_error(invoke: Invoke, queue: None) -> None:
    line = failed(invoke(["list", "--state", "pending"]), 2)
    assert "'pending' is not a case state" in line


@pytest.mark.parametrize(
    "args",
    [["--since", "3d"], ["--until", "2026-11-03"], ["--errors"]],
    ids=["since", "until", "errors"],
)
def test_message_options_without_messages_exit_2(
    invoke: Invoke, queue: None, args: list[str]
) -> None:
    line = failed(invoke(["list", *args]), 2)
    assert "--messages" in line


def test_a_bad_triage_now_is_a_usage_error(invoke: Invoke, queue: None) -> None:
    line = failed(invoke(["list"], now="last friday"), 2)
    assert "TRIAGE_NOW='last friday' is not an ISO 8601 date" in line


def test_vague_adds_its_points_until_answered(
    invoke: Invoke, make_mail: MakeMail, make_mbox: MakeMbox, db_path: Path
) -> None:
    raw = make_mail(
        "Colis",
        "Bonjour,\n\nMon colis n'est pas arrivé.\n\nMerci\n",
        message_id="<v1@example.com>",
        date=date(5, 12),
    )
    import_mails(invoke, make_mbox, [raw], "vague.mbox")
    (case,) = cases_json(invoke)
    assert "vague" in case["labels"]
    assert case["priority"]["vague"] == 5
    assert case["priority"]["score"] == 24 // 12 + 5
    assert re.search(r"Ask back\s+\S", ok(invoke(["show", str(case["id"])])))
    mark_answered(db_path, case["message_ids"][0])
    (case,) = cases_json(invoke)
    assert case["priority"]["vague"] == 0
    assert case["waiting_since"] is None and case["priority"]["score"] == 0


def test_state_with_messages_exits_2(invoke: Invoke, queue: None) -> None:
    failed(invoke(["list", "--messages", "--state", "open"]), 2)


# show CASE


@pytest.fixture
def thread(invoke: Invoke, make_mail: MakeMail, make_mbox: MakeMbox) -> int:
    """A case of three messages, stored newest first, one quoting the support's
    reply; its ID."""
    raws = [
        make_mail(
            "Re: Carte fidélité bloquée",
            "Toujours bloquée, c'est la carte 4242 4242 4242.\n\n"
            "Le 3 nov. 2026, Support a écrit :\n> Bonjour,\n> Quel est le numéro ?\n"
            "> Cordialement\n",
            message_id="<m3@example.com>",
            date=date(4),
            headers=[("In-Reply-To", "<s1@shop.example>")],
        ),
        make_mail(
            "Re: Carte fidélité bloquée",
            "Vous avez reçu mon message ?\n",
            message_id="<m2@example.com>",
            date=date(3),
            headers=[("In-Reply-To", "<m1@example.com>")],
        ),
        make_mail(
            "Carte fidélité bloquée",
            "Bonjour,\n\nMa carte fidélité est bloquée depuis hier.\n\nMerci\n",
            message_id="<m1@example.com>",
            date=date(2),
        ),
    ]
    import_mails(invoke, make_mbox, raws, "thread.mbox")
    # The support's reply (not stored) points at the first mail: one thread.
    (case,) = cases_json(invoke)
    assert case["message_count"] == 3
    return int(case["id"])


def test_show_case_table(invoke: Invoke, thread: int) -> None:
    out = ok(invoke(["show", str(thread)]))
    assert out.startswith(f"Case {thread}\n")
    assert "Alice Martin <alice@example.com>" in out
    assert "Carte fidélité bloquée" in out
    assert re.search(r"Priority\s+\d+ = wait \d+", out)
    assert re.search(r"Messages\s+3, 2026-11-02 \d\d:00 to 2026-11-04 \d\d:00", out)
    assert "Digest" in out
    assert "4242 4242 4242" in out  # the card number, in the digest and its message
    # Each message's new text, oldest first (they were stored newest first).
    texts = [
        "Ma carte fidélité est bloquée depuis hier.",
        "Vous avez reçu mon message ?",
        "Toujours bloquée, c'est la carte 4242 4242 4242.",
    ]
    positions = [out.rindex(text) for text in texts]
    assert positions == sorted(positions)
    headings = re.findall(r"^Message (\d+) · 2026-11-0(\d)", out, flags=re.M)
    assert [day for _, day in headings] == ["2", "3", "4"]
    # The quoted reply is folded, with the way to see it whole.
    newest = headings[-1][0]
    assert f"more lines quoted or signed: triage show --message {newest}]" in out
    assert "Quel est le numéro ?" not in out


def test_show_case_labels_come_with_their_reasons(invoke: Invoke, thread: int) -> None:
    detail = show_json(invoke, thread)
    reasons = [
        (d["label"], d["reason"])
        for m in detail["messages"]
        for d in m["label_reasons"]
    ]
    assert reasons, "the rules labelled nothing: pick other mails"
    out = ok(invoke(["show", str(thread)]))
    for label, reason in reasons:
        assert f"{label}: {reason}" in out


def test_show_case_json(invoke: Invoke, thread: int) -> None:
    detail = show_json(invoke, thread)
    assert detail["id"] == thread
    assert {"digest", "notes", "messages", "priority", "message_ids"} <= set(detail)
    assert detail["notes"] == []
    assert set(detail["digest"]) == {
        "identifiers",
        "code_kinds",
        "questions",
        "missing",
        "attachments",
    }
    assert [m["id"] for m in detail["messages"]] == detail["message_ids"]
    dates = [m["date"] for m in detail["messages"]]
    assert dates == sorted(dates)
    assert all(m["case_id"] == thread for m in detail["messages"])
    assert "new_text" in detail["messages"][0]
    assert json.loads(ok(invoke(["show", str(thread), "--format", "json"]))) == detail


@pytest.mark.parametrize("fmt", ["tsv", "csv"])
def test_show_case_as_rows_of_messages(invoke: Invoke, thread: int, fmt: str) -> None:
    out = ok(invoke(["show", str(thread), "--format", fmt]))
    delimiter = "\t" if fmt == "tsv" else ","
    rows = list(csv.DictReader(io.StringIO(out), delimiter=delimiter))
    assert [int(r["id"]) for r in rows] == show_json(invoke, thread)["message_ids"]
    assert {r["case_id"] for r in rows} == {str(thread)}


def test_show_unknown_case_exits_7(invoke: Invoke, thread: int) -> None:
    assert failed(invoke(["show", "999"]), 7) == "triage: error: no case with ID 999"
    failed(invoke(["show", "999", "--json"]), 7)


def test_show_message_still_shows_one_message(invoke: Invoke, thread: int) -> None:
    detail = show_json(invoke, thread)
    first = detail["message_ids"][0]
    out = ok(invoke(["show", "--message", str(first)]))
    assert out.startswith(f"Message {first}\n")
    assert "<m1@example.com>" in out
    assert "Vous avez reçu mon message ?" not in out


# Untrusted text


@pytest.fixture
def evil(invoke: Invoke, make_mail: MakeMail, make_mbox: MakeMbox) -> int:
    raw = make_mail(
        subject=EVIL_SUBJECT,
        body=EVIL_BODY,
        name=EVIL_NAME,
        sender="mallory@evil.example",
        message_id="<evil@evil.example>",
        date=date(3),
    )
    import_mails(invoke, make_mbox, [raw], "evil.mbox")
    (case,) = cases_json(invoke)
    return int(case["id"])


def assert_inert(out: str) -> None:
    assert not UNSAFE.search(out), repr(UNSAFE.search(out))
    assert "[bold red]markup[/]" in out  # printed as it is, not interpreted
    assert "😄" not in out


def test_show_case_makes_untrusted_text_inert(invoke: Invoke, evil: int) -> None:
    ok(invoke(["case", "note", str(evil), "note \x1b]0;x\x07 [bold red]n[/] \u202e"]))
    out = ok(invoke(["show", str(evil)], columns=250))
    assert_inert(out)
    assert ":smile:" in out
    assert "\\x1b]0;x\\x07" in out  # the OSC shown as visible escapes
    assert "\\u202egnp.exe" in out
    assert "[bold red]n[/]" in out  # the note, too


def test_list_makes_untrusted_text_inert(invoke: Invoke, evil: int) -> None:
    out = ok(invoke(["list"], columns=250))
    assert_inert(out)
    assert "\\x1b[31mred" in out


def test_show_case_json_keeps_untrusted_text_exact_but_inert(
    invoke: Invoke, evil: int
) -> None:
    out = ok(invoke(["show", str(evil), "--json"]))
    assert not UNSAFE.search(out)
    detail = json.loads(out)
    assert detail["subject"] == EVIL_SUBJECT
    assert detail["name"] == EVIL_NAME


# case merge


@pytest.fixture
def two_addresses(invoke: Invoke, make_mail: MakeMail, make_mbox: MakeMbox) -> None:
    """One person on two addresses, with nothing to tell it: two cases."""
    raws = [
        make_mail(
            "Colis jamais arrivé",
            "Bonjour,\n\nLa commande CMD-2026-104233 n'est jamais arrivée.\n",
            message_id="<home@example.com>",
            date=date(2),
        ),
        make_mail(
            "Livraison",
            "Bonjour,\n\nJe vous écris du bureau : où en est ma livraison ?\n",
            sender="a.martin@work.example",
            name="A. Martin",
            message_id="<work@work.example>",
            date=date(3),
        ),
    ]
    import_mails(invoke, make_mbox, raws, "two.mbox")
    assert len(cases_json(invoke)) == 2


def test_merge_two_customers_on_two_addresses(
    invoke: Invoke, two_addresses: None
) -> None:
    home, work = case_id(invoke, ALICE), case_id(invoke, "a.martin@work.example")
    ok(invoke(["case", "note", str(work), "Same person as the home address"]))
    out = ok(invoke(["case", "merge", str(work), str(home)]))
    assert out == f"case {work} merged into case {home}\n"
    (merged,) = cases_json(invoke)
    assert merged["id"] == home
    assert merged["message_count"] == 2
    assert merged["customer"] == ALICE
    # Waiting since the earlier of the two; both unanswered.
    assert merged["waiting_since"] == "2026-11-02T09:00:00Z"
    assert merged["priority"]["repeats"] == 3
    assert merged["notes"] == 1
    detail = show_json(invoke, home)
    assert [n["text"] for n in detail["notes"]] == ["Same person as the home address"]
    assert {m["from_addr"] for m in detail["messages"]} == {
        ALICE,
        "a.martin@work.example",
    }
    assert failed(invoke(["show", str(work)]), 7).endswith(f"no case with ID {work}")


def test_merge_errors_exit_7(invoke: Invoke, two_addresses: None) -> None:
    home = case_id(invoke, ALICE)
    assert "with itself" in failed(invoke(["case", "merge", str(home), str(home)]), 7)
    assert failed(invoke(["case", "merge", "999", str(home)]), 7).endswith(
        "no case with ID 999"
    )
    assert failed(invoke(["case", "merge", str(home), "999"]), 7).endswith(
        "no case with ID 999"
    )
    assert len(cases_json(invoke)) == 2  # nothing changed


def test_merge_survives_regroup_and_new_mail(
    invoke: Invoke, two_addresses: None, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    home, work = case_id(invoke, ALICE), case_id(invoke, "a.martin@work.example")
    ok(invoke(["case", "merge", str(work), str(home)]))
    ok(invoke(["regroup"]))
    (merged,) = cases_json(invoke)
    assert merged["id"] == home and merged["message_count"] == 2
    reply = make_mail(
        "Re: Livraison",
        "Bonjour,\n\nToujours rien au bureau.\n",
        sender="a.martin@work.example",
        name="A. Martin",
        message_id="<work2@work.example>",
        date=date(5),
        headers=[("In-Reply-To", "<work@work.example>")],
    )
    import_mails(invoke, make_mbox, [reply], "reply.mbox")
    (merged,) = cases_json(invoke)
    assert merged["id"] == home and merged["message_count"] == 3


def test_merge_into_the_later_case_names_it_after_the_first_message(
    invoke: Invoke, two_addresses: None
) -> None:
    home, work = case_id(invoke, ALICE), case_id(invoke, "a.martin@work.example")
    ok(invoke(["case", "merge", str(home), str(work)]))  # the earlier into the later
    (merged,) = cases_json(invoke)
    assert merged["id"] == work
    assert merged["first_date"] == "2026-11-02T09:00:00Z"  # Alice's, from home
    assert (merged["customer"], merged["subject"]) == (ALICE, "Colis jamais arrivé")


def test_split_of_the_first_message_renames_the_case(
    invoke: Invoke, two_addresses: None
) -> None:
    home, work = case_id(invoke, ALICE), case_id(invoke, "a.martin@work.example")
    ok(invoke(["case", "merge", str(work), str(home)]))
    first = show_json(invoke, home)["message_ids"][0]
    ok(invoke(["case", "split", str(home), str(first)]))
    rest = next(c for c in cases_json(invoke) if c["id"] == home)
    detail = show_json(invoke, home)
    assert {m["from_addr"] for m in detail["messages"]} == {"a.martin@work.example"}
    assert (rest["customer"], rest["subject"]) == ("a.martin@work.example", "Livraison")


# case split


def test_split_makes_a_new_case(invoke: Invoke, queue: None) -> None:
    alice = by_customer(cases_json(invoke))[ALICE]
    ids = alice["message_ids"]
    out = ok(invoke(["case", "split", str(alice["id"]), str(ids[3]), str(ids[4])]))
    match = re.fullmatch(rf"new case (\d+) from case {alice['id']}\n", out)
    assert match, out
    new = int(match[1])
    cases = {c["id"]: c for c in cases_json(invoke) if c["customer"] == ALICE}
    assert cases[alice["id"]]["message_ids"] == ids[:3]
    assert cases[new]["message_ids"] == ids[3:]
    assert cases[new]["subject"] == "Colis jamais arrivé"
    # Each side waits from its own first message.
    assert cases[new]["waiting_since"] == "2026-11-05T09:00:00Z"


def test_split_errors(invoke: Invoke, queue: None) -> None:
    alice = by_customer(cases_json(invoke))[ALICE]
    ids = [str(i) for i in alice["message_ids"]]
    case = str(alice["id"])
    line = failed(invoke(["case", "split", case, *ids]), 7)
    assert "both sides" in line
    stranger = str(by_customer(cases_json(invoke))[BOB]["message_ids"][0])
    line = failed(invoke(["case", "split", case, ids[0], stranger]), 7)
    assert line == f"triage: error: message {stranger} is not in case {case}"
    failed(invoke(["case", "split", "999", ids[0]]), 7)
    failed(invoke(["case", "split", case]), 2)  # no message named: a usage error
    assert by_customer(cases_json(invoke))[ALICE]["message_ids"] == alice["message_ids"]


def test_split_survives_regroup_and_a_reply_joins_its_side(
    invoke: Invoke, queue: None, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    alice = by_customer(cases_json(invoke))[ALICE]
    ids = alice["message_ids"]
    out = ok(invoke(["case", "split", str(alice["id"]), str(ids[3]), str(ids[4])]))
    new = int(out.split()[2])

    def sides() -> dict[int, list[int]]:
        return {
            c["id"]: c["message_ids"]
            for c in cases_json(invoke, "--state", "all")
            if c["customer"] == ALICE
        }

    before = sides()
    assert ok(invoke(["regroup"])).startswith("0 new cases, 0 messages changed case")
    assert sides() == before
    # A reply in the thread of Friday's mail (same subject, same order number as
    # both sides) joins the side that holds Friday's mail.
    reply = make_mail(
        "Re: Colis jamais arrivé",
        "Bonjour,\n\nEt la commande CMD-2026-104233 alors ?\n",
        message_id="<alice7@example.com>",
        date=date(7),
        headers=[("In-Reply-To", "<alice6@example.com>")],
    )
    import_mails(invoke, make_mbox, [reply], "reply.mbox")
    after = sides()
    assert set(after) == {alice["id"], new}
    assert after[alice["id"]] == ids[:3]
    assert after[new][:2] == ids[3:] and len(after[new]) == 3
    ok(invoke(["regroup"]))
    assert sides() == after


# case move


def test_move_a_message_to_another_case(invoke: Invoke, queue: None) -> None:
    cases = by_customer(cases_json(invoke))
    alice, bob = cases[ALICE], cases[BOB]
    moved = alice["message_ids"][-1]
    out = ok(invoke(["case", "move", str(moved), str(bob["id"])]))
    assert out == f"message {moved} moved to case {bob['id']}\n"
    assert case_of(invoke, moved) == bob["id"]
    cases = {c["id"]: c for c in cases_json(invoke)}
    assert moved not in cases[alice["id"]]["message_ids"]
    assert moved in cases[bob["id"]]["message_ids"]
    ok(invoke(["regroup"]))
    assert case_of(invoke, moved) == bob["id"]


def test_moving_the_last_message_deletes_its_case(invoke: Invoke, queue: None) -> None:
    cases = by_customer(cases_json(invoke))
    (bobs,) = cases[BOB]["message_ids"]
    out = ok(invoke(["case", "move", str(bobs), str(cases[ALICE]["id"])]))
    assert "(the case it left is empty and gone)" in out
    failed(invoke(["show", str(cases[BOB]["id"])]), 7)
    assert BOB not in by_customer(cases_json(invoke, "--state", "all"))


def test_move_errors_exit_7(invoke: Invoke, queue: None) -> None:
    alice = by_customer(cases_json(invoke))[ALICE]
    first = alice["message_ids"][0]
    line = failed(invoke(["case", "move", str(first), str(alice["id"])]), 7)
    assert "already" in line
    assert failed(invoke(["case", "move", "999", str(alice["id"])]), 7).endswith(
        "no message with ID 999"
    )
    failed(invoke(["case", "move", str(first), "999"]), 7)


# case state


@pytest.mark.parametrize("state", ["waiting", "answered", "closed"])
def test_state_takes_a_case_out_of_the_queue(
    invoke: Invoke, queue: None, state: str
) -> None:
    bob = case_id(invoke, BOB)
    assert ok(invoke(["case", "state", str(bob), state])) == f"case {bob}: {state}\n"
    assert BOB not in by_customer(cases_json(invoke))
    (found,) = cases_json(invoke, "--state", state)
    assert (found["id"], found["state"]) == (bob, state)
    assert found["priority"]["score"] == 0
    ok(invoke(["case", "state", str(bob), "open"]))
    back = by_customer(cases_json(invoke))[BOB]
    if state in ("waiting", "answered"):  # she answered: nobody waits any more
        assert (back["priority"]["score"], back["waiting_since"]) == (0, None)
    else:
        assert back["priority"]["score"] == 6


def test_state_errors_exit_2_or_7(invoke: Invoke, queue: None) -> None:
    bob = str(case_id(invoke, BOB))
    line = failed(invoke(["case", "state", bob, "snoozed"]), 2)
    assert "--until" in line
    line = failed(invoke(["case", "state", bob, "waiting", "--until", "3d"]), 2)
    assert "only a snoozed case" in line
    assert "not a case state" in failed(invoke(["case", "state", bob, "done"]), 2)
    failed(invoke(["case", "state", "999", "closed"]), 7)
    assert by_customer(cases_json(invoke))[BOB]["state"] == "open"


def test_snoozed_case_wakes_when_its_date_has_come(
    invoke: Invoke, queue: None, tmp_path: Path
) -> None:
    config = tmp_path / "utc.toml"
    config.write_text('timezone = "UTC"\n')
    bob = case_id(invoke, BOB)
    snooze = ["case", "state", str(bob), "snoozed", "--until", "2026-11-09"]
    out = ok(invoke(["--config", str(config), *snooze]))
    assert out == f"case {bob}: snoozed until 2026-11-09 00:00\n"
    sunday = "2026-11-08T12:00:00Z"
    assert BOB not in by_customer(cases_json(invoke, now=sunday))
    (snoozed,) = cases_json(invoke, "--state", "snoozed", now=sunday)
    assert snoozed["id"] == bob
    assert snoozed["snoozed_until"] == "2026-11-09T00:00:00Z"
    assert snoozed["priority"]["score"] == 0
    monday = "2026-11-09T08:00:00Z"
    woken = by_customer(cases_json(invoke, now=monday))[BOB]
    assert woken["state"] == "open"
    assert woken["priority"]["score"] > 0
    assert cases_json(invoke, "--state", "snoozed", now=monday) == []
    shown = ok(invoke(["show", str(bob)], now=monday))
    assert re.search(r"State\s+open \(snoozed until 2026-11-09", shown)


def test_snooze_span_counts_from_triage_now(invoke: Invoke, queue: None) -> None:
    bob = case_id(invoke, BOB)
    ok(invoke(["case", "state", str(bob), "snoozed", "--until", "3d"]))
    (snoozed,) = cases_json(invoke, "--state", "snoozed")
    assert snoozed["snoozed_until"] == "2026-11-09T12:00:00Z"  # NOW + 3 days
    later = by_customer(cases_json(invoke, now="2026-11-10T12:00:00Z"))
    assert later[BOB]["state"] == "open"


# case note


def test_notes_are_shown_and_kept_in_json(invoke: Invoke, queue: None) -> None:
    bob = case_id(invoke, BOB)
    assert ok(invoke(["case", "note", str(bob), "Rang him: credit note sent"])) == (
        f"case {bob}: note added\n"
    )
    ok(invoke(["case", "note", str(bob), "  He will check on Monday  "]))
    assert by_customer(cases_json(invoke))[BOB]["notes"] == 2
    notes = show_json(invoke, bob)["notes"]
    assert [n["text"] for n in notes] == [
        "Rang him: credit note sent",
        "He will check on Monday",
    ]
    assert all(set(n) == {"id", "text", "created_at"} for n in notes)
    out = ok(invoke(["show", str(bob)]))
    assert "Notes" in out
    assert out.index("Rang him: credit note sent") < out.index("He will check")
    ok(invoke(["regroup"]))
    assert len(show_json(invoke, bob)["notes"]) == 2


def test_note_errors_exit_7(invoke: Invoke, queue: None) -> None:
    bob = str(case_id(invoke, BOB))
    assert "needs some text" in failed(invoke(["case", "note", bob, "   "]), 7)
    failed(invoke(["case", "note", "999", "text"]), 7)


def test_merged_notes_follow_the_merge(invoke: Invoke, queue: None) -> None:
    carol, paul = case_id(invoke, CAROL), case_id(invoke, PAUL)
    ok(invoke(["case", "note", str(carol), "Carol's note"]))
    ok(invoke(["case", "note", str(paul), "Paul's note"]))
    ok(invoke(["case", "merge", str(carol), str(paul)]))
    notes = [n["text"] for n in show_json(invoke, paul)["notes"]]
    assert sorted(notes) == ["Carol's note", "Paul's note"]
    (merged,) = [c for c in cases_json(invoke) if c["id"] == paul]
    assert merged["notes"] == 2


# case close-noise


def test_close_noise_dry_run_then_close(invoke: Invoke, queue: None) -> None:
    before = cases_json(invoke)
    assert ok(invoke(["case", "close-noise", "--dry-run"])) == "would close 2 cases\n"
    assert cases_json(invoke) == before
    assert ok(invoke(["case", "close-noise"])) == "closed 2 cases\n"
    everything = by_customer(cases_json(invoke, "--state", "all"))
    assert {c: everything[c]["state"] for c in everything} == {
        ALICE: "open",
        BOB: "open",
        CAROL: "open",
        PAUL: "open",
        DAN: "closed",
        EVE: "closed",
    }
    assert ok(invoke(["case", "close-noise"])) == "closed 0 cases\n"


def test_close_noise_with_a_label(invoke: Invoke, queue: None) -> None:
    assert ok(invoke(["case", "close-noise", "--label", "empty"])) == (
        "closed 1 cases\n"
    )
    assert [c["customer"] for c in cases_json(invoke, "--state", "closed")] == [DAN]


# Corrections and states survive regroup and new mail


def test_state_survives_regroup(invoke: Invoke, queue: None) -> None:
    bob, carol = case_id(invoke, BOB), case_id(invoke, CAROL)
    ok(invoke(["case", "state", str(bob), "closed"]))
    ok(invoke(["case", "state", str(carol), "answered"]))
    ok(invoke(["regroup"]))
    states = {c["id"]: c["state"] for c in cases_json(invoke, "--state", "all")}
    assert (states[bob], states[carol]) == ("closed", "answered")


@pytest.mark.parametrize("state", ["waiting", "answered", "closed", "snoozed"])
def test_new_mail_reopens_a_case(
    invoke: Invoke, queue: None, make_mail: MakeMail, make_mbox: MakeMbox, state: str
) -> None:
    bob = case_id(invoke, BOB)
    until = ["--until", "2026-12-31"] if state == "snoozed" else []
    ok(invoke(["case", "state", str(bob), state, *until]))
    assert by_customer(cases_json(invoke, "--state", "all"))[BOB]["state"] == state
    reply = make_mail(
        "Re: Facture erronée",
        "Bonjour,\n\nLa facture est toujours fausse.\n\nMerci,\nBob Durand\n",
        sender="bob@example.org",
        name="Bob Durand",
        message_id="<bob2@example.org>",
        date=date(6),
        headers=[("In-Reply-To", "<bob1@example.org>")],
    )
    import_mails(invoke, make_mbox, [reply], "reply.mbox")
    found = by_customer(cases_json(invoke))[BOB]
    assert (found["id"], found["state"], found["message_count"]) == (bob, "open", 2)
    assert found["snoozed_until"] is None


def test_regroup_prints_counts(invoke: Invoke, queue: None) -> None:
    assert ok(invoke(["regroup"])) == (
        "0 new cases, 0 messages changed case, 0 cases reopened.\n"
    )
    assert ok(invoke(["regroup", "--quiet"])) == ""


def test_regroup_of_a_missing_database_exits_6(invoke: Invoke, db_path: Path) -> None:
    failed(invoke(["regroup"]), 6)
    assert not db_path.exists()


SIGNATURE = "\n-- \nMarie Martin\n06 12 34 56 78\n"


def test_regroup_after_turning_identity_hints_off(
    invoke: Invoke, make_mail: MakeMail, make_mbox: MakeMbox, tmp_path: Path
) -> None:
    raws = [
        make_mail(
            "Carte fidélité bloquée",
            "Bonjour,\n\nMa carte est bloquée depuis hier.\n" + SIGNATURE,
            sender="marie.martin@free.fr",
            name="Marie Martin",
            message_id="<a@example.com>",
            date=date(2),
        ),
        make_mail(
            "Carte fidélité bloquée",
            "Bonjour,\n\nToujours rien, ma carte est encore bloquée.\n" + SIGNATURE,
            sender="m.martin@orange.fr",
            name="Marie Martin",
            message_id="<b@example.com>",
            date=date(3),
        ),
    ]
    import_mails(invoke, make_mbox, raws, "marie.mbox")
    (one,) = cases_json(invoke)  # same name, same signature: one customer
    assert one["message_count"] == 2
    config = tmp_path / "config.toml"
    config.write_text("[cases]\nidentity_hints = false\n")
    out = ok(invoke(["--config", str(config), "regroup"]))
    assert out == "1 new cases, 1 messages changed case, 0 cases reopened.\n"
    two = by_customer(cases_json(invoke))
    assert set(two) == {"marie.martin@free.fr", "m.martin@orange.fr"}
    assert two["marie.martin@free.fr"]["id"] == one["id"]  # the case keeps its ID
    assert all(c["message_count"] == 1 for c in two.values())
    # Back to the default: one case again, the second is gone.
    out = ok(invoke(["regroup"]))
    assert out == "0 new cases, 1 messages changed case, 0 cases reopened.\n"
    (again,) = cases_json(invoke)
    assert again["id"] == one["id"] and again["message_count"] == 2


def test_vague_points_go_once_a_later_message_gives_what_was_missing(
    invoke: Invoke, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    raws = [
        make_mail(
            "ma commande",
            "Bonjour,\n\nje voudrais savoir où en est ma commande svp.\n",
            message_id="<k1@example.com>",
            date=date(3),
        ),
        make_mail(
            "Re: ma commande",
            "C'est la CMD-2026-103871, je n'ai rien reçu.\n",
            message_id="<k2@example.com>",
            date=date(4),
            headers=[("In-Reply-To", "<k1@example.com>")],
        ),
    ]
    import_mails(invoke, make_mbox, raws, "settled.mbox")
    (case,) = cases_json(invoke)
    assert "vague" in case["labels"]
    assert case["priority"]["vague"] == 0
    assert "Ask back" not in ok(invoke(["show", str(case["id"])]))


def test_a_huge_message_id_to_move_is_no_such_message(
    invoke: Invoke, queue: None
) -> None:
    bob = str(case_id(invoke, BOB))
    line = failed(invoke(["case", "move", "99999999999999999999", bob]), 7)
    assert line.endswith("no message with ID 99999999999999999999")


def test_a_snooze_must_end_in_the_future(invoke: Invoke, queue: None) -> None:
    bob = str(case_id(invoke, BOB))
    line = failed(invoke(["case", "state", bob, "snoozed", "--until", "2026-11-01"]), 2)
    assert "not in the future" in line
    assert by_customer(cases_json(invoke))[BOB]["state"] == "open"
