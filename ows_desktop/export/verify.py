"""Checking an evidence folder: the manifest's signature, every file's SHA-256, and that no file was added or
removed since the export (``ows-desktop verify DIR``). What stock tools check too: see :mod:`.signing`.

:func:`verify_folder` never raises for a bad folder: it returns a :class:`Verification` listing every
difference in plain words (an empty list: the folder is exactly as signed)."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ows_desktop.basics.text_marks import mark_name
from ows_desktop.export.custody import CUSTODY, MANIFEST
from ows_desktop.export.signing import PUBLIC_KEY_FILE, SIGNATURE_SUFFIX, fingerprint, load_public_pem

SIGNATURE = MANIFEST + SIGNATURE_SUFFIX
_LINE = re.compile(r"^([0-9a-fA-F]{64}) [ *](.+)$")


@dataclass
class Verification:
    folder: Path
    problems: list[str] = field(default_factory=list)
    files_checked: int = 0
    key_fingerprint: str | None = None  # of the key that signed (the folder's key.pem, or the one given)
    signature_ok: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def is_export_folder(folder: str | os.PathLike[str]) -> bool:
    """Whether ``folder`` holds any file every export writes (its manifest, the manifest's signature, the
    chain of custody or the key): a folder with none of them is not an export, one with some was changed."""
    root = Path(folder)
    return any((root / name).exists() for name in (MANIFEST, SIGNATURE, CUSTODY, PUBLIC_KEY_FILE))


def verify_folder(
    folder: str | os.PathLike[str], expected_key: Ed25519PublicKey | None = None
) -> Verification:
    """Check ``folder`` against its signed manifest. ``expected_key``: the key it must be signed with (the
    exporting workstation's, from ``ows-desktop key export-public``); None trusts the folder's key.pem and
    only checks that the folder is as that key signed it."""
    root = Path(folder)
    result = Verification(root)
    manifest_path = root / MANIFEST
    try:
        manifest = manifest_path.read_bytes()
    except OSError as exc:
        result.problems.append(f"{MANIFEST} cannot be read ({exc.strerror or type(exc).__name__}).")
        return result
    _check_signature(root, manifest, expected_key, result)
    listed = _check_hashes(root, manifest, result)
    on_disk = set(_files_under(root)) - {MANIFEST, SIGNATURE}
    for extra in sorted(on_disk - listed):
        result.problems.append(f"added: {mark_name(extra)} is not in the manifest")
    return result


def _check_signature(
    root: Path, manifest: bytes, expected: Ed25519PublicKey | None, result: Verification
) -> None:
    try:
        signature = (root / SIGNATURE).read_bytes()
    except OSError:
        result.problems.append(f"{SIGNATURE} is missing: the manifest is not signed.")
        return
    folder_key: Ed25519PublicKey | None = None
    try:
        folder_key = load_public_pem((root / PUBLIC_KEY_FILE).read_bytes())
    except OSError:
        if expected is None:
            result.problems.append(f"{PUBLIC_KEY_FILE} is missing: no key to check the signature with.")
    except ValueError:
        result.problems.append(f"{PUBLIC_KEY_FILE} is not an Ed25519 public key.")
    key = expected or folder_key
    if key is None:
        return
    result.key_fingerprint = fingerprint(key)
    if expected is not None and folder_key is not None and fingerprint(folder_key) != fingerprint(expected):
        result.problems.append(
            f"{PUBLIC_KEY_FILE} is key {fingerprint(folder_key)}, not the expected key {fingerprint(expected)}."
        )
    try:
        key.verify(signature, manifest)
    except InvalidSignature:
        result.problems.append(
            f"signature: {SIGNATURE} does not match {MANIFEST} with key {result.key_fingerprint} "
            "(the manifest was changed, or signed with another key)."
        )
        return
    result.signature_ok = True


def _check_hashes(root: Path, manifest: bytes, result: Verification) -> set[str]:
    listed: set[str] = set()
    try:
        text = manifest.decode("utf-8")
    except UnicodeDecodeError:
        result.problems.append(f"{MANIFEST} is not UTF-8 text.")
        return listed
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        found = _LINE.match(line)
        if found is None:
            result.problems.append(f"{MANIFEST} line {number} is not '<sha256>  <file>'.")
            continue
        digest, name = found.group(1).lower(), found.group(2)
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or name in (MANIFEST, SIGNATURE):
            result.problems.append(
                f"{MANIFEST} line {number} names a file outside the folder: {mark_name(name)}"
            )
            continue
        listed.add(path.as_posix())
        target = root.joinpath(*path.parts)
        if target.is_symlink():  # its content may be anything anywhere: never read as the exported file
            result.problems.append(
                f"replaced: {mark_name(name)} is a symbolic link, not the file the manifest lists"
            )
            continue
        if not target.is_file():
            result.problems.append(f"removed: {mark_name(name)} is listed in the manifest but missing")
            continue
        actual = _sha256(target)
        result.files_checked += 1
        if actual != digest:
            result.problems.append(f"changed: {mark_name(name)} (SHA-256 {actual}, manifest says {digest})")
    return listed


def _files_under(root: Path) -> list[str]:
    names: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        for name in filenames + [d for d in dirnames if (here / d).is_symlink()]:
            names.append((here / name).relative_to(root).as_posix())
    return names


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


__all__ = ["SIGNATURE", "Verification", "is_export_folder", "verify_folder"]
