"""The web server a channel's webhook runs in (aiohttp), shared by every channel."""

from __future__ import annotations

from aiohttp import web


async def healthz(request: web.Request) -> web.Response:
    """``GET /healthz``: the process is up (for a load balancer or a supervisor)."""
    return web.Response(text="ok")


async def serve(app: web.Application, host: str, port: int, where: str) -> web.AppRunner:
    """Start serving ``app`` on ``host:port``; clean up the runner with ``cleanup()``.

    Raises:
        OSError: the address cannot be listened on, with a message naming ``where`` (the
            config keys that set it), so start-up can say what to fix in one line.
    """
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as exc:
        await runner.cleanup()
        raise OSError(
            exc.errno, f"cannot listen on {host}:{port} ({where}): {exc.strerror}"
        ) from None
    return runner
