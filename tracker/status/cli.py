"""`tracker status`: the status view's figures in a terminal."""

import json

import click
from flask.cli import with_appcontext

from tracker.core.exceptions import ValidationFailed
from tracker.plans.filters import parse_assignment_filters
from tracker.status.answer import status_answer
from tracker.status.services import CLASSES, unit_status


@click.command("status")
@click.option("--plan", help="Plan code, e.g. 5959/QĐ-UBND.")
@click.option("--as-of", "as_of", help="Date (YYYY-MM-DD or dd/mm/yyyy); default today.")
@click.option("--area", help="Reform area code.")
@click.option("--period", help="2021, 2021-Q3 or 2021-07-01..2021-09-30.")
@click.option("--checkpoint", help="Only checkpoints of one period: 2021-Q3, 2021-09, 2021.")
@click.option("--unit-kind", "unit_kind", help="office, department, district or commune.")
@click.option(
    "--roll-up",
    "roll_up",
    is_flag=True,
    help="Today's units: closed units' figures in the unit they became.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON.")
@with_appcontext
def status_command(plan, as_of, area, period, checkpoint, unit_kind, roll_up, as_json):
    """Figures per unit, as the status page and /api/v1/status/units show them."""
    args = {
        "plan": plan,
        "as_of": as_of,
        "area": area,
        "period": period,
        "checkpoint": checkpoint,
        "unit_kind": unit_kind,
    }
    try:
        filters = parse_assignment_filters({k: v for k, v in args.items() if v})
    except ValidationFailed as error:
        raise click.UsageError(str(error)) from None
    data = status_answer(unit_status(filters, roll_up=roll_up)).as_json()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    header = f"{'unit':12} {'total':>6} " + " ".join(f"{c[:8]:>8}" for c in CLASSES)
    click.echo(f"as of {data['as_of']}\n{header}  done%  score")
    for row in [*data["units"], {"unit_code": "TOTAL", **data["totals"]}]:
        rate = "" if row["completion_rate"] is None else f"{row['completion_rate']:.0%}"
        points = "" if row["score"] is None else row["score"]
        counts = " ".join(f"{row[c]:>8}" for c in CLASSES)
        click.echo(f"{row['unit_code']:12} {row['total']:>6} {counts}  {rate:>5}  {points}")
