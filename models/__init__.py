"""The domain of PANDA finder: what an access point is, pure Python."""
