"""Notifiers: how a nudge reaches the user. One module per way, each the only user of its client."""
