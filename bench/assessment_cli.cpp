// `passeur_assessment_cli simulate|calibrate ...`: the assessment commands alone, exactly as
// `passeur simulate|calibrate` (same AddAssessmentCommands), for the benches (bench/jscat) in a
// build without the application.
#include <CLI/CLI.hpp>

#include "assessment/commands.hpp"

int main(int argc, char** argv) {
    CLI::App cli("passeur (commandes d'évaluation seules)");
    cli.require_subcommand(1);
    auto runner = passeur::assessment::AddAssessmentCommands(cli, passeur::core::CommandEnv{});
    CLI11_PARSE(cli, argc, argv);
    return runner().value_or(1);
}
