// Never download a browser: CI and developers use Debian's chromium (/usr/bin/chromium or $CHROMIUM_PATH).
module.exports = { skipDownload: true };
