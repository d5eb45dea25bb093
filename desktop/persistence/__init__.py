"""SQLAlchemy 2 models, repositories, units of work, engines and Alembic migrations.

The only package that imports SQLAlchemy or Alembic. What leaves it are plain domain
objects (:mod:`desktop.domain.cases`), never ORM rows.
"""
