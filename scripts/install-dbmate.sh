#!/usr/bin/env bash
# Prints the path of a dbmate binary for the interop tests of
# internal/deploy, installing dbmate from npm into a cache folder the first
# time. Prints nothing (and says why on stderr) when npm is missing: the
# tests then skip dbmate, or fail under SCHEMACTL_TEST_REQUIRE_DB=1.
exec "$(dirname "$0")/npm-tool.sh" dbmate 2.36.0 dbmate
