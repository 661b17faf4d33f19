#include <map>
#include <string>

#include <gtest/gtest.h>

#include <item/check.hpp>
#include <item/item_files.hpp>

namespace passeur::item {
namespace {

const std::string kBank = std::string(PASSEUR_ITEM_TEST_DATA_DIR) + "/bank";

// competences-numeriques 1.1 (skills 1.1.1, 1.1.2) and 1.2 (skill 1.2.1); mediation-numerique 1.1.
std::optional<std::vector<std::string>> FakeFrameworks(std::string_view framework,
                                                       std::string_view competence) {
    static const std::map<std::pair<std::string, std::string>, std::vector<std::string>> kKnown = {
        {{"competences-numeriques", "1.1"}, {"1.1.1", "1.1.2"}},
        {{"competences-numeriques", "1.2"}, {"1.2.1"}},
        {{"mediation-numerique", "1.1"}, {}},
    };
    const auto it = kKnown.find({std::string(framework), std::string(competence)});
    if (it == kKnown.end()) return std::nullopt;
    return it->second;
}

CheckOptions Options() { return {FakeFrameworks, ImageExistsIn(kBank)}; }

std::vector<CheckProblem> ProblemsOf(const CheckReport& report, std::string_view file) {
    std::vector<CheckProblem> out;
    for (const auto& p : report.problems) {
        if (p.file == file) out.push_back(p);
    }
    return out;
}

std::string Dump(const std::vector<CheckProblem>& problems) {
    std::string out;
    for (const auto& p : problems)
        out += p.file + ":" + std::to_string(p.line) + ": " + p.field + ": " + p.message + "\n";
    return out;
}

class CheckBank : public ::testing::Test {
protected:
    void SetUp() override {
        auto files = LoadItemFiles(kBank);
        ASSERT_TRUE(files.has_value()) << files.error().message;
        files_ = std::move(*files);
        report_ = CheckItemFiles(files_, Options());
    }
    std::vector<ItemFile> files_;
    CheckReport report_;
};

TEST_F(CheckBank, LoaderFindsJsonFilesOutsideImages) {
    std::vector<std::string> paths;
    for (const auto& f : files_) paths.push_back(f.path);
    EXPECT_EQ(paths, (std::vector<std::string>{
                         "competences-numeriques/1.1.json", "competences-numeriques/1.2.json",
                         "competences-numeriques/9.9.json", "competences-numeriques/misnamed.json",
                         "mediation-numerique/1.1.json", "old-format.json"}));
    EXPECT_FALSE(LoadItemFiles(kBank + "/nowhere").has_value());
}

TEST_F(CheckBank, ValidFileHasNoProblemAndIsCounted) {
    EXPECT_TRUE(ProblemsOf(report_, "competences-numeriques/1.1.json").empty())
        << Dump(ProblemsOf(report_, "competences-numeriques/1.1.json"));
    const auto& count = report_.frameworks.at("competences-numeriques").competences.at("1.1");
    EXPECT_EQ(count.items, 6U);
    EXPECT_EQ(count.levels, (std::map<int, std::size_t>{{1, 1}, {2, 2}, {3, 1}, {4, 1}, {5, 1}}));
    EXPECT_EQ(count.types.at("matching"), 1U);
    EXPECT_EQ(count.types.size(), 6U);
    std::size_t from_first_file = 0;
    for (const auto& item : report_.items) from_first_file += item.competence == "1.1" ? 1 : 0;
    EXPECT_EQ(from_first_file, 6U);
}

TEST_F(CheckBank, EveryKindOfProblemPointsToItsFileLineAndField) {
    const std::string file = "competences-numeriques/1.2.json";
    const std::vector<CheckProblem> expected = {
        {file, 7, "/items/0/id",
         "\"CN_1\" is not a valid id (3 to 64 of a-z, 0-9, '.', '-', starting with a letter or digit; "
         "not \"nouvelle\")"},
        {file, 13, "/items/1/id",
         "duplicate id \"cn-1.1-001\", first used at competences-numeriques/1.1.json:7"},
        {file, 23, "/items/2/options/1/id", "duplicate id \"a\""},
        {file, 31, "/items/3/answer", "\"z\" is not an option id (a, b)"},
        {file, 36, "/items/4/level", "must be from 1 to 8, not 9"},
        {file, 44, "/items/5/irt/a", "discrimination must be in [0.2, 4], not 5"},
        {file, 51, "/items/6/feedback", "must not be empty"},
        {file, 53, "/items/7", "missing field \"feedback\""},
        {file, 61, "/items/8/stem",
         "image \"https://example.org/x.png\" must be images/<name> (a-z, 0-9, '-', '_', extension svg, png, "
         "jpg, jpeg "
         "or webp)"},
        {file, 61, "/items/8/stem", "image \"images/absent.svg\" does not exist in data/items/images/"},
        {file, 61, "/items/8/stem", "image \"images/courriel-suspect.svg\" needs an alternative text"},
        {file, 61, "/items/8/stem", "link \"javascript:alert(1\" is not an http(s) address"},
        {file, 66, "/items/9/skill", "\"1.2.9\" is not a skill of competence \"1.2\""},
        {file, 74, "/items/10/answer", "must list every option id once; missing: c"},
        {file, 82, "/items/11/scoring",
         "\"partial\" is only for multiple_choice, ordering and matching items"},
        {file, 87, "/items/12/type",
         "\"essay\" is not a type (single_choice, multiple_choice, short_text, numeric, ordering, matching)"},
        {file, 94, "/items/13/explanation", "unknown field \"explanation\""},
        {file, 101, "/items/14/answer", "left id \"l2\" has no match"},
        {file, 107, "/items/15/answer/accepted", "must have 1 to 20 variants, not 0"},
        {file, 114, "/items/16/answer/tolerance", "must be 0 or more"},
        {file, 119, "/items/17/level", "must be an integer from 1 to 8, not a string"},
        {file, 120, "/items/17/options", "must have 2 to 8 entries, not 1"},
    };
    EXPECT_EQ(ProblemsOf(report_, file), expected) << Dump(ProblemsOf(report_, file));
}

TEST_F(CheckBank, FileLevelProblems) {
    EXPECT_EQ(
        ProblemsOf(report_, "competences-numeriques/9.9.json"),
        (std::vector<CheckProblem>{{"competences-numeriques/9.9.json", 4, "/competence",
                                    "competence \"9.9\" is not in framework \"competences-numeriques\""}}));
    EXPECT_EQ(
        ProblemsOf(report_, "competences-numeriques/misnamed.json"),
        (std::vector<CheckProblem>{{"competences-numeriques/misnamed.json", 4, "/competence",
                                    "the file of competence \"1.2\" of framework \"competences-numeriques\" "
                                    "must be competences-numeriques/1.2.json"}}));
    EXPECT_EQ(ProblemsOf(report_, "mediation-numerique/1.1.json"),
              (std::vector<CheckProblem>{{"mediation-numerique/1.1.json", 9, "",
                                          "invalid JSON: trailing comma before '}' (column 5)"}}));
    EXPECT_EQ(ProblemsOf(report_, "old-format.json"),
              (std::vector<CheckProblem>{{"old-format.json", 2, "/format",
                                          "must be \"passeur-items/1\", not \"passeur-items/2\""}}));
    EXPECT_FALSE(report_.ok());
}

TEST_F(CheckBank, JsonReport) {
    const auto json = CheckReportToJson(report_);
    EXPECT_EQ(json["items_total"], report_.items_total);
    EXPECT_EQ(json["ok"], false);
    const auto& c11 = json["frameworks"]["competences-numeriques"]["competences"]["1.1"];
    EXPECT_EQ(c11["items"], 6);
    EXPECT_EQ(c11["levels"]["2"], 2);
    EXPECT_EQ(c11["types"]["short_text"], 1);
    EXPECT_EQ(json["problems"].size(), report_.problems.size());
    const auto& first = json["problems"][0];
    EXPECT_EQ(first["file"], "competences-numeriques/1.2.json");
    EXPECT_EQ(first["line"], 7);
    EXPECT_EQ(first["field"], "/items/0/id");
    EXPECT_TRUE(first["message"].is_string());
}

TEST_F(CheckBank, TextReport) {
    const auto text = CheckReportToText(report_);
    EXPECT_NE(text.find("competences-numeriques/1.2.json:44: /items/5/irt/a: discrimination must be in [0.2, "
                        "4], not 5\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("mediation-numerique/1.1.json:9: (file): invalid JSON"), std::string::npos);
    EXPECT_NE(text.find(std::to_string(report_.items_total) + " items, " +
                        std::to_string(report_.problems.size()) + " problems\n"),
              std::string::npos);
}

TEST(Check, RunItemsCheckGivesTheExitCodeAndTheOutput) {
    std::string output;
    EXPECT_EQ(RunItemsCheck(kBank, FakeFrameworks, true, output), 1);
    const auto json = nlohmann::json::parse(output);
    EXPECT_EQ(json["ok"], false);
    EXPECT_EQ(json["problems"].size(), 26U);
    EXPECT_EQ(RunItemsCheck(kBank, FakeFrameworks, false, output), 1);
    EXPECT_NE(output.find("competences-numeriques/1.2.json:7: /items/0/id: "), std::string::npos);
    EXPECT_EQ(RunItemsCheck(kBank + "/competences-numeriques", FakeFrameworks, false, output), 1);
    EXPECT_EQ(RunItemsCheck(kBank + "/nowhere", FakeFrameworks, true, output), 2);
    EXPECT_TRUE(nlohmann::json::parse(output).contains("error"));
    // A bank with only valid files passes.
    const std::string ok_dir = std::string(PASSEUR_ITEM_TEST_DATA_DIR) + "/ok";
    EXPECT_EQ(RunItemsCheck(ok_dir, FakeFrameworks, false, output), 0) << output;
    EXPECT_NE(output.find("1 items, 0 problems"), std::string::npos) << output;
}

TEST(Check, ItemsAreReadFromTextsInPathOrder) {
    const std::string header =
        R"({"format": "passeur-items/1", "framework": "competences-numeriques", "competence": "1.1", "items": [)";
    const std::string item =
        R"({"id": "cn-1.1-001", "level": 1, "type": "short_text", "stem": "S", "answer": {"accepted": ["x"]}, "feedback": "F"})";
    const std::vector<ItemFile> files = {
        {"competences-numeriques/1.1.json", header + item + "]}"},
        {"a/first.json", "not json"},
    };
    const auto report = CheckItemFiles(files, {FakeFrameworks, [](std::string_view) { return true; }});
    ASSERT_EQ(report.problems.size(), 1U);
    EXPECT_EQ(report.problems[0].file, "a/first.json");
    EXPECT_EQ(report.items_total, 1U);
    ASSERT_EQ(report.items.size(), 1U);
    EXPECT_EQ(report.items[0].framework, "competences-numeriques");
}

TEST(Check, OversizedAndHostileFiles) {
    const auto report =
        CheckItemFiles({{"competences-numeriques/1.1.json", std::string(kMaxItemFileBytes + 1, ' ')},
                        {"competences-numeriques/1.2.json", std::string(100000, '[')},
                        {"competences-numeriques/1.3.json", "[1, 2]"}},
                       {FakeFrameworks, [](std::string_view) { return true; }});
    ASSERT_EQ(report.problems.size(), 3U) << Dump(report.problems);
    EXPECT_NE(report.problems[0].message.find("over the limit"), std::string::npos);
    EXPECT_NE(report.problems[1].message.find("nesting deeper"), std::string::npos);
    EXPECT_NE(report.problems[2].message.find("must be a JSON object"), std::string::npos);
}

}  // namespace
}  // namespace passeur::item
