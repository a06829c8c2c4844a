"""The ``httpx.Client`` the OWS client runs on: timeouts, connection pool, trusted certificates (the
system's, see :mod:`.tls`) and which proxy (if any)."""

from __future__ import annotations

import os
from typing import Any

import httpx

from ows_desktop import __version__
from ows_desktop.basics.proxy import PROXY_ENV, ProxyRoute
from ows_desktop.ows.addresses import is_loopback_host
from ows_desktop.ows.tls import system_ssl_context

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)
_POOL = httpx.Limits(max_connections=16, max_keepalive_connections=16)


class LoopbackDirect(httpx.BaseTransport):
    """Requests to loopback (``localhost``, 127.0.0.0/8, ``::1``: the hosts the client accepts plain http
    from, see addresses.is_loopback_host) go straight there; every other request goes through the proxy.
    (httpx's ``mounts`` match exact host names only: 127.0.0.2 went through the proxy.)"""

    def __init__(self, direct: httpx.BaseTransport, proxied: httpx.BaseTransport):
        self._direct, self._proxied = direct, proxied

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        chosen = self._direct if is_loopback_host(request.url.host) else self._proxied
        return chosen.handle_request(request)

    def close(self) -> None:
        self._direct.close()
        self._proxied.close()


def make_http_client(
    *,
    timeout: httpx.Timeout | None = None,
    transport: httpx.BaseTransport | None = None,
    proxy: str | ProxyRoute | None = None,
    environ: Any = os.environ,
) -> httpx.Client:
    """The shared ``httpx.Client`` for one account: explicit timeouts, no redirects, pool for ~8 workers.

    The environment's ``HTTP(S)_PROXY``/``ALL_PROXY``/``.netrc`` are ignored (``trust_env=False``): OWS goes
    through a proxy only when one is configured (the ``OWS_DESKTOP_PROXY`` environment variable, e.g.
    ``http://proxy.corp:3128``, else ``proxy``: the Preferences' choice, see basics/proxy.py, whose password
    goes as the proxy's auth, never in a URL), and loopback addresses never go through one."""
    chosen = environ.get(PROXY_ENV) or proxy or None
    if isinstance(chosen, ProxyRoute):
        auth = (chosen.user, chosen.password) if chosen.user else None
        proxy_arg: str | httpx.Proxy | None = httpx.Proxy(chosen.url, auth=auth)
    else:
        proxy_arg = chosen
    tls = system_ssl_context()  # the operating system's trust store: a company root certificate just works
    if proxy_arg and transport is None:
        transport = LoopbackDirect(
            httpx.HTTPTransport(verify=tls, limits=_POOL),
            httpx.HTTPTransport(verify=tls, limits=_POOL, proxy=proxy_arg),
        )
    return httpx.Client(
        timeout=timeout or DEFAULT_TIMEOUT,
        verify=tls,
        follow_redirects=False,
        headers={"User-Agent": f"ows-desktop/{__version__}"},
        limits=_POOL,
        transport=transport,
        trust_env=False,
    )
