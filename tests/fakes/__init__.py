"""Loopback fakes of the remote Slack and Discord servers, for adapter tests.

Only the network boundary is faked: the real slack-bolt / slack-sdk and discord.py code
runs against these servers on 127.0.0.1 (port 0). See slack_api, slack_socket and
discord_server.
"""
