"""What a scraped page must never make veille do.

* fetch anything but http(s), or an address on a loopback, private, link-local or otherwise
  non-public network (``allow_private`` lifts this, for a newsroom's own intranet or tests):
  the address checked is the one connected to, resolved once and pinned, so a name that
  resolves differently the second time (DNS rebinding) cannot slip through;
* expand XML entities (a "billion laughs" feed) or follow external ones;
* decompress without a cap (a gzip bomb: 20 kB that inflate to gigabytes).
"""

from __future__ import annotations

import ipaddress
import re
import socket
import zlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from veille.errors import MalformedFeed, Refused, TooLarge

__all__ = ["Target", "check_url", "guard_xml", "inflate", "resolve"]

_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_GZIP = b"\x1f\x8b"


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """Where a URL's request goes: the checked address, and the names the server expects."""

    url: str
    scheme: str
    host: str
    port: int
    address: str
    """The resolved IP address that the request connects to."""

    @property
    def origin(self) -> str:
        """``scheme://host:port``: the unit of politeness and of robots.txt (RFC 9309)."""
        return f"{self.scheme}://{self.host}:{self.port}"

    @property
    def pinned_url(self) -> str:
        """The URL with the host replaced by the checked address."""
        parts = urlsplit(self.url)
        ip = f"[{self.address}]" if ":" in self.address else self.address
        return parts._replace(netloc=f"{ip}:{self.port}").geturl()

    @property
    def host_header(self) -> str:
        default = (self.scheme, self.port) in (("http", 80), ("https", 443))
        name = f"[{self.host}]" if ":" in self.host else self.host
        return name if default else f"{name}:{self.port}"


def check_url(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL; ``Refused`` for anything else."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise Refused(f"not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise Refused(f"only http and https URLs are fetched, not {scheme or 'this'!r}")
    if not parts.hostname:
        raise Refused("the URL has no host name")
    if parts.username or parts.password:
        raise Refused("URLs with a user name or password are not fetched")
    return scheme, parts.hostname.lower(), port or (443 if scheme == "https" else 80)


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(url: str, *, allow_private: bool = False) -> Target:
    """The address to connect to for ``url``; ``Refused`` when it is not a public one
    (unless ``allow_private``) or when the name does not resolve."""
    scheme, host, port = check_url(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise Refused(f"cannot resolve {host!r} ({exc})") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise Refused(f"{host!r} has no address")
    if not allow_private:
        # Every address, not only the first: a name may list a public and a private one.
        private = [a for a in addresses if not _public(a)]
        if private:
            raise Refused(f"{host} is at {private[0]}, a loopback, private or link-local "
                          "address: refused, so that no page can make veille reach an "
                          "internal service (--allow-private to fetch it anyway)")
    return Target(url=url, scheme=scheme, host=host, port=port, address=addresses[0])


def guard_xml(data: bytes, *, what: str) -> None:
    """``MalformedFeed`` when an XML document declares entities (expansion attacks)."""
    if _ENTITY.search(data):
        raise MalformedFeed(f"the {what} declares XML entities: refused (entity expansion "
                            "is a known attack, and no genuine feed needs it)")


def inflate(data: bytes, *, encoding: str, max_bytes: int) -> bytes:
    """``data`` decoded from its Content-Encoding (gzip, deflate or none), never more
    than ``max_bytes`` of output: ``TooLarge`` past that."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return data
    if encoding in ("gzip", "x-gzip"):
        return _inflate(data, 16 + zlib.MAX_WBITS, max_bytes=max_bytes)
    if encoding == "deflate":
        try:
            return _inflate(data, zlib.MAX_WBITS, max_bytes=max_bytes)
        except zlib.error:  # raw deflate, as some servers send it
            return _inflate(data, -zlib.MAX_WBITS, max_bytes=max_bytes)
    raise MalformedFeed(f"unsupported Content-Encoding {encoding!r}")


def gunzip_file(data: bytes, *, max_bytes: int) -> bytes:
    """A ``.gz`` document (a sitemap served as a gzip file), capped like ``inflate``."""
    if not data.startswith(_GZIP):
        return data
    return _inflate(data, 16 + zlib.MAX_WBITS, max_bytes=max_bytes)


def _inflate(data: bytes, wbits: int, *, max_bytes: int) -> bytes:
    inflater = zlib.decompressobj(wbits)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise MalformedFeed(f"corrupt compressed data ({exc})") from None
    if len(out) > max_bytes or inflater.unconsumed_tail:
        raise TooLarge(f"decompresses to over {max_bytes / 1e6:g} MB (a compression bomb?): "
                       "refused (--max-bytes)")
    return out
