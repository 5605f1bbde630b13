"""One NinjaAPI at /api/, a router per app. OpenAPI at /api/openapi.json, docs at /api/docs."""

from django.utils.module_loading import import_string

from alliance87.core.api_support import PlatformAPI, install_error_handlers

api = PlatformAPI(
    title="Alliance 8.7 Platform API",
    version="1",
    description="Partners, governance, pathfinder countries and groups of Alliance 8.7. "
    "Errors are JSON: {detail, errors: [{field, message}], code, params}. Public reads need "
    "no token; writes take a bearer token or the browser session with its CSRF token.",
    urls_namespace="api",
    docs_url="/docs",
)
install_error_handlers(api)

ROUTERS = [
    ("", "alliance87.core.api.router"),
    ("", "alliance87.partners.api.router"),
    ("", "alliance87.pathfinders.api.router"),
    ("", "alliance87.groups.api.router"),
    ("", "alliance87.governance.api.router"),
    ("", "alliance87.results.api.router"),
    ("", "alliance87.risk.api.router"),
    ("", "alliance87.knowledge.api.router"),
]
for prefix, dotted in ROUTERS:
    api.add_router(prefix, import_string(dotted))
