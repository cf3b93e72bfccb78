"""The `triage` command line: parse options, call one core function, print.

Command bodies stay short; the work is in core modules, which know nothing of typer or
rich. Errors from core are `TriageError`s: one line on stderr, a documented exit code,
never a traceback unless `--debug` asks for one.
"""

import os
import re
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, tzinfo
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._completion_classes import FishComplete
from typer.completion import completion_init, get_completion_script
from typer.core import TyperGroup

from triage import __version__, cli_coercion
from triage.config import Config, load_config, pick_accounts
from triage.credentials import Secret
from triage.dates import format_local, local_zone, parse_when
from triage.errors import ExitCode, TriageError, UsageError
from triage.export import ExportFormat, ExportKind
from triage.importer import MailboxFormat
from triage.paths import default_config_path, default_db_path, default_demo_db_path
from triage.records import Case, ImportResult
from triage.report import (
    CHANGE_FIELDS,
    RULE_FIELDS,
    OutputFormat,
    change_row,
    dumps,
    rule_row,
    write_accounts,
    write_case,
    write_cases,
    write_message,
    write_messages,
    write_rows,
)
from triage.stats import SECTIONS as STATS_SECTIONS
from triage.store import MessageFilter, Store, open_store
from triage.text import decode_bytes, for_display

if TYPE_CHECKING:
    from triage.importer import ProgressCallback
    from triage.sync import SyncProgressCallback

TABLE_LIMIT = 50  # rows a table shows unless --limit says otherwise

cli_coercion.install()


