# go.profile — the Go toolchain (package golang-go), on the current
# directory.
#
# Grants: the network (the module proxy, checksum database and version
# control hosts for go get and go mod download) and the current directory
# read-write (the module and its build output). The module cache and GOPATH
# (~/go) and the build cache (~/.cache/go-build) persist across runs in the
# profile's own storage, not in the user's home. go generate commands, cgo
# builds and the tests (go test) run in this same sandbox, without ~/.ssh,
# ~/.netrc or the rest of the home: private modules fetched over SSH or with
# stored credentials need a go.local. "go install" writes into the private
# ~/go/bin, never onto the caller's PATH.
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
Description=Go toolchain on the current directory, with the network and a private module cache
Include=base;network;
Command=go;

[Context]
persistent=go;.cache/go-build;

[Sandbox]
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
KeepEnvironment=GOFLAGS;GOOS;GOARCH;GOARM;GOAMD64;CGO_ENABLED;CGO_CFLAGS;CGO_LDFLAGS;GOPROXY;GOPRIVATE;GONOPROXY;GONOSUMDB;GOSUMDB;GOINSECURE;GO111MODULE;GOWORK;GODEBUG;GOEXPERIMENT;CC;CXX;
