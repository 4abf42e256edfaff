"""Periodic figures (số liệu báo cáo định kỳ): indicator sets, each unit's report per period,
the checks between figures and the province's totals."""
