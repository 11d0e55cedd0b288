"""The public get-help page: no login, English and Spanish, crisis resources first."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods

from openiop.accounts.models import Organization, Site
from openiop.core.middleware import client_ip
from openiop.intake.forms import GetHelpForm
from openiop.intake.models import Channel, IntakeSettings
from openiop.intake.services import inquiry_create
from openiop.intake.views.common import add_errors

# At most RATE_LIMIT posts from one address per RATE_WINDOW seconds (valid or not), then 429.
RATE_LIMIT = settings.OPENIOP_INQUIRY_RATE_LIMIT
RATE_WINDOW = settings.OPENIOP_INQUIRY_RATE_WINDOW


def _language(request: HttpRequest) -> str:
    wanted = request.GET.get("lang", "")
    if wanted in dict(settings.LANGUAGES):
        return wanted
    return translation.get_language_from_request(request)


def _site(request: HttpRequest) -> Site:
    """``?site=<id>``, else the first site of the first organization (oldest first)."""
    raw = request.GET.get("site", "")
    if raw:
        site = Site.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    else:
        org = Organization.objects.order_by("pk").first()
        site = org.sites.order_by("pk").first() if org else None
    if site is None:
        raise Http404("No such program")
    return site


def _throttled(request: HttpRequest) -> bool:
    key = f"intake:get-help:{client_ip(request)}"
    cache.add(key, 0, timeout=RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=RATE_WINDOW)
        count = 1
    return count > RATE_LIMIT


def _query(request: HttpRequest, **extra: str) -> str:
    params = {k: v for k, v in (("site", request.GET.get("site", "")), *extra.items()) if v}
    return f"?{urlencode(params)}" if params else ""


def _context(request: HttpRequest, site: Site, language: str) -> dict[str, object]:
    intake_settings = IntakeSettings.objects.filter(site=site).first()
    return {
        "site": site,
        "public_email": intake_settings.public_email if intake_settings else "",
        "language": language,
        "languages": [
            (code, name, reverse("intake:get_help") + _query(request, lang=code)) for code, name in settings.LANGUAGES
        ],
    }


@require_http_methods(["GET", "POST"])
def get_help(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    language = _language(request)
    with translation.override(language):
        context = _context(request, site, language)
        if request.method == "POST":
            if _throttled(request):
                return render(request, "intake/get_help_throttled.html", context, status=429)
            form = GetHelpForm(request.POST)
            thanks = reverse("intake:get_help_thanks") + _query(request, lang=language)
            if form.is_spam:
                return redirect(thanks)  # look like success; store nothing
            if form.is_valid():
                data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
                try:
                    inquiry_create(actor=None, site=site, channel=Channel.WEB, preferred_language=language, **data)
                except ValidationError as exc:
                    add_errors(form, exc)
                else:
                    urgent = form.cleaned_data["self_harm_thoughts"]
                    return redirect(
                        reverse("intake:get_help_thanks")
                        + _query(request, lang=language, **({"help": "now"} if urgent else {}))
                    )
        else:
            form = GetHelpForm()
        context |= {"form": form, "show_help_now": form.is_bound and bool(form.data.get("self_harm_thoughts"))}
        return render(request, "intake/get_help.html", context, status=422 if form.errors else 200)


@require_GET
def get_help_thanks(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    language = _language(request)
    with translation.override(language):
        context = _context(request, site, language) | {"show_help_now": request.GET.get("help") == "now"}
        return render(request, "intake/get_help_thanks.html", context)
