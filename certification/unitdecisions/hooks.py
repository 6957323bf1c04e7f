"""How the decisions per unit plug in: the printed forms and the file sections (`certification.extensions`),
the plenary's rule, the candidate's next steps."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification import extensions
from certification.models import Application
from portal.core.next_steps import NextStep

from . import rules, services, views
from .models import CandidateFeedback

AK02 = extensions.RecordForm(
    code="FR.AK.02", title=gettext_lazy("Assessment record of competency"), order=50,
    template="unitdecisions/pdf/ak02.html", context=views.ak02_context,
)
AK03 = extensions.RecordForm(
    code="FR.AK.03", title=gettext_lazy("Feedback and notes on the assessment"), order=60,
    template="unitdecisions/pdf/ak03.html", context=views.ak03_context,
)
AK05 = extensions.RecordForm(
    code="FR.AK.05", title=gettext_lazy("Assessment report"), order=70,
    template="unitdecisions/pdf/ak05.html", context=views.ak05_context,
)
AK06 = extensions.RecordForm(
    code="FR.AK.06", title=gettext_lazy("Review of the assessment process"), order=80,
    template="unitdecisions/pdf/ak06.html", context=views.ak06_context,
)
RECORDS = (AK02, AK03, AK05, AK06)

#: the link to FR.AK.02 on the assessor's score page; the decision per unit on the candidate's status page
SECTION = extensions.FileSection(
    template="unitdecisions/includes/section.html", context=views.section_context, places=("exam", "status"),
)

#: the plenary sees the decision per unit and decides on the assessor's recommendation
PLENARY_RULE = extensions.PlenaryRule(
    summaries=services.plenary_summaries,
    template="unitdecisions/includes/plenary_units.html",
    suggestion=services.plenary_suggestion,
    problem=services.plenary_problem,
    feedback=services.plenary_feedback,
)


def next_steps(user, obj):
    """The candidate's: give feedback on the assessment (FR.AK.03); re-sit only the Belum Kompeten units."""
    if not isinstance(obj, Application) or obj.applicant_id != user.pk:
        return []
    steps = []
    offer = services.resit_offer(obj)
    if offer is not None:
        started = services.existing_resit(obj)
        if started is not None:
            steps.append(NextStep(_("Open my re-sit application"), reverse("certification:application_detail", args=[started.application_id]), order=12))
        else:
            codes = ", ".join(u.code for u in offer[1])
            steps.append(NextStep(
                _("Re-sit the Belum Kompeten units"), reverse("unitdecisions:resit", args=[obj.pk]),
                note=_("Only units %(codes)s: a new application, prefilled from this one.") % {"codes": codes}, order=12,
            ))
    booking = services.exam_booking(obj)
    if (
        booking is not None and rules.may_give_feedback(user, booking) and services.units_of(obj)
        and not CandidateFeedback.objects.filter(booking=booking).exists()
    ):
        steps.append(NextStep(
            _("Give feedback on your assessment (FR.AK.03)"), reverse("unitdecisions:feedback", args=[obj.pk]), order=14,
        ))
    return steps


def seed_demo(users, options, log):
    """The demo's illustrative units: each fed by the exam components (portfolio and practical test for the
    first unit of a version, cognitive test and interview for the others). Idempotent."""
    from certification.competency.models import SchemeVersion

    from .models import UnitSource

    count = 0
    for version in SchemeVersion.objects.published().filter(illustrative=True).prefetch_related("units"):
        for index, unit in enumerate(version.units.all()):
            kinds = ("portfolio", "practical") if index == 0 else ("cognitive", "interview")
            for kind in kinds:
                _source, created = UnitSource.objects.get_or_create(unit=unit, component=kind)
                count += created
    if count:
        log(f"unit decisions: {count} scores feeding the illustrative units")
