"""The httpx client against the fake OA: an image is uploaded then attached, a reply is
addressed to the user's message, the profile is read, and Zalo's error codes come back as
ZaloApiError."""

from __future__ import annotations

import pytest

from bot.channels.zalo.client import ZaloApiError, ZaloClient
from tests.conftest import FakeClock
from tests.zalo.fake_zalo import APP_ID, APP_SECRET, FakeZalo

USER = "2468000000000000010"


async def test_image_upload_profile_and_errors(zalo: FakeZalo, clock: FakeClock) -> None:
    client = ZaloClient(APP_ID, APP_SECRET, zalo.base_url, zalo.base_url)
    token = zalo.initial[0]
    try:
        with pytest.raises(ZaloApiError) as outside:
            await client.send_text(token, USER, "chào")
        assert outside.value.code == -213  # the user never wrote: outside the window
        zalo.last_seen[USER] = clock.now().timestamp()
        attachment = await client.upload_image(token, b"\x89PNG fake image", "bieu-do.png")
        assert zalo.uploads[attachment] == b"\x89PNG fake image"
        await client.send_image(token, USER, attachment_id=attachment, caption="Biểu đồ")
        assert zalo.sent[-1].image == attachment and zalo.sent[-1].text == "Biểu đồ"
        zalo.messages["zm-1"] = USER  # the user's message, as a webhook event gave it
        await client.send_text(token, USER, "Đã nhận", reply_to="zm-1")
        assert zalo.sent[-1].recipient == {"message_id": "zm-1"} and zalo.sent[-1].user_id == USER
        with pytest.raises(ZaloApiError) as unknown:
            await client.send_text(token, USER, "chào", reply_to="zm-unknown")
        assert unknown.value.code == -201
        profile = await client.user_profile(token, USER)
        assert profile["user_id"] == USER and profile["display_name"]
        zalo.expire_access()
        with pytest.raises(ZaloApiError) as expired:
            await client.send_text(token, USER, "chào")
        assert expired.value.code == -216
    finally:
        await client.close()
