"""How the units of competency plug in: the LSP admin's navigation link, the wizard step and the file
section on certification's pages (`certification.extensions`), demo data."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from certification import extensions
from certification.hooks import MENU
from portal.core.navigation import NavLink

from . import services, views


def nav_links(user):
    if user.is_lsp_admin:
        return [NavLink(_("Units of competency"), reverse("competency:schemes"), order=24, menu=MENU)]
    return []


#: FR.APL.02 in the applicant's wizard, before "Review and submit", where the application's scheme
#: version has units.
SELF_ASSESSMENT_STEP = extensions.WizardStep(
    name="self-assessment",
    label=gettext_lazy("Self-assessment"),
    short_label=pgettext_lazy("wizard step, short", "APL.02"),
    applies=services.applies,
    missing=services.missing,
    view=views.wizard_step,
)

#: The self-assessment per unit, read-only, on the secretariat's review page, the assessor's scoring page and
#: the applicant's status page.
SELF_ASSESSMENT_SECTION = extensions.FileSection(
    template="competency/includes/self_assessment_card.html",
    context=views.section_context,
    places=("review", "assessment", "status"),
)


def seed_demo(users, options, log):
    from .demo import seed

    seed(users, options, log)


#: FR.APL.02 printed as the standard form, in the candidate's assessment file.
APL02 = extensions.RecordForm(
    code="FR.APL.02",
    title=gettext_lazy("Self-assessment"),
    order=20,
    template="competency/pdf/apl02.html",
    context=views.record_context,
)
