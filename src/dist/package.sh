#!/usr/bin/env bash
# Makes loomget's distribution from target/loomget.jar (run by `./mvnw -Pdist package`):
#   target/loomget-VERSION-linux-x64.tar.gz  a tree to unpack anywhere: bin/loomget, lib/loomget (a jlinked
#                                            runtime, the jar, the AOT cache), share/ (man page, completions, notices)
#   target/loomget_VERSION_amd64.deb         the same tree under /usr
# Usage: src/dist/package.sh VERSION [JDK_HOME]   (a JDK 25, for jdeps and jlink)
#   LOOMGET_JDK_HOME, when set, wins over JDK_HOME: the dist profile passes Maven's own JDK as JDK_HOME and
#   the toolchain's (when Maven runs on an older one) in LOOMGET_JDK_HOME.
set -euo pipefail

version=$1
# The JDK 25 that Maven's toolchain found; when Maven runs on a JDK 25 itself the toolchains plugin
# selects none (and sets no LOOMGET_JDK_HOME), and that JDK is the one to use.
jdk="${LOOMGET_JDK_HOME:-${2:?no JDK given}}"
dist="$(cd "$(dirname "$0")" && pwd)"
base="$(cd "$dist/../.." && pwd)"
target="$base/target"
jar="$target/loomget.jar"
work="$target/dist"
name="loomget-$version"
tree="$work/$name"
home="$tree/lib/loomget"

# This build's jar (the shade plugin runs first in the package phase), never one left by an earlier build.
if [[ ! -f "$jar" || -n "$(find "$target/classes" -newer "$jar" -print -quit)" ]]; then
  echo "package.sh: $jar is missing or older than target/classes: the shade plugin must run before this script" >&2
  exit 1
fi
rm -rf "$work"
mkdir -p "$home"

# The runtime: only the modules the jar uses, loomget's JVM options built in (so that the AOT cache is
# trained and used with the same ones), no debug symbols. Left uncompressed inside: the .deb and the
# tarball compress it anyway, and classes not in the AOT cache load faster from an uncompressed image.
modules="$("$jdk/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps "$jar")"
options="$(grep -v -e '^#' -e '^[[:space:]]*$' "$dist/jvm.options" | paste -sd' ')"
"$jdk/bin/jlink" --add-modules "$modules" --add-options="$options" \
  --strip-debug --no-man-pages --no-header-files --compress zip-0 --output "$home/runtime"
cp "$jar" "$home/loomget.jar"
install -m 644 "$dist/long-run.sh" "$home/long-run.sh"
install -m 644 "$dist/https-run.sh" "$home/https-run.sh"
install -m 644 "$dist/input-files.sh" "$home/input-files.sh"
install -D -m 755 "$dist/loomget" "$tree/bin/loomget"

share="$tree/share"
install -D -m 644 "$base/src/docs/loomget.1" "$share/man/man1/loomget.1"
# Completion: bash's script is picocli's; zsh and fish run it (their scripts find it by its path
# relative to theirs, the same in the tarball and the .deb).
install -D -m 644 "$base/src/docs/loomget_completion.bash" "$share/bash-completion/completions/loomget"
install -D -m 644 "$dist/_loomget" "$share/zsh/site-functions/_loomget"
install -D -m 644 "$dist/loomget.fish" "$share/fish/vendor_completions.d/loomget.fish"
doc="$share/doc/loomget"
install -D -m 644 "$dist/THIRD-PARTY-NOTICES" "$doc/THIRD-PARTY-NOTICES"
[[ -f "$base/LICENSE" ]] && install -m 644 "$base/LICENSE" "$doc/LICENSE"
# The license files the shaded jar carries (jackson-core's, with FastDoubleParser's), under the names
# THIRD-PARTY-NOTICES gives them.
(mkdir -p "$work/meta" && cd "$work/meta" && "$jdk/bin/jar" --extract --file "$jar" META-INF/LICENSE META-INF/NOTICE \
  META-INF/FastDoubleParser-LICENSE META-INF/FastDoubleParser-NOTICE META-INF/thirdparty-LICENSE)
licenses="$doc/licenses"
mkdir -p "$licenses"
install -m 644 "$work/meta/META-INF/LICENSE" "$licenses/Apache-2.0"
install -m 644 "$work/meta/META-INF/NOTICE" "$licenses/jackson-core-NOTICE"
install -m 644 "$work/meta/META-INF/FastDoubleParser-LICENSE" "$work/meta/META-INF/FastDoubleParser-NOTICE" "$licenses/"
install -m 644 "$work/meta/META-INF/thirdparty-LICENSE" "$licenses/FastDoubleParser-thirdparty-LICENSE"

# Every file gets the time of the last commit, before training: the same sources give the same tree,
# and the times the AOT cache records for the jar and the runtime are the ones the unpacked files have
# (tar keeps whole seconds only).
stamp="${SOURCE_DATE_EPOCH:-$(git -C "$base" log -1 --format=%ct 2>/dev/null || date +%s)}"
find "$tree" -exec touch -h -d "@$stamp" {} +

# Training, as the launcher does it, on the packaged runtime (its options built in): the cache for
# plain runs and the one for runs that fetch https (src/dist/https-run.sh).
"$dist/train-aot.sh" "$home/loomget.aot" "$home/runtime/bin/java" -jar "$home/loomget.jar" \
  || { echo "package.sh: the AOT training run failed" >&2; exit 1; }
"$dist/train-aot.sh" --tls "$home/loomget-tls.aot" "$home/runtime/bin/java" -jar "$home/loomget.jar" \
  || { echo "package.sh: the AOT training run for https failed" >&2; exit 1; }
touch -d "@$stamp" "$home/loomget.aot" "$home/loomget-tls.aot"

# The tarball holds no entry for the directories of the prefix it is unpacked into (bin/, lib/, share/,
# share/man/man1, ...), only for those that are loomget's own (lib/loomget, share/doc/loomget): unpacked
# into ~/.local with --strip-components=1 (README), an entry for share/ would give the user's existing
# ~/.local/share the tarball's mode (0755 for a 0700) and time. tar makes a missing one as mkdir would.
tarball="$target/$name-linux-x64.tar.gz"
(cd "$work" && find "$name" \( ! -type d -o -path "$name" -o -path "$name/lib/loomget" -o -path "$name/lib/loomget/*" \
  -o -path "$name/share/doc/loomget" -o -path "$name/share/doc/loomget/*" \) -print0 | LC_ALL=C sort -z) \
  | tar --null --no-recursion --owner=0 --group=0 --numeric-owner -C "$work" -T - -czf "$tarball"

# The .deb: the tree under /usr, with the places Debian's man, zsh and dpkg look for.
root="$work/deb"
mkdir -p "$root/usr" "$root/DEBIAN"
cp -a "$tree/." "$root/usr/"
gzip -9n "$root/usr/share/man/man1/loomget.1"
mv "$root/usr/share/zsh/site-functions" "$root/usr/share/zsh/vendor-completions"
mv "$root/usr/share/doc/loomget/THIRD-PARTY-NOTICES" "$root/usr/share/doc/loomget/copyright"
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$(du -sk "$root/usr" | cut -f1)/" "$dist/deb-control" >"$root/DEBIAN/control"
find "$root" -exec touch -h -d "@$stamp" {} +
deb="$target/loomget_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null

echo "package.sh: $(du -h "$tarball" | cut -f1) $tarball"
echo "package.sh: $(du -h "$deb" | cut -f1) $deb"
