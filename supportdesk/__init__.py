"""supportdesk: an AI customer-support assistant for online shops."""

__version__ = "0.1.0"
