"""Figures per unit ("Tình hình thực hiện"), their exports, and the quarterly report."""
