"""Prompts and reply templates as versioned data files; `loader` reads and renders them."""
