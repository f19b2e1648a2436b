"""kb: a troubleshooting knowledge-base builder for DocFX markdown articles."""

__version__ = "0.1.0"
