"""How the scheduler hands a nudge's direct message to a platform.

Each platform adapter provides a ``Messenger``. ``send`` raises ``SendError`` when the
message could not be delivered; ``permanent=True`` means retrying cannot help (the user
closed their DMs, or left the workspace), so the nudge is marked undeliverable.
"""

from __future__ import annotations

from typing import Protocol

from bot.replies import DirectMessage


class SendError(Exception):
    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


class Messenger(Protocol):
    def send(self, message: DirectMessage) -> None:
        """Deliver one direct message now, or raise ``SendError``."""
        ...
