"""The HTTP API (FastAPI, mounted at /api in the Chainlit app): tickets, SSE chat, agent desk.

`ui.api.app.mount_api` assembles it; each module holds one group of routes or one concern.
Importing this package loads nothing else, so the CLI's key commands stay quick.
"""
