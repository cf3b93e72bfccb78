"""The bundled demo mailbox: generated, never hand-edited, and covering what it claims.

The committed `triage/sample/mailbox.mbox` and `expected.json` are the ground truth that
labelling and grouping are tested against, so these tests pin three things: the
generator reproduces them byte for byte, the mbox and the JSON describe the same
messages, and each kind of awkward mail the sample promises is really in the bytes.
"""

import json
import mailbox
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from email.header import decode_header
from email.message import Message
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path

import pytest

import triage.sample.generate as generate

SAMPLE = Path(generate.__file__).parent
TRACKING_ORDER = "CMD-2026-104233"
MOBILE_SIGNATURES = (
    "Envoyé de mon iPhone",
    "Envoyé depuis mon Samsung Galaxy",
    "Sent from my iPhone",
    "Envoyé depuis Yahoo Mail pour Android",
    "Obtenir Outlook pour Android",
)
_FRENCH = set(
    [
        "bonjour",
        "je",
        "j",
        "mon",
        "ma",
        "mes",
        "pas",
        "merci",
        "vous",
        "rien",
        "pour",
        "suis",
        "avec",
        "une",
        "des",
        "est",
        "et",
        "envoyé",
        "depuis",
        "perdu",
        "marche",
        "ça",
        "toujours",
        "votre",
        "cordialement",
        "obtenir",
        "madame",
        "monsieur",
    ]
)
_ENGLISH = set(
    [
        "hello",
        "hi",
        "the",
        "my",
        "i",
        "you",
        "thanks",
        "thank",
        "is",
        "not",
        "from",
        "sent",
        "and",
        "for",
        "please",
        "with",
        "was",
        "could",
        "your",
        "regards",
    ]
)


@pytest.fixture(scope="module")
def expected() -> dict[str, object]:
    return json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def entries(expected: dict[str, object]) -> list[dict[str, object]]:
    messages = expected["messages"]
    assert isinstance(messages, list)
    return messages


@pytest.fixture(scope="module")
def messages() -> list[mailbox.mboxMessage]:
    box = mailbox.mbox(SAMPLE / "mailbox.mbox", create=False)
    try:
        return list(box)
    finally:
        box.close()


def _texts(message: Message) -> list[tuple[str, str]]:
    """(content type, decoded text) of every text part, whatever the charset says."""
    texts = []
    for part in message.walk():
        if part.get_content_maintype() != "text":
            continue
        data = part.get_payload(decode=True) or b""
        charset = part.get_content_charset() or "latin-1"
        texts.append((part.get_content_type(), data.decode(charset, "replace")))
    return texts


def _plain(message: Message) -> str:
    """All text of a message, tags stripped from HTML."""
    return "\n".join(
        re.sub(r"<[^>]+>", " ", text) if ctype == "text/html" else text
        for ctype, text in _texts(message)
    )


def _subject(message: Message) -> str:
    raw = message.get("Subject")
    if raw is None:
        return ""
    return "".join(
        data.decode(charset or "ascii", "replace") if isinstance(data, bytes) else data
        for data, charset in decode_header(str(raw))
    )


def _language(text: str) -> str | None:
    words = re.findall(r"[a-zàâçéèêëîïôûùüÿœ]+", text.lower())
    french = sum(w in _FRENCH for w in words)
    english = sum(w in _ENGLISH for w in words)
    if french == english:
        return None
    return "fr" if french > english else "en"


# -- (1) the committed files are what the generator writes ---------------------------


