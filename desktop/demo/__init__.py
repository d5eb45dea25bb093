"""Synthetic demo data: residents from real postal data with invented names, scan-like attachments."""
