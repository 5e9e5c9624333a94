"""Email and form tickets: stored durably, processed by the conversation graph on a Celery
worker (or in the app process when no Redis is configured), answered or handed to an agent."""
