"""Sandbox backends, one registry: ``get_backend("bwrap" | "docker" | "none")``."""

from mlebench.runner.sandbox.base import Handle, Limits, SandboxBackend, SandboxSpec, get_backend, register_backend

__all__ = ["Handle", "Limits", "SandboxBackend", "SandboxSpec", "get_backend", "register_backend"]
