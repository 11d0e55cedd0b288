from typing import Any, ClassVar

from django import forms

from openiop.accounts.models import Site
from openiop.clients.models import Client
from openiop.clients.services import CLIENT_FIELDS

FIELD_ORDER = list(CLIENT_FIELDS)


class ClientForm(forms.ModelForm[Client]):
    class Meta:
        model = Client
        fields = FIELD_ORDER
        widgets: ClassVar[dict[str, Any]] = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"}),
            "emergency_contact_phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
        }

    def __init__(self, *args: Any, sites: list[Site] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if sites is not None and len(sites) > 1:
            self.fields["site"] = forms.ModelChoiceField(queryset=Site.objects.filter(pk__in=[s.pk for s in sites]))
            self.order_fields(["site", *FIELD_ORDER])

    def _post_clean(self) -> None:
        # The service validates the model (full_clean) inside its transaction; skip the duplicate here.
        pass


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Search by name")
