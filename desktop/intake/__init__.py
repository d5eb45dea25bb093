"""Intake: reading exported applications (CSV, JSON, NDJSON) and their attachments.

Pure Python, no database: :mod:`.readers` turns a file into records, :mod:`.profiles`
says which column is which field, :mod:`.validation` checks and normalises one row.
The use case that writes cases and quarantine lives in :mod:`desktop.services.intake`.
"""
