"""Benchmarks: synthetic places and the serving benchmark; never part of the seed or the tests."""
