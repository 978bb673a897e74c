"""The deployment's configuration (config.yaml): its schema and its loader.

The file is loaded once at start-up and validated; a bad file stops start-up with a
:class:`ConfigError` naming the key and what was expected. Secrets never live here: tokens
come from the environment only (see bot/settings.py).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from core.calendar import DayUnit
from core.labels import Category, Kind


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Ward(_Strict):
    """The local government body this deployment serves."""

    name: str
    province: str
    timezone: str = "Asia/Ho_Chi_Minh"
    hotline: str | None = None

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (e.g. Asia/Ho_Chi_Minh)") from exc
        return value


class Unit(_Strict):
    """A unit that handles petitions (phòng, ban, công an, the confidential handler)."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")
    name: str
    confidential: bool = False  # handles tố cáo; sees the denouncer's identity


class Role(StrEnum):
    """Roles an invite code grants."""

    OFFICER = "officer"
    UNIT_HEAD = "unit_head"
    CONFIDENTIAL_HANDLER = "confidential_handler"
    LEADER = "leader"


class InviteCode(_Strict):
    """A code an officer types (`/dangky CODE`) to register with a unit and role."""

    code: str = Field(min_length=6)
    unit: str
    role: Role
    label: str | None = None  # who it was issued to, for the administrator


class RoutingRule(_Strict):
    """Petitions matching every listed kind/category go to ``unit`` (empty list: any)."""

    unit: str
    kinds: tuple[Kind, ...] = ()
    categories: tuple[Category, ...] = ()


class Routing(_Strict):
    """Routing table: the confidential unit takes every tố cáo, then the first rule wins."""

    confidential_unit: str
    default_unit: str
    rules: tuple[RoutingRule, ...]


class ClockStart(StrEnum):
    """The event a deadline rule counts from."""

    RECEIPT = "receipt"
    ACCEPTANCE = "acceptance"


class DeadlineRule(_Strict):
    """One row of the deadline table (DOMAIN.md section 2)."""

    description: str
    limit: int = Field(ge=0)
    unit: DayUnit
    starts: ClockStart = ClockStart.RECEIPT
    pauses_while_waiting: bool = False  # does "waiting for the citizen" stop the clock?
    legal_basis: str | None = None


