"""The membership domain: stations, grassroots unions, members, transfers, the directory.

Standard library only: no framework, database or broker here.
"""
