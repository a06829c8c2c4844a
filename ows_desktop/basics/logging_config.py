"""One place that configures logging: a rotating file in the platform log dir, the console when run from a
terminal, httpx kept quiet (it logs every URL at INFO), and every handler redacting the key and secret."""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from ows_desktop.basics.paths import ensure_private_dir
from ows_desktop.basics.text_marks import mark_text

FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"


class MarkedFormatter(logging.Formatter):
    """A log line with a server's control and bidi characters shown as marks (basics/text_marks.py): an ESC
    in an error message ran terminal escape sequences when the log file was read with cat or less."""

    def format(self, record: logging.LogRecord) -> str:
        return mark_text(super().format(record))


class PrivateLogFile(logging.handlers.RotatingFileHandler):
    """The rotating log file, created 0600 (it names staff and tickets), that never sprays
    ``--- Logging error ---`` tracebacks: when it cannot write (a full disk, a removed folder) it says so in
    one line on stderr, once, and keeps trying quietly."""

    def __init__(self, filename: Path, *, stderr: Callable[[], TextIO | None] = lambda: sys.stderr) -> None:
        self._stderr = stderr
        self._failing = False
        self.missed_last = False  # the last record could not be written: say so, never "details are in"
        super().__init__(filename, maxBytes=2_000_000, backupCount=5, encoding="utf-8", delay=True)

    def _open(self):
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) & 0o077:
            os.fchmod(fd, 0o600)  # a log file left 0644 by an older version
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)

    def close(self) -> None:
        try:
            super().close()
        except OSError:  # the buffered tail could not be written either (full disk): already reported
            self.stream = None

    def emit(self, record: logging.LogRecord) -> None:
        self.missed_last = False
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        self.missed_last = True
        if self._failing:
            return
        self._failing = True
        error = sys.exc_info()[1]
        reason = error.strerror if isinstance(error, OSError) and error.strerror else type(error).__name__
        stream = self._stderr()
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):
                stream.write(f"ows-desktop: cannot write the log file {self.baseFilename} ({reason}).\n")


def configure_logging(
    log_dir: Path | None, *, debug: bool = False, console: bool | None = None, secrets: Iterable[str] = ()
) -> logging.Logger:
    from ows_desktop.ows.auth import SecretRedactingFilter

    root = logging.getLogger()
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "_ows_desktop", False):
            root.removeHandler(handler)
            handler.close()
    redact = SecretRedactingFilter([s for s in secrets if s])
    handlers: list[logging.Handler] = []
    if log_dir is not None:
        ensure_private_dir(log_dir, ours=True)
        file_handler = PrivateLogFile(log_dir / "ows-desktop.log")
        file_handler.setFormatter(MarkedFormatter(FORMAT))
        handlers.append(file_handler)
    if console if console is not None else sys.stderr.isatty():
        stream = logging.StreamHandler()
        stream.setFormatter(MarkedFormatter("%(levelname)s %(name)s: %(message)s"))
        stream.setLevel(logging.DEBUG if debug else logging.WARNING)
        handlers.append(stream)
    for handler in handlers:
        handler._ows_desktop = True  # type: ignore[attr-defined]
        handler.addFilter(redact)
        root.addHandler(handler)
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return root


def log_file_of_last_record() -> Path | None:
    """The log file the last record logged went into; None when it could not be written there (a full disk)
    or no log file is set up, so that a message never points to details that are not there."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrivateLogFile) and not handler.missed_last:
            return Path(handler.baseFilename)
    return None


def add_secrets_to_redaction(secrets: Iterable[str]) -> None:
    """Once credentials are known (after login or keyring read), redact them from every handler."""
    from ows_desktop.ows.auth import SecretRedactingFilter

    values = [s for s in secrets if s]
    if not values:
        return
    for handler in logging.getLogger().handlers:
        handler.addFilter(SecretRedactingFilter(values))
