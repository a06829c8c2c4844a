"""The workstation's Ed25519 signing key and the signed manifest of every export.

The private key lives only in the OS keyring (service ``ows-desktop``, user name ``signing-key:ed25519``),
through the same keyring-only layer as the OWS API key (:class:`~ows_desktop.basics.credentials.KeyringEntries`):
a fail/null/plaintext keyring backend is refused, never replaced by a file. The key is created on first
use (the first export, or ``ows-desktop key show``).

An export holds, besides its files:

* ``key.pem``: the public key (SubjectPublicKeyInfo PEM), itself listed in ``MANIFEST.sha256``;
* ``MANIFEST.sha256``: ``<sha256>  <path>`` per file (``sha256sum -c MANIFEST.sha256`` checks them);
* ``MANIFEST.sha256.sig``: the raw 64-byte Ed25519 signature over the manifest's bytes, which stock OpenSSL
  checks: ``openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in MANIFEST.sha256 -sigfile
  MANIFEST.sha256.sig``.

The key in the folder proves the files are as signed; who signed is proven by comparing its fingerprint
(:func:`fingerprint`, shown on the PDF cover and by ``ows-desktop key show``) with the workstation's."""

from __future__ import annotations

import base64
import hashlib
import os
import threading
from typing import Any, Protocol

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ows_desktop.basics.credentials import SERVICE, CredentialError, KeyringEntries
from ows_desktop.basics.messages import QT_TRANSLATE_NOOP, message_of
from ows_desktop.export.custody import MANIFEST
from ows_desktop.export.staging import Staging

KEYRING_USERNAME = "signing-key:ed25519"
KEY_ENV = "OWS_SIGNING_KEY"  # automation: base64 of a raw 32-byte Ed25519 private key (overrides the keyring)
# A Message, so that the window shows it in its language (the keyring's reason inside it too)
CANNOT_SIGN = QT_TRANSLATE_NOOP(
    "signing",
    "Cannot use the signing key of exports: {reason} For automation, {env} may hold the signing key (base64 of a raw Ed25519 private key).",
)
PUBLIC_KEY_FILE = "key.pem"
SIGNATURE_SUFFIX = ".sig"


class SigningKeyError(CredentialError):
    """The signing key cannot be read, kept or is damaged; the message says what to do. Exit 2 for a damaged
    key or variable (the input); a keyring that fails keeps its own code (1, as for ``login``)."""

    exit_code = 2

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class SigningKeyStore(Protocol):
    """Where the private key is kept. ``load`` returns the raw 32-byte private key, or None."""

    def load(self) -> bytes | None: ...

    def save(self, raw: bytes) -> None: ...


class MemorySigningKeys:
    """For tests and the demo: the key lives and dies with the process."""

    def __init__(self, raw: bytes | None = None) -> None:
        self._raw = raw
        self._lock = threading.Lock()

    def load(self) -> bytes | None:
        with self._lock:
            return self._raw

    def save(self, raw: bytes) -> None:
        with self._lock:
            self._raw = raw

    def __repr__(self) -> str:  # never show the key
        return "MemorySigningKeys(<hidden>)"


class EnvSigningKeys:
    """The key given in ``OWS_SIGNING_KEY`` (automation, CI): read-only."""

    def __init__(self, value: str) -> None:
        self._raw = _decode_raw(value, f"The {KEY_ENV} environment variable")

    def load(self) -> bytes | None:
        return self._raw

    def save(self, raw: bytes) -> None:  # pragma: no cover - load never returns None
        raise SigningKeyError(f"{KEY_ENV} is read-only.")

    def __repr__(self) -> str:
        return "EnvSigningKeys(<hidden>)"


