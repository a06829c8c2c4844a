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
