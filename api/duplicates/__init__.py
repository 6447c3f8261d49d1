"""Records that describe the same place: candidates, scores, bands, people's decisions."""
