"""Roles of the portal. One role per account; a secretariat account belongs to one regional office."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant (social worker / TKS)")
    LKS_OPERATOR = "lks_operator", _("LKS operator")
    ASSESSOR = "assessor", _("Assessor")
    SECRETARIAT = "secretariat", _("Secretariat (regional office)")
    LSP_ADMIN = "lsp_admin", _("LSP admin (certification)")
    BALKS_ADMIN = "balks_admin", _("BALKS admin (accreditation)")
    #: Pejabat Pelindungan Data Pribadi (UU 27/2022 Pasal 53): people's requests about their data
    DPO = "dpo", _("Data protection officer")


#: Roles a visitor may pick when signing up; every other role is given by an admin.
SELF_SERVICE_ROLES = (Role.APPLICANT, Role.LKS_OPERATOR)
ADMIN_ROLES = (Role.LSP_ADMIN, Role.BALKS_ADMIN)
STAFF_ROLES = (Role.SECRETARIAT, Role.LSP_ADMIN, Role.BALKS_ADMIN)
