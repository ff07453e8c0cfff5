"""A workspace that removed Leap: its reminders wait, and go on when Leap is back.

When a platform says Leap was removed from a workspace (Slack: ``app_uninstalled``, or the
bot's token revoked), nothing there can be delivered. Rather than fail every reminder
one by one (and tell nobody, since no message can reach them), each planned or claimed
nudge of the workspace's users and groups becomes ``paused``; the scheduler's search for
due nudges never sees that state. Installed again, they are ``planned`` with their old
times, so delivery folds what fell due meanwhile into one catch-up message and drops what
is no longer useful. Records are otherwise untouched: people's data stays theirs.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.events import WorkspaceChanged
from bot.models import NudgeState
from bot.store import Store

log = logging.getLogger("leap.workspaces")
WAITING = (NudgeState.PLANNED, NudgeState.CLAIMED)
PAUSED = NudgeState.PAUSED


def changed(store: Store, event: WorkspaceChanged) -> int:
    """Pause or resume the workspace's nudges; returns how many changed."""
    changed_count = 0
    for key in list(store.users()):
        if (key.platform, key.workspace) != (event.platform, event.workspace):
            continue
        try:
            with store.transaction(key):
                for nudge in store.nudges(key):
                    if event.installed and nudge.state == PAUSED:
                        store.save_nudge(key, replace(nudge, state=NudgeState.PLANNED))
                    elif not event.installed and nudge.state in WAITING:
                        store.save_nudge(key, replace(nudge, state=PAUSED, claimed_at=None))
                    else:
                        continue
                    changed_count += 1
        except Exception:  # one unreadable record must not keep the others going out
            log.exception("the nudges of one key could not be %s", _verb(event))
    log.info("%s %d nudges in %s %s", _verb(event), changed_count, event.platform, event.workspace)
    return changed_count


def _verb(event: WorkspaceChanged) -> str:
    return "resumed" if event.installed else "paused"
