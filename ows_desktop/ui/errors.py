"""Failures in words a store manager can act on: what happened and what to do next (never a traceback).

The background tasks report ``(message, exit_code)`` (the message a ``basics.messages.Message`` when the core
marked it: shown here through ``core_text``, in the window's language) with the CLI's codes: 2 invalid input (the store's
errors too), 3 authentication refused, 4 network/server failure after retries, 1 anything else."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ows_desktop.itemmodels.core_labels import core_text
from ows_desktop.ows.tls import is_certificate_message

EXIT_INPUT, EXIT_AUTH, EXIT_NETWORK = 2, 3, 4

# What the banner offers next to the message.
ACTION_EDIT_CONNECTION = "edit_connection"
ACTION_RETRY_SYNC = "retry_sync"
ACTION_OPEN_LOGS = "open_logs"
ACTION_CONNECT = "connect"
ACTION_SYNC_NOW = "sync_now"
ACTION_SYNC_WIDER = "sync_wider"  # sync the last 7 days (after a range that held nothing)
ACTION_CUSTOM_RANGE = "custom_range"  # choose a custom sync range (after ranges that held nothing)
ACTION_TYPED_AGAIN = "typed_again"  # offer again what was typed for a change perhaps saved (ui/store_away.py)
ACTION_CANCEL_SWITCH = "cancel_switch"  # stop waiting for a team store a switch opens (ui/store_switch.py)


@dataclass(frozen=True)
class UserMessage:
    level: str  # "error", "warning" or "info"
    title: str
    detail: str
    actions: tuple[str, ...] = ()


_REJECTED = re.compile(r"The server rejected \S+ \S+ on (\S+) with HTTP (\d{3})(?:: (.*))?$", re.S)
_HOST = re.compile(r"\bon (\[[^\]]+\]|[^\s]+) failed")
_REASONS = (
    (("refused",), QT_TRANSLATE_NOOP("errors", "the server refused the connection (nothing answers at that address, or a firewall blocks it)")),
    (("name or service not known", "nodename", "getaddrinfo", "name resolution", "no address associated"),
     QT_TRANSLATE_NOOP("errors", "the server's name was not found (check the URL, or the network's DNS)")),
    (("timed out", "timeout"), QT_TRANSLATE_NOOP("errors", "the server did not answer in time")),
    (("certificate", "ssl", "tls"), QT_TRANSLATE_NOOP("errors", "the server's security certificate was not accepted")),
    (("network is unreachable", "no route"), QT_TRANSLATE_NOOP("errors", "this computer has no route to the server (is the network up?)")),
    (("reset by peer", "closed the connection", "disconnected"), QT_TRANSLATE_NOOP("errors", "the server closed the connection")),
)  # fmt: skip


def network_reason(message: str) -> str:
    """A network failure in plain words: which server, and why — never the request line or an errno. A
    message that is not the client's transport report (a server's own error text) is kept as it is."""
    if is_certificate_message(message):
        return core_text(message)  # ows.tls already names the host and the certificate problem
    rejected = _REJECTED.match(message)
    if rejected:  # the server answered and said why: its words matter (shown as plain text)
        host, code, said = rejected.groups()
        return QCoreApplication.translate("errors", "OWS at {host} refused the request (HTTP {code})").format(
            host=host, code=code
        ) + (f": {said}" if said else ".")
    if " failed " not in message or "time(s)" not in message:
        return core_text(message)
    text = message.lower()
    found = _HOST.search(message)
    where = (
        QCoreApplication.translate("errors", "OWS at {group}").format(group=found.group(1))
        if found
        else "OWS"
    )
    status = re.search(r"\b(?:HTTP|status)\s*(\d{3})\b", message)
    for needles, words in _REASONS:
        if any(n in text for n in needles):
            return QCoreApplication.translate("errors", "{where} could not be reached: {words}.").format(
                where=where, words=QCoreApplication.translate("errors", words)
            )
    if status:
        return QCoreApplication.translate(
            "errors", "{where} answered with an error (HTTP {group}) every time it was asked."
        ).format(where=where, group=status.group(1))
    return QCoreApplication.translate("errors", "{where} could not be reached.").format(where=where)


def _is_disk_full(message: str) -> bool:
    text = message.lower()
    return "disk is full" in text or "no space left" in text or "disk holding the ticket cache" in text


def _is_team_store(message: str) -> bool:
    """The team store (PostgreSQL) refused the role or could not be reached: not OWS (same exit codes)."""
    return "the team store" in message.lower()


def sync_failure(message: str, code: int) -> UserMessage:
    if code in (EXIT_AUTH, EXIT_NETWORK) and _is_team_store(message):
        return UserMessage(
            "error",
            QCoreApplication.translate("errors", "The sync could not use the team store."),
            core_text(message),  # store.postgres.connect: what to do, in plain words (never the password)
            (ACTION_RETRY_SYNC,),
        )
    if code == EXIT_AUTH:
        return UserMessage(
            "error",
            QCoreApplication.translate("errors", "OWS refused the API key."),
            core_text(message),  # ows.auth.refused_key_message: the same words as the CLI
            (ACTION_EDIT_CONNECTION,),
        )
    if _is_disk_full(message):
        return UserMessage(
            "error",
            QCoreApplication.translate("errors", "The disk is full."),
            QCoreApplication.translate(
                "errors",
                "{message} Tickets saved before this point are kept; the next sync continues from there.",
            ).format(message=core_text(message)),
            (ACTION_RETRY_SYNC, ACTION_OPEN_LOGS),
        )
    if code == EXIT_NETWORK:
        return UserMessage(
            "error",
            QCoreApplication.translate("errors", "Cannot reach OWS."),
            QCoreApplication.translate(
                "errors",
                "{network_reason} Check the network connection and the API Access URL, then sync again: it resumes where it stopped.",
            ).format(network_reason=network_reason(message)),
            (ACTION_RETRY_SYNC, ACTION_EDIT_CONNECTION),
        )
    if code == EXIT_INPUT:
        return UserMessage(
            "error",
            QCoreApplication.translate("errors", "The sync could not start."),
            core_text(message),
            (ACTION_EDIT_CONNECTION,),
        )
    return UserMessage(
        "error",
        QCoreApplication.translate("errors", "The sync stopped because of an unexpected error."),
        QCoreApplication.translate(
            "errors", "{message} The details are in the log file (Help ▸ Open log folder)."
        ).format(message=core_text(message)),
        (ACTION_RETRY_SYNC, ACTION_OPEN_LOGS),
    )


def connection_failure(message: str, code: int) -> str:
    """One line for the connection dialog."""
    if code == EXIT_AUTH:
        return core_text(message)  # ows.auth.refused_key_message: the same words as the CLI
    if code == EXIT_NETWORK:
        return QCoreApplication.translate("errors", "Cannot reach OWS. {network_reason}").format(
            network_reason=network_reason(message)
        )
    return core_text(message)


def users_failure(message: str, code: int) -> str:
    if code == EXIT_AUTH:
        return QCoreApplication.translate("errors", "The users cannot be listed. {message}").format(
            message=core_text(message)
        )
    if code == EXIT_NETWORK:
        return QCoreApplication.translate("errors", "The users cannot be listed. {network_reason}").format(
            network_reason=network_reason(message)
        )
    return QCoreApplication.translate("errors", "The users could not be loaded: {message}").format(
        message=core_text(message)
    )


def nothing_in_range(range_label: str, *, wider: bool = True) -> UserMessage:
    """A sync that found no ticket in the chosen range, with nothing in the cache yet: say so, and offer a
    wider range (the data may be older, e.g. a test server's): the last 7 days unless the range synced held
    them (``wider`` False), else a custom range."""
    detail = (
        QCoreApplication.translate(
            "errors",
            "OWS has no ticket received in that range. Sync the last 7 days, or choose a Custom range… in the sync bar (ows-desktop fake-server prints the dates its data covers).",
        )
        if wider
        else QCoreApplication.translate(
            "errors",
            "OWS has no ticket received in that range. Choose a Custom range… in the sync bar with the days OWS holds (ows-desktop fake-server prints the dates its data covers).",
        )
    )
    return UserMessage(
        "info",
        QCoreApplication.translate("errors", "{range_label} holds no tickets.").format(
            range_label=range_label
        ),
        detail,
        (ACTION_SYNC_WIDER,) if wider else (ACTION_CUSTOM_RANGE,),
    )
