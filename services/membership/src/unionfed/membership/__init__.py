"""Membership register: service stations, grassroots unions (基层工会) and their members (会员)."""
