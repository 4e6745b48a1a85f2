"""The journal: the vehicle API requests each vehicle received, kept within the fleet's bounds.

Plain Python, no HTTP. Past a bound the oldest entries are dropped (docs/limits.md): a
vehicle's own past its entry and byte bounds, anyone's past the total bound.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tesla_mock.fleet import FleetLimits

# What a journal entry costs besides the characters of its strings (its dict, status, time).
JOURNAL_ENTRY_OVERHEAD = 128


class _VehicleJournal:
    """One vehicle's journal: (sequence number, size, entry) oldest first, and their size."""

    __slots__ = ("entries", "size")

    def __init__(self) -> None:
        self.entries: deque[tuple[int, int, dict[str, Any]]] = deque()
        self.size = 0


class Journals:
    """Every vehicle's journal, and the order of all their entries for the total bound."""

    def __init__(self, limits: FleetLimits) -> None:
        self.limits = limits
        self._journals: dict[int, _VehicleJournal] = {}
        # Every entry's sequence number -> its vehicle id, oldest first (the order in which
        # the total bound drops entries), and their total size.
        self._order: OrderedDict[int, int] = OrderedDict()
        self.size = 0
        self._seq = 0  # the next entry's number

    def open(self, vehicle_id: int) -> None:
        """Start an empty journal for a new vehicle."""
        self._journals[vehicle_id] = _VehicleJournal()

    def close(self, vehicle_id: int) -> None:
        """Drop a vehicle's journal with its entries (the vehicle is going away)."""
        self.clear(vehicle_id)
        del self._journals[vehicle_id]

    def record(self, vehicle_id: int, entry: dict[str, Any]) -> dict[str, Any] | None:
        """Add `entry` to the vehicle's journal, then drop the oldest entries past the limits.
        Returns the entry as recorded, or None when the vehicle has no journal (deleted
        meanwhile).

        An entry's size is the length of its strings plus `JOURNAL_ENTRY_OVERHEAD`; its body
        is cut to `journal_body_bytes` characters (the journal middleware cuts it first).
        """
        journal = self._journals.get(vehicle_id)
        if journal is None:
            return None
        limits = self.limits
        body = entry.get("body")
        if body.__class__ is str and len(body) > limits.journal_body_bytes:
            entry = {**entry, "body": body[: limits.journal_body_bytes]}
        size = JOURNAL_ENTRY_OVERHEAD
        for value in entry.values():
            if value.__class__ is str:
                size += len(value)
        seq = self._seq
        self._seq = seq + 1
        entries = journal.entries
        entries.append((seq, size, entry))
        order = self._order
        order[seq] = vehicle_id
        journal.size += size
        self.size += size
        while (
            len(entries) > limits.journal_entries_per_vehicle
            or journal.size > limits.journal_bytes_per_vehicle
        ):
            seq, size, _ = entries.popleft()
            del order[seq]
            journal.size -= size
            self.size -= size
        while self.size > limits.journal_bytes_total:
            # The oldest entry of all is the oldest of its vehicle.
            _, oldest_vehicle = order.popitem(last=False)
            oldest = self._journals[oldest_vehicle]
            _, size, _ = oldest.entries.popleft()
            oldest.size -= size
            self.size -= size
        return entry

    def entries(self, vehicle_id: int) -> list[dict[str, Any]]:
        return [entry for _, _, entry in self._journals[vehicle_id].entries]

    def clear(self, vehicle_id: int) -> None:
        journal = self._journals[vehicle_id]
        for seq, _, _ in journal.entries:
            del self._order[seq]
        self.size -= journal.size
        journal.entries.clear()
        journal.size = 0

    def set_aside(self) -> tuple[Any, ...]:
        """Empty, returning what there was for `put_back` (a fleet being replaced clears its
        journals, and restores them if the replacement fails)."""
        saved = self._journals, self._order, self.size
        self._journals, self._order, self.size = {}, OrderedDict(), 0
        return saved

    def put_back(self, saved: tuple[Any, ...]) -> None:
        self._journals, self._order, self.size = saved
