"""The data·inclusion schema v1, both ways: our places as the hub's structures and services
(mapping, score, export routes), and the hub's places pulled into ours (client, import)."""
