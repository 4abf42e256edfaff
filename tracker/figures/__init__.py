"""Status figures kept by deltas: per (plan, unit, class) counts that PostgreSQL maintains in the
same transaction as every change of an assignment's periods, so that the figures of any day
cost what changed since, not what exists (see sql.py for how, check.py for the proof)."""
