"""The listening sockets, bound before the server starts: a port in use or a host that does
not resolve is a one-line `ListenError`, and `--port 0` learns its port before serving."""

from __future__ import annotations

import errno
import socket


class ListenError(Exception):
    """The server cannot listen where it was asked to; the message says why, in one line."""


def bind_sockets(host: str, port: int) -> list[socket.socket]:
    """Sockets bound to every address `host` names (as asyncio's `create_server` binds them:
    IPv6 ones IPv6-only, addresses reusable), all on one port: `port`, or with 0 the one the
    first socket got."""
    where = f"{host or '*'}:{port}"
    try:
        infos = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except (socket.gaierror, UnicodeError) as exc:
        raise ListenError(f"cannot listen on {where}: {_reason(exc)}") from None
    sockets: list[socket.socket] = []
    try:
        for family, kind, protocol, _, address in dict.fromkeys(infos):
            sock = socket.socket(family, kind, protocol)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            if port == 0 and len(sockets) > 1:
                address = (address[0], sockets[0].getsockname()[1], *address[2:])
            sock.bind(address)
    except OSError as exc:
        for sock in sockets:
            sock.close()
        hint = " (another server has it? choose a port with --port)"
        raise ListenError(
            f"cannot listen on {where}: {_reason(exc)}"
            + (hint if exc.errno == errno.EADDRINUSE else "")
        ) from None
    return sockets


def _reason(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or str(exc)


def base_url(host: str, sock: socket.socket) -> str:
    """`http://host:port` of a listening socket: the host as given (the address bound when
    none was), the port as bound."""
    address, port = sock.getsockname()[:2]
    shown = host.strip("[]") or address
    return f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"
