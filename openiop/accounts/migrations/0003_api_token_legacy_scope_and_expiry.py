"""Tokens made before scopes and lifetimes (issue 11): they meant "the JSON API as its user", so
they get the scope "api"; those without an expiry expire OPENIOP_API_TOKEN_DAYS after this migration
(a token without an expiry is refused from now on)."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def forwards(apps: Any, schema_editor: Any) -> None:
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.all():
        if not token.scopes:
            token.scopes = ["api"]
            token.save(update_fields=["scopes"])
    expires = timezone.now() + dt.timedelta(days=getattr(settings, "OPENIOP_API_TOKEN_DAYS", 90))
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=expires)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_api_token_scopes_expiry")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
