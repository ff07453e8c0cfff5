"""The in-memory index of when each nudge is next deliverable."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from bot.models import NUDGE_STATES, Nudge, UserKey
from storage.due_index import DueIndex

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
TIMEOUT = timedelta(minutes=5)
ANN = UserKey("slack", "T1", "U_ANN")
BEN = UserKey("discord", "G1", "42")


def nudge(nid: str, due: datetime = T0, **changes: object) -> Nudge:
    base = Nudge(id=nid, kind="follow-up", due_at=due, created_at=T0 - timedelta(days=1))
    return replace(base, **changes)  # type: ignore[arg-type]


def test_an_empty_index_has_nothing_due() -> None:
    index = DueIndex()
    assert len(index) == 0
    assert index.due(T0 + timedelta(days=365), 100) == []


def test_planned_nudges_come_earliest_first_up_to_the_limit() -> None:
    index = DueIndex()
    index.update(ANN, nudge("n_3", T0 + timedelta(minutes=3)), TIMEOUT)
    index.update(BEN, nudge("n_1", T0 + timedelta(minutes=1)), TIMEOUT)
    index.update(ANN, nudge("n_2", T0 + timedelta(minutes=2)), TIMEOUT)
    assert index.due(T0 + timedelta(hours=1), 10) == [(BEN, "n_1"), (ANN, "n_2"), (ANN, "n_3")]
    assert index.due(T0 + timedelta(hours=1), 2) == [(BEN, "n_1"), (ANN, "n_2")]
    assert index.due(T0 + timedelta(hours=1), 0) == []
    assert len(index) == 3


def test_due_includes_a_nudge_due_exactly_then_and_not_one_a_microsecond_later() -> None:
    index = DueIndex()
    index.update(ANN, nudge("n_now", T0), TIMEOUT)
    index.update(ANN, nudge("n_later", T0 + timedelta(microseconds=1)), TIMEOUT)
    assert index.due(T0, 10) == [(ANN, "n_now")]
    assert index.due(T0 - timedelta(microseconds=1), 10) == []


def test_any_user_name_is_found_at_its_exact_due_time() -> None:
    """Names past U+FFFF (emoji, rare CJK) once sorted after the search's end marker."""
    index = DueIndex()
    odd = [UserKey("🦊", "w", "u"), UserKey("\U0010ffff", "\uffff", "x"), UserKey("", "", "")]
    for i, user in enumerate(odd):
        index.update(user, nudge(f"n_{i}", T0), TIMEOUT)
    assert sorted(index.due(T0, 10)) == sorted((u, f"n_{i}") for i, u in enumerate(odd))


def test_due_times_in_other_zones_compare_as_instants() -> None:
    index = DueIndex()
    paris = timezone(timedelta(hours=1))
    index.update(ANN, nudge("n_paris", datetime(2026, 12, 1, 9, 30, tzinfo=paris)), TIMEOUT)
    index.update(ANN, nudge("n_utc", datetime(2026, 12, 1, 8, 45, tzinfo=UTC)), TIMEOUT)
    assert index.due(datetime(2026, 12, 1, 8, 40, tzinfo=UTC), 10) == [(ANN, "n_paris")]


def test_updating_a_nudge_moves_it_and_never_duplicates_it() -> None:
    index = DueIndex()
    first = nudge("n_1", T0)
    index.update(ANN, first, TIMEOUT)
    index.update(ANN, nudge("n_2", T0 + timedelta(minutes=1)), TIMEOUT)
    index.update(ANN, replace(first, due_at=T0 + timedelta(minutes=2)), TIMEOUT)
    index.update(ANN, replace(first, due_at=T0 + timedelta(minutes=2)), TIMEOUT)
    assert index.due(T0 + timedelta(hours=1), 10) == [(ANN, "n_2"), (ANN, "n_1")]
    assert len(index) == 2


