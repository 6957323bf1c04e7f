"""The versioned instrument: version 1 as seeded, frozen once published, copies, and past results that
no later version (or edit) rewrites."""

from decimal import Decimal

import pytest
from django.utils import translation

from accreditation import instrument, scoring, services
from accreditation.choices import Grade
from accreditation.models import (
    Accreditation,
    Descriptor,
    GradeRule,
    Indicator,
    InstrumentFrozen,
    InstrumentVersion,
    Standard,
)

from .helpers import draft, visited

pytestmark = pytest.mark.django_db


def test_version_1_has_the_six_standards_weights_scale_and_grades():
    version = InstrumentVersion.objects.current()
    assert version.number == 1 and version.is_published
    assert list(version.standards.values_list("name", flat=True)) == [
        "Program Pelayanan", "Proses Pelayanan", "Manajemen Organisasi", "Sumber Daya Manusia",
        "Sarana dan Prasarana", "Hasil Pelayanan",
    ]
    indicators = Indicator.objects.filter(standard__version=version)
    assert sum(i.weight for i in indicators) == Decimal("100")
    assert list(version.scale.values_list("value", "label")) == [(1, "Kurang"), (2, "Cukup"), (3, "Baik"), (4, "Sangat baik")]
    assert {(g.grade, g.min_score, g.validity_years) for g in version.grades.all()} == {
        ("A", Decimal("86.00"), 5), ("B", Decimal("71.00"), 3), ("C", Decimal("56.00"), 2),
    }
    for indicator in indicators.prefetch_related("descriptors"):
        assert [d.value for d in indicator.descriptors.all()] == [1, 2, 3, 4], indicator.code
    assert instrument.publication_problems(version) == []


def test_a_published_version_refuses_changes():
    version = InstrumentVersion.objects.current()
    indicator = Indicator.objects.filter(standard__version=version).first()
    indicator.weight = Decimal("50")
    with pytest.raises(InstrumentFrozen):
        indicator.save()
    with pytest.raises(InstrumentFrozen):
        indicator.delete()
    with pytest.raises(InstrumentFrozen):
        Standard.objects.create(version=version, number=7, name="Tambahan")
    with pytest.raises(InstrumentFrozen):
        GradeRule.objects.filter(version=version).first().save()
    with pytest.raises(InstrumentFrozen):
        Descriptor(indicator=indicator, value=5, text="x").save()
    indicator.refresh_from_db()
    assert indicator.weight != Decimal("50")


def test_copy_edit_and_publish_a_new_version():
    v1 = InstrumentVersion.objects.current()
    v2 = instrument.copy_version(v1, title="Instrumen 2027")
    assert v2.number == 2 and not v2.is_published
    assert InstrumentVersion.objects.current() == v1  # a draft is not used yet
    assert Indicator.objects.filter(standard__version=v2).count() == Indicator.objects.filter(standard__version=v1).count()
    indicator = Indicator.objects.filter(standard__version=v2, code="4.1").get()
    indicator.weight = Decimal("10")
    indicator.save()  # a draft can change
    instrument.publish(v2)
    assert InstrumentVersion.objects.current() == v2
    with pytest.raises(instrument.InstrumentError):
        instrument.publish(v2)


def test_publishing_refuses_an_incomplete_version():
    v2 = instrument.copy_version(InstrumentVersion.objects.current())
    GradeRule.objects.filter(version=v2, grade="B").update(min_score=Decimal("90"))
    Descriptor.objects.filter(indicator__standard__version=v2, indicator__code="1.1", value=4).delete()
    with pytest.raises(instrument.InstrumentError) as error:
        instrument.publish(v2)
    assert "A ke B ke C" in str(error.value) or "A to B to C" in str(error.value)
    assert "1.1" in str(error.value)
    assert not InstrumentVersion.objects.get(pk=v2.pk).is_published


def test_an_instrument_change_leaves_past_results_untouched(make_user):
    past, _visitation, _team = visited(make_user, score=lambda code: 4 if code.startswith("1.") else 3)
    before = (past.score, past.suggested_grade, past.result, past.snapshot)
    assert past.snapshot["version"] == 1
    assert (past.score, past.suggested_grade) == (Decimal("78.75"), Grade.B)

    # A new version with other weights and stricter cut-offs…
    v2 = instrument.copy_version(InstrumentVersion.objects.get(number=1))
    Indicator.objects.filter(standard__version=v2, standard__number=1).update(weight=Decimal("40"))
    GradeRule.objects.filter(version=v2, grade="B").update(min_score=Decimal("80"))
    instrument.publish(v2)
    # …and even a forced edit of version 1 behind the freeze (a raw UPDATE) change nothing of the past.
    Indicator.objects.filter(standard__version__number=1, standard__number=2).update(weight=Decimal("99"))
    GradeRule.objects.filter(version__number=1, grade="B").update(min_score=Decimal("79"))

    past = Accreditation.objects.get(pk=past.pk)
    assert (past.score, past.suggested_grade, past.result, past.snapshot) == before
    result, grade = services.computed_result(past)
    assert (result.score, grade) == (Decimal("78.75"), Grade.B)

    # A new accreditation is assessed with version 2.
    new = draft(make_user, name="LKSA Baru")
    assert new.instrument.number == 2 and new.snapshot["version"] == 2
    assert scoring.grade_for(Decimal("78.75"), new.snapshot) == Grade.C


def test_admin_shows_a_published_version_read_only(client, make_user):
    admin = make_user("balks_admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    version = InstrumentVersion.objects.current()
    indicator = Indicator.objects.filter(standard__version=version).first()
    assert client.get(f"/admin/accreditation/indicator/{indicator.pk}/change/").status_code == 200
    response = client.post(f"/admin/accreditation/indicator/{indicator.pk}/change/", {"code": "9.9", "weight": "1"})
    assert response.status_code == 403
    # Copy and publish through the admin actions.
    response = client.post(
        "/admin/accreditation/instrumentversion/",
        {"action": "copy_as_new_version", "_selected_action": [version.pk]},
        follow=True,
    )
    assert response.status_code == 200
    v2 = InstrumentVersion.objects.get(number=2)
    client.post("/admin/accreditation/instrumentversion/", {"action": "publish_version", "_selected_action": [v2.pk]})
    assert InstrumentVersion.objects.current() == v2


def test_a_grade_rule_is_named_with_the_languages_decimal_comma():
    """Issue 20 item 3: the Django admin lists grade rules by their name ("B ≥ 70,50", not "70.50")."""
    rule = GradeRule(grade="B", min_score=Decimal("70.50"), validity_years=3)
    with translation.override("id"):
        assert str(rule) == "B ≥ 70,50"
    with translation.override("en"):
        assert str(rule) == "B ≥ 70.50"
    assert str(GradeRule(grade="A", min_score=Decimal("86.00"), validity_years=5)) == "A ≥ 86"
