"""Clinical records: notes, attendance and group notes, treatment plans, drug screens, safety plans."""

from openiop.clinical.models.groups import (
    AbsenceReason,
    Attendance,
    AttendanceStatus,
    CloneConfirmation,
    GroupNote,
    GroupNoteEntry,
)
from openiop.clinical.models.notes import SECTIONS, Addendum, Note, NoteKind, NoteLocked, NoteStatus
from openiop.clinical.models.plans import (
    Dimension,
    Intervention,
    Modality,
    Objective,
    ObjectiveStatus,
    PlanReview,
    PlanStatus,
    Problem,
    TreatmentPlan,
)
from openiop.clinical.models.safety import CRISIS_LINES, STEPS, SafetyPlan
from openiop.clinical.models.screens import DrugScreen, Medication, Method, Result, ScreenResult, Specimen
from openiop.clinical.models.settings import ClinicalSettings, NoteFormat, Supervision

__all__ = [
    "CRISIS_LINES",
    "SECTIONS",
    "STEPS",
    "AbsenceReason",
    "Addendum",
    "Attendance",
    "AttendanceStatus",
    "ClinicalSettings",
    "CloneConfirmation",
    "Dimension",
    "DrugScreen",
    "GroupNote",
    "GroupNoteEntry",
    "Intervention",
    "Medication",
    "Method",
    "Modality",
    "Note",
    "NoteFormat",
    "NoteKind",
    "NoteLocked",
    "NoteStatus",
    "Objective",
    "ObjectiveStatus",
    "PlanReview",
    "PlanStatus",
    "Problem",
    "Result",
    "SafetyPlan",
    "ScreenResult",
    "Specimen",
    "Supervision",
    "TreatmentPlan",
]
