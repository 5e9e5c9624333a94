"""Local language models: embeddings now; masking, intent and sentiment as they land."""
