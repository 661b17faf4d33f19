// `passeur framework ...` subcommands (CLI11). Each opens the database (migrating it), seeds the
// shipped frameworks and profiles when absent, then:
//   framework list [--json] [--db URL]        text table, or JSON [{id, name, version, competence_count}]
//   framework export [--format case|native] ID [--version V] [--db URL] [--public-url URL]
//                                             the framework as JSON on stdout
//   framework import FILE [--db URL]          a CASE package, a native framework or a target-profiles
//                                             file (detected); errors on stderr with the JSON path
// Exit codes: 0 success, 1 failure (message on stderr).
#pragma once

#include <CLI/CLI.hpp>

#include "core/command.hpp"

namespace passeur::framework {

// Default base of CASE URIs in exports from the command line.
inline constexpr const char* kDefaultCommandPublicUrl = "http://127.0.0.1:8080";

core::CommandRunner AddFrameworkCommands(CLI::App& cli, const core::CommandEnv& env);

}  // namespace passeur::framework
