"""Unit quotas in the blueprint (assembly meets the quotas and the domain counts exactly, or says why
not: property-tested against an independent min-cut check) and the results per unit (the candidate's
page after release, the proctor's list, the assessor's FR.AK.02 page as evidence, never a decision)."""

from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from certification.cbt import blueprints, proctoring, services
from certification.cbt.assembly import DOMAINS, BankTooSmall, PoolItem, assemble, domain_counts
from certification.cbt.models import Blueprint, BlueprintUnit, Item, ItemVersion
from certification.models import Scheme
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from tests.auth import Client
from tests.competency.helpers import publish_units

from .helpers import make_blueprint, post_answer, ready_candidate, start
from .test_assembly import shares_strategy

UNITS = (1, 2, 3)


@st.composite
def unit_banks(draw):
    pool, next_id = [], 1
    for unit in (None,) + UNITS:
        for domain in DOMAINS:
            for _i in range(draw(st.integers(0, 6))):
                pool.append(PoolItem(next_id, domain, draw(st.sampled_from([4, 5])), unit))
                next_id += 1
    draw(st.randoms()).shuffle(pool)
    return pool


def feasible(pool, n, counts, quotas):
    """Independent of assembly: the largest form meeting the quotas and domain counts is the min cut
    of the groups → domains network (enumerated over every cut); it is feasible when that is n."""
    rest = n - sum(quotas.values())
    if rest < 0:
        return False
    groups = list(quotas) + [None]
    need = dict(quotas) | {None: rest}
    stock = {(g, d): sum(1 for p in pool if (p.unit_id if p.unit_id in quotas else None) == g and p.domain == d)
             for g in groups for d in DOMAINS}
    best = None
    for gs in product((0, 1), repeat=len(groups)):
        for ds in product((0, 1), repeat=len(DOMAINS)):
            cut = sum(need[g] for g, side in zip(groups, gs) if not side)
            cut += sum(stock[(g, d)] for g, gside in zip(groups, gs) if gside for d, dside in zip(DOMAINS, ds) if not dside)
            cut += sum(counts[d] for d, side in zip(DOMAINS, ds) if side)
            best = cut if best is None else min(best, cut)
    return best == n


@settings(max_examples=400, deadline=None)
@given(pool=unit_banks(), n=st.integers(1, 30), shares=shares_strategy, seed=st.integers(0, 2**62),
       quotas=st.dictionaries(st.sampled_from(UNITS), st.integers(0, 8), max_size=3))
def test_a_form_has_exactly_the_unit_quotas_and_the_domain_counts_or_none_exists(pool, n, shares, seed, quotas):
    counts = domain_counts(n, shares)
    try:
        form = assemble(pool, n, shares, seed, unit_quotas=quotas)
    except BankTooSmall as short:
        assert not feasible(pool, n, counts, quotas)  # exact: no other draw would have met the blueprint
        assert short.shortages or short.units or short.conflict
        return
    assert feasible(pool, n, counts, quotas)
    by_id = {p.version_id: p for p in pool}
    assert len(form) == n and len({p.version_id for p in form}) == n
    for unit, quota in quotas.items():
        assert sum(1 for p in form if by_id[p.version_id].unit_id == unit) == quota
    for domain in DOMAINS:
        assert sum(1 for p in form if by_id[p.version_id].domain == domain) == counts[domain]
    assert assemble(list(reversed(pool)), n, shares, seed, unit_quotas=quotas) == form  # same seed, same form


def test_a_conflict_between_quotas_and_domains_is_named():
    # Unit 1 has only knowledge items; 4 of unit 1 are wanted, but the shares give knowledge 3 of 10.
    pool = [PoolItem(i, "knowledge", 4, 1) for i in range(1, 5)] + [PoolItem(10 + i, d, 4) for i, d in enumerate(DOMAINS * 4)]
    with pytest.raises(BankTooSmall) as caught:
        assemble(pool, 10, {"knowledge": 30, "values": 30, "skills": 40}, 1, unit_quotas={1: 4})
    assert caught.value.conflict and not caught.value.shortages
    assert len(assemble(pool, 10, {"knowledge": 30, "values": 30, "skills": 40}, 1, unit_quotas={1: 3})) == 10


# ---- with the database ---------------------------------------------------------------------------------------
CODES = ("M.87SOS00.001.1", "M.87SOS00.002.1")


