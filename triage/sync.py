"""`triage sync`: bring each account's folders into the store, incrementally.

Per folder the store keeps UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ as of the last
complete sync, and every message's UID. A sync then asks the server only for what
changed: with CONDSTORE, one EXAMINE shows that nothing did; new messages are the UIDs
above the highest one stored, fetched in batches with BODY.PEEK[] and written one
transaction per batch, so an interrupted sync resumes where it stopped; flag changes
come from CHANGEDSINCE (every message's flags without CONDSTORE); expunged messages
from QRESYNC's VANISHED or, when the counts disagree, a UID SEARCH. A new UIDVALIDITY
retires the old UIDs and finds the messages again by Message-ID and content hash, so
nothing is duplicated and nothing the agent did is lost. An account with `keywords`
then gets its labels written back as keywords in the same session (`keywords.py`).
"""

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from triage import hooks
from triage.config import Account, Config, SyncSettings
from triage.credentials import password_for
from triage.errors import ExitCode, MailServerError, TriageError
from triage.imap import FolderStatus, ImapSession, connect
from triage.keywords import by_keyword, plan_keywords
from triage.lock import sync_lock
from triage.records import FolderState, Location
from triage.store import Store, flags_json
from triage.text import for_display

_MAX_BACKOFF = 60.0  # seconds between two attempts, at most
_BATCH_BYTES = 32 << 20  # message bytes asked for in one FETCH, at most
_SIZE_QUERY = 5000  # UIDs whose sizes are asked for at once


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """Where the sync of one folder stands."""

    account: str
    folder: str
    done: int
    total: int


SyncProgressCallback = Callable[[SyncProgress], None]


@dataclass(slots=True)
class FolderReport:
    """What one sync did to one folder (or, for a dry run, would do)."""

    account: str
    folder: str
    new: int = 0  # messages stored for the first time
    present: int = 0  # fetched, and found stored already (another folder, new UIDs)
    failed: int = 0  # stored raw, flagged: they could not be parsed
    changed: int = 0  # messages whose flags changed on the server
    expunged: int = 0
    new_bytes: int = 0  # dry run: the size of what would be fetched
    uidvalidity_changed: bool = False
    keywords: int = 0  # messages whose label keywords were (would be) written
    error: str | None = None
    warning: str | None = None  # something skipped that the sync does without
    # Rows added, kept as they are written: a sync that fails half-way still hands
    # what it stored to the after-store hooks.
    new_ids: list[int] = field(default_factory=list, repr=False)

    @property
    def fetched(self) -> int:
        return self.new + self.present + self.failed


@dataclass(slots=True)
class AccountReport:
    """One account's run; `error` says why it stopped early, if it did."""

    account: str
    folders: list[FolderReport] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None
    error_code: ExitCode | None = None

    @property
    def new_ids(self) -> list[int]:
        return [i for f in self.folders for i in f.new_ids]

    def total(self, name: str) -> int:
        return sum(int(getattr(f, name)) for f in self.folders)

    @property
    def failed_folders(self) -> list[FolderReport]:
        return [f for f in self.folders if f.error]

    @property
    def status(self) -> str:
        """ok, partial (some folders failed) or failed (the account failed)."""
        if self.error_code is not None:
            return "failed"
        return "partial" if self.failed_folders else "ok"


@dataclass(slots=True)
class SyncReport:
    accounts: list[AccountReport]
    dry_run: bool = False
    log_error: str | None = None  # the sync log could not be written

    @property
    def exit_code(self) -> ExitCode:
        """0 when all went well; the failure's own code when nothing did; else 9."""
        statuses = {a.status for a in self.accounts}
        if statuses <= {"ok"}:
            return ExitCode.OK
        if statuses == {"failed"}:
            codes = [a.error_code for a in self.accounts if a.error_code]
            # An authentication failure needs the user; report it first.
            return ExitCode.AUTH if ExitCode.AUTH in codes else codes[0]
        return ExitCode.PARTIAL

    def total(self, name: str) -> int:
        return sum(a.total(name) for a in self.accounts)


def sync(
    store: Store,
    accounts: Sequence[Account],
    settings: SyncSettings,
    *,
    on_progress: SyncProgressCallback | None = None,
    workers: int | None = None,
    dry_run: bool = False,
    backoff: float = 1.0,
    config: Config | None = None,
) -> SyncReport:
    """Sync every account in turn, under the database's sync lock.

    A failing account does not stop the others; the report says what each did.
    After each account's folders, the post-store hooks (rules, grouping) see its new
    messages; then, if the account asks for it, labels go back as keywords.
    """
    log_error = None
    with sync_lock(store.path):
        reports = []
        for account in accounts:
            report = _sync_account(
                store,
                account,
                settings,
                on_progress,
                workers,
                dry_run,
                backoff,
                single=len(accounts) == 1,
                config=config,
            )
            reports.append(report)
            if settings.log and not dry_run:
                log_error = append_log(settings.log, report) or log_error
    return SyncReport(reports, dry_run, log_error)


