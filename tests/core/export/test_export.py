"""Evidence export: CSV (BOM, formula injection, numbers), JSON, the PDF case report, MANIFEST.sha256 checked
by ``sha256sum -c``, export.json, all-or-nothing failures, and secrets never reaching an export."""

from __future__ import annotations

import base64
import csv
import errno
import io
import json
import os
import re
import shutil
import struct
import subprocess
import threading
import zlib
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from review_helpers import T0, ln, tk

from ows_desktop.export import ExportError, ExportTargetError, Selection, export_tickets
from ows_desktop.export.audit_check import AuditTrailBrokenError
from ows_desktop.export.csvout import Number, cell, neutralise
from ows_desktop.export.custody import INVESTIGATOR, NO_HASH, SnapshotSource
from ows_desktop.export.redact import Redactor
from ows_desktop.ows.model import Discount, Tender
from ows_desktop.rules import RuleRunner
from ows_desktop.store import TicketQuery, TicketStore, review
from ows_desktop.store.query import StoreDays, StoreDaysAgo

SECRET_KEY = "KEY-abc123-keyring"
SECRET = "SECRET-xyz789-keyring"


def png(path: Path, width: int = 8, height: int = 6) -> Path:
    """A tiny valid PNG written without Qt."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes([40, 70, 110]) * width for _ in range(height))
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return path


@pytest.fixture
def store(store: TicketStore) -> TicketStore:
    # at paths.database (tickets.sqlite3): the CLI tests below point AppPaths at its folder
    store.upsert_tickets(
        [
            tk(
                "T-1",
                lines=(
                    ln("SKU1", 2, 2.5, description='=HYPERLINK("http://evil","x")'),
                    ln("SKU2", 1, 4.0, voided=True, description="-12.50"),
                    ln("SKU3", 1, 3.0, original=5.0, description="Crème brûlée 売上"),
                ),
                discounts=(Discount("@SUM(A1)", 1.0, "E1", "E1"),),
                operator="+Ana",
                raw={"debug": f"token={SECRET_KEY}"},
            ),
            tk(
                "T-2",
                start=T0 + timedelta(minutes=5),
                status="refund",
                lines=(ln("SKU9", -1, 12.5, kind="refund", description="\tTab first"),),
                tenders=(Tender("cash", -12.5),),
            ),
            tk("T-3", start=T0 + timedelta(minutes=9), status="no_sale", lines=()),
            tk("T-4", start=T0 + timedelta(minutes=12)),
        ]
    )
    RuleRunner.from_settings({"rules/outside_hours/timezone": "UTC"}).run_all(store)
    store.review.flag_ticket(
        "T-1", reason="Sweethearting", note=f"=cmd|' /C calc'!A0\nsee {SECRET}", who="jane"
    )
    store.review.flag_ticket("T-2", reason="refund fraud", state="confirmed", note="-2+3", who="jane")
    store.review.flag_ticket("T-3", reason="-cash short", state="cleared", who="sam")
    return store


def run(store: TicketStore, fmt: str, out: Path, **kwargs: object):
    with store.reader() as reader:
        return export_tickets(reader, kwargs.pop("selection", Selection.flagged()), fmt, out, **kwargs)  # type: ignore[arg-type]


def read_csv(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    assert b"\r\n" in data
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def sha256sum_check(folder: Path) -> str:
    result = subprocess.run(
        ["sha256sum", "-c", "MANIFEST.sha256"], cwd=folder, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


# -- CSV ------------------------------------------------------------------------------------------------------


def test_csv_tickets_and_lines_with_formula_injection_neutralised(store: TicketStore, tmp_path: Path) -> None:
    result = run(store, "csv", tmp_path / "case", secrets=[SECRET_KEY, SECRET])
    folder = tmp_path / "case"
    assert sorted(p.name for p in folder.iterdir()) == [
        "MANIFEST.sha256",
        "export.json",
        "lines.csv",
        "tickets.csv",
    ]
    tickets = read_csv(folder / "tickets.csv")
    assert [t["ticket_id"] for t in tickets] == ["T-1", "T-2", "T-3"]  # flagged only, in ticket time order
    first, refund, no_sale = tickets
    assert first["operator"] == "'+Ana"
    assert first["flag_reason"] == "Sweethearting"
    assert first["notes"].startswith("[") and "'=cmd" not in first["notes"]  # starts with the time stamp
    assert "[REDACTED]" in first["notes"] and SECRET not in first["notes"]
    assert "discount_self_approved" in first["exceptions"] and "price_override" in first["exceptions"]
    assert refund["total"] == "-12.50" and refund["subtotal"] == "-12.50"  # numbers stay numbers
    assert refund["review_state"] == "Confirmed"
    assert no_sale["flag_reason"] == "'-cash short"
    lines = read_csv(folder / "lines.csv")
    assert [(r["ticket_id"], r["line_no"]) for r in lines] == [
        ("T-1", "1"),
        ("T-1", "2"),
        ("T-1", "3"),
        ("T-2", "1"),
    ]
    assert lines[0]["description"] == '\'=HYPERLINK("http://evil","x")'
    assert lines[1]["description"] == "'-12.50"  # text that looks numeric is still neutralised
    assert lines[1]["voided"] == "yes" and lines[1]["amount"] == "4.00"
    assert lines[2]["description"] == "Crème brûlée 売上" and lines[2]["original_price"] == "5.00"
    assert (
        lines[3]["description"] == "'\tTab first"
        and lines[3]["quantity"] == "-1"
        and lines[3]["amount"] == "-12.50"
    )
    assert result.tickets == 3 and result.format == "csv"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("＝1", "'＝1"),
        ("a=1", "a=1"),
        (" =1", " =1"),
        ("", ""),
        (-12.5, "-12.5"),
        (Number("-12.50"), "-12.50"),
        (3.0, "3"),
        (True, "yes"),
        (None, ""),
    ],
)
def test_cell_neutralisation(value: object, expected: str) -> None:
    assert cell(value, Redactor()) == expected


def test_numbers_are_only_what_we_formatted() -> None:
    with pytest.raises(ValueError, match="not a numeric literal"):
        Number("-1+1")
    assert neutralise("-12.50") == "'-12.50"


# -- JSON -----------------------------------------------------------------------------------------------------


def test_json_has_normalised_raw_flag_notes_audit_and_exceptions(store: TicketStore, tmp_path: Path) -> None:
    run(store, "json", tmp_path / "j", investigator="Jane Doe")
    data = json.loads((tmp_path / "j" / "tickets.json").read_text(encoding="utf-8"))
    assert data["format"] == "ows-desktop-tickets" and data["investigator"] == "Jane Doe"
    assert {r["id"] for r in data["rules"]} >= {"void_then_no_sale", "outside_hours"}
    first = data["tickets"][0]
    assert first["ticket_id"] == "T-1" and first["exhibit"] == 1
    assert first["normalised"]["lines"][1]["voided"] is True
    assert first["normalised"]["discounts"][0] == {
        "description": "@SUM(A1)",
        "amount": 1.0,
        "applied_by": "E1",
        "approved_by": "E1",
    }
    assert first["raw"]["id"] == "T-1" and first["raw"]["lineItems"] if "lineItems" in first["raw"] else True
    assert first["flag"]["reason"] == "Sweethearting" and first["flag"]["state"] == "to_review"
    assert [a["action"] for a in first["audit"]] == ["flag", "note"]
    assert all(len(a["hash"]) == 64 for a in first["audit"])
    assert first["notes"][0]["who"] == "jane"
    assert {e["rule"] for e in first["exceptions"]} >= {
        "line_void",
        "price_override",
        "discount_self_approved",
    }


# -- folder, manifest, custody -------------------------------------------------------------------------------


def test_manifest_verifies_with_sha256sum_and_custody_is_complete(store: TicketStore, tmp_path: Path) -> None:
    shot = png(tmp_path / "cam.png")
    other = png(tmp_path / "cam-3.png", width=9)  # the same picture twice would be left out the second time
    calls: list[str] = []

    def provider(ticket):
        calls.append(ticket.key)
        if ticket.key == "T-2":
            raise RuntimeError("recorder offline")
        picture = shot if ticket.key == "T-1" else other
        return [
            SnapshotSource(
                picture, "Register 1 overhead", ticket.start, timedelta(seconds=-2.5), INVESTIGATOR
            )
        ]

    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(store, "json", empty, snapshot_provider=provider, case_title="Case 42")
    out = sha256sum_check(empty)
    assert "tickets.json: OK" in out and "export.json: OK" in out and "snapshots/00001-T-1-1.png: OK" in out
    custody = json.loads((empty / "export.json").read_text(encoding="utf-8"))
    assert custody["app"]["version"] and custody["exporter"]["host"] == review.current_host()
    assert custody["exporter"]["os_user"] == review.current_user()
    assert custody["created_utc"].endswith("Z") and custody["export_format"] == "json"
    assert custody["selection"]["kind"] == "flagged" and custody["selection"]["query"]["flagged"] is True
    assert [t["id"] for t in custody["tickets"]] == ["T-1", "T-2", "T-3"]
    assert custody["case_id"] == result.case_id and custody["title"] == "Case 42"
    assert custody["audit_entries_verified"] == 5 and custody["audit_entries_failing_chain"] == []
    files = {f["path"]: f for f in custody["files"]}
    assert set(files) == {"tickets.json", "snapshots/00001-T-1-1.png", "snapshots/00003-T-3-1.png"}
    assert files["tickets.json"]["bytes"] == (empty / "tickets.json").stat().st_size
    snap = custody["snapshots"][0]
    assert snap == {
        "ticket_id": "T-1",
        "file": "snapshots/00001-T-1-1.png",
        "camera": "Register 1 overhead",
        "time_utc": "2026-03-02T15:00:00.000Z",  # exported times: always to the millisecond
        "clock_offset_seconds": -2.5,
        "chosen_by": "investigator",
        "taken_utc": None,
        "time_basis": None,
        "time_note": None,
        "sha256": files["snapshots/00001-T-1-1.png"]["sha256"],
        "bytes": shot.stat().st_size,
        "recorded_sha256": None,  # the source recorded none (a snapshot of an earlier version): said so
        "hash_check": NO_HASH,
    }
    assert custody["snapshot_failures"] == [{"ticket_id": "T-2", "error": "RuntimeError: recorder offline"}]
    assert calls == ["T-1", "T-2", "T-3"]
    manifest = (empty / "MANIFEST.sha256").read_text().splitlines()
    assert len(manifest) == 4 and all("  " in line for line in manifest)


def test_export_of_a_query_and_nothing_to_export(store: TicketStore, tmp_path: Path) -> None:
    result = run(
        store, "csv", tmp_path / "q", selection=Selection.of_query(TicketQuery(exceptions=("no_sale",)))
    )
    assert result.tickets == 1
    custody = json.loads((tmp_path / "q" / "export.json").read_text(encoding="utf-8"))
    assert custody["selection"]["kind"] == "query" and custody["selection"]["query"]["exceptions"] == [
        "no_sale"
    ]
    assert "exception No-sale drawer open" in custody["selection"]["description"]
    with pytest.raises(ExportTargetError, match="Nothing to export"):
        run(store, "csv", tmp_path / "none", selection=Selection.flagged(states=("cleared",), reasons=("x",)))
    assert not (tmp_path / "none").exists()


def test_export_of_a_list_of_store_days_runs_and_records_those_days(
    store: TicketStore, tmp_path: Path
) -> None:
    """The Receipts list's Yesterday in the store's time is a query of store days: its export exports
    exactly what it lists, and export.json records the days (it failed to write a date as JSON)."""
    day = StoreDays(T0.date(), T0.date())  # S1's offset is unknown: its UTC day, as its rows show
    query = TicketQuery(store_days=day)
    with store.reader() as reader:
        listed = [row.key for row in reader.iter_rows(replace(query, descending=False))]
    result = run(store, "csv", tmp_path / "d", selection=Selection.of_query(query))
    assert result.tickets == len(listed) == 4
    custody = json.loads((tmp_path / "d" / "export.json").read_text(encoding="utf-8"))
    assert custody["selection"]["query"]["store_days"] == {"first": "2026-03-02", "last": "2026-03-02"}
    assert "on 2026-03-02 in each store's time" in custody["selection"]["description"]
    assert [row["ticket_id"] for row in read_csv(tmp_path / "d" / "tickets.csv")] == listed
    later = TicketQuery(store_days=StoreDays(T0.date() + timedelta(days=1), T0.date() + timedelta(days=1)))
    with pytest.raises(ExportTargetError, match="Nothing to export"):
        run(store, "csv", tmp_path / "none", selection=Selection.of_query(later))
    # Today in the store's time: the days counted back from each store's today at that minute
    today = TicketQuery(store_days=StoreDaysAgo(T0 + timedelta(hours=2), 0, 0))
    result = run(store, "csv", tmp_path / "t", selection=Selection.of_query(today))
    assert result.tickets == 4
    custody = json.loads((tmp_path / "t" / "export.json").read_text(encoding="utf-8"))
    assert custody["selection"]["query"]["store_days"] == {
        "days_ago": [0, 0],
        "as_of": "2026-03-02T17:00:00Z",
    }
    assert (
        "today at each store (as of 2026-03-02T17:00:00Z), in each store's time"
        in (custody["selection"]["description"])
    )


def test_an_empty_cache_says_it_holds_no_ticket(tmp_path) -> None:
    """ "Nothing to export: there are no all tickets." (an empty cache, a review of the command line)."""
    from ows_desktop.store import open_store

    with open_store(tmp_path / "empty.sqlite3") as empty, pytest.raises(ExportTargetError) as caught:
        run(empty, "csv", tmp_path / "none", selection=Selection.of_query(TicketQuery()))
    assert str(caught.value) == "Nothing to export: the cache holds no ticket."


# -- all or nothing ------------------------------------------------------------------------------------------


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".") or p.name.endswith(".part"))


def test_target_must_be_new_or_empty(store: TicketStore, tmp_path: Path) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "old.txt").write_text("keep me")
    with pytest.raises(ExportTargetError, match="not empty"):
        run(store, "csv", busy)
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(ExportTargetError, match="is a file"):
        run(store, "csv", tmp_path / "a-file")
    assert (busy / "old.txt").read_text() == "keep me"


def test_a_path_through_a_file_fails_cleanly(store: TicketStore, tmp_path: Path) -> None:
    """A real failure that holds for root too: the target's parent is a file (ENOTDIR)."""
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match=r"part of the path is a file.*Nothing was written"):
        run(store, "csv", tmp_path / "file" / "case")
    assert leftovers(tmp_path) == []


