"""The demo's illustrative units: published once (idempotent), marked illustrative where they are shown."""

import pytest

from certification import services as certification_services
from certification.competency import demo
from certification.competency.models import SchemeVersion
from certification.models import Scheme
from tests.certification.helpers import make_worker, open_round, standard_route

pytestmark = pytest.mark.django_db


def test_illustrative_units_are_seeded_once_and_marked(client, make_user, lsp_admin):
    lines = []
    demo.seed({"lsp_admin": lsp_admin}, {}, lines.append)
    demo.seed({"lsp_admin": lsp_admin}, {}, lines.append)
    assert lines == ["competency: illustrative units published for 4 scheme(s)."]
    versions = SchemeVersion.objects.order_by("scheme__order")
    assert [(v.scheme.code, v.number, v.illustrative, v.units.count()) for v in versions] == [
        ("ps-asisten", 1, True, 2), ("ps-generalis", 1, True, 3), ("ps-spesialis", 1, True, 2), ("tks", 1, True, 2),
    ]
    assert Scheme.objects.count() == 4

    user = make_worker(make_user)
    round_ = open_round()
    application = certification_services.start_application(user, round_, standard_route(round_))
    client.force_login(user)
    html = client.get(f"/applications/{application.pk}/step/self-assessment/").content.decode()
    assert "Unit ilustrasi: contoh untuk demonstrasi, bukan SKKNI resmi" in html
    client.force_login(lsp_admin)
    assert "ilustrasi" in client.get("/schemes/units/").content.decode()


def test_seed_demo_gives_the_demo_files_their_self_assessment(reference_data, capsys):
    from django.core.management import call_command

    from certification.assessment import reference as rubrics
    from certification.competency.models import ElementAnswer, SelfAssessment
    from certification.models import Application

    rubrics.load()
    call_command("seed_demo", password="Demo-Portal-2026")
    out = capsys.readouterr().out
    assert "competency: illustrative units published for 4 scheme(s)." in out
    submitted = Application.objects.exclude(status__in=["draft", "withdrawn"])
    assert submitted.count() > 0
    assert SelfAssessment.objects.filter(application__in=submitted).count() == submitted.count()
    counts = (SchemeVersion.objects.count(), SelfAssessment.objects.count(), ElementAnswer.objects.count())
    call_command("seed_demo", password="Demo-Portal-2026")
    assert (SchemeVersion.objects.count(), SelfAssessment.objects.count(), ElementAnswer.objects.count()) == counts
