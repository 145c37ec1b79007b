"""What every stage shares: settings, the build folder's names, vocabularies, RDF terms and
I/O, serialisers, the reference lists, and the rules both the build and the server apply."""
