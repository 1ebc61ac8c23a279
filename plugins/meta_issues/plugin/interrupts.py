"""SIGTERM ends a build or `mkdocs serve` the way Ctrl+C (SIGINT) does.

Python's default for SIGTERM ends the process at once: no ``finally`` block and no
``on_shutdown`` runs, so `serve` would leave its temporary folder behind and a build its chart
workers drawing (they end with their parent anyway, see ``charts.drawing``). Raising
``KeyboardInterrupt`` instead lets MkDocs shut down as it does on Ctrl+C. A handler someone
else installed (a host, a test runner) is left alone.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


class TermAsInterrupt:
    """Installs the SIGTERM handler for the length of one MkDocs command."""

    def __init__(self) -> None:
        self.installed = False

    def install(self) -> None:
        if (self.installed or threading.current_thread() is not threading.main_thread()
                or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL):
            return
        signal.signal(signal.SIGTERM, _interrupt)
        self.installed = True

    def remove(self) -> None:
        if (self.installed and threading.current_thread() is threading.main_thread()
                and signal.getsignal(signal.SIGTERM) is _interrupt):
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
        self.installed = False
