// The `passeur` command line (CLI11): serve, migrate, demo, org create, user create, version.
#pragma once

namespace passeur::app {

// Returns the process exit code: 0 ok, 1 runtime failure (message on stderr), 2 usage error.
int Main(int argc, char** argv);

}  // namespace passeur::app
