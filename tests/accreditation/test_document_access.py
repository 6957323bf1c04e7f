"""The documents of an accreditation, opened by every role through `/documents/<id>/`: the LKS's legal
documents, the self-assessment evidence, the Dinas Sosial recommendation and the visitation photos.
BALKS admins (accreditation) open them all, LSP admins (certification) none; the visiting team only
while its visitation is open — an assessor who visited the LKS once does not keep its papers."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from accreditation import services
from accreditation.models import Institution
from portal.accounts.roles import Role
from portal.regions.models import RegionalOffice
from portal.workflow.engine import perform

from .helpers import indicators, make_assessor, make_institution, png, scheduled, score_all

pytestmark = pytest.mark.django_db

LEGAL = ("deed", "decree", "registration", "licence", "npwp")
KINDS = (*LEGAL, "evidence", "recommendation", "photo")


def documents_of(accreditation, photo):
    institution = accreditation.institution
    evidence = accreditation.answers.filter(evidence__isnull=False).first().evidence.first().document
    return {
        **{name: getattr(institution, f"{name}_document") for name in LEGAL},
        "evidence": evidence,
        "recommendation": accreditation.recommendation_document,
        "photo": photo,
    }


def with_photo(make_user):
    """An accreditation of LKSA Pelita Hati (Jawa Barat: regional office II), its visitation scheduled,
    a photo taken on site by the team lead."""
    accreditation, visitation, team = scheduled(make_user)
    photo = services.add_visit_photo(team[0].user, visitation, indicators(accreditation)[0], png("ruang-tidur.png"))
    return accreditation, visitation, team, photo.document


def complete(accreditation, visitation, team):
    for assessor in team:
        score_all(visitation, assessor, 3)
    services.reconcile(
        team[0].user, visitation, {i.pk: (3, False, "") for i in indicators(accreditation)}
    )
    perform(accreditation, "complete_visitation", team[0].user)
    accreditation.refresh_from_db()
    assert accreditation.status == "visited"


def everyone(make_user, accreditation, team):
    offices = {o.code: o for o in RegionalOffice.objects.all()}
    other_operator = make_user("lks_operator")
    make_institution(other_operator, name="LKS Tetangga")
    return {
        "operator of the LKS": accreditation.institution.operators.get(),
        "operator of another LKS": other_operator,
        "applicant": make_user(Role.APPLICANT),
        "assessor of the team": team[1].user,
        "assessor not on the team": make_assessor(make_user, institution="Universitas Tadulako").user,
        "secretariat of the office (II)": make_user(Role.SECRETARIAT, regional_office=offices["II"]),
        "secretariat of another office (V)": make_user(Role.SECRETARIAT, regional_office=offices["V"]),
        "balks_admin": make_user(Role.BALKS_ADMIN),
        "lsp_admin": make_user(Role.LSP_ADMIN),
    }


def answers(client, users, documents):
    found = {}
    for role, user in users.items():
        client.force_login(user)
        for kind, document in documents.items():
            found[role, kind] = client.get(f"/documents/{document.pk}/").status_code
    return found


def expected(table):
    return {(role, kind): status for role, row in table.items() for kind, status in zip(KINDS, row)}


#                               deed decree reg  lic  npwp  evid  rec  photo
ALL, NONE = [200] * 8, [404] * 8
DURING_THE_VISIT = {
    "operator of the LKS": [200] * 7 + [404],
    "operator of another LKS": NONE,
    "applicant": NONE,
    "assessor of the team": ALL,
    "assessor not on the team": NONE,
    "secretariat of the office (II)": ALL,
    "secretariat of another office (V)": NONE,
    "balks_admin": ALL,
    "lsp_admin": NONE,
}


def test_every_role_for_every_document_during_the_visit(client, make_user):
    accreditation, visitation, team, photo = with_photo(make_user)
    documents = documents_of(accreditation, photo)
    assert len({d.pk for d in documents.values()}) == len(KINDS)
    for kind, document in documents.items():
        url = f"/documents/{document.pk}/"
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, f"{resolve_url(settings.LOGIN_URL)}?next={url}"), kind
    assert answers(client, everyone(make_user, accreditation, team), documents) == expected(DURING_THE_VISIT)


def test_once_the_visitation_is_complete_the_team_keeps_only_what_it_took(client, make_user):
    """The lead took the photo (theirs, as anything one uploads); the other member opened every paper
    while the visit was open and opens none of them once it is complete. The LKS, the desk and BALKS
    keep theirs."""
    accreditation, visitation, team, photo = with_photo(make_user)
    documents = documents_of(accreditation, photo)
    complete(accreditation, visitation, team)
    users = everyone(make_user, accreditation, team)
    users["assessor who took the photo (team lead)"] = team[0].user
    table = dict(DURING_THE_VISIT, **{"assessor of the team": NONE, "assessor who took the photo (team lead)": [404] * 7 + [200]})
    assert answers(client, users, documents) == expected(table)


def test_an_assessor_sees_the_lks_while_visiting_it_only(client, make_user):
    """`Institution.visible_to`: the LKS page (its legal documents' numbers and links) for the team of
    an open visitation; once the visit is complete, 404."""
    accreditation, visitation, team = scheduled(make_user)
    institution = accreditation.institution
    member = team[1].user
    assert list(Institution.objects.visible_to(member)) == [institution]
    client.force_login(member)
    assert client.get(f"/lks/{institution.pk}/").status_code == 200
    complete(accreditation, visitation, team)
    assert list(Institution.objects.visible_to(member)) == []
    assert client.get(f"/lks/{institution.pk}/").status_code == 404
    assert client.get(f"/documents/{institution.deed_document_id}/").status_code == 404
    # The visitation itself stays in the assessor's history.
    assert client.get(f"/visitations/{visitation.pk}/").status_code == 200
