"""The HTTP face of PANDA finder and its infrastructure: app, settings, database, CLI."""
