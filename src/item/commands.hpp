// `passeur items ...` subcommands (CLI11):
//   items check [--json] [--dir DIR]     validates the item files of DIR (default <data_dir>/items)
//                                        against the shipped frameworks of <data_dir>/frameworks;
//                                        exit 0 no problem, 1 problems, 2 the folder cannot be read
//   items import [--dir DIR] [--db URL]  opens and migrates the database, seeds the shipped
//                                        frameworks when absent, imports the item files and prints
//                                        the report; exit 1 (problems on stderr, nothing imported)
//                                        when a file has a problem
#pragma once

#include <CLI/CLI.hpp>

#include "core/command.hpp"

namespace passeur::item {

core::CommandRunner AddItemCommands(CLI::App& cli, const core::CommandEnv& env);

}  // namespace passeur::item
