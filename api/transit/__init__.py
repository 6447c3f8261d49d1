"""Public transport near each place, from an imported GTFS feed (docs/transit.md).

reader (check a zip) → store (replace the feed in one transaction) → network (the feed in
memory) → nearest (each place's stops, a few bytes a place) → answers (the `transit` field).
"""
