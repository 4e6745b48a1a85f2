"""A change between two versions of the spec, who it breaks, and the version bump it needs.

Who a change breaks follows from which side of the wire must adapt:

* **breaking for clients**: code written against the old spec (or the old SDK) can fail: a
  response may now carry what it never did (a field removed or made nullable, a closed enum
  widened), a request that was valid is refused (a field or parameter now required, a range,
  enum or pattern narrowed), an operation, an SDK function or model is gone or renamed, the
  credentials asked for changed;
* **breaking for servers**: the mirror image: a server written against the old spec no longer
  honours it (it must accept a wider request range, send a field now required);
* **additive**: something new that nobody has to use (an operation, an optional field or
  parameter, a documented status);
* **documentation**: descriptions, summaries, examples, titles.

Semantic versioning of the spec (and of the SDK, whose version is the spec's):
breaking for clients needs a major bump; breaking for servers and additive a minor one;
documentation a patch.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class Impact(enum.IntEnum):
    """Who a change breaks; the order is the order of severity."""

    DOCS = 1
    ADDITIVE = 2
    BREAKING_SERVERS = 3
    BREAKING_CLIENTS = 4

    @property
    def title(self) -> str:
        return IMPACT_TITLES[self]

    @property
    def bump(self) -> Bump:
        return (
            Bump.MAJOR
            if self is Impact.BREAKING_CLIENTS
            else (Bump.PATCH if self is Impact.DOCS else Bump.MINOR)
        )


IMPACT_TITLES = {
    Impact.BREAKING_CLIENTS: "breaking for clients",
    Impact.BREAKING_SERVERS: "breaking for servers",
    Impact.ADDITIVE: "additive",
    Impact.DOCS: "documentation only",
}


class Bump(enum.IntEnum):
    """The part of `major.minor.patch` a release raises (NONE: the same version)."""

    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=True)
class Change:
    """One difference between two specs.

    `operation` is the operationId (or `METHOD path` of an operation without one; empty for a
    change outside operations), `where` the part of it (`request body`, `200 response body`,
    `query parameter per_page`, ...), `field` the dotted field path inside a body or schema
    (empty when the change is not about a field), `what` says what happened.
    `source` is `rules` (this package's Python rules) or `openapi-diff`.
    """

    impact: Impact
    operation: str
    where: str
    field: str
    what: str
    source: str = "rules"

    def subject(self) -> str:
        """Where the change is, in words: `get_vehicle 200 response body: response.id`."""
        parts = [part for part in (self.operation, self.where) if part]
        text = " ".join(parts)
        if self.field:
            text = f"{text}: `{self.field}`" if text else f"`{self.field}`"
        return text

    def line(self) -> str:
        suffix = " (openapi-diff)" if self.source == "openapi-diff" else ""
        subject = self.subject()
        return f"{subject}: {self.what}{suffix}" if subject else f"{self.what}{suffix}"


VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


class VersionError(ValueError):
    """A version that is not `major.minor.patch`."""


def parse_version(text: str) -> tuple[int, int, int]:
    match = VERSION.match(str(text).strip())
    if not match:
        raise VersionError(f"{text!r} is not a version of the form major.minor.patch")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def bump_between(old: str, new: str) -> Bump | None:
    """The bump from `old` to `new`; None when `new` is lower than `old`."""
    before, after = parse_version(old), parse_version(new)
    if after < before:
        return None
    if after[0] > before[0]:
        return Bump.MAJOR
    if after[1] > before[1]:
        return Bump.MINOR
    return Bump.PATCH if after[2] > before[2] else Bump.NONE


def lower_parts_reset(new: str, bump: Bump | None) -> bool:
    """Whether `new`, reached by `bump`, has the parts below the bumped one at 0, as semantic
    versioning requires (a major bump to 3.0.0, not 3.0.1; a minor one to 2.1.0, not 2.1.3)."""
    _, minor, patch = parse_version(new)
    if bump is Bump.MAJOR:
        return minor == patch == 0
    if bump is Bump.MINOR:
        return patch == 0
    return True


def bumped(version: str, bump: Bump) -> str:
    """`version` raised by `bump`: 2.0.3 + minor = 2.1.0."""
    major, minor, patch = parse_version(version)
    if bump is Bump.MAJOR:
        return f"{major + 1}.0.0"
    if bump is Bump.MINOR:
        return f"{major}.{minor + 1}.0"
    if bump is Bump.PATCH:
        return f"{major}.{minor}.{patch + 1}"
    return version


def needed_bump(changes: list[Change]) -> Bump:
    """The smallest bump that announces every change."""
    return max((change.impact.bump for change in changes), default=Bump.NONE)
