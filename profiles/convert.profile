# convert.profile — ImageMagick's convert (ImageMagick 6, package
# imagemagick), on the current directory.
#
# Grants: the current directory read-write (the images converted and the
# output) and ImageMagick's system policy (/etc/ImageMagick-6: policy.xml,
# which Debian uses to turn off the riskiest coders such as PS, PDF, MVG and
# URL) read-only. No network: a crafted image (an MVG or SVG naming a URL, a
# msl: script) cannot fetch from or report to a server, and nothing of the
# home but the current directory can be read or overwritten (an image naming
# @/home/USER/.ssh/id_rsa or text:~/.bashrc reads nothing). Delegates
# (Ghostscript, Inkscape, ffmpeg) run inside the same sandbox. The user's
# ~/.config/ImageMagick (policy and delegate overrides) is read-only.
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
Description=ImageMagick convert on the current directory (no network, no home)
Include=base;
Command=convert;convert-im6.q16;

[Context]
filesystems=/etc/ImageMagick-6:ro;xdg-config/ImageMagick:ro;~/.magick:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
Rlimits=core=0;
