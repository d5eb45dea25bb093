"""Python classes generated from the Designer forms in ``ui/`` (``python -m desktop.qt.uic``).

Never edit the ``ui_*.py`` files by hand: change the ``.ui`` file and regenerate.
"""
