"""The LangGraph state machine: state, nodes, routing and the builder. Nothing else lives here."""
