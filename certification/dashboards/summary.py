"""The certification dashboard's cells, computed from the live tables by the kernel's rebuild task
(`portal.statistics.summaries.rebuild`). One pass over each table, in batches; nothing here runs on a page.

Panels (the `panel` of each cell):
- funnel: applications by their status now, by the month the application was created;
- stays: days spent in each stage (from the workflow's audited transitions; a stage not yet left counts up
  to now), as a histogram (`days` = the bin) for the median and the 90th percentile;
- slowest: the open applications longest in their present stage (ten per cell of the finest grain);
- outcomes: Kompeten / Belum Kompeten, split by scheme, route and social-work education (`key2`);
- certified: valid worker certificates today, and those expiring within 6 and 12 months;
- exams: sessions, seats offered, booked, attended, no-shows and waitlisted bookings, by session month;
- assessors: open / submitted / overdue assignments per assessor, and the files assessed twice with and
  without a reconciliation (agreement between assessors)."""

import heapq
from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from certification.assessment.models import Assignment, Reconciliation
from certification.choices import ApplicationStatus
from certification.exams.models import BookingStatus, ExamBooking, ExamSession
from certification.exams.models.bookings import Attendance
from certification.models import Application, Scheme
from portal.credentials.models import Credential
from portal.regions.models import Province
from portal.statistics import summaries
from portal.statistics.summaries import Cell, Counter, day_bin, month

#: Stages with no time spent in them: the file is closed.
CLOSED = {
    ApplicationStatus.COMPETENT, ApplicationStatus.NOT_YET_COMPETENT, ApplicationStatus.INELIGIBLE,
    ApplicationStatus.WITHDRAWN, ApplicationStatus.ASSESSED_NOT_YET,
}
OUTCOMES = (ApplicationStatus.COMPETENT, ApplicationStatus.NOT_YET_COMPETENT)
SLOWEST_PER_CELL = 10
CHUNK = 20000


def build():
    counter = Counter()
    now = timezone.now()
    apps = _applications(counter)
    _stays(counter, apps, now)
    _certified(counter)
    _exams(counter)
    _assessors(counter, apps, now)
    return counter


def _dims(app):
    return {"province_id": app[3], "office_id": app[4], "scheme": app[5], "route": app[6], "funding": app[7]}


def _applications(counter):
    """{application id: (created_at, status, education, province, office, scheme, route, funding)}; counts the
    funnel and the outcomes on the way."""
    apps = {}
    rows = Application.objects.values_list(
        "pk", "created_at", "status", "applicant__worker_profile__social_work_education", "province_id",
        "regional_office_id", "round__scheme__code", "route__kind", "funding_source",
    ).order_by()
    for pk, *rest in rows.iterator(chunk_size=CHUNK):
        app = tuple(rest)
        apps[pk] = app
        dims = _dims(app)
        period = month(app[0])
        counter.add(Cell(panel="funnel", key=app[1], period=period, **dims))
        if app[1] in OUTCOMES:
            for key2 in ("", f"scheme:{app[5]}", f"route:{app[6]}", f"edu:{'yes' if app[2] else 'no'}"):
                counter.add(Cell(panel="outcomes", key=app[1], key2=key2, period=period, **dims))
    return apps


def _stays(counter, apps, now):
    starts = {pk: (app[0], ApplicationStatus.DRAFT) for pk, app in apps.items()}
    slowest = defaultdict(list)  # cell -> heap of (days, application id, stage)
    for pk, stage, days, current in summaries.stays(Application, starts, CLOSED, now, chunk=CHUNK):
        app = apps[pk]
        dims = _dims(app)
        period = month(app[0])
        counter.add(Cell(panel="stays", key=stage, days=day_bin(days), period=period, **dims))
        if current and stage != ApplicationStatus.DRAFT:
            heap = slowest[(period, *dims.values())]
            item = (days, pk, stage)
            if len(heap) < SLOWEST_PER_CELL:
                heapq.heappush(heap, item)
            else:
                heapq.heappushpop(heap, item)
    for (period, province_id, office_id, scheme, route, funding), heap in slowest.items():
        for days, pk, stage in heap:
            counter.add(Cell(
                panel="slowest", key=stage, key2=str(pk), days=days, period=period, province_id=province_id,
                office_id=office_id, scheme=scheme, route=route, funding=funding,
            ))


