"""Tests of seed/sources/: one file a source converter."""
