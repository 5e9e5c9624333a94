"""The knowledge index: policy sections and catalogue entries, embedded and searchable."""
