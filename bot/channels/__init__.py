"""Channel adapters: the signature the IM integrations and the bot sign requests with, and the
sender that delivers auto replies from the durable queue. Composed by the server, never inheriting it."""
from .delivery import Sender, backoff
from .signing import SignatureError, signed_headers, verify

__all__ = ["SignatureError", "Sender", "backoff", "signed_headers", "verify"]