def _sync_account(
    store: Store,
    account: Account,
    settings: SyncSettings,
    on_progress: SyncProgressCallback | None,
    workers: int | None,
    dry_run: bool,
    backoff: float,
    *,
    single: bool,
    config: Config | None = None,
) -> AccountReport:
    """Retry transient network failures with backoff; nothing else is retried.

    Every batch written stays written, so an attempt resumes where the last one
    broke off; the folder reports add up across attempts. The hooks run once,
    in the session when every folder is done (keywords need their labels), else
    after the failure, on what was stored.
    """
    started = time.monotonic()
    report = AccountReport(account.name)
    folders = {name: FolderReport(account.name, name) for name in account.folders}
    remaining = list(account.folders)
    to_label = list(account.folders) if account.keywords else []
    hooked = False
    attempt = 0
    while True:
        try:
            password = password_for(account, environment=single)
            with connect(account, password) as session:
                while remaining:
                    folder = folders[remaining[0]]
                    with _folder_errors(folder):
                        if dry_run:
                            _plan_folder(session, store, folder)
                        else:
                            _sync_folder(
                                session, store, folder, settings, on_progress, workers
                            )
                    remaining.pop(0)
                if not hooked:
                    hooked = True
                    _after_store(store, folders.values(), config)
                while to_label:
                    folder = folders[to_label[0]]
                    with _folder_errors(folder, "writing label keywords: "):
                        _write_keywords(session, store, folder, dry_run)
                    to_label.pop(0)
            break
        except MailServerError as exc:
            if exc.transient and attempt < settings.retries:
                time.sleep(min(backoff * 2**attempt, _MAX_BACKOFF))
                attempt += 1
                continue
            report.error, report.error_code = exc.message, exc.exit_code
            break
        except TriageError as exc:  # login refused, no password, the store
            report.error, report.error_code = exc.message, exc.exit_code
            break
    if not hooked:
        _after_store(store, folders.values(), config)
    report.folders = list(folders.values())
    report.seconds = time.monotonic() - started
    return report


@contextmanager
def _folder_errors(report: FolderReport, doing: str = "") -> Iterator[None]:
    """The server refusing something in one folder (it does not exist, a FETCH or
    STORE said NO) is that folder's error: the other folders go on. A broken
    connection is raised, for `_sync_account` to retry."""
    try:
        yield
    except MailServerError as exc:
        if exc.transient:
            raise
        report.error = doing + exc.message


def _after_store(
    store: Store, folders: Iterable[FolderReport], config: Config | None
) -> None:
    hooks.after_store(store, [i for f in folders for i in f.new_ids], config)


def _write_keywords(
    session: ImapSession, store: Store, report: FolderReport, dry_run: bool
) -> None:
    """Bring the folder's `$triage-*` keywords in line with the labels.

    Compared with the flags as last read, so a sync where no label changed sends
    nothing; the stored flags follow a STORE, so the next sync does not resend.
    """
    if report.error or (dry_run and report.uidvalidity_changed):
        return  # the folder failed, or (dry run) every UID is about to change
    locations = store.locations
    state = locations.folder(report.account, report.folder)
    if state is None:
        return  # never synced
    labelled = locations.labelled(report.account, report.folder, state.uidvalidity)
    changes = plan_keywords(labelled)
    if not changes or dry_run:
        report.keywords = len(changes)
        return
    add, remove = by_keyword(changes)
    stored = session.store_keywords(report.folder, state.uidvalidity, add, remove)
    if stored.skipped:
        report.warning = stored.skipped
        return
    flags = [(c.uid, flags_json(c.flags), None) for c in changes]
    locations.update_flags(report.account, report.folder, state.uidvalidity, flags)
    report.keywords = len(changes)


def _sync_folder(
    session: ImapSession,
    store: Store,
    report: FolderReport,
    settings: SyncSettings,
    on_progress: SyncProgressCallback | None,
    workers: int | None,
) -> None:
    """One folder, from where the last sync stopped."""
    account, name = report.account, report.folder
    status = session.examine(name)
    locations = store.locations
    if locations.open_folder(account, name, status.uidvalidity):
        report.uidvalidity_changed = True
    state = locations.folder(account, name)
    last_uid = locations.last_uid(account, name, status.uidvalidity)
    if state is not None and _unchanged(session, state, status, store):
        return
    new_uids = session.uids_after(last_uid) if _may_have_new(status, last_uid) else []
    _fetch_into(
        session, store, report, status, new_uids, settings, on_progress, workers
    )
    if last_uid:
        _sync_flags(session, store, report, status, state, last_uid)
    _reconcile(session, store, report, status, settings, on_progress, workers)
    locations.close_folder(
        FolderState(
            account,
            name,
            status.uidvalidity,
            status.uidnext,
            status.highestmodseq,
            None,
        )
    )


