"""All SQL lives here: the database connection, migrations and one repository per aggregate."""

from storage.db import Database
from storage.repository import Repository

__all__ = ["Database", "Repository"]
