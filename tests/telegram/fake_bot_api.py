"""A fake Telegram Bot API server for tests: aiohttp on loopback, real HTTP, the Bot API's
JSON shapes and error responses, and a control API to play the users' side.

Implemented methods: getMe, getUpdates (long polling with offset/limit/timeout),
setWebhook, deleteWebhook, getWebhookInfo, sendMessage, sendPhoto, editMessageText,
editMessageReplyMarkup, answerCallbackQuery, getFile (and file downloads). Requests may be
query strings, url-encoded or multipart forms, or JSON, as the Bot API accepts.

Errors as Telegram gives them: 404 for a malformed token or an unknown method, 401 for a
well-formed but unknown token, 400 "message is too long" over 4096 characters, 400 for a
caption over 1024 or callback data over 64 bytes, 403 "bot was blocked by the user" for a
user who blocked the bot, 409 for getUpdates while a webhook is set, and injectable 429
responses with ``parameters.retry_after``.

Control (Python, same event loop): :meth:`FakeBotAPI.send_text`, ``send_photo``,
``send_location``, ``send_document``, ``press`` (a callback_query), ``resend`` (deliver an
update again), ``fail_next`` (inject errors), ``block``; :attr:`FakeBotAPI.sent` holds
every message the bot sent and :meth:`FakeBotAPI.wait_sent` waits for them. The same is
available over HTTP under ``/_control/`` for a bot running in another process.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, ClientTimeout, web

TOKEN = "123456789:AAH-test_token_for_the_fake_bot_api_00"
_TOKEN_SHAPE = re.compile(r"^\d+:[A-Za-z0-9_-]{30,}$")
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64


def _utf16_len(text: str) -> int:
    """Telegram counts message length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