def _unchanged(
    session: ImapSession, state: FolderState, status: FolderStatus, store: Store
) -> bool:
    """Whether EXAMINE alone shows that nothing changed since the last sync.

    Only CONDSTORE can say that flags did not change; without it every sync reads
    all the flags.
    """
    return (
        session.condstore
        and status.highestmodseq is not None
        and state.highestmodseq == status.highestmodseq
        and state.uidnext == status.uidnext
        and store.locations.live_count(state.account, state.name, status.uidvalidity)
        == status.exists
    )


def _may_have_new(status: FolderStatus, last_uid: int) -> bool:
    return status.exists > 0 and (
        status.uidnext is None or status.uidnext > last_uid + 1
    )


def _fetch_into(
    session: ImapSession,
    store: Store,
    report: FolderReport,
    status: FolderStatus,
    uids: Sequence[int],
    settings: SyncSettings,
    on_progress: SyncProgressCallback | None,
    workers: int | None,
) -> None:
    """Fetch `uids` in batches into the store, parsing beside the fetch."""
    if not uids:
        return
    if workers is None:
        # Parsing costs about as much as fetching and storing together: with a
        # few hundred messages or more, another core parses while this one fetches.
        workers = 0 if len(uids) < 500 else max(1, (os.cpu_count() or 1) - 1)
    done = 0

    def progress() -> None:
        if on_progress is not None:
            on_progress(SyncProgress(report.account, report.folder, done, len(uids)))

    progress()
    from triage.pipeline import Pipeline  # the parser: loaded when there is mail

    pipeline = Pipeline(
        store, report.folder, workers, batch_size=min(settings.batch_size, 250)
    )
    try:
        for batch in _batches(session, uids, settings.batch_size):
            for fetched in session.fetch_messages(batch):
                if fetched.raw is None:
                    continue  # expunged between SEARCH and FETCH
                location = Location(
                    report.account,
                    report.folder,
                    status.uidvalidity,
                    fetched.uid,
                    fetched.flags or (),
                    fetched.modseq,
                )
                pipeline.add(fetched.raw, location)
            pipeline.flush()
            done += len(batch)
            progress()
        # The pipeline writes in UID order as parsing keeps up: a sync that breaks
        # off loses only what was fetched and not yet written, and resumes there.
        pipeline.finish()
    except (MailServerError, KeyboardInterrupt):
        # What was fetched already is written before giving up: the retry, or the
        # next run, starts after it.
        pipeline.finish()
        raise
    finally:
        pipeline.close()
        result = pipeline.result
        report.new += result.new
        report.present += result.present
        report.failed += result.failed
        report.new_ids += result.new_ids


def _batches(
    session: ImapSession, uids: Sequence[int], size: int
) -> Iterator[list[int]]:
    """UIDs in batches of `size` messages and at most _BATCH_BYTES together.

    The whole answer to a FETCH is held in memory: a batch of phone photos would
    be gigabytes. One RFC822.SIZE query per 5,000 messages tells the sizes first.
    """
    for start in range(0, len(uids), _SIZE_QUERY):
        part = uids[start : start + _SIZE_QUERY]
        sizes = {f.uid: f.size or 0 for f in session.fetch_sizes(part)}
        batch: list[int] = []
        held = 0
        for uid in part:
            if uid not in sizes:
                continue  # expunged meanwhile
            if batch and (len(batch) >= size or held + sizes[uid] > _BATCH_BYTES):
                yield batch
                batch, held = [], 0
            batch.append(uid)
            held += sizes[uid]
        if batch:
            yield batch


def _sync_flags(
    session: ImapSession,
    store: Store,
    report: FolderReport,
    status: FolderStatus,
    state: FolderState | None,
    last_uid: int,
) -> None:
    """Flag changes on messages stored before this sync; expunges QRESYNC names."""
    account, name = report.account, report.folder
    locations = store.locations
    if _incremental_flags(session, state, status):
        assert state is not None and state.highestmodseq is not None
        fetched, vanished = session.changed_since(last_uid, state.highestmodseq)
        if vanished:
            live = locations.live_uids(account, name, status.uidvalidity)
            report.expunged += locations.mark_expunged(
                account, name, status.uidvalidity, vanished.among(live)
            )
    else:
        known = locations.flags_of(account, name, status.uidvalidity)
        fetched = [
            f
            for f in session.fetch_flags(sorted(known))
            if f.flags is not None and known.get(f.uid) != flags_json(f.flags)
        ]
    changes = [
        (f.uid, flags_json(f.flags), f.modseq) for f in fetched if f.flags is not None
    ]
    report.changed += locations.update_flags(account, name, status.uidvalidity, changes)


