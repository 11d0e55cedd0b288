"""Pages of the aftercare app: meetings (finder, feeds), plans (staff), portal (the client's own)."""
