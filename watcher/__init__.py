"""watcher: a local-first inbox watcher for job seekers."""

__version__ = "0.1.0.dev0"
