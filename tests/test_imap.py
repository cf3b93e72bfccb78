"""The pure parts of imap.py: FETCH responses as imaplib hands them over, UID sets."""

from triage.imap import UidRanges, _parse_fetch, _sequence_set, _split


def test_bodies_flags_and_modseq_are_read_from_literals() -> None:
    data = [
        (b"1 (UID 7 FLAGS (\\Seen $Urgent) MODSEQ (42) BODY[] {5}", b"hello"),
        b")",
        (b"2 (UID 9 FLAGS () BODY[] {11}", b"UID 3 ) FLA"),
        b" MODSEQ (50))",
    ]
    got = _parse_fetch(data)
    assert [(f.uid, f.flags, f.modseq, f.raw) for f in got] == [
        (7, ("\\Seen", "$Urgent"), 42, b"hello"),
        (9, (), 50, b"UID 3 ) FLA"),
    ]


def test_an_item_name_ending_in_uid_is_not_the_uid() -> None:
    data = [(b"1 (UID 5 BODY[] {5}", b"hello"), b" X-GUID 123)"]
    (got,) = _parse_fetch(data)
    assert (got.uid, got.raw) == (5, b"hello")
    (flags_only,) = _parse_fetch([b"1 (UID 5 X-SOMETHING-UID 7 FLAGS ())"])
    assert flags_only.uid == 5


def test_unsolicited_fetches_without_uid_are_left_out() -> None:
    data = [(b"1 (UID 2 BODY[] {5}", b"hello"), b")", b"2 (FLAGS (\\Deleted))"]
    assert [(f.uid, f.raw) for f in _parse_fetch(data)] == [(2, b"hello")]


def test_other_shapes_go_to_the_full_parser_keyed_by_uid() -> None:
    # A quoted body and an unsolicited FETCH for sequence number 2: the slow path
    # must not give UID 2 the flags of message number 2.
    data = [
        b'1 (UID 2 FLAGS (\\Seen) BODY[] "hi")',
        (b"2 (FLAGS (\\Seen) UID 3 BINARY[] {1}", b"x"),
        b")",
        b"2 (FLAGS (\\Deleted))",
    ]
    got = {f.uid: f for f in _parse_fetch(data)}
    assert got[2].raw == b"hi" and got[2].flags == ("\\Seen",)
    assert set(got) == {2, 3}


def test_a_response_without_flags_says_so() -> None:
    (got,) = _parse_fetch([b"1 (UID 4 MODSEQ (9))"])
    assert got.flags is None and got.modseq == 9


def test_vanished_ranges_are_matched_without_being_expanded() -> None:
    ranges = UidRanges()
    ranges.add_set(b"(EARLIER) 1:4000000000")
    ranges.add_set("7,20:25")
    assert ranges.among([3, 5, 4_000_000_001]) == [3, 5]
    small = UidRanges()
    small.add_set("10:12,40")
    assert small.among(list(range(1, 50))) == [10, 11, 12, 40]
    assert not UidRanges()


def test_uid_sets_are_compact_and_split_to_fit_a_command_line() -> None:
    assert _sequence_set([7, 1, 2, 3, 9, 10]) == b"1:3,7,9:10"
    scattered = _sequence_set(range(1, 40_000, 2))
    parts = list(_split(scattered))
    assert len(parts) > 1 and all(len(p) <= 16_000 for p in parts)
    assert b",".join(parts) == scattered
