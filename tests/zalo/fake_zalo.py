"""A fake Zalo Official Account server for tests: aiohttp on loopback, real HTTP, the Open
API v3's JSON answers and error codes, the OAuth v4 token endpoint with single-use refresh
tokens, and a webhook sender that signs events as Zalo does.

Endpoints: ``POST /v3.0/oa/message/cs`` (text or an image template, addressed to
``recipient.user_id`` or, as a reply, to ``recipient.message_id``: the ``msg_id`` of an
event this fake posted; an unknown one is answered ``-201``), ``POST
/v2.0/oa/upload/image``, ``GET /v3.0/oa/user/detail``, ``POST /v4/oa/access_token``.
Answers as Zalo gives them: ``{"error": 0, "message": "Success", "data": {...}}``, or
``{"error": -216}`` for an unknown or expired access token, ``-213`` for a user outside the
reply window (no message from them in ``window_hours``), ``-32`` when told to refuse for too
many requests, ``-201`` for a text over 2,000 characters; the token endpoint refuses a
refresh token it does not know, or one already spent (``error: -14014``).

Control (Python, same event loop): :meth:`FakeZalo.text`, ``image``, ``location``,
``file``, ``follow``, ``unfollow`` (signed events to the bot's webhook), ``post_event`` (any
body, signed or not, with any timestamp), ``expire_access``, ``fail_next``,
``lose_next_refresh_answer``, ``refuse_next_reply`` (only message-id sends);
:attr:`FakeZalo.sent` holds every message the OA sent (with its ``recipient``, how it was
addressed), :attr:`FakeZalo.requests` the recipient of every send asked for, refused or
not. Over
HTTP: ``GET /_control/sent`` and ``POST /_control/text`` for a bot in another process.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, web

APP_ID = "1234567890123456789"
APP_SECRET = "app-secret-for-tests"
OA_SECRET = "oa-secret-key-for-tests"
OA_ID = "388613280878808645"
MAX_TEXT = 2000
ACCESS_SECONDS = 90_000  # 25 hours


@dataclass
class Sent:
    """A message the OA sent."""

    user_id: str
    text: str | None
    image: str | None = None
    message_id: str = ""
    recipient: dict[str, str] = field(default_factory=dict)  # as the request addressed it


@dataclass
class FakeZalo:
    """The fake server; ``clock`` gives Unix seconds (events' timestamps, token expiry)."""

    clock: Callable[[], float]
    window_hours: float = 48.0
    sent: list[Sent] = field(default_factory=list)
    webhook_url: str = ""
    base_url: str = ""
    access: dict[str, float] = field(default_factory=dict)  # access token -> expiry
    refresh_tokens: set[str] = field(default_factory=set)  # still unspent
    spent: list[str] = field(default_factory=list)
    last_seen: dict[str, float] = field(default_factory=dict)  # user -> last event
    failures: list[int] = field(default_factory=list)  # error codes for the next sends
    reply_failures: list[int] = field(default_factory=list)  # ... sent by message_id
    requests: list[dict[str, str]] = field(default_factory=list)  # every send's recipient
    messages: dict[str, str] = field(default_factory=dict)  # the users' msg_id -> user
    uploads: dict[str, bytes] = field(default_factory=dict)
    lose_refresh_answers: int = 0

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._changed = asyncio.Event()
        self.initial = self.issue_pair()  # what the administrator puts in the environment

    # --- lifecycle ---------------------------------------------------------------------

    async def start(self) -> str:
        """Listen on a free loopback port; return the base URL."""
        app = web.Application()
        app.router.add_post("/v3.0/oa/message/cs", self._send)
        app.router.add_post("/v2.0/oa/upload/image", self._upload)
        app.router.add_get("/v3.0/oa/user/detail", self._profile)
        app.router.add_post("/v4/oa/access_token", self._token)
        app.router.add_get("/_control/sent", self._control_sent)
        app.router.add_post("/_control/text", self._control_text)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # --- tokens ------------------------------------------------------------------------

    def issue_pair(self) -> tuple[str, str]:
        """A new valid access token and unspent refresh token."""
        number = next(self._ids)
        access, refresh = f"access-{number}", f"refresh-{number}"
        self.access[access] = self.clock() + ACCESS_SECONDS
        self.refresh_tokens.add(refresh)
        return access, refresh

    def expire_access(self) -> None:
        """Every access token issued so far expires now (Zalo answers -216)."""
        for token in self.access:
            self.access[token] = 0.0

    def fail_next(self, code: int, times: int = 1) -> None:
        """The next ``times`` sends answer with Zalo error ``code`` (e.g. -32)."""
        self.failures.extend([code] * times)

    def refuse_next_reply(self, code: int = -201, times: int = 1) -> None:
        """The next ``times`` sends addressed by ``message_id`` answer with ``code`` (before
        any :meth:`fail_next` code; sends by user id are not affected)."""
        self.reply_failures.extend([code] * times)

    def lose_next_refresh_answer(self) -> None:
        """The next refresh is done (the token spent) but its answer never arrives."""
        self.lose_refresh_answers += 1

    async def _token(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        if request.headers.get("secret_key") != APP_SECRET or form.get("app_id") != APP_ID:
            return _error_json(-14002, "Invalid app secret or app id")
        token = str(form.get("refresh_token", ""))
        if form.get("grant_type") != "refresh_token" or token not in self.refresh_tokens:
            return web.json_response(
                {
                    "error": -14014,
                    "error_name": "Invalid parameter",
                    "error_reason": "Invalid refresh token",
                    "error_description": "refresh token is invalid or has been used",
                }
            )
        self.refresh_tokens.discard(token)
        self.spent.append(token)
        access, refresh = self.issue_pair()
        if self.lose_refresh_answers:
            self.lose_refresh_answers -= 1
            assert request.transport is not None
            request.transport.close()  # the answer is lost: the token is spent anyway
            raise web.HTTPInternalServerError()
        return web.json_response(
            {"access_token": access, "refresh_token": refresh, "expires_in": str(ACCESS_SECONDS)}
        )

    # --- the Open API ------------------------------------------------------------------

    def _token_ok(self, request: web.Request) -> bool:
        expiry = self.access.get(request.headers.get("access_token", ""))
        return expiry is not None and expiry > self.clock()

    async def _send(self, request: web.Request) -> web.Response:
        if not self._token_ok(request):
            return _error_json(-216, "Access token is invalid")
        body = await request.json()
        recipient = {str(k): str(v) for k, v in body.get("recipient", {}).items()}
        self.requests.append(recipient)
        message = body.get("message", {})
        reply_to = recipient.get("message_id")
        if reply_to is not None and self.reply_failures:
            return _error_json(self.reply_failures.pop(0), "error")
        if self.failures:
            code = self.failures.pop(0)
            return _error_json(code, "Exceeded the request limit" if code == -32 else "error")
        if reply_to is None:
            user = recipient.get("user_id", "")
        elif reply_to in self.messages:
            user = self.messages[reply_to]
        else:
            return _error_json(-201, "Parameters invalid: message_id")
        seen = self.last_seen.get(user)
        if seen is None or self.clock() - seen > self.window_hours * 3600:
            return _error_json(-213, "User has not interacted with the OA in the past 48 hours")
        text = message.get("text")
        if isinstance(text, str) and len(text) > MAX_TEXT:
            return _error_json(-201, "Parameters invalid: text is too long")
        image = None
        attachment = message.get("attachment")
        if attachment is not None:
            element = attachment["payload"]["elements"][0]
            image = element.get("attachment_id") or element.get("url")
        message_id = f"msg{next(self._ids):06d}"
        self.sent.append(Sent(user, text, image, message_id, recipient))
        self._changed.set()
        return web.json_response(
            {"error": 0, "message": "Success", "data": {"message_id": message_id, "user_id": user}}
        )

    async def _upload(self, request: web.Request) -> web.Response:
        if not self._token_ok(request):
            return _error_json(-216, "Access token is invalid")
        form = await request.post()
        upload = form.get("file")
        content = upload.file.read() if isinstance(upload, web.FileField) else b""
        attachment = hashlib.sha1(content).hexdigest()[:20]
        self.uploads[attachment] = content
        return web.json_response(
            {"error": 0, "message": "Success", "data": {"attachment_id": attachment}}
        )

    async def _profile(self, request: web.Request) -> web.Response:
        if not self._token_ok(request):
            return _error_json(-216, "Access token is invalid")
        user = json.loads(request.query.get("data", "{}")).get("user_id")
        return web.json_response(
            {
                "error": 0,
                "message": "Success",
                "data": {"user_id": user, "display_name": f"Người dùng {user}"},
            }
        )

    # --- what users do (webhook events) ------------------------------------------------

    def event(self, name: str, user: str, message: dict[str, Any] | None = None) -> dict[str, Any]:
        """An event body as Zalo builds it, stamped now."""
        body: dict[str, Any] = {
            "app_id": APP_ID,
            "user_id_by_app": f"app-{user}",
            "event_name": name,
            "timestamp": str(int(self.clock() * 1000)),
        }
        if name in ("follow", "unfollow"):
            body.update({"oa_id": OA_ID, "follower": {"id": user}, "source": "oa_profile"})
        else:
            body.update({"sender": {"id": user}, "recipient": {"id": OA_ID}, "message": message})
        return body

    async def post_event(
        self, body: dict[str, Any] | bytes, *, sign: bool = True, signature: str | None = None
    ) -> int:
        """Post an event to the webhook; return the HTTP status."""
        raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json"}
        if signature is not None:
            headers["X-ZEvent-Signature"] = signature
        elif sign:
            stamp = json.loads(raw).get("timestamp", "")
            digest = hashlib.sha256(
                APP_ID.encode() + raw + str(stamp).encode() + OA_SECRET.encode()
            )
            headers["X-ZEvent-Signature"] = "mac=" + digest.hexdigest()
            if isinstance(body, dict) and body.get("event_name") != "unfollow":
                user = (body.get("sender") or body.get("follower") or {}).get("id")
                if user:  # Zalo opens the user's reply window when they write
                    self.last_seen[str(user)] = self.clock()
                    msg_id = (body.get("message") or {}).get("msg_id")
                    if msg_id:  # and the OA may reply to the message
                        self.messages[str(msg_id)] = str(user)
        async with (
            ClientSession() as session,
            session.post(self.webhook_url, data=raw, headers=headers) as response,
        ):
            await response.read()
            return response.status

    def _message(self, text: str | None = None, **extra: Any) -> dict[str, Any]:
        message: dict[str, Any] = {"msg_id": f"zmsg{next(self._ids):08d}", **extra}
        if text is not None:
            message["text"] = text
        return message

    async def text(self, user: str, text: str) -> dict[str, Any]:
        """The user types ``text``; returns the event (to post again as a duplicate)."""
        body = self.event("user_send_text", user, self._message(text))
        assert await self.post_event(body) == 200
        return body

    async def image(self, user: str, url: str = "https://photo.zalo.test/abc.jpg") -> None:
        attachments = [{"type": "image", "payload": {"thumbnail": url, "url": url}}]
        body = self.event("user_send_image", user, self._message(attachments=attachments))
        assert await self.post_event(body) == 200

    async def location(self, user: str, latitude: float, longitude: float) -> None:
        coordinates = {"latitude": str(latitude), "longitude": str(longitude)}
        attachments = [{"type": "location", "payload": {"coordinates": coordinates}}]
        body = self.event("user_send_location", user, self._message(attachments=attachments))
        assert await self.post_event(body) == 200

    async def file(self, user: str, name: str = "don.pdf") -> None:
        payload = {"url": "https://file.zalo.test/don.pdf", "size": "2048", "name": name}
        attachments = [{"type": "file", "payload": payload}]
        body = self.event("user_send_file", user, self._message(attachments=attachments))
        assert await self.post_event(body) == 200

    async def sticker(self, user: str) -> None:
        """A message the bot cannot read (answered once, recorded as unsupported)."""
        payload = {"id": "st01", "url": "https://sticker.zalo.test/st01.png"}
        attachments = [{"type": "sticker", "payload": payload}]
        body = self.event("user_send_sticker", user, self._message(attachments=attachments))
        assert await self.post_event(body) == 200

    async def follow(self, user: str) -> None:
        assert await self.post_event(self.event("follow", user)) == 200

    async def unfollow(self, user: str) -> None:
        assert await self.post_event(self.event("unfollow", user)) == 200

    # --- what tests read ---------------------------------------------------------------

    def sent_to(self, user: str) -> list[Sent]:
        return [s for s in self.sent if s.user_id == user]

    async def wait_for(self, check: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until ``check()`` holds (after each message sent)."""
        async with asyncio.timeout(timeout):
            while not check():
                self._changed.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), 0.05)

    async def _control_sent(self, request: web.Request) -> web.Response:
        return web.json_response([s.__dict__ for s in self.sent])

    async def _control_text(self, request: web.Request) -> web.Response:
        data = await request.json()
        body = self.event("user_send_text", str(data["user"]), self._message(str(data["text"])))
        return web.json_response({"status": await self.post_event(body)})


def sign_as_zalo(raw: bytes) -> str:
    """X-ZEvent-Signature as Zalo computes it: mac=sha256(app id + body + timestamp + OA
    secret key), the timestamp read from the body."""
    stamp = str(json.loads(raw).get("timestamp", ""))
    digest = hashlib.sha256(APP_ID.encode() + raw + stamp.encode() + OA_SECRET.encode())
    return "mac=" + digest.hexdigest()


def _error_json(code: int, message: str) -> web.Response:
    return web.json_response({"error": code, "message": message})