class _Group(TyperGroup):
    """Turns every error into one line on stderr and its exit code."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: object,
    ) -> object:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except typer.TyperException as exc:  # a usage error, or no command given
            if type(exc).__name__ == "NoArgsIsHelpError":
                exc.show()  # the help text, as for --help
            else:
                hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
                # One line: click lists a missing argument's choices one a line.
                message = " ".join(exc.format_message().split())
                typer.echo(f"triage: error: {message}{hint}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("triage: aborted", err=True)
            sys.exit(ExitCode.UNEXPECTED)
        sys.exit(code if isinstance(code, int) else ExitCode.OK)

    def invoke(self, ctx: typer.Context) -> object:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # typer's own: usage errors (2), --help, --version
        except BrokenPipeError:
            # `triage list | head`: the reader has all it wanted.
            _silence_stdout()
            raise typer.Exit(ExitCode.OK) from None
        except TriageError as exc:
            _fail(ctx, f"error: {exc.message}", exc.exit_code)
        except KeyboardInterrupt:
            _fail(ctx, "interrupted", ExitCode.INTERRUPTED)
        except Exception as exc:  # a bug: say so in one line, details on --debug
            _fail(
                ctx,
                f"unexpected error: {type(exc).__name__}: {exc} "
                "(rerun with --debug for details)",
                ExitCode.UNEXPECTED,
            )
        return None


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _fail(ctx: typer.Context, message: str, code: int) -> None:
    settings = ctx.find_object(Settings)
    if settings is not None and settings.debug:
        traceback.print_exc(file=sys.stderr)
    # Messages quote file names, keys and library errors: never let one drive the
    # terminal.
    typer.echo(f"triage: {for_display(message, single_line=True)}", err=True)
    raise typer.Exit(code)


app = typer.Typer(
    cls=_Group,
    name="triage",
    help="Turn a complaints-mailbox backlog into a short, ordered list of cases.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,  # its locals dump could leak a password
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class Settings:
    """Global options, resolved lazily so that `--help` never touches the disk."""

    db: Path | None
    db_given: bool  # --db on the command line (not TRIAGE_DB)
    config_path: Path | None
    debug: bool
    _config: Config | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            path = self.config_path or default_config_path()
            self._config = load_config(path, required=self.config_path is not None)
        return self._config

    def db_path(self) -> Path:
        return self.db or self.config.database or default_db_path()

    def open_store(self, *, create: bool = True) -> Store:
        return open_store(self.db_path(), create=create)

    def zone(self) -> tzinfo | None:
        return local_zone(self.config.timezone)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"triage {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            envvar="TRIAGE_DB",
            metavar="PATH",
            help="Database file. [default: XDG data dir/triage/triage.db]",
            show_default=False,
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            envvar="TRIAGE_CONFIG",
            metavar="PATH",
            help="Config file. [default: XDG config dir/triage/config.toml]",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback on errors.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    """Turn a complaints-mailbox backlog into a short, ordered list of cases."""
    source = ctx.get_parameter_source("db")
    given = source is not None and source.name == "COMMANDLINE"
    ctx.obj = Settings(db=db, db_given=given, config_path=config, debug=debug)


FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        metavar="table|json|jsonl|tsv|csv",
        help="Output format.",
        show_default=True,
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Shorthand for --format json.")
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="DATE",
        help="From this date: YYYY-MM-DD, today, yesterday, 7d, 36h, 2w.",
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until", metavar="DATE", help="Before this date (same forms as --since)."
    ),
]
UtcOption = Annotated[
    bool, typer.Option("--utc", help="Days and dates in UTC, not local time.")
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print nothing on success.")
]


def _format(fmt: OutputFormat, json_flag: bool) -> OutputFormat:
    return OutputFormat.JSON if json_flag else fmt


def _settings(ctx: typer.Context) -> Settings:
    return ctx.ensure_object(Settings)


@contextmanager
def _store(ctx: typer.Context, *, create: bool = False) -> Iterator[Store]:
    """The database, for the length of a command; only writers create it."""
    store = _settings(ctx).open_store(create=create)
    try:
        yield store
    finally:
        store.close()


@contextmanager
def _import_progress(quiet: bool) -> Iterator["ProgressCallback | None"]:
    """A progress bar on a terminal; nothing under cron, in a pipe or with --quiet."""
    from triage.importer import Progress as ImportProgress
    from triage.render import make_console

    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = [
        TextColumn("{task.description}", markup=False),  # a file or folder name
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[messages]} messages", markup=False),
        TimeRemainingColumn(),
    ]
    # No refresh thread: the import forks parser workers, which is only safe in a
    # process without other threads. The display refreshes on each update instead.
    with Progress(
        *columns,
        console=make_console(stderr=True),
        transient=True,
        auto_refresh=False,
    ) as bar:
        task = bar.add_task("import", total=None, messages=0)

        def update(p: ImportProgress) -> None:
            total = p.total_bytes if p.total is None else p.total
            done = p.done_bytes if p.total is None else p.done
            bar.update(
                task,
                description=for_display(p.mailbox, single_line=True),
                total=total,
                completed=done,
                messages=p.done,
                refresh=True,
            )

        yield update


@app.command("import")
def import_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH",
            help="mbox files or Maildir directories.",
            show_default=False,
        ),
    ],
    mailbox_format: Annotated[
        MailboxFormat | None,
        typer.Option(
            "--format",
            case_sensitive=False,
            metavar="mbox|maildir",
            help="Force the format instead of detecting it.",
        ),
    ] = None,
    folder: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="Folder name to record. [default: the file name without extension]",
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Import mbox files or Maildirs; importing one again adds nothing."""
    from triage.importer import import_mailboxes
    from triage.render import import_summary

    settings = _settings(ctx)
    started = time.monotonic()
    with _store(ctx, create=True) as store, _import_progress(quiet) as progress:
        result = import_mailboxes(
            store,
            paths,
            mailbox_format,
            folder=folder,
            on_progress=progress,
            workers=settings.config.import_.workers or None,
            config=settings.config,
        )
    if not quiet:
        typer.echo(import_summary(result, time.monotonic() - started))


StateOption = Annotated[
    list[str] | None,
    typer.Option(
        "--state",
        metavar="STATE",
        help="Cases in this state: open, waiting, answered, snoozed, closed, or "
        "all; repeat for several. [default: open]",
        show_default=False,
    ),
]
LimitOption = Annotated[
    int | None,
    typer.Option(
        min=0,
        max=1_000_000_000,
        metavar="N",
        help=f"At most N rows. [default: {TABLE_LIMIT} for a table, all otherwise]",
        show_default=False,
    ),
]


