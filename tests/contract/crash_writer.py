"""A process that writes to a TinyDB store until it is killed (used by ``test_crash.py``).

    python crash_writer.py FOLDER MODE FIRST

It opens the store, prints ``ready``, then performs steps FIRST, FIRST+1, ... forever.
After each step's store call has returned it prints the step number and flushes: a printed
number is an acknowledged write, which must survive any kill. ``MODE`` is ``single`` (each
step is one write that updates a contact in place) or ``txn`` (each step is a transaction of
four writes: add a contact, delete an old one, update a counter contact and the profile).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

from bot.models import Contact, Profile, UserKey
from bot.store import Store

USER = UserKey("slack", "T_CRASH", "U_WRITER")
T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
SLOTS = 25  # contacts updated in place by single steps
WINDOW = 25  # contacts kept by transaction steps

State = dict[str, int]  # contact id -> the step that wrote it; "goal" -> profile's step


def make_contact(cid: str, step: int) -> Contact:
    """The contact a step writes: every field derived from the step, so a mix shows."""
    return Contact(
        id=cid,
        name=f"Person {step}",
        created_at=T0 + timedelta(seconds=step),
        org=f"Org {step}",
        role=str(step),
        notes=tuple(f"step {step} note {n} " + "x" * 200 for n in range(3)),
        stage="asked",
        updated_at=T0 + timedelta(seconds=step, microseconds=step % 999_999),
    )


def make_profile(step: int) -> Profile:
    return Profile(created_at=T0, goal=str(step), display_name=f"Writer {step}")


def apply_step(state: State, mode: str, step: int) -> State:
    """What a step does to the model of the store's contents."""
    after = dict(state)
    if mode == "single":
        after[f"s_{step % SLOTS}"] = step
    else:
        after[f"t_{step}"] = step
        after.pop(f"t_{step - WINDOW}", None)
        after["counter"] = step
        after["goal"] = step
    return after


def run_step(store: Store, mode: str, step: int) -> None:
    """What a step does to the store."""
    if mode == "single":
        store.save_contact(USER, make_contact(f"s_{step % SLOTS}", step))
        return
    with store.transaction(USER):
        store.save_contact(USER, make_contact(f"t_{step}", step))
        store.delete_contact(USER, f"t_{step - WINDOW}")
        store.save_contact(USER, make_contact("counter", step))
        store.save_profile(USER, make_profile(step))


def read_state(store: Store) -> State:
    """The model of what the store holds; fails if any record is not exactly as written."""
    state: State = {}
    for found in store.contacts(USER):
        step = int(found.role)
        assert found == make_contact(found.id, step), f"torn record {found}"
        state[found.id] = step
    profile = store.profile(USER)
    if profile is not None:
        step = int(profile.goal)
        assert profile == make_profile(step), f"torn profile {profile}"
        state["goal"] = step
    return state


def main(folder: str, mode: str, first: int) -> None:
    from storage.tinydb_store import TinyDBStore

    # Checkpoints every few milliseconds, so kills also land while files are rewritten
    # from the journal, not only while a line is appended to it.
    store = TinyDBStore(folder, checkpoint_every=0.004)
    print("ready", flush=True)
    step = first
    while True:
        run_step(store, mode, step)
        print(step, flush=True)
        step += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
