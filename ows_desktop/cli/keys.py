"""``ows-desktop key show|export-public`` (the workstation's Ed25519 signing key, kept in the OS keyring) and
``ows-desktop verify DIR`` (an evidence folder's signature, hashes and file list).

``verify`` exit codes: 0 the folder is exactly as signed; 5 it differs (each difference is printed);
2 the folder or the key file cannot be used."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from ows_desktop.cli.context import EXIT_OK, CliContext, UsageError, manifest_signer, print_json

EXIT_NOT_VERIFIED = 5


def add_commands(sub: Any) -> None:
    key = sub.add_parser(
        "key",
        help="this workstation's signing key (signs every export's manifest)",
        description="The Ed25519 key that signs every export's MANIFEST.sha256. Its private half stays in the "
        "OS keyring (created on first use); share the public key or its fingerprint with whoever checks "
        "your exports.",
    )
    key_sub = key.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    show = key_sub.add_parser("show", help="print the public key (PEM) and its fingerprint")
    show.add_argument("--json", action="store_true", help="print as JSON")
    show.set_defaults(func=cmd_key_show)
    export = key_sub.add_parser("export-public", help="write the public key (PEM) to FILE")
    export.add_argument("file", metavar="FILE")
    export.set_defaults(func=cmd_key_export)

    verify = sub.add_parser(
        "verify",
        help="check an evidence folder: signature, every hash, no file added or removed",
        description="Check an export folder against its signed MANIFEST.sha256. Exit codes: 0 the folder is "
        f"exactly as signed; {EXIT_NOT_VERIFIED} it differs (every difference is printed); 2 the folder or "
        "the key file cannot be used. Without OWS Desktop: 'openssl pkeyutl -verify -pubin -inkey key.pem "
        "-rawin -in MANIFEST.sha256 -sigfile MANIFEST.sha256.sig' and 'sha256sum -c MANIFEST.sha256'.",
    )
    verify.add_argument("folder", metavar="DIR")
    verify.add_argument(
        "--key",
        metavar="FILE",
        help="the public key (PEM) the export must be signed with (from 'key export-public'); "
        "default: trust the folder's key.pem and print its fingerprint",
    )
    verify.add_argument("--json", action="store_true", help="print the result as JSON")
    verify.set_defaults(func=cmd_verify)


def cmd_key_show(args: argparse.Namespace, ctx: CliContext) -> int:
    signer = manifest_signer(ctx)
    pem = signer.public_pem.decode("ascii")
    if args.json:
        print_json(
            {"algorithm": "Ed25519", "fingerprint": signer.fingerprint, "public_key_pem": pem}, ctx.stdout
        )
    else:
        ctx.stdout.write(f"Ed25519 signing key\nFingerprint: {signer.fingerprint}\n{pem}")
    return EXIT_OK


def cmd_key_export(args: argparse.Namespace, ctx: CliContext) -> int:
    signer = manifest_signer(ctx)
    target = Path(args.file).expanduser()
    try:
        with target.open("xb") as out:
            out.write(signer.public_pem)
    except FileExistsError:
        raise UsageError(f"{target} already exists; choose a new file name.") from None
    except OSError as exc:
        raise UsageError(f"Cannot write {target}: {exc.strerror or type(exc).__name__}.") from None
    ctx.stdout.write(f"Wrote the public key {signer.fingerprint} to {target}\n")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.export.signing import load_public_pem
    from ows_desktop.export.verify import is_export_folder, verify_folder

    folder = Path(args.folder).expanduser()
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder; give the export folder that holds MANIFEST.sha256.")
    if not is_export_folder(folder):  # "NOT VERIFIED" would read as tampering with evidence there never was
        raise UsageError(
            f"{folder} is not an OWS Desktop export: it holds no MANIFEST.sha256, signature, export.json or "
            "key.pem. Give the export folder itself."
        )
    expected = None
    if args.key:
        try:
            expected = load_public_pem(Path(args.key).expanduser().read_bytes())
        except OSError as exc:
            raise UsageError(
                f"Cannot read the key file {args.key}: {exc.strerror or type(exc).__name__}."
            ) from None
        except ValueError:
            raise UsageError(
                f"{args.key} is not an Ed25519 public key in PEM (see 'key export-public')."
            ) from None
    result = verify_folder(folder, expected)
    if args.json:
        print_json(
            {
                "folder": os.fspath(folder),
                "verified": result.ok,
                "signature_ok": result.signature_ok,
                "key_fingerprint": result.key_fingerprint,
                "key_given": expected
                is not None,  # False: signed by the folder's own key.pem, whoever made it
                "files_checked": result.files_checked,
                "differences": result.problems,
            },
            ctx.stdout,
        )
    elif result.ok and expected is not None:
        ctx.stdout.write(
            f"OK: {folder} is exactly as signed by the key you gave ({result.files_checked} files, key "
            f"{result.key_fingerprint}).\n"
        )
    elif result.ok:
        ctx.stdout.write(
            f"OK: {folder} is exactly as signed ({result.files_checked} files) by the key in its key.pem, "
            f"{result.key_fingerprint}. That proves nothing changed since it was signed, not who signed it: "
            "compare that fingerprint with the exporting workstation's ('ows-desktop key show' there), or "
            "verify with --key and that workstation's public key.\n"
        )
    else:
        ctx.stdout.write(f"NOT VERIFIED: {folder} differs from its signed manifest:\n")
        for problem in result.problems:
            ctx.stdout.write(f"  {problem}\n")
    return EXIT_OK if result.ok else EXIT_NOT_VERIFIED
