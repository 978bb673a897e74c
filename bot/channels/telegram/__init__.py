"""The Telegram channel on aiogram 3: updates in, replies out through a persistent outbox.

Only `danvan run` imports this package (aiogram costs seconds and memory at import).
"""
