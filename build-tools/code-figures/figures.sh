#!/usr/bin/env sh
# Prints the structural figures of the runtime's main sources: public top-level types per package, files over
# 300 lines and total lines. Run from the repository root: build-tools/code-figures/figures.sh
set -eu
cd "$(dirname "$0")/../.."
public_decl='^public (final |abstract |sealed |non-sealed )*(class|interface|record|enum|@interface) '

echo "public top-level types per package (main sources)"
for module in realtime-runtime realtime-redis; do
    find "$module/src/main/java" -name '*.java' ! -name package-info.java | sort | while read -r file; do
        package=$(sed -n 's/^package \(.*\);/\1/p' "$file" | head -n 1)
        if grep -qE "$public_decl" "$file"; then echo "$module $package 1"; else echo "$module $package 0"; fi
    done
done | awk '{ key = $1 " " $2; files[key]++; public[key] += $3 }
    END { for (key in files) printf "  %-52s %3d of %3d\n", key, public[key], files[key] }' | sort

for module in realtime-runtime realtime-redis; do
    find "$module/src/main/java" -name '*.java' ! -name package-info.java | sort | while read -r file; do
        case "$file" in */io/realtime/internal/*|*/io/realtime/redis/*) ;; *) continue ;; esac
        if grep -qE "$public_decl" "$file"; then echo 1; else echo 0; fi
    done | awk -v module="$module" '{ n++; p += $1 } END { printf "internal types of %s: %d of %d public\n", module, p, n }'
done

echo "files over 300 lines (realtime-runtime)"
find realtime-runtime/src -name '*.java' -exec wc -l {} + | awk '$2 != "total" && $1 > 300 { printf "  %5d %s\n", $1, $2 }' | sort -n

printf 'lines of realtime-runtime: main %s, test %s, in %s main files\n' \
    "$(find realtime-runtime/src/main/java -name '*.java' -exec cat {} + | wc -l | tr -d ' ')" \
    "$(find realtime-runtime/src/test/java -name '*.java' -exec cat {} + | wc -l | tr -d ' ')" \
    "$(find realtime-runtime/src/main/java -name '*.java' ! -name package-info.java | wc -l | tr -d ' ')"
