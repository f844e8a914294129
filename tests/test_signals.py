"""watcher.signals: a stop signal is seen whichever thread the kernel hands it to."""

from __future__ import annotations

import select
import signal
import threading

from watcher.signals import StopSignals


def test_a_signal_delivered_to_another_thread_wakes_the_main_one() -> None:
    stop = StopSignals()
    done = threading.Event()
    other = threading.Thread(target=done.wait, args=(10,))
    other.start()
    try:
        assert other.ident is not None
        signal.pthread_kill(other.ident, signal.SIGTERM)
        # The main thread sleeps in select() as `watcher run` does: the signal went to the
        # other thread, so only the C handler's write to the pipe can wake it.
        ready, _, _ = select.select([stop._read], [], [], 5)
        assert ready, "the signal did not wake the main thread"
        assert stop.wait(5)
        assert stop.first is signal.SIGTERM
    finally:
        done.set()
        other.join()
        stop.restore()
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    assert signal.set_wakeup_fd(-1) == -1  # given back too
