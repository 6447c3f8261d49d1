"""Geocoding: turn a typed French address into a position, offline or through the BAN API."""
