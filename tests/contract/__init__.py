"""Contract checks of the whole API against its own OpenAPI document, through a real server."""
