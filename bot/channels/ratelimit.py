"""Sending limits as token buckets, for any channel's outbox sender: per chat (short bursts
allowed), per group and per minute, overall. The defaults are Telegram's (about 1 message/s
per chat, 20/min per group, 30/s overall); Zalo's sender passes its own. Time is injected,
so tests need not sleep."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class _Bucket:
    rate: float  # tokens per second
    capacity: float
    tokens: float
    at: float

    def refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.rate)
        self.at = now

    def wait(self, now: float) -> float:
        self.refill(now)
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate


@dataclass
class _Window:
    """At most ``limit`` events in any ``period`` seconds (exact, a sliding log)."""

    limit: int
    period: float
    times: deque[float] = field(default_factory=deque)

    def wait(self, now: float) -> float:
        while self.times and self.times[0] <= now - self.period:
            self.times.popleft()
        return 0.0 if len(self.times) < self.limit else self.times[0] + self.period - now

    def take(self, now: float) -> None:
        self.times.append(now)


class RateLimiter:
    """Decides when the next message to a chat may go; it never sleeps itself."""

    def __init__(
        self,
        now: Callable[[], float],
        per_chat_per_second: float = 1.0,
        per_chat_burst: int = 3,
        per_group_per_minute: int = 20,
        global_per_second: int = 30,
    ) -> None:
        self._now = now
        self._chat = (per_chat_per_second, float(per_chat_burst))
        self._per_group = per_group_per_minute
        self._global = _Window(global_per_second, 1.0)
        self._chats: dict[str, _Bucket] = {}
        self._groups: dict[str, _Window] = {}
        self._paused_until = 0.0
        self._chat_paused_until: dict[str, float] = {}

    def _limits(self, chat_id: str, is_group: bool) -> tuple[_Bucket, list[_Window]]:
        rate, capacity = self._chat
        bucket = self._chats.setdefault(chat_id, _Bucket(rate, capacity, capacity, self._now()))
        windows = [self._global]
        if is_group:
            windows.append(self._groups.setdefault(chat_id, _Window(self._per_group, 60.0)))
        return bucket, windows

    def delay(self, chat_id: str, is_group: bool) -> float:
        """Seconds to wait before a message to this chat may be sent (0: now)."""
        now = self._now()
        bucket, windows = self._limits(chat_id, is_group)
        waits = [bucket.wait(now), *(window.wait(now) for window in windows)]
        paused = max(self._paused_until, self._chat_paused_until.get(chat_id, 0.0))
        return max([paused - now, *waits, 0.0])

    def take(self, chat_id: str, is_group: bool) -> None:
        """Record that a message to this chat is being sent."""
        now = self._now()
        bucket, windows = self._limits(chat_id, is_group)
        bucket.refill(now)
        bucket.tokens -= 1
        for window in windows:
            window.take(now)

    def pause(self, seconds: float, chat_id: str | None = None) -> None:
        """The platform said "too many requests": send nothing to ``chat_id`` for
        ``seconds`` (the other chats go on, within the global limit); with no chat, send
        nothing at all for that long."""
        until = self._now() + seconds
        if chat_id is None:
            self._paused_until = max(self._paused_until, until)
            return
        if self._chat_paused_until.get(chat_id, 0.0) < until:
            self._chat_paused_until[chat_id] = until
        now = self._now()
        for chat, ends in list(self._chat_paused_until.items()):  # forget pauses that ended
            if ends <= now:
                del self._chat_paused_until[chat]

    def moved(self, old_chat_id: str, new_chat_id: str) -> None:
        """A group became a supergroup: its pause follows it to the new id."""
        ends = self._chat_paused_until.pop(old_chat_id, None)
        if ends is not None:
            self._chat_paused_until[new_chat_id] = max(
                ends, self._chat_paused_until.get(new_chat_id, 0.0)
            )
