"""The terminal → camera mapping as a JSON file (read by ``ows-desktop mapping import FILE``, written by
``mapping export FILE``: see ``cli/mapping.py``).

Format (``clock_offset_seconds`` is optional and only exported when not zero)::

    {"cameras": [{"id": "s1-cam1", "name": "Register overhead", "url": "rtsp://nvr/1",
                  "playback_url": "http://nvr/play/1?start={start}&end={end}"}],
     "terminals": [{"location": "S1", "terminal": "R01", "cameras": ["s1-cam1"], "primary": "s1-cam1",
                    "clock_offset_seconds": -2.5}]}

Import is all or nothing: any invalid entry (more than 4 cameras on a terminal, a primary not in its list, an
unknown camera id, a URL scheme other than rtsp/rtsps/http/https/file, ...) exits 2 naming the terminal or
camera and changes nothing. Terminals not seen in tickets yet are accepted. A password in a camera URL goes
to the keyring and is never exported; importing a URL without a password keeps the stored one, so an export
re-imports without losing passwords (also a ``?password=`` query parameter: exported as ``password=***``).
A ``file:`` URL (live or playback) is only accepted under the configured clips folder (setting
``video/clips_folder``), since snapshot capture would open it; in the window a file the person picks is
always accepted. Cameras are added or updated by id and the listed terminals get exactly
the listed cameras; ``--replace`` also removes every camera and terminal mapping not in the file.

No Qt here."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ows_desktop.store.cameras import (
    CameraRepository,
    CameraSpec,
    MappingError,
    TerminalSpec,
    terminal_label,
)
from ows_desktop.store.interface import MappingStore

FORMAT_KEYS = ("cameras", "terminals")
CAMERA_KEYS = ("id", "name", "url", "playback_url")
TERMINAL_KEYS = ("location", "terminal", "cameras", "primary", "clock_offset_seconds")


class MappingFileError(MappingError):
    """A mapping file that cannot be imported; nothing was changed. Exit code 2."""


# --------------------------------------------------------------------------------------------- parsing
def _unknown_keys(obj: dict[str, Any], allowed: Sequence[str], where: str) -> None:
    extra = sorted(set(obj) - set(allowed))
    if extra:
        raise MappingFileError(f"{where}: unknown field(s) {', '.join(map(repr, extra))}")


def _text(obj: dict[str, Any], key: str, where: str, *, required: bool = True, empty_ok: bool = False) -> Any:
    value = obj.get(key)
    if value is None:
        if required:
            raise MappingFileError(f"{where}: '{key}' is missing")
        return None
    if not isinstance(value, str):
        raise MappingFileError(f"{where}: '{key}' must be a string")
    if not value and not empty_ok:
        raise MappingFileError(f"{where}: '{key}' is empty")
    return value


def parse_document(
    doc: Any, *, clips_folder: str | Path | None = None
) -> tuple[list[CameraSpec], list[TerminalSpec]]:
    """The cameras and terminals of a parsed mapping file; MappingFileError names the bad entry. (The rules
    that need the database — unknown camera ids — are checked by :meth:`CameraRepository.apply`.) ``file:``
    URLs must point under ``clips_folder`` (none configured: no ``file:`` URL is accepted)."""
    if not isinstance(doc, dict):
        raise MappingFileError('the file must hold one JSON object: {"cameras": [...], "terminals": [...]}')
    _unknown_keys(doc, FORMAT_KEYS, "the file")
    raw_cameras = doc.get("cameras", [])
    raw_terminals = doc.get("terminals", [])
    if not isinstance(raw_cameras, list):
        raise MappingFileError("'cameras' must be a list")
    if not isinstance(raw_terminals, list):
        raise MappingFileError("'terminals' must be a list")
    cameras: list[CameraSpec] = []
    for n, entry in enumerate(raw_cameras, 1):
        if not isinstance(entry, dict):
            raise MappingFileError(f"camera #{n}: must be an object with {', '.join(CAMERA_KEYS)}")
        ident = entry.get("id")
        where = f"camera {ident!r}" if isinstance(ident, str) and ident else f"camera #{n}"
        _unknown_keys(entry, CAMERA_KEYS, where)
        cameras.append(
            CameraSpec(
                id=_text(entry, "id", where),
                name=_text(entry, "name", where),
                url=_text(entry, "url", where),
                playback_url=_text(entry, "playback_url", where, required=False, empty_ok=True) or None,
            )
        )
        _check_file_urls(cameras[-1], where, clips_folder)
    terminals: list[TerminalSpec] = []
    for n, entry in enumerate(raw_terminals, 1):
        if not isinstance(entry, dict):
            raise MappingFileError(
                f"terminal #{n}: must be an object with location, terminal, cameras, primary"
            )
        term, loc = entry.get("terminal"), entry.get("location")
        where = (
            terminal_label(loc if isinstance(loc, str) else "", term)
            if isinstance(term, str) and term
            else f"terminal #{n}"
        )
        _unknown_keys(entry, TERMINAL_KEYS, where)
        location = _text(entry, "location", where, required=False, empty_ok=True) or ""
        terminal = _text(entry, "terminal", where)
        ids = entry.get("cameras", [])
        if not isinstance(ids, list) or not all(isinstance(i, str) and i for i in ids):
            raise MappingFileError(f"{where}: 'cameras' must be a list of camera ids (strings)")
        primary = entry.get("primary")
        if primary is not None and not isinstance(primary, str):
            raise MappingFileError(f"{where}: 'primary' must be a camera id (a string)")
        offset = entry.get("clock_offset_seconds", 0)
        if isinstance(offset, bool) or not isinstance(offset, int | float):
            raise MappingFileError(f"{where}: 'clock_offset_seconds' must be a number")
        terminals.append(TerminalSpec(location, terminal, tuple(ids), primary, float(offset)))
    return cameras, terminals


def _check_file_urls(camera: CameraSpec, where: str, clips_folder: str | Path | None) -> None:
    for what, url in (("url", camera.url), ("playback_url", camera.playback_url)):
        if not isinstance(url, str) or urlsplit(url.strip()).scheme.lower() != "file":
            continue
        path = Path(unquote(urlsplit(url.strip()).path))
        if clips_folder:
            folder = Path(clips_folder).expanduser().resolve()
            if path.resolve().is_relative_to(folder):
                continue
            rule = f"only files under the clips folder {folder} are accepted"
        else:
            rule = "no clips folder is configured (setting video/clips_folder)"
        raise MappingFileError(
            f"{where}: the {what} is a local file ({path}) and {rule}; pick local files in the window instead"
        )


def read_document(path: str | Path, stdin: Any = None) -> Any:
    """The JSON in ``path`` ('-' reads ``stdin``); MappingFileError for unreadable or invalid JSON."""
    try:
        if str(path) == "-" and stdin is not None:
            text = stdin.read()
        else:
            text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise MappingFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise MappingFileError(f"{path} is not UTF-8 text") from None
    try:
        return json.loads(text)
    except RecursionError:
        raise MappingFileError(f"{path} nests JSON too deeply to be a mapping file") from None
    except json.JSONDecodeError as exc:
        raise MappingFileError(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None


def import_mapping(
    repo: CameraRepository, doc: Any, *, replace: bool = False, clips_folder: str | Path | None = None
) -> tuple[int, int]:
    """Validate and apply a parsed mapping document, all or nothing. Returns (cameras, terminals)."""
    cameras, terminals = parse_document(doc, clips_folder=clips_folder)
    repo.apply(cameras, terminals, replace=replace)
    return len(cameras), len(terminals)


def export_document(repo: CameraRepository) -> dict[str, Any]:
    """The stored mapping in the file format (never a password), cameras and terminals in stored order."""
    cameras = [
        {"id": c.id, "name": c.name, "url": c.url, "playback_url": c.playback_url} for c in repo.cameras()
    ]
    terminals = []
    for m in repo.mappings():
        entry: dict[str, Any] = {
            "location": m.location,
            "terminal": m.terminal,
            "cameras": list(m.camera_ids),
            "primary": m.primary_id,
        }
        if m.clock_offset_seconds:
            offset = m.clock_offset_seconds
            entry["clock_offset_seconds"] = int(offset) if offset.is_integer() else offset
        terminals.append(entry)
    return {"cameras": cameras, "terminals": terminals}


def dumps_document(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def write_text_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder, so a failed export never leaves half a file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------------------------- demo
def install_demo_cameras(
    store: MappingStore, terminals: Sequence[tuple[str, str]], recorder: Any
) -> tuple[int, int]:
    """Map the simulated recorder's cameras to the demo terminals (1–4 cameras each, with a primary), through
    the normal import path. ``terminals`` is ``TicketGenerator.terminals()``; ``recorder`` a running
    :class:`~ows_desktop.simulator.recorder.FakeRecorder`. Returns (cameras, terminals) imported."""
    repo = CameraRepository(store, None)
    return import_mapping(repo, recorder.demo_mapping(terminals))
