"""The query engine behind one small interface: embedded (pyoxigraph) now, remote later."""
