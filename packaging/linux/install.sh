#!/bin/sh
# Installs the unpacked OWS Desktop tarball for the current user (or system-wide as root).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" = 0 ]; then prefix=/opt/ows-desktop; apps=/usr/share/applications; icons=/usr/share/icons/hicolor/256x256/apps; bin=/usr/local/bin
else prefix="$HOME/.local/opt/ows-desktop"; apps="$HOME/.local/share/applications"; icons="$HOME/.local/share/icons/hicolor/256x256/apps"; bin="$HOME/.local/bin"; fi
mkdir -p "$prefix" "$apps" "$icons" "$bin"
rm -rf "$prefix/ows-desktop"
cp -a "$here/ows-desktop" "$prefix/"
ln -sf "$prefix/ows-desktop/ows-desktop" "$bin/ows-desktop"
[ -f "$here/ows-desktop.png" ] && cp "$here/ows-desktop.png" "$icons/ows-desktop.png"
sed "s|^Exec=ows-desktop|Exec=$bin/ows-desktop|" "$here/ows-desktop.desktop" > "$apps/ows-desktop.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" || true
echo "Installed OWS Desktop in $prefix (command: $bin/ows-desktop)"
