"""`r` in the review: the draft in $EDITOR (the app suspended), in the injected
editor, or in the in-app editor; what the draft holds; saving it answers the case,
`u` reopens it; an unchanged draft is not saved.

The app runs headless in `asyncio.run` over a copy of the bundled sample (imported
mail: no account, so replies are kept locally; test_outbox.py covers Drafts).
"""

import asyncio
import email
import email.policy
import inspect
import sqlite3
import stat
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC
from email.message import EmailMessage
from pathlib import Path

import pytest
from textual.drivers.headless_driver import HeadlessDriver
from textual.notifications import SeverityLevel
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from triage.config import Config, load_config
from triage.drafts import CUT_LINE
from triage.errors import ConfigError, InputError
from triage.store import Store, open_store
from triage.tui.app import TriageApp
from triage.tui.reply import DraftScreen, edit_with
from triage.tui.screens import ConfirmScreen

NOW = "2026-11-16T08:00:00Z"  # the Monday after the sample's last mail
KARIM = 4  # three messages, the order number given in the second
CHLOE = 59  # "Perdu mon code": vague, French
GRACE = 72  # "the code doesn't work": vague, English
Script = Callable[[Pilot[None]], Awaitable[None]]


class ReplyApp(TriageApp):
    """The app as the CLI builds it, keeping what it told the agent."""

    CSS_PATH = Path(inspect.getfile(TriageApp)).with_name(str(TriageApp.CSS_PATH))

    def __init__(
        self,
        store: Store,
        editor: Callable[[str], str | None] | None = None,
        config: Config | None = None,
    ) -> None:
        super().__init__(store, config or Config(), UTC, editor=editor)
        self.said: list[tuple[SeverityLevel, str]] = []

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        assert markup is False or "[" not in message
        self.said.append((severity, str(message)))
        super().notify(
            message, title=title, severity=severity, timeout=timeout, markup=markup
        )


def run(app: TriageApp, script: Script, size: tuple[int, int] = (100, 32)) -> None:
    async def go() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await script(pilot)

    asyncio.run(go())


async def reply_to(pilot: Pilot[None], app: ReplyApp, case_id: int) -> None:
    """Put the cursor on the case (j would take one key per case), press r."""
    ids = [c.facts.id for c in app.cases]
    app.table.move_cursor(row=ids.index(case_id))
    await pilot.pause()
    assert app.current == case_id
    await pilot.press("r")
    await pilot.pause()


async def settled(pilot: Pilot[None], app: ReplyApp) -> None:
    """The save worker done and its result shown."""
    await app.workers.wait_for_complete()
    await pilot.pause()


def saved_reply(store: Store, case_id: int) -> EmailMessage:
    (draft,) = store.drafts.for_case(case_id)
    parsed = email.message_from_bytes(
        store.drafts.raw(draft.id), policy=email.policy.default
    )
    assert isinstance(parsed, EmailMessage)
    return parsed


def body_of(reply: EmailMessage) -> str:
    return str(reply.get_content()).replace("\r\n", "\n")


