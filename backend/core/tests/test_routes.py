"""The API's routes are tried in order (config/api_urls.py), the ballots' first: each route
must still answer its own paths, whatever comes before it."""

import re
import uuid

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern

SAMPLES = {"int": "7", "slug": "x-1", "str": "x1", "uuid": str(uuid.UUID(int=7)), "path": "a/b"}


def _routes(resolver: URLResolver, prefix: str = ""):
    """(path of a sample request, the route) for each route written with ``path()``."""
    for pattern in resolver.url_patterns:
        if not isinstance(pattern.pattern, RoutePattern):
            continue  # a regular expression (the API's catch-all, format suffixes)
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            sample = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], route)
            yield "/" + sample, route


def test_every_route_of_the_api_answers_its_own_paths():
    routes = [(path, route) for path, route in _routes(get_resolver()) if route.startswith("api/")]
    assert len(routes) > 100
    shadowed = [
        (path, route, resolve(path).route) for path, route in routes if resolve(path).route != route
    ]
    assert shadowed == []
