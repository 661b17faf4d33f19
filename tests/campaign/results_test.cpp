#include "campaign/results.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "campaign/territory.hpp"

namespace passeur::campaign {
namespace {

constexpr std::int64_t kJan2 = 1'767'312'000'000;  // 2026-01-02T00:00:00Z

std::vector<ProfileCompetence> Columns() {
    return {{"competences-numeriques", "1.1", 3}, {"competences-numeriques", "2.1", 4}};
}

std::string Export(const std::vector<ParticipantResult>& rows, const std::string& label,
                   const std::string& lang, int* calls = nullptr) {
    std::string out;
    int n = 0;
    ResultsCsvWriter writer(Columns(), label, lang, [&](std::string_view chunk) -> core::Result<void> {
        out.append(chunk);
        ++n;
        return core::Ok();
    });
    EXPECT_TRUE(writer.WriteHeader());
    for (const auto& r : rows) EXPECT_TRUE(writer.WriteRow(r));
    if (calls != nullptr) *calls = n;
    return out;
}

std::vector<ParticipantResult> SmallCase() {
    ParticipantResult a;
    a.display_name = "Dupont, Jeanne";
    a.email = "jeanne@example.fr";
    a.external_id = "A\"12\"";
    a.shared_at = kJan2;
    a.competences = {{"competences-numeriques", "1.1", 3, 3, 4, 3, "met"},
                     {"competences-numeriques", "2.1", 2, 1, 2, 4, "gap"}};
    ParticipantResult b;
    b.display_name = "=SOMME(A1)";
    b.email = "b@example.fr";
    b.external_id = "ligne\nsuivante";
    b.shared_at = kJan2;
    b.competences = {{"competences-numeriques", "1.1", 3, 2, 3, 3, "uncertain"}};  // 2.1 missing
    return {a, b};
}

TEST(ResultsCsvTest, ByteForByteFrench) {
    int calls = 0;
    const std::string csv = Export(SmallCase(), "Numéro, France Travail", "fr", &calls);
    const std::string expected =
        "\xEF\xBB\xBF"
        "participant,e-mail,\"Numéro, France Travail\",partagé le,1.1 niveau,1.1 fourchette,1.1 cible "
        "atteinte,"
        "2.1 niveau,2.1 fourchette,2.1 cible atteinte\r\n"
        "\"Dupont, Jeanne\",jeanne@example.fr,\"A\"\"12\"\"\",2026-01-02,3,3 à 4,oui,2,1 à 2,non\r\n"
        "'=SOMME(A1),b@example.fr,\"ligne\nsuivante\",2026-01-02,3,2 à 3,incertain,,,\r\n";
    EXPECT_EQ(csv, expected);
    EXPECT_EQ(calls, 3);  // header, then one call per row: the export streams
}

TEST(ResultsCsvTest, EnglishWithoutExternalId) {
    auto rows = SmallCase();
    rows[0].competences[0] = {"competences-numeriques", "1.1", 3, 3, 3, 3, "met"};
    const std::string csv = Export({rows[0]}, "", "en");
    EXPECT_EQ(csv,
              "\xEF\xBB\xBF"
              "participant,e-mail,shared on,1.1 level,1.1 range,1.1 target met,2.1 level,2.1 range,2.1 "
              "target met\r\n"
              "\"Dupont, Jeanne\",jeanne@example.fr,2026-01-02,3,3,yes,2,1 to 2,no\r\n");
}

TEST(ResultsCsvTest, SinkFailureStops) {
    int calls = 0;
    ResultsCsvWriter writer(Columns(), "", "fr", [&](std::string_view) -> core::Result<void> {
        ++calls;
        return core::Fail(core::Error::Unavailable("client parti"));
    });
    auto r = writer.WriteHeader();
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
    EXPECT_EQ(calls, 1);
}

TEST(ResultsCsvTest, Fields) {
    EXPECT_EQ(CsvField("simple"), "simple");
    EXPECT_EQ(CsvField(""), "");
    EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
    EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(CsvField("a\r\nb"), "\"a\r\nb\"");
    EXPECT_EQ(CsvField("+33 6"), "'+33 6");
    EXPECT_EQ(CsvField("-1"), "'-1");
    EXPECT_EQ(CsvField("@cmd"), "'@cmd");
    EXPECT_EQ(CsvField("=1,2"), "\"'=1,2\"");
}

std::vector<AggregateRow> People(const std::string& group, int n, int met) {
    std::vector<AggregateRow> rows;
    for (int i = 0; i < n; ++i) rows.push_back({group, group + "-p" + std::to_string(i), i < met, i >= met});
    return rows;
}

TEST(TerritoryTest, NineHiddenTenShown) {
    auto rows = People("nine", 9, 4);
    auto ten = People("ten", 10, 6);
    rows.insert(rows.end(), ten.begin(), ten.end());
    const auto groups = AggregateGroups(rows);
    ASSERT_EQ(groups.size(), 1u);
    EXPECT_EQ(groups[0], (AggregateGroup{"ten", 10, 6, 4}));
}

TEST(TerritoryTest, PeopleCountOnceLastRowWins) {
    auto rows = People("g", 9, 0);
    rows.push_back({"g", "g-p0", true, false});  // the same person again: still 9 people
    EXPECT_TRUE(AggregateGroups(rows).empty());
    rows.push_back({"g", "new", false, false});
    const auto groups = AggregateGroups(rows);
    ASSERT_EQ(groups.size(), 1u);
    EXPECT_EQ(groups[0].people, 10);
    EXPECT_EQ(groups[0].met, 1);  // g-p0's last row
    EXPECT_EQ(groups[0].gap, 8);
    EXPECT_EQ(AggregateGroups(rows, 11).size(), 0u);
}

}  // namespace
}  // namespace passeur::campaign
