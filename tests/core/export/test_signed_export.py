"""Signed evidence anyone can verify: the workstation's Ed25519 key in the keyring, the signed manifest checked
by stock OpenSSL and ``sha256sum -c``, ``ows-desktop verify`` catching every kind of tampering, and each
export recorded in the store's audit chain."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from review_helpers import pdftotext, tk

from ows_desktop.basics.credentials import MemoryCredentialStore
from ows_desktop.basics.paths import AppPaths
from ows_desktop.cli.context import CliContext
from ows_desktop.cli.main import main
from ows_desktop.export import Selection, export_tickets
from ows_desktop.export.signing import KEYRING_USERNAME, ManifestSigner, MemorySigningKeys
from ows_desktop.store import TicketQuery, open_store

ROOT = Path(__file__).resolve().parents[3]
OPENSSL = shutil.which("openssl")
SHA256SUM = shutil.which("sha256sum")


def make_ctx(tmp_path: Path) -> CliContext:
    return CliContext(
        paths=AppPaths.resolve(tmp_path / "data", env={}),
        credentials=MemoryCredentialStore(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin=io.StringIO(),
        env={},
    )


@pytest.fixture
def ctx(tmp_path: Path) -> CliContext:
    context = make_ctx(tmp_path)
    with open_store(context.paths.database) as store:
        store.upsert_tickets([tk("T-1"), tk("T-2", operator="Bob"), tk("T-3")])
        store.review.flag_tickets(["T-1", "T-2"], reason="Void abuse", who="jane")
    return context


def run(ctx: CliContext, *argv: str) -> int:
    ctx.stdout.seek(0)
    ctx.stdout.truncate()
    ctx.stderr.seek(0)
    ctx.stderr.truncate()
    return main(list(argv), ctx)


def export(ctx: CliContext, out: Path, fmt: str = "csv") -> Path:
    assert run(ctx, "export", "--flagged", "--format", fmt, "--out", str(out)) == 0, ctx.stderr.getvalue()
    return out


def openssl_verify(folder: Path, key: Path | None = None) -> subprocess.CompletedProcess[str]:
    assert OPENSSL, "openssl is needed for this test"
    return subprocess.run(
        [
            OPENSSL,
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            str(key or folder / "key.pem"),
            "-rawin",
            "-in",
            "MANIFEST.sha256",
            "-sigfile",
            "MANIFEST.sha256.sig",
        ],
        cwd=folder,
        capture_output=True,
        text=True,
    )


def sha256sum_check(folder: Path) -> subprocess.CompletedProcess[str]:
    assert SHA256SUM, "sha256sum is needed for this test"
    return subprocess.run([SHA256SUM, "-c", "MANIFEST.sha256"], cwd=folder, capture_output=True, text=True)


def test_stock_openssl_and_sha256sum_verify_a_signed_export(ctx: CliContext, tmp_path: Path) -> None:
    out = export(ctx, tmp_path / "case")
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {"MANIFEST.sha256", "MANIFEST.sha256.sig", "key.pem", "tickets.csv", "export.json"} <= names
    assert "key.pem" in (out / "MANIFEST.sha256").read_text()  # the key is covered by the manifest
    checked = openssl_verify(out)
    assert checked.returncode == 0 and "Signature Verified Successfully" in checked.stdout, checked
    summed = sha256sum_check(out)
    assert summed.returncode == 0 and "FAILED" not in summed.stdout, summed.stdout + summed.stderr
    assert run(ctx, "verify", str(out)) == 0
    assert "OK:" in ctx.stdout.getvalue() and "not who signed it" in ctx.stdout.getvalue()
    # README's stock-tool checks: the file list against the manifest, and the key's fingerprint
    listing = (
        "diff <(cut -c67- MANIFEST.sha256 | sort) "
        "<(find . -type f ! -name 'MANIFEST.sha256*' -printf '%P\\n' | sort)"
    )
    assert "\n    " + listing + "\n" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert subprocess.run(["bash", "-c", listing], cwd=out, capture_output=True).returncode == 0
    (out / "added.txt").write_text("x")
    assert subprocess.run(["bash", "-c", listing], cwd=out, capture_output=True).stdout.endswith(
        b"> added.txt\n"
    )
    (out / "added.txt").unlink()
    stock = "openssl pkey -pubin -in key.pem -outform DER | tail -c 32 | sha256sum"
    digest = subprocess.run(["bash", "-c", stock], cwd=out, capture_output=True, text=True).stdout.split()[0]
    assert run(ctx, "key", "show", "--json") == 0
    shown = json.loads(ctx.stdout.getvalue())["fingerprint"]
    assert shown == json.loads((out / "export.json").read_text())["signing_key_fingerprint"]
    assert shown.removeprefix("SHA256:").replace(" ", "") == digest


def test_the_key_is_made_once_in_the_keyring_and_shown_by_key_show(
    ctx: CliContext, tmp_path: Path, memory_keyring
) -> None:
    assert not [k for k in memory_keyring.items if k[1] == KEYRING_USERNAME]
    first = export(ctx, tmp_path / "a")
    stored = [v for k, v in memory_keyring.items.items() if k[1] == KEYRING_USERNAME]
    assert len(stored) == 1
    second = export(ctx, tmp_path / "b")
    assert (first / "key.pem").read_bytes() == (second / "key.pem").read_bytes()
    assert stored[0] not in (first / "key.pem").read_text()  # only the public half leaves the keyring
    assert run(ctx, "key", "show", "--json") == 0
    shown = json.loads(ctx.stdout.getvalue())
    assert shown["public_key_pem"].encode() == (first / "key.pem").read_bytes()
    assert run(ctx, "verify", str(first)) == 0
    assert shown["fingerprint"] in ctx.stdout.getvalue()
    assert run(ctx, "key", "export-public", str(tmp_path / "pub.pem")) == 0
    assert (tmp_path / "pub.pem").read_bytes() == (first / "key.pem").read_bytes()
    assert run(ctx, "key", "export-public", str(tmp_path / "pub.pem")) == 2  # never overwrites
    assert "already exists" in ctx.stderr.getvalue()


def test_no_secure_keyring_refuses_to_sign_and_writes_nothing(ctx: CliContext, tmp_path: Path) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # the autouse fixture restores the previous backend
    code = run(ctx, "export", "--flagged", "--format", "csv", "--out", str(tmp_path / "x"))
    assert code == 1  # as login's for the same keyring (exit 2 was "invalid input")
    err = ctx.stderr.getvalue()
    assert (
        "Cannot use the signing key of exports: No secure credential store" in err
        and "OWS_SIGNING_KEY" in err
    )
    assert "OWS_API_KEY" not in err  # the API's variables would not sign anything
    assert "Traceback" not in err and len(err.splitlines()) == 1
    assert not (tmp_path / "x").exists()


def test_key_show_without_a_keyring_says_the_signing_key_cannot_be_used_not_an_export(
    ctx: CliContext, tmp_path: Path
) -> None:
    """`key show` said "Cannot sign the export" where nothing was being exported (found trying the CLI)."""
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    assert run(ctx, "key", "show") == 1  # login and logout exit 1 for the same missing keyring
    err = ctx.stderr.getvalue()
    assert "Cannot use the signing key of exports: No secure credential store" in err and "export:" not in err
    assert len(err.splitlines()) == 1


def test_a_damaged_signing_key_variable_is_bad_input_and_a_missing_keyring_is_not(
    ctx: CliContext, tmp_path: Path
) -> None:
    """The same missing keyring exited 1 from login and 2 from key show and export; 2 is "invalid input",
    which a damaged OWS_SIGNING_KEY is and an absent keyring is not."""
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    assert run(ctx, "key", "show") == 1
    ctx.env["OWS_SIGNING_KEY"] = "not base64 of 32 bytes"
    assert run(ctx, "key", "show") == 2
    assert "OWS_SIGNING_KEY environment variable does not hold a signing key" in ctx.stderr.getvalue()


@pytest.mark.parametrize(
    "tamper",
    [
        "changed byte",
        "added file",
        "removed file",
        "edited manifest",
        "symlink",
        "newline name",
        "no manifest",
    ],
)
def test_verify_reports_each_kind_of_tampering(ctx: CliContext, tmp_path: Path, tamper: str) -> None:
    out = export(ctx, tmp_path / "case")
    if tamper == "changed byte":
        data = bytearray((out / "tickets.csv").read_bytes())
        data[10] ^= 0x01
        (out / "tickets.csv").write_bytes(bytes(data))
        expected = "changed: tickets.csv"
    elif tamper == "added file":
        (out / "snapshots").mkdir(exist_ok=True)
        (out / "snapshots" / "extra.png").write_bytes(b"not evidence")
        expected = "added: snapshots/extra.png"
    elif tamper == "removed file":
        (out / "lines.csv").unlink()
        expected = "removed: lines.csv"
    elif tamper == "symlink":  # the same bytes, through a link: said for what it is, not "missing"
        (tmp_path / "copy.csv").write_bytes((out / "lines.csv").read_bytes())
        (out / "lines.csv").unlink()
        (out / "lines.csv").symlink_to(tmp_path / "copy.csv")
        expected = "replaced: lines.csv is a symbolic link, not the file the manifest lists"
    elif (
        tamper == "no manifest"
    ):  # still an export (its custody and key are there): tampered, not "no export"
        (out / "MANIFEST.sha256").unlink()
        expected = "MANIFEST.sha256 cannot be read"
    elif tamper == "newline name":  # a name cannot write a line of its own into the report
        (out / "new\nline: OK").write_text("x")
        expected = "added: new[LF]line: OK is not in the manifest"
    else:  # a changed file with its new hash written into the manifest: the signature catches it
        (out / "tickets.csv").write_text("forged\n")
        digest = hashlib.sha256(b"forged\n").hexdigest()
        lines = [
            f"{digest}  tickets.csv" if line.endswith("  tickets.csv") else line
            for line in (out / "MANIFEST.sha256").read_text().splitlines()
        ]
        (out / "MANIFEST.sha256").write_text("\n".join(lines) + "\n")
        expected = "signature: MANIFEST.sha256.sig does not match"
        assert sha256sum_check(out).returncode == 0  # the hashes alone are fooled ...
        assert openssl_verify(out).returncode != 0  # ... stock OpenSSL is not
    assert run(ctx, "verify", str(out)) == 5
    report = ctx.stdout.getvalue()
    assert "NOT VERIFIED" in report and expected in report, report
    assert not any(line.startswith("line: OK") for line in report.splitlines())
    assert run(ctx, "verify", "--json", str(out)) == 5
    assert json.loads(ctx.stdout.getvalue())["verified"] is False


def test_a_folder_resigned_with_another_key_fails_against_the_workstation_key(
    ctx: CliContext, tmp_path: Path
) -> None:
    assert run(ctx, "key", "export-public", str(tmp_path / "workstation.pem")) == 0
    # someone rebuilds the export with their own key: self-consistent, but not ours
    with open_store(ctx.paths.database) as store, store.reader() as reader:
        forged = export_tickets(
            reader,
            Selection.of_query(TicketQuery()),
            "json",
            tmp_path / "forged",
            signer=ManifestSigner(MemorySigningKeys()),
        )
    assert openssl_verify(forged.folder).returncode == 0  # consistent with the key it carries
    assert openssl_verify(forged.folder, tmp_path / "workstation.pem").returncode != 0
    assert run(ctx, "verify", str(forged.folder)) == 0
    assert run(ctx, "verify", "--key", str(tmp_path / "workstation.pem"), str(forged.folder)) == 5
    report = ctx.stdout.getvalue()
    assert "not the expected key" in report and "does not match" in report


def test_verify_bad_input_is_one_line_and_exit_2(ctx: CliContext, tmp_path: Path) -> None:
    assert run(ctx, "verify", str(tmp_path / "nowhere")) == 2
    assert "is not a folder" in ctx.stderr.getvalue()
    (tmp_path / "photos").mkdir()  # a folder that is no export: not "NOT VERIFIED", which says tampering
    (tmp_path / "photos" / "a.png").write_bytes(b"png")
    assert run(ctx, "verify", str(tmp_path / "photos")) == 2
    assert ctx.stderr.getvalue().endswith(
        "is not an OWS Desktop export: it holds no MANIFEST.sha256, signature, "
        "export.json or key.pem. Give the export folder itself.\n"
    )
    assert ctx.stdout.getvalue() == ""
    (tmp_path / "junk.pem").write_text("hello")
    out = export(ctx, tmp_path / "case")
    assert run(ctx, "verify", "--key", str(tmp_path / "junk.pem"), str(out)) == 2
    assert len(ctx.stderr.getvalue().splitlines()) == 1


def test_every_export_is_an_entry_of_the_audit_chain(ctx: CliContext, tmp_path: Path) -> None:
    out = export(ctx, tmp_path / "case", fmt="json")
    custody = json.loads((out / "export.json").read_text())
    assert run(ctx, "key", "show", "--json") == 0
    key = json.loads(ctx.stdout.getvalue())["fingerprint"]
    with open_store(ctx.paths.database) as store, store.reader() as reader:
        entries = reader.review.audit_trail("export:" + custody["case_id"])
        assert reader.review.verify_audit_chain() is None
    assert len(entries) == 1
    entry = entries[0]
    assert entry.action == "export" and entry.who
    details = entry.changes
    assert details["tickets"] == ["T-1", "T-2"]
    assert details["format"] == "json" and details["created_utc"] == custody["created_utc"]
    assert details["manifest_sha256"] == hashlib.sha256((out / "MANIFEST.sha256").read_bytes()).hexdigest()
    assert details["key_fingerprint"] == key


def test_the_pdf_cover_names_the_key_and_how_to_verify(ctx: CliContext, tmp_path: Path) -> None:
    out = export(ctx, tmp_path / "case", fmt="pdf")
    assert run(ctx, "key", "show", "--json") == 0
    key = json.loads(ctx.stdout.getvalue())["fingerprint"]
    text = pdftotext(out / "case-report.pdf", "-l", "1")
    text = " ".join(text.split())
    assert key in text
    assert "openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in MANIFEST.sha256 -sigfile" in text
    assert "desktop verify FOLDER" in text  # "ows-desktop" may be hyphenated at a line end


def test_an_export_during_a_long_sync_write_says_it_is_not_in_the_audit_trail(
    ctx: CliContext, tmp_path: Path
) -> None:
    import sqlite3

    sync = sqlite3.connect(ctx.paths.database, isolation_level=None)
    try:
        sync.execute("BEGIN IMMEDIATE")  # a sync holding the write lock past the busy timeout
        code = run(ctx, "export", "--flagged", "--format", "json", "--out", str(tmp_path / "out"))
    finally:
        sync.rollback()
        sync.close()
    assert code == 0  # the evidence is published ...
    # ... and the missing audit entry is said, not silent
    assert "the cache stayed busy" in ctx.stderr.getvalue()
    assert "not recorded in the audit trail" in ctx.stderr.getvalue()
    assert run(ctx, "verify", str(tmp_path / "out")) == 0


def test_the_signing_key_from_the_environment_serves_automation(ctx: CliContext, tmp_path: Path) -> None:
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ows_desktop.export.signing import fingerprint

    private = Ed25519PrivateKey.generate()
    raw = private.private_bytes_raw()
    ctx.env["OWS_SIGNING_KEY"] = base64.b64encode(raw).decode()
    out = export(ctx, tmp_path / "auto")
    assert run(ctx, "verify", str(out)) == 0
    assert fingerprint(private.public_key()) in ctx.stdout.getvalue()
    assert base64.b64encode(raw).decode() not in (out / "key.pem").read_text()
    ctx.env["OWS_SIGNING_KEY"] = "not-a-key"
    assert run(ctx, "export", "--flagged", "--format", "csv", "--out", str(tmp_path / "bad")) == 2
    err = ctx.stderr.getvalue()
    assert "OWS_SIGNING_KEY" in err and len(err.splitlines()) == 1 and "not-a-key" not in err
    assert not (tmp_path / "bad").exists()