def unit_items(spec, scheme_code="ps-generalis"):
    """spec: [(unit or None, domain, n)]; the key of each item is option 0."""
    scheme = Scheme.objects.get(code=scheme_code)
    for unit, domain, n in spec:
        for i in range(n):
            item = Item.objects.create(scheme=scheme)
            ItemVersion.objects.create(item=item, number=1, domain=domain, unit=unit, stem=f"Soal {domain} {i}",
                                       options=[f"{domain}-{i}-{c}" for c in "ABCD"], key=0)


def units_setting(make_user, *, items=10):
    """A checked-in candidate; then the scheme's units published, a bank with units and a blueprint."""
    booking, staff = ready_candidate(make_user, items=items, bank=False)
    admin = make_user(Role.LSP_ADMIN)
    version = publish_units(admin, codes=CODES)
    one, two = version.units.order_by("order", "pk")
    unit_items([(one, "knowledge", 3), (one, "skills", 3), (two, "values", 4), (None, "knowledge", 3), (None, "values", 3),
                (None, "skills", 4)])
    return booking, staff, admin, one, two


def blueprint_post(blueprint, **units):
    data = {"item_count": blueprint.item_count, "time_limit_minutes": blueprint.time_limit_minutes, "pass_mark": "70",
            "share_knowledge": 30, "share_values": 30, "share_skills": 40, "shuffle_options": "on"}
    return data | {f"unit_{unit.pk}": value for unit, value in units.values()}


@pytest.mark.django_db
def test_the_blueprint_page_keeps_unit_quotas_and_refuses_bad_ones(make_user, client):
    booking, _staff, admin, one, two = units_setting(make_user)
    blueprint = Blueprint.objects.get(scheme__code="ps-generalis")
    client.force_login(admin)
    url = f"/cbt/blueprints/{blueprint.scheme_id}/"
    page = client.get(url).content.decode()
    assert 'data-testid="unit-quotas"' in page and "M.87SOS00.001.1 Unit M.87SOS00.001.1" in page
    response = client.post(url, blueprint_post(blueprint, a=(one, 4), b=(two, "")))
    assert response.status_code == 302
    assert dict(BlueprintUnit.objects.values_list("unit__code", "items")) == {"M.87SOS00.001.1": 4}
    event = AuditEvent.objects.filter(action="cbt.blueprint").latest("pk")
    assert event.after["units"] == {"M.87SOS00.001.1": 4}
    # More than the test, negative, not a number: said beside the field, nothing saved, never a 500.
    for a, b, message in [
        (8, 4, "Jumlah soal unit-unit berjumlah 12, lebih dari 10 soal tes."),
        (-1, "", "Pastikan nilai ini lebih besar dari atau sama dengan 0."),
        ("x", "", "Masukkan bilangan bulat."),
    ]:
        response = client.post(url, blueprint_post(blueprint, a=(one, a), b=(two, b)))
        assert response.status_code == 200
        assert message in response.content.decode()
    assert dict(BlueprintUnit.objects.values_list("unit__code", "items")) == {"M.87SOS00.001.1": 4}
    # A quota the bank cannot meet is named on the page.
    client.post(url, blueprint_post(blueprint, a=(one, 4), b=(two, 5)))
    page = client.get(url).content.decode()
    assert "unit M.87SOS00.002.1 memerlukan 5 soal, bank berisi 4" in page
    # Quotas the bank meets alone but not with the domain shares: unit 2 holds only values items (3 of 10).
    client.post(url, blueprint_post(blueprint, a=(one, ""), b=(two, 4)))
    page = client.get(url).content.decode()
    assert "Kuota unit dan bagian domain tidak dapat dipenuhi bersamaan" in page
    # Only LSP admins keep blueprints.
    for role in (Role.APPLICANT, Role.ASSESSOR, Role.SECRETARIAT):
        other = Client()
        other.force_login(make_user(role))
        assert other.get(url).status_code == 404
        assert other.post(url, blueprint_post(blueprint, a=(one, 1), b=(two, 1))).status_code == 404


@pytest.mark.django_db
def test_the_service_refuses_units_of_another_version(make_user):
    _booking, _staff, admin, one, _two = units_setting(make_user)
    blueprint = Blueprint.objects.get(scheme__code="ps-generalis")
    from tests.unitdecisions.helpers import units_version

    draft = units_version(admin).units.first()  # a unit of a draft version, not the published one
    with pytest.raises(services.CbtError, match="versi skema yang diterbitkan"):
        blueprints.save_blueprint(admin, blueprint, quotas={draft: 1})
    with pytest.raises(services.CbtError, match="lebih dari 10 soal"):
        blueprints.save_blueprint(admin, blueprint, quotas={one: 11})


