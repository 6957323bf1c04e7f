"""The item bank of the computer-based test: who writes items, creating and editing them (a new version
once the current one is on a candidate's form), taking them in and out of the pool, importing them from a
spreadsheet (all or none)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from portal.audit.services import record

from .models import WRITE_ITEMS, Item, ItemVersion


# ---- who ----------------------------------------------------------------------------------------------------
def writes_items(user):
    return bool(getattr(user, "is_authenticated", False) and (user.is_lsp_admin or user.has_perm(WRITE_ITEMS)))


def keeps_blueprints(user):
    return bool(getattr(user, "is_authenticated", False) and user.is_lsp_admin)


# ---- items ------------------------------------------------------------------------------------------------
CONTENT_FIELDS = ("unit", "domain", "difficulty", "stem", "options", "key", "rationale", "image")


def create_item(actor, scheme, data, *, request=None, audit=True):
    """A new item with its first version. `data`: the version's fields (CONTENT_FIELDS)."""
    if not writes_items(actor):
        raise PermissionDenied
    with transaction.atomic():
        item = Item.objects.create(scheme=scheme, created_by=actor)
        version = ItemVersion.objects.create(item=item, number=1, created_by=actor, **_content(data))
        if audit:
            record(actor, "cbt.item_create", item, after={"version": 1}, request=request)
    return version


def _content(data):
    return {name: data.get(name) if name in ("unit", "image") else data[name] for name in CONTENT_FIELDS} | {
        "rationale": data.get("rationale") or "",
    }


def edit_item(actor, item, data, *, request=None):
    """Change an item. While its current version is on nobody's form it is changed in place; once a
    candidate's form holds it, the change makes a new version (the form keeps the one it showed)."""
    if not writes_items(actor):
        raise PermissionDenied
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        current = item.versions.select_for_update().get(is_current=True)
        content = _content(data)
        if all(_same(getattr(current, name), value) for name, value in content.items()):
            return current
        if current.is_used():
            ItemVersion.objects.filter(pk=current.pk).update(is_current=False)
            version = ItemVersion.objects.create(
                item=item, number=current.number + 1, created_by=actor, is_current=True, **content
            )
            record(actor, "cbt.item_version", item, before={"version": current.number}, after={"version": version.number},
                   request=request)
            return version
        for name, value in content.items():
            setattr(current, name, value)
        current.save()
        record(actor, "cbt.item_edit", item, after={"version": current.number}, request=request)
        return current


def _same(a, b):
    return (a.pk if hasattr(a, "pk") else a) == (b.pk if hasattr(b, "pk") else b)


def set_active(actor, item, active, *, request=None):
    if not writes_items(actor):
        raise PermissionDenied
    Item.objects.filter(pk=item.pk).update(is_active=active)
    record(actor, "cbt.item_pool", item, after={"active": active}, request=request)


def import_items(actor, scheme, rows, *, source_name="", request=None):
    """Create one item per parsed row (`spreadsheet.parse_items`, already free of errors), all or none."""
    if not writes_items(actor):
        raise PermissionDenied
    with transaction.atomic():
        versions = [create_item(actor, scheme, data, audit=False) for _row, data in rows]
        record(actor, "cbt.item_import", None, after={"scheme": scheme.code, "items": len(versions), "file": source_name},
               request=request)
    return versions
