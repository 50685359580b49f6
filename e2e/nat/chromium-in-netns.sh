#!/bin/sh
# Chromium inside a home namespace of the NAT test network (issue 18), for Playwright's
# executablePath: DSNAT_NS names the namespace, CHROMIUM_PATH the browser (Debian's by default).
# `ip netns exec` keeps the file descriptors Playwright talks over (--remote-debugging-pipe).
case "$DSNAT_NS" in dsnat-*) ;; *) echo "chromium-in-netns: DSNAT_NS must name a dsnat-* namespace" >&2; exit 2 ;; esac
exec ip netns exec "$DSNAT_NS" "${CHROMIUM_PATH:-/usr/bin/chromium}" "$@"
