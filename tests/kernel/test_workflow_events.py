"""Every transition says what happened (a past-tense event label) besides what its button says, and
the status timelines show the former: "Diajukan", never the button's "Ajukan"."""

import re

import pytest
from django.apps import apps
from django.utils import translation

from portal.workflow.engine import Workflow, perform
from tests.accreditation.helpers import submitted
from tests.certification.helpers import submitted_application


def registered_workflows():
    """The workflow of every model that has one (set on the class or in its AppConfig.ready)."""
    found = {}
    for model in apps.get_models():
        workflow = getattr(model, "workflow", None)
        if isinstance(workflow, Workflow):
            found[workflow.name] = workflow
    return found


def test_every_transition_of_every_workflow_has_a_past_tense_event_label():
    workflows = registered_workflows()
    assert sorted(workflows) == ["accreditation", "appeal", "application", "breach", "complaint", "credential", "data_request", "ticket"]
    assert {name: len(w.transitions) for name, w in workflows.items()} == {
        "accreditation": 10, "appeal": 3, "application": 18, "breach": 3, "complaint": 5, "credential": 4, "data_request": 2, "ticket": 3,
    }
    problems = []
    for language in ("id", "en"):
        with translation.override(language):
            for workflow in workflows.values():
                for t in workflow.transitions:
                    event, button = str(t.event_label).strip(), str(t.label).strip()
                    if not event or event.casefold() == button.casefold():
                        problems.append((language, workflow.name, t.name, button, event))
    assert problems == []


def test_the_indonesian_event_labels_are_not_the_buttons_imperative():
    """Indonesian makes the past tense with di-/ter-/ber- or a participle: "Ajukan" → "Diajukan"."""
    with translation.override("id"):
        labels = {
            (w.name, t.name): str(t.event_label)
            for w in registered_workflows().values() if w.name != "ticket" for t in w.transitions
        }
    assert labels[("application", "submit")] == "Diajukan"
    assert labels[("application", "return_for_revision")] == "Dikembalikan untuk perbaikan"
    assert labels[("accreditation", "return_for_revision")] == "Dikembalikan untuk perbaikan"
    assert labels[("credential", "suspend")] == "Dibekukan"
    assert labels[("complaint", "start")] == "Penanganan dimulai"
    imperative = re.compile(r"^(Ajukan|Kembalikan|Nyatakan|Tarik|Mulai|Rekomendasikan|Pesan|Batalkan|Catat|"
                            r"Terima|Jadwalkan|Selesaikan|Putuskan|Terbitkan|Bekukan|Cabut|Pulihkan|Tandai)\b")
    assert [key for key, label in labels.items() if imperative.match(label)] == []


def _timeline(html):
    match = re.search(r'<ol class="timeline[^"]*">(.*?)</ol>', html, re.S)
    assert match, "no timeline on the page"
    return [" ".join(t.split()) for t in re.findall(r'<div class="fw-semibold">(.*?)</div>', match.group(1), re.S)]


@pytest.mark.django_db
def test_the_application_timeline_says_what_happened(client, make_user, secretariat):
    application = submitted_application(make_user, province="12")  # Sumatera Utara: regional office I
    from certification import services

    item = application.documents.select_related("requirement").first()
    services.review_item(secretariat, item, "needs_revision", "Pindaian buram.")
    perform(application, "return_for_revision", secretariat)
    client.force_login(application.applicant)
    response = client.get(f"/applications/{application.pk}/")
    assert response.status_code == 200
    assert _timeline(response.content.decode()) == ["Diajukan", "Dikembalikan untuk perbaikan"]


@pytest.mark.django_db
def test_the_accreditation_timeline_says_what_happened(client, make_user):
    accreditation = submitted(make_user)
    client.force_login(accreditation.institution.operators.get())
    response = client.get(f"/accreditation/{accreditation.pk}/")
    assert response.status_code == 200
    assert _timeline(response.content.decode()) == ["Penilaian mandiri diajukan"]