@app.command("list")
def list_command(
    ctx: typer.Context,
    messages: Annotated[
        bool,
        typer.Option("--messages", "-m", help="List messages, newest first."),
    ] = False,
    state: StateOption = None,
    label: Annotated[
        str | None, typer.Option(metavar="LABEL", help="Only with this label.")
    ] = None,
    customer: Annotated[
        str | None,
        typer.Option(
            "--customer",
            "--from",
            metavar="TEXT",
            help="Sender address, part of it, a name, or @domain.",
        ),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(metavar="WORDS", help="Full-text search of subject and body."),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    errors: Annotated[
        bool,
        typer.Option("--errors", help="Only messages that failed to parse."),
    ] = False,
    limit: LimitOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    json_flag: JsonOption = False,
) -> None:
    """List cases in the order to answer them; --messages lists messages.

    A case's score adds up how long the customer has waited, how often they
    wrote, escalation and a question to ask back (see `triage show CASE`).
    Empty, phone-only and automatic cases come last.
    """
    fmt = _format(fmt, json_flag)
    _settings(ctx).zone()  # a named config that is missing or wrong fails here
    table_limit = TABLE_LIMIT if limit is None else limit or None
    row_limit = table_limit if fmt is OutputFormat.TABLE else limit or None
    if messages:
        if state:
            raise UsageError("--state is for cases; drop --messages")
        _list_messages(
            ctx, label, customer, search, since, until, errors, row_limit, fmt
        )
        return
    for given, name in ((since, "--since"), (until, "--until"), (errors, "--errors")):
        if given:
            raise UsageError(f"{name} is for messages: add --messages")
    from triage.cases.queue import CaseFilter, list_cases

    states = () if state and "all" in state else tuple(state or ("open",))
    flt = CaseFilter(states, label, customer, search)
    with _store(ctx) as store:
        cases = list_cases(store, flt)
        empty = not store.count()
    if fmt is not OutputFormat.TABLE:
        write_cases(cases[:row_limit], fmt, sys.stdout)
        return
    _print_cases(cases, row_limit, empty, show_state=states != ("open",))


def _print_cases(
    cases: list[Case], limit: int | None, empty: bool, *, show_state: bool
) -> None:
    from triage.render import NOTHING_YET, make_console
    from triage.render_cases import NO_CASES, cases_table

    console = make_console()
    if not cases:
        console.print(NOTHING_YET if empty else NO_CASES)
        return
    console.print(cases_table(cases[:limit], console.width, show_state=show_state))
    if limit is not None and len(cases) > limit:
        sys.stdout.flush()  # the note goes after the table, not inside it
        make_console(stderr=True).print(
            f"{limit} of {len(cases)} cases shown; --limit 0 shows all."
        )


def _list_messages(
    ctx: typer.Context,
    label: str | None,
    sender: str | None,
    search: str | None,
    since: str | None,
    until: str | None,
    errors: bool,
    limit: int | None,
    fmt: OutputFormat = OutputFormat.TABLE,
) -> None:
    zone = _settings(ctx).zone()
    flt = MessageFilter(
        sender=sender,
        since=parse_when(since, zone) if since else None,
        until=parse_when(until, zone) if until else None,
        search=search,
        label=label,
        parse_errors_only=errors,
        limit=limit,
    )
    with _store(ctx) as store:
        if fmt is not OutputFormat.TABLE:
            write_messages(store.messages(flt), fmt, sys.stdout)
            return
        _print_table(store, flt, zone)


def _print_table(store: Store, flt: MessageFilter, zone: tzinfo | None) -> None:
    from triage.render import NOTHING_YET, make_console, messages_table

    messages = list(store.messages(flt))
    console = make_console()
    if not messages:
        console.print(NOTHING_YET if not store.count() else "No messages match.")
        return
    console.print(messages_table(messages, zone, console.width))
    total = store.count(flt)
    if total > len(messages):
        sys.stdout.flush()  # the note goes after the table, not inside it
        make_console(stderr=True).print(
            f"{len(messages)} of {total} messages shown; --limit 0 shows all."
        )


@app.command("show")
def show_command(
    ctx: typer.Context,
    item_id: Annotated[
        int, typer.Argument(metavar="ID", help="Case ID (from list), or message ID.")
    ],
    message: Annotated[
        bool,
        typer.Option("--message", "-m", help="ID is a message: show that message."),
    ] = False,
    raw: Annotated[
        bool,
        typer.Option(
            "--raw", help="Write the message bytes exactly as received (a message ID)."
        ),
    ] = False,
    fmt: FormatOption = OutputFormat.TABLE,
    json_flag: JsonOption = False,
) -> None:
    """Show a case whole: digest, notes, then each message's new text in date
    order. With --message, one message: headers, labels, new and full text."""
    from triage.render import make_console, message_view

    settings = _settings(ctx)
    fmt = _format(fmt, json_flag)
    if raw and fmt is not OutputFormat.TABLE:
        raise UsageError("--raw writes the message as received; it takes no --format")
    if message or raw:
        with _store(ctx) as store:
            if raw:
                _write_raw(store.raw(item_id))
                return
            found = store.message(item_id)
        if fmt is OutputFormat.TABLE:
            make_console().print(message_view(found, settings.zone()))
        else:
            write_message(found, fmt, sys.stdout)
        return
    from triage.cases.queue import case_detail

    with _store(ctx) as store:
        detail = case_detail(store, item_id)
    if fmt is OutputFormat.TABLE:
        from triage.render_cases import case_view

        make_console().print(case_view(detail, settings.zone()))
    else:
        write_case(detail, fmt, sys.stdout)


def _write_raw(data: bytes) -> None:
    if sys.stdout.isatty():
        # Raw bytes may hold escape sequences: a terminal gets them made inert.
        typer.echo(for_display(decode_bytes(data)))
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)


