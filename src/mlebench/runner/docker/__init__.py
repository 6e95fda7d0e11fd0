"""The docker sandbox's images (``images``), its Dockerfile and ``rootfs.sh``; the backend is ``runner.sandbox.docker``."""
