"""The Linked Data Event Stream of practices and local initiatives.

Every build compares each practice and local initiative with its latest version in the history
(a JSON-lines file in the state folder, outside dist/, so no rebuild loses it). A changed or new
entity gets one new member, a full copy of it as an immutable version; an entity that is gone
gets a delete member; an unchanged one gets nothing. The pages are rendered from the whole
history into the build, and the history is extended only when the build is complete.

`history` keeps the members, `digests` tells whether an entity changed, `members` makes the new
members, `pages` writes the stream's documents into the build.
"""
