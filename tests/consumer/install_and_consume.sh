#!/usr/bin/env bash
# The library as a user gets it: `cmake --install` of this build into a temporary prefix, then
#  1. every installed header's #include "..." resolves inside the prefix;
#  2. tests/consumer (find_package(gridtheory), one .cpp) configures and builds against the prefix
#     alone, prints the default prediction's JSON exactly as the installed `gridtheory predict
#     --format json`, and its grid spacing equals the closed form computed here;
#  3. the installed binary, run from an empty folder, finds the shipped sweeps/figures.toml in
#     PREFIX/share/gridtheory, and without that folder refuses (no fallback to the source tree);
#  4. the installed Python package, when this build has one, imports from the prefix (its
#     Python files and its compiled _core).
# Nothing is written outside the temporary folder but the build folder's install_manifest.txt.
# Usage: install_and_consume.sh BUILD_DIR CMAKE CXX_COMPILER GENERATOR BUILD_TYPE VERSION [PYTHON]
set -euo pipefail
build=$1 cmake=$2 cxx=$3 generator=$4 build_type=$5 version=$6 python=${7:-}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
fail() {
  echo "install: $*" >&2
  exit 1
}

"$cmake" --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log" >&2; fail "cmake --install failed"; }
inc=$prefix/include/gridtheory
for f in "$inc/theory/encoding.hpp" "$inc/numerics/grid_scores.hpp" "$inc/src/version.hpp" \
  "$inc/src/train/trainer.hpp" "$prefix/lib/libgridtheory_app.a" \
  "$prefix/lib/cmake/gridtheory/gridtheoryConfig.cmake" \
  "$prefix/lib/cmake/gridtheory/gridtheoryConfigVersion.cmake" \
  "$prefix/lib/cmake/gridtheory/gridtheoryTargets.cmake" "$prefix/bin/gridtheory" \
  "$prefix/share/gridtheory/sweeps/figures.toml"; do
  [ -s "$f" ] || fail "not installed: ${f#"$prefix"/}"
done
[ ! -e "$inc/src/cli" ] || fail "the command line's internal headers (src/cli) were installed"

# 1. The installed headers are closed under their own includes.
missing=0
while IFS= read -r -d '' header; do
  while IFS= read -r dep; do
    [ -f "$inc/$dep" ] || {
      echo "install: ${header#"$inc"/} includes \"$dep\", which is not installed" >&2
      missing=1
    }
  done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$header")
done < <(find "$inc" -name '*.hpp' -print0)
((missing == 0)) || fail "installed headers include files that are not installed"

# 2. The consumer, against the prefix only. NFL's default: dos, sigma_E = 0.12 m, s = 2. Its
# transform is a difference of Gaussians in k, e^-a - e^-s^2 a with a = sigma_E^2 k^2 / 2, whose
# peak is a* = ln(s^2) / (s^2 - 1): k* = sqrt(2 a*) / sigma_E = 8.0113 rad/m, and the grid spacing
# 4 pi / (sqrt(3) k*) = 0.90562 m (theory/README.md).
expected=$(awk 'BEGIN { pi = atan2(0, -1); s = 2; sigma = 0.12
  k = sqrt(2 * log(s * s) / (s * s - 1)) / sigma; printf "%.17g", 4 * pi / (sqrt(3) * k) }')
"$cmake" -S "$here" -B "$work/consumer" -G "$generator" -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_BUILD_TYPE="$build_type" -DCMAKE_PREFIX_PATH="$prefix" \
  -DGRIDTHEORY_EXPECTED_VERSION="$version" >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log" >&2; fail "the consumer did not configure"; }
"$cmake" --build "$work/consumer" -j2 >"$work/build.log" 2>&1 ||
  { cat "$work/build.log" >&2; fail "the consumer did not build"; }
# The installed binary and the consumer run with nothing of the build on their path, in an empty
# folder (a sanitizer build's options pass through).
mkdir "$work/empty"
cd "$work/empty"
run() {
  env -i PATH=/usr/bin:/bin HOME="$work" ${ASAN_OPTIONS:+ASAN_OPTIONS="$ASAN_OPTIONS"} \
    ${UBSAN_OPTIONS:+UBSAN_OPTIONS="$UBSAN_OPTIONS"} "$@"
}
run "$work/consumer/consumer" "$expected" >"$work/consumer.json" ||
  fail "the consumer's prediction differs from the closed form $expected m (above)"
run "$prefix/bin/gridtheory" predict --format json >"$work/cli.json"
diff "$work/cli.json" "$work/consumer.json" >&2 ||
  fail "the consumer's JSON differs from the installed gridtheory predict --format json"

# 3. Shipped data, found from the binary's own location. `figures` names the spec it runs before
# it starts the sweep; a file where the sweep's folder goes then stops it (exit 2) before any run.
mkdir "$work/figs"
touch "$work/figs/sweep"
set +e
run "$prefix/bin/gridtheory" figures --out "$work/figs" --jobs 1 >/dev/null 2>"$work/figures.err"
rc=$?
set -e
spec=$prefix/share/gridtheory/sweeps/figures.toml
grep -qF " runs of $spec into $work/figs/sweep" "$work/figures.err" && [ $rc = 2 ] || {
  cat "$work/figures.err" >&2
  fail "the installed gridtheory figures did not run $spec (exit $rc)"
}
mv "$prefix/share/gridtheory" "$prefix/share/moved"
set +e
run "$prefix/bin/gridtheory" figures --out "$work/figs" >/dev/null 2>"$work/missing.err"
rc=$?
set -e
[ $rc = 2 ] && [ "$(wc -l <"$work/missing.err")" = 1 ] &&
  grep -qF "error: --spec: 'sweeps/figures.toml' was found neither in the current folder nor in \
$prefix/share/gridtheory nor in $prefix/bin/share/gridtheory" "$work/missing.err" || {
  cat "$work/missing.err" >&2
  fail "without PREFIX/share/gridtheory, figures did not refuse with one line (exit $rc)"
}

# 4. The Python module installed beside the libraries.
if [ -n "$python" ]; then
  package=$(find "$prefix/lib" -name '__init__.py' -path '*-packages/gridtheory/*' | head -1)
  [ -n "$package" ] || fail "this build has a Python package, but none was installed"
  site=$(dirname "$(dirname "$package")")
  imported=$(run PYTHONPATH="$site" "$python" -c \
    "import gridtheory, gridtheory._core as c; print(gridtheory.__file__, c.__file__)")
  case "$imported" in
  "$package $site/gridtheory/_core"*.so) ;;
  *) fail "python imported $imported, not the package installed in $site" ;;
  esac
fi
echo "install: headers, libraries, package config, binary and data in $prefix work" >&2