def _decode_raw(value: str, where: str) -> bytes:
    try:
        raw = base64.b64decode(value.strip().encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raw = b""
    if len(raw) != 32:
        raise SigningKeyError(
            f"{where} does not hold a signing key (base64 of 32 bytes). Fix or remove it; nothing was written."
        )
    return raw


class KeyringSigningKeys:
    """The OS keyring (refuses the fail/null and plaintext-file backends, like the OWS credentials)."""

    def __init__(self, backend: Any | None = None, service: str = SERVICE) -> None:
        self._entries = KeyringEntries(backend, service)

    @property
    def description(self) -> str:
        return self._entries.description

    def load(self) -> bytes | None:
        value = self._entries.get(KEYRING_USERNAME)
        if not value:
            return None
        return _decode_raw(
            value,
            f"The OS keyring entry {KEYRING_USERNAME!r} (remove it with your keyring's tool to make a new key; "
            "exports signed with the old one stay verifiable with the key.pem they hold)",
        )

    def save(self, raw: bytes) -> None:
        self._entries.set(KEYRING_USERNAME, base64.b64encode(raw).decode("ascii"))

    def __repr__(self) -> str:
        return "KeyringSigningKeys(<OS keyring>)"


def fingerprint(public: Ed25519PublicKey) -> str:
    """``SHA256:`` and the hex SHA-256 of the raw public key, in groups of four (easy to compare aloud)."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    digest = hashlib.sha256(raw).hexdigest()
    return "SHA256:" + " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def public_pem(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def load_public_pem(data: bytes) -> Ed25519PublicKey:
    """An Ed25519 public key from PEM; ValueError when the data is not one."""
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


class ManifestSigner:
    """Signs export manifests with the workstation key (created in the store on first use)."""

    def __init__(self, keys: SigningKeyStore) -> None:
        self._keys = keys
        self._private: Ed25519PrivateKey | None = None
        self._lock = threading.Lock()

    def _key(self) -> Ed25519PrivateKey:
        with self._lock:
            if self._private is None:
                try:
                    raw = self._keys.load()
                    if raw is None:
                        private = Ed25519PrivateKey.generate()
                        self._keys.save(
                            private.private_bytes(
                                serialization.Encoding.Raw,
                                serialization.PrivateFormat.Raw,
                                serialization.NoEncryption(),
                            )
                        )
                    else:
                        private = Ed25519PrivateKey.from_private_bytes(raw)
                except SigningKeyError:
                    raise
                except CredentialError as exc:
                    raise SigningKeyError(
                        CANNOT_SIGN.format(reason=message_of(exc), env=KEY_ENV), exit_code=exc.exit_code
                    ) from None
                self._private = private
            return self._private

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self._key().public_key()

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    @property
    def public_pem(self) -> bytes:
        return public_pem(self.public_key)

    def sign(self, data: bytes) -> bytes:
        return self._key().sign(data)

    def cover_note(self) -> str:
        """What the PDF cover says about the signature (plain text)."""
        return (
            f"The manifest is signed with this workstation's Ed25519 key {self.fingerprint} "
            f"(public key in {PUBLIC_KEY_FILE}; the signature is MANIFEST.sha256{SIGNATURE_SUFFIX}). "
            "Anyone can verify it with stock OpenSSL: openssl pkeyutl -verify -pubin -inkey key.pem -rawin "
            "-in MANIFEST.sha256 -sigfile MANIFEST.sha256.sig — and with OWS Desktop: ows-desktop verify "
            "FOLDER. Compare the key's fingerprint with the one the exporting workstation shows "
            "(ows-desktop key show)."
        )


def write_signed_manifest(writer: Staging, signer: ManifestSigner | None) -> str:
    """The last files of an export: ``key.pem`` (listed in the manifest), ``MANIFEST.sha256`` and its
    signature (when ``signer`` is given). Returns the manifest's SHA-256."""
    if signer is not None:
        with writer.text(PUBLIC_KEY_FILE) as out:
            out.write(signer.public_pem.decode("ascii"))
    with writer.text(MANIFEST, record=False) as out:
        for record in sorted(writer.files, key=lambda r: r.path):
            out.write(f"{record.sha256}  {record.path}\n")
    manifest = (writer.folder / MANIFEST).read_bytes()
    if signer is not None:  # like the manifest, not one of the export's listed files
        final = writer.folder / (MANIFEST + SIGNATURE_SUFFIX)
        part = final.with_name(final.name + ".part")
        with part.open("wb") as out:
            out.write(signer.sign(manifest))
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, final)
    return hashlib.sha256(manifest).hexdigest()


__all__ = [
    "KEYRING_USERNAME",
    "KEY_ENV",
    "PUBLIC_KEY_FILE",
    "SIGNATURE_SUFFIX",
    "EnvSigningKeys",
    "KeyringSigningKeys",
    "ManifestSigner",
    "MemorySigningKeys",
    "SigningKeyError",
    "SigningKeyStore",
    "fingerprint",
    "load_public_pem",
    "public_pem",
    "write_signed_manifest",
]
