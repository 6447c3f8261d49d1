"""Converters from third-party files to our access-point model, one module per source."""
