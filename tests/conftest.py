"""Shared fixtures: an isolated environment, a migrated store, mailbox builders, a CLI.

Every test runs with XDG_CONFIG_HOME and XDG_DATA_HOME inside its own tmp_path and
without the TRIAGE_* variables of whoever runs the suite, so that no test reads or
writes a real config or database (llm's `env_setup`).
"""

import base64
import mailbox
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from triage.store import Store, open_store

# The test IMAP server: `dovecot` (one per session) and `imap_user` fixtures.
pytest_plugins = ["dovecot"]

MakeMail = Callable[..., bytes]
MakeMbox = Callable[..., Path]
MakeMaildir = Callable[..., Path]

# A valid mbox separator line: sender, then an asctime-style date with a time.
MBOX_FROM_LINE = b"From sender@example.com Mon Nov  2 09:15:00 2026"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for name in ("TRIAGE_DB", "TRIAGE_CONFIG", "NO_COLOR", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "triage.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = open_store(db_path)
    yield opened
    opened.close()


@pytest.fixture
def runner() -> CliRunner:
    # typer's CliRunner always keeps stderr apart: result.stdout and result.stderr
    # are separate, result.output is the two interleaved.
    return CliRunner()


def encoded_word(text: str) -> str:
    """`text` as one RFC 2047 UTF-8 base64 word: any character survives transport."""
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode("ascii") + "?="


def build_mail(
    subject: str = "Colis jamais arrivé",
    body: str = "Bonjour,\n\nMon colis n'est jamais arrivé.\n",
    *,
    sender: str = "alice@example.com",
    name: str | None = "Alice Martin",
    message_id: str | None = "<1@example.com>",
    date: str | None = "Mon, 02 Nov 2026 09:15:00 +0000",
    headers: Sequence[tuple[str, str]] = (),
    crlf: bool = False,
) -> bytes:
    """A small UTF-8 text/plain message; unusual header text becomes encoded words."""

    def header_value(value: str) -> str:
        plain = value.isascii() and value.isprintable()
        return value if plain else encoded_word(value)

    def display_name(value: str) -> str:
        # Address specials (":" "," "<" ...) or controls: an encoded word carries all.
        return (
            value if re.fullmatch(r"[A-Za-z0-9 .'-]*", value) else encoded_word(value)
        )

    from_ = f"{display_name(name)} <{sender}>" if name else sender
    lines = [f"From: {from_}", "To: support@shop.example"]
    if message_id is not None:
        lines.append(f"Message-ID: {message_id}")
    if date is not None:
        lines.append(f"Date: {date}")
    lines.append(f"Subject: {header_value(subject)}")
    lines += [f"{key}: {value}" for key, value in headers]
    lines += [
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
    ]
    text = "\n".join(lines) + "\n" + body
    if crlf:
        text = text.replace("\n", "\r\n")
    return text.encode("utf-8")


def write_mbox(
    path: Path, raws: Sequence[bytes], *, crlf: bool = False, escape: bool = True
) -> Path:
    """Write an mbox file: a From line, the message (mboxrd-escaped), a blank line.

    With `escape=False` body lines starting with "From " are left as they are, as
    some writers do (mboxo); the importer must not split on them unless they look
    like a separator.
    """
    newline = b"\r\n" if crlf else b"\n"
    with path.open("wb") as fh:
        for raw in raws:
            fh.write(MBOX_FROM_LINE + newline)
            for line in raw.splitlines(keepends=True):
                if escape and line.lstrip(b">").startswith(b"From "):
                    line = b">" + line
                fh.write(line)
            if not raw.endswith(b"\n"):
                fh.write(newline)
            fh.write(newline)
    return path


@pytest.fixture
def make_mail() -> MakeMail:
    return build_mail


@pytest.fixture
def make_mbox(tmp_path: Path) -> MakeMbox:
    """Builder: make_mbox([raw, ...], name="inbox.mbox", crlf=False, escape=True)."""

    def make(
        raws: Sequence[bytes],
        name: str = "inbox.mbox",
        *,
        crlf: bool = False,
        escape: bool = True,
    ) -> Path:
        return write_mbox(tmp_path / name, raws, crlf=crlf, escape=escape)

    return make


@pytest.fixture
def make_maildir(tmp_path: Path) -> MakeMaildir:
    """Builder: make_maildir(new=[raw, ...], cur=[raw, ...], name="Maildir").

    Messages are added as bytes through `mailbox.Maildir` (written verbatim); those
    for cur/ are then moved there with the seen flag, as a mail client would.
    """

    def make(
        new: Sequence[bytes] = (), cur: Sequence[bytes] = (), name: str = "Maildir"
    ) -> Path:
        path = tmp_path / name
        box = mailbox.Maildir(path, factory=None, create=True)
        for raw in new:
            box.add(raw)
        for raw in cur:
            key = box.add(raw)
            os.replace(path / "new" / key, path / "cur" / f"{key}:2,S")
        return path

    return make


# The bundled demo sample, imported once per session at SAMPLE_NOW (the Monday
# after its last mail); tests copy it (sqlite3 backup) before they change it.
SAMPLE_NOW = "2026-11-16T08:00:00Z"


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from triage.demo import load_demo

    path = tmp_path_factory.mktemp("sample") / "sample.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRIAGE_NOW", SAMPLE_NOW)
        store = open_store(path)
        load_demo(store)
        store.close()
    return path


def ok(result: Result) -> str:
    """Stdout of a successful run; stderr must be empty."""
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr == ""
    return result.stdout


def failed(result: Result, code: int) -> str:
    """Stderr of a failed run: the code, nothing on stdout, one line, no traceback."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("triage: error: ")
    return lines[0]
