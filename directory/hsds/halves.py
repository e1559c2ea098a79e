"""A large NDJSON file read in two parts at once: the last by a helper process, on another core.

An import of vsd's own export spends nearly all its time mapping and checking one service after another,
each on its own. On a machine with a core to spare, a helper process (a fork: it starts with everything
the import has set up, in a few milliseconds) reads, maps and checks the last part of the file (HELPER_SHARE) while
the import does the first; the import then takes the helper's outcomes, in order, as if it had made them
(reading.py). The helper's records are stored as the bytes it handed them over in, decoded only when
asked for (Outcome.stored). At 100k services on two cores the wait is about 60% of one process's, for a
little more CPU time (the helper encodes what it hands over): bench/hsds.py.

The helper only ever adds speed: whatever it does not finish -- a line it does not read the fast way, an
error, a crash, a kill -- the import reads itself, from where the helper stopped, with the same code and
messages as without it. Nothing is forked in a process running other threads (a fork copies only the one
thread, and any lock another holds stays locked in the copy), nor on a machine with a single core.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

# Below this, one process maps the file in well under a second: a helper saves too little to be worth it.
MIN_BYTES = 16 * 2**20
# The part of the file the helper reads. Each process maps and checks its part (the import checks its own
# before it waits for the helper), then the import takes the helper's outcomes in and writes them all; the
# helper also encodes each record it hands over. At 100k services, of 42, 45 and 48% (twice each), 45% left
# the least wait.
HELPER_SHARE = 0.45


@runtime_checkable
class HalfMapping(Protocol):
    """The import's mapping of a service as it is read (mapping.Premap), able to hand a helper's work over."""

    def __call__(self, item: Any) -> Any: ...

    def payload(self, done: list[tuple[Any, Any, Any]], stopped: int | None) -> bytes:
        """The helper's work as bytes: (name, id, what `self` made) for each service it read, checked;
        `stopped`: how many services it read before a line it left to the import, None when none."""
        ...

    def check(self, items: list[Any]) -> None:
        """vsd's validation of the items mapped so far, done while the helper works (it checks its own)."""
        ...

    def received(self, payload: bytes, first: int) -> tuple[list[Any], int | None]:
        """The items `payload` holds, numbered from `first` (the services before them), and its `stopped`."""
        ...


def worth_a_helper(fd: int) -> bool:
    """Whether a file this large is read in two parts here (a core to spare, one thread, a fork)."""
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores >= 2 and os.fstat(fd).st_size >= MIN_BYTES


def split_point(fd: int, longest: int) -> int | None:
    """Where the helper's part starts: just after the first newline from where the file's last HELPER_SHARE
    begins, within `longest` bytes (no line is longer: the import refuses one), or None if there is none."""
    size = os.fstat(fd).st_size
    middle = at = size - int(size * HELPER_SHARE)
    while at <= middle + longest:  # (a little at a time: the newline is near, nearly always)
        chunk = os.pread(fd, min(1 << 16, middle + longest + 1 - at), at)
        if not chunk:
            return None
        cut = chunk.find(b"\n")
        if cut >= 0:
            return at + cut + 1 if at + cut + 1 < size else None
        at += len(chunk)
    return None


def lines_before(fd: int, offset: int) -> int:
    """How many lines the file holds before `offset` (which starts a line)."""
    n, at = 0, 0
    while at < offset:
        block = os.pread(fd, min(8 * 2**20, offset - at), at)
        if not block:
            break
        n += block.count(b"\n")
        at += len(block)
    return n


class Window:
    """The bytes of a file from `start` to `end` (None: its end), read like a file (`read`), by offset:
    the import and its helper share the file's descriptor, and neither moves the other's place."""

    def __init__(self, fd: int, start: int, end: int | None) -> None:
        self.fd, self.at, self.end = fd, start, end

    def read(self, n: int) -> bytes:
        if self.end is not None:
            n = min(n, self.end - self.at)
            if n <= 0:
                return b""
        block = os.pread(self.fd, n, self.at)
        self.at += len(block)
        return block


class Helper:
    """A helper process doing `work` (which gives its outcome as bytes) from the moment it is made."""

    def __init__(self, work: Callable[[], bytes]) -> None:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the helper: never returns
            os.close(read_end)
            _serve(work, write_end)
        os.close(write_end)
        self.pid: int | None = pid
        self.read_end: int | None = read_end

    def result(self) -> bytes | None:
        """What the helper made (waiting for it), or None when it made nothing whole (it failed or died)."""
        assert self.read_end is not None
        parts: list[bytes] = []
        with os.fdopen(self.read_end, "rb") as pipe:
            self.read_end = None
            while part := pipe.read(1 << 20):
                parts.append(part)
        status = self._reaped()
        data = b"".join(parts)
        return data if status == 0 and data else None

    def stop(self) -> None:
        """End the helper if it is still running (the import failed or was interrupted) and let it go."""
        if self.read_end is not None:
            os.close(self.read_end)
            self.read_end = None
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._reaped()

    def _reaped(self) -> int:
        assert self.pid is not None
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        return os.waitstatus_to_exitcode(status)


def _serve(work: Callable[[], bytes], write_end: int) -> None:
    """The helper's life: do `work`, write what it made, and exit without running anything of the import's
    (no atexit handler, no flush of buffers it shares with the import). Exit status 0 only when all of it
    was written: anything else, and the import reads the half itself."""
    code = 1
    try:
        data = work()
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
        code = 0
    except BaseException:  # (said by the import, which meets the same when it reads the half itself)
        pass
    finally:
        os._exit(code)
