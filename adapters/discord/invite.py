"""The invite link: the scopes and permissions Leap needs in a server, and no more."""

from __future__ import annotations

import discord

SCOPES = ("bot", "applications.commands")


def leap_permissions() -> discord.Permissions:
    """View Channels and Send Messages (group replies and digests), Send Messages in
    Threads (a command typed in a thread is answered there), Attach Files (calendar files,
    exports)."""
    return discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        attach_files=True,
    )


def invite_url(app_id: int | str) -> str:
    """``https://discord.com/oauth2/authorize?client_id=…&scope=bot+applications.commands&…``"""
    return discord.utils.oauth_url(app_id, permissions=leap_permissions(), scopes=SCOPES)
