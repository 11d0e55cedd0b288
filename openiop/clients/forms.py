from typing import Any, ClassVar

from django import forms

from openiop.accounts.models import Site
from openiop.clients.models import Client
from openiop.clients.services import CLIENT_FIELDS
from openiop.core.concurrency import new_form_token
from openiop.core.forms import BoundedDatesMixin

FIELD_ORDER = list(CLIENT_FIELDS)


class ClientForm(BoundedDatesMixin, forms.ModelForm[Client]):
    class Meta:
        model = Client
        fields = FIELD_ORDER
        widgets: ClassVar[dict[str, Any]] = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"}),
            "emergency_contact_phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
        }

    # The version the person opened (editing) or a one-time token (creating): see core/concurrency.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, sites: list[Site] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            del self.fields["token"]
            self.initial["version"] = instance.version
        else:
            del self.fields["version"]
            self.initial.setdefault("token", new_form_token())
        if sites is not None and len(sites) > 1:
            self.fields["site"] = forms.ModelChoiceField(queryset=Site.objects.filter(pk__in=[s.pk for s in sites]))
            self.order_fields(["site", *FIELD_ORDER])

    def _post_clean(self) -> None:
        # The service validates the model (full_clean) inside its transaction; skip the duplicate here.
        pass


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Search by name")
