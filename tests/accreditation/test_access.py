"""Who may see what: objects a user may not see answer 404 (IDOR), documents included; queues are
scoped to the user and their number of queries does not grow with their rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accreditation import scoring
from accreditation.instrument import current_version
from accreditation.models import Accreditation, TeamMember, Visitation
from portal.credentials.models import Credential
from portal.credentials.services import issue_credential
from portal.documents.services import store_upload
from portal.regions.models import RegionalOffice

from .helpers import (
    indicators,
    make_assessor,
    make_institution,
    pdf,
    png,
    scheduled,
    submitted,
)

pytestmark = pytest.mark.django_db


def urls_of(accreditation, visitation=None):
    institution = accreditation.institution
    indicator = indicators(accreditation)[0]
    get = [
        f"/lks/{institution.pk}/", f"/accreditation/{accreditation.pk}/", f"/accreditation/{accreditation.pk}/review/",
        f"/accreditation/{accreditation.pk}/visitation/", f"/accreditation/{accreditation.pk}/decision/",
        f"/accreditation/{accreditation.pk}/certificate.pdf",
    ]
    post = [
        (f"/accreditation/{accreditation.pk}/review/item/", {"item": f"indicator:{indicator.pk}", "status": "accepted"}),
        (f"/accreditation/{accreditation.pk}/review/accept-all/", {}),
        (f"/accreditation/{accreditation.pk}/review/decide/", {"action": "accept_for_visitation"}),
        (f"/accreditation/{accreditation.pk}/certify/", {}),
    ]
    if visitation is not None:
        get += [f"/visitations/{visitation.pk}/", f"/visitations/{visitation.pk}/calendar.ics",
                f"/visitations/{visitation.pk}/score/", f"/visitations/{visitation.pk}/reconcile/"]
        post += [
            (f"/visitations/{visitation.pk}/score/{indicator.pk}/", {"score": "1"}),
            (f"/visitations/{visitation.pk}/score/{indicator.pk}/photo/", {f"e{indicator.pk}-file": png()}),
            (f"/visitations/{visitation.pk}/submit/", {}),
            (f"/visitations/{visitation.pk}/complete/", {}),
        ]
    return get, post


def operator_urls(accreditation):
    institution = accreditation.institution
    indicator = indicators(accreditation)[0]
    get = [f"/lks/{institution.pk}/edit/", f"/lks/{institution.pk}/staff/",
           f"/accreditation/{accreditation.pk}/standard/1/"]
    post = [
        (f"/accreditation/{accreditation.pk}/answer/{indicator.pk}/", {f"i{indicator.pk}-score": "1"}),
        (f"/accreditation/{accreditation.pk}/evidence/{indicator.pk}/", {f"e{indicator.pk}-file": pdf()}),
        (f"/accreditation/{accreditation.pk}/recommendation/", {"number": "1/2", "date": "2026-01-01", "issuer": "x"}),
        (f"/accreditation/{accreditation.pk}/submit/", {}),
        (f"/lks/{institution.pk}/staff/", {"full_name": "X", "position": "Y", "role": "support"}),
        (f"/lks/{institution.pk}/operators/", {"email": "x@example.test"}),
        (f"/lks/{institution.pk}/accreditation/", {}),
    ]
    return get, post


def documents_of(accreditation):
    answer = accreditation.answers.filter(evidence__isnull=False).first()
    return [accreditation.institution.deed_document, accreditation.recommendation_document, answer.evidence.first().document]


def assert_404_everywhere(client, user, get, post, documents=()):
    client.force_login(user)
    for url in get:
        assert client.get(url).status_code == 404, (user.role, url)
    for url, data in post:
        assert client.post(url, data).status_code == 404, (user.role, url)
    for document in documents:
        assert client.get(f"/documents/{document.pk}/").status_code == 404, (user.role, document)


def test_the_operator_of_another_lks_gets_404(client, make_user):
    accreditation, visitation, _team = scheduled(make_user)
    other = make_user("lks_operator")
    make_institution(other, name="LKS Tetangga")
    get, post = urls_of(accreditation, visitation)
    own_get, own_post = operator_urls(accreditation)
    assert_404_everywhere(client, other, get + own_get, post + own_post, documents_of(accreditation))
    accreditation.refresh_from_db()
    assert accreditation.status == "visitation_scheduled" and accreditation.institution.staff.count() == 0


def test_an_assessor_not_on_the_team_gets_404(client, make_user):
    accreditation, visitation, team = scheduled(make_user)
    outsider = make_assessor(make_user, institution="Universitas Tadulako")
    get, post = urls_of(accreditation, visitation)
    own_get, own_post = operator_urls(accreditation)
    assert_404_everywhere(client, outsider.user, get + own_get, post + own_post, documents_of(accreditation))
    # The team sees the file, the LKS and its documents.
    client.force_login(team[1].user)
    for url in (f"/visitations/{visitation.pk}/", f"/visitations/{visitation.pk}/score/", f"/accreditation/{accreditation.pk}/"):
        assert client.get(url).status_code == 200, url
    for document in documents_of(accreditation):
        assert client.get(f"/documents/{document.pk}/").status_code == 200


def test_the_secretariat_of_another_region_gets_404(client, make_user):
    accreditation = submitted(make_user)  # Jawa Barat: Regional II
    other_region = make_user("secretariat", regional_office=RegionalOffice.objects.get(code="V"))
    get, post = urls_of(accreditation)
    assert_404_everywhere(client, other_region, get, post, documents_of(accreditation))
    assert accreditation.institution.name not in client.get("/accreditation/?status=all").content.decode()
    own_region = make_user("secretariat", regional_office=RegionalOffice.objects.get(code="II"))
    client.force_login(own_region)
    assert client.get(f"/accreditation/{accreditation.pk}/review/").status_code == 200
    assert accreditation.institution.name in client.get("/accreditation/").content.decode()
    for document in documents_of(accreditation):
        assert client.get(f"/documents/{document.pk}/").status_code == 200


def test_drafts_are_invisible_to_the_secretariat(make_user, region_ii, balks_admin):
    operator = make_user("lks_operator")
    from accreditation import services

    draft = services.start_accreditation(operator, make_institution(operator))
    assert not Accreditation.objects.visible_to(region_ii).filter(pk=draft.pk).exists()
    assert Accreditation.objects.visible_to(balks_admin).filter(pk=draft.pk).exists()


@pytest.mark.parametrize("role", ["applicant", "assessor", "lsp_admin", "lks_operator"])
def test_the_queues_are_for_their_roles(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get("/accreditation/").status_code == 404
    assert client.get("/accreditation/plenary/").status_code == 404


# ---- query counts -------------------------------------------------------------------------------------
def lightweight(make_user, count, status, *, region="II", province="32", visitation_for=None, certified=False):
    """`count` LKS with an accreditation in `status` (rows only: the list pages read nothing else)."""
    version = current_version()
    snapshot = scoring.snapshot_of(version)
    office = RegionalOffice.objects.get(code=region)
    made = []
    for index in range(count):
        operator = make_user("lks_operator")
        institution = make_institution(operator, name=f"LKS Uji {status} {index}", province=province)
        accreditation = Accreditation.objects.create(
            institution=institution, instrument=version, snapshot=snapshot, status=status, regional_office=office,
            province=institution.province, submitted_at=timezone.now() - timedelta(days=index), created_by=operator,
            visited_at=timezone.now(), score="80.00", suggested_grade="B",
        )
        if visitation_for is not None:
            visitation = Visitation.objects.create(
                accreditation=accreditation, date=timezone.localdate() + timedelta(days=index + 1),
                scheduled_by=operator,
            )
            TeamMember.objects.create(visitation=visitation, assessor=visitation_for, is_lead=True)
            TeamMember.objects.create(visitation=visitation, assessor=make_assessor(make_user), is_lead=False)
        if certified:
            credential = issue_credential(
                kind=Credential.Kind.LKS_ACCREDITATION, source=f"test:{accreditation.pk}", holder_name=institution.name,
                subject="Terakreditasi B (Baik)", subject_code="B", issuer="BALKS", province=institution.province,
            )
            accreditation.credential = credential
            accreditation.save(update_fields=["credential"])
            institution.current_accreditation, institution.grade = accreditation, "B"
            institution.accredited_until = credential.valid_until
            institution.save()
        made.append(accreditation)
    return made


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "role, url, status, extra",
    [
        ("secretariat", "/accreditation/", "submitted", {}),
        ("secretariat", "/accreditation/?status=desk_accepted", "desk_accepted", {}),
        ("balks_admin", "/accreditation/plenary/", "visited", {}),
        ("assessor", "/visitations/", "visitation_scheduled", {"visitation": True}),
        (None, "/lks/accredited/", "certified", {"certified": True}),
        ("lks_operator", "/lks/", "draft", {"own": True}),
    ],
)
def test_queue_queries_do_not_grow_with_rows(client, make_user, role, url, status, extra):
    user = make_user(role, regional_office=RegionalOffice.objects.get(code="II")) if role == "secretariat" else (
        make_user(role) if role else None
    )
    assessor = make_assessor(make_user) if role == "assessor" else None
    if role == "assessor":
        user = assessor.user
    if user is not None:
        client.force_login(user)
    client.get(url)  # the first request of a session does its own bookkeeping (MFA check, session save)

    def add(count):
        made = lightweight(make_user, count, status, visitation_for=assessor, certified=extra.get("certified", False))
        if extra.get("own"):
            from accreditation.models import InstitutionOperator

            for accreditation in made:
                InstitutionOperator.objects.create(institution=accreditation.institution, user=user)
        return made

    add(1)
    one = queries_for(client, url)
    add(5)
    many = queries_for(client, url)
    assert one == many, (url, one, many)
    page = client.get(url).content.decode()
    assert page.count(f"LKS Uji {status}") >= 6


@pytest.mark.parametrize("role", ["lks_operator", "secretariat", "balks_admin", "assessor"])
def test_the_dashboard_queries_do_not_grow_with_rows(client, make_user, role):
    user = make_user(role, regional_office=RegionalOffice.objects.get(code="II")) if role == "secretariat" else make_user(role)
    assessor = None
    if role == "assessor":
        from registry.models import AssessorProfile

        assessor = AssessorProfile.objects.create(user=user, institution="Universitas X", regional_office=RegionalOffice.objects.get(code="II"))
    client.force_login(user)
    client.get("/")  # the first request of a session does its own bookkeeping
    status = {"lks_operator": "draft", "secretariat": "submitted", "balks_admin": "visited", "assessor": "visitation_scheduled"}[role]

    def add(count):
        made = lightweight(make_user, count, status, visitation_for=assessor)
        if role == "lks_operator":
            from accreditation.models import InstitutionOperator

            for accreditation in made:
                InstitutionOperator.objects.create(institution=accreditation.institution, user=user)

    add(1)
    one = queries_for(client, "/")
    add(4)
    assert queries_for(client, "/") == one


def test_detail_pages_do_not_grow_with_evidence_and_photos(client, make_user):
    """The desk review, the standard page and the scoring page: a fixed number of queries whatever
    the number of files."""
    from accreditation import services

    accreditation, visitation, team = scheduled(make_user)
    operator = accreditation.institution.operators.get()
    desk = make_user("balks_admin")
    first = indicators(accreditation)[0]
    services.save_visit_score(team[0].user, visitation, first, score=3)
    services.add_visit_photo(team[0].user, visitation, first, png())
    pages = [
        (desk, f"/accreditation/{accreditation.pk}/review/"),
        (team[0].user, f"/visitations/{visitation.pk}/score/"),
        (team[0].user, f"/visitations/{visitation.pk}/reconcile/"),
    ]
    before = {}
    for user, url in pages:
        client.force_login(user)
        client.get(url)
        before[url] = queries_for(client, url)
    from accreditation.models import Evidence

    for answer in accreditation.answers.all()[:10]:
        Evidence.objects.create(answer=answer, document=store_upload(operator, pdf(), kind="accreditation:evidence"))
    for indicator in indicators(accreditation)[:10]:
        services.add_visit_photo(team[0].user, visitation, indicator, png())
        services.save_visit_score(team[0].user, visitation, indicator, score=3)
    for user, url in pages:
        client.force_login(user)
        client.get(url)
        assert queries_for(client, url) == before[url], url
    assert max(before.values()) <= 40, before
