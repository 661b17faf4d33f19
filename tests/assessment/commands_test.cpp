// `passeur simulate` and `passeur calibrate` through CLI11, as app/cli.cpp calls them.
#include "assessment/commands.hpp"

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assessment/csv_input.hpp"
#include "assessment/irt.hpp"
#include "assessment/simulate.hpp"
#include <sys/stat.h>
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
    // Adaptive logs: --exposure is applied (without control every person's first item is the same).
    const auto adaptive = [](const std::string& exposure) {
        return Simulate({"calibrate", "--recovery", "--persons", "300", "--items", "30", "--answers", "6",
                         "--exposure", exposure, "--json", "--threads", "1"});
    };
    const Outcome plain = adaptive("none");
    ASSERT_EQ(plain.code, 0) << plain.err;
    const Outcome spread = adaptive("randomesque:4");
    ASSERT_EQ(spread.code, 0) << spread.err;
    const auto pj = nlohmann::json::parse(plain.out), sj = nlohmann::json::parse(spread.out);
    EXPECT_EQ(pj["exposure"], "none");
    EXPECT_EQ(pj["answers_per_item"]["max"], 300);
    EXPECT_LT(sj["answers_per_item"]["max"].get<int>(), 250);
    EXPECT_EQ(sj["all_items"]["items"], 30);
    EXPECT_TRUE(sj["items_with_20_answers"].contains("rmse_b"));
    const Outcome wrong = adaptive("randomesque:0");
    EXPECT_EQ(wrong.code, 1);
    EXPECT_NE(wrong.err.find("--exposure"), std::string::npos) << wrong.err;
    const Outcome complete_with_exposure =
        Simulate({"calibrate", "--recovery", "--persons", "50", "--items", "5", "--exposure", "none"});
    EXPECT_EQ(complete_with_exposure.code, 1);
    EXPECT_NE(complete_with_exposure.err.find("--answers"), std::string::npos) << complete_with_exposure.err;
    std::filesystem::remove(responses);
    std::filesystem::remove(anchors);
    std::filesystem::remove(bad);
}

// Negative or NaN values used to fall back silently to the defaults.
TEST(SimulateCommand, RejectsNegativeOrNanLengthAndSe) {
    for (const auto& [flag, value] : std::vector<std::pair<std::string, std::string>>{{"--length", "-3"},
                                                                                      {"--length", "0"},
                                                                                      {"--se", "-0.3"},
                                                                                      {"--se", "nan"},
                                                                                      {"--se", "0"},
                                                                                      {"--min", "-1"},
                                                                                      {"--max", "-5"}}) {
        const Outcome r = Simulate({"simulate", flag, value, "--examinees", "5", "--no-timing"});
        EXPECT_EQ(r.code, 1) << flag << " " << value;
        EXPECT_EQ(r.err.rfind("passeur: " + flag + ": must be", 0), 0U) << r.err;
    }
}

// A FIFO has no size to ask for (tellg gave -1, read as "larger than 64 MiB").
TEST(SimulateCommand, ReadsABankFromAFifo) {
    std::signal(SIGPIPE, SIG_IGN);
    const auto path = std::filesystem::temp_directory_path() /
                      ("passeur_assessment_fifo_" + std::to_string(::getpid()) + ".csv");
    std::filesystem::remove(path);
    ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
    std::string bank = "id,competence,a,b\n";
    for (int i = 0; i < 40; ++i)
        bank += "q" + std::to_string(i) + ",A,1.1," + std::to_string(-2.0 + i * 0.1) + "\n";
    std::thread writer([&] { std::ofstream(path, std::ios::binary) << bank; });
    const Outcome r = Simulate(
        {"simulate", "--bank", path.string(), "--length", "5", "--examinees", "20", "--json", "--no-timing"});
    writer.join();
    std::filesystem::remove(path);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["bank_items"], 40);
}

