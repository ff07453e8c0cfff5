"""Leap in Slack: slack-bolt listeners that turn requests into core events and render
the core's outbounds as Block Kit. ``app.create_app`` builds the app; ``main.slack_main``
runs it over Socket Mode or HTTP; ``manifest.json`` creates the Slack app."""
