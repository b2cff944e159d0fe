#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The two commands of the README:
#   ./gridwork.sh run    install what is missing, build, create the demo street if absent, open it
#   ./gridwork.sh test   install what is missing, build, run every test (GUI tests under Xvfb)
# Everything comes from Debian 12's packages; nothing is downloaded from elsewhere.
set -eu
cd "$(dirname "$0")"

BUILD=${GRIDWORK_BUILD_DIR:-build}
PACKAGES="build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libepoxy-dev libadwaita-1-dev libshumate-dev
  libsqlite3-dev libspatialite-dev libsqlite3-mod-spatialite libgdal-dev
  libcairo2-dev libpango1.0-dev libsodium-dev libdeflate-dev libqpdf-dev fonts-noto-cjk
  gdal-bin librsvg2-common desktop-file-utils appstream xvfb xauth locales poppler-utils
  postgresql-15 postgresql-15-postgis-3 libpq-dev libsecret-1-dev"

as_root () {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages () {
  missing=""
  for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    echo "Installing Debian packages:$missing"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
  fi
}

# en_US.UTF-8 for gtk_test_init, zh_CN.UTF-8 for the Chinese interface.
ensure_locales () {
  need=""
  for l in en_US zh_CN; do
    locale -a 2>/dev/null | grep -qi "^$l\.utf-\?8$" || need="$need $l"
  done
  if [ -n "$need" ]; then
    echo "Generating locales:$need"
    for l in $need; do
      as_root sed -i "s/^# *\($l\.UTF-8 UTF-8\)/\1/" /etc/locale.gen
      grep -q "^$l.UTF-8 UTF-8" /etc/locale.gen || echo "$l.UTF-8 UTF-8" | as_root tee -a /etc/locale.gen >/dev/null
    done
    as_root locale-gen >/dev/null
  fi
}

build () {
  if [ ! -f "$BUILD/build.ninja" ]; then
    meson setup "$BUILD" --buildtype=debugoptimized
  fi
  meson compile -C "$BUILD"
}

case "${1:-}" in
  run)
    shift
    install_packages
    ensure_locales
    build
    demo="${XDG_DATA_HOME:-$HOME/.local/share}/gridwork/demo-street.sqlite"
    if [ ! -f "$demo" ]; then
      mkdir -p "$(dirname "$demo")"
      echo "Creating the demo street in $demo …"
      "$BUILD/src/cli/gridwork-cli" demo "$demo" --scale street
    fi
    file=$demo
    [ $# -gt 0 ] && file=$1
    GSETTINGS_SCHEMA_DIR="$PWD/$BUILD/data" GRIDWORK_LOCALEDIR="$PWD/$BUILD/po" \
      exec "$BUILD/src/app/gridwork" "$file"
    ;;
  test)
    install_packages
    ensure_locales
    build
    meson test -C "$BUILD" --print-errorlogs --num-processes 2
    ;;
  *)
    echo "usage: $0 run [FILE] | test" >&2
    exit 2
    ;;
esac
