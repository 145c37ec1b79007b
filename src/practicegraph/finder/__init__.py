"""The practice index: written by the build, read by the site to search and filter in memory."""
