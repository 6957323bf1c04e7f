"""Where the sub-apps add to the application file without certification knowing them.

Certification's wizard has fixed steps (`queries.STEPS`); a sub-app may add a step of its own
(`register_step`, from its `AppConfig.ready()`), shown only for the applications it `applies` to, with
its own view and its own part of `services.missing_by_step` (so submission waits for it). It may also
show a part of the file on certification's pages and on the sub-apps' (`register_section`: the
secretariat's review page, the assessor's scoring page), rendered by the `{% file_sections %}` tag
(tag library `file_sections`). `certification.competency` adds the FR.APL.02 self-assessment this way.

The standard assessment records a BNSP-licensed LSP keeps (FR.APL.01, FR.APL.02, FR.MAPA.01, FR.AK.01…) are
`RecordForm`s (`register_record`): each sub-app says how its form is printed and for whom; certification
serves one form (`/applications/<id>/records/<code>.pdf`) and the candidate's whole assessment file (every
form that applies, in order, one PDF) without knowing the forms (`certification/records.py`).
"""

from collections.abc import Callable
from dataclasses import dataclass

_steps = []
_sections = []
_records = []
_plenary_rules = []


@dataclass(frozen=True, kw_only=True)
class WizardStep:
    #: the URL slug (`/applications/<id>/step/<name>/`) and the key in `missing_by_step`
    name: str
    #: the stepper's label and its short form on a phone; translatable (lazy)
    label: str
    short_label: str
    #: does the step belong to this application's wizard?
    applies: Callable[[object], bool]
    #: what is missing in this step before submission: translated strings
    missing: Callable[[object], list]
    #: `view(request, application, context)`: the page (GET) and its form posts; `context` is the wizard's
    view: Callable
    #: the fixed step it comes before
    before: str = "review"


@dataclass(frozen=True, kw_only=True)
class FileSection:
    #: the template rendered with the context below
    template: str
    #: `context(application, user, place)` → a dict, or None when there is nothing to show
    context: Callable
    #: the pages it appears on: "review" (secretariat), "assessment" (assessor's scoring page)
    places: tuple = ("review", "assessment")


@dataclass(frozen=True, kw_only=True)
class RecordForm:
    #: the form's standard code, as printed and in the URL: "FR.APL.02"
    code: str
    #: its standard title (translatable, lazy): "Asesmen Mandiri"
    title: str
    #: its place in the candidate's assessment file (APL.01 10, APL.02 20, MAPA.01 30, AK.01 40, AK.07 45,
    #: AK.02 50, AK.03 60, AK.05 70, AK.06 80)
    order: int
    #: a whole HTML document (it may extend certification/pdf/form_base.html), rendered by WeasyPrint
    template: str
    #: `context(application, user)` → a dict for the template, or None when the form does not apply to the
    #: application yet or `user` may not read it. The one place that decides who reads the printed form.
    context: Callable


@dataclass(frozen=True, kw_only=True)
class PlenaryRule:
    """How a sub-app takes part in the exam plenary (`certification.exams`): for the applications it
    `summaries`, the plenary shows `template` in the candidate's row and decides on the sub-app's
    suggestion and rule instead of the scores' (the scores fed the sub-app's record)."""

    #: `summaries(applications)` → {application id: summary} (a bounded number of queries), for the
    #: applications the rule applies to
    summaries: Callable
    #: rendered in the plenary's row with `summary`
    template: str
    #: `suggestion(summary)` → "competent", "not_yet_competent" or None: what the decision is prefilled with
    suggestion: Callable
    #: `problem(summary, result, reason)` → a translated refusal, or None
    problem: Callable
    #: `feedback(summary)` → the feedback for the candidate the form starts with ("" for none)
    feedback: Callable = lambda summary: ""


def register_plenary_rule(rule):
    if rule not in _plenary_rules:
        _plenary_rules.append(rule)
    return rule


def plenary_summaries(applications):
    """{application id: (rule, summary)}: the first rule that applies to each application."""
    found = {}
    for rule in _plenary_rules:
        for application_id, summary in rule.summaries(applications).items():
            found.setdefault(application_id, (rule, summary))
    return found


def register_step(step):
    if all(existing.name != step.name for existing in _steps):
        _steps.append(step)
    return step


def register_section(section):
    if section not in _sections:
        _sections.append(section)
    return section


def register_record(form):
    if all(existing.code != form.code for existing in _records):
        _records.append(form)
        _records.sort(key=lambda f: (f.order, f.code))
    return form


def record_forms():
    return list(_records)


def record_form(code):
    return next((form for form in _records if form.code == code), None)


def steps_for(application, base):
    """The wizard's steps for `application`: the fixed ones (`base`) with the sub-apps' that apply,
    each before the step it names."""
    names = list(base)
    for step in _steps:
        if step.applies(application):
            names.insert(names.index(step.before) if step.before in names else len(names), step.name)
    return names


def extra_step(name):
    return next((step for step in _steps if step.name == name), None)


def extra_missing(application):
    """{step name: [missing]} for the sub-apps' steps that apply."""
    return {step.name: list(step.missing(application)) for step in _steps if step.applies(application)}


def sections(application, user, place):
    """[(template, context)] for the page `place`."""
    shown = []
    for section in _sections:
        if place not in section.places:
            continue
        context = section.context(application, user, place)
        if context is not None:
            shown.append((section.template, context))
    return shown
