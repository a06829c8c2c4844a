"""A company root certificate in the system's trust store is enough (truststore), and a certificate the
system does not trust gives one plain line naming the host and the problem (exit 4, the banner's words).

The "system trust store" here is a temporary one: on Linux truststore uses OpenSSL's default verify paths,
which honour SSL_CERT_FILE and SSL_CERT_DIR. The server is a loopback HTTPS server whose certificate comes
from a throwaway CA made by the test."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import ssl
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cli_support import make_ctx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ows_desktop.cli.main import main
from ows_desktop.ows.client import OwsClient, make_http_client
from ows_desktop.ows.errors import CertificateError
from ows_desktop.ows.retry import RetryPolicy
from ows_desktop.ui.errors import connection_failure, sync_failure

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the test trust store is OpenSSL's paths")

KEY, SECRET = "tls-key-1234", "tls-secret-5678"


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _cert(subject, issuer, public_key, signing_key, *, ca: bool, san=None, days=(-1, 30)) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + dt.timedelta(days=days[0]))
        .not_valid_after(now + dt.timedelta(days=days[1]))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
    if san is not None:
        builder = builder.add_extension(san, critical=False)
    return builder.sign(signing_key, hashes.SHA256())


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def make_ca(common: str) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    return _cert(_name(common), _name(common), key.public_key(), key, ca=True), key


def write_server_files(tmp: Path, ca, ca_key, *, days=(-1, 30)) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    san = x509.SubjectAlternativeName(
        [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    )
    cert = _cert(_name("localhost"), ca.subject, key.public_key(), ca_key, ca=False, san=san, days=days)
    cert_file, key_file = tmp / "server.pem", tmp / "server.key"
    cert_file.write_bytes(_pem(cert))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_file, key_file


class _Users(BaseHTTPRequestHandler):
    requests: list[str]

    def do_GET(self) -> None:
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        body = json.dumps({"content": [{"id": 1, "userName": "ada", "userGroups": None}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@contextmanager
def https_server(cert_file: Path, key_file: Path) -> Iterator[tuple[str, list[str]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Users)
    server.requests = []  # type: ignore[attr-defined]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.handle_error = lambda *_a: None  # type: ignore[method-assign]  # refused handshakes are expected
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://localhost:{server.server_address[1]}/", server.requests  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def company_ca(tmp_path):
    return make_ca("Example Corp TLS Inspection Root")


@pytest.fixture
def server(tmp_path, company_ca):
    ca, ca_key = company_ca
    with https_server(*write_server_files(tmp_path, ca, ca_key)) as running:
        yield running


def trust_only(monkeypatch, tmp_path: Path, *certs: x509.Certificate) -> None:
    """Make ``certs`` the whole system trust store of this process (OpenSSL's default paths)."""
    bundle = tmp_path / "trusted.pem"
    bundle.write_bytes(b"".join(_pem(c) for c in certs))
    empty_dir = tmp_path / "no-certs"
    empty_dir.mkdir(exist_ok=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    monkeypatch.setenv("SSL_CERT_DIR", str(empty_dir))


def users(url: str) -> list:
    with make_http_client() as http:
        fast = RetryPolicy(max_attempts=3, base_delay=0.001, max_delay=0.001, sleep=lambda _s: None)
        return OwsClient(http, url, KEY, SECRET, retry=fast).users()


def test_a_company_root_in_the_system_trust_store_is_enough(
    monkeypatch, tmp_path, server, company_ca
) -> None:
    url, requests = server
    other_ca, _ = make_ca("Some Other Root")
    trust_only(monkeypatch, tmp_path, other_ca, company_ca[0])
    assert len(users(url)) == 1
    assert requests and requests[0].startswith("/apip/users")


def test_an_untrusted_certificate_is_one_plain_line_naming_the_host(monkeypatch, tmp_path, server) -> None:
    url, requests = server
    other_ca, _ = make_ca("Some Other Root")
    trust_only(monkeypatch, tmp_path, other_ca)
    with pytest.raises(CertificateError) as caught:
        users(url)
    message = str(caught.value)
    assert "localhost" in message
    assert "certificate authority this computer does not trust" in message
    assert caught.value.exit_code == 4
    assert requests == []  # nothing (no API key) reached the server, and no retry was attempted
    assert message in sync_failure(message, caught.value.exit_code).detail  # the window's banner
    assert message in connection_failure(message, caught.value.exit_code)  # the connection dialog


def test_the_cli_says_the_same_in_one_line_with_exit_4(monkeypatch, tmp_path, server) -> None:
    url, _ = server
    other_ca, _ = make_ca("Some Other Root")
    trust_only(monkeypatch, tmp_path, other_ca)
    ctx = make_ctx(tmp_path, env={"OWS_API_KEY": KEY, "OWS_API_SECRET": SECRET})
    assert main(["users", "--base-url", url], ctx=ctx) == 4
    lines = ctx.stderr.getvalue().strip().splitlines()
    assert len(lines) == 1, lines
    assert "The certificate of localhost was not accepted" in lines[0]
    assert "Traceback" not in lines[0] and SECRET not in lines[0]


def test_an_expired_certificate_says_so(monkeypatch, tmp_path, company_ca) -> None:
    ca, ca_key = company_ca
    trust_only(monkeypatch, tmp_path, ca)
    files = write_server_files(tmp_path, ca, ca_key, days=(-30, -1))
    with https_server(*files) as (url, _), pytest.raises(CertificateError, match=r"localhost.*has expired"):
        users(url)
