"""The outbox: notices queued with the change that causes them, then delivered."""
