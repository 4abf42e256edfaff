"""Who we are to a passkey: the relying party's id (a host name), its name and the origins a
browser may sign in from.

TRACKER_WEBAUTHN_RP_ID, when set, is the id; otherwise the host of TRACKER_BASE_URL, unless
that host is an IP address (the default http://127.0.0.1:5000 is), and then the host the
browser asked for. Browsers refuse an IP address as the id, so a passkey works only on a page
opened by name: http://localhost:5000 rather than http://127.0.0.1:5000 on one's own machine.
The origin follows the same source: TRACKER_WEBAUTHN_ORIGIN, else TRACKER_BASE_URL's, else the
request's. A passkey registered under one id does not work under another: set the id once, to
the public host name, before anyone registers one.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app, request

DEFAULT_NAME = "Theo dõi nhiệm vụ cải cách hành chính"
LOOPBACK_ADDRESSES = ("127.0.0.1", "::1")


@dataclass(frozen=True)
class RelyingParty:
    id: str
    name: str
    origins: tuple[str, ...]


def is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def request_host() -> str:
    return (urlsplit(request.host_url).hostname or "").lower()


def relying_party() -> RelyingParty:
    config = current_app.config
    name = config.get("TRACKER_WEBAUTHN_RP_NAME") or DEFAULT_NAME
    base_url = config.get("TRACKER_BASE_URL") or ""
    base_host = (urlsplit(base_url).hostname or "").lower()
    configured_origin = config.get("TRACKER_WEBAUTHN_ORIGIN")
    if config.get("TRACKER_WEBAUTHN_RP_ID"):
        rp_id = config["TRACKER_WEBAUTHN_RP_ID"].lower()
        default_origin = origin_of(base_url) if base_host == rp_id else origin_of(request.host_url)
    elif base_host and not is_ip_address(base_host):
        rp_id, default_origin = base_host, origin_of(base_url)
    else:
        rp_id, default_origin = request_host(), origin_of(request.host_url)
    origin = configured_origin.rstrip("/") if configured_origin else default_origin
    return RelyingParty(id=rp_id, name=name, origins=(origin,))


def passkeys_usable_here() -> bool:
    """Whether a browser on this page can use a passkey of ours: the page's host must be the
    relying party's id or one of its subdomains, and a name, not an address."""
    host = request_host()
    if is_ip_address(host):
        return False
    rp_id = relying_party().id
    return host == rp_id or host.endswith("." + rp_id)


def address_to_use() -> str | None:
    """Where to open this page so that passkeys work, when they do not work here: the same
    page on localhost for a loopback address, on TRACKER_BASE_URL's host otherwise (None when
    there is no better address to offer)."""
    if passkeys_usable_here():
        return None
    parts = urlsplit(request.url)
    if request_host() in LOOPBACK_ADDRESSES:
        netloc = "localhost" + (f":{parts.port}" if parts.port else "")
        return parts._replace(netloc=netloc).geturl()
    base_url = current_app.config.get("TRACKER_BASE_URL") or ""
    base_host = urlsplit(base_url).hostname or ""
    if base_host and not is_ip_address(base_host):
        return origin_of(base_url) + request.full_path.rstrip("?")
    return None
