from enum import StrEnum


class KnownVehicleState(StrEnum):
    ASLEEP = "asleep"
    OFFLINE = "offline"
    ONLINE = "online"
    WAKING = "waking"

    def __str__(self) -> str:
        return str(self.value)
