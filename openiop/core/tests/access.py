from tests.access import STAFF_PAGE, ApiCase, Case, row

URL_TABLE: dict[str, Case] = {
    "home": ("GET", lambda c: "/", row("ok", anonymous="login")),
    "staff_home": ("GET", lambda c: "/home/", STAFF_PAGE),
    "healthz": ("GET", lambda c: "/healthz", row("ok")),
    "get_help": ("GET", lambda c: "/get-help", row("ok")),
    "logout_everywhere": ("POST", lambda c: "/accounts/logout-everywhere/", row("ok", anonymous="login")),
    "audit:events": ("GET", lambda c: "/audit/", row("403", anonymous="login", dana="ok", ava="ok")),
    "portal:home": ("GET", lambda c: "/portal/", row("403", anonymous="login", erin="ok", frank="ok")),
    "set_language": ("POST", lambda c: "/i18n/setlang/", row("ok")),
    "api:openapi-view": ("GET", lambda c: "/api/v1/docs", STAFF_PAGE),
    "api:openapi-json": ("GET", lambda c: "/api/v1/openapi.json", STAFF_PAGE),
}
API_TABLE: dict[tuple[str, str], ApiCase] = {}
