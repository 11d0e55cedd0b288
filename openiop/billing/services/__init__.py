"""Billing writes: charges.py (attendance → charges and held days), claims.py (837 files, status,
835 remittances), authorizations.py (authorizations and utilization reviews)."""
