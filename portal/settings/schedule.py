"""The periodic tasks Celery beat runs (read by `portal.settings`), with the staff dashboards' settings that
one of them uses. Every variable is documented in `.env.example`."""

from celery.schedules import crontab

from .environment import env, env_bool

#: Staff dashboards (docs/dashboards.md): how often beat rebuilds their summary rows (seconds); people with
#: welfare problems per certified worker needed (the 1:100 rule) and the national need when no province has one.
DASHBOARD_REFRESH_SECONDS = float(env("DASHBOARD_REFRESH_SECONDS", "600"))
DASHBOARD_PEOPLE_PER_WORKER = int(env("DASHBOARD_PEOPLE_PER_WORKER", "100"))
DASHBOARD_NATIONAL_NEED = int(env("DASHBOARD_NATIONAL_NEED", "155000"))
#: Without beat (the embedded mode: no Redis), a dashboard whose figures are older than DASHBOARD_REFRESH_SECONDS
#: rebuilds them when it is opened.
DASHBOARD_REBUILD_ON_VIEW = env_bool("DASHBOARD_REBUILD_ON_VIEW", not env("REDIS_URL"))
CELERY_BEAT_SCHEDULE = {
    # People's data requests past their 3×24-hour deadline: the data protection officers are reminded daily.
    "privacy-remind-overdue-requests": {
        "task": "portal.privacy.tasks.remind_overdue_requests",
        "schedule": crontab(minute=30),
    },
    # Personal-data breaches not yet notified: the officers are reminded 24 h and 6 h before the
    # 3×24-hour deadline, and daily once it is past.
    "privacy-remind-breaches": {
        "task": "portal.privacy.tasks.remind_breaches",
        "schedule": crontab(minute=40),
    },
    # Exams: the 7-day and 1-day reminders (each once), and certificates of Kompeten candidates whose
    # issuance batch was lost.
    "exams-reminders": {
        "task": "certification.exams.tasks.send_exam_reminders",
        "schedule": crontab(minute=15),
    },
    "exams-issue-missing-certificates": {
        "task": "certification.exams.tasks.issue_missing_certificates",
        "schedule": crontab(minute=45),
    },
    # The computer-based test: tests past their deadline are submitted and scored (CBT).
    "cbt-submit-expired-attempts": {
        "task": "certification.cbt.tasks.submit_expired_attempts",
        "schedule": 60.0,
    },
    "remind-overdue-assessments": {
        "task": "certification.assessment.tasks.remind_overdue_assessments",
        "schedule": 6 * 3600.0,
    },
    # Assessors whose No. Reg. MET expires in 90 or 30 days (ASSESSOR_LICENCE_REMINDER_DAYS), each once.
    "assessment-remind-expiring-licences": {
        "task": "certification.assessment.tasks.remind_expiring_licences",
        "schedule": crontab(hour=6, minute=40),
    },
    # Staff dashboards: their summary rows rebuilt from the live tables (portal/statistics; docs/dashboards.md).
    "dashboards-refresh": {
        "task": "portal.statistics.tasks.refresh_dashboards",
        "schedule": DASHBOARD_REFRESH_SECONDS,
    },
    "resend-pending-notifications": {
        "task": "portal.notifications.tasks.resend_pending",
        "schedule": float(env("NOTIFICATION_RESEND_SECONDS", "60")),
    },
    # Credentials: mark expired ones and send the 180/90/30-day reminders, daily (Asia/Jakarta).
    "credentials-expire-and-remind": {
        "task": "portal.credentials.tasks.expire_and_remind",
        "schedule": crontab(hour=int(env("CREDENTIAL_DAILY_HOUR", "1")), minute=5),
    },
    # Verifiable credentials: the signed status lists a lost task left behind are rebuilt.
    "credentials-rebuild-stale-status-lists": {
        "task": "portal.credentials.tasks.rebuild_stale_status_lists",
        "schedule": float(env("CREDENTIAL_STATUS_LIST_SWEEP_SECONDS", "300")),
    },
    # Complaints: the handler of a complaint past its stage's service level is reminded, once a day.
    # Appeals due within APPEAL_REMIND_DAYS or overdue: the handlers or the panel, once a day.
    "appeals-remind-due": {
        "task": "portal.appeals.tasks.remind_due",
        "schedule": crontab(hour=int(env("COMPLAINT_DAILY_HOUR", "7")), minute=35),
    },
    "complaints-remind-overdue": {
        "task": "portal.complaints.tasks.remind_overdue",
        "schedule": crontab(hour=int(env("COMPLAINT_DAILY_HOUR", "7")), minute=30),
    },
    # Documents attached to nothing for a day (failed or abandoned forms, replaced files) are deleted.
    "documents-purge-unattached": {
        "task": "portal.documents.tasks.purge_unattached",
        "schedule": crontab(hour=3, minute=20),
    },
    # Records whose retention period ended (drafts, documents of withdrawn applications, old messages…)
    # are deleted with their files, audited (portal/retention; docs/retention.md).
    "retention-apply": {
        "task": "portal.retention.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=50),
    },
    # Register imports a lost worker left waiting (checked or confirmed, never finished) are taken up again.
    "imports-resume-stale": {
        "task": "portal.imports.tasks.resume_stale_imports",
        "schedule": 300.0,
    },
    # Credentials whose PDF was not rendered (broker down at issuance, worker lost) are rendered.
    "credentials-render-missing-pdfs": {
        "task": "portal.credentials.tasks.render_missing_pdfs",
        "schedule": float(env("CREDENTIAL_PDF_SWEEP_SECONDS", "60")),
    },
}
