"""A small async client for the Zalo Official Account Open API v3, on httpx.

What it does and the Zalo documents it follows (developers.zalo.me, "Official Account API";
read through the references found with the project's search tool, since Zalo's site is
not reachable from here):

* customer-service messages: ``POST {api_base}/v3.0/oa/message/cs`` with the header
  ``access_token`` and ``{"recipient": {"user_id"}, "message": {"text"}}``, or, to reply
  to a message of the user (a free reply, not a proactive message: Zalo OA support, "Các
  loại tin của Zalo Official Account"), ``{"recipient": {"message_id"}, ...}`` with the
  ``msg_id`` of that message as the webhook gave it; an image is
  uploaded first (``POST {api_base}/v2.0/oa/upload/image``, multipart ``file``, answering
  ``data.attachment_id``) and then attached as a ``template`` of type ``media``;
* the user's profile: ``GET {api_base}/v3.0/oa/user/detail?data={"user_id": ...}``;
* the OAuth v4 token endpoint: ``POST {oauth_base}/v4/oa/access_token`` with the header
  ``secret_key`` (the app's secret) and the form ``app_id``, ``grant_type=refresh_token``,
  ``refresh_token``; the answer carries a new ``access_token`` (about 25 hours,
  ``expires_in`` in seconds, sometimes as a string) and a new, single-use
  ``refresh_token`` (about 3 months).

Every answer of the Open API is JSON with ``error`` (0 when it worked) and ``message``;
codes the channel acts on: -216 (the access token is invalid or expired), -213 / -230 (the
user has not interacted with the OA recently: outside the reply window), -32 (too many
requests). Anything else is reported as :class:`ZaloApiError` with its code; the code Zalo
gives for a ``message_id`` it will not reply to (unknown or too old) is not documented, so
the channel takes any other code on such a send to mean that (transport.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx

EXPIRED_TOKEN = -216
OUTSIDE_WINDOW = frozenset({-213, -230})
RATE_LIMITED = -32
DEFAULT_ACCESS_SECONDS = 25 * 3600


class ZaloError(Exception):
    """Zalo could not be asked (network, server error, an answer that is not Zalo's)."""


class ZaloApiError(ZaloError):
    """Zalo answered with an error code."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"Zalo error {code}: {message}")
        self.code, self.message = code, message


class RefreshRefused(ZaloError):
    """The OAuth server refused the refresh token (used, expired or revoked)."""


@dataclass(frozen=True)
class TokenPair:
    """An access token, its expiry, and the (single-use) refresh token that came with it."""

    access_token: str
    refresh_token: str
    access_expires_at: datetime


class ZaloClient:
    """The Open API and OAuth calls the channel needs; tokens are given per call."""

    def __init__(
        self,
        app_id: str,
        app_secret: str,
        api_base: str,
        oauth_base: str,
        *,
        timeout: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.app_id, self._app_secret = app_id, app_secret
        self.api_base, self.oauth_base = api_base.rstrip("/"), oauth_base.rstrip("/")
        self._http = httpx.AsyncClient(timeout=timeout, transport=transport)

    async def close(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    # --- messages -----------------------------------------------------------------------

    async def send_text(
        self, access_token: str, user_id: str, text: str, *, reply_to: str | None = None
    ) -> str:
        """Send a customer-service text message, as a reply to the user's message
        ``reply_to`` when given (else by ``user_id``); return Zalo's message id."""
        body = {"recipient": recipient(user_id, reply_to), "message": {"text": text}}
        data = await self._api("POST", "/v3.0/oa/message/cs", access_token, json_body=body)
        return str(data.get("message_id", ""))

    async def upload_image(
        self, access_token: str, content: bytes, filename: str, mime: str = "image/png"
    ) -> str:
        """Upload an image (jpg/png, at most 1 MB for Zalo); return its attachment id."""
        files = {"file": (filename, content, mime)}
        data = await self._api("POST", "/v2.0/oa/upload/image", access_token, files=files)
        attachment = data.get("attachment_id")
        if not attachment:
            raise ZaloError("the upload answer has no attachment_id")
        return str(attachment)

    async def send_image(
        self,
        access_token: str,
        user_id: str,
        *,
        attachment_id: str | None = None,
        url: str | None = None,
        caption: str | None = None,
        reply_to: str | None = None,
    ) -> str:
        """Send an uploaded image (``attachment_id``) or one at a public ``url``, as a
        reply to the user's message ``reply_to`` when given (else by ``user_id``)."""
        element: dict[str, Any] = {"media_type": "image"}
        if attachment_id is not None:
            element["attachment_id"] = attachment_id
        elif url is not None:
            element["url"] = url
        else:
            raise ValueError("an image needs an attachment_id or a url")
        message: dict[str, Any] = {
            "attachment": {
                "type": "template",
                "payload": {"template_type": "media", "elements": [element]},
            }
        }
        if caption:
            message["text"] = caption
        body = {"recipient": recipient(user_id, reply_to), "message": message}
        data = await self._api("POST", "/v3.0/oa/message/cs", access_token, json_body=body)
        return str(data.get("message_id", ""))

    async def user_profile(self, access_token: str, user_id: str) -> dict[str, Any]:
        """The user's profile as Zalo gives it (``display_name``, ``user_id``, ...)."""
        params = {"data": json.dumps({"user_id": user_id})}
        return await self._api("GET", "/v3.0/oa/user/detail", access_token, params=params)

    # --- tokens -------------------------------------------------------------------------

    async def refresh(self, refresh_token: str, now: datetime) -> TokenPair:
        """Spend ``refresh_token`` for a new pair. RefreshRefused when Zalo refuses it (it
        is dead: an administrator must authorise the OA again); ZaloError when Zalo could
        not be asked (the token may still be good)."""
        form = {
            "app_id": self.app_id,
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
        }
        try:
            response = await self._http.post(
                f"{self.oauth_base}/v4/oa/access_token",
                data=form,
                headers={"secret_key": self._app_secret},
            )
        except httpx.HTTPError as exc:
            raise ZaloError(f"cannot reach Zalo's OAuth server: {exc!r}") from exc
        if response.status_code >= 500:
            raise ZaloError(f"Zalo's OAuth server answered {response.status_code}")
        data = _json(response)
        access, refresh = data.get("access_token"), data.get("refresh_token")
        if not access or not refresh:
            reason = data.get("error_description") or data.get("error_reason") or data
            raise RefreshRefused(f"the refresh token was refused: {reason}")
        seconds = int(data.get("expires_in") or DEFAULT_ACCESS_SECONDS)
        return TokenPair(str(access), str(refresh), now + timedelta(seconds=seconds))

    # --- plumbing -----------------------------------------------------------------------

    async def _api(
        self,
        method: str,
        path: str,
        access_token: str,
        *,
        json_body: dict[str, Any] | None = None,
        files: dict[str, Any] | None = None,
        params: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        try:
            response = await self._http.request(
                method,
                f"{self.api_base}{path}",
                headers={"access_token": access_token},
                json=json_body,
                files=files,
                params=params,
            )
        except httpx.HTTPError as exc:
            raise ZaloError(f"cannot reach the Zalo Open API: {exc!r}") from exc
        if response.status_code >= 500:
            raise ZaloError(f"the Zalo Open API answered {response.status_code}")
        data = _json(response)
        code = int(data.get("error", 0) or 0)
        if code != 0:
            raise ZaloApiError(code, str(data.get("message", "")))
        result = data.get("data", {})
        return result if isinstance(result, dict) else {}


def recipient(user_id: str, reply_to: str | None) -> dict[str, str]:
    """A message's ``recipient``: the user's message it answers, else the user."""
    return {"message_id": reply_to} if reply_to else {"user_id": user_id}


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        raise ZaloError(f"not a Zalo answer (HTTP {response.status_code})") from None
    if not isinstance(data, dict):
        raise ZaloError(f"not a Zalo answer (HTTP {response.status_code})")
    return data
