"""Flood gate: a sliding window per user, one warning, a cool-down, others unaffected."""

from core.flood import FloodGate, Verdict


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_over_the_limit_warns_once_then_drops_until_the_cool_down_ends() -> None:
    clock = FakeClock()
    gate = FloodGate(limit=20, window=10, cooldown=30, clock=clock)
    verdicts = [gate.check(1) for _ in range(25)]
    assert verdicts[:20] == [Verdict.ALLOW] * 20
    assert verdicts[20] is Verdict.WARN
    assert verdicts[21:] == [Verdict.DROP] * 4
    assert gate.check(2) is Verdict.ALLOW
    clock.now = 31
    assert gate.check(1) is Verdict.ALLOW


def test_a_steady_pace_under_the_limit_is_never_stopped() -> None:
    clock = FakeClock()
    gate = FloodGate(limit=20, window=10, cooldown=30, clock=clock)
    for _ in range(200):
        clock.now += 0.6
        assert gate.check(1) is Verdict.ALLOW


def test_idle_users_are_forgotten() -> None:
    clock = FakeClock()
    gate = FloodGate(clock=clock)
    gate.check(1)
    clock.now = 100
    gate.forget_idle()
    assert gate._windows == {}
