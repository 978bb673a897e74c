"""The Zalo channel's settings: config.yaml's ``zalo`` section plus the credentials, which
come only from the environment. Checked before anything starts, so a missing credential is
reported at once, naming the variable."""

from __future__ import annotations

import os
from dataclasses import dataclass

from core.config import Zalo as ZaloConfig

APP_ID_ENV, APP_SECRET_ENV, OA_SECRET_ENV = (
    "ZALO_APP_ID",
    "ZALO_APP_SECRET",
    "ZALO_OA_SECRET_KEY",
)
ACCESS_TOKEN_ENV, REFRESH_TOKEN_ENV = "ZALO_ACCESS_TOKEN", "ZALO_REFRESH_TOKEN"
API_BASE_ENV, OAUTH_BASE_ENV = "ZALO_API_BASE", "ZALO_OAUTH_BASE"

_WHERE = {
    APP_ID_ENV: "the app's ID (developers.zalo.me > your app > Thông tin ứng dụng)",
    APP_SECRET_ENV: "the app's secret key (same page), used to renew tokens",
    OA_SECRET_ENV: "the OA secret key (your app > Webhook), used to check event signatures",
}


class ZaloStartError(Exception):
    """The channel cannot start; the message says what to fix."""


@dataclass(frozen=True)
class ZaloSettings:
    """Everything the channel needs: config.yaml's ``zalo`` plus secrets from the env.

    ``access_token`` / ``refresh_token`` are the first pair (from Zalo's API explorer or
    the OA authorisation); once the database holds a pair, the database's wins (the
    refresh token is single-use), unless the stored pair is dead."""

    config: ZaloConfig
    app_id: str
    app_secret: str
    oa_secret_key: str
    access_token: str | None
    refresh_token: str | None
    api_base: str
    oauth_base: str

    @classmethod
    def from_environment(
        cls, config: ZaloConfig, environ: dict[str, str] | None = None
    ) -> ZaloSettings:
        """Read the ZALO_* variables; ZaloStartError naming what is missing or wrong."""
        env = dict(os.environ if environ is None else environ)
        values = {name: env.get(name, "").strip() for name in _WHERE}
        missing = [f"{name} ({where})" for name, where in _WHERE.items() if not values[name]]
        if missing:
            raise ZaloStartError("Zalo is enabled but not set up: export " + "; ".join(missing))
        bases = {}
        for name, given in ((API_BASE_ENV, config.api_base), (OAUTH_BASE_ENV, config.oauth_base)):
            base = (env.get(name) or given).strip().rstrip("/")
            if not base.startswith(("http://", "https://")):
                raise ZaloStartError(f"{name} / zalo config: {base!r} must start with http(s)://")
            bases[name] = base
        return cls(
            config,
            values[APP_ID_ENV],
            values[APP_SECRET_ENV],
            values[OA_SECRET_ENV],
            env.get(ACCESS_TOKEN_ENV, "").strip() or None,
            env.get(REFRESH_TOKEN_ENV, "").strip() or None,
            bases[API_BASE_ENV],
            bases[OAUTH_BASE_ENV],
        )