def _certified(counter):
    today = timezone.localdate()
    six, twelve = today + timedelta(days=182), today + timedelta(days=365)
    schemes = dict(Scheme.objects.values_list("credential_code", "code"))
    offices = dict(Province.objects.values_list("pk", "regional_office_id"))
    rows = (
        Credential.objects.filter(
            kind=Credential.Kind.WORKER_CERTIFICATE, status=Credential.Status.VALID, valid_until__gte=today
        )
        .values("province_id", "subject_code")
        .annotate(
            n=Count("id"),
            six=Count("id", filter=Q(valid_until__lte=six)),
            twelve=Count("id", filter=Q(valid_until__lte=twelve)),
        )
        .order_by()
    )
    for row in rows:
        dims = {
            "province_id": row["province_id"], "office_id": offices.get(row["province_id"]),
            "scheme": schemes.get(row["subject_code"], row["subject_code"] or ""),
        }
        for key, value in (("valid", row["n"]), ("expiring_6", row["six"]), ("expiring_12", row["twelve"])):
            if value:
                counter.add(Cell(panel="certified", key=key, **dims), value)


def _exams(counter):
    sessions = ExamSession.objects.values_list(
        "pk", "starts_at", "province_id", "regional_office_id", "scheme__code", "capacity", "kind", "tuk_id"
    ).order_by()
    by_session, tuk_of = {}, {}
    for pk, starts_at, province_id, office_id, scheme, capacity, kind, tuk_id in sessions.iterator(chunk_size=CHUNK):
        dims = {"province_id": province_id, "office_id": office_id, "scheme": scheme, "period": month(starts_at)}
        by_session[pk] = dims
        counter.add(Cell(panel="exams", key="sessions", key2=kind, **dims))
        counter.add(Cell(panel="exams", key="offered", key2=kind, **dims), capacity)
        if tuk_id is not None:  # by test site (TUK), too
            tuk_of[pk] = str(tuk_id)
            counter.add(Cell(panel="tuk", key="sessions", key2=str(tuk_id), **dims))
            counter.add(Cell(panel="tuk", key="offered", key2=str(tuk_id), **dims), capacity)
    bookings = (
        ExamBooking.objects.values("session_id", "kind")
        .annotate(
            booked=Count("id", filter=Q(status=BookingStatus.CONFIRMED)),
            waitlisted=Count("id", filter=Q(status=BookingStatus.WAITLISTED)),
            attended=Count("id", filter=Q(attendance=Attendance.PRESENT)),
            no_show=Count("id", filter=Q(attendance=Attendance.ABSENT)),
        )
        .order_by()
    )
    for row in bookings.iterator(chunk_size=CHUNK):
        dims = by_session.get(row["session_id"])
        for key in ("booked", "waitlisted", "attended", "no_show"):
            if row[key]:
                counter.add(Cell(panel="exams", key=key, key2=row["kind"], **dims), row[key])
                if row["session_id"] in tuk_of:
                    counter.add(Cell(panel="tuk", key=key, key2=tuk_of[row["session_id"]], **dims), row[key])


def _assessors(counter, apps, now):
    assignments = Assignment.objects.filter(role=Assignment.Role.ASSESSOR).values_list(
        "application_id", "assessor_id", "status", "due_at", "assigned_at"
    ).order_by()
    twice = defaultdict(int)
    for application_id, assessor_id, status, due_at, assigned_at in assignments.iterator(chunk_size=CHUNK):
        app = apps.get(application_id)
        if app is None:
            continue
        dims = {**_dims(app), "period": month(assigned_at)}
        if status == Assignment.Status.SUBMITTED:
            state = "submitted"
            twice[application_id] += 1
        elif status == Assignment.Status.CONFLICT:
            continue
        else:
            state = "overdue" if due_at < now else "open"
        counter.add(Cell(panel="assessors", key=f"assessor:{assessor_id}", key2=state, **dims))
    reconciled = set(Reconciliation.objects.values_list("application_id", flat=True))
    for application_id, n in twice.items():
        if n < 2 and application_id not in reconciled:
            continue
        app = apps[application_id]
        key2 = "reconciled" if application_id in reconciled else "agreed"
        counter.add(Cell(panel="agreement", key="double", key2=key2, period=month(app[0]), **_dims(app)))
