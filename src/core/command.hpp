// The seam between the `passeur` command line (src/app/cli.cpp) and the components that add
// subcommands to it: a component adds its CLI11 subcommands and returns a runner that the app
// calls once the command line is parsed.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace passeur::core {

// What every component command may need from the app. Outlives the runners.
struct CommandEnv {
    std::string default_db;  // "sqlite:passeur.db" unless the app says otherwise
    std::string data_dir;    // shipped reference data (frameworks, items, geodata)
};

// nullopt when none of the component's subcommands was on the command line; else its exit code
// (0 success, 1 failure reported on stderr, 2 usage error).
using CommandRunner = std::function<std::optional<int>()>;

}  // namespace passeur::core
