"""The Qt layer: the only package that imports PySide6.

Windows, dialogs, item models and the background task runner live here. Importing
this package itself imports nothing from Qt, so :mod:`desktop.qt.platform_check` can
run before Qt is loaded.
"""
