"""Printed notices: composition from a case record, layout on A4 for a 長形3号 window
envelope, the font check, the 2D code, and PDF output with ReportLab (the only package
that imports it). The services reach it through their ``NoticeRenderer`` port
(:mod:`desktop.services.notice_ports`); :mod:`desktop.app` wires it in."""