class Deadlines(_Strict):
    """The rule table; which rule sets each kind's due date at receipt, and which one
    replaces it when a unit accepts (thụ lý) the petition (kinds not listed keep theirs)."""

    rules: dict[str, DeadlineRule]
    on_receipt: dict[Kind, str]
    on_acceptance: dict[Kind, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _rules_exist(self) -> Deadlines:
        missing_kinds = [k.value for k in Kind if k not in self.on_receipt]
        if missing_kinds:
            raise ValueError(f"on_receipt needs a rule for every kind; missing: {missing_kinds}")
        for table, mapping in (
            ("on_receipt", self.on_receipt),
            ("on_acceptance", self.on_acceptance),
        ):
            for kind, rule in mapping.items():
                if rule not in self.rules:
                    raise ValueError(f"{table}.{kind.value}: no rule named {rule!r} in rules")
        return self


class DatedNote(_Strict):
    """A date with a short name, for holiday overrides."""

    date: dt.date
    name: str


class HolidayOverrides(_Strict):
    """Government-announced changes to the holiday library's calendar."""

    extra_days_off: tuple[DatedNote, ...] = ()
    extra_working_days: tuple[DatedNote, ...] = ()  # make-up working days (e.g. a Saturday)

    @model_validator(mode="after")
    def _no_date_both_ways(self) -> HolidayOverrides:
        both = {n.date for n in self.extra_days_off} & {n.date for n in self.extra_working_days}
        if both:
            dates = ", ".join(sorted(d.isoformat() for d in both))
            raise ValueError(f"a date cannot be both a day off and a working day: {dates}")
        return self


class Weekday(StrEnum):
    """Days of the week as written in config.yaml."""

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"


class ReceptionSlot(_Strict):
    """A recurring tiếp công dân session."""

    host: str  # who receives, as citizens read it (e.g. "Chủ tịch UBND phường")
    weekday: Weekday
    start: dt.time
    end: dt.time
    place: str
    capacity: int = Field(gt=0)
    # who gets the host's briefing: this unit's heads (else its inbox); None: the leaders
    host_unit: str | None = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> ReceptionSlot:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class HolidayPolicy(StrEnum):
    """What a weekly reception session falling on a rest day does."""

    SKIP = "skip"  # no session that week
    MOVE = "move"  # held on the next working day instead


class Reception(_Strict):
    """The tiếp công dân schedule and its rules (times are local, ward.timezone)."""

    weekly: tuple[ReceptionSlot, ...]
    on_holiday: HolidayPolicy = HolidayPolicy.MOVE
    publish_working_days: int = Field(default=5, ge=0)  # published this long before
    announce_at: dt.time = dt.time(8, 0)  # time of day sessions are published and announced
    horizon_days: int = Field(default=35, ge=7)  # sessions are planned this far ahead
    booking_closes: dt.time = dt.time(17, 0)  # booking ends at this time the day before
    host_briefing_at: dt.time = dt.time(17, 30)  # the host's list, the day before
    remind_day_before_at: dt.time = dt.time(18, 0)  # the citizen, the day before
    remind_hours_before: int = Field(default=1, ge=0)  # the citizen again (0: not)
    default_capacity: int = Field(default=10, gt=0)  # of a one-off session added in chat
    result_rule: str = "tiep_dan_ket_qua"  # deadline rule for telling the citizen the result


class Dialogue(_Strict):
    """Đối thoại with residents (DOMAIN.md section 5)."""

    announce_days: int = Field(default=7, ge=0)  # announced this many days before
    questions_close_hours: int = Field(default=24, ge=0)  # questions end this long before
    results_days: int = Field(default=10, ge=1)  # results published within (days)
    remind_at: dt.time = dt.time(8, 0)  # daily reminder to the host until results are out
    merge_threshold: float = Field(default=0.5, gt=0, le=1)  # near-duplicate questions


class FaqEntry(_Strict):
    """A common question answered directly; keywords are matched without diacritics."""

    id: str
    question: str
    keywords: tuple[str, ...] = Field(min_length=1)
    answer: str


class Nlp(_Strict):
    """Classifier settings."""

    confidence_threshold: float = Field(default=0.5, ge=0, le=1)
    faq_min_score: float = Field(default=0.6, gt=0, le=1)
    duplicate_window_days: int = Field(default=14, ge=0)  # 0 turns near-duplicate linking off
    duplicate_threshold: float = Field(default=0.35, gt=0, le=1)


class Conversation(_Strict):
    """How the chat behaves."""

    draft_expiry_hours: int = Field(default=24, ge=1)  # an unfinished petition is dropped after


class Reminders(_Strict):
    """When units are reminded of due dates and overdue work escalates (working days)."""

    send_at: dt.time = dt.time(8, 0)  # local time of day of deadline reminders
    before_due_working_days: int = Field(default=2, ge=0)  # 0: no advance reminder
    on_due_day: bool = True
    head_when_overdue: bool = True  # the day after the due date, the unit head is told
    leader_after_overdue_working_days: int = Field(default=2, ge=0)  # then the leaders
    urgent_realert_minutes: int = Field(default=30, ge=1)  # until an officer accepts
    urgent_max_realerts: int = Field(default=8, ge=0)  # then the unit head, once (0: no cap)
    sweep_minutes: int = Field(default=5, ge=1)  # how often the scheduler looks for work


class ChartKind(StrEnum):
    """The chart sent with the daily summary."""

    UNITS = "units"  # open vs overdue petitions per unit
    TREND = "trend"  # received and answered per day over 30 days


class Summary(_Strict):
    """The leaders' daily summary."""

    send_at: dt.time = dt.time(7, 30)  # local time (ward.timezone)
    chart: ChartKind = ChartKind.UNITS
    working_days_only: bool = True  # sent on working days, covering the rest days before


class Privacy(_Strict):
    """The privacy notice shown before intake."""

    notice_version: str


class Database(_Strict):
    """Where state lives; DANVAN_DATABASE_URL overrides ``url``."""

    url: str = "sqlite+aiosqlite:///danvan.db"


class TelegramMode(StrEnum):
    """How updates reach the bot."""

    POLLING = "polling"  # the bot asks Telegram (getUpdates): no public address needed
    WEBHOOK = "webhook"  # Telegram posts to a public HTTPS address


class Telegram(_Strict):
    """The Telegram channel. The token comes only from TELEGRAM_BOT_TOKEN; TELEGRAM_API_BASE
    overrides ``api_base`` (a self-hosted telegram-bot-api server or a test server)."""

    mode: TelegramMode = TelegramMode.POLLING
    api_base: str = Field(default="https://api.telegram.org", pattern=r"^https?://\S+$")
    webhook_url: str | None = Field(default=None, pattern=r"^https://\S+$")  # public address
    webhook_host: str = "127.0.0.1"  # where the webhook web server listens
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    webhook_path: str = Field(default="/telegram/webhook", pattern=r"^/\S*$")
    polling_timeout: int = Field(default=30, ge=0, le=50)  # seconds of long polling
    # With several workers: a Redis lock per chat (aiogram's RedisEventIsolation) so that
    # one chat's updates are handled one at a time, in order, across workers
    redis_url: str | None = None
    per_chat_per_second: float = Field(default=1.0, gt=0)
    per_chat_burst: int = Field(default=3, ge=1)  # a reply of a few messages goes at once
    per_group_per_minute: int = Field(default=20, ge=1)
    global_per_second: int = Field(default=30, ge=1)

    @model_validator(mode="after")
    def _webhook_has_url(self) -> Telegram:
        if self.mode is TelegramMode.WEBHOOK and not self.webhook_url:
            raise ValueError("webhook_url is required when mode is webhook (https://...)")
        return self


class Zalo(_Strict):
    """The Zalo Official Account channel (Open API v3). Credentials come only from the
    environment (ZALO_APP_ID, ZALO_APP_SECRET, ZALO_OA_SECRET_KEY, ZALO_ACCESS_TOKEN,
    ZALO_REFRESH_TOKEN); ZALO_API_BASE and ZALO_OAUTH_BASE override the base URLs."""

    enabled: bool = False  # `danvan run` starts the Zalo channel
    api_base: str = Field(default="https://openapi.zalo.me", pattern=r"^https?://\S+$")
    oauth_base: str = Field(default="https://oauth.zaloapp.com", pattern=r"^https?://\S+$")
    webhook_host: str = "127.0.0.1"  # where the webhook web server listens
    webhook_port: int = Field(default=8081, ge=1, le=65535)
    webhook_path: str = Field(default="/zalo/webhook", pattern=r"^/\S*$")
    replay_window_seconds: int = Field(default=300, ge=10)  # older (or future) events: refused
    reply_window_hours: float = Field(default=48, gt=0)  # free replies after a citizen's message
    reply_window_max_messages: int = Field(default=8, ge=1)  # ... at most this many
    refresh_ahead_minutes: int = Field(default=120, ge=1)  # refresh the token this long before
    refresh_check_minutes: int = Field(default=10, ge=1)  # how often the refresh job looks
    per_user_per_second: float = Field(default=1.0, gt=0)
    per_user_burst: int = Field(default=3, ge=1)
    global_per_second: int = Field(default=10, ge=1)


class Config(_Strict):
    """The whole of config.yaml."""

    ward: Ward
    units: tuple[Unit, ...] = Field(min_length=1)
    invite_codes: tuple[InviteCode, ...] = ()
    routing: Routing
    deadlines: Deadlines
    holidays: HolidayOverrides = HolidayOverrides()
    reception: Reception
    dialogue: Dialogue = Dialogue()
    faq: tuple[FaqEntry, ...] = ()
    nlp: Nlp = Nlp()
    conversation: Conversation = Conversation()
    reminders: Reminders = Reminders()
    summary: Summary = Summary()
    privacy: Privacy
    database: Database = Database()
    telegram: Telegram = Telegram()
    zalo: Zalo = Zalo()

    @model_validator(mode="after")
    def _references_resolve(self) -> Config:
        codes = [u.code for u in self.units]
        duplicated = sorted({c for c in codes if codes.count(c) > 1})
        if duplicated:
            raise ValueError(f"units: duplicate unit codes {duplicated}")
        known = set(codes)

        def check(where: str, code: str) -> None:
            if code not in known:
                raise ValueError(f"{where}: unknown unit {code!r}; units are {sorted(known)}")

        check("routing.confidential_unit", self.routing.confidential_unit)
        check("routing.default_unit", self.routing.default_unit)
        for i, rule in enumerate(self.routing.rules):
            check(f"routing.rules.{i}.unit", rule.unit)
        for i, invite in enumerate(self.invite_codes):
            check(f"invite_codes.{i}.unit", invite.unit)
        for i, slot in enumerate(self.reception.weekly):
            if slot.host_unit is not None:
                check(f"reception.weekly.{i}.host_unit", slot.host_unit)
        result_rule = self.reception.result_rule
        if result_rule not in self.deadlines.rules:
            raise ValueError(f"reception.result_rule: no rule {result_rule!r} in deadlines.rules")
        if not self.unit(self.routing.confidential_unit).confidential:
            raise ValueError("routing.confidential_unit must name a unit with confidential: true")
        return self

    def unit(self, code: str) -> Unit:
        """The unit with this code (KeyError when there is none)."""
        for unit in self.units:
            if unit.code == code:
                return unit
        raise KeyError(code)

    def unit_name(self, code: str) -> str:
        """A unit's name; its code when config.yaml no longer lists it (older petitions)."""
        try:
            return self.unit(code).name
        except KeyError:
            return code


class ConfigError(Exception):
    """config.yaml is missing or invalid; the message names the key and the expectation."""


def parse_config(data: Any, source: str = "config.yaml") -> Config:
    """Validate already-parsed YAML data; raise ConfigError with readable messages."""
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping of settings at the top level")
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        lines = [f"{source} is not valid:"]
        for err in exc.errors():
            key = ".".join(str(part) for part in err["loc"]) or "(top level)"
            lines.append(f"  - {key}: {err['msg']} (got {_short(err.get('input'))})")
        raise ConfigError("\n".join(lines)) from None


def load_config(path: Path) -> Config:
    """Read and validate a config file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path} is not UTF-8 text (byte {exc.start}); save as UTF-8") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}") from None
    return parse_config(data, str(path))


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
