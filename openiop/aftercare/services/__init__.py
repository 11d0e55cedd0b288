"""Writes of the aftercare app, by sub-domain: meetings (feeds), plans, participation."""
