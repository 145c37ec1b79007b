"""Parse: find the source files and read each into a named graph; plan what the last good build
lets this one reuse."""
