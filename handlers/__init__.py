"""Telegram handlers, one module per feature; each ends with `register(app)`."""
