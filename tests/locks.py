"""A store's writer lock held by another process, for the tests of whoever waits for it."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from types import TracebackType

REPO = Path(__file__).resolve().parent.parent

_HOLD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from watcher.store import Store, Writer

    with Store.writing(Path(sys.argv[1]), Writer(sys.argv[2], wait=30)):
        print("held", flush=True)
        sys.stdin.read()
    """
)


class HeldLock:
    """The writer lock of the store at ``path``, taken by a Python process of its own as
    ``purpose`` (what it writes in the lock file) until :meth:`release` or :meth:`kill`.

    Entering returns once the other process holds the lock; leaving releases it.
    """

    def __init__(self, path: Path, purpose: str = "watcher run") -> None:
        self.path = path
        self.purpose = purpose
        self._process: subprocess.Popen[str] | None = None

    @property
    def pid(self) -> int:
        assert self._process is not None
        return self._process.pid

    def __enter__(self) -> HeldLock:
        self._process = subprocess.Popen(
            [sys.executable, "-c", _HOLD, str(self.path), self.purpose],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if line != "held\n":
            self.kill()
            raise RuntimeError(f"the process meant to hold {self.path}'s lock said {line!r}")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()

    def release(self) -> None:
        """Let the other process release the lock and end; return once it has."""
        process = self._process
        if process is None or process.poll() is not None:
            return
        assert process.stdin is not None and process.stdout is not None
        process.stdin.close()
        process.wait(10)
        process.stdout.close()

    def release_after(self, seconds: float) -> threading.Timer:
        """Release the lock ``seconds`` from now, from a thread of its own (started here)."""
        timer = threading.Timer(seconds, self.release)
        timer.start()
        return timer

    def kill(self) -> None:
        """End the other process at once (SIGKILL), as a crash would."""
        process = self._process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()
