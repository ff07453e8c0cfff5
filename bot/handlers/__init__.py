"""Handlers, one module per feature; each exports ``FEATURE`` for the registry."""
