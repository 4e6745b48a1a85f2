from enum import StrEnum


class KnownChargeCable(StrEnum):
    GB_AC = "GB_AC"
    GB_DC = "GB_DC"
    IEC = "IEC"
    SAE = "SAE"
    SNA = "SNA"
    VALUE_5 = "<invalid>"

    def __str__(self) -> str:
        return str(self.value)
