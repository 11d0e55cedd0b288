"""Writes to client records, the support network and episodes of care, each through the policy,
in one transaction, audited: ``records`` (client, insurance, admission), ``episodes`` (step,
refer out, prescription, transfer, readmit), ``discharge`` (discharge, its signed summary, the
stay settings), ``support`` (network, family-session attendees, sharing with a contact)."""

from openiop.clients.services.discharge import (
    discharge_summary_sign,
    episode_discharge,
    stay_settings_for_site,
    stay_settings_update,
)
from openiop.clients.services.episodes import (
    episode_prescription_change,
    episode_readmit,
    episode_step,
    episode_transfer,
)
from openiop.clients.services.records import (
    CLIENT_FIELDS,
    client_create,
    client_update,
    episode_create,
    insurance_set,
)
from openiop.clients.services.support import (
    CONTACT_FIELDS,
    covering_consent,
    family_attendance_check,
    family_attendance_set,
    support_contact_create,
    support_contact_disclose,
    support_contact_retire,
    support_contact_update,
)

__all__ = [
    "CLIENT_FIELDS",
    "CONTACT_FIELDS",
    "client_create",
    "client_update",
    "covering_consent",
    "discharge_summary_sign",
    "episode_create",
    "episode_discharge",
    "episode_prescription_change",
    "episode_readmit",
    "episode_step",
    "episode_transfer",
    "family_attendance_check",
    "family_attendance_set",
    "insurance_set",
    "stay_settings_for_site",
    "stay_settings_update",
    "support_contact_create",
    "support_contact_disclose",
    "support_contact_retire",
    "support_contact_update",
]