@app.command("stats")
def stats_command(
    ctx: typer.Context,
    sections: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SECTION",
            help="Only these: " + ", ".join(STATS_SECTIONS) + ". [default: all]",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="From this date: YYYY-MM-DD, today, yesterday, 7d, 36h, 2w, or "
            "last-review (when the latest review ended). [default: 30 days]",
        ),
    ] = None,
    until: UntilOption = None,
    utc: UtcOption = False,
    fmt: FormatOption = OutputFormat.TABLE,
    json_flag: JsonOption = False,
) -> None:
    """The backlog at a glance: what came in per day, open cases by label, state
    and wait, who wrote most, messages per case, answers, parse errors."""
    from triage.stats import sections_asked

    asked = sections_asked(sections or ())
    _print_stats(ctx, asked, since, until, utc, _format(fmt, json_flag))


@app.command("brief")
def brief_command(
    ctx: typer.Context,
    utc: UtcOption = False,
    fmt: FormatOption = OutputFormat.TABLE,
    json_flag: JsonOption = False,
) -> None:
    """Back from leave: what arrived since your latest review, who wrote again and
    again, escalations, the longest waits, the noise set aside."""
    from triage.stats import BRIEF_SECTIONS

    _print_stats(ctx, BRIEF_SECTIONS, "last-review", None, utc, _format(fmt, json_flag))


def _print_stats(
    ctx: typer.Context,
    sections: Sequence[str],
    since: str | None,
    until: str | None,
    utc: bool,
    fmt: OutputFormat,
) -> None:
    from triage import stats
    from triage.dates import as_of

    zone = UTC if utc else _settings(ctx).zone()
    with _store(ctx) as store:
        if since == "last-review":
            start = stats.last_review(store)
        else:
            start = parse_when(since, zone) if since else None
        end = parse_when(until, zone) if until else None
        period = stats.period(start, end, zone, as_of())
        report = stats.build(store, period, sections)
    if fmt is OutputFormat.TABLE:
        from triage.render import make_console
        from triage.render_stats import stats_view

        console = make_console()
        console.print(stats_view(report, console.width))
    elif fmt is OutputFormat.JSON:
        sys.stdout.write(dumps(stats.document(report), indent=2) + "\n")
    else:
        fields, rows = stats.rows(report)
        write_rows(rows, fields, fmt, sys.stdout)


AccountOption = Annotated[
    str | None,
    typer.Option(
        "--account", "-a", metavar="NAME", help="Only this account. [default: all]"
    ),
]


@contextmanager
def _sync_progress(quiet: bool) -> Iterator["SyncProgressCallback | None"]:
    """A bar per folder with counts and rate on a terminal; nothing under cron."""
    from triage.render import make_console
    from triage.sync import SyncProgress

    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = [
        TextColumn("{task.description}", markup=False),  # account/folder
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}", markup=False),
        TimeRemainingColumn(),
    ]
    # No refresh thread: the parse pipeline may fork workers (see _import_progress).
    with Progress(
        *columns,
        console=make_console(stderr=True),
        auto_refresh=False,
    ) as bar:
        tasks: dict[tuple[str, str], tuple[TaskID, float]] = {}

        def update(p: SyncProgress) -> None:
            key = (p.account, p.folder)
            if key not in tasks:
                name = for_display(f"{p.account}/{p.folder}", single_line=True)
                task = bar.add_task(name, total=p.total, rate="")
                tasks[key] = (task, time.monotonic())
            task, started = tasks[key]
            elapsed = time.monotonic() - started
            rate = f"{p.done / elapsed:,.0f} msg/s" if elapsed > 0.5 else ""
            bar.update(task, total=p.total, completed=p.done, rate=rate, refresh=True)

        yield update


