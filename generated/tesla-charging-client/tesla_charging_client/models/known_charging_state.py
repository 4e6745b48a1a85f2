from enum import StrEnum


class KnownChargingState(StrEnum):
    CHARGING = "Charging"
    COMPLETE = "Complete"
    DISCONNECTED = "Disconnected"
    NOPOWER = "NoPower"
    STARTING = "Starting"
    STOPPED = "Stopped"

    def __str__(self) -> str:
        return str(self.value)
