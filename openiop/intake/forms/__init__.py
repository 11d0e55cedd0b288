from openiop.intake.forms.assessment import (
    AdmitForm,
    AssessmentForm,
    CosignForm,
    DiagnosisFormSet,
    SignForm,
    SubstanceFormSet,
    WindowFormSet,
    rows_of,
)
from openiop.intake.forms.pipeline import (
    BookForm,
    CallForm,
    CancelForm,
    ConvertForm,
    FollowUpForm,
    InquiryFilterForm,
    InquiryForm,
    ScreeningForm,
    TransitionForm,
)
from openiop.intake.forms.public import GetHelpForm

__all__ = [
    "AdmitForm",
    "AssessmentForm",
    "BookForm",
    "CallForm",
    "CancelForm",
    "ConvertForm",
    "CosignForm",
    "DiagnosisFormSet",
    "FollowUpForm",
    "GetHelpForm",
    "InquiryFilterForm",
    "InquiryForm",
    "ScreeningForm",
    "SignForm",
    "SubstanceFormSet",
    "TransitionForm",
    "WindowFormSet",
    "rows_of",
]
