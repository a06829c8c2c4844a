from __future__ import annotations

import os
import stat
import uuid

import keyring.errors
import pytest

from ows_desktop.basics.credentials import (
    CredentialError,
    Credentials,
    KeyringCredentialStore,
    MemoryCredentialStore,
    NoSecureBackendError,
    credentials_from_env,
    normalise_base_url,
    resolve_credentials,
)
from ows_desktop.basics.paths import AppPaths

SECRET = "s3cr3t-value-XYZ"


def test_keyring_store_round_trips_one_entry_per_base_url(memory_keyring):
    store = KeyringCredentialStore(backend=memory_keyring)
    assert store.is_secure
    store.set("https://ows.example.com/", Credentials("key-a", SECRET))
    store.set("https://other.example.com", Credentials("key-b", "other"))
    assert store.get("HTTPS://OWS.example.com") == Credentials("key-a", SECRET)
    assert store.get("https://other.example.com/") == Credentials("key-b", "other")
    # stored under service ows-desktop, username = the normalised URL; nothing else
    assert set(memory_keyring.items) == {
        ("ows-desktop", "https://ows.example.com"),
        ("ows-desktop", "https://other.example.com"),
    }
    assert store.delete("https://ows.example.com") is True
    assert store.get("https://ows.example.com") is None
    assert store.delete("https://ows.example.com") is False


def test_fail_backend_refuses_to_store_and_says_why():
    from keyring.backends import fail

    store = KeyringCredentialStore(backend=fail.Keyring())
    assert not store.is_secure
    assert "no secure keyring" in store.description
    with pytest.raises(NoSecureBackendError, match="never stores the secret in a plain file"):
        store.set("https://ows.example.com", Credentials("k", SECRET))
    with pytest.raises(NoSecureBackendError):
        store.get("https://ows.example.com")


def test_null_backend_and_empty_chainer_are_not_secure():
    from keyring.backends import chainer, null

    assert not KeyringCredentialStore(backend=null.Keyring()).is_secure

    class EmptyChainer(chainer.ChainerBackend):
        backends = []  # type: ignore[assignment]  # what keyring builds when it finds no viable backend

    assert not KeyringCredentialStore(backend=EmptyChainer()).is_secure


def test_keyring_errors_become_clear_messages_without_the_secret(memory_keyring):
    class Locked(type(memory_keyring)):
        def set_password(self, service, username, password):
            raise keyring.errors.PasswordSetError(f"cannot store {password}")

    store = KeyringCredentialStore(backend=Locked())
    with pytest.raises(CredentialError) as info:
        store.set("https://ows.example.com", Credentials("k", SECRET))
    assert SECRET not in str(info.value)
    assert "Unlock your keyring" in str(info.value)


def test_credentials_repr_hides_the_secret():
    creds = Credentials("the-key", SECRET)
    assert SECRET not in repr(creds) and SECRET not in str(creds)


def test_env_overrides_store_for_automation():
    store = MemoryCredentialStore({"https://a.example": Credentials("stored", "stored-secret")})
    env = {"OWS_API_KEY": "env-key", "OWS_API_SECRET": "env-secret"}
    assert resolve_credentials(store, "https://a.example", env) == Credentials("env-key", "env-secret")
    assert resolve_credentials(store, "https://a.example", {"OWS_API_KEY": "only-key"}) == Credentials(
        "stored", "stored-secret"
    )
    assert credentials_from_env({}) is None


def test_normalise_base_url():
    assert normalise_base_url(" HTTPS://Ows.Example.com:8443/api/ ") == "https://ows.example.com:8443/api"


def test_paths_override_keeps_everything_below_the_data_dir(tmp_path):
    paths = AppPaths.resolve(tmp_path / "d", env={}).ensure()
    assert paths.database.parent == tmp_path / "d"
    assert paths.log_dir == tmp_path / "d" / "logs"
    assert paths.settings_file.is_relative_to(tmp_path / "d")
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / "d").stat().st_mode) == 0o700
    env_paths = AppPaths.resolve(None, env={"OWS_DESKTOP_DATA_DIR": str(tmp_path / "e")})
    assert env_paths.data_dir == tmp_path / "e"


@pytest.mark.secret_service
def test_secret_round_trip_through_the_real_secret_service():
    """Runs in CI inside dbus-run-session with an unlocked gnome-keyring (see .ci/run)."""
    from keyring.backends import SecretService

    backend = SecretService.Keyring()
    try:
        viable = backend.priority > 0
    except Exception:  # keyring raises various errors when no Secret Service is on the bus
        viable = False
    if not viable:
        if os.environ.get("OWS_REQUIRE_SECRET_SERVICE") == "1":
            pytest.fail("CI must provide a Secret Service (dbus-run-session + gnome-keyring --unlock)")
        pytest.skip("no Secret Service on this session bus")
    service = f"ows-desktop-test-{uuid.uuid4().hex}"  # never the developer's real entries
    store = KeyringCredentialStore(backend=backend, service=service)
    assert store.is_secure
    url = "https://ows.example.com"
    store.set(url, Credentials("ci-key", SECRET))
    try:
        # a fresh backend object reads it back from the daemon, not from a Python cache
        again = KeyringCredentialStore(backend=SecretService.Keyring(), service=service)
        assert again.get(url) == Credentials("ci-key", SECRET)
    finally:
        assert store.delete(url) is True
    assert store.get(url) is None
