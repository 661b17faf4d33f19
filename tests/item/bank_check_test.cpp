// item_bank_check: the shipped bank (data/items) checked against the shipped frameworks
// (data/frameworks, read here directly: the framework component is not a dependency of item).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include <item/check.hpp>
#include <item/item_files.hpp>
#include <item/scoring.hpp>

namespace passeur::item {
namespace {

namespace fs = std::filesystem;

const fs::path kData = PASSEUR_ITEM_BANK_DATA_DIR;

// framework id -> competence code -> skill codes, from data/frameworks/*.json (format passeur-framework/1).
std::map<std::string, std::map<std::string, std::vector<std::string>>> ReadFrameworks() {
    std::map<std::string, std::map<std::string, std::vector<std::string>>> out;
    for (const auto& entry : fs::directory_iterator(kData / "frameworks")) {
        if (entry.path().extension() != ".json") continue;
        std::ifstream in(entry.path());
        const auto doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
        EXPECT_FALSE(doc.is_discarded()) << entry.path();
        if (!doc.is_object() || doc.value("format", "") != "passeur-framework/1") continue;
        auto& competences = out[doc.at("id").get<std::string>()];
        for (const auto& area : doc.at("areas")) {
            for (const auto& competence : area.at("competences")) {
                auto& skills = competences[competence.at("code").get<std::string>()];
                for (const auto& skill : competence.value("skills", nlohmann::json::array())) {
                    skills.push_back(skill.at("code").get<std::string>());
                }
            }
        }
    }
    return out;
}

TEST(ItemBank, ShippedBankHasNoProblemAndEnoughItems) {
    const auto frameworks = ReadFrameworks();
    ASSERT_EQ(frameworks.count("competences-numeriques"), 1U);
    ASSERT_EQ(frameworks.count("mediation-numerique"), 1U);
    const auto resolver = [&](std::string_view framework,
                              std::string_view competence) -> std::optional<std::vector<std::string>> {
        const auto fw = frameworks.find(std::string(framework));
        if (fw == frameworks.end()) return std::nullopt;
        const auto c = fw->second.find(std::string(competence));
        if (c == fw->second.end()) return std::nullopt;
        return c->second;
    };
    const auto files = LoadItemFiles(kData / "items");
    ASSERT_TRUE(files.has_value()) << files.error().message;
    const auto report = CheckItemFiles(*files, {resolver, ImageExistsIn(kData / "items")});
    std::cout << CheckReportToText(report);
    EXPECT_TRUE(report.ok()) << report.problems.size() << " problems (listed above)";

    const std::pair<std::string, std::size_t> minimums[] = {{"competences-numeriques", 20},
                                                            {"mediation-numerique", 12}};
    for (const auto& [framework, minimum] : minimums) {
        const auto& competences = frameworks.at(framework);
        EXPECT_EQ(competences.size(), framework == "competences-numeriques" ? 16U : 7U) << framework;
        const auto counted = report.frameworks.find(framework);
        ASSERT_NE(counted, report.frameworks.end()) << framework << ": no items";
        for (const auto& [code, skills] : competences) {
            const auto c = counted->second.competences.find(code);
            const std::size_t n = c == counted->second.competences.end() ? 0 : c->second.items;
            EXPECT_GE(n, minimum) << framework << " " << code;
        }
    }
    // The general framework's items spread over levels 1 to 6.
    std::map<int, std::size_t> levels;
    for (const auto& [code, count] : report.frameworks.at("competences-numeriques").competences) {
        for (const auto& [level, n] : count.levels) levels[level] += n;
    }
    for (int level = 1; level <= 6; ++level) EXPECT_GT(levels[level], 0U) << "level " << level;

    // Every item's key, given as a response, gets full credit; a non-answer gets none.
    ASSERT_GT(report.items.size(), 400U);
    for (const Item& item : report.items) {
        EXPECT_DOUBLE_EQ(ScoreResponse(item, KeyResponse(item)).Fraction(), 1.0) << item.id;
        EXPECT_DOUBLE_EQ(ScoreResponse(item, nlohmann::json("?")).Fraction(), 0.0) << item.id;
    }
}

}  // namespace
}  // namespace passeur::item
