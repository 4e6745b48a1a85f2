"""A client library for accessing Tesla Vehicle Charging API"""

from .client import AuthenticatedClient, Client
from .models.command_result import CommandResult

# The text Tesla's vehicle-command proxy (and the Fleet API's REST path) puts before the car's
# own reason; the car's reasons themselves are bare (`is_charging`, `disconnected`, ...).
PROXY_REASON_PREFIX = "car could not execute command: "


def refusal_reason(result: CommandResult) -> str:
    """Why the car refused a command, whichever way the answer carried it.

    The Owner API and the proxy send the reason under `reason`; the Fleet API's REST path has
    sent it under `string` instead. The proxy's `car could not execute command: ` prefix is
    removed, so the answer is the car's own word (`is_charging`, `disconnected`, ...).
    Returns "" when the result carries no reason (a success, usually).
    """
    for text in (result.reason, result.string):
        if isinstance(text, str) and text:
            return text.removeprefix(PROXY_REASON_PREFIX)
    return ""


__all__ = (
    "AuthenticatedClient",
    "Client",
    "refusal_reason",
)
