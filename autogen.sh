#!/bin/sh
# Generate configure and Makefile.in from a fresh checkout.
set -e
cd "$(dirname "$0")"
# autopoint copies gettext's po/ infrastructure and m4 macros.
autopoint --force
AUTOPOINT=true autoreconf --install --force
