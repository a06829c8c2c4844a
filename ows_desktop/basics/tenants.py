"""One ticket cache per OWS tenant, several tenants side by side in one data directory.

A tenant is what the API Access URL and the tickets endpoint that ``/apip/cpos`` returns for a key name
together (two OWS accounts may share an API host but never a tenant endpoint). Its cache is its own SQLite
file in the data dir; ``tenants.json`` there records which file belongs to which tenant and which tenant an
API Access URL reached last (so ``search`` and the window open the right cache without asking OWS), and a
sidecar ``<cache>.tenant.json`` records the tenant in the cache's own folder, checked before every sync, so a
cache never receives another tenant's tickets even if the registry is lost.

The cache of an installation from before this split (``tickets.sqlite3``) is adopted by the first tenant
synced through the connection it was filled with. Nothing here talks to OWS or imports the store."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ows_desktop.basics.credentials import normalise_base_url
from ows_desktop.basics.errors import AppError
from ows_desktop.basics.paths import AppPaths, ensure_private_dir, write_private_file

REGISTRY_NAME = "tenants.json"
SIDECAR_SUFFIX = ".tenant.json"


class TenantMismatchError(AppError):
    """A cache file that belongs to another tenant than the one a sync reached. Nothing was written."""

    exit_code = 2


@dataclass(frozen=True)
class Tenant:
    api_access_url: str  # normalised (see basics.credentials.normalise_base_url)
    tickets_endpoint: str

    @classmethod
    def of(cls, api_access_url: str, tickets_endpoint: str) -> Tenant:
        return cls(normalise_base_url(api_access_url), tickets_endpoint.strip())

    @property
    def id(self) -> str:
        digest = hashlib.sha256(f"{self.api_access_url}\n{self.tickets_endpoint}".encode()).hexdigest()
        return digest[:16]

    @property
    def label(self) -> str:
        """Short words for a person: the tenant endpoint's host."""
        return urlsplit(self.tickets_endpoint).netloc or self.tickets_endpoint

    def to_json(self) -> dict[str, str]:
        return {"api_access_url": self.api_access_url, "tickets_endpoint": self.tickets_endpoint}


