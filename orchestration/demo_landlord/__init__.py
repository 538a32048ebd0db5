"""Deterministic demo landlord: RPLS files in the real landlord layout, calibrated on public
statistics, with a history across millésimes and a known set of defects.

`python -m orchestration.demo_landlord --out <folder>` writes the files; `val_doise` expands the
real Val-d'Oise 2025 sample into the same layout.
"""
