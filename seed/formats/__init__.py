"""File formats that places come in and go out as."""
