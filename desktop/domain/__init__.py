"""Pure rules of Review Desk: no Qt, no SQLAlchemy, no ReportLab, no I/O beyond reading procedure files."""
