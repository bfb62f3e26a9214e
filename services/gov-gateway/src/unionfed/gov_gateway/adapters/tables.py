"""The aid service's database schema; its own database, shared with no one."""

from sqlalchemy import MetaData

from unionfed.common.db.tables import inbox_table, outbox_table
from unionfed.common.service.runtime import ServiceTables


def build_tables() -> ServiceTables:
    metadata = MetaData()
    return ServiceTables(metadata, outbox_table(metadata), inbox_table(metadata))
