"""The `panda` command: one module per command group, messages in French."""
