"""importer.py: mbox and Maildir into a real store, in-process and in workers."""

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from triage import hooks, pipeline
from triage.errors import InputError
from triage.importer import (
    MailboxFormat,
    Progress,
    detect_format,
    import_mailbox,
)
from triage.pipeline import BATCH_SIZE
from triage.store import MessageFilter, Store

MakeMail = Callable[..., bytes]
MakeMbox = Callable[..., Path]
MakeMaildir = Callable[..., Path]


def mails(make_mail: MakeMail, count: int, *, crlf: bool = False) -> list[bytes]:
    return [
        make_mail(
            subject=f"Complaint {n}",
            body=f"Complaint number {n}.\n",
            message_id=f"<{n}@example.com>",
            crlf=crlf,
        )
        for n in range(count)
    ]


def stored_raws(store: Store) -> list[bytes]:
    """Raw bytes of every stored message, in insertion order."""
    rows = store.conn.execute("SELECT id FROM messages ORDER BY id").fetchall()
    return [store.raw(row[0]) for row in rows]


# mbox


def test_mbox_import_stores_every_message_byte_exact(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    raws = mails(make_mail, 3)
    result = import_mailbox(store, make_mbox(raws), workers=0)
    assert (result.new, result.present, result.failed) == (3, 0, 0)
    assert stored_raws(store) == raws
    assert {m.folder for m in store.messages()} == {"inbox"}  # the file's stem


def test_mbox_escaped_from_lines_stay_inside_their_message(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    body = "Hello,\n\nFrom what I can see, nothing arrived.\n\nFrom 9:00 to 17:00.\n"
    raws = [make_mail(body=body, message_id="<a@x>"), make_mail(message_id="<b@x>")]
    path = make_mbox(raws)
    assert b"\n>From what I can see" in path.read_bytes()
    assert b"\n>From 9:00 to 17:00" in path.read_bytes()
    result = import_mailbox(store, path, workers=0)
    assert result.new == 2
    first = store.raw(1)
    # The stored bytes are the file's bytes: ">From " stays escaped.
    assert first == raws[0].replace(b"\nFrom ", b"\n>From ")
    message = store.message(1)
    assert ">From what I can see" in message.body_text
    assert ">From 9:00 to 17:00." in message.body_text


def test_crlf_mbox(store: Store, make_mail: MakeMail, make_mbox: MakeMbox) -> None:
    raws = mails(make_mail, 3, crlf=True)
    path = make_mbox(raws, crlf=True)
    assert b"\r\n\r\nFrom sender@example.com" in path.read_bytes()
    result = import_mailbox(store, path, workers=0)
    assert (result.new, result.failed) == (3, 0)
    assert stored_raws(store) == raws
    assert sorted(m.subject for m in store.messages()) == [
        "Complaint 0",
        "Complaint 1",
        "Complaint 2",
    ]


def test_unescaped_from_line_without_a_time_does_not_split(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    body = "Dear support,\n\nFrom the moment I ordered, nothing worked.\n\nRegards\n"
    raws = [make_mail(body=body, message_id="<a@x>"), make_mail(message_id="<b@x>")]
    path = make_mbox(raws, escape=False)
    assert b"\n\nFrom the moment I ordered" in path.read_bytes()
    result = import_mailbox(store, path, workers=0)
    assert (result.new, result.failed) == (2, 0)
    assert stored_raws(store) == raws
    assert "From the moment I ordered" in store.message(1).body_text


def test_from_line_inside_a_paragraph_does_not_split(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    # Not after a blank line: never a separator, even with a time in it.
    body = "Dear support,\nFrom x Mon Nov  2 09:15:00 2026 I have waited.\n"
    raws = [make_mail(body=body, message_id="<a@x>"), make_mail(message_id="<b@x>")]
    result = import_mailbox(store, make_mbox(raws, escape=False), workers=0)
    assert result.new == 2
    assert stored_raws(store) == raws


def test_mbox_with_leading_blank_lines(
    store: Store, make_mail: MakeMail, tmp_path: Path
) -> None:
    raw = make_mail()
    path = tmp_path / "lead.mbox"
    path.write_bytes(b"\n\nFrom sender@example.com Mon Nov  2 09:15:00 2026\n" + raw)
    result = import_mailbox(store, path, workers=0)
    assert result.new == 1
    assert stored_raws(store) == [raw]


def test_empty_mbox_imports_nothing(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "empty.mbox"
    path.write_bytes(b"")
    result = import_mailbox(store, path, workers=0)
    assert (result.new, result.present, result.failed) == (0, 0, 0)
    assert store.count() == 0


def test_folder_can_be_named(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    import_mailbox(store, make_mbox([make_mail()]), folder="Réclamations", workers=0)
    assert store.message(1).folder == "Réclamations"


# Maildir


def test_maildir_import_reads_new_and_cur(
    store: Store, make_mail: MakeMail, make_maildir: MakeMaildir
) -> None:
    new = mails(make_mail, 2)
    cur = [make_mail(subject="Seen", message_id="<seen@x>", crlf=True)]
    path = make_maildir(new=new, cur=cur)
    assert len(list((path / "new").iterdir())) == 2
    assert len(list((path / "cur").iterdir())) == 1
    result = import_mailbox(store, path, workers=0)
    assert (result.new, result.present, result.failed) == (3, 0, 0)
    assert sorted(stored_raws(store)) == sorted([*new, *cur])
    assert {m.folder for m in store.messages()} == {"Maildir"}
    assert "Seen" in {m.subject for m in store.messages()}


def test_empty_maildir_imports_nothing(store: Store, make_maildir: MakeMaildir) -> None:
    result = import_mailbox(store, make_maildir(), workers=0)
    assert result.seen == 0


# Format detection


def test_detect_format(
    make_mail: MakeMail, make_mbox: MakeMbox, make_maildir: MakeMaildir
) -> None:
    assert detect_format(make_mbox([make_mail()])) is MailboxFormat.MBOX
    assert detect_format(make_maildir(new=[make_mail()])) is MailboxFormat.MAILDIR


def test_format_can_be_forced(
    store: Store, make_mail: MakeMail, tmp_path: Path
) -> None:
    # An mbox with an unusual name is still an mbox when the user says so.
    path = tmp_path / "export.txt"
    path.write_bytes(
        b"From sender@example.com Mon Nov  2 09:15:00 2026\n" + make_mail() + b"\n"
    )
    result = import_mailbox(store, path, MailboxFormat.MBOX, workers=0)
    assert result.new == 1


def test_forcing_maildir_on_a_file_is_an_input_error(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    path = make_mbox([make_mail()])
    with pytest.raises(InputError) as caught:
        import_mailbox(store, path, MailboxFormat.MAILDIR, workers=0)
    assert str(path) in caught.value.message


def test_forcing_mbox_on_a_directory_is_an_input_error(
    store: Store, make_mail: MakeMail, make_maildir: MakeMaildir
) -> None:
    path = make_maildir(new=[make_mail()])
    with pytest.raises(InputError) as caught:
        import_mailbox(store, path, MailboxFormat.MBOX, workers=0)
    assert str(path) in caught.value.message


def test_missing_path_is_an_input_error(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "nowhere.mbox"
    with pytest.raises(InputError, match="no such mailbox") as caught:
        import_mailbox(store, path, workers=0)
    assert str(path) in caught.value.message


def test_directory_without_cur_and_new_is_an_input_error(
    store: Store, tmp_path: Path
) -> None:
    (tmp_path / "folder" / "cur").mkdir(parents=True)
    with pytest.raises(InputError, match=r"not a Maildir \(no cur/ and new/\)"):
        import_mailbox(store, tmp_path / "folder", workers=0)


@pytest.mark.parametrize(
    "content",
    [
        b"name,email\nalice,alice@example.com\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"Subject: a single message, not an mbox\n\nbody\n",
    ],
    ids=["csv", "png", "eml"],
)
def test_a_file_that_is_not_an_mbox_is_an_input_error(
    store: Store, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="is not an mbox file") as caught:
        import_mailbox(store, path, workers=0)
    assert str(path) in caught.value.message
    assert store.count() == 0


# Idempotence and bad mail


def test_reimport_adds_nothing(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    path = make_mbox([*mails(make_mail, 4), b"not a message\n"])
    first = import_mailbox(store, path, workers=0)
    again = import_mailbox(store, path, workers=0)
    assert (first.new, first.present, first.failed) == (4, 0, 1)
    assert (again.new, again.present, again.failed) == (0, 5, 0)
    assert store.count() == 5


def test_reimport_of_a_maildir_adds_nothing(
    store: Store, make_mail: MakeMail, make_maildir: MakeMaildir
) -> None:
    path = make_maildir(new=mails(make_mail, 2), cur=mails(make_mail, 3)[2:])
    assert import_mailbox(store, path, workers=0).new == 3
    again = import_mailbox(store, path, workers=0)
    assert (again.new, again.present) == (0, 3)


def test_unparseable_message_is_stored_raw_flagged_and_counted(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    garbage = b"\x00\x01\x02 this is not an e-mail message \xff\n"
    good = make_mail()
    result = import_mailbox(store, make_mbox([good, garbage]), workers=0)
    assert (result.new, result.present, result.failed) == (1, 0, 1)
    (failed,) = store.messages(MessageFilter(parse_errors_only=True))
    assert failed.parse_error
    assert store.raw(failed.id) == garbage
    assert store.totals().parse_errors == 1


# Worker processes


def test_worker_processes_import_a_large_mbox(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    count = 2 * BATCH_SIZE + 137  # several batches and a partial one
    broken = count - 100
    raws = mails(make_mail, count)
    raws[broken] = b"not an e-mail message, parsed in a worker\n"
    seen: list[Progress] = []
    result = import_mailbox(store, make_mbox(raws), workers=2, on_progress=seen.append)
    assert (result.new, result.present, result.failed) == (count - 1, 0, 1)
    assert store.count() == count
    assert stored_raws(store) == raws  # every message, in order, byte-exact
    (failed,) = store.messages(MessageFilter(parse_errors_only=True))
    assert store.raw(failed.id) == raws[broken]
    assert seen[-1].done == count


def test_worker_processes_reimport_adds_nothing(
    store: Store, make_mail: MakeMail, make_maildir: MakeMaildir
) -> None:
    path = make_maildir(new=mails(make_mail, 2 * BATCH_SIZE + 1))
    assert import_mailbox(store, path, workers=2).new == 2 * BATCH_SIZE + 1
    again = import_mailbox(store, path, workers=2)
    assert (again.new, again.present) == (0, 2 * BATCH_SIZE + 1)


# Progress


def test_progress_reports_increasing_counts_for_mbox(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    count = 2 * BATCH_SIZE + 50
    path = make_mbox(mails(make_mail, count))
    seen: list[Progress] = []
    import_mailbox(store, path, workers=0, on_progress=seen.append)
    done = [p.done for p in seen]
    assert done == sorted(set(done)), done  # strictly increasing
    assert done[-1] == count
    assert len(done) >= 3  # at least one call per batch
    assert seen[-1].done_bytes == seen[-1].total_bytes == path.stat().st_size
    assert all(p.total is None for p in seen)


def test_progress_reports_totals_for_maildir(
    store: Store, make_mail: MakeMail, make_maildir: MakeMaildir
) -> None:
    count = BATCH_SIZE + 3
    seen: list[Progress] = []
    import_mailbox(
        store,
        make_maildir(new=mails(make_mail, count)),
        workers=0,
        on_progress=seen.append,
    )
    done = [p.done for p in seen]
    assert done == sorted(set(done))
    assert done[-1] == count
    assert {p.total for p in seen} == {count}
    assert all(p.total_bytes is None for p in seen)


def test_progress_with_workers_never_goes_back(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    count = 3 * BATCH_SIZE
    seen: list[Progress] = []
    import_mailbox(
        store, make_mbox(mails(make_mail, count)), workers=2, on_progress=seen.append
    )
    done = [p.done for p in seen]
    assert done == sorted(done)
    assert done[-1] == count


def test_mbox_whose_from_lines_carry_no_time_is_not_silently_empty(
    store: Store, make_mail: MakeMail, tmp_path: Path
) -> None:
    path = tmp_path / "bare.mbox"
    path.write_bytes(b"From MAILER-DAEMON\n" + make_mail() + b"\n")
    try:
        result = import_mailbox(store, path, workers=0)
    except InputError as exc:
        assert str(path) in exc.message
    else:
        assert result.new == 1
        assert store.count() == 1


def test_a_body_line_starting_with_from_and_a_time_stays_in_its_message(
    store: Store, make_mail: MakeMail, make_mbox: MakeMbox
) -> None:
    body = "Bonjour,\n\nFrom 9:00 to 11:30 nobody answered, on 12/11/2026 again.\n"
    raws = [make_mail(body=body), make_mail(message_id="<2@example.com>")]
    result = import_mailbox(store, make_mbox(raws, escape=False), workers=0)
    assert (result.new, result.failed) == (2, 0)
    assert [
        store.raw(m.id) for m in sorted(store.messages(), key=lambda m: m.id)
    ] == raws


_PARENT = os.getpid()
_REAL_PARSE_BATCH = pipeline.parse_batch


def _dying_parse_batch(batch: list) -> list:  # type: ignore[type-arg]
    """parse_batch that kills the process it runs in, unless that is the test's."""
    if os.getpid() != _PARENT:
        os._exit(1)
    return _REAL_PARSE_BATCH(batch)


def test_a_parser_process_that_dies_does_not_stop_the_import(
    store: Store,
    make_mail: MakeMail,
    make_mbox: MakeMbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A real process death (as from the out-of-memory killer), produced on demand:
    # the forked parser process runs this replacement and exits at once.
    monkeypatch.setattr(pipeline, "parse_batch", _dying_parse_batch)
    raws = mails(make_mail, 300)
    result = import_mailbox(store, make_mbox(raws), workers=1)
    assert (result.new, result.present, result.failed) == (300, 0, 0)
    assert stored_raws(store) == raws


_ORPHAN_PROBE = """
import os, signal, sys, time
from concurrent.futures import ProcessPoolExecutor
import multiprocessing
from triage.processes import worker_init
pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"),
                           initializer=worker_init)
print(pool.submit(os.getpid).result(), flush=True)
pool.submit(time.sleep, 60)
time.sleep(0.2)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_parser_workers_end_when_the_main_process_is_killed() -> None:
    import subprocess
    import sys
    import time

    # An orphaned worker would hold the output pipe open: hence the timeout.
    done = subprocess.run(
        [sys.executable, "-c", _ORPHAN_PROBE],
        capture_output=True,
        text=True,
        timeout=30,
    )
    worker = int(done.stdout.split()[0])
    deadline = time.monotonic() + 5
    while Path(f"/proc/{worker}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{worker}").exists(), "the worker outlived its parent"


def test_messages_a_killed_run_left_unlabelled_are_labelled_by_the_next(
    store: Store,
    make_mail: MakeMail,
    make_mbox: MakeMbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The first import stores its messages and dies before its rules pass.
    with monkeypatch.context() as patched:
        patched.setattr(hooks, "AFTER_STORE", [])
        first = import_mailbox(
            store, make_mbox([make_mail(body="", message_id="<a@x>")], name="a.mbox")
        )
    (left,) = first.new_ids
    assert store.labels.unjudged_ids() == [left]
    assert store.message(left).labels == ()
    later = make_mail(message_id="<b@x>", subject="Colis")
    import_mailbox(store, make_mbox([later], name="b.mbox"))
    assert store.labels.unjudged_ids() == []
    assert "empty" in store.message(left).labels
