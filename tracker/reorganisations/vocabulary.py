"""The words of a reorganisation table: its kinds of change (Hình thức) and of unit (Loại),
compared without case or diacritics."""

from __future__ import annotations

from tracker.core.text import fold

# Hình thức → what it does (one name per way a unit changes).
FORMS = {
    "hop nhat": "merge",
    "sap nhap": "absorb",
    "doi ten": "rename",
    "giai the": "dissolve",
    "thanh lap": "establish",
    "chia tach": "split",
}

# Loại → (kind, division type of a commune).
KINDS = {
    "van phong": ("office", None),
    "van phong ubnd tinh": ("office", None),
    "so": ("department", None),
    "ban": ("department", None),
    "nganh": ("department", None),
    "so ban nganh": ("department", None),
    "co quan chuyen mon": ("department", None),
    "huyen": ("district", None),
    "thi xa": ("district", None),
    "thanh pho": ("district", None),
    "cap huyen": ("district", None),
    "xa": ("commune", "xa"),
    "phuong": ("commune", "phuong"),
    "thi tran": ("commune", "thi_tran"),
    "dac khu": ("commune", "dac_khu"),
    "cap xa": ("commune", None),
    # The codes the API and the units pages use.
    "office": ("office", None),
    "department": ("department", None),
    "district": ("district", None),
    "commune": ("commune", None),
}


def kind_of(text: str) -> tuple[str, str | None] | None:
    """(kind, division type) that a Loại cell names, or None."""
    return KINDS.get(fold(text))
