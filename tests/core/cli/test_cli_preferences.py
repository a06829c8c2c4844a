"""The CLI reads the settings Preferences writes (#18): Evidence ▸ Include camera snapshots changes the next
``ows-desktop export`` as it changes the window's (one settings file, no second store)."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import make_ctx
from review_helpers import tk

from ows_desktop.basics.settings import open_ini_settings
from ows_desktop.cli import main
from ows_desktop.store import open_store


def export_custody(ctx, out: Path) -> dict:
    code = main.main(["export", "--flagged", "--format", "json", "--out", str(out)], ctx)
    assert code == 0, ctx.stderr.getvalue()
    return json.loads((out / "export.json").read_text(encoding="utf-8"))


def test_the_evidence_preference_decides_whether_the_cli_export_asks_for_snapshots(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path / "profile")
    with open_store(ctx.paths.database) as store:
        store.upsert_tickets([tk("T-1"), tk("T-2")])
        store.review.flag_ticket("T-1", reason="void abuse")
    asked = export_custody(ctx, tmp_path / "with")
    assert [f["ticket_id"] for f in asked["snapshot_failures"]] == ["T-1"]  # asked, and none was found
    open_ini_settings(ctx.paths.settings_file).set("export/include_snapshots", False)  # as OK writes it
    skipped = export_custody(ctx, tmp_path / "without")
    assert skipped["snapshot_failures"] == [] and skipped["snapshots"] == []


def clip_span(ctx, out: Path, *extra: str) -> tuple[str, str]:
    code = main.main(["export", "--flagged", "--format", "json", "--out", str(out), "--clips", "primary", *extra],
                     ctx)  # fmt: skip
    assert code == 0, ctx.stderr.getvalue()
    (clip,) = json.loads((out / "export.json").read_text(encoding="utf-8"))["clips"]
    return clip["start_utc"], clip["end_utc"]


def test_the_cli_exports_clips_with_the_pre_and_post_roll_of_preferences(tmp_path: Path) -> None:
    """Preferences ▸ Video's pre/post-roll shape the clips of the CLI's exports as they shape the window's
    (the CLI used 10 s whatever the settings said); --pre-roll/--post-roll still win."""
    from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
    from ows_desktop.store.cameras import CameraRepository

    ctx = make_ctx(tmp_path / "profile")
    with open_store(ctx.paths.database) as store:
        store.upsert_tickets([tk("T-1", total=5.0)])
        store.review.flag_ticket("T-1", reason="void abuse")
        cameras = CameraRepository(store, MemoryCameraSecrets())
        camera = cameras.add_camera(
            "Till", "http://127.0.0.1:9/live", "http://127.0.0.1:9/play?start={start}"
        )
        cameras.add_to_terminal("S1", "R1", camera.id)
    settings = open_ini_settings(ctx.paths.settings_file)
    settings.set("player/preroll_seconds", 25)  # as Preferences' OK writes them
    settings.set("player/postroll_seconds", 7)
    # no recorder answers here: each clip is planned (its span written down) and reported missing
    assert clip_span(ctx, tmp_path / "prefs") == (
        "2026-03-02T14:59:35.000Z",
        "2026-03-02T15:00:37.000Z",
    )  # 15:00:00-15:00:30
    assert clip_span(ctx, tmp_path / "given", "--pre-roll", "3") == (
        "2026-03-02T14:59:57.000Z",
        "2026-03-02T15:00:37.000Z",
    )
    # the bounds Preferences ▸ Video allows are allowed here too (past them: exit 2, test_hostile_cli)
    assert clip_span(ctx, tmp_path / "bounds", "--pre-roll", "600", "--post-roll", "0") == (
        "2026-03-02T14:50:00.000Z",
        "2026-03-02T15:00:30.000Z",
    )
    refused = tmp_path / "inf"  # past them: every clip would be missing; refused before anything is written
    argv = ["export", "--flagged", "--format", "json", "--out", str(refused), "--pre-roll", "inf"]
    assert main.main(argv, ctx) == 2
    assert ctx.stderr.getvalue() == "ows-desktop: --pre-roll must be from 0 to 600 seconds; got inf.\n"
    assert not refused.exists()
