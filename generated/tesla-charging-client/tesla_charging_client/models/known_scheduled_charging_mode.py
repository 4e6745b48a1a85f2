from enum import StrEnum


class KnownScheduledChargingMode(StrEnum):
    DEPARTBY = "DepartBy"
    OFF = "Off"
    STARTAT = "StartAt"

    def __str__(self) -> str:
        return str(self.value)