@app.command("sync")
def sync_command(
    ctx: typer.Context,
    account: AccountOption = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Say what would be fetched; change nothing."),
    ] = False,
    log: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Append one line per account and run. [default: sync.log in the "
            "config, else none]",
            show_default=False,
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Fetch new mail and flag changes from the IMAP accounts in the config.

    Safe under cron: a second sync while one runs exits at once (code 8), and
    with --quiet or without a terminal nothing is printed unless something fails.
    """
    from triage.render import sync_problems, sync_summary
    from triage.sync import sync

    settings = _settings(ctx)
    config = settings.config
    accounts = pick_accounts(config, account)
    sync_settings = replace(config.sync, log=log) if log else config.sync
    with ExitStack() as stack:
        store = stack.enter_context(_sync_store(ctx, dry_run))
        progress = stack.enter_context(_sync_progress(quiet))
        report = sync(
            store,
            accounts,
            sync_settings,
            on_progress=progress,
            workers=config.import_.workers or None,
            dry_run=dry_run,
            config=config,
        )
    for problem in sync_problems(report):
        typer.echo(f"triage: error: {problem}", err=True)
    if not quiet:
        for line in sync_summary(report):
            typer.echo(line)
    if report.exit_code:
        raise typer.Exit(int(report.exit_code))


@contextmanager
def _sync_store(ctx: typer.Context, dry_run: bool) -> Iterator[Store]:
    """The database; a dry run without one compares against an empty throwaway."""
    path = _settings(ctx).db_path()
    if dry_run and not path.expanduser().exists():
        with tempfile.TemporaryDirectory(prefix="triage-") as tmp:
            store = open_store(Path(tmp) / "empty.db")
            try:
                yield store
            finally:
                store.close()
        return
    with _store(ctx, create=not dry_run) as store:
        yield store


@app.command("login")
def login_command(
    ctx: typer.Context,
    account: Annotated[
        str | None,
        typer.Option(
            "--account",
            "-a",
            metavar="NAME",
            help="The account. [default: the only one in the config]",
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check/--no-check", help="Log in to the server before saving it."
        ),
    ] = True,
) -> None:
    """Ask for an account's password once and keep it in the system keyring."""
    from triage.accounts import login

    config = _settings(ctx).config
    accounts = pick_accounts(config, account)
    if len(accounts) > 1:
        names = ", ".join(a.name for a in accounts)
        raise UsageError(f"several accounts ({names}): say which with --account")
    chosen = accounts[0]
    if chosen.password_command:
        typer.echo(
            f"note: account '{chosen.name}' has a password_command, which is used "
            "before the keyring",
            err=True,
        )
    prompt = f"Password for {chosen.user} on {chosen.host}"
    password = Secret(typer.prompt(prompt, hide_input=True))
    login(chosen, password, verify=check)
    typer.echo(f"Password for account '{chosen.name}' saved in the system keyring.")


@app.command("accounts")
def accounts_command(
    ctx: typer.Context,
    account: AccountOption = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Log in; show capabilities, Drafts and folder counts."
        ),
    ] = False,
    fmt: FormatOption = OutputFormat.TABLE,
    json_flag: JsonOption = False,
) -> None:
    """List the IMAP accounts in the config (never their passwords)."""
    from triage.accounts import check_all, describe
    from triage.render import account_checks_view, accounts_table, make_console

    fmt = _format(fmt, json_flag)
    accounts = pick_accounts(_settings(ctx).config, account)
    checks = check_all(accounts) if check else describe(accounts)
    if fmt is OutputFormat.TABLE:
        view = account_checks_view(checks) if check else accounts_table(checks)
        make_console().print(view)
    else:
        write_accounts(checks, fmt, sys.stdout)
    failed = [c for c in checks if c.error_code is not None]
    if failed:
        for c in failed:
            problem = for_display(f"{c.account.name}: {c.error}", single_line=True)
            typer.echo(f"triage: error: {problem}", err=True)
        raise typer.Exit(int(failed[0].error_code or ExitCode.UNEXPECTED))


@contextmanager
def _label_progress(
    quiet: bool, what: str
) -> Iterator[Callable[[int, int], None] | None]:
    """A bar for a long relabel on a terminal; nothing otherwise."""
    from triage.render import make_console

    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn(what, markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        console=make_console(stderr=True),
        transient=True,
        auto_refresh=False,
    ) as bar:
        task = bar.add_task(what, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, refresh=True)

        yield update