def _incremental_flags(
    session: ImapSession, state: FolderState | None, status: FolderStatus
) -> bool:
    """Whether CHANGEDSINCE can be trusted for this folder's flags.

    Not when HIGHESTMODSEQ went backwards (the server rebuilt its index): changes
    below the old value would never be reported.
    """
    return (
        session.condstore
        and state is not None
        and bool(state.highestmodseq)
        and status.highestmodseq is not None
        and status.highestmodseq >= (state.highestmodseq or 0)
    )


def _reconcile(
    session: ImapSession,
    store: Store,
    report: FolderReport,
    status: FolderStatus,
    settings: SyncSettings,
    on_progress: SyncProgressCallback | None,
    workers: int | None,
) -> None:
    """When the server and the store disagree on the count, compare UID lists.

    UIDs gone from the server are marked expunged; UIDs the store lacks (a batch
    lost to a crash before this version kept UIDs in order) are fetched.
    """
    account, name, validity = report.account, report.folder, status.uidvalidity
    locations = store.locations
    if locations.live_count(account, name, validity) == status.exists:
        return
    on_server = session.all_uids()
    stored = locations.live_uids(account, name, validity)
    server_set = set(on_server)
    gone = [uid for uid in stored if uid not in server_set]
    if gone:
        report.expunged += locations.mark_expunged(account, name, validity, gone)
    stored_set = set(stored)
    last_uid = locations.last_uid(account, name, validity)
    missing = [uid for uid in on_server if uid not in stored_set and uid <= last_uid]
    _fetch_into(session, store, report, status, missing, settings, on_progress, workers)


def _plan_folder(session: ImapSession, store: Store, report: FolderReport) -> None:
    """What a sync of this folder would do, without writing anything."""
    account, name = report.account, report.folder
    status = session.examine(name)
    locations = store.locations
    state = locations.folder(account, name)
    validity = status.uidvalidity
    if state is not None and state.uidvalidity != validity:
        report.uidvalidity_changed = True
        validity = -1  # nothing stored is valid any more
    unchanged = state is not None and _unchanged(session, state, status, store)
    if unchanged and not report.uidvalidity_changed:
        return
    last_uid = locations.last_uid(account, name, validity)
    new_uids = session.uids_after(last_uid) if _may_have_new(status, last_uid) else []
    sizes = session.fetch_sizes(new_uids) if new_uids else []
    report.new = len(sizes)
    report.new_bytes = sum(f.size or 0 for f in sizes)
    if not last_uid:
        return
    known = locations.flags_of(account, name, validity)
    if _incremental_flags(session, state, status):
        assert state is not None and state.highestmodseq is not None
        fetched, _ = session.changed_since(last_uid, state.highestmodseq)
    else:
        fetched = session.fetch_flags(sorted(known))
    report.changed = sum(
        1
        for f in fetched
        if f.flags is not None
        and f.uid in known
        and known[f.uid] != flags_json(f.flags)
    )
    # Expunges: counted by comparing UIDs, which VANISHED would only repeat.
    on_server = set(session.all_uids())
    report.expunged = sum(1 for uid in known if uid not in on_server)


def log_line(report: AccountReport, when: datetime | None = None) -> str:
    """One line per account and run: greppable, one field per key."""
    when = when or datetime.now(UTC)
    fields = [
        when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        f"account={report.account}",
        f"status={report.status}",
        f"new={report.total('new')}",
        f"changed={report.total('changed')}",
        f"expunged={report.total('expunged')}",
        f"seconds={report.seconds:.2f}",
    ]
    errors = [report.error] if report.error else []
    errors += [f"{f.folder}: {f.error}" for f in report.failed_folders]
    if errors:
        # Server text, made inert: someone will `tail -f` this file.
        text = for_display("; ".join(errors), single_line=True).replace('"', "'")
        fields.append(f'error="{text}"')
    return " ".join(fields)


def append_log(path: Path, report: AccountReport) -> str | None:
    """Append the run's line to the sync log; returns why it could not, if so.

    A log that cannot be written does not undo a sync that worked: the caller warns.
    """
    line = log_line(report)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(line.replace("\n", " ") + "\n")
    except OSError as exc:
        return f"cannot write the sync log {path}: {exc.strerror}"
    return None


__all__ = [
    "AccountReport",
    "FolderReport",
    "SyncProgress",
    "SyncReport",
    "append_log",
    "log_line",
    "sync",
]
