"""Failures in words a store manager can act on: what happened and what to do next (never a traceback).

The background tasks report ``(message, exit_code)`` with the CLI's codes: 2 invalid input (the store's
errors too), 3 authentication refused, 4 network/server failure after retries, 1 anything else."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_INPUT, EXIT_AUTH, EXIT_NETWORK = 2, 3, 4

# What the banner offers next to the message.
ACTION_EDIT_CONNECTION = "edit_connection"
ACTION_RETRY_SYNC = "retry_sync"
ACTION_OPEN_LOGS = "open_logs"
ACTION_CONNECT = "connect"
ACTION_SYNC_NOW = "sync_now"


@dataclass(frozen=True)
class UserMessage:
    level: str  # "error", "warning" or "info"
    title: str
    detail: str
    actions: tuple[str, ...] = ()


def _is_disk_full(message: str) -> bool:
    text = message.lower()
    return "disk is full" in text or "no space left" in text or "disk holding the ticket cache" in text


def sync_failure(message: str, code: int) -> UserMessage:
    if code == EXIT_AUTH:
        return UserMessage(
            "error",
            "OWS refused the API key.",
            message,  # ows.auth.refused_key_message: the same words as the CLI
            (ACTION_EDIT_CONNECTION,),
        )
    if _is_disk_full(message):
        return UserMessage(
            "error",
            "The disk is full.",
            f"{message} Tickets saved before this point are kept; the next sync continues from there.",
            (ACTION_RETRY_SYNC, ACTION_OPEN_LOGS),
        )
    if code == EXIT_NETWORK:
        return UserMessage(
            "error",
            "Cannot reach OWS.",
            f"{message} Check the network connection and the API Access URL, then sync again: it resumes "
            "where it stopped.",
            (ACTION_RETRY_SYNC, ACTION_EDIT_CONNECTION),
        )
    if code == EXIT_INPUT:
        return UserMessage("error", "The sync could not start.", message, (ACTION_EDIT_CONNECTION,))
    return UserMessage(
        "error",
        "The sync stopped because of an unexpected error.",
        f"{message} The details are in the log file (Help ▸ Open log folder).",
        (ACTION_RETRY_SYNC, ACTION_OPEN_LOGS),
    )


def connection_failure(message: str, code: int) -> str:
    """One line for the connection dialog."""
    if code == EXIT_AUTH:
        return message  # ows.auth.refused_key_message: the same words as the CLI
    if code == EXIT_NETWORK:
        return f"Cannot reach OWS: {message}"
    return message


def users_failure(message: str, code: int) -> str:
    if code == EXIT_AUTH:
        return f"The users cannot be listed. {message}"
    if code == EXIT_NETWORK:
        return f"Cannot reach OWS to list the users: {message}"
    return f"The users could not be loaded: {message}"