@app.command("relabel")
def relabel_command(
    ctx: typer.Context,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Show what would change, per rule; write nothing."
        ),
    ] = False,
    fmt: FormatOption = OutputFormat.TABLE,
    json_flag: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Run every rule again over all stored messages (after a config change).

    Labels set or removed by hand stay as they are. Prints the labels gained and
    lost, per rule, with a few example messages; --dry-run prints the same and
    writes nothing, to try a new rule on the backlog safely.
    """
    from triage.render import make_console, relabel_view
    from triage.rules.engine import relabel

    fmt = _format(fmt, json_flag)
    rules = _settings(ctx).config.rules
    with (
        _store(ctx, create=False) as store,
        _label_progress(quiet, "relabel") as progress,
    ):
        outcome = relabel(store, rules, on_progress=progress, dry_run=dry_run)
    if fmt is not OutputFormat.TABLE:
        write_rows(
            (change_row(c) for c in outcome.changes), CHANGE_FIELDS, fmt, sys.stdout
        )
    elif not quiet or dry_run:
        make_console().print(relabel_view(outcome, dry_run=dry_run))


@app.command("rules")
def rules_command(
    ctx: typer.Context,
    fmt: FormatOption = OutputFormat.TABLE,
    json_flag: JsonOption = False,
) -> None:
    """List the built-in and user rules and how many messages each labels now."""
    from triage.render import make_console, rules_table
    from triage.rules.engine import catalogue

    fmt = _format(fmt, json_flag)
    rules = catalogue(_settings(ctx).config.rules)
    with _store(ctx) as store:
        counts = store.labels.counts_by_rule()
    rows = [rule_row(rule, counts) for rule in rules]
    if fmt is OutputFormat.TABLE:
        make_console().print(rules_table(rows))
    else:
        write_rows(rows, RULE_FIELDS, fmt, sys.stdout)


LabelArgument = Annotated[str, typer.Argument(metavar="LABEL", help="The label.")]
IdArgument = Annotated[int, typer.Argument(metavar="ID", help="Message ID.")]


@app.command("label")
def label_command(
    ctx: typer.Context, message_id: IdArgument, label: LabelArgument
) -> None:
    """Set a label on a message by hand; rules never take it off."""
    with _store(ctx) as store:
        changed = store.labels.add(message_id, _label_name(label))
    typer.echo(f"{message_id}: {label}" + ("" if changed else " (already set)"))


@app.command("unlabel")
def unlabel_command(
    ctx: typer.Context, message_id: IdArgument, label: LabelArgument
) -> None:
    """Remove a label from a message by hand; rules never put it back."""
    with _store(ctx) as store:
        removed = store.labels.remove(message_id, _label_name(label))
    typer.echo(f"{message_id}: {label} removed" + ("" if removed else " (was not set)"))


def _label_name(label: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,39}", label):
        raise UsageError(
            f"{label!r} is not a label name: lower-case letters, digits and '-'"
        )
    return label


@app.command("regroup")
def regroup_command(ctx: typer.Context, quiet: QuietOption = False) -> None:
    """Group every stored message into cases again (after a [cases] change).

    Cases keep their IDs, states and notes where they still match, and the
    corrections made with `triage case` are kept.
    """
    from triage.cases.engine import regroup

    settings = _settings(ctx)
    with _store(ctx, create=False) as store:
        outcome = regroup(store, settings.config.cases)
    if not quiet:
        typer.echo(
            f"{outcome.created} new cases, {outcome.joined} messages changed case, "
            f"{outcome.reopened} cases reopened."
        )


case_app = typer.Typer(
    cls=TyperGroup,
    help="Correct grouping, set a case's state, keep notes.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(case_app, name="case")
CaseArgument = Annotated[int, typer.Argument(metavar="CASE", help="Case ID.")]


@case_app.command("merge")
def case_merge_command(
    ctx: typer.Context,
    source: Annotated[
        int, typer.Argument(metavar="A", help="The case to merge; it disappears.")
    ],
    target: Annotated[int, typer.Argument(metavar="B", help="The case to keep.")],
) -> None:
    """Put case A's messages and notes in case B: one matter, or one customer on
    two addresses."""
    with _store(ctx) as store:
        store.cases.merge(source, target)
    typer.echo(f"case {source} merged into case {target}")


@case_app.command("split")
def case_split_command(
    ctx: typer.Context,
    case_id: CaseArgument,
    message_ids: Annotated[
        list[int],
        typer.Argument(metavar="MSG", help="The messages that make a new case."),
    ],
) -> None:
    """Take some messages out of a case into a new case: a second matter."""
    with _store(ctx) as store:
        new = store.cases.split(case_id, message_ids)
    typer.echo(f"new case {new} from case {case_id}")


@case_app.command("move")
def case_move_command(
    ctx: typer.Context,
    message_id: Annotated[int, typer.Argument(metavar="MSG", help="Message ID.")],
    case_id: CaseArgument,
) -> None:
    """Put a message in another case."""
    with _store(ctx) as store:
        left = store.cases.move(message_id, case_id)
    gone = "" if left is not None else " (the case it left is empty and gone)"
    typer.echo(f"message {message_id} moved to case {case_id}{gone}")


@case_app.command("state")
def case_state_command(
    ctx: typer.Context,
    case_id: CaseArgument,
    state: Annotated[
        str,
        typer.Argument(
            metavar="STATE", help="open, waiting, answered, snoozed or closed."
        ),
    ],
    until: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="With snoozed: when it comes back (YYYY-MM-DD, 3d, 1w, tomorrow).",
        ),
    ] = None,
) -> None:
    """Set a case's state: waiting on the customer, answered, snoozed, closed."""
    settings = _settings(ctx)
    wake = parse_when(until, settings.zone(), future=True) if until else None
    with _store(ctx) as store:
        store.cases.set_state(case_id, state, wake)
    shown = f" until {format_local(wake, settings.zone())}" if wake else ""
    typer.echo(f"case {case_id}: {state}{shown}")