def test_generator_reproduces_committed_files(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONHASHSEED": "4242", "LC_ALL": "C", "TZ": "Asia/Tokyo"}
    result = subprocess.run(
        [sys.executable, "-m", "triage.sample.generate", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for name in ("mailbox.mbox", "expected.json"):
        generated = (tmp_path / name).read_bytes()
        committed = (SAMPLE / name).read_bytes()
        assert generated == committed, (
            f"{name} differs from the generator's output: "
            "run `make sample` instead of editing it by hand"
        )


def test_generator_rejects_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert generate.main(["--help"]) == 2
    assert "usage:" in capsys.readouterr().err


# -- (2) the mbox and the JSON describe the same messages ----------------------------


def test_mbox_parses_into_the_listed_messages(
    messages: list[mailbox.mboxMessage], entries: list[dict[str, object]]
) -> None:
    assert 140 <= len(messages) <= 160
    assert len(messages) == len(entries)
    assert [m["Message-ID"] for m in messages] == [e["message_id"] for e in entries]
    for message, entry in zip(messages, entries, strict=True):
        assert parseaddr(message["From"])[1] == entry["from"]
        assert parsedate_to_datetime(message["Date"]).isoformat() == entry["date"]


def test_message_ids_are_unique_and_on_the_sender_domain(
    messages: list[mailbox.mboxMessage],
) -> None:
    ids = [m["Message-ID"] for m in messages if m["Message-ID"] is not None]
    assert len(ids) == len(set(ids)) == len(messages) - 1
    for message in messages:
        if message["Message-ID"] is None:
            continue
        domain = parseaddr(message["From"])[1].rsplit("@", 1)[1].lower()
        assert message["Message-ID"].endswith(f"@{domain}>"), message["Message-ID"]


def test_every_message_has_date_from_to(messages: list[mailbox.mboxMessage]) -> None:
    for message in messages:
        assert message["To"] == generate.MAILBOX
        date = parsedate_to_datetime(message["Date"])
        assert message["Date"].endswith("+0100")
        assert (
            datetime(2026, 11, 2).date() <= date.date() <= datetime(2026, 11, 15).date()
        )
    named = [m for m in messages if parseaddr(m["From"])[0]]
    assert len(named) >= 0.9 * len(messages)


def test_expected_json_is_consistent(expected: dict[str, object]) -> None:
    assert expected["generator"] == "triage.sample.generate"
    entries = expected["messages"]
    cases = expected["cases"]
    assert isinstance(entries, list) and isinstance(cases, list)
    case_keys = [c["case"] for c in cases]
    assert case_keys == sorted(set(case_keys))
    used = {e["case"] for e in entries} - {None}
    assert used == set(case_keys)
    for entry in entries:
        labels = entry["labels"]
        assert labels == sorted(set(labels))
        assert set(labels) <= set(generate.LABELS)
        assert ("missing" in entry) == ("vague" in labels)
        if "sent-from-phone" in labels:
            assert "empty" in labels
        machine = {"auto-reply", "bounce", "newsletter"} & set(labels)
        assert (entry["tone"] is None) == bool(machine)
        if entry["message_id"] is None:
            assert entry["subject"] and entry["date"]


def test_repeat_sender_and_escalating_follow_their_definitions(
    entries: list[dict[str, object]],
) -> None:
    by_address: dict[str, list[dict[str, object]]] = defaultdict(list)
    for entry in entries:
        by_address[str(entry["from"]).lower()].append(entry)
    for address, mine in by_address.items():
        dates = [datetime.fromisoformat(str(e["date"])) for e in mine]
        repeat = any(
            sum(start <= d <= start + timedelta(days=14) for d in dates) >= 3
            for start in dates
        )
        first_tone = next((e["tone"] for e in mine if e["tone"] is not None), None)
        for entry in mine:
            assert ("repeat-sender" in entry["labels"]) == repeat, address
            tone = entry["tone"]
            escalating = tone is not None and tone >= 2 and tone > first_tone
            assert ("escalating" in entry["labels"]) == escalating, address


# -- (3) the content is what the sample promises -------------------------------------


def test_one_customer_wrote_17_times_about_one_tracking_number(
    messages: list[mailbox.mboxMessage], entries: list[dict[str, object]]
) -> None:
    counts = Counter(parseaddr(m["From"])[1].lower() for m in messages)
    (address, count), (_, runner_up) = counts.most_common(2)
    assert count == 17 and runner_up < 10
    mine = [m for m in messages if parseaddr(m["From"])[1].lower() == address]
    dates = [parsedate_to_datetime(m["Date"]) for m in mine]
    assert timedelta(days=9) <= max(dates) - min(dates) <= timedelta(days=11)
    for message in mine:
        assert TRACKING_ORDER in _subject(message) + _plain(message)
    tones = [e["tone"] for e in entries if str(e["from"]).lower() == address]
    assert tones == sorted(tones) and tones[0] == 0 and tones[-1] == 3
    threats = " ".join(_plain(m) for m in mine)
    for threat in ("60 millions", "UFC-Que Choisir", "avocat", "réseaux sociaux"):
        assert threat in threats
    assert {len({e["case"] for e in entries if str(e["from"]).lower() == address})} == {
        1
    }


def test_mostly_french(
    messages: list[mailbox.mboxMessage], entries: list[dict[str, object]]
) -> None:
    langs = Counter(e["lang"] for e in entries if e["lang"] is not None)
    assert langs["fr"] >= 0.75 * sum(langs.values())
    assert langs["en"] >= 0.15 * sum(langs.values())
    for message, entry in zip(messages, entries, strict=True):
        guessed = _language(_subject(message) + "\n" + _plain(message))
        if entry["lang"] is None:
            assert not _plain(message).strip()
        elif guessed is not None:
            assert guessed == entry["lang"], message["Subject"]


def test_customer_with_two_addresses_is_one_case(expected: dict[str, object]) -> None:
    cases = expected["cases"]
    assert isinstance(cases, list)
    two = [c for c in cases if len({a.lower() for a in c["addresses"]}) == 2]
    assert len(two) == 1
    domains = {a.rsplit("@", 1)[1] for a in two[0]["addresses"]}
    assert domains == {"gmail.com", "orange.fr"}


def test_customer_with_two_matters_has_two_cases(
    entries: list[dict[str, object]],
) -> None:
    cases_by_address: dict[str, set[object]] = defaultdict(set)
    for entry in entries:
        if entry["case"] is not None:
            cases_by_address[str(entry["from"]).lower()].add(entry["case"])
    assert any(len(cases) == 2 for cases in cases_by_address.values())


def test_empty_mails(
    messages: list[mailbox.mboxMessage], entries: list[dict[str, object]]
) -> None:
    no_body = [m for m in messages if not m.get_payload()]
    assert any(m["Subject"] for m in no_body)
    assert any(m["Subject"] == "" for m in no_body)
    whitespace = [
        m
        for m in messages
        if m.get_payload() and not m.is_multipart() and not _plain(m).strip()
    ]
    assert any(m["Subject"] is None for m in whitespace)
    assert any(m["Subject"] for m in whitespace)
    for message, entry in zip(messages, entries, strict=True):
        if message in no_body or message in whitespace:
            assert "empty" in entry["labels"]


def test_phone_signatures_alone_and_at_the_end(
    messages: list[mailbox.mboxMessage], entries: list[dict[str, object]]
) -> None:
    alone = {}
    ending = Counter()
    for message, entry in zip(messages, entries, strict=True):
        plain = [t for ctype, t in _texts(message) if ctype == "text/plain"]
        if not plain:
            continue
        new_text = plain[0].split("\n>")[0].strip()
        for signature in MOBILE_SIGNATURES:
            if new_text == signature:
                alone[signature] = entry["labels"]
            elif new_text.endswith(signature) or f"\n{signature}\n" in plain[0]:
                ending[signature] += 1
                assert "empty" not in entry["labels"]
    assert set(alone) == set(MOBILE_SIGNATURES)
    assert all(set(labels) >= {"empty", "sent-from-phone"} for labels in alone.values())
    assert ending["Envoyé de mon iPhone"] >= 3


def test_terse_and_vague_examples(
    messages: list[mailbox.mboxMessage], entries: list[dict[str, object]]
) -> None:
    by_text = {}
    for message, entry in zip(messages, entries, strict=True):
        plain = [t for ctype, t in _texts(message) if ctype == "text/plain"]
        if plain:
            by_text[plain[0].strip().split("\n")[0]] = entry
    for text in ("mon numéro de suivi???", "Perdu mon code", "toujours rien"):
        assert "terse" in by_text[text]["labels"], text
    assert "et mes points ?" in by_text
    assert set(by_text["Perdu mon code"]["labels"]) >= {"terse", "vague"}
    assert set(by_text["ça marche pas"]["labels"]) >= {"terse", "vague"}
    vague = [e for e in entries if "vague" in e["labels"]]
    assert any("several" in str(e["missing"]) for e in vague)


def test_machine_mail(messages: list[mailbox.mboxMessage]) -> None:
    assert any(m["Auto-Submitted"] == "auto-replied" for m in messages)
    assert any(m["X-Autoreply"] == "yes" for m in messages)
    assert any(m["Precedence"] == "auto_reply" for m in messages)
    assert any("Je suis absente du" in _plain(m) for m in messages)
    assert any("out of the office" in _plain(m) for m in messages)
    reports = [m for m in messages if m.get_content_type() == "multipart/report"]
    assert len(reports) == 1
    (report,) = reports
    assert report.get_param("report-type") == "delivery-status"
    assert report["From"].endswith("<MAILER-DAEMON@mx.example-shop.fr>")
    assert "message/delivery-status" in {p.get_content_type() for p in report.walk()}
    news = [m for m in messages if m["Precedence"] == "bulk"]
    assert 1 <= len(news) <= 2
    assert all(m["List-Id"] and m["List-Unsubscribe"] for m in news)


def test_html_and_alternative_parts(messages: list[mailbox.mboxMessage]) -> None:
    html_only = [m for m in messages if m.get_content_type() == "text/html"]
    assert any(re.search(r"<(table|ul|ol)\b", _texts(m)[0][1]) for m in html_only)
    alternatives = [
        m for m in messages if m.get_content_type() == "multipart/alternative"
    ]
    assert len(alternatives) >= 10
    empty_plain = [
        m
        for m in alternatives
        if not m.get_payload(0).get_payload(decode=True).strip() and _plain(m).strip()
    ]
    assert empty_plain


def test_charsets_and_encodings(messages: list[mailbox.mboxMessage]) -> None:
    seen = set()
    lying = no_charset = 0
    for message in messages:
        for part in message.walk():
            if part.get_content_maintype() != "text":
                continue
            charset = part.get_param("charset")
            cte = part.get("Content-Transfer-Encoding", "7bit").lower()
            seen.add((str(charset).lower(), cte))
            data = part.get_payload(decode=True) or b""
            if charset == "iso-8859-1" and re.search(rb"[\x80-\x9f]", data):
                lying += 1
            if charset is None and cte == "8bit" and not data.isascii():
                no_charset += 1
    for pair in (
        ("iso-8859-1", "quoted-printable"),
        ("iso-8859-1", "8bit"),
        ("windows-1252", "quoted-printable"),
        ("windows-1252", "8bit"),
        ("utf-8", "base64"),
    ):
        assert pair in seen, pair
    assert lying == 1
    assert no_charset == 1


def test_encoded_headers(messages: list[mailbox.mboxMessage]) -> None:
    subjects = [str(m["Subject"]) for m in messages if m["Subject"]]
    senders = [str(m["From"]) for m in messages]
    assert any("=?utf-8?q?" in s for s in subjects)
    assert any("=?iso-8859-1?b?" in s for s in subjects)
    assert any("=?utf-8?q?" in s for s in senders)
    assert any("=?iso-8859-1?b?" in s for s in senders)
    broken = 0
    for subject in subjects:
        for data, charset in decode_header(subject):
            if isinstance(data, bytes) and charset:
                try:
                    data.decode(charset)
                except UnicodeDecodeError:
                    broken += 1
    assert broken == 1


def test_replies_quote_the_agent(messages: list[mailbox.mboxMessage]) -> None:
    ids = {m["Message-ID"] for m in messages}
    bodies = "\n".join(_plain(m) for m in messages)
    assert "Le 5 nov. 2026 à 14:02, Service Fidélité Maison Lumen" in bodies
    assert "-----Message d'origine-----" in bodies
    assert "On Tue, Nov 3, 2026 at 10:14 AM, Service Fidélité Maison Lumen" in bodies
    to_agent = [
        m
        for m in messages
        if str(m.get("In-Reply-To", "")).endswith("@example-shop.fr>")
    ]
    assert len(to_agent) >= 10
    assert all(m["In-Reply-To"] not in ids for m in to_agent)
    subjects = [_subject(m) for m in messages]
    for prefix in ("Re: ", "RE : ", "RE: ", "TR: ", "Fwd: "):
        assert any(s.startswith(prefix) for s in subjects), prefix


def test_attachments_and_missing_message_id(
    messages: list[mailbox.mboxMessage],
) -> None:
    attached = {
        part.get_content_type(): part.get_payload(decode=True)
        for m in messages
        for part in m.walk()
        if part.get_filename()
    }
    assert attached["application/pdf"].startswith(b"%PDF-")
    assert attached["image/jpeg"].startswith(b"\xff\xd8")
    assert all(100 < len(data) < 2000 for data in attached.values())
    assert sum(m["Message-ID"] is None for m in messages) == 1


def test_mboxrd_escapes_from_lines(entries: list[dict[str, object]]) -> None:
    raw = (SAMPLE / "mailbox.mbox").read_bytes()
    assert re.search(rb"\n>From ", raw)
    separators = re.findall(
        rb"^From \S+ \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d 2026$", raw, re.M
    )
    assert len(separators) == len(re.findall(rb"^From ", raw, re.M)) == len(entries)


def test_reference_numbers(messages: list[mailbox.mboxMessage]) -> None:
    text = "\n".join(_subject(m) + "\n" + _plain(m) for m in messages)
    assert re.search(r"\bCMD-2026-\d{6}\b", text)
    assert re.search(r"\b6A\d{11}\b", text)
    assert "1Z999AA10123456784" in text
    assert re.search(r"\bFID 4921 \d{4} \d{4}\b", text)