class TenantCaches:
    """Which cache file of ``paths.data_dir`` belongs to which tenant (see the module docstring)."""

    def __init__(self, paths: AppPaths, *, legacy_owner_url: str | None = None):
        """``legacy_owner_url``: the API Access URL the pre-split cache was filled through (the configured
        connection); only a tenant of that URL adopts it."""
        self._paths = paths
        self._legacy_owner = normalise_base_url(legacy_owner_url) if legacy_owner_url else None

    # -- look-ups ----------------------------------------------------------------------------------
    def last_tenant(self, api_access_url: str | None, scope: str | None = None) -> Tenant | None:
        """The tenant this connection (``scope``) reached last at this API Access URL, else the tenant the
        URL reached last, or None."""
        registry = self._read()
        url = normalise_base_url(api_access_url) if api_access_url else None
        candidates = [registry["last"].get(scope)] if scope else []
        candidates.append(registry["last"].get(url) if url else None)
        for tenant_id in candidates:
            entry = registry["tenants"].get(tenant_id) if tenant_id else None
            if entry and (url is None or entry["api_access_url"] == url):
                return Tenant(entry["api_access_url"], entry["tickets_endpoint"])
        return None

    def current_cache(self, api_access_url: str | None, scope: str | None = None) -> Path:
        """The cache to open for this connection (``scope``, e.g. a window connection) or API Access URL:
        its last tenant's; for one that never synced, the default cache file while no tenant owns it,
        else a fresh file its first sync will claim."""
        tenant = self.last_tenant(api_access_url, scope)
        registry = self._read()
        if tenant is not None:
            return self._paths.data_dir / registry["tenants"][tenant.id]["cache"]
        url = normalise_base_url(api_access_url) if api_access_url else None
        if self._legacy_free(registry, url):
            return self._paths.database
        digest = hashlib.sha256((url or "").encode()).hexdigest()[:16]
        return self._paths.data_dir / f"tickets-new-{digest}.sqlite3"

    # -- binding -----------------------------------------------------------------------------------
    def cache_for(self, tenant: Tenant, *, prefer: Path | None = None, scope: str | None = None) -> Path:
        """The tenant's cache file (allocated on first use: ``prefer`` when it is free, e.g. the file the
        window already opened), recorded as the URL's last tenant. Raises TenantMismatchError when the
        file's sidecar names another tenant."""
        registry = self._read()
        before = json.dumps(registry, sort_keys=True)
        entry = registry["tenants"].get(tenant.id)
        if entry is None:
            used = {e["cache"] for e in registry["tenants"].values()}
            if prefer is not None and prefer.parent == self._paths.data_dir and prefer.name not in used:
                recorded = _read_json(sidecar_of(prefer))
                name = prefer.name if not recorded or recorded == tenant.to_json() else None
            else:
                name = None
            entry = {**tenant.to_json(), "cache": name or self._new_cache_name(tenant, registry)}
            registry["tenants"][tenant.id] = entry
        path = self._paths.data_dir / entry["cache"]
        self.claim(path, tenant)
        registry["last"][tenant.api_access_url] = tenant.id
        if scope:
            registry["last"][scope] = tenant.id
        if json.dumps(registry, sort_keys=True) != before:  # unchanged: no write (a full or read-only disk)
            self._write(registry)
        return path

    def claim(self, cache: Path, tenant: Tenant) -> None:
        """Check that ``cache`` belongs to ``tenant`` (writing its sidecar when it has none yet)."""
        sidecar = sidecar_of(cache)
        recorded = _read_json(sidecar)
        if recorded:
            owner = Tenant(str(recorded.get("api_access_url", "")), str(recorded.get("tickets_endpoint", "")))
            if owner != tenant:
                raise TenantMismatchError(
                    f"The ticket cache {cache.name} belongs to the OWS tenant {owner.label} "
                    f"({owner.api_access_url}), not to {tenant.label} ({tenant.api_access_url}); nothing was "
                    "synced into it. Each tenant keeps its own cache: sync again so the right one is opened."
                )
            return
        ensure_private_dir(cache.parent)
        _write_json(sidecar, tenant.to_json())

    def guard(self, cache: Path, api_access_url: str, scope: str | None = None) -> TenantGuard:
        """A picklable check for the sync engine: the endpoint it resolves must be ``cache``'s tenant."""
        return TenantGuard(
            self._paths, str(cache), normalise_base_url(api_access_url), self._legacy_owner, scope
        )

    # -- internals ---------------------------------------------------------------------------------
    def _new_cache_name(self, tenant: Tenant, registry: dict[str, Any]) -> str:
        if self._legacy_free(registry, tenant.api_access_url):
            return self._paths.database.name  # the pre-split cache (or a fresh one under the usual name)
        return f"tickets-{tenant.id}.sqlite3"

    def _legacy_free(self, registry: dict[str, Any], url: str | None) -> bool:
        legacy = self._paths.database
        used = {entry["cache"] for entry in registry["tenants"].values()}
        return (
            legacy.name not in used
            and not sidecar_of(legacy).exists()
            and (self._legacy_owner is None or url is None or self._legacy_owner == url)
        )

    @property
    def _registry_path(self) -> Path:
        return self._paths.data_dir / REGISTRY_NAME

    def _read(self) -> dict[str, Any]:
        data = _read_json(self._registry_path)
        tenants = data.get("tenants") if isinstance(data.get("tenants"), dict) else {}
        last = data.get("last") if isinstance(data.get("last"), dict) else {}
        return {"tenants": tenants, "last": last}

    def _write(self, registry: dict[str, Any]) -> None:
        ensure_private_dir(self._paths.data_dir)
        _write_json(self._registry_path, registry)


@dataclass(frozen=True)
class TenantGuard:
    """``guard(endpoint)``: bind the cache to the tenant ``endpoint`` names, or raise TenantMismatchError."""

    paths: AppPaths
    cache: str
    api_access_url: str
    legacy_owner_url: str | None = None
    scope: str | None = None

    def __call__(self, tickets_endpoint: str) -> None:
        tenant = Tenant.of(self.api_access_url, tickets_endpoint)
        caches = TenantCaches(self.paths, legacy_owner_url=self.legacy_owner_url)
        expected = caches.cache_for(tenant, prefer=Path(self.cache), scope=self.scope)
        if expected != Path(self.cache):
            raise TenantMismatchError(
                f"This connection now reaches the OWS tenant {tenant.label}, whose tickets belong in their own "
                "cache; nothing was synced. Choose it again under Connection ▸ Switch to (or start the app again) to "
                "open that tenant's cache."
            )


def sidecar_of(cache: Path) -> Path:
    return cache.with_name(cache.name + SIDECAR_SUFFIX)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Atomically, readable by the owner only; a full or read-only disk is a DataDirError (exit 2)."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    write_private_file(path, text.encode("utf-8"))
