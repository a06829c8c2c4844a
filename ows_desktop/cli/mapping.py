"""``ows-desktop mapping import FILE`` / ``mapping export FILE``: the terminal → camera mapping as JSON (the
file format and its checks are in :mod:`ows_desktop.camera.mapping_file`)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ows_desktop.camera.mapping_file import (
    dumps_document,
    export_document,
    import_mapping,
    parse_document,
    read_document,
    write_text_atomic,
)
from ows_desktop.cli.context import (
    EXIT_INPUT,
    EXIT_OK,
    CliContext,
    default_camera_secrets,
    escaped_json,
    open_store,
)
from ows_desktop.store.cameras import CameraRepository, MappingError

SecretsFactory = Callable[[CliContext], Any]  # -> CameraSecretStore


def add_commands(subparsers: Any, secrets_factory: SecretsFactory = default_camera_secrets) -> None:
    """Register ``mapping import FILE`` and ``mapping export FILE`` on the CLI's subparsers."""
    p = subparsers.add_parser("mapping", help="import or export the terminal → camera mapping (JSON)")
    sub = p.add_subparsers(dest="mapping_command", metavar="ACTION", required=True)

    imp = sub.add_parser(
        "import", help="import cameras and terminal mappings from a JSON file (all or nothing)"
    )
    imp.add_argument("file", help="the JSON file ('-' reads standard input)")
    imp.add_argument(
        "--replace", action="store_true", help="also remove cameras and terminal mappings not in the file"
    )
    imp.set_defaults(func=lambda args, ctx: cmd_mapping_import(args, ctx, secrets_factory))

    exp = sub.add_parser("export", help="write the mapping to a JSON file (passwords stay in the keyring)")
    exp.add_argument("file", help="the JSON file to write ('-' writes standard output)")
    exp.set_defaults(func=lambda args, ctx: cmd_mapping_export(args, ctx, secrets_factory))


def _open_repo(ctx: CliContext, secrets: Any) -> tuple[Any, CameraRepository]:
    store = open_store(ctx)
    return store, CameraRepository(store, secrets)


def cmd_mapping_import(
    args: argparse.Namespace, ctx: CliContext, secrets_factory: SecretsFactory = default_camera_secrets
) -> int:
    try:
        doc = read_document(args.file, getattr(ctx, "stdin", None))
        clips = ctx.settings().get("video/clips_folder") or None
        parse_document(doc, clips_folder=clips)  # report file errors before opening anything
        store, repo = _open_repo(ctx, secrets_factory(ctx))
        try:
            n_cameras, n_terminals = import_mapping(repo, doc, replace=args.replace, clips_folder=clips)
        finally:
            store.close()
    except MappingError as exc:
        ctx.stderr.write(f"ows-desktop: mapping file {args.file}: {exc}. Nothing was imported.\n")
        return EXIT_INPUT
    ctx.stdout.write(
        f"Imported {n_cameras} camera{'s' * (n_cameras != 1)} and {n_terminals} "
        f"terminal mapping{'s' * (n_terminals != 1)} from {args.file}.\n"
    )
    return EXIT_OK


def cmd_mapping_export(
    args: argparse.Namespace, ctx: CliContext, secrets_factory: SecretsFactory = default_camera_secrets
) -> int:
    store, repo = _open_repo(ctx, None)  # export never needs (or reads) a password
    try:
        doc = export_document(repo)
    finally:
        store.close()
    text = dumps_document(doc)
    if args.file == "-":
        ctx.stdout.write(escaped_json(text))
        return EXIT_OK
    try:
        write_text_atomic(Path(args.file), text)
    except OSError as exc:
        ctx.stderr.write(f"ows-desktop: cannot write {args.file}: {exc.strerror or exc}\n")
        return EXIT_INPUT
    ctx.stdout.write(
        f"Exported {len(doc['cameras'])} cameras and {len(doc['terminals'])} terminal mappings to {args.file}.\n"
    )
    return EXIT_OK
