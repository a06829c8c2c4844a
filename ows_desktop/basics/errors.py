"""The one error base of the app. Every error the app raises on purpose derives from :class:`AppError`,
carries a plain-words message (never a secret) and the CLI exit status it maps to."""

from __future__ import annotations


class AppError(Exception):
    """Base class of every error the app raises on purpose. ``exit_code`` is the CLI exit status:
    2 input the user can fix, 3 authentication refused, 4 network/server failure, 1 a real bug."""

    exit_code = 1
