"""Leap on Discord (discord.py): slash commands, buttons, modals and DMs.

The adapter only translates: interactions become core events (``bot.events``), and the
core's outbounds (``bot.replies``) are rendered as ``discord.ui`` components. Every word a
user reads comes from the core. A Discord user is global, so every record is keyed by
``UserKey("discord", "discord", user_id)``: one pipeline per person across servers and DMs;
where something happened travels in ``Where`` (the channel).

Modules: ``main`` (composition root for ``leap discord``), ``client`` (the discord.Client),
``commands`` (the ``/leap`` group generated from the core registry), ``bridge`` (events in,
deferral), ``respond`` (outbounds out), ``render`` (text, views), ``items`` (buttons and
selects that survive restarts), ``modals`` (forms), ``messenger`` (nudge DMs).
"""
