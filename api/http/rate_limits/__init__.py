"""Rate limits per client address and per API key, over the `limits` package.

`RateLimits` (limiter.py) holds the limits and their counters; `RateLimitMiddleware`
(middleware.py) checks addresses before routing; api.auth.keys checks keys once verified;
storage.py counts in memory, in PostgreSQL or in Redis.
"""

from api.http.rate_limits.limiter import RATE_LIMIT_HEADERS, RateLimits, Refusal
from api.http.rate_limits.middleware import RATE_LIMITED_RESPONSE, RateLimitMiddleware

__all__ = [
    "RATE_LIMITED_RESPONSE",
    "RATE_LIMIT_HEADERS",
    "RateLimitMiddleware",
    "RateLimits",
    "Refusal",
]
