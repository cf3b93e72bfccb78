"""A finished reply on its way to the agent's own mail client.

triage sends no mail: the reply goes to the account's Drafts folder (IMAP APPEND
with \\Draft), and she sends it from her usual client, with her identity and
signature, which files it in Sent. The case's customer messages get \\Answered on
the server, as her client would set it, and locally.

The reply is stored in the database before the server is tried, so nothing she
wrote is lost when the network or the login fails; the row says where the reply
went or why it did not. Those failures come back in the result, never raised:
the review says "saved locally; Drafts failed: ..." and goes on.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from triage.config import Account, Config
from triage.credentials import password_for
from triage.errors import AuthError, ConfigError, InputError, MailServerError
from triage.store import Store

if TYPE_CHECKING:
    from triage.imap import ImapSession

ANSWERED = "\\Answered"
# \Seen as well: a draft is hers, and mail clients save theirs read.
DRAFT_FLAGS = ("\\Seen", "\\Draft")
NO_ACCOUNT = "no account to put it in Drafts"


@dataclass(frozen=True, slots=True)
class ReplyResult:
    """What became of a reply: always a local draft, perhaps more."""

    draft_id: int
    account: str | None  # the account tried; None: none fits the case
    appended_to: str | None  # "account/folder" when the reply is in Drafts
    error: str | None  # why it is not, when it is not
    flagged: int = 0  # customer messages marked \Answered, on the server and here
    flag_error: str | None = None  # why some were not; the draft is in Drafts

    def describe(self) -> str:
        """One line for the agent."""
        if self.appended_to is None:
            if self.account is None:
                return f"Reply kept locally; {self.error}"
            return f"Reply saved locally; Drafts failed: {self.error}"
        said = f"Reply saved in {self.appended_to}"
        if self.flagged:
            said += f"; {_messages(self.flagged)} marked answered"
        if self.flag_error:
            said += f"; not marked answered: {self.flag_error}"
        return said


def reply_account(store: Store, config: Config, case_id: int) -> Account | None:
    """The account a reply to the case goes to: where the customer's mail is (the
    newest message's account first), else the only account in the config; None
    for mail imported from files when the config has no account, or several."""
    accounts = {a.name: a for a in config.accounts}
    located = store.locations.of_messages(
        customer_messages(store, case_id), live_only=False
    )
    for _, location in located:
        if location.account in accounts:
            return accounts[location.account]
    return config.accounts[0] if len(config.accounts) == 1 else None


def customer_messages(store: Store, case_id: int) -> list[int]:
    """The case's messages from its customer: those a reply answers."""
    found = store.cases.facts(case_ids=[case_id])
    if not found:
        raise InputError(f"no case with ID {case_id}")
    facts = found[0]
    messages = store.messages_by_id(facts.message_ids)
    theirs = [m.id for m in messages if m.customer == facts.customer]
    return theirs or [m.id for m in messages]


def reply_sender(account: Account | None, wrote_to: Sequence[str]) -> str:
    """The reply's From address: the account's user name when it is an address,
    else the address the customer wrote to (the support mailbox)."""
    if account is not None and "@" in account.user:
        return account.user
    if wrote_to:
        return wrote_to[0]
    return account.user if account is not None else ""


def save_reply(store: Store, config: Config, case_id: int, raw: bytes) -> ReplyResult:
    """Keep the reply, put it in the account's Drafts, mark what it answers."""
    # Here, not at the top: the review loads this module at launch, and the IMAP
    # client (20 ms) only when a reply goes out.
    from triage.imap import connect

    draft_id = store.drafts.save(case_id, raw)
    account = reply_account(store, config, case_id)
    if account is None:
        store.drafts.failed(draft_id, NO_ACCOUNT)
        return ReplyResult(draft_id, None, None, NO_ACCOUNT)
    try:
        # One variable cannot hold the passwords of several accounts (as in sync).
        password = password_for(account, environment=len(config.accounts) == 1)
        with connect(account, password) as session:
            folder = session.drafts_folder()
            if folder is None:
                raise ConfigError(
                    f"{account.host} has no folder marked \\Drafts for account "
                    f"'{account.name}': set drafts = \"FOLDER\" in "
                    f"[accounts.{account.name}]"
                )
            session.append(folder, raw, DRAFT_FLAGS)
            where = f"{account.name}/{folder}"
            store.drafts.appended(draft_id, where)
            flagged, flag_error = _mark_answered(
                session, store, account, customer_messages(store, case_id)
            )
    except (MailServerError, AuthError, ConfigError) as exc:
        store.drafts.failed(draft_id, exc.message)
        return ReplyResult(draft_id, account.name, None, exc.message)
    return ReplyResult(draft_id, account.name, where, None, flagged, flag_error)


def _mark_answered(
    session: "ImapSession", store: Store, account: Account, message_ids: list[int]
) -> tuple[int, str | None]:
    """\\Answered on the messages' live locations in this account, folder by
    folder, on the server then locally; how many messages, and the first reason
    some were not."""
    folders: dict[tuple[str, int], dict[int, int]] = defaultdict(dict)
    for message_id, location in store.locations.of_messages(message_ids):
        if location.account == account.name:
            folders[location.folder, location.uidvalidity][location.uid] = message_id
    flagged: set[int] = set()
    error = None
    for (folder, uidvalidity), by_uid in folders.items():
        try:
            done = session.add_flags(folder, uidvalidity, sorted(by_uid), [ANSWERED])
        except MailServerError as exc:
            error = error or exc.message
            continue
        if done.skipped:
            error = error or done.skipped
            continue
        store.locations.add_flags(by_uid.values(), ANSWERED, account=account.name)
        flagged.update(by_uid.values())
    return len(flagged), error


def _messages(count: int) -> str:
    return f"{count} message" + ("" if count == 1 else "s")
