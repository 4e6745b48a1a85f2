from enum import StrEnum


class KnownScheduleDays(StrEnum):
    ALL_WEEK = "all_week"
    WEEKDAYS = "weekdays"

    def __str__(self) -> str:
        return str(self.value)
