#!/usr/bin/env bash
# A test network of our own (issue 18): Linux network namespaces on this machine, on addresses
# this script creates and removes, never touching the host's own interfaces or routes.
#
#   dsnat-pub   "the internet": bridge br0 10.231.0.1/24 (the anchor, its STUN and TURN listen here)
#   dsnat-ra    home router A: wan 10.231.0.2 on br0, lan 10.231.1.1, NAT (MASQUERADE) out of wan
#   dsnat-ha    Alice's home:  eth0 10.231.1.2, default route via router A
#   dsnat-rb    home router B: wan 10.231.0.3 on br0, lan 10.231.2.1, NAT out of wan
#   dsnat-hb    Bob's home:    eth0 10.231.2.2, default route via router B
#
# Usage: netns-nat.sh up [--symmetric]   builds it (symmetric: MASQUERADE --random, a new port per
#                                        destination, so hole punching cannot work)
#        netns-nat.sh down               removes every dsnat-* namespace (and with it every veth)
#        netns-nat.sh check              exits 0 if namespaces and iptables NAT work here
#        netns-nat.sh install-deps       apt-get installs iproute2, iptables and coturn if missing (CI)
# Needs root, iproute2 and iptables (Debian: apt-get install iproute2 iptables); coturn for TURN.
set -euo pipefail

PREFIX=dsnat-
PUB=${PREFIX}pub

down() {
  local ns
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^${PREFIX}" || true); do
    # processes still inside would keep the namespace's interfaces alive
    local pids
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    if [ -n "$pids" ]; then kill $pids 2>/dev/null || true; fi
    ip netns del "$ns" 2>/dev/null || true
  done
}

in_ns() { ip netns exec "$1" "${@:2}"; }

router() { # name wan-ip lan-net-prefix (e.g. 10.231.1) home-name symmetric
  local r=${PREFIX}$1 h=${PREFIX}$4 wan=$2 lan=$3 random=$5
  ip netns add "$r"
  ip netns add "$h"
  ip link add "w$1" netns "$PUB" type veth peer name wan netns "$r"
  in_ns "$PUB" ip link set "w$1" master br0 up
  in_ns "$r" ip addr add "$wan/24" dev wan
  in_ns "$r" ip link set wan up
  in_ns "$r" ip link set lo up
  in_ns "$r" ip route add default via 10.231.0.1
  ip link add lan netns "$r" type veth peer name eth0 netns "$h"
  in_ns "$r" ip addr add "$lan.1/24" dev lan
  in_ns "$r" ip link set lan up
  in_ns "$r" sysctl -qw net.ipv4.ip_forward=1
  in_ns "$r" iptables -t nat -A POSTROUTING -o wan -j MASQUERADE $random
  # a home router's firewall: nothing unsolicited comes in from the wan. Dropping (in filter, before
  # conntrack confirms the entry) also keeps a stray inbound probe from taking the port a later
  # outbound mapping needs, which would turn the cone NAT symmetric for that flow.
  in_ns "$r" iptables -A INPUT -i wan -m conntrack --ctstate NEW,INVALID -j DROP
  in_ns "$r" iptables -A FORWARD -i wan -m conntrack --ctstate NEW,INVALID -j DROP
  in_ns "$h" ip addr add "$lan.2/24" dev eth0
  in_ns "$h" ip link set eth0 up
  in_ns "$h" ip link set lo up
  in_ns "$h" ip route add default via "$lan.1"
}

up() {
  local random=''
  [ "${1:-}" = '--symmetric' ] && random='--random'
  down
  trap 'down' ERR
  ip netns add "$PUB"
  in_ns "$PUB" ip link set lo up
  in_ns "$PUB" ip link add br0 type bridge
  in_ns "$PUB" ip addr add 10.231.0.1/24 dev br0
  in_ns "$PUB" ip link set br0 up
  router ra 10.231.0.2 10.231.1 ha "$random"
  router rb 10.231.0.3 10.231.2 hb "$random"
  trap - ERR
}

check() {
  local ns=${PREFIX}check$$
  command -v iptables >/dev/null || { echo 'netns-nat: iptables is not installed' >&2; return 1; }
  ip netns add "$ns" || { echo 'netns-nat: cannot create a network namespace' >&2; return 1; }
  if ! ip netns exec "$ns" iptables -t nat -A POSTROUTING -o lo -j MASQUERADE --random 2>/dev/null; then
    ip netns del "$ns"
    echo 'netns-nat: iptables NAT (MASQUERADE) does not work here' >&2
    return 1
  fi
  ip netns del "$ns"
}

install_deps() {
  if command -v ip >/dev/null && command -v iptables >/dev/null && command -v turnserver >/dev/null; then return; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iproute2 iptables coturn >/dev/null
}

case "${1:-}" in
  install-deps) install_deps ;;
  up) up "${2:-}" ;;
  down) down ;;
  check) check ;;
  *) echo "usage: $0 up [--symmetric] | down | check | install-deps" >&2; exit 2 ;;
esac
