"""Running the service: health, metrics, the access log and what logs may carry."""
