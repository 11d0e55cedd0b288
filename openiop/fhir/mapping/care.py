"""EpisodeOfCare, Encounter (an attended group session), Appointment (a scheduled session),
Condition (an assessment's diagnosis), CarePlan (a treatment plan), Consent."""

from typing import Any

from openiop.fhir.mapping.common import ACT_CODE, OPENIOP, UCUM, Json, concept, instant, meta, ref

LEVEL_OF_CARE = f"{OPENIOP}:level-of-care"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
V3_ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
PART2_POLICY = "https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2"
PURPOSE_OF_USE = {
    "treatment": ("TREAT", "treatment"),
    "payment": ("HPAYMT", "healthcare payment"),
    "operations": ("HOPERAT", "healthcare operations"),
    "patient_request": ("PATRQT", "patient requested"),
    "family_involvement": ("FAMRQT", "family requested"),
    "care_coordination": ("COC", "coordination of care"),
}
CONSENT_STATUS = {"pending": "proposed", "signed": "active", "declined": "rejected", "revoked": "inactive"}
PLAN_STATUS = {"draft": "draft", "active": "active", "closed": "completed"}
OBJECTIVE_STATUS = {"open": "in-progress", "met": "completed", "revised": "stopped", "discontinued": "cancelled"}


def episode_of_care(episode: Any, *, part2: bool) -> Json:
    period: Json = {"start": episode.admission_date.isoformat()}
    if episode.discharge_date:
        period["end"] = episode.discharge_date.isoformat()
    resource: Json = {
        "resourceType": "EpisodeOfCare",
        "id": str(episode.pk),
        "meta": meta(episode.updated_at, part2=part2),
        "status": "finished" if episode.status == "discharged" else "active",
        "type": [concept(LEVEL_OF_CARE, episode.level_of_care, episode.get_level_of_care_display())],
        "patient": ref("Patient", episode.client_id),
        "managingOrganization": ref("Organization", episode.site.organization_id),
        "period": period,
    }
    if episode.primary_clinician_id:
        resource["careManager"] = ref("Practitioner", episode.primary_clinician_id)
    return resource


def _track(session: Any) -> str:
    return str(session.track.name)


def encounter(attendance: Any, *, part2: bool) -> Json:
    session = attendance.session
    return {
        "resourceType": "Encounter",
        "id": str(attendance.pk),
        "meta": meta(attendance.last_updated, part2=part2),
        "status": "finished",
        "class": {"system": ACT_CODE, "code": "AMB", "display": "ambulatory"},
        "type": [concept(f"{OPENIOP}:session-kind", "group", "Group therapy session")],
        "serviceType": {"text": _track(session)},
        "subject": ref("Patient", attendance.client_id),
        "participant": [{"individual": ref("Practitioner", user.pk)} for user in session.facilitators.all()],
        "period": {"start": instant(session.starts_at), "end": instant(session.ends_at)},
        "length": {"value": attendance.minutes, "unit": "min", "system": UCUM, "code": "min"},
        "location": [{"location": ref("Location", session.site_id)}],
        "serviceProvider": ref("Organization", session.site.organization_id),
        "extension": [{"url": f"{OPENIOP}:attendance-status", "valueCode": attendance.status}],
    }


