"""Rows as FHIR R4 resources (JSON dicts, checked by fhir.resources' R4B models in ``emit``).

``common`` (meta, references, the 42 CFR Part 2 labels), ``people`` (Patient, Practitioner,
Organization, Location), ``care`` (EpisodeOfCare, Encounter, Appointment, Condition, CarePlan,
Consent), ``measures`` (Observation, QuestionnaireResponse, Questionnaire). docs/formats/fhir.md
lists every code system used.
"""
