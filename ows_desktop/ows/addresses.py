"""Which OWS addresses the client may talk to, and how they are named in messages: the API Access URL
(https, or plain http only on loopback; never quoted back, it might be a mis-pasted secret), the tenant
tickets endpoint that ``/apip/cpos`` hands out, and the origins the credential header may be sent to."""

from __future__ import annotations

import ipaddress

import httpx

from ows_desktop.ows.errors import InsecureEndpointError, InvalidInputError, ProtocolError

DEFAULT_PORTS = {"http": 80, "https": 443}

Origin = tuple[str, str, int]


def is_loopback_host(host: str) -> bool:
    """True for ``localhost``, 127.0.0.0/8 and ::1."""
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(base_url: str) -> None:
    """Raise InvalidInputError / InsecureEndpointError for an API Access URL the client would refuse."""
    parse_base_url(base_url)


def parse_base_url(base_url: str) -> httpx.URL:
    """The API Access URL, checked. The URL itself is never quoted back (it might be a mis-pasted secret)."""
    if not isinstance(base_url, str) or not base_url.strip():
        raise InvalidInputError("The API Access URL is empty.")
    try:
        url = httpx.URL(base_url.strip())
    except (httpx.InvalidURL, TypeError):
        raise InvalidInputError("The API Access URL is not a valid URL.") from None
    if url.scheme not in DEFAULT_PORTS:
        raise InvalidInputError("The API Access URL must start with https:// (for example https://host/).")
    if not url.host or any(c in url.host for c in "% "):
        raise InvalidInputError("The API Access URL has no valid host name.")
    if url.port is not None and not 0 < url.port < 65536:
        raise InvalidInputError("The API Access URL's port must be a number from 1 to 65535.")
    if url.userinfo:
        raise InvalidInputError("The API Access URL must not contain a user name or password.")
    if url.query or url.fragment:
        raise InvalidInputError("The API Access URL must not contain a query string or fragment.")
    if url.scheme != "https" and not is_loopback_host(url.host):
        raise InsecureEndpointError(
            "The API Access URL is not https; refusing to send the API key unencrypted "
            "(plain http is only allowed for loopback addresses)."
        )
    return url


def parse_tenant_endpoint(endpoint: str, *, https_base: bool) -> httpx.URL:
    """The tenant URL /apip/cpos answered. Refusals are protocol errors (exit 4): the server said it, the
    user cannot fix it by retyping; an https API Access URL only ever hands the key on over https."""
    try:
        url = httpx.URL(endpoint)
    except httpx.InvalidURL:
        raise ProtocolError("/apip/cpos answered a posTicketsEndpoint that is not a valid URL.") from None
    if url.scheme not in DEFAULT_PORTS or not url.host or url.userinfo:
        raise ProtocolError(
            "/apip/cpos answered a posTicketsEndpoint that is not an http(s) URL with a host."
        )
    if url.scheme != "https" and (https_base or not is_loopback_host(url.host)):
        raise InsecureTenantError(
            f"The tenant tickets endpoint {origin_text(url)} (from /apip/cpos) is not https; refusing to "
            "send the API key over an unencrypted connection (plain http only for a loopback test server)."
        )
    return url


class InsecureTenantError(ProtocolError):
    """/apip/cpos handed out a tenant URL the key must not be sent to (exit 4, like every refused tenant)."""


def origin_of(url: httpx.URL) -> Origin:
    return (url.scheme, url.host, url.port or DEFAULT_PORTS.get(url.scheme, 0))


def origin_text(url: httpx.URL) -> str:
    host = f"[{url.host}]" if ":" in url.host else url.host
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{host}{port}"


def redirect_target(url: httpx.URL, location: str | None) -> str:
    if not location:
        return ""
    try:
        return f" to {origin_text(url.join(location))}"
    except httpx.InvalidURL:
        return ""
