"""URL helpers for sources: validation, cleaning for display and storage, address rules.

Nothing here does I/O. ``fetch`` uses these to decide what it may request; the store and the
interfaces use ``clean_url`` / ``display_url`` before showing or keeping a URL.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import idna

#: URLs longer than this are refused outright.
MAX_URL_LENGTH = 8192

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_HOST_LABEL = re.compile(r"^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$")
_NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]*))*$", re.IGNORECASE)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Cloud metadata endpoints, refused even though most are covered by the ranges below.
METADATA_ADDRESSES = frozenset(
    {
        ipaddress.ip_address("169.254.169.254"),
        ipaddress.ip_address("169.254.170.2"),
        ipaddress.ip_address("100.100.100.200"),
        ipaddress.ip_address("fd00:ec2::254"),
    }
)

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_6TO4 = ipaddress.ip_network("2002::/16")


class URLRejected(ValueError):
    """A URL that may not be fetched. ``outcome`` is the Check outcome it maps to."""

    def __init__(self, message: str, outcome: str = "unsupported") -> None:
        super().__init__(message)
        self.outcome = outcome


@dataclass(frozen=True, slots=True)
class ParsedURL:
    """A URL that passed validation. ``url`` is the ASCII form to request (no credentials)."""

    url: str
    scheme: str
    host: str  # ASCII (punycode) host, without brackets for IPv6
    port: int
    ip: IPAddress | None  # set when the host is an IP literal


def strip_controls(text: str) -> str:
    """Remove control and bidi-override characters (for anything shown or stored)."""
    return _CONTROL.sub("", text)


def _ascii_host(host: str) -> str:
    """The host in its ASCII (punycode) form, lower case; raises URLRejected if invalid."""
    host = host.rstrip(".").lower() if host not in (".",) else host
    if not host:
        raise URLRejected("the URL has no host")
    if host.isascii():
        labels = host.split(".")
        if any(not _HOST_LABEL.match(label) for label in labels):
            raise URLRejected(f"invalid host name {host[:80]!r}")
        return host
    try:
        encoded = idna.encode(host, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        try:
            encoded = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise URLRejected(f"invalid international host name {host[:80]!r}") from exc
    return encoded.lower()


def parse_url(url: str) -> ParsedURL:
    """Validate a URL for fetching: http(s) only, a valid host and port, no odd IP forms.

    Raises URLRejected (outcome ``unsupported``) with a plain-words reason.
    """
    if not isinstance(url, str):
        raise URLRejected("not a URL")
    url = url.strip()
    if not url:
        raise URLRejected("empty URL")
    if len(url) > MAX_URL_LENGTH:
        raise URLRejected(f"URL longer than {MAX_URL_LENGTH} characters")
    if _CONTROL.search(url):
        raise URLRejected("URL contains control characters")
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise URLRejected(f"malformed URL ({exc})") from exc
    if " " in parts.netloc or " " in parts.scheme:
        raise URLRejected("URL contains spaces in its host")
    scheme = parts.scheme.lower()
    if not scheme:
        raise URLRejected("not an absolute URL (no http:// or https://)")
    if scheme not in ("http", "https"):
        raise URLRejected(f"{scheme}: URLs are not fetched (only http and https)")
    try:
        hostname = parts.hostname
        port = parts.port
    except ValueError as exc:
        raise URLRejected(f"malformed URL ({exc})") from exc
    if not hostname:
        raise URLRejected("the URL has no host")
    port = port if port is not None else (443 if scheme == "https" else 80)
    if port == 0:
        raise URLRejected("port 0 is not valid")
    ip: IPAddress | None = None
    bracketed = parts.netloc.rsplit("@", 1)[-1].startswith("[")
    try:
        ip = ipaddress.ip_address(hostname.split("%", 1)[0])
    except ValueError:
        ip = None
    if bracketed and not isinstance(ip, ipaddress.IPv6Address):
        raise URLRejected("malformed IPv6 address in URL")
    if ip is None:
        if _NUMERIC_HOST.match(hostname):
            raise URLRejected(f"non-standard numeric host {hostname[:40]!r}")
        host = _ascii_host(hostname)
        # IDNA mapping can turn "１２７。0。0。1" into an address: check the result again.
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            if _NUMERIC_HOST.match(host) or host.replace(".", "").isdigit():
                raise URLRejected(f"non-standard numeric host {host[:40]!r}") from None
    if ip is None:
        netloc_host = host
    else:
        if isinstance(ip, ipaddress.IPv6Address) and ip.scope_id:
            raise URLRejected("IPv6 addresses with a zone are not fetched")
        host = str(ip)
        netloc_host = f"[{host}]" if ip.version == 6 else host
    default_port = 443 if scheme == "https" else 80
    netloc = netloc_host if port == default_port else f"{netloc_host}:{port}"
    path = (parts.path or "/").replace(" ", "%20")
    clean = urlunsplit((scheme, netloc, path, parts.query.replace(" ", "%20"), ""))
    return ParsedURL(url=clean, scheme=scheme, host=host, port=port, ip=ip)


def clean_url(url: str) -> str:
    """The URL without credentials (user:pass@) or control characters, for storing and display.

    Never raises: a malformed URL comes back with control characters and anything that
    looks like credentials removed.
    """
    if not isinstance(url, str):
        return ""
    text = strip_controls(url.strip())
    if "@" not in text:
        return text
    try:
        parts = urlsplit(text)
        if "@" in parts.netloc:
            netloc = parts.netloc.rsplit("@", 1)[1]
            text = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    except ValueError:
        text = re.sub(r"^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#]*@", r"\1", text)
    return text


def display_url(url: str) -> str:
    """``clean_url`` plus, for an internationalised host, its punycode form in brackets.

    ``https://bücher.example/x`` -> ``https://bücher.example/x (xn--bcher-kva.example)``;
    a punycode host is shown with its Unicode form the same way.
    """
    text = clean_url(url)
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return text
    if not host:
        return text
    try:
        if not host.isascii():
            return f"{text} ({_ascii_host(host)})"
        if any(label.startswith("xn--") for label in host.split(".")):
            unicode_host = idna.decode(host)
            if unicode_host != host:
                return f"{text} ({strip_controls(unicode_host)})"
    except (URLRejected, idna.IDNAError, UnicodeError, ValueError):
        return text
    return text


def address_problem(ip: IPAddress | str) -> str | None:
    """Why an address may not be fetched without --allow-private, or None when it is public.

    Covers private, loopback, link-local, CGNAT, multicast, reserved, unspecified,
    documentation and cloud-metadata addresses, for IPv4 and IPv6, looking inside
    IPv4-mapped, NAT64 and 6to4 IPv6 addresses.
    """
    if isinstance(ip, str):
        try:
            ip = ipaddress.ip_address(ip.split("%", 1)[0].strip("[]"))
        except ValueError:
            return "not an IP address"
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if isinstance(ip, ipaddress.IPv6Address):
        inner: ipaddress.IPv4Address | None = ip.ipv4_mapped
        if inner is None and (ip in _NAT64 or ip in _NAT64_LOCAL):
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is None and ip in _6TO4:
            inner = ip.sixtofour
        if inner is None and ip.teredo is not None:
            inner = ip.teredo[1]
        if inner is not None:
            problem = address_problem(inner)
            return f"{problem} inside IPv6" if problem else None
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT:
        return "a shared (CGNAT) address"
    if ip.is_private:
        return "a private address"
    if ip.is_reserved:
        return "a reserved address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "a site-local address"
    if not ip.is_global:
        return "a non-public address"
    return None
