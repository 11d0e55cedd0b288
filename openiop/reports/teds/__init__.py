"""TEDS admission and discharge records (docs/formats/teds.md): records.py is pure, export.py reads
the database and writes the file."""
