"""Browser journey of the CBT per unit: the LSP admin gives a unit its items on the blueprint page (at
360 px); after the test the candidate sees the result per unit once released, the proctor sees it in the
list and the assessor beside each unit on FR.AK.02 ("Tes tertulis: …")."""

from playwright.sync_api import expect

from certification import reference

from .conftest import PHONE, shoot, sign_in


def test_an_lsp_admin_gives_units_their_items_on_the_blueprint_page(server, page, make_user):
    from certification.cbt.models import Blueprint, BlueprintUnit
    from tests.cbt.test_units import units_setting

    reference.load()
    base = server.url
    _booking, _staff, admin, one, two = units_setting(make_user)
    sign_in(page, base, admin)
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/cbt/blueprints/{Blueprint.objects.get().scheme_id}/")
    expect(page.get_by_test_id("unit-quotas")).to_contain_text(f"{one.code} {one.title}")
    page.locator(f"#id_unit_{one.pk}").fill("12")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("Jumlah soal unit-unit berjumlah 12, lebih dari 10 soal tes.")
    page.locator(f"#id_unit_{one.pk}").fill("2")
    page.locator(f"#id_unit_{two.pk}").fill("5")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("bank-problem")).to_contain_text(f"unit {two.code} memerlukan 5 soal, bank berisi 4")
    shoot(page, "cbt-blueprint-units")
    assert dict(BlueprintUnit.objects.values_list("unit__code", "items")) == {one.code: 2, two.code: 5}


def test_the_results_per_unit_for_the_candidate_the_proctor_and_the_assessor(server, page, make_user):
    from certification.cbt import proctoring, services
    from certification.cbt.models import Attempt
    from tests.cbt.helpers import make_blueprint
    from tests.cbt.test_units import unit_items
    from tests.exams.helpers import start_now
    from tests.unitdecisions.helpers import sitting

    reference.load()
    base = server.url
    sit = sitting(make_user, scores=None)
    one, two = sit.units
    unit_items([(one, "knowledge", 3), (two, "values", 3), (None, "skills", 4)])
    make_blueprint(items=10)

    # The candidate's test: unit 1 two of three right, unit 2 all right; submitted and released.
    start_now(sit.session)
    user = sit.application.applicant
    started = services.start_attempt(user, sit.booking, None)
    attempt = started.attempt
    first = attempt.items.filter(version__unit=one).order_by("position").first()
    for seq, q in enumerate(attempt.items.select_related("version").order_by("position"), start=1):
        original = q.version.key if q.pk != first.pk else (q.version.key + 1) % len(q.order)
        services.save_answer(user, attempt.pk, started.token, {"key": f"answer-{seq:04d}", "item": q.position,
                                                               "choice": q.order.index(original), "seq": seq})
    services.submit(user, attempt)
    proctoring.release_results(sit.admin, sit.session)
    assert Attempt.objects.get().correct == 9

    page.context.clear_cookies()
    sign_in(page, base, user)
    page.goto(f"{base}/cbt/attempts/{attempt.pk}/")
    expect(page.get_by_test_id("cbt-units")).to_contain_text(f"{one.code} {one.title}: 2/3 benar, 66,67 %")
    shoot(page, "cbt-result-units")

    page.context.clear_cookies()
    sign_in(page, base, sit.staff)
    page.goto(f"{base}/cbt/sessions/{sit.session.pk}/proctor/")
    expect(page.get_by_test_id("proctor-units")).to_contain_text(f"{two.code}: 3/3 benar, 100 %")
    shoot(page, "cbt-proctor-units")

    page.context.clear_cookies()
    sign_in(page, base, sit.assessor.user)
    page.goto(f"{base}/assessment/units/{sit.booking.pk}/")
    expect(page.locator(f"#unit-{one.pk}")).to_contain_text("Tes tertulis 2/3 benar, 66,67 %")
    shoot(page, "cbt-ak02-written-test")