@case_app.command("note")
def case_note_command(
    ctx: typer.Context,
    case_id: CaseArgument,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The note.")],
) -> None:
    """Keep a note on a case (shown by `show` and in the review)."""
    with _store(ctx) as store:
        store.cases.add_note(case_id, text)
    typer.echo(f"case {case_id}: note added")


@case_app.command("close-noise")
def case_close_noise_command(
    ctx: typer.Context,
    label: Annotated[
        str | None,
        typer.Option(metavar="LABEL", help="Only cases with this label (empty, …)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say how many; close nothing.")
    ] = False,
) -> None:
    """Close every open case of nothing but empty, phone-only or automatic mail."""
    from triage.cases.queue import close_noise

    with _store(ctx) as store:
        closed = close_noise(store, label, dry_run=dry_run)
    verb = "would close" if dry_run else "closed"
    typer.echo(f"{verb} {len(closed)} cases")


@app.command("review")
def review_command(ctx: typer.Context) -> None:
    """Work through the cases one at a time, in the order to answer them (TUI).

    Keys are in the footer and behind `?`; every action is saved at once and `u`
    undoes the last one. A `triage sync` from cron may run meanwhile: new cases
    appear in the queue by themselves.
    """
    settings = _settings(ctx)
    config, zone = settings.config, settings.zone()
    with _store(ctx) as store:
        _run_review(store, config, zone)


def _run_review(store: Store, config: Config, zone: tzinfo | None) -> None:
    if not sys.stdout.isatty() or not sys.stdin.isatty():
        raise UsageError("review needs a terminal; for scripts use list and show")
    from triage.tui.app import TriageApp

    TriageApp(store, config, zone).run()


