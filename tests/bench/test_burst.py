"""bench/burst.py: the bursts open new connections and read their first answers.

No timing is asserted; a tiny local HTTP server stands in for the mock.
"""

from __future__ import annotations

import asyncio

import pytest

from bench import burst
from bench.servers import mock_spec


async def _serve_and_burst(status: bytes, size: int) -> tuple[burst.Burst, int]:
    accepted = 0

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal accepted
        accepted += 1
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 " + status + b"\r\ncontent-length: 2\r\n\r\n{}")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, burst.HOST, 0)
    port = server.sockets[0].getsockname()[1]
    try:
        request = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
        result = await burst._burst(port, request, size)
    finally:
        server.close()
        await server.wait_closed()
    return result, accepted


def test_a_burst_opens_every_connection_and_times_each_first_answer() -> None:
    result, accepted = asyncio.run(_serve_and_burst(b"200 OK", 6))
    assert accepted == 6
    assert len(result.first_answer_ms) == 6
    assert result.first_answer_ms == sorted(result.first_answer_ms)
    assert 0 < result.median_ms <= result.slowest_ms


def test_an_answer_other_than_200_stops_the_measurement() -> None:
    with pytest.raises(RuntimeError, match="503"):
        asyncio.run(_serve_and_burst(b"503 Service Unavailable", 2))


def test_each_loop_is_the_mock_as_make_mock_starts_it_plus_the_loop_option() -> None:
    for loop in burst.LOOPS:
        spec = burst.loop_spec(loop)
        assert spec.argv == (*mock_spec().argv, "--loop", loop)
        assert loop in spec.name


def test_the_table_reports_medians_over_bursts_and_the_slowest_of_all() -> None:
    bursts = [
        burst.Burst([1.0, 2.0, 9.0]),
        burst.Burst([3.0, 4.0, 5.0]),
        burst.Burst([2.0, 2.5, 7.0]),
    ]
    row = burst.table([("mock", bursts)], 3).splitlines()[2]
    assert [cell.strip() for cell in row.strip("|").split("|")] == [
        "mock",
        "3",
        "2.5",
        "7.0",
        "9.0",
    ]
