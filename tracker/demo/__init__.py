"""Demo data: Quảng Trị's units as of 2021 and plans reconstructed from the Q3/2021 report."""
