"""Who is calling: API keys, their scopes and the routes that check a key first."""
