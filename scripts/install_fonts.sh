#!/bin/sh
# Noto Sans CJK SC (SIL Open Font License) for figures with Chinese labels.
# Installed from Debian's fonts-noto-cjk when missing; figures fall back to English labels without it.
if fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then exit 0; fi
if [ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then exit 0; fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  (apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1; }) \
    || echo "note: could not install fonts-noto-cjk; figures will use English labels" >&2
else
  echo "note: install Noto Sans CJK SC (fonts-noto-cjk) for Chinese figure labels" >&2
fi
exit 0
