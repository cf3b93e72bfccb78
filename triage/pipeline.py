"""Raw messages in, stored messages out: parse in workers, write here, in order.

Import and sync both feed raw bytes into a `Pipeline`. Messages the store holds already
are recognised before parsing (Message-ID and content hash); the others are parsed in
chunks by worker processes while this process compresses and writes, one transaction
per batch, so an interrupted run keeps every batch it committed. Items keep their order
from input to database: a sync resumes after the highest UID stored.
"""

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from triage.mail import Identity, identify, parse_mail
from triage.processes import start_context, worker_init
from triage.records import ImportResult, Location, ParsedMail
from triage.store import Store, dedupe_key, pack_raw

BATCH_SIZE = 250  # messages written per transaction
CHUNK = 50  # messages checked against the store and sent to a worker at a time


def parse_batch(batch: list[tuple[bytes, Identity]]) -> list[ParsedMail]:
    """Worker entry point: parse a chunk of raw messages."""
    return [parse_mail(raw, identity) for raw, identity in batch]


@dataclass(slots=True)
class _Chunk:
    """Messages checked against the store together, and what became of them."""

    raws: list[bytes] = field(default_factory=list)
    identities: list[Identity] = field(default_factory=list)  # once checked
    locations: list[Location | None] = field(default_factory=list)
    # Already stored: (dedupe key, location) to record, in input order.
    links: list[tuple[str, Location]] = field(default_factory=list)
    parsed: "Future[list[ParsedMail]] | list[ParsedMail] | None" = None


class Pipeline:
    """Parse in workers, write in this process, a bounded amount ahead.

    Memory is bounded by four chunks per worker plus one batch. `workers` = 0
    parses in this process (small inputs: starting workers would cost more).
    `batch_size` messages are written per transaction: what a crash can lose.
    """

    def __init__(
        self,
        store: Store,
        folder: str,
        workers: int,
        on_written: Callable[[], None] | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.store = store
        self.batch_size = batch_size
        self.folder = folder
        self.workers = workers
        self.on_written = on_written
        self._counts = ImportResult()
        self._new_ids: list[int] = []
        self._pending = _Chunk()
        self._in_flight: deque[_Chunk] = deque()
        self._ready: list[tuple[bytes, ParsedMail]] = []
        self._ready_locations: list[Location | None] = []
        self._ready_links: list[tuple[str, Location]] = []
        self._pool: ProcessPoolExecutor | None = None

    @property
    def result(self) -> ImportResult:
        c = self._counts
        return ImportResult(c.new, c.present, c.failed, tuple(self._new_ids))

    def add(self, raw: bytes, location: Location | None = None) -> None:
        self._pending.raws.append(raw)
        self._pending.locations.append(location)
        if len(self._pending.raws) >= CHUNK:
            self._dispatch()

    def flush(self) -> None:
        """Send what was added to parsing now, without waiting for a full chunk."""
        if self._pending.raws:
            self._dispatch()

    def finish(self) -> None:
        """Write everything added so far."""
        if self._pending.raws:
            self._dispatch()
        while self._in_flight:
            self._collect()
        self._write()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _dispatch(self) -> None:
        chunk, self._pending = self._unseen(self._pending), _Chunk()
        work = list(zip(chunk.raws, chunk.identities, strict=True))
        if not work or self.workers == 0:
            chunk.parsed = parse_batch(work)
            self._in_flight.append(chunk)
        else:
            try:
                chunk.parsed = (self._pool or self._start_pool()).submit(
                    parse_batch, work
                )
            except BrokenProcessPool:
                self._give_up_pool()
                chunk.parsed = parse_batch(work)
            self._in_flight.append(chunk)
        # Four chunks queued per worker keep it busy while this process writes a
        # batch; more only costs memory (measured).
        while self._in_flight and (
            len(self._in_flight) > self.workers * 4 or _done(self._in_flight[0])
        ):
            self._collect()

    def _unseen(self, chunk: _Chunk) -> _Chunk:
        """The messages of a chunk not in the store yet (nor earlier in the chunk)."""
        identities = [identify(raw) for raw in chunk.raws]
        keys = [dedupe_key(i.message_id, i.content_hash) for i in identities]
        seen = self.store.present_keys(keys)
        unseen = _Chunk()
        for raw, identity, key, location in zip(
            chunk.raws, identities, keys, chunk.locations, strict=True
        ):
            if key in seen:
                if location is not None:
                    unseen.links.append((key, location))
                continue
            seen.add(key)
            unseen.raws.append(raw)
            unseen.identities.append(identity)
            unseen.locations.append(location)
        self._counts += ImportResult(present=len(chunk.raws) - len(unseen.raws))
        return unseen

    def _start_pool(self) -> ProcessPoolExecutor:
        self._pool = ProcessPoolExecutor(
            self.workers,
            mp_context=start_context(["triage.mail"]),
            initializer=worker_init,
        )
        return self._pool

    def _collect(self) -> None:
        chunk = self._in_flight[0]
        try:
            parsed = _parsed(chunk)
        except BrokenProcessPool:
            self._give_up_pool()
            return
        self._in_flight.popleft()
        self._keep(chunk, parsed)

    def _give_up_pool(self) -> None:
        """A parser process died (killed, out of memory): finish in this one.

        What the workers had not returned is parsed here, in input order.
        """
        self.workers = 0
        while self._in_flight:
            chunk = self._in_flight.popleft()
            try:
                parsed = _parsed(chunk)
            except BrokenProcessPool:
                parsed = [parse_mail(raw) for raw in chunk.raws]
            self._keep(chunk, parsed)
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def _keep(self, chunk: _Chunk, parsed: list[ParsedMail]) -> None:
        # Compressing here, not in the workers, balances the two cores: parsing
        # costs about twice what storing does, compression included.
        self._ready += zip(map(pack_raw, chunk.raws), parsed, strict=True)
        self._ready_locations += chunk.locations
        self._ready_links += chunk.links
        if len(self._ready) >= self.batch_size or not chunk.raws:
            self._write()

    def _write(self) -> None:
        if self._ready or self._ready_links:
            stored = self.store.add_mails(
                self._ready,
                self.folder,
                self._ready_locations,
                self._ready_links,
            )
            self._counts += ImportResult(stored.new, stored.present, stored.failed)
            self._new_ids += stored.new_ids
            self._ready, self._ready_locations, self._ready_links = [], [], []
        if self.on_written is not None:
            self.on_written()


def _done(chunk: _Chunk) -> bool:
    return not isinstance(chunk.parsed, Future) or chunk.parsed.done()


def _parsed(chunk: _Chunk) -> list[ParsedMail]:
    if isinstance(chunk.parsed, Future):
        return chunk.parsed.result()
    return chunk.parsed or []
