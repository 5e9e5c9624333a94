"""Writing the reply: the grounded template drafter, the LLM drafter, and the check after both."""
