// `passeur places ...` subcommands (CLI11). Each opens and migrates the database (--db, default
// CommandEnv::default_db) and loads the territory from <data_dir>/geo.
//   places import FILE [--db URL]     imports a file of the standard (CSV or JSON, v1 or v0) as
//                                     published places; prints the report; every rejected row on
//                                     stderr as `FILE:LINE: field: reason`; exit 1 when the file is
//                                     unreadable or no row was accepted
//   places export [--format csv|json] [--department CODE] [--db URL]   published places on stdout
//   places white-zones --department CODE [--service S] [--km X] [--json] [--coordinates FILE]
//                      [--db URL]    zones blanches of the département against all published places
//                                    (JSON of WhiteZonesToJson with --json, else a French summary);
//                                    --coordinates loads an operator's complete insee,lat,lon file
#pragma once

#include <CLI/CLI.hpp>

#include "core/command.hpp"

namespace passeur::places {

core::CommandRunner AddPlacesCommands(CLI::App& cli, const core::CommandEnv& env);

}  // namespace passeur::places
