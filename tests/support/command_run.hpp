// Runs a component's CLI subcommands in process, for the commands tests: `add` registers them on a
// fresh CLI11 app (as `Add<X>Commands` does) and returns the runner; the arguments are parsed, the
// runner called, and its exit code, standard output and standard error returned. A parse error
// gives code 2 with CLI11's message in `err` (the runner is not called).
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <gtest/gtest.h>

namespace passeur::testing {

struct CommandRun {
    int code = -1;
    std::string out;
    std::string err;
};

template <typename AddCommands>
CommandRun RunCommand(AddCommands&& add, const std::vector<std::string>& args) {
    CLI::App app{"passeur"};
    app.require_subcommand(1);
    auto runner = add(app);
    std::vector<const char*> argv = {"passeur"};
    for (const auto& a : args) argv.push_back(a.c_str());
    CommandRun run;
    try {
        app.parse(static_cast<int>(argv.size()), const_cast<char**>(argv.data()));
    } catch (const CLI::ParseError& e) {
        run.code = 2;
        run.err = e.what();
        return run;
    }
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    auto code = runner();
    std::fflush(stdout);
    std::fflush(stderr);
    run.out = ::testing::internal::GetCapturedStdout();
    run.err = ::testing::internal::GetCapturedStderr();
    run.code = code.value_or(-1);
    return run;
}

}  // namespace passeur::testing
