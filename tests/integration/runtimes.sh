#!/bin/bash
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"
done_testing
