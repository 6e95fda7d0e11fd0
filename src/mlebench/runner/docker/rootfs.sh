#!/bin/sh
# Make the local base image of the docker sandbox without any image registry:
# a minimal Debian root from debootstrap (Debian's package mirror), imported with `docker import`.
#
#   sh rootfs.sh [IMAGE] [SUITE] [MIRROR]      (as root; needs debootstrap and a running dockerd)
#
# Air-gapped: run it where the mirror is reachable, then `docker save IMAGE` and `docker load` it
# on the cluster, or point MIRROR at a local mirror.
set -eu
image="${1:-mlebench-rootfs:bookworm}"
suite="${2:-bookworm}"
mirror="${3:-http://deb.debian.org/debian}"
root="$(mktemp -d /tmp/mlebench-rootfs.XXXXXX)"
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates,curl,procps,libgomp1,libgl1,libglib2.0-0 \
    "$suite" "$root" "$mirror"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
tar -C "$root" -c . | docker import --change 'CMD ["/bin/sh"]' - "$image"
echo "imported $image"
