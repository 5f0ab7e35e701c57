#!/bin/bash
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"
skip_all "sbox-desktop is not built yet"
