"""Reform areas of Nghị quyết 76/NQ-CP, in the order the quarterly report lists them."""

from flask_babel import lazy_gettext as _l

REFORM_AREAS = {
    "direction": _l("Direction, administration and communication"),
    "institutions": _l("Institutional reform"),
    "procedures": _l("Administrative procedure reform"),
    "organization": _l("Reform of the administrative apparatus"),
    "civil_service": _l("Civil service reform"),
    "public_finance": _l("Public finance reform"),
    "e_government": _l("E-government and digital government"),
}

AREA_CODES = tuple(REFORM_AREAS)
