from enum import StrEnum


class KnownFastChargerType(StrEnum):
    ACSINGLEWIRECAN = "ACSingleWireCAN"
    CHADEMO = "Chademo"
    COMBO = "Combo"
    GB = "Gb"
    MCSINGLEWIRECAN = "MCSingleWireCAN"
    OTHER = "Other"
    SNA = "SNA"
    SUPERCHARGER = "Supercharger"
    TESLA = "Tesla"
    VALUE_9 = "<invalid>"

    def __str__(self) -> str:
        return str(self.value)
