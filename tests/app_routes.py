"""Every GET route of the app, with its path parameters filled, for tests that walk them all."""

import re

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

_PARAMETER = re.compile(r"{(\w+)(?::\w+)?}")


def get_paths(app: FastAPI, values: dict[str, str]) -> list[tuple[str, str]]:
    """(route path, path with `values` filled in) of every GET route, in routing order.

    A parameter without a value fails loudly, so that a new route is not silently skipped.
    """
    paths = []
    for route in iter_route_contexts(app.routes):
        if route.path is None or "GET" not in (route.methods or ()):
            continue
        names = _PARAMETER.findall(route.path)
        missing = set(names) - set(values)
        assert not missing, f"no value for {missing} in {route.path}: add one to the test"
        paths.append((route.path, _PARAMETER.sub(lambda m: values[m.group(1)], route.path)))
    return paths
