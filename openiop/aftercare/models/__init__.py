"""Aftercare: mutual-help meetings (meetings.py), aftercare plans (plans.py), alumni follow-ups (followups.py)."""
