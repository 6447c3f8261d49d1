"""Workshops, sessions, seats and bookings, the session board and the registrations' purge."""