def _read_only_parent(tmp_path: Path) -> Path:
    """A folder this process cannot create anything in: chmod for a normal user; as root (which ignores
    permission bits) a sysfs folder, where even root gets EPERM."""
    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    sysfs = Path("/sys")
    try:
        (sysfs / "ows-probe").mkdir()
    except OSError as exc:
        if exc.errno in (errno.EPERM, errno.EACCES, errno.EROFS):
            return sysfs
        pytest.skip(f"no read-only folder available as root ({exc})")
    else:
        (sysfs / "ows-probe").rmdir()
        pytest.skip("/sys is writable here")
    raise AssertionError


def test_read_only_target_fails_with_a_reason_and_leaves_nothing(store: TicketStore, tmp_path: Path) -> None:
    parent = _read_only_parent(tmp_path)
    before = sorted(p.name for p in parent.iterdir())
    with pytest.raises(ExportError, match=r"(no permission to write there|read-only)\. Nothing was written"):
        run(store, "csv", parent / "ows-case")
    assert sorted(p.name for p in parent.iterdir()) == before


@pytest.mark.parametrize(
    ("code", "message"), [(errno.ENOSPC, "the disk is full"), (errno.EACCES, "no permission to write there")]
)
def test_a_failure_half_way_removes_every_file(
    store: TicketStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, message: str
) -> None:
    """Fault injection: the second file's rename fails (as on a full disk / a revoked permission)."""
    real_replace = os.replace
    calls: list[str] = []

    def failing_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(str(dst))
        if len(calls) == 2:
            raise OSError(code, os.strerror(code), str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    target = tmp_path / "deep" / "er" / "case"
    with pytest.raises(ExportError, match=f"{message}. Nothing was written"):
        run(store, "csv", target)
    assert len(calls) == 2 and calls[0].endswith("lines.csv")  # the first file was already in place
    assert not (tmp_path / "deep").exists()  # the parents this export created are gone too
    assert leftovers(tmp_path) == []


def test_cancel_keeps_nothing(store: TicketStore, tmp_path: Path) -> None:
    from ows_desktop.export import ExportCancelled

    cancel = threading.Event()
    with pytest.raises(ExportCancelled):
        run(store, "json", tmp_path / "c", cancel=cancel, progress=lambda done, total: cancel.set())
    assert list(tmp_path.iterdir()) == [store.path.parent]  # only the store's folder: no partial export


# -- secrets --------------------------------------------------------------------------------------------------


def test_exports_never_contain_the_api_key_secret_or_camera_passwords(
    store: TicketStore, tmp_path: Path, memory_keyring: object, qapp: object
) -> None:
    from cli_support import make_ctx

    from ows_desktop.basics.credentials import Credentials, KeyringCredentialStore
    from ows_desktop.basics.paths import AppPaths
    from ows_desktop.cli import export
    from ows_desktop.cli.main import main

    env_key, env_secret = "ENVKEY-4242-abcdef", "ENVSECRET-4242-ghijkl"
    camera_password = "campass-99-secret"
    credentials = KeyringCredentialStore()
    credentials.set("https://ows.example/api", Credentials(SECRET_KEY, SECRET))
    ctx = make_ctx(tmp_path, credentials, env={"OWS_API_KEY": env_key, "OWS_API_SECRET": env_secret,
                                               "OWS_BASE_URL": "https://ows.example/api"})  # fmt: skip
    ctx.paths = AppPaths(data_dir=store.path.parent, config_dir=tmp_path / "cfg", log_dir=tmp_path / "log",
                         cache_dir=tmp_path / "c")  # fmt: skip
    store.review.add_note(
        "T-3", f"env {env_key} / {env_secret} / rtsp://admin:{camera_password}@10.0.0.7/h264"
    )
    from ows_desktop.basics.camera_secrets import KeyringCameraSecrets
    from ows_desktop.store.cameras import CameraRepository

    # a camera whose password lives in the (test) keyring, as `mapping import` or the panel would store it
    CameraRepository(store, KeyringCameraSecrets()).add_camera(
        "Register cam", f"rtsp://admin:{camera_password}@10.0.0.7/h264", camera_id="cam-1"
    )
    secrets = export.export_secrets(ctx, store)
    assert {SECRET_KEY, SECRET, env_key, env_secret, camera_password} <= secrets
    for fmt in ("csv", "json", "pdf"):
        out = tmp_path / f"x-{fmt}"
        assert main(["export", "--flagged", "--format", fmt, "--out", str(out)], ctx) == 0, (
            ctx.stderr.getvalue()
        )
        blobs = [p.read_bytes() for p in out.rglob("*") if p.is_file()]
        if fmt == "pdf":
            text = subprocess.run(
                ["pdftotext", str(out / "case-report.pdf"), "-"], capture_output=True
            ).stdout
            blobs.append(text)
            assert b"[REDACTED]" in text
        for value in (SECRET_KEY, SECRET, env_key, env_secret, camera_password):
            assert not any(value.encode() in blob for blob in blobs), (fmt, value)


def test_camera_credentials_in_snapshot_sources_are_stripped(store: TicketStore, tmp_path: Path) -> None:
    shot = png(tmp_path / "s.png")
    run(
        store,
        "json",
        tmp_path / "s",
        snapshot_provider=lambda t: [
            SnapshotSource(shot, "rtsp://viewer:hunter2pass@cam-3/stream1", t.start, 0.0, INVESTIGATOR)
        ],
    )
    text = (tmp_path / "s" / "export.json").read_text(encoding="utf-8")
    assert "hunter2pass" not in text and "rtsp://[REDACTED]@cam-3/stream1" in text


# -- PDF ------------------------------------------------------------------------------------------------------


def test_pdf_case_report_contains_every_ticket_and_its_evidence(
    store: TicketStore, tmp_path: Path, qapp
) -> None:
    from PySide6.QtGui import QColor, QImage

    image = QImage(320, 180, QImage.Format.Format_RGB32)
    image.fill(QColor("#335577"))
    shot = tmp_path / "frame.png"
    assert image.save(str(shot))
    result = run(
        store,
        "pdf",
        tmp_path / "pdf",
        investigator="Jane Investigator",
        case_title="Register 1 cash shortages",
        snapshot_provider=lambda t: (
            [SnapshotSource(shot, "Overhead R1", t.start, 1.5, INVESTIGATOR)] if t.key == "T-1" else None
        ),
    )
    pdf = tmp_path / "pdf" / "case-report.pdf"
    if os.environ.get("OWS_KEEP_PDF"):
        shutil.copy(pdf, os.environ["OWS_KEEP_PDF"])
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())
    for ticket_id in ("T-1", "T-2", "T-3"):
        assert f"Ticket {ticket_id}" in text
    assert "T-4" not in text
    for phrase in ("Case Report", "Jane Investigator", "Register 1 cash shortages", result.case_id, "EXHIBIT 1 OF 3",
                   "Sweethearting", "Price override", "Overhead R1", "register clock offset +1.5 s", "VOID",
                   "Investigator notes", "Audit trail", "CONFIDENTIAL"):  # fmt: skip
        assert phrase in text, phrase
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert (
        "No hash recorded, cannot be verified: no SHA-256 and no audit-trail entry" in text
    )  # none recorded
    # cover, index, three exhibits; the first one's audit trail goes on to a page of its own since its
    # snapshot's caption says whether its file is the one taken (No hash recorded …)
    assert re.search(r"Pages:\s+6\n", pages)
    assert all(f"Page {n} of 6" in text for n in range(1, 7))
    sha256sum_check(tmp_path / "pdf")
    # the report states the digest of each data file and snapshot it comes with
    files = {f.path: f.sha256 for f in result.files}
    assert set(files) >= {"tickets.json", "snapshots/00001-T-1-1.png"}
    for name in ("tickets.json", "snapshots/00001-T-1-1.png"):
        assert name in text and files[name] in text.replace(" ", ""), name
    # the tickets without a picture say why, in the exhibit and in export.json
    assert "No video snapshot for this ticket: No camera picture for this ticket" in text
    custody = json.loads((tmp_path / "pdf" / "export.json").read_text())
    assert [f["ticket_id"] for f in custody["snapshot_failures"]] == ["T-2", "T-3"]
    assert [f["ticket_id"] for f in result.missing_snapshots] == ["T-2", "T-3"]


