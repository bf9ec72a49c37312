#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image
# from its Ubuntu base: it installs Go and bubblewrap, builds the workbook
# program from the course in this zip and fills Go's module and build
# caches, so that grading a submission downloads and rebuilds nothing.
# Written by `workbook autograder`; the Go version is the one the course's
# go.mod files need.
set -euo pipefail
source_dir=${WORKBOOK_SOURCE:-/autograder/source}
workbook=${WORKBOOK_BIN:-/autograder/workbook}
go_version=@GO_VERSION@

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq bubblewrap ca-certificates curl >/dev/null

arch=$(dpkg --print-architecture) # amd64 or arm64, as go.dev names them
curl -fsSL "https://go.dev/dl/go${go_version}.linux-${arch}.tar.gz" -o /tmp/go.tar.gz
rm -rf /usr/local/go
tar -C /usr/local -xzf /tmp/go.tar.gz
rm /tmp/go.tar.gz
export PATH=/usr/local/go/bin:$PATH GOTOOLCHAIN=local

cd "$source_dir"
go build -o "$workbook" ./runner/cmd/workbook
# Build every exercise's tests once, with and without the race detector,
# as grading builds them: the modules they need are downloaded, and the
# standard library and the dependencies are compiled, now rather than in
# each student's grading.
cd "$(sed -n 's/^exercises *= *"\([^"]*\)".*/\1/p' workbook.toml)"
go mod download
go test -count=1 -run '^$' ./... >/dev/null
go test -race -count=1 -run '^$' ./... >/dev/null
