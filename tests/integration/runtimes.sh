#!/bin/bash
# runtimes.sh — the language runtimes and build tools Debian ships work in the
# default view: a hello-world build or run of each one installed, under the
# build profile (and Java also with no profile). Debian keeps their
# configuration in /etc and links it from /usr (the JDK's java.security,
# Maven's m2.conf, R's Renviron, ImageMagick's policy, TeX's formats in
# /var/lib/texmf), so each test fails when the view leaves that part out;
# the Java control hides /etc/java-* again and shows the failure.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-${SBOX_TESTS_SRCDIR:-$(dirname "${BASH_SOURCE[0]}")}/../../profiles}
# JVM starts and first compiles are slow on a loaded machine.
[ "${SBOX_TIMEOUT:-20}" -ge 120 ] || SBOX_TIMEOUT=120

proj=$SBOX_TMP/proj
mkdir -p "$proj"
cd "$proj" || bail_out "cannot enter $proj"

# build_run CMD...: CMD under the build profile, from the project directory.
build_run ()
{
  sbox_run --profile=build -- "$@"
}

# have PROGRAM PACKAGE: PROGRAM is installed, else skip the tests named by
# the rest of the arguments.
have ()
{
  command -v "$1" >/dev/null 2>&1 && return 0
  skip "$3" "$1 is not installed (Debian package $2)"
  return 1
}

# ---- Java ---------------------------------------------------------------------
cat >Hello.java <<'EOF'
public class Hello { public static void main(String[] a) { System.out.println("hello java"); } }
EOF
if have javac default-jdk-headless "javac and java build and run Hello under --profile=build"; then
  build_run sh -c 'javac Hello.java && java Hello'
  check_run_ok "javac and java build and run Hello under --profile=build" "hello java"
  sbox_run --noprofile --ro-bind "$proj/Hello.java" /tmp/src/Hello.java -- \
    sh -c 'cd /tmp && cp src/Hello.java . && javac Hello.java && java Hello'
  check_run_ok "javac and java build and run Hello with --noprofile" "hello java"
  # Control: without the JDK's /etc directory the same build fails as the
  # view without it did ("Error loading java.security file").
  hide=()
  for d in /etc/java-*; do [ -d "$d" ] && hide+=(--tmpfs "$d"); done
  if [ "${#hide[@]}" -gt 0 ]; then
    sbox_run --profile=build "${hide[@]}" -- sh -c 'javac Hello.java && java Hello'
    check_ne "control: with /etc/java-* hidden, javac fails" 0 "$RC"
    check_contains "control: ... on the java.security file" "$ERR" "java.security"
  else
    skip "control: with /etc/java-* hidden, javac fails" "this JDK keeps nothing in /etc/java-*"
  fi
fi
if have mvn maven "mvn -o validate of a one-module project under --profile=build"; then
  cat >pom.xml <<'EOF'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>test</groupId><artifactId>hello</artifactId><version>1</version>
</project>
EOF
  build_run mvn -o -q -B validate
  check_rc "mvn -o validate of a one-module project under --profile=build" 0
  build_run mvn -v -B
  check_match "mvn -v names Maven's home under --profile=build" "$OUT" "^Maven home: "
fi

# ---- scripting languages ----------------------------------------------------
if have ruby ruby "ruby -e under --profile=build"; then
  build_run ruby -e 'puts "hello " + "ruby"'
  check_run_ok "ruby -e under --profile=build" "hello ruby"
fi
if have php php-cli "php -r under --profile=build"; then
  build_run php -r 'echo "hello php\n";'
  check_run_ok "php -r under --profile=build" "hello php"
  host_ini=$(php -r 'echo php_ini_loaded_file() ?: "none";')
  build_run php -r 'echo php_ini_loaded_file() ?: "none";'
  check_eq "php loads the host's php.ini under --profile=build" "$host_ini" "$OUT"
fi
if have perl perl "perl -e under --profile=build"; then
  build_run perl -e 'print "hello perl\n"'
  check_run_ok "perl -e under --profile=build" "hello perl"
fi
if have python3 python3 "python3 -c under --profile=build"; then
  build_run python3 -c 'print("hello python")'
  check_run_ok "python3 -c under --profile=build" "hello python"
  if python3 -c 'import sitecustomize' 2>/dev/null; then
    build_run python3 -c 'import sitecustomize; print("ok")'
    check_run_ok "python3 finds Debian's sitecustomize under --profile=build" "ok"
  fi
fi
if have node nodejs "node -e under --profile=build"; then
  build_run node -e 'console.log("hello node")'
  check_run_ok "node -e under --profile=build" "hello node"
fi
if have Rscript r-base-core "Rscript -e under --profile=build"; then
  build_run Rscript -e 'cat("hello R\n")'
  check_run_ok "Rscript -e under --profile=build" "hello R"
  check_not_contains "R finds its Renviron under --profile=build" "$OUT$ERR" "cannot find system Renviron"
fi

# ---- compiled languages -----------------------------------------------------
if have go golang-go "go build of a module under --profile=build"; then
  mkdir -p go && printf 'module hello\n\ngo 1.13\n' >go/go.mod
  printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello go") }\n' >go/hello.go
  build_run sh -c 'cd go && go build -o hello . && ./hello'
  check_run_ok "go build of a module under --profile=build" "hello go"
fi
if have cargo cargo "cargo build --offline of a crate under --profile=build"; then
  mkdir -p crate/src
  printf '[package]\nname = "hello"\nversion = "0.1.0"\nedition = "2018"\n' >crate/Cargo.toml
  printf 'fn main() { println!("hello rust"); }\n' >crate/src/main.rs
  build_run sh -c 'cd crate && cargo build --offline -q && ./target/debug/hello'
  check_run_ok "cargo build --offline of a crate under --profile=build" "hello rust"
fi

# ---- documents and images ---------------------------------------------------
if have pdflatex texlive-latex-base "pdflatex of a one-page document under --profile=build"; then
  printf '\\documentclass{article}\n\\begin{document}\nHello\n\\end{document}\n' >hello.tex
  build_run pdflatex -interaction=nonstopmode -halt-on-error hello.tex
  check_rc "pdflatex of a one-page document under --profile=build" 0
  check "... writes hello.pdf" test -s hello.pdf
fi
if have convert imagemagick "convert draws an image under --profile=build"; then
  build_run convert -size 8x8 xc:red red.png
  check_rc "convert draws an image under --profile=build" 0
  check "... writes red.png" test -s red.png
  # The host's security policy (Debian's disables the PostScript coders) holds
  # inside too: without /etc/ImageMagick-* convert runs with none.
  host_policy=$(convert -list policy 2>/dev/null | grep '^Path: /')
  if [ -n "$host_policy" ]; then
    build_run convert -list policy
    check_contains "ImageMagick reads the host's policy under --profile=build" "$OUT" "$host_policy"
  else
    skip "ImageMagick reads the host's policy under --profile=build" "the host has no policy file"
  fi
fi

done_testing
