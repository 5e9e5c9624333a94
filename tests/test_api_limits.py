"""The API's per-caller rate limiter: a fixed one-minute window, shared through Redis when one is
configured, counted in-process otherwise (and when Redis fails)."""

from __future__ import annotations

import uuid

from supportdesk.ports import free_port
from ui.api.limits import RateLimiter


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


async def test_that_the_request_over_the_limit_is_refused_until_the_window_resets() -> None:
    clock = Clock(60 * 20_000 + 20.0)  # 20 s into a minute window
    limiter = RateLimiter(None, clock=clock)
    decisions = [await limiter.hit("key:a", 3) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions[:3]] == [2, 1, 0]
    assert decisions[3].retry_after == 40
    assert (await limiter.hit("key:b", 3)).allowed, "another caller has its own count"
    clock.now += 40
    assert (await limiter.hit("key:a", 3)).allowed, "a new window starts a new count"


async def test_that_two_app_processes_share_one_count_through_redis(redis_server) -> None:
    caller = f"key:{uuid.uuid4().hex}"
    first = RateLimiter(str(redis_server["url"]))
    second = RateLimiter(str(redis_server["url"]))
    try:
        assert first.shared
        allowed = [(await (first if i % 2 else second).hit(caller, 4)).allowed for i in range(6)]
    finally:
        await first.aclose()
        await second.aclose()
    assert allowed == [True, True, True, True, False, False]


async def test_that_the_limiter_counts_locally_when_redis_does_not_answer() -> None:
    limiter = RateLimiter(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    try:
        decisions = [await limiter.hit("key:c", 2) for _ in range(3)]
    finally:
        await limiter.aclose()
    assert [d.allowed for d in decisions] == [True, True, False]
