"""Patient (a client), Practitioner (a staff user), Organization, Location (a site)."""

from typing import Any

from openiop.fhir.mapping.common import OPENIOP, Json, meta, ref

# Sex assigned at birth → FHIR administrative gender (docs/formats/fhir.md).
GENDER = {"female": "female", "male": "male", "intersex": "other", "unknown": "unknown"}
LANGUAGES = {"en": "English", "es": "Spanish"}


def patient(client: Any, *, part2: bool) -> Json:
    names: list[Json] = [
        {"use": "official", "family": client.legal_last_name, "given": [client.legal_first_name]},
    ]
    if client.preferred_name:
        names.append({"use": "usual", "family": client.legal_last_name, "given": [client.preferred_name]})
    resource: Json = {
        "resourceType": "Patient",
        "id": str(client.pk),
        "meta": meta(client.updated_at, part2=part2),
        "identifier": [{"system": f"{OPENIOP}:client", "value": str(client.pk)}],
        "active": True,
        "name": names,
        "gender": GENDER.get(client.sex_assigned_at_birth, "unknown"),
        "birthDate": client.date_of_birth.isoformat(),
        "managingOrganization": ref("Organization", client.site.organization_id),
    }
    telecom = []
    if client.phone:
        telecom.append({"system": "phone", "value": client.phone, "use": "mobile"})
    if client.email:
        telecom.append({"system": "email", "value": client.email})
    if telecom:
        resource["telecom"] = telecom
    if client.address_line or client.city or client.postal_code:
        address: Json = {"use": "home", "country": "US"}
        if client.address_line:
            address["line"] = [client.address_line]
        for key, value in (("city", client.city), ("state", client.state), ("postalCode", client.postal_code)):
            if value:
                address[key] = value
        resource["address"] = [address]
    if client.preferred_language in LANGUAGES:
        code = client.preferred_language
        resource["communication"] = [
            {
                "language": {
                    "coding": [{"system": "urn:ietf:bcp:47", "code": code, "display": LANGUAGES[code]}],
                    "text": LANGUAGES[code],
                },
                "preferred": True,
            }
        ]
    if client.emergency_contact_name:
        contact: Json = {"name": {"text": client.emergency_contact_name}}
        if client.emergency_contact_relationship:
            contact["relationship"] = [{"text": client.emergency_contact_relationship}]
        if client.emergency_contact_phone:
            contact["telecom"] = [{"system": "phone", "value": client.emergency_contact_phone}]
        resource["contact"] = [contact]
    return resource


def practitioner(user: Any) -> Json:
    return {
        "resourceType": "Practitioner",
        "id": str(user.pk),
        "meta": meta(user.date_joined),
        "identifier": [{"system": f"{OPENIOP}:user", "value": str(user.pk)}],
        "active": bool(user.is_active),
        "name": [{"text": user.full_name or user.email}],
    }


def organization(org: Any) -> Json:
    return {
        "resourceType": "Organization",
        "id": str(org.pk),
        "meta": meta(org.updated_at),
        "active": True,
        "type": [
            {
                "coding": [{"system": "http://terminology.hl7.org/CodeSystem/organization-type", "code": "prov"}],
                "text": "Healthcare Provider",
            }
        ],
        "name": org.name,
    }


def location(site: Any) -> Json:
    resource: Json = {
        "resourceType": "Location",
        "id": str(site.pk),
        "meta": meta(site.updated_at),
        "status": "active",
        "name": site.name,
        "mode": "instance",
        "managingOrganization": ref("Organization", site.organization_id),
        "extension": [
            {"url": f"{OPENIOP}:time-zone", "valueString": site.time_zone},
        ],
    }
    if site.phone:
        resource["telecom"] = [{"system": "phone", "value": site.phone}]
    if site.address:
        resource["address"] = {"text": site.address}
    return resource
