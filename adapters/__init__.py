"""Adapters: platforms (console, Slack, Discord), the scheduler, and the composition root."""
