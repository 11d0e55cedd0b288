"""Where each resource type's rows come from: querysets through the access policy (scope.py),
with ``last_updated`` annotated (meta.lastUpdated, ``_lastUpdated``, ``_since``) and the related
rows the mapping needs loaded up front (a constant number of queries per page)."""

from typing import Any

from django.db.models import F, QuerySet
from django.db.models.functions import Greatest

from openiop.accounts.types import Viewer
from openiop.fhir.scope import caller_sites, clinical_clients, visible_clients


def _lu(qs: QuerySet[Any], expression: Any = None) -> QuerySet[Any]:
    annotated: QuerySet[Any] = qs.annotate(last_updated=expression if expression is not None else F("updated_at"))
    return annotated


def patients(user: Viewer) -> QuerySet[Any]:
    from openiop.clients.models import Client

    return _lu(Client.objects.filter(pk__in=visible_clients(user).values("pk")).select_related("site"))


def episodes(user: Viewer) -> QuerySet[Any]:
    from openiop.clients.models import Episode

    return _lu(Episode.objects.filter(client__in=visible_clients(user).values("pk")).select_related("site"))


def encounters(user: Viewer) -> QuerySet[Any]:
    from openiop.clinical.models import Attendance

    attended = Attendance.objects.filter(
        client__in=visible_clients(user).values("pk"), status__in=["present", "late", "left_early"]
    )
    return _lu(attended.select_related("session__track", "session__site").prefetch_related("session__facilitators"))


def enrollments(user: Viewer) -> QuerySet[Any]:
    from openiop.program.models import SessionEnrollment

    rows = SessionEnrollment.objects.filter(client__in=visible_clients(user).values("pk"))
    rows = rows.select_related("session__track", "session__site").prefetch_related("session__facilitators")
    return _lu(rows, Greatest("created_at", "session__updated_at"))


def individual(user: Viewer) -> QuerySet[Any]:
    from openiop.program.models import IndividualSession

    return _lu(IndividualSession.objects.filter(client__in=visible_clients(user).values("pk")))


def administrations(user: Viewer) -> QuerySet[Any]:
    from openiop.measures.models import Administration

    return _lu(Administration.objects.filter(client__in=clinical_clients(user).values("pk")))


def diagnoses(user: Viewer) -> QuerySet[Any]:
    from openiop.intake.models import Diagnosis

    rows = Diagnosis.objects.filter(assessment__client__in=clinical_clients(user).values("pk"))
    rows = rows.exclude(assessment__status="cancelled").select_related("assessment")
    return _lu(rows, F("assessment__updated_at"))


def plans(user: Viewer) -> QuerySet[Any]:
    from openiop.clinical.models import TreatmentPlan

    rows = TreatmentPlan.objects.filter(client__in=clinical_clients(user).values("pk"))
    return _lu(rows.prefetch_related("problems__objectives"))


def consents(user: Viewer) -> QuerySet[Any]:
    from openiop.consents.models import ConsentDocument

    rows = ConsentDocument.objects.filter(client__in=visible_clients(user).values("pk"))
    return _lu(rows.select_related("site", "provider"))


def practitioners(user: Viewer) -> QuerySet[Any]:
    from openiop.accounts.models import Membership, User

    staff = Membership.objects.filter(site_id__in=caller_sites(user)).values("user_id")
    return _lu(User.objects.filter(pk__in=staff), F("date_joined"))


def organizations(user: Viewer) -> QuerySet[Any]:
    from openiop.accounts.models import Organization, Site

    return _lu(
        Organization.objects.filter(pk__in=Site.objects.filter(pk__in=caller_sites(user)).values("organization"))
    )


def locations(user: Viewer) -> QuerySet[Any]:
    from openiop.accounts.models import Site

    return _lu(Site.objects.filter(pk__in=caller_sites(user)))


def questionnaires(user: Viewer) -> QuerySet[Any]:
    raise NotImplementedError  # Questionnaire is served from the instrument library (search.py)
