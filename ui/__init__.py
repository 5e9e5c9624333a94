"""The Chainlit app: customer chat, agent desk and KPI panel (run with `supportdesk up`)."""