def write_editor(tmp_path: Path, line: str, status: int = 0) -> Path:
    """A fake $EDITOR: keeps a copy of what it was given (and the file's name),
    appends `line` to the file (its last argument), exits with `status`."""
    script = tmp_path / "fake-editor"
    seen = tmp_path / "seen.txt"
    script.write_text(
        "#!/bin/sh\n"
        "for file; do :; done\n"
        f'cp "$file" "{seen}"\n'
        f'printf "%s" "$file" > "{seen}.path"\n'
        f"printf '%s\\n' '{line}' >> \"$file\"\n"
        f"exit {status}\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.fixture
def sample(
    sample_db: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Store]:
    monkeypatch.setenv("TRIAGE_NOW", NOW)
    for name in ("EDITOR", "VISUAL"):
        monkeypatch.delenv(name, raising=False)
    source, copy = sqlite3.connect(sample_db), sqlite3.connect(db_path)
    source.backup(copy)
    source.close()
    copy.close()
    store = open_store(db_path)
    yield store
    store.close()


# The draft


def test_the_draft_answers_the_whole_case_and_saving_it_answers_the_case(
    sample: Store,
) -> None:
    given: list[str] = []

    def editor(text: str) -> str:
        given.append(text)
        return text.replace(
            "sur l'ensemble.\n", "sur l'ensemble.\n\nVotre lampe part demain.\n", 1
        )

    app = ReplyApp(sample, editor)

    async def script(pilot: Pilot[None]) -> None:
        await reply_to(pilot, app, KARIM)
        await settled(pilot, app)
        assert sample.cases.state(KARIM) == "answered"
        assert KARIM not in [c.facts.id for c in app.cases]
        assert app.said[-1] == (
            "information",
            "Reply kept locally; no account to put it in Drafts",
        )
        await pilot.press("u")
        await pilot.pause()
        assert sample.cases.state(KARIM) == "open"
        assert app.said[-1] == ("information", f"Undone: case {KARIM}: answered")
        assert len(sample.drafts.for_case(KARIM)) == 1  # the draft stays

    run(app, script)
    (text,) = given
    # The editor shows the digest above the cut line, then the draft.
    digest, draft = text.split(CUT_LINE + "\n")
    assert "# To: Karim Benali <karim.benali@free.fr>" in digest
    assert "# order: CMD-2026-103871" in digest
    assert "# asks: Qu'est-ce que je dois faire ?" in digest
    assert draft.startswith("Bonjour Karim Benali,\n\nJ'ai bien lu vos 3 messages")
    reply = saved_reply(sample, KARIM)
    body = body_of(reply)
    assert body.startswith(
        "Bonjour Karim Benali,\n\nJ'ai bien lu vos 3 messages et je vous réponds "
        "ici sur l'ensemble.\n\nVotre lampe part demain.\n"
    )
    assert "#" not in body and CUT_LINE not in body
    # A quote of the latest message only.
    assert "Le 2026-11-10, Karim Benali a écrit :" in body
    assert "> toujours pas reçu la lampe (CMD-2026-103871)." in body
    assert "je voudrais savoir où en est ma commande" not in body
    assert reply["Subject"] == "Re: ma commande"
    assert reply["To"].addresses[0].addr_spec == "karim.benali@free.fr"
    assert reply["In-Reply-To"] == "<20261110090351.f3c228704b@free.fr>"
    assert reply["References"].split()[-1] == "<20261110090351.f3c228704b@free.fr>"


@pytest.mark.parametrize(
    ("case_id", "greeting", "question"),
    [
        (
            CHLOE,
            "Bonjour Chloé Martin,",
            "De quel code s'agit-il : un code promo, un code d'activation, un mot "
            "de passe, un bon d'achat ?",
        ),
        (
            GRACE,
            "Hello Grace Wilson,",
            "Which code do you mean: a promo code, an activation code, a password, "
            "a gift voucher?",
        ),
    ],
)
def test_a_vague_case_starts_with_the_question_to_ask_back_and_unchanged_is_not_saved(
    sample: Store, case_id: int, greeting: str, question: str
) -> None:
    given: list[str] = []

    def editor(text: str) -> str:
        given.append(text)
        return text  # saved without a word written

    app = ReplyApp(sample, editor)

    async def script(pilot: Pilot[None]) -> None:
        await reply_to(pilot, app, case_id)
        await settled(pilot, app)
        assert app.said[-1] == ("information", "Reply not saved: nothing written")
        assert sample.cases.state(case_id) == "open"
        assert app.current == case_id

    run(app, script)
    draft = given[0].split(CUT_LINE + "\n")[1]
    assert draft.startswith(f"{greeting}\n\n{question}\n")
    assert "ask back: " in given[0].split(CUT_LINE)[0]
    assert sample.drafts.for_case(case_id) == []


def test_an_emptied_or_cancelled_draft_is_not_saved(sample: Store) -> None:
    answers = iter([CUT_LINE + "\n\n\n", None])
    app = ReplyApp(sample, lambda text: next(answers))

    async def script(pilot: Pilot[None]) -> None:
        await reply_to(pilot, app, CHLOE)
        assert app.said[-1] == ("information", "Reply not saved: the draft is empty")
        await pilot.press("r")
        await pilot.pause()
        assert app.said[-1] == ("information", "Reply not saved.")
        assert sample.cases.state(CHLOE) == "open"

    run(app, script)
    assert sample.drafts.for_case(CHLOE) == []


def test_a_drafts_failure_is_shown_and_the_draft_kept(
    sample: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One account, whose server does not answer: port 9 on loopback is closed.
    path = tmp_path / "config.toml"
    path.write_text(
        '[accounts.work]\nhost = "127.0.0.1"\nport = 9\nuser = "sav@shop.example"\n'
        'tls = "none"\ntimeout = 5\n'
    )
    monkeypatch.setenv("TRIAGE_PASSWORD", "pw-not-shown-8r")
    app = ReplyApp(
        sample, lambda text: text + "Réponse.\n", load_config(path, required=True)
    )

    async def script(pilot: Pilot[None]) -> None:
        await reply_to(pilot, app, CHLOE)
        await settled(pilot, app)
        severity, said = app.said[-1]
        assert severity == "warning"
        assert said.startswith(
            "Reply saved locally; Drafts failed: cannot talk to 127.0.0.1:9"
        )
        assert "pw-not-shown-8r" not in " ".join(text for _, text in app.said)
        assert sample.cases.state(CHLOE) == "answered"

    run(app, script)
    (draft,) = sample.drafts.for_case(CHLOE)
    assert draft.appended_to is None and draft.error is not None
    assert saved_reply(sample, CHLOE)["From"] == "sav@shop.example"


# $EDITOR


def test_r_runs_the_editor_from_EDITOR_with_the_app_suspended(
    sample: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script_path = write_editor(tmp_path, "Votre code promo est REDUC10.")
    monkeypatch.setenv("EDITOR", f"{script_path} --wait")
    seen = tmp_path / "seen.txt"
    events: list[tuple[str, bool]] = []
    # The headless test driver cannot suspend; this one records that it was
    # asked to, and whether the editor had run by then.
    monkeypatch.setattr(HeadlessDriver, "can_suspend", property(lambda self: True))
    suspend = HeadlessDriver.suspend_application_mode
    resume = HeadlessDriver.resume_application_mode

    def suspended(self: HeadlessDriver) -> None:
        events.append(("suspend", seen.exists()))
        suspend(self)

    def resumed(self: HeadlessDriver) -> None:
        events.append(("resume", seen.exists()))
        resume(self)

    monkeypatch.setattr(HeadlessDriver, "suspend_application_mode", suspended)
    monkeypatch.setattr(HeadlessDriver, "resume_application_mode", resumed)
    app = ReplyApp(sample)

    async def script(pilot: Pilot[None]) -> None:
        await reply_to(pilot, app, CHLOE)
        await settled(pilot, app)
        assert app.screen is app.main
        assert sample.cases.state(CHLOE) == "answered"

    run(app, script)
    assert events == [("suspend", False), ("resume", True)]
    assert seen.read_text().startswith("# To: Chloé Martin <chloe.martin2@gmail.com>")
    assert "Votre code promo est REDUC10." in body_of(saved_reply(sample, CHLOE))
    # The file with the customer's mail is gone.
    assert not Path((tmp_path / "seen.txt.path").read_text()).exists()


def test_edit_with_runs_the_command_on_a_private_file(tmp_path: Path) -> None:
    script_path = write_editor(tmp_path, "ajouté")
    assert edit_with("EDITOR", f"{script_path} -f", "Bonjour\n") == "Bonjour\najouté\n"
    used = Path((tmp_path / "seen.txt.path").read_text())
    assert not used.exists() and not used.parent.exists()


def test_an_editor_that_fails_or_is_missing_says_so(tmp_path: Path) -> None:
    failing = write_editor(tmp_path, "x", status=1)
    with pytest.raises(InputError, match="the editor exited with status 1"):
        edit_with("EDITOR", str(failing), "Bonjour\n")
    with pytest.raises(ConfigError, match=r"cannot run the editor .* from \$VISUAL"):
        edit_with("VISUAL", str(tmp_path / "no-such-editor"), "Bonjour\n")
    with pytest.raises(ConfigError, match=r"cannot read \$EDITOR"):
        edit_with("EDITOR", "vim 'unclosed", "Bonjour\n")


def test_an_editor_failure_leaves_the_case_open(
    sample: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", str(write_editor(tmp_path, "x", status=1)))
    monkeypatch.setattr(HeadlessDriver, "can_suspend", property(lambda self: True))
    app = ReplyApp(sample)

    async def script(pilot: Pilot[None]) -> None:
        await reply_to(pilot, app, CHLOE)
        assert app.said[-1] == (
            "error",
            "Reply not saved: the editor exited with status 1",
        )
        assert sample.cases.state(CHLOE) == "open"

    run(app, script)


# The in-app editor


def test_without_an_editor_the_in_app_editor_saves_with_ctrl_s(sample: Store) -> None:
    app = ReplyApp(sample)

    async def script(pilot: Pilot[None]) -> None:
        await reply_to(pilot, app, KARIM)
        assert isinstance(app.screen, DraftScreen)
        area = app.screen.query_one(TextArea)
        assert area.has_focus
        assert area.text.startswith("Bonjour Karim Benali,")
        # The digest beside the text, inside the 80x24 screen.
        digest = app.screen.query_one("#draft-digest")
        shown = str(digest.query_one(Static).render())
        assert "order: CMD-2026-103871" in shown
        assert "asks: Qu'est-ce que je dois faire ?" in shown
        assert area.region.width >= 40 and digest.region.width >= 24
        assert digest.region.x >= area.region.right
        assert app.screen.query_one("#draft-keys").region.bottom <= 24
        await pilot.press(*"Elle part demain.")
        await pilot.press("ctrl+s")
        await settled(pilot, app)
        assert app.screen is app.main
        assert sample.cases.state(KARIM) == "answered"

    run(app, script, size=(80, 24))
    body = body_of(saved_reply(sample, KARIM))
    # Typed where the cursor starts: below the greeting, above the quote.
    head, _, quote = body.partition("Le 2026-11-10, Karim Benali a écrit :")
    assert "Elle part demain." in head
    assert quote.startswith("\n> Bonjour,")


def test_escape_leaves_the_in_app_editor_asking_first_if_something_was_written(
    sample: Store,
) -> None:
    app = ReplyApp(sample)

    async def script(pilot: Pilot[None]) -> None:
        await reply_to(pilot, app, CHLOE)
        await pilot.press("escape")  # nothing written: gone at once
        await pilot.pause()
        assert app.screen is app.main
        assert app.said[-1] == ("information", "Reply not saved.")
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*"Merci")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # back to the text
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        assert "Merci" in app.screen.query_one(TextArea).text
        await pilot.press("escape", "y")
        await pilot.pause()
        assert app.screen is app.main
        assert sample.cases.state(CHLOE) == "open"

    run(app, script, size=(80, 24))
    assert sample.drafts.for_case(CHLOE) == []
