from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from portal.audit.services import record

from . import rules
from .models import RetentionPolicy, RetentionRun


class RetentionPolicyForm(forms.ModelForm):
    kind = forms.ChoiceField(choices=())

    class Meta:
        model = RetentionPolicy
        fields = ["kind", "months", "enabled"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (k.key, _("%(label)s (default: %(months)s months)") % {"label": k.label, "months": k.default_months})
            for k in rules.kinds()
        ]
        self.fields["kind"].label = RetentionPolicy._meta.get_field("kind").verbose_name


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(admin.ModelAdmin):
    form = RetentionPolicyForm
    list_display = ["__str__", "kind", "months", "enabled", "updated_by", "updated_at"]
    readonly_fields = ["updated_by", "updated_at"]

    def save_model(self, request, obj, form, change):
        before = None
        if change:
            old = RetentionPolicy.objects.get(pk=obj.pk)
            before = {"kind": old.kind, "months": old.months, "enabled": old.enabled}
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        record(request.user, "retention.policy", obj, before=before,
               after={"kind": obj.kind, "months": obj.months, "enabled": obj.enabled}, request=request)

    def has_delete_permission(self, request, obj=None):
        return False  # switch a kind off instead: its default would otherwise apply again, silently


@admin.register(RetentionRun)
class RetentionRunAdmin(admin.ModelAdmin):
    list_display = ["kind", "started_at", "finished_at", "removed", "dry_run", "months", "cutoff"]
    list_filter = ["kind", "dry_run"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