def _appointment(
    *, id: str, last_updated: Any, part2: bool, status: str, start: Any, end: Any, client_id: int, staff: list[int]
) -> Json:
    return {
        "resourceType": "Appointment",
        "id": id,
        "meta": meta(last_updated, part2=part2),
        "status": "cancelled" if status == "cancelled" else "booked",
        "start": instant(start),
        "end": instant(end),
        "minutesDuration": int((end - start).total_seconds() // 60),
        "participant": [
            {"actor": ref("Patient", client_id), "status": "accepted"},
            *({"actor": ref("Practitioner", pk), "status": "accepted"} for pk in staff),
        ],
    }


def group_appointment(enrollment: Any, *, part2: bool) -> Json:
    session = enrollment.session
    resource = _appointment(
        id=f"g{enrollment.pk}",
        last_updated=enrollment.last_updated,
        part2=part2,
        status=session.status,
        start=session.starts_at,
        end=session.ends_at,
        client_id=enrollment.client_id,
        staff=[user.pk for user in session.facilitators.all()],
    )
    resource["serviceType"] = [{"text": _track(session)}]
    resource["appointmentType"] = {"text": "Group session"}
    resource["description"] = f"Group: {_track(session)}"
    return resource


def individual_appointment(session: Any, *, part2: bool) -> Json:
    resource = _appointment(
        id=f"i{session.pk}",
        last_updated=session.last_updated,
        part2=part2,
        status=session.status,
        start=session.starts_at,
        end=session.ends_at,
        client_id=session.client_id,
        staff=[session.clinician_id],
    )
    resource["appointmentType"] = {"text": "Individual session"}
    resource["description"] = "Individual session"
    return resource


def condition(diagnosis: Any, *, part2: bool) -> Json:
    assessment = diagnosis.assessment
    signed = assessment.status == "signed"
    return {
        "resourceType": "Condition",
        "id": str(diagnosis.pk),
        "meta": meta(diagnosis.last_updated, part2=part2),
        "clinicalStatus": concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active"),
        "verificationStatus": concept(
            "http://terminology.hl7.org/CodeSystem/condition-ver-status",
            "confirmed" if signed else "provisional",
            "Confirmed" if signed else "Provisional",
        ),
        "category": [
            concept(
                "http://terminology.hl7.org/CodeSystem/condition-category",
                "encounter-diagnosis",
                "Encounter Diagnosis",
            )
        ],
        "code": concept(ICD10CM, diagnosis.code, diagnosis.description or None),
        "subject": ref("Patient", assessment.client_id),
        "recordedDate": instant(assessment.scheduled_at),
        "recorder": ref("Practitioner", assessment.clinician_id),
    }


def care_plan(plan: Any, *, part2: bool) -> Json:
    problems = list(plan.problems.all())
    activities = [
        {
            "detail": {
                "status": OBJECTIVE_STATUS.get(objective.status, "unknown"),
                "description": objective.text,
                "scheduledString": f"by {objective.target_date:%Y-%m-%d}",
            }
        }
        for problem in problems
        for objective in problem.objectives.all()
    ]
    resource: Json = {
        "resourceType": "CarePlan",
        "id": str(plan.pk),
        "meta": meta(plan.updated_at, part2=part2),
        "status": PLAN_STATUS.get(plan.status, "unknown"),
        "intent": "plan",
        "title": "Treatment plan",
        "subject": ref("Patient", plan.client_id),
        "period": {"start": plan.effective_on.isoformat()},
        "created": instant(plan.created_at),
        "author": ref("Practitioner", plan.created_by_id),
    }
    if problems:
        resource["description"] = " ".join(
            f"Dimension {problem.dimension}: {problem.statement} Goal: {problem.goal}" for problem in problems
        )
    if activities:
        resource["activity"] = activities
    if plan.episode_id:
        resource["extension"] = [
            {"url": f"{OPENIOP}:episode-of-care", "valueReference": ref("EpisodeOfCare", plan.episode_id)}
        ]
    return resource


def consent(document: Any, *, part2: bool) -> Json:
    is_part2 = document.kind in ("part2_tpo", "part2_release")
    categories = [concept("http://loinc.org", "59284-0", "Patient Consent")]
    if is_part2:
        categories.append(concept(ACT_CODE, "IDSCL", "information disclosure"))
    resource: Json = {
        "resourceType": "Consent",
        "id": str(document.pk),
        "meta": meta(document.updated_at, part2=part2),
        "status": CONSENT_STATUS.get(document.status, "proposed"),
        "scope": concept(
            "http://terminology.hl7.org/CodeSystem/consentscope",
            "patient-privacy" if is_part2 else "treatment",
            "Privacy Consent" if is_part2 else "Treatment",
        ),
        "category": categories,
        "patient": ref("Patient", document.client_id),
        "organization": [ref("Organization", document.site.organization_id)],
        "policy": [{"uri": PART2_POLICY if is_part2 else f"{OPENIOP}:consent-template:{document.template_id}"}],
        "extension": [{"url": f"{OPENIOP}:consent-kind", "valueCode": document.kind}],
    }
    if document.signed_at:
        resource["dateTime"] = instant(document.signed_at)
    provision: Json = {"type": "permit"}
    if document.signed_at:
        period: Json = {"start": instant(document.signed_at)}
        end = document.revocation_effective or document.expires_on
        if end is not None:
            period["end"] = end.isoformat()
        provision["period"] = period
    recipient = document.recipient_name or (
        document.provider.name if document.provider_id else "; ".join(document.recipient_class_labels())
    )
    if is_part2 and recipient:
        provision["actor"] = [
            {
                "role": concept(
                    "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient"
                ),
                "reference": {"display": recipient},
            }
        ]
    purposes = [
        {"system": V3_ACT_REASON, "code": PURPOSE_OF_USE[p][0], "display": PURPOSE_OF_USE[p][1]}
        for p in document.purposes or []
        if p in PURPOSE_OF_USE
    ]
    if purposes:
        provision["purpose"] = purposes
    resource["provision"] = provision
    return resource
