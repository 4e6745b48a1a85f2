from enum import StrEnum


class KnownCommandSigning(StrEnum):
    ALLOWED = "allowed"
    OFF = "off"
    REQUIRED = "required"

    def __str__(self) -> str:
        return str(self.value)
