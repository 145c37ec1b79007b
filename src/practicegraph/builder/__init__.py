"""The build: load sources, generate reference resources, validate, freeze into dist/."""
