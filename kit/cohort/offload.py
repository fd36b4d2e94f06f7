"""Hand a stream of work to a second Python process, so a large cohort keeps two cores busy.

    with Offload("kit.cohort.excel:write_workbook", path, names) as excel:
        for sheet in sheets:
            excel.send(sheet)       # pickled to the second process, never waiting for it
        excel.end()                 # no more: the second process can finish meanwhile
        ...                         # other work here
        written = excel.finish()    # what write_workbook(path, names, items) returned there

The second process (`main` below) imports the function while this one goes on, then calls
it as `function(*args, items)`, `items` iterating over what was sent. Its exception is
raised again here. Leaving the `with` block early cuts the stream short: the function sees
an EOFError at its next item, so its own clean-up runs. On a single core, or where no second
process can start, the same call runs in this process at `finish()`. Pickles only travel
between this process and its own child, never from a file.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from kit.errors import KitError

_ITEM, _END = "item", "end"  # an explicit end: a stream cut short is never taken for a whole one
STOP_TIMEOUT_S = 30  # for a second process to notice a stream cut short
# The second process finds this kit where this process found it.
_START = f"import sys; sys.path.append({str(Path(__file__).resolve().parents[2])!r}); " + (
    "import kit.cohort.offload; kit.cohort.offload.main()"
)


def usable_cores() -> int:
    """The CPU cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def resolve(target: str) -> Callable[..., Any]:
    """The function named "package.module:function"."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


class Offload:
    """`target(*args, items)` running in a second process, fed one item at a time."""

    def __init__(self, target: str, *args: Any) -> None:
        self._call = (target, args)
        self._ended = False
        self._broken = threading.Event()  # the second process stopped reading
        self._items: list[Any] = []  # used only when no second process could start
        self._pending: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._process: subprocess.Popen[bytes] | None = None
        if usable_cores() < 2:
            return  # a second process only helps with a second core
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-c", _START], stdin=subprocess.PIPE, stdout=subprocess.PIPE
            )
        except (OSError, ValueError):
            return
        # A thread writes to the pipe, so sending never waits for the second process.
        self._feeder = threading.Thread(target=self._feed, name="kit-offload", daemon=True)
        self._feeder.start()
        self._put(self._call)

    def send(self, item: Any) -> None:
        """Hand one item over; the function sees items in the order they were sent."""
        if self._process is None:
            self._items.append(item)
        elif self._broken.is_set():  # fail now rather than queue up all the rest
            self.finish()  # raises what stopped the function, if anything did
            raise KitError(f"the second process for {self._call[0]} stopped reading early")
        else:
            self._put((_ITEM, item))

    def end(self) -> None:
        """No more items: the function can finish while this process goes on."""
        if self._process is not None and not self._ended:
            self._put((_END, None))
            self._pending.put(None)
        self._ended = True

    def finish(self) -> Any:
        """Wait for the function and return its result (or raise its exception)."""
        if self._process is None:
            target, args = self._call
            return resolve(target)(*args, iter(self._items))
        self.end()
        self._feeder.join()
        assert self._process.stdout is not None
        try:
            status, value = pickle.load(self._process.stdout)
        except (EOFError, pickle.UnpicklingError):
            code = self._process.wait()
            raise KitError(
                f"the second process for {self._call[0]} stopped (exit code {code})"
            ) from None
        self._process.wait()
        if status == "error":
            raise value
        return value

    def _put(self, message: tuple[Any, ...]) -> None:
        self._pending.put(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    def _feed(self) -> None:
        assert self._process is not None and self._process.stdin is not None
        pipe = self._process.stdin
        try:
            while (data := self._pending.get()) is not None:
                pipe.write(data)
                pipe.flush()
        except OSError:
            self._broken.set()  # the second process stopped early; finish() says why
        finally:
            with contextlib.suppress(OSError):
                pipe.close()

    def __enter__(self) -> Offload:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._process is None:
            return
        self._pending.put(None)  # after finish() a no-op; before it, a stream cut short
        self._feeder.join()
        try:
            self._process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        assert self._process.stdout is not None
        self._process.stdout.close()


def serve(source: IO[bytes], results: IO[bytes]) -> None:
    """The second process: read the call, run it over the items sent, write back the outcome."""
    target, args = pickle.load(source)

    def items() -> Iterator[Any]:
        while True:
            kind, item = pickle.load(source)  # EOFError: the sender stopped before the end
            if kind == _END:
                return
            yield item

    try:
        outcome: tuple[str, Any] = ("ok", resolve(target)(*args, items()))
    except BaseException as exc:  # every failure goes back to the caller
        outcome = ("error", exc)
    try:
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # an exception that cannot be pickled
        data = pickle.dumps(("error", KitError(repr(outcome[1]))))
    results.write(data)
    results.flush()


def main() -> None:
    """Entry point of the second process."""
    results = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed goes to stderr, never into the results
    serve(sys.stdin.buffer, results)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # the outcome is written and every file closed: skip tearing down the heap
