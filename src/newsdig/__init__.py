"""newsdig: a self-hosted news search engine that also tells you who said what."""

__version__ = "0.1.0"