@app.command("demo")
def demo_command(
    ctx: typer.Context,
    review: Annotated[
        bool,
        typer.Option("--review", help="Then work through its cases in the review."),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Import the bundled sample mailbox and show it: no server, no config needed.

    It uses a demo database of its own, rebuilt on each run (TRIAGE_DB and the
    config are left alone); `triage --db PATH demo` imports the sample into PATH.
    """
    from triage.demo import load_demo, reset_demo_database

    settings = _settings(ctx)
    if not settings.db_given:
        settings.db = default_demo_db_path()
        reset_demo_database(settings.db)
    started = time.monotonic()
    with _store(ctx, create=True) as store:
        with _import_progress(quiet or review) as progress:
            result = load_demo(store, progress)
        if review:
            _run_review(store, settings.config, settings.zone())
        elif not quiet:
            seconds = time.monotonic() - started
            _print_demo(store, result, seconds, settings.zone(), settings.db)


def _sample_stats(store: Store, zone: tzinfo | None, width: int) -> object:
    """The sample's days at a glance: from its first mail to its last."""
    from triage import stats
    from triage.dates import as_of
    from triage.render_stats import stats_view

    period = stats.whole_store(store, zone, as_of())
    if period is None:
        return ""
    sections = ("totals", "daily", "labels")
    return stats_view(stats.build(store, period, sections), width)


def _print_demo(
    store: Store,
    result: ImportResult,
    seconds: float,
    zone: tzinfo | None,
    db: Path | None,
) -> None:
    from triage.cases.queue import list_cases
    from triage.render import import_summary, make_console
    from triage.render_cases import cases_table

    console = make_console()
    console.print(f"Sample mailbox: {import_summary(result, seconds)}")
    console.print(_sample_stats(store, zone, console.width))
    console.print()
    cases = list_cases(store)
    console.print(f"{len(cases)} open cases, the first to answer first:")
    console.print(cases_table(cases, console.width, show_state=False))
    console.print(f"\nDemo database: {db}\nExplore it:")
    console.print(f"  export TRIAGE_DB={db}")
    for example in (
        "review          # the cases one at a time, in a TUI",
        f"show {cases[0].facts.id}" if cases else "list",
        "list --label vague",
        "list --messages --search colis",
        "stats --json",
    ):
        console.print(f"  triage {example}")
    console.print("Or open the review on the sample at once: triage demo --review")


@app.command("export")
def export_command(
    ctx: typer.Context,
    kind: Annotated[
        ExportKind,
        typer.Argument(
            case_sensitive=False,
            metavar="KIND",
            help="cases (one row per case) or messages (one per message).",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            metavar="csv|jsonl",
            help="CSV with a header row, or one JSON object a line.",
        ),
    ] = ExportFormat.CSV,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE, whole or not at all. [default: stdout]",
            show_default=False,
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    quiet: QuietOption = False,
) -> None:
    """Write every case or message as CSV or JSON lines, for a spreadsheet or a
    script.

    Streamed: memory stays flat whatever the size of the store. --since and
    --until keep messages by their date, and cases by their latest message's.
    A progress bar shows on a terminal while the rows go to a file or a pipe.
    """
    from triage.export import export, open_output

    zone = _settings(ctx).zone()
    start = parse_when(since, zone) if since else None
    end = parse_when(until, zone) if until else None
    # Not over the rows themselves: with neither -o nor a pipe, they are on screen.
    shown = not quiet and (output is not None or not sys.stdout.isatty())
    with (
        _store(ctx) as store,
        open_output(output, sys.stdout) as out,
        _export_progress(kind.value, shown) as progress,
    ):
        export(store, kind, fmt, out, since=start, until=end, progress=progress)


@contextmanager
def _export_progress(
    what: str, shown: bool
) -> Iterator[Callable[[int, int], None] | None]:
    """A bar of rows written, on a terminal's stderr; nothing under cron."""
    if not shown or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from triage.render import make_console

    columns = [
        TextColumn(what),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=make_console(stderr=True), transient=True) as bar:
        task = bar.add_task(what, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


class Shell(StrEnum):
    """The shells `triage completion` writes a script for."""

    BASH = "bash"
    ZSH = "zsh"
    FISH = "fish"


class _FishComplete(FishComplete):
    """typer's answer to fish, with each description on one line as written.

    typer reads help as rich markup (ours is plain: "[default: 30d]" would vanish)
    and wraps it at 80 columns, and fish takes each wrapped line for another word.
    """

    def format_completion(self, item: CompletionItem) -> str:
        about = " ".join((item.help or "").split())
        return f"{item.value}\t{about}" if about else str(item.value)


# The scripts are typer's, and they ask `triage` itself for the words: with
# _TRIAGE_COMPLETE set, typer answers before parsing (complete_bash, complete_zsh,
# complete_fish). It answers only for shells registered here; add_completion=False,
# which keeps --install-completion off every help page, skips this registration.
# typer >=0.29,<1 (pyproject) keeps these names; tests/test_completion.py runs them.
completion_init()
add_completion_class(_FishComplete, Shell.FISH.value)

# typer's zsh script only registers its function (compdef): loaded from $fpath, on
# the first Tab of a session, it would complete nothing until the second.
_ZSH_AUTOLOADED = """

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _triage_completion "$@"  # autoloaded from $fpath: complete this Tab too
fi"""


@app.command("completion")
def completion_command(
    shell: Annotated[
        Shell,
        typer.Argument(
            case_sensitive=False,
            metavar="SHELL",
            help="bash, zsh or fish.",
            show_default=False,
        ),
    ],
) -> None:
    """Print the completion script for bash, zsh or fish; install it once.

    \b
      triage completion bash > ~/.local/share/bash-completion/completions/triage
      triage completion zsh > ~/.zfunc/_triage
      triage completion fish > ~/.config/fish/completions/triage.fish

    bash needs the bash-completion package; zsh needs ~/.zfunc on $fpath before
    compinit (fpath+=~/.zfunc in ~/.zshrc). Then open a new shell: commands,
    options and their choices complete on Tab.
    """
    script = get_completion_script(
        prog_name="triage", complete_var="_TRIAGE_COMPLETE", shell=shell.value
    )
    if shell is Shell.ZSH:
        script += _ZSH_AUTOLOADED
    typer.echo(script)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="triage")
