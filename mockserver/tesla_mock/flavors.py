"""Which real server the mock answers as, and which region a request was sent to.

The same vehicle rules sit behind three servers that clients meet today:

* `owner` - the Owner API (owner-api.teslamotors.com) the seed document describes;
* `fleet` - the Fleet API (the default): the same paths, its own 408 text;
* `proxy` - Tesla's vehicle-command proxy (`tesla-http-proxy`) in front of the Fleet API: it
  signs commands, takes only VINs in command paths and wraps refusals and parameter errors in
  its own envelopes (tesla_mock/proxy.py, docs/command-rules.md).

Regions: an account lives in `na`, `eu` or `cn`. A request names a region by the host it was
sent to (a Fleet API host such as fleet-api.prd.eu.vn.cloud.tesla.com, or any host whose first
label is the region, such as eu.localhost), or by the server's configured `--region`. A plain
host with no configured region is every region at once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

OWNER, FLEET, PROXY = "owner", "fleet", "proxy"
FLAVOR_NAMES = (OWNER, FLEET, PROXY)
REGIONS = ("na", "eu", "cn")
FLEET_BASE_URLS = {
    "na": "https://fleet-api.prd.na.vn.cloud.tesla.com",
    "eu": "https://fleet-api.prd.eu.vn.cloud.tesla.com",
    "cn": "https://fleet-api.prd.cn.vn.cloud.tesla.cn",
}
_REGION_BY_FLEET_HOST = {url.split("://", 1)[1]: region for region, url in FLEET_BASE_URLS.items()}


@dataclass(frozen=True)
class Flavor:
    """How this server answers: `name` (owner, fleet or proxy) and the region it serves
    (None: every region)."""

    name: str = FLEET
    region: str | None = None

    def __post_init__(self) -> None:
        if self.name not in FLAVOR_NAMES:
            raise ValueError(
                f"flavor: expected one of {', '.join(FLAVOR_NAMES)}, got {self.name!r}"
            )
        if self.region is not None and self.region not in REGIONS:
            raise ValueError(f"region: expected one of {', '.join(REGIONS)}, got {self.region!r}")


def _hostname(host: str) -> str:
    """`host[:port]` without the port, lowercased (IPv6 literals keep their brackets)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


# Hosts are what clients send: the regions of the most recent are remembered, no more.
@functools.lru_cache(maxsize=64)
def request_region(host: str, flavor: Flavor) -> str | None:
    """The region a request to `host` is for; None when it names none (every region)."""
    name = _hostname(host)
    if name in _REGION_BY_FLEET_HOST:
        return _REGION_BY_FLEET_HOST[name]
    first_label = name.split(".", 1)[0]
    if "." in name and first_label in REGIONS:
        return first_label
    return flavor.region


def region_redirect(host: str, region: str, flavor: Flavor) -> str | None:
    """The base URL that serves `region`, in the form the request used: the real Fleet API
    host for a Fleet API host or a configured server region, the same host with the region as
    first label for `eu.localhost`-style hosts; None for a plain host (this server serves it)."""
    name = _hostname(host)
    if name in _REGION_BY_FLEET_HOST:
        return FLEET_BASE_URLS[region]
    label, dot, rest = name.partition(".")
    if dot and label in REGIONS:
        port = host.strip()[len(name) :]
        return f"http://{region}.{rest}{port}"
    if flavor.region is not None:
        return FLEET_BASE_URLS[region]
    return None
