"""Consents pages: documents.py (the chart's consents, signing, disclosures), directory.py (providers,
referrals, templates), portal.py (the client's own documents and accounting)."""
