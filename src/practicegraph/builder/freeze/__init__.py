"""Freeze: the rule for personal values applied, then the query store, dumps, VoID and event
stream written into an immutable build folder and swapped in."""
