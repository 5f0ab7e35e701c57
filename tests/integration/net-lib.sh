# shellcheck shell=bash
# net-lib.sh — sourced: the files real clients fetch from a test's
# stand-in for the internet, served as plain files by any HTTP server.

# standin_git WWW SCRATCH: WWW/repo.git, one commit "first", for git's
# dumb HTTP protocol.
standin_git ()
{
  git init -q --bare "$1/repo.git" && git init -q "$2/src" \
    && git -C "$2/src" -c user.name=t -c user.email=t@t commit -q --allow-empty -m first \
    && git -C "$2/src" push -q "$1/repo.git" HEAD:refs/heads/main \
    && git -C "$1/repo.git" symbolic-ref HEAD refs/heads/main \
    && git -C "$1/repo.git" update-server-info
}

# standin_pip WWW: a one-file wheel and a PEP 503 index for it at
# WWW/simple/ (pip download sboxdemo).
standin_pip ()
{
  mkdir -p "$1/simple/sboxdemo" && /usr/bin/python3 - "$1" <<'PY'
import sys, zipfile
root, name = sys.argv[1], "sboxdemo-1.0-py3-none-any.whl"
with zipfile.ZipFile(f"{root}/{name}", "w") as z:
    z.writestr("sboxdemo.py", "")
    z.writestr("sboxdemo-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: sboxdemo\nVersion: 1.0\n")
    z.writestr("sboxdemo-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
    z.writestr("sboxdemo-1.0.dist-info/RECORD", "")
with open(f"{root}/simple/sboxdemo/index.html", "w") as f:
    f.write(f'<a href="../../{name}">{name}</a>\n')
PY
}

# standin_npm WWW SCRATCH REGISTRY-DIR TARBALL-BASE-URL: an npm registry's
# document for sboxdemo at WWW/REGISTRY-DIR/sboxdemo, its tarball at
# WWW/sboxdemo-1.0.0.tgz, named in the document under TARBALL-BASE-URL.
standin_npm ()
{
  mkdir -p "$2/pkg/package" "$1/$3" || return 1
  echo '{"name":"sboxdemo","version":"1.0.0"}' >"$2/pkg/package/package.json"
  [ -f "$1/sboxdemo-1.0.0.tgz" ] || tar -czf "$1/sboxdemo-1.0.0.tgz" -C "$2/pkg" package
  local sum
  sum=$(sha1sum "$1/sboxdemo-1.0.0.tgz" | cut -d' ' -f1)
  printf '{"name":"sboxdemo","dist-tags":{"latest":"1.0.0"},"versions":{"1.0.0":{"name":"sboxdemo","version":"1.0.0","dist":{"shasum":"%s","tarball":"%s/sboxdemo-1.0.0.tgz"}}}}\n' \
    "$sum" "$4" >"$1/$3/sboxdemo"
}
