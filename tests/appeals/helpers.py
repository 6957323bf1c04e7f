"""A candidate the plenary declared *Belum Kompeten*, with the assessor who scored and the LSP admin who
chaired the plenary: what an appeal is about."""

from dataclasses import dataclass
from decimal import Decimal

from certification.exams import services
from portal.accounts.roles import Role
from tests.exams.helpers import (
    agreed,
    candidate,
    later_today,
    make_assessor,
    make_session,
    scores_for,
    secretariat_of,
    start_now,
)

WEAK = {"portfolio": Decimal(60), "knowledge": Decimal(50), "values": Decimal(55), "skills": Decimal(52),
        "practical": Decimal(58)}
GOOD = {"portfolio": Decimal(85), "knowledge": Decimal(80), "values": Decimal(80), "skills": Decimal(80),
        "practical": Decimal(78)}


@dataclass
class Failed:
    application: object
    booking: object
    session: object
    assessor: object  # AssessorProfile who scored the exam
    chair: object  # LSP admin who decided in the plenary
    staff: object


def failed_candidate(make_user, **worker_kwargs):
    session = make_session(capacity=5, starts_in=later_today(), cutoff=0)
    staff = secretariat_of(make_user)
    assessor = make_assessor(make_user)
    services.set_assessors(staff, session, [assessor])
    booking = services.book_seat(staff, candidate(make_user, **worker_kwargs), session)
    start_now(session)
    agreed(booking)
    services.check_in(staff, session, booking.code)
    booking.refresh_from_db()
    services.save_scores(assessor.user, booking, scores_for(booking, WEAK))
    services.close_attendance(staff, session)
    chair = make_user(Role.LSP_ADMIN)
    booking.refresh_from_db()
    services.hold_plenary(chair, session, [services.Decision(booking, "not_yet_competent",
                                                             feedback="Perdalam asesmen risiko.")])
    booking.refresh_from_db()
    booking.application.refresh_from_db()
    return Failed(booking.application, booking, session, assessor, chair, staff)


def appeal_answers(**overrides):
    return {
        "reasons": "Nilai ujian praktik tidak mencerminkan kinerja saya; penguji tidak menilai studi kasus kedua.",
        "process_explained": True, "discussed_with_assessor": True, "wants_help": False, "helper_name": "",
        **overrides,
    }