// Ids with a comma or a quote are quoted (RFC 4180) in the id,a,b output, which reads back.
TEST(CalibrateCommand, QuotesIdsInCsvOutput) {
    core::SeededRandom random(5);
    auto items = GenerateScenarioABank(random, 3);
    auto thetas = DrawAbilities(random, 200, 1, 0.0);
    Deviates dev(random);
    const std::vector<std::string> ids = {"q,1", "say \"hi\"", "plain"};
    std::string text = "person,item,correct\n";
    for (std::size_t p = 0; p < 200; ++p) {
        for (std::size_t j = 0; j < 3; ++j) {
            std::string quoted = "\"";
            for (char ch : ids[j]) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
            text += "p" + std::to_string(p) + "," + quoted + "\"," +
                    (dev.Uniform() < Probability((*thetas)[p], items[j].a, items[j].b) ? "1" : "0") + "\n";
        }
    }
    const auto responses = TempFile("quoted.csv", text);
    const Outcome r = Simulate({"calibrate", "--responses", responses.string()});
    std::filesystem::remove(responses);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("\n\"q,1\","), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\n\"say \"\"hi\"\"\","), std::string::npos) << r.out;
    auto back = ParseItemParamsCsv(r.out, "out.csv");
    ASSERT_TRUE(back) << back.error().message;
    ASSERT_EQ(back->size(), 3U);
    EXPECT_EQ((*back)[0].id, "q,1");
    EXPECT_EQ((*back)[1].id, "say \"hi\"");
}

// The files for another engine (bench/jscat): bank, abilities and a pre-drawn answer matrix, read
// back with --answers: the same answers give the same result; other answers another one.
TEST(SimulateCommand, WritesAndReadsBackTheAnswerMatrix) {
    const auto bank = TempFile("w_bank.csv", "");
    const auto thetas = TempFile("w_thetas.csv", "");
    const auto answers = TempFile("w_answers.csv", "");
    const Outcome written = Simulate({"simulate", "--examinees", "40", "--length", "10", "--write-bank",
                                      bank.string(), "--write-thetas", thetas.string(), "--write-answers",
                                      answers.string(), "--json", "--no-timing"});
    ASSERT_EQ(written.code, 0) << written.err;
    const Outcome replayed =
        Simulate({"simulate", "--bank", bank.string(), "--thetas", thetas.string(), "--answers",
                  answers.string(), "--length", "10", "--json", "--no-timing"});
    ASSERT_EQ(replayed.code, 0) << replayed.err;
    auto a = nlohmann::json::parse(written.out), b = nlohmann::json::parse(replayed.out);
    EXPECT_EQ(a["rmse"], b["rmse"]);
    EXPECT_EQ(a["bias"], b["bias"]);
    EXPECT_EQ(b["examinees"], 40);
    // Every answer right: every estimate goes up.
    std::ifstream in(answers);
    std::string header;
    std::getline(in, header);
    std::string all_right = header + "\n";
    for (int e = 1; e <= 40; ++e) {
        all_right += "e" + std::string(6 - std::to_string(e).size(), '0') + std::to_string(e);
        for (int i = 0; i < 500; ++i) all_right += ",1";
        all_right += "\n";
    }
    const auto right = TempFile("w_right.csv", all_right);
    const Outcome high = Simulate({"simulate", "--bank", bank.string(), "--thetas", thetas.string(),
                                   "--answers", right.string(), "--length", "10", "--json", "--no-timing"});
    ASSERT_EQ(high.code, 0) << high.err;
    EXPECT_GT(nlohmann::json::parse(high.out)["bias"].get<double>(), 1.0);
    const auto short_file = TempFile("w_short.csv", header + "\n");
    const Outcome bad = Simulate({"simulate", "--bank", bank.string(), "--thetas", thetas.string(),
                                  "--answers", short_file.string(), "--length", "10"});
    EXPECT_EQ(bad.code, 1);
    for (const auto& p : {bank, thetas, answers, right, short_file}) std::filesystem::remove(p);
}

// Sympson–Hetter parameters are fitted on other examinees than those evaluated.
TEST(SimulateCommand, SympsonHetterIsCalibratedOutOfSample) {
    const Outcome r = Simulate({"simulate", "--examinees", "100", "--exposure", "sympson-hetter:0.5",
                                "--sh-iterations", "2", "--json", "--no-timing"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["exposure_calibration_sample"], "independent");
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
