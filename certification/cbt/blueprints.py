"""Blueprints: one per scheme (the number of items, the time, the pass mark, the shares of the domains)
and their unit quotas; the pool a form is drawn from; why a bank is too small for a blueprint."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from portal.audit.services import record
from portal.core.text import sentence

from . import assembly
from .models import BlueprintUnit, Domain, ItemVersion
from .bank import keeps_blueprints
from .services import CbtError


def save_blueprint(actor, blueprint, *, quotas=None, request=None):
    """Save the blueprint; `quotas` {unit: items or None} (None: the unit has no quota) replaces the unit
    quotas when given: units of the scheme's published version, each ≥ 0, together ≤ the number of items."""
    if not keeps_blueprints(actor):
        raise PermissionDenied
    if sum(blueprint.shares.values()) != 100:
        raise CbtError(_("The shares of the domains must add up to 100 %."))
    with transaction.atomic():
        blueprint.updated_by = actor
        blueprint.save()
        if quotas is not None:
            _save_quotas(blueprint, quotas)
        record(actor, "cbt.blueprint", blueprint, after={
            "items": blueprint.item_count, "minutes": blueprint.time_limit_minutes, "pass_mark": str(blueprint.pass_mark),
            "shares": [blueprint.share_knowledge, blueprint.share_values, blueprint.share_skills],
            "units": {q.unit.code: q.items for q in blueprint.unit_quotas.select_related("unit")},
        }, request=request)
    return blueprint


def _save_quotas(blueprint, quotas):
    from certification.competency.models import SchemeVersion

    current = SchemeVersion.objects.current_for(blueprint.scheme_id)
    given = {unit: count for unit, count in quotas.items() if count is not None}
    if any(current is None or unit.version_id != current.pk for unit in given):
        raise CbtError(_("Unit quotas must name units of the scheme's published version."))
    if any(count < 0 for count in given.values()):
        raise CbtError(_("A unit's number of items cannot be negative."))
    if sum(given.values()) > blueprint.item_count:
        raise CbtError(_("The units' items add up to %(sum)s, more than the %(n)s items of the test.")
                       % {"sum": sum(given.values()), "n": blueprint.item_count})
    blueprint.unit_quotas.all().delete()
    BlueprintUnit.objects.bulk_create(BlueprintUnit(blueprint=blueprint, unit=unit, items=count) for unit, count in given.items())


def unit_quotas(blueprint):
    """{unit id: items} of the blueprint (empty without quotas)."""
    if blueprint.pk is None:
        return {}
    return dict(blueprint.unit_quotas.values_list("unit_id", "items"))


def pool(scheme):
    """The items a new form of `scheme` is drawn from: the current version of each item in the pool."""
    rows = ItemVersion.objects.filter(item__scheme=scheme, item__is_active=True, is_current=True).values_list(
        "pk", "domain", "options", "unit_id"
    )
    return [assembly.PoolItem(pk, domain, len(options), unit) for pk, domain, options, unit in rows]


def bank_problem(blueprint):
    """Why forms cannot be drawn for this blueprint, or None."""
    try:
        assembly.assemble(pool(blueprint.scheme), blueprint.item_count, blueprint.shares, 0, unit_quotas=unit_quotas(blueprint))
    except assembly.BankTooSmall as short:
        return shortage_message(short)
    return None


def shortage_message(short):
    labels = dict(Domain.choices)
    if short.conflict:
        return _("The unit quotas and the shares of the domains cannot be met together with the items in the bank: "
                 "add items to the units' short domains or change the quotas.")
    parts = [
        _("%(domain)s needs %(needed)s items, the bank has %(available)s")
        % {"domain": labels[domain], "needed": needed, "available": available}
        for domain, (needed, available) in short.shortages.items()
    ]
    from certification.competency.models import Unit

    codes = dict(Unit.objects.filter(pk__in=[u for u in short.units if u is not None]).values_list("pk", "code"))
    for unit, (needed, available) in short.units.items():
        name = _("unit %(code)s") % {"code": codes.get(unit, unit)} if unit is not None else _("the items outside the unit quotas")
        parts.append(_("%(domain)s needs %(needed)s items, the bank has %(available)s")
                     % {"domain": name, "needed": needed, "available": available})
    return sentence(_("The item bank is too small for the blueprint: %(parts)s") % {"parts": "; ".join(parts)})
