// `passeur simulate` and `passeur calibrate` through CLI11, as app/cli.cpp calls them.
#include "assessment/commands.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assessment/irt.hpp"
#include "assessment/simulate.hpp"
#include <unistd.h>

namespace passeur::assessment {
namespace {

struct Outcome {
    std::optional<int> code;
    std::string out;
    std::string err;
};

Outcome Simulate(std::vector<std::string> args) {
    CLI::App cli("passeur");
    auto runner = AddAssessmentCommands(cli, core::CommandEnv{"sqlite::memory:", "/nonexistent"});
    args.insert(args.begin(), "passeur");
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    cli.parse(static_cast<int>(argv.size()), argv.data());
    testing::internal::CaptureStdout();
    testing::internal::CaptureStderr();
    Outcome run;
    run.code = runner();
    run.out = testing::internal::GetCapturedStdout();
    run.err = testing::internal::GetCapturedStderr();
    return run;
}

// Unique per process and per call, so that parallel runs of the tests do not share files.
std::filesystem::path TempFile(const std::string& name, const std::string& text) {
    static int counter = 0;
    auto path = std::filesystem::temp_directory_path() / ("passeur_assessment_" + std::to_string(::getpid()) +
                                                          "_" + std::to_string(++counter) + "_" + name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

TEST(SimulateCommand, NotGiven) {
    CLI::App cli("passeur");
    auto runner = AddAssessmentCommands(cli, core::CommandEnv{});
    const char* argv[] = {"passeur"};
    cli.parse(1, argv);
    EXPECT_FALSE(runner());
}

TEST(SimulateCommand, JsonIsDeterministicForASeed) {
    const std::vector<std::string> args = {"simulate", "--examinees", "150",        "--seed",
                                           "7",        "--json",      "--no-timing"};
    const Outcome a = Simulate(args);
    const Outcome b = Simulate(args);
    ASSERT_EQ(a.code, 0) << a.err;
    EXPECT_EQ(a.out, b.out);
    const auto j = nlohmann::json::parse(a.out);
    EXPECT_EQ(j["scenario"], "a");
    EXPECT_EQ(j["examinees"], 150);
    EXPECT_EQ(j["mean_length"], 20.0);
    EXPECT_LT(j["rmse"].get<double>(), 0.36);
    EXPECT_TRUE(j.contains("bias"));
    EXPECT_TRUE(j.contains("max_exposure"));
    EXPECT_FALSE(j.contains("steps_per_second"));
    const Outcome timed = Simulate({"simulate", "--examinees", "50", "--json"});
    ASSERT_EQ(timed.code, 0);
    EXPECT_GT(nlohmann::json::parse(timed.out)["steps_per_second"].get<double>(), 0);
}

TEST(SimulateCommand, ScenarioBWithExposureControlAndTable) {
    const Outcome r = Simulate({"simulate", "--scenario", "b", "--examinees", "60", "--exposure",
                                "randomesque:4", "--se", "0.45", "--max", "80", "--no-timing"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("c04"), std::string::npos);
    EXPECT_NE(r.out.find("réduction de longueur"), std::string::npos);
    EXPECT_NE(r.out.find("coût en RMSE"), std::string::npos);
    const Outcome j = Simulate({"simulate", "--scenario", "b", "--examinees", "60", "--json", "--no-timing"});
    ASSERT_EQ(j.code, 0);
    const auto json = nlohmann::json::parse(j.out);
    EXPECT_EQ(json["competences"].size(), 4U);
    EXPECT_GT(json["length_reduction"].get<double>(), 0.1);
}

TEST(SimulateCommand, ExternalBankAndThetas) {
    std::string bank = "id,competence,a,b\n";
    for (int i = 0; i < 60; ++i) {
        bank += "q" + std::to_string(i) + "," + (i % 2 ? "X" : "Y") + ",1.2," +
                std::to_string(-2.0 + i * 0.07) + "\n";
    }
    const auto bank_path = TempFile("bank.csv", bank);
    const auto thetas_path = TempFile("thetas.csv", "id,Y,X\np1,0.5,0.2\np2,-1,-0.5\np3,1,1.5\n");
    const Outcome r = Simulate({"simulate", "--bank", bank_path.string(), "--thetas", thetas_path.string(),
                                "--length", "10", "--json", "--no-timing"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["scenario"], "external");
    EXPECT_EQ(j["examinees"], 3);
    EXPECT_EQ(j["profile"], (nlohmann::json{"Y", "X"}));
    const auto bad_path = TempFile("bad.csv", "id,competence,a,b\nq1,A,1,0\nq2,A,oops,0\n");
    const Outcome bad = Simulate({"simulate", "--bank", bad_path.string()});
    EXPECT_EQ(bad.code, 1);
    EXPECT_NE(bad.err.find(bad_path.string() + ":3: a: \"oops\" is not a number"), std::string::npos)
        << bad.err;
    const Outcome wrong_thetas = Simulate({"simulate", "--bank", bank_path.string(), "--thetas",
                                           TempFile("t1.csv", "id,theta\np,0\n").string()});
    EXPECT_EQ(wrong_thetas.code, 1);
    EXPECT_NE(wrong_thetas.err.find("one \"theta\" column for a profile of 2 competences"),
              std::string::npos);
    const Outcome exposure = Simulate({"simulate", "--exposure", "sympson-hetter:2"});
    EXPECT_EQ(exposure.code, 1);
    EXPECT_NE(exposure.err.find("--exposure"), std::string::npos);
    std::filesystem::remove(bank_path);
    std::filesystem::remove(thetas_path);
    std::filesystem::remove(bad_path);
}

TEST(CalibrateCommand, ResponsesToParameters) {
    // 400 persons × 6 items, wide format, generated from known parameters.
    core::SeededRandom random(2);
    auto items = GenerateScenarioABank(random, 6);
    auto thetas = DrawAbilities(random, 400, 1, 0.0);
    Deviates dev(random);
    std::string text = "person";
    for (const auto& it : items) text += "," + it.id;
    text += "\n";
    for (std::size_t p = 0; p < 400; ++p) {
        text += "p" + std::to_string(p);
        for (const auto& it : items)
            text += dev.Uniform() < Probability((*thetas)[p], it.a, it.b) ? ",1" : ",0";
        text += "\n";
    }
    const auto responses = TempFile("responses.csv", text);
    const Outcome csv = Simulate({"calibrate", "--responses", responses.string()});
    ASSERT_EQ(csv.code, 0) << csv.err;
    EXPECT_EQ(csv.out.rfind("id,a,b\na0001,", 0), 0U) << csv.out;
    EXPECT_NE(csv.err.find("calibrage : 400 personnes, 6 questions, 2400 réponses"), std::string::npos)
        << csv.err;
    const auto anchors = TempFile("anchors.csv", "id,a,b\na0001,1,0\n");
    const Outcome json =
        Simulate({"calibrate", "--responses", responses.string(), "--anchors", anchors.string(), "--json"});
    ASSERT_EQ(json.code, 0) << json.err;
    const auto j = nlohmann::json::parse(json.out);
    ASSERT_EQ(j["items"].size(), 6U);
    EXPECT_EQ(j["items"][0]["estimated"], false);
    EXPECT_EQ(j["items"][0]["a"], 1.0);
    EXPECT_TRUE(j["items"][1]["estimated"].get<bool>());
    EXPECT_TRUE(j["items"][1].contains("rmsd"));
    EXPECT_TRUE(j["items"][1].contains("change_b"));
    const auto bad = TempFile("bad_responses.csv", "person,item,correct\nann,q1,1\nann,q2,yes\n");
    const Outcome failed = Simulate({"calibrate", "--responses", bad.string()});
    EXPECT_EQ(failed.code, 1);
    EXPECT_NE(failed.err.find(bad.string() + ":3: correct: \"yes\" is not 0 or 1"), std::string::npos)
        << failed.err;
    const Outcome none = Simulate({"calibrate"});
    EXPECT_EQ(none.code, 1);
    const Outcome recovery = Simulate(
        {"calibrate", "--recovery", "--persons", "500", "--items", "10", "--json", "--threads", "1"});
    ASSERT_EQ(recovery.code, 0) << recovery.err;
    EXPECT_LT(nlohmann::json::parse(recovery.out)["rmse_b"].get<double>(), 0.3);
    std::filesystem::remove(responses);
    std::filesystem::remove(anchors);
    std::filesystem::remove(bad);
}

TEST(Commands, NonUtf8CsvIsAnErrorNotAnException) {
    // Before the UTF-8 check, the Latin-1 id reached nlohmann::json::dump, which threw type_error.316.
    std::string bank = "id,competence,a,b\n";
    for (int i = 0; i < 30; ++i)
        bank += "q" + std::to_string(i) + ",Comp\xE9tence,1," + std::to_string(i % 5 - 2) + "\n";
    const auto bank_path = TempFile("latin1_bank.csv", bank);
    const Outcome sim = Simulate({"simulate", "--bank", bank_path.string(), "--length", "5", "--examinees",
                                  "10", "--json", "--no-timing"});
    EXPECT_EQ(sim.code, 1);
    EXPECT_NE(sim.err.find(bank_path.string() + ":2: not valid UTF-8"), std::string::npos) << sim.err;
    const auto responses = TempFile("latin1_responses.csv", "person,item,correct\nann,q1,1\nbob,q\xE9,0\n");
    const Outcome cal = Simulate({"calibrate", "--responses", responses.string(), "--json"});
    EXPECT_EQ(cal.code, 1);
    EXPECT_NE(cal.err.find(responses.string() + ":3: not valid UTF-8"), std::string::npos) << cal.err;
    std::filesystem::remove(bank_path);
    std::filesystem::remove(responses);
}

}  // namespace
}  // namespace passeur::assessment
