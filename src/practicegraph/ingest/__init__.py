"""Practice pages and the names they use, turned into what the build reads."""
