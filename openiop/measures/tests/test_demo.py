"""The demo's measures: cadences at both sites, three courses of weekly histories, alerts."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from conftest import Cast, make_client, make_user
from openiop.accounts.models import Role
from openiop.audit.models import AuditEvent
from openiop.clients.models import Episode
from openiop.measures import demo
from openiop.measures.models import Administration, Alert, Cadence


def _demo_world(cast: Cast) -> dict[str, object]:
    """The cast's sites under the demo's names, with Alice and Bob's clients admitted weeks ago."""
    today = timezone.localdate()
    Episode.objects.filter(client=cast.erin).update(admission_date=today - dt.timedelta(days=60))
    Episode.objects.filter(client=cast.frank).update(admission_date=today - dt.timedelta(days=50))
    for n, (clinician, days) in enumerate([(cast.alice, 70), (cast.alice, 45), (cast.bob, 30), (cast.alice, 10)]):
        client = make_client(cast.site_a, f"Demo{n}", f"Client{n}", None)
        Episode.objects.create(
            client=client,
            site=cast.site_a,
            admission_date=today - dt.timedelta(days=days),
            primary_clinician=clinician,
            prescribed_hours_per_week=Decimal(12),
        )
    omar = make_user("omar@b.test", "Omar", cast.site_b, Role.DIRECTOR)
    return {
        "people": {"dana": cast.dana, "alice": cast.alice, "bob": cast.bob, "omar": omar},
        "sites": {"Westside IOP": cast.site_a, "Pasadena IOP": cast.site_b},
        "today": today,
    }


def test_the_demo_seeds_cadences_histories_and_alerts_once(cast: Cast) -> None:
    world = _demo_world(cast)
    first = demo.seed(**world)  # type: ignore[arg-type]
    assert first["cadences"] == 12 and Cadence.objects.filter(site=cast.site_b).count() == 6
    assert first["administrations"] == Administration.objects.count() > 50
    assert first["alerts"] == Alert.objects.count()

    # A long episode has weekly PHQ-9s from admission (6–10+ weeks), and BAM, URICA, intake screens.
    longest = Episode.objects.filter(site=cast.site_a).order_by("admission_date").first()
    assert longest is not None
    phq9s = Administration.objects.filter(client=longest.client, instrument="phq9")
    assert phq9s.count() >= 8
    assert {"gad7", "bam", "urica", "dast10"} <= set(
        Administration.objects.filter(client=longest.client).values_list("instrument", flat=True)
    )

    # Improving, flat and deteriorating courses all show up; deterioration raised its own alert.
    courses: dict[int, list[float]] = {}
    for client_id, total in Administration.objects.filter(instrument="phq9").values_list("client_id", "total"):
        courses.setdefault(client_id, []).append(total or 0)
    long_courses = [totals for totals in courses.values() if len(totals) >= 4]
    assert any(t[-1] <= t[0] - 6 for t in long_courses), "improving"
    assert any(t[-1] >= t[0] + 6 for t in long_courses), "deteriorating"
    assert any(abs(t[-1] - t[0]) <= 2 for t in long_courses), "flat"
    assert Alert.objects.filter(kind="reliable-deterioration", status="open").exists()
    ideation = Alert.objects.filter(kind="suicidal-ideation", status="open")
    assert ideation.count() == 1
    alert = ideation.get()
    assert alert.assigned_to == cast.alice and alert.client != cast.erin
    assert Alert.objects.filter(kind="suicidal-ideation", status="closed", closing_action="cssrs-completed").exists()

    # Other demo modules run after this one and may admit clients; a second run still adds nothing.
    late = make_client(cast.site_a, "Late", "Admission", cast.alice)
    events = AuditEvent.objects.count()
    assert set(demo.seed(**world).values()) == {0}  # type: ignore[arg-type]
    assert AuditEvent.objects.count() == events
    assert not Administration.objects.filter(client=late).exists()
