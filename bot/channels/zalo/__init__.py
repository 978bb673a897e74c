"""The Zalo channel: a Zalo Official Account (Open API v3) through our own small httpx
client; events arrive on a signed webhook, replies leave through the shared outbox.

Only `danvan run` imports this package.
"""
