#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a translatable string in the sources (or a source file listing
# such strings) is missing from po/POTFILES.in or untranslated/fuzzy in zh_CN.
set -eu
top=$1
cd "$top"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

missing=$(grep -rlE '(^|[^A-Za-z0-9_])(N?_|C_|NC_|g_dngettext|ngettext) ?\(|translatable="yes"' \
            src ui data --include='*.c' --include='*.ui' --include='*.in' --include='*.xml' \
          | sort | while read -r f; do grep -qxF "$f" po/POTFILES.in || echo "$f"; done)
if [ -n "$missing" ]; then
  echo "Files with translatable strings missing from po/POTFILES.in:"; echo "$missing"; exit 1
fi

xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 --add-comments=Translators \
  --files-from=po/POTFILES.in --directory="$top" -o "$tmp/gridwork.pot" 2>"$tmp/xgettext.log" || {
  cat "$tmp/xgettext.log"; exit 1; }
msgmerge --quiet --no-fuzzy-matching po/zh_CN.po "$tmp/gridwork.pot" -o "$tmp/zh_CN.po"
stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$tmp/zh_CN.po" 2>&1)
echo "zh_CN: $stats"
case "$stats" in
  *fuzzy*|*untranslated*)
    echo "Untranslated or fuzzy zh_CN messages:"
    LC_ALL=C msgattrib --untranslated --no-obsolete "$tmp/zh_CN.po" | grep -A1 '^msgid ' | head -80
    LC_ALL=C msgattrib --only-fuzzy --no-obsolete "$tmp/zh_CN.po" | grep -A1 '^msgid ' | head -20
    exit 1 ;;
esac
