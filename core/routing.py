"""Routing: which unit handles a petition, from the routing table in config.yaml."""

from core.config import Routing
from core.labels import Category, Kind


def route(routing: Routing, kind: Kind, category: Category) -> str:
    """Return the code of the unit responsible for a petition of this kind and category.

    Every tố cáo goes to the confidential unit, whatever its category (DOMAIN.md section 4);
    otherwise the first rule whose kinds and categories both match wins (an empty list
    matches anything), else the default unit.
    """
    if kind is Kind.TO_CAO:
        return routing.confidential_unit
    for rule in routing.rules:
        if (not rule.kinds or kind in rule.kinds) and (
            not rule.categories or category in rule.categories
        ):
            return rule.unit
    return routing.default_unit
