"""The registry's part of the data-subject export (portal.privacy.exporters): the worker profile
with its history entries and the assessor profile with its conflict declarations, in full (the
person's own NIK included)."""

from django.utils.translation import gettext_lazy as _

from portal.privacy.exporters import Section, document, iso

from .models import AssessorProfile, WorkerProfile


def worker_profile(user):
    profile = WorkerProfile.objects.select_related("province", "photo").filter(user=user).first()
    if profile is None:
        return None
    return {
        "nik": profile.nik,
        "full_name": profile.full_name,
        "birth_place": profile.birth_place,
        "birth_date": iso(profile.birth_date),
        "gender": profile.get_gender_display(),
        "phone": profile.phone,
        "province": profile.province.name if profile.province else None,
        "regency": profile.regency,
        "address": profile.address,
        "str_number": profile.str_number,
        "photo": document(profile.photo),
        "certification_status": profile.get_certification_status_display(),
        "derived": {
            "highest_education": profile.highest_education,
            "social_work_education": profile.social_work_education,
            "current_role": profile.get_role_type_display(),
            "current_employer": profile.employer,
            "practice_years": float(profile.practice_years),
            "practice_hours": profile.practice_hours,
            "training_hours": profile.training_hours,
        },
        "education": [
            {
                "level": e.level,
                "institution": e.institution,
                "study_programme": e.study_programme,
                "graduation_year": e.graduation_year,
                "social_work": e.social_work,
                "diploma": document(e.diploma),
            }
            for e in profile.educations.select_related("diploma")
        ],
        "employment": [
            {
                "employer": e.employer,
                "position": e.position,
                "role_type": e.get_role_type_display(),
                "start_date": iso(e.start_date),
                "end_date": iso(e.end_date),
                "hours_per_week": e.hours_per_week,
                "letter": document(e.letter),
            }
            for e in profile.employments.select_related("letter")
        ],
        "training": [
            {"title": t.title, "organiser": t.organiser, "hours": t.hours, "year": t.year, "certificate": document(t.certificate)}
            for t in profile.trainings.select_related("certificate")
        ],
    }


def assessor_profile(user):
    assessor = AssessorProfile.objects.select_related("regional_office").filter(user=user).first()
    if assessor is None:
        return None
    return {
        "institution": assessor.institution,
        "expertise": assessor.get_expertise_display(),
        "regional_office": str(assessor.regional_office),
        "is_active": assessor.is_active,
        "declarations": [
            {"kind": d.kind, "name": d.name, "nik": d.nik, "email": d.email, "reason": d.reason, "declared_on": iso(d.created_at)}
            for d in assessor.declarations.all()
        ],
    }


def erase_worker_profile(user):
    """The profile and its history entries go; the register of certified workers keeps the
    certificates themselves (portal.privacy's credentials part says so)."""
    deleted = WorkerProfile.objects.filter(user=user).delete()[0]
    return ([_("Your worker profile, education, employment and training history")] if deleted else []), []


def erase_assessor_profile(user):
    if not AssessorProfile.objects.filter(user=user).exists():
        return [], []
    # Assessments name their assessor: the profile stays with them, closed.
    AssessorProfile.objects.filter(user=user).update(is_active=False)
    return [], [_("Your assessor profile, closed: the assessments you made are records of the certification body")]


SECTIONS = [
    Section(
        key="worker_profile", title=_("Worker profile"), export=worker_profile, order=10,
        records=lambda user: [WorkerProfile.objects.filter(user=user)], erase=erase_worker_profile,
        actions={"registry.profile.view": _("Opened your full profile")}, owner="user",
        accesses={"registry.profile.view": _("Opened a full worker profile"),
                  "registry.workers.export": _("Exported the social-worker search (CSV)")},
        labels={
            "nik": _("NIK"), "birth_place": _("place of birth"), "birth_date": _("date of birth"), "gender": _("gender"),
            "phone": _("phone"), "province": _("province"), "regency": _("regency / city"), "address": _("address"),
            "str_number": _("STR number"), "photo": _("photo"), "certification_status": _("certification status"),
            "derived": _("summary (computed)"), "highest_education": _("highest education"),
            "social_work_education": _("social-work education"), "current_role": _("current role"),
            "current_employer": _("current employer"), "practice_years": _("years of practice"),
            "practice_hours": _("hours of practice"), "training_hours": _("training hours"),
            "education": _("education"), "level": _("level"), "institution": _("institution"),
            "study_programme": _("study programme"), "graduation_year": _("graduation year"),
            "social_work": _("social work"), "diploma": _("diploma"), "employment": _("employment"),
            "employer": _("employer"), "position": _("position"), "role_type": _("role"),
            "start_date": _("from"), "end_date": _("until"), "hours_per_week": _("hours per week"),
            "letter": _("letter"), "training": _("training"), "title": _("title"), "organiser": _("organiser"),
            "hours": _("hours"), "year": _("year"), "certificate": _("certificate"),
        },
    ),
    Section(
        key="assessor_profile", title=_("Assessor profile"), export=assessor_profile, order=15,
        records=lambda user: [AssessorProfile.objects.filter(user=user)], erase=erase_assessor_profile, owner="user",
        actions={"registry.assessor.create": _("Created your assessor profile"), "registry.assessor.update": _("Changed your assessor profile")},
        labels={
            "expertise": _("fields of expertise"), "regional_office": _("home regional office"), "is_active": _("active"),
            "declarations": _("declared conflicts of interest"), "kind": _("kind"), "name": _("name"),
            "reason": _("reason"), "declared_on": _("declared on"),
        },
    ),
]