class ApiError(Exception):
    """An error response of the Bot API."""

    def __init__(
        self,
        code: int,
        description: str,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after
        self.migrate_to_chat_id = migrate_to_chat_id

    def body(self) -> dict[str, Any]:
        """The JSON body Telegram sends."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        parameters: dict[str, Any] = {}
        if self.retry_after is not None:
            parameters["retry_after"] = self.retry_after
        if self.migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = self.migrate_to_chat_id
        if parameters:
            body["parameters"] = parameters
        return body


@dataclass
class SentMessage:
    """A message the bot sent (or edited), as the fake recorded it."""

    method: str
    chat_id: int
    message_id: int
    text: str | None = None
    caption: str | None = None
    photo: str | None = None
    reply_markup: dict[str, Any] | None = None
    at: float = field(default_factory=time.monotonic)

    def buttons(self) -> list[dict[str, Any]]:
        """The inline buttons, row by row flattened."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]

    def button(self, label_part: str) -> dict[str, Any]:
        """The first button whose text contains ``label_part``."""
        for button in self.buttons():
            if label_part in button["text"]:
                return button
        raise AssertionError(f"no button with {label_part!r} in {self.buttons()}")


@dataclass
class _Failure:
    method: str | None
    code: int
    description: str
    retry_after: int | None
    times: int
    chat_id: int | None = None


@dataclass
class FakeUser:
    """A Telegram user on the fake."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The Bot API User object."""
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        return data

    def private_chat(self) -> dict[str, Any]:
        """The Bot API Chat object of the private chat with the bot."""
        chat: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            chat["last_name"] = self.last_name
        return chat


class FakeBotAPI:
    """The fake server: start it, point the bot at :attr:`base_url`, play the users."""

    def __init__(self, token: str = TOKEN, clock: Callable[[], float] = time.time) -> None:
        self.token = token
        self.clock = clock  # the "date" of the messages it makes (Unix seconds)
        self.bot_user = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": "Dân vận",
            "username": "danvan_test_bot",
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.sent: list[SentMessage] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        # while set and not yet opened, every send waits here (a slow Telegram)
        self.send_gate: asyncio.Event | None = None
        self.blocked: set[int] = set()
        self.migrated: dict[int, int] = {}  # old group id -> its supergroup's id
        self.chats: dict[int, dict[str, Any]] = {}
        self.files: dict[str, dict[str, Any]] = {}
        self.webhook: dict[str, Any] | None = None
        self._updates: list[dict[str, Any]] = []  # not yet confirmed
        self.delivered: list[dict[str, Any]] = []  # every update ever queued
        self._update_ids = itertools.count(1000)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._file_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._open_callbacks: set[str] = set()
        self._failures: list[_Failure] = []
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._stopping = False
        self._webhook_task: asyncio.Task[None] | None = None
        self.base_url = ""

    # --- lifecycle ----------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on loopback (a free port by default); return the base URL."""
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        app.router.add_post("/_control/{action}", self._control)
        app.router.add_get("/_control/sent", self._control_sent)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        sockets = site._server.sockets if site._server else []  # type: ignore[union-attr]
        self.base_url = f"http://{host}:{sockets[0].getsockname()[1]}"
        return self.base_url

    async def stop(self) -> None:
        """Stop serving (long polls still open return at once)."""
        self._stopping = True
        async with self._changed:
            self._changed.notify_all()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
        if self._runner is not None:
            await self._runner.cleanup()

    # --- the users' side (control API) -----------------------------------------------------

    def user(self, user_id: int, first_name: str, last_name: str | None = None) -> FakeUser:
        """A user; their private chat with the bot exists from now on."""
        person = FakeUser(user_id, first_name, last_name)
        self.chats[user_id] = person.private_chat()
        return person

    def group(self, chat_id: int, title: str, supergroup: bool = True) -> dict[str, Any]:
        """A group the bot is a member of (a basic group with ``supergroup=False``)."""
        chat = {"id": chat_id, "type": "supergroup" if supergroup else "group", "title": title}
        self.chats[chat_id] = chat
        return chat

    def _message(self, user: FakeUser, chat: dict[str, Any] | None = None) -> dict[str, Any]:
        chat = chat or user.private_chat()
        return {
            "message_id": self._next_message_id(chat["id"]),
            "from": user.as_json(),
            "chat": chat,
            "date": int(self.clock()),
        }

    def send_text(self, user: FakeUser, text: str, chat: dict[str, Any] | None = None) -> int:
        """The user writes ``text`` (commands get a bot_command entity); returns update_id."""
        message = self._message(user, chat)
        message["text"] = text
        if text.startswith("/"):
            length = len(text.split(" ", 1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return self.add_update({"message": message})

    def send_photo(self, user: FakeUser, caption: str | None = None, size: int = 54_321) -> int:
        """The user sends a photo (three sizes, like Telegram); returns update_id."""
        message = self._message(user)
        unique = next(self._file_ids)
        sizes = []
        for width, factor in ((90, 0.05), (320, 0.3), (1280, 1.0)):
            file_id = f"AgACAgPHOTO{unique}x{width}"
            file_size = int(size * factor)
            sizes.append(
                {
                    "file_id": file_id,
                    "file_unique_id": f"uPH{unique}{width}",
                    "width": width,
                    "height": width * 3 // 4,
                    "file_size": file_size,
                }
            )
            self.files[file_id] = {"size": file_size, "path": f"photos/file_{unique}_{width}.jpg"}
        message["photo"] = sizes
        if caption:
            message["caption"] = caption
        return self.add_update({"message": message})

    def send_document(self, user: FakeUser, file_name: str, size: int = 1000) -> int:
        """The user sends a document; returns update_id."""
        message = self._message(user)
        unique = next(self._file_ids)
        file_id = f"BQACAgDOC{unique}"
        self.files[file_id] = {"size": size, "path": f"documents/{file_name}"}
        message["document"] = {
            "file_id": file_id,
            "file_unique_id": f"uDOC{unique}",
            "file_name": file_name,
            "mime_type": "application/pdf",
            "file_size": size,
        }
        return self.add_update({"message": message})

    def send_location(self, user: FakeUser, latitude: float, longitude: float) -> int:
        """The user shares a location; returns update_id."""
        message = self._message(user)
        message["location"] = {"latitude": latitude, "longitude": longitude}
        return self.add_update({"message": message})

    def send_contact(self, user: FakeUser, phone: str) -> int:
        """The user shares their own contact; returns update_id."""
        message = self._message(user)
        message["contact"] = {
            "phone_number": phone,
            "first_name": user.first_name,
            "user_id": user.id,
        }
        return self.add_update({"message": message})

    def press(self, user: FakeUser, message: SentMessage, data: str) -> int:
        """The user presses an inline button carrying ``data``; returns update_id."""
        query_id = f"cbq{next(self._callback_ids)}"
        self._open_callbacks.add(query_id)
        chat = self.chats.get(message.chat_id, user.private_chat())
        bot_message: dict[str, Any] = {
            "message_id": message.message_id,
            "from": self.bot_user,
            "chat": chat,
            "date": int(self.clock()),
            "text": message.text or "",
        }
        if message.reply_markup:
            bot_message["reply_markup"] = message.reply_markup
        return self.add_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user.as_json(),
                    "message": bot_message,
                    "chat_instance": f"ci{user.id}",
                    "data": data,
                }
            }
        )

    def press_button(self, user: FakeUser, message: SentMessage, label_part: str) -> int:
        """Press the button of ``message`` whose label contains ``label_part``."""
        return self.press(user, message, message.button(label_part)["callback_data"])

    def add_update(self, body: dict[str, Any]) -> int:
        """Queue an update (a new update_id is given); returns the update_id."""
        update = {"update_id": next(self._update_ids), **body}
        self._queue(update)
        return int(update["update_id"])

    def resend(self, update_id: int) -> None:
        """Deliver an update again, as Telegram does when it thinks it was not received."""
        for update in self.delivered:
            if update["update_id"] == update_id:
                self._queue(dict(update))
                return
        raise KeyError(update_id)

    def fail_next(
        self,
        method: str | None,
        code: int,
        description: str,
        *,
        retry_after: int | None = None,
        times: int = 1,
        chat_id: int | None = None,
    ) -> None:
        """The next ``times`` calls of ``method`` (None: any method) fail with this error;
        with ``chat_id``, only the calls for that chat."""
        self._failures.append(_Failure(method, code, description, retry_after, times, chat_id))

    def flood(
        self,
        times: int,
        retry_after: int = 3,
        method: str = "sendMessage",
        chat_id: int | None = None,
    ) -> None:
        """A 429 storm: the next ``times`` calls of ``method`` (for ``chat_id`` only, if
        given) are refused."""
        self.fail_next(
            method,
            429,
            f"Too Many Requests: retry after {retry_after}",
            retry_after=retry_after,
            times=times,
            chat_id=chat_id,
        )

    def migrate(self, old_chat_id: int, new_chat_id: int) -> dict[str, Any]:
        """The group becomes a supergroup with a new id, as Telegram does it: sending to the
        old id fails with 400 and ``migrate_to_chat_id`` from now on. Returns the new chat.
        (The service messages are not queued: add them with :meth:`migration_messages`.)"""
        old = self.chats[old_chat_id]
        new = {"id": new_chat_id, "type": "supergroup", "title": old.get("title")}
        self.chats[new_chat_id] = new
        self.migrated[old_chat_id] = new_chat_id
        return new

    def migration_messages(self, user: FakeUser, old_chat_id: int) -> tuple[int, int]:
        """Queue the two service messages of a migration (migrate_to_chat_id in the old
        group, migrate_from_chat_id in the new supergroup); returns their update ids."""
        new_chat_id = self.migrated[old_chat_id]
        old_message = self._message(user, self.chats[old_chat_id])
        old_message["migrate_to_chat_id"] = new_chat_id
        new_message = self._message(user, self.chats[new_chat_id])
        new_message["migrate_from_chat_id"] = old_chat_id
        return self.add_update({"message": old_message}), self.add_update({"message": new_message})

    def block(self, user: FakeUser | int) -> None:
        """The user blocks the bot: sending to them fails with 403."""
        self.blocked.add(user if isinstance(user, int) else user.id)

    def sent_to(self, chat_id: int) -> list[SentMessage]:
        """The messages sent to one chat, in order."""
        return [m for m in self.sent if m.chat_id == chat_id and m.method != "edit"]

    async def wait_sent(
        self,
        chat_id: int,
        count: int,
        timeout: float = 10.0,
        since: int = 0,
    ) -> list[SentMessage]:
        """Wait until at least ``count`` messages were sent to the chat after the first
        ``since``; return those (``since`` is typically ``len(fake.sent_to(chat))``)."""

        def ready() -> bool:
            return len(self.sent_to(chat_id)) >= since + count

        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(ready), timeout)
            except TimeoutError:
                got = [m.text for m in self.sent_to(chat_id)[since:]]
                raise AssertionError(f"expected {count} messages to {chat_id}, got {got}") from None
        return self.sent_to(chat_id)[since:]

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until ``predicate()`` holds (checked whenever the fake's state changes)."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(predicate), timeout)

    @property
    def pending_updates(self) -> int:
        """Updates not yet confirmed by the bot."""
        return len(self._updates)

    # --- internals ---------------------------------------------------------------------

    def _queue(self, update: dict[str, Any]) -> None:
        self.delivered.append(update)
        self._updates.append(update)
        self._notify()

    def _notify(self) -> None:
        async def notify() -> None:
            async with self._changed:
                self._changed.notify_all()

        asyncio.get_running_loop().create_task(notify())

    def _next_message_id(self, chat_id: int) -> int:
        counter = self._message_ids.setdefault(chat_id, itertools.count(1))
        return next(counter)

    def _take_failure(self, method: str, params: dict[str, Any]) -> ApiError | None:
        chat_id = _int(params.get("chat_id"), 0)
        for failure in self._failures:
            if failure.chat_id is not None and failure.chat_id != chat_id:
                continue
            if failure.method in (None, method) and failure.times > 0:
                failure.times -= 1
                if failure.times == 0:
                    self._failures.remove(failure)
                return ApiError(failure.code, failure.description, failure.retry_after)
        return None

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.method == "POST":
            if request.content_type == "application/json":
                body = await request.json()
                if isinstance(body, dict):
                    params.update(body)
            elif request.content_type in (
                "application/x-www-form-urlencoded",
                "multipart/form-data",
            ):
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        params[key] = {"upload": value.filename, "size": len(value.file.read())}
                    else:
                        params[key] = value
        return params

    async def _api(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        if not _TOKEN_SHAPE.match(token):
            return web.json_response(ApiError(404, "Not Found").body(), status=404)
        if token != self.token:
            return web.json_response(ApiError(401, "Unauthorized").body(), status=401)
        handler = getattr(self, f"_m_{method.lower()}", None)
        if handler is None:
            return web.json_response(ApiError(404, "Not Found").body(), status=404)
        try:
            params = await self._params(request)
        except (ValueError, json.JSONDecodeError):
            error = ApiError(400, "Bad Request: can't parse request body")
            return web.json_response(error.body(), status=400)
        self.calls.append((method, params))
        if self.send_gate is not None and method.lower().startswith("send"):
            self._notify()
            await self.send_gate.wait()
        try:
            failure = self._take_failure(method, params)
            if failure is not None:
                raise failure
            result = await handler(params)
        except ApiError as exc:
            self._notify()
            return web.json_response(exc.body(), status=exc.code)
        self._notify()
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        return web.Response(body=b"\xff\xd8\xff fake file " + request.match_info["path"].encode())

    # --- methods -------------------------------------------------------------------------

    async def _m_getme(self, params: dict[str, Any]) -> Any:
        return self.bot_user

    async def _m_getupdates(self, params: dict[str, Any]) -> Any:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = _int(params.get("offset"), 0)
        limit = min(max(_int(params.get("limit"), 100), 1), 100)
        timeout = max(_int(params.get("timeout"), 0), 0)
        if offset:
            # confirming: every update below the offset is forgotten
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        allowed = params.get("allowed_updates")
        if isinstance(allowed, str) and allowed:
            allowed = json.loads(allowed)

        def available() -> list[dict[str, Any]]:
            result = [u for u in self._updates if not allowed or set(u) & set(allowed)]
            return result[:limit]

        if not available() and timeout:
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._changed.wait_for(lambda: bool(available()) or self._stopping),
                        timeout,
                    )
        return available()

    async def _m_setwebhook(self, params: dict[str, Any]) -> Any:
        url = params.get("url") or ""
        if not url:
            return await self._m_deletewebhook(params)
        if not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        if _bool(params.get("drop_pending_updates")):
            self._updates.clear()
        self.webhook = {"url": url, "secret_token": secret}
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.get_running_loop().create_task(self._push_webhook())
        return True

    async def _m_deletewebhook(self, params: dict[str, Any]) -> Any:
        if _bool(params.get("drop_pending_updates")):
            self._updates.clear()
        self.webhook = None
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            self._webhook_task = None
        return True

    async def _m_getwebhookinfo(self, params: dict[str, Any]) -> Any:
        return {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _chat(self, params: dict[str, Any]) -> dict[str, Any]:
        raw = params.get("chat_id")
        try:
            chat_id = int(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ApiError(400, "Bad Request: chat not found") from None
        if chat_id in self.migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                migrate_to_chat_id=self.migrated[chat_id],
            )
        if chat_id not in self.chats:
            raise ApiError(400, "Bad Request: chat not found")
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return self.chats[chat_id]

    def _markup(self, params: dict[str, Any]) -> dict[str, Any] | None:
        raw = params.get("reply_markup")
        if raw in (None, ""):
            return None
        markup = json.loads(raw) if isinstance(raw, str) else raw
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if not button.get("text"):
                    raise ApiError(
                        400, "Bad Request: text buttons are unallowed in the inline keyboard"
                    )
                if data is not None and not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        return dict(markup)

    def _bot_message(self, chat: dict[str, Any], sent: SentMessage) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": sent.message_id,
            "from": self.bot_user,
            "chat": chat,
            "date": int(self.clock()),
        }
        if sent.text is not None:
            message["text"] = sent.text
        if sent.photo is not None:
            message["photo"] = [
                {
                    "file_id": sent.photo,
                    "file_unique_id": "uSENT",
                    "width": 800,
                    "height": 600,
                }
            ]
        if sent.caption:
            message["caption"] = sent.caption
        if sent.reply_markup:
            message["reply_markup"] = sent.reply_markup
        return message

    async def _m_sendmessage(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params)
        text = params.get("text") or ""
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if _utf16_len(text) > MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        markup = self._markup(params)
        sent = SentMessage("sendMessage", chat["id"], self._next_message_id(chat["id"]), text)
        sent.reply_markup = markup
        self.sent.append(sent)
        return self._bot_message(chat, sent)

    async def _m_sendphoto(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params)
        photo = params.get("photo")
        if not photo:
            raise ApiError(400, "Bad Request: there is no photo in the request")
        caption = params.get("caption")
        if caption and _utf16_len(caption) > MAX_CAPTION:
            raise ApiError(400, "Bad Request: message caption is too long")
        file_id = photo if isinstance(photo, str) else f"AgACAgUPLOAD{next(self._file_ids)}"
        sent = SentMessage("sendPhoto", chat["id"], self._next_message_id(chat["id"]))
        sent.photo, sent.caption, sent.reply_markup = file_id, caption, self._markup(params)
        self.sent.append(sent)
        return self._bot_message(chat, sent)

    def _find(self, params: dict[str, Any]) -> tuple[dict[str, Any], SentMessage]:
        chat = self._chat(params)
        message_id = _int(params.get("message_id"), 0)
        for sent in self.sent:
            if sent.chat_id == chat["id"] and sent.message_id == message_id:
                return chat, sent
        raise ApiError(400, "Bad Request: message to edit not found")

    async def _m_editmessagetext(self, params: dict[str, Any]) -> Any:
        chat, sent = self._find(params)
        text = params.get("text") or ""
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if _utf16_len(text) > MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        markup = self._markup(params)
        if text == sent.text and markup == sent.reply_markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        sent.text, sent.reply_markup = text, markup
        self.sent.append(SentMessage("edit", chat["id"], sent.message_id, text, None, None, markup))
        return self._bot_message(chat, sent)

    async def _m_editmessagereplymarkup(self, params: dict[str, Any]) -> Any:
        chat, sent = self._find(params)
        markup = self._markup(params)
        if markup == sent.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified")
        sent.reply_markup = markup
        self.sent.append(SentMessage("edit", chat["id"], sent.message_id, None, None, None, markup))
        return self._bot_message(chat, sent)

    async def _m_answercallbackquery(self, params: dict[str, Any]) -> Any:
        query_id = params.get("callback_query_id")
        if query_id not in self._open_callbacks:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        self._open_callbacks.discard(query_id)
        self.callback_answers.append(
            {
                "callback_query_id": query_id,
                "text": params.get("text"),
                "show_alert": _bool(params.get("show_alert")),
            }
        )
        return True

    async def _m_getfile(self, params: dict[str, Any]) -> Any:
        file_id = params.get("file_id")
        known = self.files.get(str(file_id))
        if known is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": known["size"],
            "file_path": known["path"],
        }

    # --- webhook delivery ------------------------------------------------------------------

    async def _push_webhook(self) -> None:
        """Post pending updates to the webhook one at a time; a non-2xx answer is retried."""
        async with ClientSession(timeout=ClientTimeout(total=10)) as session:
            while self.webhook is not None:
                if not self._updates:
                    async with self._changed:
                        await self._changed.wait_for(lambda: bool(self._updates))
                    continue
                update, webhook = self._updates[0], self.webhook
                headers = {}
                if webhook.get("secret_token"):
                    headers["X-Telegram-Bot-Api-Secret-Token"] = webhook["secret_token"]
                try:
                    async with session.post(webhook["url"], json=update, headers=headers) as resp:
                        ok = 200 <= resp.status < 300
                except (OSError, TimeoutError):
                    ok = False
                if ok:
                    if self._updates and self._updates[0] is update:
                        self._updates.pop(0)
                    self._notify()
                else:
                    await asyncio.sleep(0.05)

    # --- the control API over HTTP ---------------------------------------------------------

    async def _control(self, request: web.Request) -> web.Response:
        body = await request.json()
        action = request.match_info["action"]
        person = self.user(int(body["user_id"]), body.get("first_name", "Dân"))
        if action == "text":
            update_id = self.send_text(person, body["text"])
        elif action == "press":
            message = next(
                m
                for m in reversed(self.sent)
                if m.chat_id == person.id and m.message_id == int(body["message_id"])
            )
            update_id = self.press(person, message, body["data"])
        else:
            return web.json_response({"ok": False}, status=404)
        return web.json_response({"ok": True, "update_id": update_id})

    async def _control_sent(self, request: web.Request) -> web.Response:
        return web.json_response(
            [
                {
                    "chat_id": m.chat_id,
                    "message_id": m.message_id,
                    "text": m.text,
                    "reply_markup": m.reply_markup,
                }
                for m in self.sent
            ]
        )


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _bool(value: Any) -> bool:
    return value in (True, "true", "True", "1", 1)
