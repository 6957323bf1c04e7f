"""Conflicts of interest between assessors and an LKS.

The registry's `AssessorProfile.conflicts_with(user)` judges an assessor against one person. An LKS
is an institution with operators, a leader and staff, so the check here applies the same rules to
all of them at once (for a whole list of assessors in a fixed number of queries):

- the assessor is an operator or a staff member of the LKS;
- the assessor's institution, or an institution the assessor declared, is the LKS (its name or its
  legal entity's name) or an employer of one of its operators;
- the assessor has worked for the LKS (registry employment history);
- a person the assessor declared is one of the LKS's operators (email, NIK or name), its leader or a
  staff member (name or NIK).
"""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from registry.models import AssessorProfile, Employment, WorkerProfile, normalize_name

from .choices import AccreditationStatus


class LksFacts:
    """The names and people of an LKS, normalised for comparison."""

    def __init__(self, institution):
        self.institution = institution
        self.names = {normalize_name(institution.name), normalize_name(institution.legal_entity_name)}
        self.names.discard("")
        operators = list(institution.operators.all())
        self.operator_ids = {u.pk for u in operators}
        self.emails = {u.email.lower() for u in operators if u.email}
        profiles = list(WorkerProfile.objects.filter(user_id__in=self.operator_ids).only("user_id", "nik", "full_name"))
        staff = list(institution.staff.select_related("worker").all())
        self.staff_user_ids = {s.worker.user_id for s in staff if s.worker_id}
        self.person_names = {normalize_name(u.full_name) for u in operators}
        self.person_names |= {normalize_name(p.full_name) for p in profiles}
        self.person_names |= {normalize_name(s.full_name) for s in staff}
        self.person_names.add(normalize_name(institution.leader_name))
        self.person_names.discard("")
        self.niks = {p.nik for p in profiles if p.nik} | {s.worker.nik for s in staff if s.worker_id and s.worker.nik}
        self.operator_employers = {
            normalize_name(name)
            for name in Employment.objects.filter(profile__user_id__in=self.operator_ids).values_list("employer", flat=True)
        }
        self.operator_employers.discard("")


def conflict_reasons(assessors, institution):
    """{assessor.pk: reason} for each assessor (AssessorProfile, declarations prefetched or not) who
    must not visit `institution`; assessors without a conflict are absent."""
    facts = LksFacts(institution)
    assessors = list(assessors)
    own_employers = {}
    for user_id, employer in Employment.objects.filter(
        profile__user_id__in=[a.user_id for a in assessors]
    ).values_list("profile__user_id", "employer"):
        own_employers.setdefault(user_id, set()).add(normalize_name(employer))
    declarations = {}
    from registry.models import ConflictDeclaration

    for declaration in ConflictDeclaration.objects.filter(assessor__in=assessors):
        declarations.setdefault(declaration.assessor_id, []).append(declaration)
    reasons = {}
    for assessor in assessors:
        reason = _reason(assessor, facts, own_employers.get(assessor.user_id, set()), declarations.get(assessor.pk, []))
        if reason:
            reasons[assessor.pk] = reason
    return reasons


def _reason(assessor, facts, own_employers, declarations):
    from registry.models import ConflictDeclaration

    if assessor.user_id in facts.operator_ids:
        return _("is an operator of this LKS")
    if assessor.user_id in facts.staff_user_ids:
        return _("works for this LKS")
    home = normalize_name(assessor.institution)
    if home and home in facts.names:
        return _("belongs to this LKS")
    if home and home in facts.operator_employers:
        return _("works at the same institution as an operator of this LKS")
    if own_employers & facts.names:
        return _("has worked for this LKS")
    for declaration in declarations:
        name = normalize_name(declaration.name)
        if declaration.kind == ConflictDeclaration.Kind.INSTITUTION:
            if name in facts.names or name in facts.operator_employers:
                return _("declared a conflict with %(name)s") % {"name": declaration.name}
        else:
            if (
                (declaration.email and declaration.email.lower() in facts.emails)
                or (declaration.nik and declaration.nik in facts.niks)
                or (name and name in facts.person_names)
            ):
                return _("declared a conflict with %(name)s") % {"name": declaration.name}
    return None


def conflict_reason(assessor, institution):
    return conflict_reasons([assessor], institution).get(assessor.pk)


def eligible_assessors(institution):
    """Active assessors with (assessor, conflict reason or None), best candidates first: the LKS's
    regional office, then LKS-management or matching expertise, then the fewest open visitations."""
    services = {s.field for s in institution.services.all()}
    expertise_for = {
        "children": "child_protection", "elderly": "elderly", "disability": "disability",
        "rehabilitation": "rehabilitation", "women": "women", "youth": "child_protection",
    }
    wanted = {"institutions"} | {expertise_for[s] for s in services if s in expertise_for}
    assessors = list(
        AssessorProfile.objects.filter(is_active=True, user__is_active=True)
        .select_related("user", "regional_office")
        .annotate(
            open_visits=Count(
                "visitation_memberships",
                filter=Q(visitation_memberships__visitation__accreditation__status=AccreditationStatus.VISITATION_SCHEDULED),
            )
        )
    )
    reasons = conflict_reasons(assessors, institution)
    office = institution.province.regional_office_id

    def rank(a):
        return (
            a.pk in reasons,
            a.regional_office_id != office,
            -len(wanted & set(a.expertise or [])),
            a.open_visits,
            a.user.full_name,
        )

    return [(a, reasons.get(a.pk)) for a in sorted(assessors, key=rank)]
