"""Groups: opt-in, digest content, pairing without repeats, permissions, introductions."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot import groups
from bot.clock import FakeClock
from bot.core import Leap
from bot.events import Delivered, DeliveryFailed, Tick, Where
from bot.models import UserKey
from bot.replies import Button, ChannelPost, DirectMessage, OpenForm, Outbound
from tests.support.chat import Chat, text_of

ROOM = Where(channel="C9", channel_name="switchers", is_dm=False)


def tick(leap: Leap, now: datetime, fails: frozenset[str] = frozenset()) -> list[Outbound]:
    """A timer round as an adapter runs it: every tracked DM is reported, delivered or (for
    the users in ``fails``) failed."""
    outs = leap.handle(Tick(now))
    for out in outs:
        if isinstance(out, DirectMessage) and out.nudge_ids:
            if out.to.user in fails:
                leap.handle(DeliveryFailed(out.to, out.nudge_ids, "cannot_dm_bot"))
            else:
                leap.handle(Delivered(out.to, out.nudge_ids))
    return outs


def member(leap: Leap, name: str, *, manager: bool = False, admin: bool = False) -> Chat:
    chat = Chat(leap, name, where=ROOM)
    chat.actor = type(chat.actor)(
        chat.actor.platform,
        chat.actor.workspace,
        name,
        display_name=name.capitalize(),
        is_admin=admin,
        can_manage_channel=manager,
    )
    chat.say("help")
    return chat


def held(chat: Chat, name: str, field: str) -> None:
    chat.where = Where()
    chat.say(f"add {name}; field {field}")
    chat.say(f"debrief {name}")
    chat.click("Yes, we talked")
    for answer in ("notes", "4", "4", "4", "4", "skip", "none"):
        chat.message(answer)
    chat.where = ROOM


def test_only_channel_managers_start_and_only_the_starter_or_admin_manage(leap: Leap) -> None:
    bob = member(leap, "bob")
    assert "Only someone who manages this channel" in bob.text("group start")
    alice = member(leap, "alice", manager=True)
    assert "is now a Leap group" in alice.text("group start")
    assert alice.last[0].public  # type: ignore[union-attr]
    bob.say("group join")
    assert "only the person who started this group" in bob.text("group pairs on")
    assert "only the person who started this group" in bob.text("group settings stop")
    admin = member(leap, "root", admin=True)
    assert "biweekly" in admin.text("group pairs on biweekly")


def test_digest_counts_only_members_and_forgets_those_who_leave(leap: Leap) -> None:
    alice = member(leap, "alice", manager=True)
    alice.say("group start")
    alice.say("group join named")
    bob, carol = member(leap, "bob"), member(leap, "carol")
    bob.say("group join")
    held(alice, "Maria Lopez", "UX research")
    held(bob, "Sam Lee", "nursing")
    held(carol, "Dana Fox", "law")  # never joined
    text = alice.text("group digest now")
    assert "(2 members taking part)" in text and "Conversations held: 2" in text
    assert "nursing, ux research" in text and "law" not in text
    assert "Shout-outs: Alice (1 conversation)" in text and "Bob" not in text
    for secret in ("Maria", "Sam", "Dana", "notes"):
        assert secret not in text
    bob.say("group leave")
    text = alice.text("group digest now")
    assert "(1 members taking part)" in text and "nursing" not in text


def posts_at(leap: Leap, clock: FakeClock) -> list[ChannelPost]:
    return [o for o in leap.handle(Tick(clock.now())) if isinstance(o, ChannelPost)]


def test_weekly_digest_is_posted_in_the_channel_once(leap: Leap, clock: FakeClock) -> None:
    alice = member(leap, "alice", manager=True)
    alice.say("group start")
    alice.say("group join")
    clock.set(datetime(2026, 12, 7, 8, 0, tzinfo=UTC))  # Monday 09:00 in Paris
    posts = posts_at(leap, clock)
    assert len(posts) == 1 and posts[0].channel == "C9"
    assert "This week in #switchers" in posts[0].message.text
    assert leap.handle(Delivered(posts[0].key, posts[0].nudge_ids)) == []
    assert leap.handle(Tick(clock.now())) == []
    clock.advance(timedelta(hours=1))
    assert leap.handle(Tick(clock.now())) == []  # posted: not again until next week
    clock.advance(timedelta(days=7) - timedelta(hours=1))
    assert len(posts_at(leap, clock)) == 1


def started_group(leap: Leap, clock: FakeClock, platform: str = "slack") -> Chat:
    alice = member(leap, "alice", manager=True)
    alice.actor = replace(alice.actor, platform=platform)
    alice.say("group start")
    alice.say("group join")
    clock.set(datetime(2026, 12, 7, 8, 0, tzinfo=UTC))  # Monday 09:00 in Paris
    return alice


def test_a_failed_digest_post_tells_the_starter_and_is_tried_again(
    leap: Leap, clock: FakeClock
) -> None:
    alice = started_group(leap, clock)
    (post,) = posts_at(leap, clock)
    assert post.key == UserKey("slack", "local", "#C9") and post.nudge_ids
    told = leap.handle(DeliveryFailed(post.key, post.nudge_ids, "not_in_channel"))
    (dm,) = told
    assert isinstance(dm, DirectMessage) and dm.to == alice.actor.key
    assert "could not post this week's digest in #switchers (not_in_channel)" in dm.message.text
    assert "/invite @Leap in #switchers" in dm.message.text
    assert "Mon 10:00" in dm.message.text  # when it tries again, in the group's zone
    group = leap.store.group(post.key)
    assert group is not None and group.last_digest_at is None  # not counted as posted
    clock.advance(timedelta(minutes=59))
    assert posts_at(leap, clock) == []
    clock.advance(timedelta(minutes=1))
    (again,) = posts_at(leap, clock)  # the next try, an hour later
    assert again.nudge_ids == post.nudge_ids
    # A second failure is not told again (no stream of DMs); the wait doubles.
    assert leap.handle(DeliveryFailed(again.key, again.nudge_ids, "not_in_channel")) == []
    clock.advance(timedelta(hours=1))
    assert posts_at(leap, clock) == []
    clock.advance(timedelta(hours=1))
    (third,) = posts_at(leap, clock)
    assert leap.handle(Delivered(third.key, third.nudge_ids)) == []
    group = leap.store.group(post.key)
    assert group is not None and group.last_digest_at == clock.now()
    clock.advance(timedelta(days=1))
    assert posts_at(leap, clock) == []  # posted: next week's is the next one


def test_a_digest_post_never_reported_is_posted_again_after_the_claim_timeout(
    leap: Leap, clock: FakeClock
) -> None:
    started_group(leap, clock)
    (post,) = posts_at(leap, clock)
    clock.advance(timedelta(minutes=1))
    assert posts_at(leap, clock) == []  # claimed: being sent
    clock.advance(timedelta(minutes=10))  # the sender died: the claim went stale
    (again,) = posts_at(leap, clock)
    assert again.nudge_ids == post.nudge_ids


@pytest.mark.parametrize(
    ("platform", "error", "fix"),
    [
        ("slack", "channel_not_found", "seems archived or deleted"),
        ("slack", "is_archived", "/leap group settings stop"),
        ("discord", "http 403 (50001)", "allow Leap to view the channel and send messages"),
        ("discord", "http 404 (10003)", "seems archived or deleted"),
        ("slack", "ratelimited", "If this keeps happening, check that Leap may post"),
    ],
)
def test_the_starter_is_told_how_to_fix_each_kind_of_failure(
    leap: Leap, clock: FakeClock, platform: str, error: str, fix: str
) -> None:
    started_group(leap, clock, platform)
    (post,) = posts_at(leap, clock)
    (dm,) = leap.handle(DeliveryFailed(post.key, post.nudge_ids, error))
    assert isinstance(dm, DirectMessage) and fix in dm.message.text


@pytest.mark.parametrize("size", [2, 3, 4, 5, 6, 7, 8])
def test_pairs_avoid_repeats_over_ten_rounds(size: int) -> None:
    people = [f"u{i}" for i in range(size)]
    history: tuple[str, ...] = ()
    rounds: list[list[frozenset[str]]] = []
    for _ in range(10):
        pairs = groups.rotate(people, history)
        assert sorted(p for pair in pairs for p in pair) == sorted(people)
        assert all(len(pair) in (2, 3) for pair in pairs)
        assert sum(len(pair) == 3 for pair in pairs) == size % 2
        made = [frozenset((a, b)) for pair in pairs for a in pair for b in pair if a < b]
        rounds.append(made)
        history += tuple("|".join(sorted(p)) for p in made)
    every = {frozenset((a, b)) for a in people for b in people if a < b}
    if size % 2 == 0:  # a round robin exists: no pair repeats in the first size-1 rounds
        first = [p for r in rounds[: size - 1] for p in r]
        assert len(first) == len(set(first))
    assert {p for r in rounds for p in r} == every  # everyone meets everyone in ten rounds


def test_pair_round_dms_a_plan_and_asks_after_three_misses(leap: Leap, clock: FakeClock) -> None:
    alice = member(leap, "alice", manager=True)
    alice.say("group start")
    for chat in (alice, member(leap, "bob"), member(leap, "carol")):
        chat.say("group join")
    alice.say("group pairs on weekly")
    clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))  # Monday 10:00 Paris
    outs = [o for o in tick(leap, clock.now()) if isinstance(o, DirectMessage)]
    plans = [o for o in outs if "Practice partner" in o.message.text]
    assert {o.to.user for o in plans} == {"alice", "bob", "carol"}  # a trio
    assert (
        "play the contact" in plans[0].message.text or "plays the contact" in plans[0].message.text
    )
    for _ in range(3):
        clock.advance(timedelta(days=7))
        outs = [o for o in tick(leap, clock.now()) if isinstance(o, DirectMessage)]
    assert any("skipped three practice rounds" in o.message.text for o in outs)


def test_introductions_expire_after_two_weeks(leap: Leap, clock: FakeClock) -> None:
    alice = member(leap, "alice", manager=True)
    alice.say("group start")
    alice.say("group join")
    bob = member(leap, "bob")
    bob.say("group join")
    alice.say("intro nursing")
    bob.buttons = alice.buttons
    clock.advance(timedelta(days=15))
    assert "That request is expired" in text_of(bob.click("I can introduce"))
    assert "That is your own request" in text_of(alice.click("I can introduce"))


def test_the_asker_cannot_offer_on_their_own_request(leap: Leap) -> None:
    alice = member(leap, "alice", manager=True)
    alice.say("group start")
    alice.say("group join")
    alice.say("intro nursing")
    outs = alice.click("I can introduce")
    assert text_of(outs) == "That is your own request — your group will answer it."
    assert not any(isinstance(o, OpenForm) for o in outs)


def _offered(leap: Leap) -> tuple[Chat, Chat, Chat, DirectMessage]:
    """Alice asks, Bob offers Kim: the private offer Alice gets, with its buttons."""
    alice = member(leap, "alice", manager=True)
    alice.say("group start")
    alice.say("group join")
    bob, carol = member(leap, "bob"), member(leap, "carol")
    bob.say("group join")
    carol.say("group join")
    alice.say("intro nursing")
    bob.buttons = alice.buttons
    bob.click("I can introduce")
    (offer,) = [o for o in bob.submit({"name": "Kim Park"}) if isinstance(o, DirectMessage)]
    assert offer.to.user == "alice"
    return alice, bob, carol, offer


def test_only_the_asker_can_accept_an_introduction(leap: Leap) -> None:
    alice, _bob, carol, offer = _offered(leap)
    carol.buttons = offer.message.buttons  # the buttons, forwarded or replayed
    said = text_of(carol.click("Yes, please"))
    assert said == "Only the person who asked can accept an introduction."
    carol.where = Where()
    assert "Kim" not in carol.text("contacts")
    alice.buttons = offer.message.buttons
    alice.where = Where()
    assert "Kim Park is in your list" in text_of(alice.click("Yes, please"))


def test_biweekly_pairs_skip_a_week(leap: Leap, clock: FakeClock) -> None:
    alice = member(leap, "alice", manager=True)
    alice.say("group start")
    for chat in (alice, member(leap, "bob")):
        chat.say("group join")
    alice.say("group pairs on biweekly")
    rounds = []
    for week in range(4):
        clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=UTC) + timedelta(days=7 * week))
        outs = tick(leap, clock.now())
        if any(isinstance(o, DirectMessage) and "Practice partner" in o.message.text for o in outs):
            rounds.append(week)
    assert rounds == [0, 2]


def test_a_pairing_in_someones_quiet_hours_waits_for_their_morning(
    leap: Leap, clock: FakeClock
) -> None:
    alice = member(leap, "alice", manager=True)
    alice.say("group start")
    alice.say("group join")
    far = member(leap, "kai")
    far.say("settings tz America/Los_Angeles")  # 10:00 Paris is 01:00 there
    far.say("group join")
    alice.say("group pairs on weekly")
    clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    now = [o for o in tick(leap, clock.now()) if isinstance(o, DirectMessage)]
    assert [o.to.user for o in now if "Practice partner" in o.message.text] == ["alice"]
    clock.set(datetime(2026, 12, 7, 16, 0, tzinfo=UTC))  # 08:00 in Los Angeles
    later = [o for o in tick(leap, clock.now()) if isinstance(o, DirectMessage)]
    assert [o.to.user for o in later] == ["kai"]
    assert "Practice partner this round in #switchers: Alice" in later[0].message.text
    assert any(b.action == "pair-met" for b in later[0].message.buttons)


def test_only_members_can_ask_the_group_for_an_introduction(leap: Leap) -> None:
    alice = member(leap, "alice", manager=True)
    alice.say("group start")
    bob = member(leap, "bob")
    said = bob.text("intro nursing")
    assert said == "Join this channel's Leap group first (/leap group join), then ask."
    assert not any(o.public for o in bob.last if hasattr(o, "public"))  # nothing posted
    bob.say("group join")
    assert "Bob is exploring nursing" in bob.text("intro nursing")


def test_an_accepted_request_takes_no_more_offers(leap: Leap) -> None:
    alice, _bob, carol, offer = _offered(leap)
    alice.buttons = offer.message.buttons
    alice.where = Where()
    alice.click("Yes, please")
    carol.buttons = _request_buttons(leap)
    said = text_of(carol.click("I can introduce"))
    assert said == "That request is accepted; thank you all the same."


def _request_buttons(leap: Leap) -> tuple[Button, ...]:
    (request,) = leap.store.intros(UserKey("console", "local", "#C9"))
    return (Button("I can introduce someone", "intro-offer", f"C9|{request.id}"),)


def test_a_practice_plan_that_could_not_be_sent_is_tried_again(
    leap: Leap, clock: FakeClock
) -> None:
    alice = member(leap, "alice", manager=True)
    alice.say("group start")
    for chat in (alice, member(leap, "bob")):
        chat.say("group join")
    alice.say("group pairs on weekly")
    clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    first = tick(leap, clock.now(), fails=frozenset({"bob"}))
    assert sorted(o.to.user for o in first if isinstance(o, DirectMessage)) == ["alice", "bob"]
    clock.advance(timedelta(minutes=5))
    again = [o for o in tick(leap, clock.now()) if isinstance(o, DirectMessage)]
    assert [o.to.user for o in again] == ["bob"]  # only the one that failed, once
    assert "Practice partner this round in #switchers: Alice" in again[0].message.text
    clock.advance(timedelta(hours=1))
    assert [o for o in tick(leap, clock.now()) if isinstance(o, DirectMessage)] == []