def test_pdf_export_from_the_cli_makes_its_own_gui_application(store: TicketStore, tmp_path: Path) -> None:
    """The CLI path has no QApplication: the PDF writer creates one (offscreen) in a fresh process."""
    code = (
        "import sys; from ows_desktop.cli.main import main; "
        "sys.exit(main(['--data-dir', sys.argv[1], 'export', '--flagged', '--format', 'pdf', "
        "'--out', sys.argv[2]]))"
    )
    data = store.path.parent
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["OWS_SIGNING_KEY"] = base64.b64encode(os.urandom(32)).decode()  # no keyring in the child process
    result = subprocess.run(
        [os.sys.executable, "-c", code, str(data), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Exported 3 tickets as PDF" in result.stdout
    sha256sum_check(tmp_path / "out")


def test_a_pdf_exports_custody_names_audit_entries_that_break_the_hash_chain(
    store: TicketStore, tmp_path: Path, paths: object, qapp: object
) -> None:
    """The export checks its audit entries before anything is written: refused, or (despite_broken_audit)
    exported with the result in export.json (more in test_export_broken_audit.py)."""
    import sqlite3

    with sqlite3.connect(paths.database) as raw:  # type: ignore[attr-defined]
        raw.execute("DROP TRIGGER review_audit_no_update")  # an edit behind the app's back
        raw.execute("UPDATE review_audit SET who = 'mallory' WHERE id = 2")
    out = tmp_path / "case"
    with pytest.raises(AuditTrailBrokenError):
        run(store, "pdf", out)
    assert not out.exists()
    run(store, "pdf", out, despite_broken_audit=True)
    custody = json.loads((out / "export.json").read_text(encoding="utf-8"))
    assert custody["audit_entries_verified"] == 5
    assert 2 in custody["audit_entries_failing_chain"]
