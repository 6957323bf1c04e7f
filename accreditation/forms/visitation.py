"""The visitation team's scores and their reconciliation."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.core.inputs import BIGINT_MAX

NOT_APPLICABLE = "na"


class VisitScoreForm(forms.Form):
    """One indicator's answer on site (Formulir C). static/js/accreditation.js sends one field at a
    time (the score or the note) with `at`, when it was given on the phone (ms since the epoch); the
    plain form sends both without `at`. `changes()` holds only the fields that were sent."""

    note = forms.CharField(label=_("Note"), required=False, strip=False)
    at = forms.IntegerField(required=False, min_value=0, max_value=BIGINT_MAX)

    def __init__(self, *args, scale, **kwargs):
        super().__init__(*args, **kwargs)
        values = [value for value, _label in scale]
        out_of_scale = gettext("Choose a score from %(low)s to %(high)s.") % {"low": min(values), "high": max(values)}
        # "Not applicable" is always a choice: the service refuses it where the indicator applies to
        # every LKS, with its own message.
        self.fields["score"] = forms.ChoiceField(
            label=_("Score"), required=False, error_messages={"invalid_choice": out_of_scale},
            choices=[("", "—"), *((str(value), label) for value, label in scale), (NOT_APPLICABLE, _("not applicable"))],
        )

    def clean_at(self):
        """A time from the future (a phone's clock ahead) counts as now: it must not keep every later
        answer from replacing this one."""
        from django.utils import timezone

        at = self.cleaned_data.get("at")
        return None if at is None else min(at, int(timezone.now().timestamp() * 1000))

    def changes(self):
        """The keyword arguments of services.save_visit_score for what was sent."""
        changes = {}
        if "score" in self.data:
            value = self.cleaned_data["score"]
            if value == NOT_APPLICABLE:
                changes["not_applicable"] = True
            else:
                changes["score"] = int(value) if value else None
        if "note" in self.data:
            changes["note"] = self.cleaned_data["note"]
        return changes

    def first_error(self):
        return next(iter(e for errors in self.errors.values() for e in errors), "")


class ReconcileForm(forms.Form):
    """The lead's one score per indicator; pre-filled where the team agrees or was settled before."""

    def __init__(self, *args, groups, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for _standard, rows in groups:
            for row in rows:
                indicator = row["indicator"]
                choices = [("", gettext("Choose"))] + [(str(v), f"{v} — {label}") for v, label in scale]
                if row["allows_na"]:
                    choices.append(("na", gettext("Not applicable")))
                initial = None
                if row["settled"] is not None:
                    initial = "na" if row["settled"].not_applicable else str(row["settled"].score)
                elif row["agreed"]:
                    initial = "na" if row["proposal"] == "na" else str(row["proposal"])
                self.fields[f"score_{indicator.pk}"] = forms.ChoiceField(
                    label=_("Team score"), choices=choices, required=True, initial=initial,
                )
                self.fields[f"note_{indicator.pk}"] = forms.CharField(
                    label=_("Note"), required=False, max_length=2000,
                    initial=row["settled"].note if row["settled"] is not None else "",
                )
                row["score_field"] = self[f"score_{indicator.pk}"]
                row["note_field"] = self[f"note_{indicator.pk}"]
                self.rows.append(row)

    def decisions(self):
        out = {}
        for row in self.rows:
            pk = row["indicator"].pk
            value = self.cleaned_data[f"score_{pk}"]
            out[pk] = (None if value == "na" else int(value), value == "na", self.cleaned_data.get(f"note_{pk}", ""))
        return out
