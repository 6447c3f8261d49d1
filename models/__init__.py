"""The domain of PANDA finder: what an access point is, pure Python."""

from models import naming  # noqa: F401  (names constraints before any table is defined)
