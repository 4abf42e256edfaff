"""Rates and the reform-index style score of DOMAIN.md, from a unit's class counts."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from tracker.config import ConfigError, parse_str


@dataclass(frozen=True)
class ScoreBands:
    # (minimum weighted rate, share of the full score), highest first.
    bands: tuple[tuple[float, float], ...] = ((1.0, 1.0), (0.8, 0.5), (0.0, 0.0))
    late_weight: float = 0.5  # a late completion counts this much of an on-time one
    full_score: float = 100.0


def parse_bands(text: str) -> tuple[tuple[float, float], ...]:
    """ "100:1,80:0.5,0:0" → ((1.0, 1.0), (0.8, 0.5), (0.0, 0.0)); rates given in percent."""
    bands = []
    for part in text.split(","):
        rate, _, share = part.partition(":")
        bands.append((float(rate) / 100, float(share)))
    if not bands or any(not 0 <= r <= 1 or not 0 <= s <= 1 for r, s in bands):
        raise ValueError("bands are percent:share pairs, e.g. 100:1,80:0.5,0:0")
    return tuple(sorted(bands, reverse=True))


def current_bands() -> ScoreBands:
    return current_app.config.get("SCORE_BANDS") or ScoreBands()


def rates(done_on_time: int, done_late: int, overdue: int) -> tuple[float | None, float | None]:
    """Completion rate = done / (done + overdue); on-time rate = on time / (done + overdue)."""
    judged = done_on_time + done_late + overdue
    if judged == 0:
        return None, None
    return (done_on_time + done_late) / judged, done_on_time / judged


def score(done_on_time: int, done_late: int, overdue: int, bands: ScoreBands) -> float | None:
    judged = done_on_time + done_late + overdue
    if judged == 0:
        return None  # nothing was due yet: not scored
    weighted = (done_on_time + bands.late_weight * done_late) / judged
    for minimum, share in bands.bands:
        if weighted >= minimum - 1e-9:
            return round(bands.full_score * share, 2)
    return 0.0


def bands_from_environment() -> ScoreBands:
    """The score bands of TRACKER_SCORE_BANDS and friends; ConfigError when they are wrong."""
    raw = parse_str("TRACKER_SCORE_BANDS", "100:1,80:0.5,0:0")
    try:
        bands = parse_bands(raw)
    except ValueError as error:
        raise ConfigError(f"TRACKER_SCORE_BANDS={raw!r}: {error}") from None
    late = parse_str("TRACKER_SCORE_LATE_WEIGHT", "0.5")
    full = parse_str("TRACKER_SCORE_FULL", "100")
    try:
        return ScoreBands(bands=bands, late_weight=float(late), full_score=float(full))
    except ValueError:
        raise ConfigError("TRACKER_SCORE_LATE_WEIGHT and TRACKER_SCORE_FULL are numbers") from None
