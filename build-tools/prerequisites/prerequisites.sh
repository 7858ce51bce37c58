#!/usr/bin/env bash
# Makes sure this machine has the programs the tests use besides the JDK that builds: Chromium and chromedriver
# (browser tests), redis-server and redis-cli (the Redis backplane's tests), Node 18.19 or later (the client's tests, the token
# scan) and a JDK 21 or later (the benchmark's quick check: Atmosphere 4 needs it).
#
# What is missing is installed with Debian's apt-get when this runs as root with apt-get and a network, as CI
# does. Otherwise it stops at once, exit status 1, with one message naming each missing program and the command
# that installs it. Exit status 0: everything is there. Run by ./verify before ./mvnw verify.
set -uo pipefail

readonly NODE_MINIMUM=(18 19)
readonly JDK_MINIMUM=21

problems=()  # one line per missing program
packages=()  # the Debian packages that provide them

need() { # description, reason, package (empty: none in this Debian)
    problems+=("  - $1: $2${3:+ (Debian package $3)}")
    [[ -n "${3:-}" ]] && packages+=("$3")
}

on_path() {
    local name
    for name in "$@"; do
        command -v "$name" >/dev/null 2>&1 && return 0
    done
    return 1
}

# The feature version of the JDK in directory $1 (21 for 21.0.4), from its release file; empty if it is none.
jdk_feature() {
    local release="$1/release" line version
    [[ -f "$release" && -x "$1/bin/javac" ]] || return 0
    while IFS= read -r line; do
        if [[ "$line" == JAVA_VERSION=* ]]; then
            version="${line#JAVA_VERSION=}"
            version="${version//\"/}"
            echo "${version%%[.+-]*}"
            return 0
        fi
    done <"$release"
}

# Where the benchmark looks for a JDK 21 (realtime-bench's Jdk.locate), in its order; prints the first found.
find_jdk() {
    local candidate feature
    if [[ -n "${BENCH_JDK:-}" ]]; then
        feature="$(jdk_feature "$BENCH_JDK")"
        [[ -n "$feature" && "$feature" -ge $JDK_MINIMUM ]] && echo "$BENCH_JDK"
        return 0
    fi
    local candidates=()
    [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
    if on_path java; then
        candidate="$(readlink -f "$(command -v java)")"
        candidates+=("${candidate%/bin/java}")
    fi
    for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* "${HOME:-/nonexistent}"/.sdkman/candidates/java/*; do
        [[ -d "$candidate" ]] && candidates+=("$candidate")
    done
    for candidate in "${candidates[@]}"; do
        feature="$(jdk_feature "$candidate")"
        if [[ -n "$feature" && "$feature" -ge $JDK_MINIMUM ]]; then
            echo "$candidate"
            return 0
        fi
    done
}

# The version of node on the PATH as "major minor", or nothing.
node_version() {
    local version
    version="$(node --version 2>/dev/null)" || return 0
    version="${version#v}"
    local major="${version%%.*}" rest="${version#*.}"
    echo "$major ${rest%%.*}"
}

# The first Debian package of a JDK 21 or later that apt offers, or nothing (Debian 12 offers none).
jdk_package() {
    local package
    on_path apt-cache || return 0
    for package in openjdk-25-jdk-headless openjdk-21-jdk-headless; do
        if apt-cache policy "$package" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
            echo "$package"
            return 0
        fi
    done
}

survey() {
    problems=()
    packages=()
    on_path chromium chromium-browser google-chrome \
        || need "Chromium, for the browser tests" "no chromium on the PATH" chromium
    on_path chromedriver || need "chromedriver, which drives Chromium" "no chromedriver on the PATH" chromium-driver
    on_path redis-server \
        || need "redis-server, for the Redis backplane's tests" "no redis-server on the PATH" redis-server
    on_path redis-cli \
        || need "redis-cli, which joins the Redis Cluster tests' nodes" "no redis-cli on the PATH" redis-tools
    local node
    node="$(node_version)"
    if [[ -z "$node" ]]; then
        need "Node ${NODE_MINIMUM[0]}.${NODE_MINIMUM[1]} or later, for the client's tests and the token scan" \
            "no node on the PATH" nodejs
    else
        read -r major minor <<<"$node"
        if ((major < NODE_MINIMUM[0] || (major == NODE_MINIMUM[0] && minor < NODE_MINIMUM[1]))); then
            need "Node ${NODE_MINIMUM[0]}.${NODE_MINIMUM[1]} or later, for the client's tests and the token scan" \
                "node on the PATH is $major.$minor" nodejs
        fi
    fi
    if [[ -z "$(find_jdk)" ]]; then
        local where="none in JAVA_HOME, on the PATH, in /usr/lib/jvm, /usr/java, /opt/java or SDKMAN's candidates"
        [[ -n "${BENCH_JDK:-}" ]] && where="BENCH_JDK=$BENCH_JDK is not a JDK $JDK_MINIMUM or later"
        local package
        package="$(jdk_package)"
        if [[ -z "$package" ]]; then
            where="$where; no Debian package here provides one (Debian 12 has none): install one, such as Temurin"
            where="$where from https://adoptium.net/installation/linux/, and name it with BENCH_JDK=<its directory>"
        fi
        need "a JDK $JDK_MINIMUM or later, for the benchmark's quick check (Atmosphere 4 needs it)" "$where" "$package"
    fi
}

# Why apt-get cannot install here, or nothing when it can.
cannot_install() {
    if [[ "$(id -u)" != 0 ]]; then
        echo "this does not run as root"
    elif ! on_path apt-get apt-cache; then
        echo "apt-get is not available"
    elif ! mirror_reachable; then
        echo "the package mirror is not reachable"
    fi
}

# Whether the first host of apt's sources (or its proxy) answers on TCP within 5 seconds.
mirror_reachable() {
    local url proxy
    proxy="$(apt-config dump 2>/dev/null | sed -n 's/^Acquire::http::Proxy "\(.*\)";$/\1/p' | head -n 1)"
    url="${proxy:-$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources \
        2>/dev/null | grep -o -m 1 'https\?://[^ ]*')}"
    [[ -n "$url" ]] || return 1
    local scheme="${url%%://*}" rest="${url#*://}"
    local authority="${rest%%/*}"
    authority="${authority##*@}"
    local host="${authority%:*}" port="${authority##*:}"
    [[ "$host" == "$authority" ]] && port=$([[ "$scheme" == https ]] && echo 443 || echo 80)
    timeout 5 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
}

report() { # the reason installing was not possible, or empty after an installation that left things missing
    local command="apt-get update && apt-get install -y ${packages[*]}"
    {
        echo "The tests need programs this machine does not have:"
        printf '%s\n' "${problems[@]}"
        if ((${#packages[@]} > 0)); then
            echo "Install them as root with:"
            echo "  $command"
            if [[ -n "$1" ]]; then
                echo "(./verify runs that itself as root, with apt-get and a network; here it cannot: $1.)"
            fi
        fi
    } >&2
    exit 1
}

survey
((${#problems[@]} == 0)) && exit 0
((${#packages[@]} == 0)) && report ""
reason="$(cannot_install)"
[[ -n "$reason" ]] && report "$reason"

echo "Installing what the tests need: ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update && apt-get install -y "${packages[@]}" || report "apt-get failed (above)"
survey
((${#problems[@]} == 0)) && exit 0
report ""
