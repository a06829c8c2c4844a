"""TLS for the OWS client: the operating system's trust store, and certificate failures in plain words.

Certificates are checked against the system's store through ``truststore`` (Keychain on macOS, the
certificate store on Windows, OpenSSL's default paths on Linux, which honour ``SSL_CERT_FILE`` and
``SSL_CERT_DIR``), so a company root certificate installed by IT works without any setting of ours.
"""

from __future__ import annotations

import ssl

import truststore

from ows_desktop.basics.messages import QT_TRANSLATE_NOOP

_LEAD, _VERB = "The certificate of ", " was not accepted: "  # see certificate_message

# OpenSSL's X509_V_ERR_* codes (the ones a person can act on) in words that say what to do.
_UNTRUSTED = QT_TRANSLATE_NOOP(
    "tls",
    "it is issued by a certificate authority this computer does not trust. If your company inspects HTTPS traffic, ask IT to install its root certificate in the system's certificate store",
)
_PROBLEMS = {
    2: _UNTRUSTED,  # unable to get issuer certificate
    20: _UNTRUSTED,  # unable to get local issuer certificate
    21: _UNTRUSTED,  # unable to verify the first certificate
    19: _UNTRUSTED,  # self-signed certificate in certificate chain
    18: QT_TRANSLATE_NOOP("tls", "it is self-signed (no certificate authority vouches for it)"),
    9: QT_TRANSLATE_NOOP("tls", "it is not valid yet (or this computer's clock is wrong)"),
    10: QT_TRANSLATE_NOOP("tls", "it has expired (or this computer's clock is wrong)"),
    23: QT_TRANSLATE_NOOP("tls", "it has been revoked by its issuer"),
    62: QT_TRANSLATE_NOOP("tls", "it was issued for another host name"),
}


def system_ssl_context() -> ssl.SSLContext:
    """A client context that verifies certificates and host names against the system's trust store."""
    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def certificate_problem(exc: BaseException) -> str | None:
    """The certificate problem behind a failed connection, in plain words; None if it was not one."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            known = _PROBLEMS.get(getattr(current, "verify_code", 0) or 0)
            if known is not None:
                return known
            detail = getattr(current, "verify_message", None) or current.reason or str(current)
            return QT_TRANSLATE_NOOP("tls", "it could not be verified ({detail})").format(
                detail=" ".join(str(detail).split())[:200]  # OpenSSL's words, shown as they are
            )
        current = current.__cause__ or current.__context__
    return None


def certificate_message(host: str, problem: str) -> str:
    """The one line shown by the CLI (exit 4) and in the window's banner."""
    return QT_TRANSLATE_NOOP(
        "tls", "The certificate of {host} was not accepted: {problem}. Nothing was sent to {host}."
    ).format(host=host, problem=problem)


def is_certificate_message(message: str) -> bool:
    """True for a :func:`certificate_message` (the window shows it as it is: it already names host and cause)."""
    return message.startswith(_LEAD) and _VERB in message
