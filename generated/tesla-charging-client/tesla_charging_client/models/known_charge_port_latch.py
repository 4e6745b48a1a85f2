from enum import StrEnum


class KnownChargePortLatch(StrEnum):
    BLOCKING = "Blocking"
    DISENGAGED = "Disengaged"
    ENGAGED = "Engaged"
    SNA = "SNA"

    def __str__(self) -> str:
        return str(self.value)
