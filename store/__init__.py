"""Storage: the database, its migrations, caches, the demo shop and the knowledge index."""
