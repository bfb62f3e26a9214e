"""The rules of aid (帮扶), in the standard library only."""
