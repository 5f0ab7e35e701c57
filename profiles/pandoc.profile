# pandoc.profile — pandoc, the document converter, on the current directory.
#
# Grants: the current directory read-write (the sources, the images they
# include, and the output) and the user's pandoc data directory
# (~/.local/share/pandoc: templates, filters, reference documents)
# read-only. No network: a document cannot make pandoc fetch remote images
# or send anything out (--embed-resources and --self-contained work with
# local resources only; use --share=network for remote ones). Lua filters,
# filters given with --filter and the PDF engines (pdflatex, xelatex,
# weasyprint) run inside the same sandbox. Nothing else of the home is
# visible, so an include or an image path such as ~/.ssh/id_rsa in an
# untrusted document reads nothing.
#
# Started from the home directory (or above it), or in or above a directory
# holding keys, configuration or programs on PATH (~/.ssh, ~/.config,
# ~/.local/bin, ...), sbox refuses to start. What the host runs later stays
# read-only (Protect=vcs:${PWD}): every .git in the tree (or the Git
# directory a .git file names: submodules, nested repositories), .hg, .svn,
# .bzr, .envrc, .direnv, .vscode and .idea. Only what exists at the start: a
# .git the build creates in a directory that had none is used by git run
# there later (do not run git in build output directories).

[Profile]
Description=pandoc document converter on the current directory (no network, no home)
Include=base;
Command=pandoc;

[Context]
filesystems=xdg-data/pandoc:ro;~/.pandoc:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
Rlimits=core=0;
