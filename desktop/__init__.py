"""Review Desk (審査デスク): review of municipal applications, from intake to dispatched notice."""

__version__ = "0.1.0"
