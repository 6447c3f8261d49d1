"""Plumbing every face shares: errors, responses, caching, input checks, OpenAPI, rate limits."""
