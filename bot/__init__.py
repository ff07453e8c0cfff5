"""Leap: platform-neutral chat bot core."""
