"""The Qt-free settings file and Qt's QSettings read each other's settings.ini: what the CLI writes, the window
reads, and the reverse, with the window's Qt-only values (geometry, header states) left untouched."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ows_desktop.basics.ini_file import IniDocument, OpaqueValue
from ows_desktop.basics.settings import open_ini_settings

QtCore = pytest.importorskip("PySide6.QtCore")
_fresh = itertools.count()


def qt_read(path: Path, tmp: Path) -> dict[str, object]:
    """What a QSettings that never saw this file reads from it (QSettings caches files per path)."""
    copy = tmp / f"fresh-{next(_fresh)}.ini"
    shutil.copyfile(path, copy)
    qs = QtCore.QSettings(str(copy), QtCore.QSettings.Format.IniFormat)
    return {key: qs.value(key) for key in qs.allKeys()}


def as_read_back(value: object) -> object:
    """A value as any reader of the file returns it: text, lists of text, None."""
    if isinstance(value, list):
        if not value:
            return None
        return as_read_back(value[0]) if len(value) == 1 else [as_read_back(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return value


texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
key_parts = st.sampled_from(["sync", "rules", "General", "général", "k ey", "a%b", "ключ", "x.y", "w-1"])
keys = st.lists(key_parts, min_size=1, max_size=3).map("/".join)
values = st.one_of(
    texts,
    st.integers(-(2**40), 2**40),
    st.booleans(),
    st.none(),
    st.lists(texts, max_size=3),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.dictionaries(keys, values, min_size=1, max_size=6))
def test_what_qsettings_writes_reads_back_the_same_without_qt(tmp_path: Path, entries) -> None:
    path = tmp_path / f"qt-{next(_fresh)}.ini"
    qs = QtCore.QSettings(str(path), QtCore.QSettings.Format.IniFormat)
    for key, value in entries.items():
        qs.setValue(key, value)
    qs.sync()
    ours = dict(IniDocument.read(path).items())
    assert ours == qt_read(path, tmp_path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.dictionaries(keys, values, min_size=1, max_size=6))
def test_what_the_cli_writes_qsettings_reads(tmp_path: Path, entries) -> None:
    path = tmp_path / f"ours-{next(_fresh)}.ini"
    settings_file = open_ini_settings(path)
    for key, value in entries.items():
        settings_file.set(key, value)
    expected = {key: as_read_back(value) for key, value in entries.items()}
    assert qt_read(path, tmp_path) == expected
    assert dict(IniDocument.read(path).items()) == expected


def test_the_cli_changes_its_key_and_leaves_the_windows_state_untouched(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    geometry = QtCore.QByteArray(b'\x01\xd9\xd0\xcb\x00\x03\x00\x00,=;"\\ \xff')
    qs = QtCore.QSettings(str(path), QtCore.QSettings.Format.IniFormat)
    qs.setValue("window/geometry", geometry)
    qs.setValue("receipts/filters", '{"text": "café, \\"x\\""}')
    qs.setValue("connection/base_url", "https://old.example/api")
    qs.setValue("rules/outside_hours/timezone", "Europe/Paris")
    qs.sync()

    cli = open_ini_settings(path)
    assert cli.get("connection/base_url") == "https://old.example/api"
    assert cli.get("rules/outside_hours/timezone") == "Europe/Paris"
    assert isinstance(cli.backend.value("window/geometry"), OpaqueValue)
    cli.set("connection/base_url", "https://new.example/api")

    seen = qt_read(path, tmp_path)
    assert seen["connection/base_url"] == "https://new.example/api"
    assert seen["window/geometry"] == geometry
    assert seen["receipts/filters"] == '{"text": "café, \\"x\\""}'
    assert seen["rules/outside_hours/timezone"] == "Europe/Paris"


def test_a_key_another_process_wrote_meanwhile_survives_the_cli_writing_another(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    cli = open_ini_settings(path)
    other = open_ini_settings(path)
    other.set("sync/last_finished", "2026-12-04T10:00:00+00:00")
    cli.set("connection/base_url", "https://x.example/api")
    again = open_ini_settings(path)
    assert again.get("sync/last_finished") == "2026-12-04T10:00:00+00:00"
    assert again.get("connection/base_url") == "https://x.example/api"


def test_typed_defaults_come_back_typed_from_text(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    path.write_text("[sync]\nworkers=7\n\n[player]\nrtsp_tcp=false\n", encoding="utf-8")
    settings_file = open_ini_settings(path)
    assert settings_file.get("sync/workers") == 7
    assert settings_file.get("player/rtsp_tcp") is False
    assert settings_file.get("sync/page_size") == 50  # the default when the file has none


def test_a_value_the_file_cannot_hold_is_refused_when_set(tmp_path: Path) -> None:
    settings_file = open_ini_settings(tmp_path / "settings.ini")
    with pytest.raises(TypeError, match="settings hold text"):
        settings_file.set("x/y", object())
    # the file may exist (created private, 0600, when opened) but holds nothing of the refused value
    path = tmp_path / "settings.ini"
    assert not path.exists() or "y" not in path.read_text(encoding="utf-8")


def test_a_number_edited_by_hand_out_of_range_reads_as_the_default(tmp_path: Path, caplog) -> None:
    """Preferences keeps each number in its range; a file edited by hand could hold a pre-roll of 99999 s
    (a clip of a day per ticket) or -5: read as the default, the value and its range in the log (the same
    ranges as Preferences', tests/gui/ui/test_preferences.py)."""
    path = tmp_path / "settings.ini"
    path.write_text(
        "[player]\npreroll_seconds=99999\npostroll_seconds=-5\nunreachable_timeout_seconds=120\n\n"
        "[sync]\nworkers=0\nwindow_hours=168\n",
        encoding="utf-8",
    )
    settings_file = open_ini_settings(path)
    assert (
        settings_file.get("player/preroll_seconds") == 10
        and settings_file.get("player/postroll_seconds") == 10
    )
    assert settings_file.get("sync/workers") == 4
    assert settings_file.get("player/unreachable_timeout_seconds") == 120  # the ends of a range are in it
    assert settings_file.get("sync/window_hours") == 168
    assert "Setting player/preroll_seconds = 99999 is outside 0–600; using 10" in caplog.text
    settings_file.get("player/preroll_seconds")  # a playback reads it each time: said once in the log
    assert caplog.text.count("Setting player/preroll_seconds = 99999") == 1
