from tests.access import ApiCase, Case, row

# The trail page itself is listed in core's table ("audit:events").
URL_TABLE: dict[str, Case] = {
    "audit:export": ("GET", lambda c: "/audit/export.csv", row("403", anonymous="login", dana="ok", ava="ok")),
}
API_TABLE: dict[tuple[str, str], ApiCase] = {}