def test_the_same_id_in_two_users_are_two_entries() -> None:
    index = DueIndex()
    index.update(ANN, nudge("n_1", T0), TIMEOUT)
    index.update(BEN, nudge("n_1", T0 + timedelta(minutes=1)), TIMEOUT)
    index.update(ANN, nudge("n_1", T0, state="sent"), TIMEOUT)
    assert index.due(T0 + timedelta(hours=1), 10) == [(BEN, "n_1")]


def test_only_planned_and_claimed_nudges_are_indexed() -> None:
    index = DueIndex()
    for state in NUDGE_STATES:
        index.update(ANN, nudge(f"n_{state}", T0, state=state, claimed_at=T0), TIMEOUT)
    assert len(index) == 2
    index.update(ANN, nudge("n_planned", T0, state="sent"), TIMEOUT)
    index.update(ANN, nudge("n_claimed", T0, state="cancelled"), TIMEOUT)
    assert len(index) == 0


def test_a_claim_is_due_again_once_it_is_older_than_the_timeout() -> None:
    index = DueIndex()
    claimed_at = T0 + timedelta(minutes=10)
    index.update(ANN, nudge("n_1", T0, state="claimed", claimed_at=claimed_at), TIMEOUT)
    index.update(BEN, nudge("n_2", T0 + timedelta(minutes=12)), TIMEOUT)
    assert index.due(claimed_at + TIMEOUT - timedelta(seconds=1), 10) == [(BEN, "n_2")]
    assert index.due(claimed_at + TIMEOUT, 10) == [(BEN, "n_2"), (ANN, "n_1")]


def test_a_claim_without_a_time_is_not_indexed() -> None:
    index = DueIndex()
    index.update(ANN, nudge("n_1", T0, state="claimed", claimed_at=None), TIMEOUT)
    assert len(index) == 0


def test_dropping_a_user_removes_all_theirs_and_only_theirs() -> None:
    index = DueIndex()
    for i in range(5):
        index.update(ANN, nudge(f"n_{i}", T0 + timedelta(minutes=i)), TIMEOUT)
        index.update(BEN, nudge(f"n_{i}", T0 + timedelta(minutes=i)), TIMEOUT)
    index.drop_user(ANN)
    index.drop_user(ANN)  # twice is harmless
    index.drop_user(UserKey("x", "y", "z"))
    assert [u for u, _n in index.due(T0 + timedelta(hours=1), 100)] == [BEN] * 5
    index.update(ANN, nudge("n_9", T0 - timedelta(minutes=1)), TIMEOUT)
    assert index.due(T0, 10) == [(ANN, "n_9"), (BEN, "n_0")]


def test_random_updates_agree_with_a_plain_scan() -> None:
    rng = random.Random(7)
    index = DueIndex()
    truth: dict[tuple[UserKey, str], Nudge] = {}
    users = [ANN, BEN, UserKey("slack", "T2", "U_CY")]
    for step in range(2000):
        user, nid = rng.choice(users), f"n_{rng.randrange(40)}"
        if rng.random() < 0.05:
            index.drop_user(user)
            truth = {k: v for k, v in truth.items() if k[0] != user}
            continue
        state = rng.choice(("planned", "planned", "claimed", "sent", "cancelled"))
        item = nudge(
            nid,
            T0 + timedelta(minutes=rng.randrange(100)),
            state=state,
            claimed_at=T0 + timedelta(minutes=rng.randrange(100)),
        )
        index.update(user, item, TIMEOUT)
        truth[(user, nid)] = item
        if step % 50 == 0:
            before = T0 + timedelta(minutes=rng.randrange(120))
            assert sorted(index.due(before, 10_000)) == sorted(scan(truth, before))
    before = T0 + timedelta(minutes=200)
    assert len(index) == len(scan(truth, before))


def scan(truth: dict[tuple[UserKey, str], Nudge], before: datetime) -> list[tuple[UserKey, str]]:
    found = []
    for (user, nid), item in truth.items():
        if item.state == "planned":
            when = item.due_at
        elif item.state == "claimed" and item.claimed_at is not None:
            when = item.claimed_at + TIMEOUT
        else:
            continue
        if when <= before:
            found.append((user, nid))
    return found
