"""The demo units' figures of 2021 for the indicator set (indicator_set_2021), as data: every
unit of 2021 (Văn phòng UBND tỉnh and the 19 departments, the 10 districts, their 119
communes) and each quarter I–III, with the day the unit sent them.

Quarter III's province totals are the seed report's exactly (shared/seeds: 104.671 received,
100.151 resolved, 99.618 on time, 533 late, 4.520 in hand, 4.464 within time, 56 late, …);
quarters I and II are scaled down plausibly so that the board has a previous period and a
chart. The totals are split over the units by fixed weights and a seeded random draw
(largest remainders, each part within its cap), so that every unit's figures pass every
check of the set and the parts add up to the totals exactly.

Submission days: the report is due on the 15th of the quarter's last month (the plan's
default rule). Most units send it on a working day from the 6th to the 15th; some send it
late, up to the quarter's last working day; every unit has sent it by the quarter's last
day, the report's date, so that the province's totals as of that day are the seed's. Units
that had not sent it on a day between the 15th and the end of the month are "missing" as of
that day.

Regenerate the shipped table with `python -m tracker.demo.indicator_values_2021`.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from tracker.demo import units as unit_data
from tracker.demo.indicator_set_2021 import TYPED

DATA = Path(__file__).parent / "data"
VALUES_FILE = DATA / "indicator-values-2021.csv"
SEED = 2021
PERIODS = ("2021-Q1", "2021-Q2", "2021-Q3")
COLUMNS = ("period", "unit_code", "submitted_on", *TYPED)
# Quốc khánh 2021 (2/9 and the day after): no unit sends a report then.
DAYS_OFF = {date(2021, 9, 2), date(2021, 9, 3)}

# The province's totals per quarter. Quarter III is the seed report's.
DOSSIERS = {  # resolved, in hand, resolved late, in hand late
    "2021-Q1": (78_412, 3_936, 702, 81),
    "2021-Q2": (91_873, 4_205, 615, 64),
    "2021-Q3": (100_151, 4_520, 533, 56),
}
POSTAL = {  # procedures registered, dossiers to date (cumulative: a unit's never go down)
    "2021-Q1": (471, 139_870),
    "2021-Q2": (498, 151_208),
    "2021-Q3": (526, 163_763),
}
FEEDBACK = {"2021-Q1": (9, 0), "2021-Q2": (12, 1), "2021-Q3": (17, 3)}  # received, in hand
STAFF = {"2021-Q1": (21_431, 12_716), "2021-Q2": (21_468, 19_874), "2021-Q3": (21_503, 21_503)}
# Agencies and public service units under autonomy: (province level, district level).
AUTONOMY = {"CQ_TU_CHU": (37, 151), "DVSN_TU_CHU": (109, 311)}
# Share of the dossiers by level, and the relative weight of each department and district.
LEVEL_SHARE = {"department": 0.25, "district": 0.40, "commune": 0.35}
DEPARTMENT_WEIGHTS = {
    "VPUBND": 0.3,
    "SNV": 2,
    "STP": 6,
    "SKHDT": 10,
    "STC": 1.5,
    "SCT": 5,
    "SNNPTNT": 3,
    "SGTVT": 14,
    "SXD": 2.5,
    "STNMT": 12,
    "STTTT": 1,
    "SLDTBXH": 6,
    "SVHTTDL": 1.5,
    "SKHCN": 0.8,
    "SGDDT": 3,
    "SYT": 6,
    "SNGV": 0.3,
    "TTT": 0.1,
    "BDT": 0.1,
    "BQLKKT": 1,
}
DISTRICT_WEIGHTS = {
    "461": 3,
    "462": 1,
    "464": 2,
    "465": 2,
    "466": 1.6,
    "467": 0.8,
    "468": 1.2,
    "469": 1.8,
    "470": 1.8,
    "471": 0.02,
}
# People per unit kind (the districts count their schools' teachers).
STAFF_SHARE = {"department": 0.32, "district": 0.56, "commune": 0.12}
STAFF_WEIGHTS = {"SGDDT": 12, "SYT": 10, "SNNPTNT": 3, "SVHTTDL": 2, "STNMT": 2}
# No agreement with the provincial post office: the island district.
NO_POSTAL_AGREEMENT = {"471"}
# Units that resolve many dossiers late (below the 98 % target some quarters).
LAGGARDS = {"465": 5, "STNMT": 3, "470": 3}
LATE_SHARE = 0.12  # of the units, in each quarter
FORCED_LATE = {"2021-Q3": {"461"}}  # TP Đông Hà (a demo login) sent Q3 late


def units_2021() -> list[tuple[str, str]]:
    """(code, kind) of every unit of 2021, office and departments counted as departments."""
    rows = [(unit_data.OFFICE[0], "department")]
    rows += [(code, "department") for code, *_ in unit_data.DEPARTMENTS]
    rows += [(code, "district") for code, *_ in unit_data.DISTRICTS]
    rows += [(code, "commune") for code, *_ in unit_data.communes()]
    return rows


def allocate(total: int, weights: list[float], caps: list[int] | None = None) -> list[int]:
    """`total` split in proportion to `weights` by largest remainders, no part above its cap;
    ValueError when the caps cannot hold it."""
    caps = caps or [total] * len(weights)
    if total > sum(cap for cap, w in zip(caps, weights, strict=True) if w > 0):
        raise ValueError(f"{total} does not fit in the caps")
    parts = [0] * len(weights)
    left = total
    while left:
        room = [i for i, w in enumerate(weights) if w > 0 and parts[i] < caps[i]]
        weight = sum(weights[i] for i in room)
        shares = {i: left * weights[i] / weight for i in room}
        given = 0
        for i in room:
            extra = min(int(shares[i]), caps[i] - parts[i])
            parts[i] += extra
            given += extra
        left -= given
        by_remainder = sorted(room, key=lambda i: (-(shares[i] - int(shares[i])), i))
        for i in by_remainder:
            if not left:
                break
            if parts[i] < caps[i]:
                parts[i] += 1
                left -= 1
    return parts


def _dossier_weights(rng: random.Random, units: list[tuple[str, str]]) -> list[float]:
    raw = []
    for code, kind in units:
        if kind == "department":
            raw.append(DEPARTMENT_WEIGHTS[code])
        elif kind == "district":
            raw.append(DISTRICT_WEIGHTS[code])
        else:
            raw.append(rng.uniform(0.6, 1.4))
    level_sum = {kind: 0.0 for kind in LEVEL_SHARE}
    for (_code, kind), weight in zip(units, raw, strict=True):
        level_sum[kind] += weight
    return [
        LEVEL_SHARE[kind] * weight / level_sum[kind]
        for (_code, kind), weight in zip(units, raw, strict=True)
    ]


def _noisy(rng: random.Random, weights: list[float], spread: float) -> list[float]:
    return [w * rng.uniform(1 - spread, 1 + spread) for w in weights]


def _by_level(kinds: list[str], share: dict, weights: dict, codes: list[str]) -> list[float]:
    counts = {kind: kinds.count(kind) for kind in share}
    return [
        share.get(kind, 0) * weights.get(code, 1) / _level_weight(kind, kinds, codes, weights)
        if counts.get(kind)
        else 0.0
        for code, kind in zip(codes, kinds, strict=True)
    ]


def _level_weight(kind: str, kinds: list[str], codes: list[str], weights: dict) -> float:
    return sum(weights.get(c, 1) for c, k in zip(codes, kinds, strict=True) if k == kind)


def _autonomy(rng: random.Random, units: list, levels: tuple[int, int]) -> list[int]:
    """A count of agencies under autonomy per unit: the province level's over the
    departments (at least one each: the department itself), the district level's over the
    districts; none for a commune."""
    province, district = levels
    departments = [k == "department" for _c, k in units]
    spread = allocate(
        province - sum(departments), [rng.uniform(0.2, 1.8) if d else 0 for d in departments]
    )
    districts = allocate(
        district, [DISTRICT_WEIGHTS[c] ** 0.3 if k == "district" else 0 for c, k in units]
    )
    return [int(d) + a + b for d, a, b in zip(departments, spread, districts, strict=True)]


def _submission_days(rng: random.Random, period: str, codes: list[str]) -> list[date]:
    year, quarter = int(period[:4]), int(period[-1])
    month = 3 * quarter
    due = date(year, month, 15)
    last = date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
    on_time = _working_days(date(year, month, 6), due)
    late = _working_days(due + timedelta(days=1), last)
    forced = FORCED_LATE.get(period, set())
    days = []
    for code in codes:
        is_late = code in forced or rng.random() < LATE_SHARE
        days.append(rng.choice(late if is_late else on_time))
    return days


def _working_days(first: date, last: date) -> list[date]:
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5 and day not in DAYS_OFF:
            days.append(day)
        day += timedelta(days=1)
    return days


def generate() -> dict[str, dict[str, dict]]:
    """period → unit code → {"submitted_on": date, code: value, …}."""
    rng = random.Random(SEED)
    units = units_2021()
    codes = [code for code, _kind in units]
    kinds = [kind for _code, kind in units]
    base = _dossier_weights(rng, units)
    lateness = [rng.lognormvariate(0, 0.8) * LAGGARDS.get(code, 1) for code in codes]
    postal = [0.0 if k == "commune" or c in NO_POSTAL_AGREEMENT else 1.0 for c, k in units]
    postal_weights = [w * p for w, p in zip(base, postal, strict=True)]
    procedure_weights = [
        p * (8 if k == "department" else 3) * rng.uniform(0.5, 1.5)
        for p, k in zip(postal, kinds, strict=True)
    ]
    staff_weights = _by_level(kinds, STAFF_SHARE, STAFF_WEIGHTS, codes)
    autonomy = {name: _autonomy(rng, units, levels) for name, levels in AUTONOMY.items()}
    previous_postal = [0] * len(units)
    previous_procedures = [0] * len(units)
    result: dict[str, dict[str, dict]] = {}
    for period in PERIODS:
        resolved_total, open_total, late_total, open_late_total = DOSSIERS[period]
        resolved = allocate(resolved_total, _noisy(rng, base, 0.15))
        in_hand = allocate(open_total, _noisy(rng, base, 0.4))
        late = allocate(
            late_total, [r * f for r, f in zip(resolved, lateness, strict=True)], resolved
        )
        open_late = allocate(
            open_late_total, [r * f for r, f in zip(in_hand, lateness, strict=True)], in_hand
        )
        procedures_total, postal_total = POSTAL[period]
        procedures = [
            a + b
            for a, b in zip(
                previous_procedures,
                allocate(procedures_total - sum(previous_procedures), procedure_weights),
                strict=True,
            )
        ]
        postal_dossiers = [
            a + b
            for a, b in zip(
                previous_postal,
                allocate(postal_total - sum(previous_postal), postal_weights),
                strict=True,
            )
        ]
        previous_procedures, previous_postal = procedures, postal_dossiers
        received_total, in_hand_total = FEEDBACK[period]
        feedback = allocate(
            received_total, [w if k != "commune" else 0 for w, k in zip(base, kinds, strict=True)]
        )
        feedback_open = allocate(in_hand_total, [float(f) for f in feedback], feedback)
        staff_total, declared_total = STAFF[period]
        staff = allocate(staff_total, _noisy(rng, staff_weights, 0.05))
        declared = allocate(declared_total, _noisy(rng, [float(s) for s in staff], 0.3), staff)
        days = _submission_days(rng, period, codes)
        rows = {}
        for i, code in enumerate(codes):
            rows[code] = {
                "submitted_on": days[i],
                "TIEP_NHAN": resolved[i] + in_hand[i],
                "DA_GIAI_QUYET": resolved[i],
                "GQ_DUNG_HAN": resolved[i] - late[i],
                "GQ_QUA_HAN": late[i],
                "DANG_GIAI_QUYET": in_hand[i],
                "DGQ_TRONG_HAN": in_hand[i] - open_late[i],
                "DGQ_QUA_HAN": open_late[i],
                "MOT_CUA": 1,
                "THOA_THUAN_BCCI": int(postal[i]),
                "TTHC_BCCI": procedures[i],
                "HO_SO_BCCI": postal_dossiers[i],
                "PAKN_TIEP_NHAN": feedback[i],
                "PAKN_DA_XU_LY": feedback[i] - feedback_open[i],
                "PAKN_DANG_XU_LY": feedback_open[i],
                "CBCCVC": staff[i],
                "CBCCVC_KE_KHAI": declared[i],
                "CQ_TU_CHU": autonomy["CQ_TU_CHU"][i],
                "DVSN_TU_CHU": autonomy["DVSN_TU_CHU"][i],
                "TRANG_TTDT": 1,
            }
        result[period] = rows
    return result


def table_bytes() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for period, rows in generate().items():
        for code, values in rows.items():
            writer.writerow(
                [period, code, values["submitted_on"].isoformat(), *(values[c] for c in TYPED)]
            )
    return buffer.getvalue().encode("utf-8")


@cache
def shipped_values() -> dict[str, dict[str, dict]]:
    """The shipped table: period → unit code → {"submitted_on": date, code: int, …}."""
    result: dict[str, dict[str, dict]] = {}
    with VALUES_FILE.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            values = {code: int(row[code]) for code in TYPED}
            values["submitted_on"] = date.fromisoformat(row["submitted_on"])
            result.setdefault(row["period"], {})[row["unit_code"]] = values
    return result


if __name__ == "__main__":
    VALUES_FILE.write_bytes(table_bytes())
    print(f"wrote {VALUES_FILE}")