def answer_all(client, attempt, right_units):
    """Answer every question: `right_units` {unit code: True, False or a test of the question} says which
    are right; questions of other units and without a unit are answered right."""
    for seq, q in enumerate(attempt.items.select_related("version", "version__unit").order_by("position"), start=1):
        code = q.version.unit.code if q.version.unit else None
        right = right_units.get(code, True)
        if callable(right):
            right = right(q)
        original = q.version.key if right else (q.version.key + 1) % len(q.order)
        assert post_answer(client, attempt, key=f"answer-{q.position:04d}", item=q.position, choice=q.order.index(original),
                           seq=seq).status_code == 200


@pytest.mark.django_db
def test_a_form_with_quotas_and_the_results_per_unit(make_user, client, django_assert_max_num_queries):
    booking, staff, admin, one, two = units_setting(make_user)
    blueprint = Blueprint.objects.get(scheme__code="ps-generalis")
    blueprints.save_blueprint(admin, blueprint, quotas={one: 3, two: 2})
    attempt = start(client, booking)
    codes = [q.version.unit.code if q.version.unit_id else None for q in attempt.items.select_related("version__unit")]
    assert codes.count("M.87SOS00.001.1") == 3 and codes.count("M.87SOS00.002.1") == 2
    domains = [q.version.domain for q in attempt.items.select_related("version")]
    assert (domains.count("knowledge"), domains.count("values"), domains.count("skills")) == (3, 3, 4)
    # Unit 1: the first question of it wrong (2/3); unit 2: all wrong (0/2).
    first = attempt.items.filter(version__unit=one).order_by("position").first().pk
    answer_all(client, attempt, {"M.87SOS00.001.1": lambda q: q.pk != first, "M.87SOS00.002.1": False})
    client.post(f"/cbt/attempts/{attempt.pk}/submit/")
    page = client.get(f"/cbt/attempts/{attempt.pk}/").content.decode()
    assert "cbt-units" not in page and "2/3" not in page  # not before release
    proctoring.release_results(admin, booking.session)
    page = client.get(f"/cbt/attempts/{attempt.pk}/").content.decode()
    assert 'data-testid="cbt-units"' in page
    assert "M.87SOS00.001.1</span> Unit M.87SOS00.001.1: 2/3 benar, 66,67 %" in page
    assert "M.87SOS00.002.1</span> Unit M.87SOS00.002.1: 0/2 benar, 0 %" in page
    # The proctor's list shows them to the staff, in a bounded number of queries.
    proctor = Client()
    proctor.force_login(staff)
    url = f"/cbt/sessions/{booking.session_id}/proctor/"
    proctor.get(url)
    with django_assert_max_num_queries(12):
        page = proctor.get(url).content.decode()
    assert 'data-testid="proctor-units"' in page and "M.87SOS00.001.1</span>: 2/3 benar, 66,67 %" in page
    # Another candidate, an assessor, a secretariat of another office: 404.
    from tests.exams.helpers import secretariat_of

    for user in (make_user(Role.APPLICANT), make_user(Role.ASSESSOR), secretariat_of(make_user, code="I")):
        other = Client()
        other.force_login(user)
        assert other.get(url).status_code == 404
        assert other.get(f"/cbt/attempts/{attempt.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_written_test_per_unit_is_evidence_on_the_fr_ak_02_page(make_user, client):
    """FR.AK.02 shows "Tes tertulis: 2/3 benar, 67 %" beside the unit; the assessor still decides."""
    from tests.exams.helpers import start_now
    from tests.unitdecisions.helpers import sitting

    sit = sitting(make_user, scores=None)
    one, two = sit.units
    unit_items([(one, "knowledge", 3), (two, "values", 3), (None, "skills", 4)])
    make_blueprint(items=10)
    start_now(sit.session)
    attempt = start(client, sit.booking)
    first = attempt.items.filter(version__unit=one).order_by("position").first().pk
    answer_all(client, attempt, {one.code: lambda q: q.pk != first, two.code: True})
    client.post(f"/cbt/attempts/{attempt.pk}/submit/")
    assessor = Client()
    assessor.force_login(sit.assessor.user)
    page = assessor.get(f"/assessment/units/{sit.booking.pk}/").content.decode()
    assert "Tes tertulis <span class=\"fw-semibold\">2/3 benar, 66,67 %</span>" in page
    assert "Tes tertulis <span class=\"fw-semibold\">3/3 benar, 100 %</span>" in page
    from certification.unitdecisions.models import UnitDecision

    assert not UnitDecision.objects.exists()  # the test decides nothing
