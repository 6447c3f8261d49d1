"""The national standard's files over HTTP and the CLI (the engines live in seed/)."""
