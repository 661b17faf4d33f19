// LoadStoredResponses over tests run through AssessmentService by scripted examinees (counts,
// observations equal to the stored answers, start values and anchor flags from the bank, answers to
// deleted items skipped, the observation bound), and `passeur calibrate` on the stored responses end
// to end through CLI11 with a loader over the test's database (JSON report, --out CSV and JSON).
#include "assessment/service/calibration_source.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "assessment/commands.hpp"
#include "assessment/simulate.hpp"
#include "fixture.hpp"
#include "store/sql_store.hpp"
#include <unistd.h>

namespace passeur::assessment::testing {
namespace {

constexpr int kTests = 30;

struct CliOutcome {
    std::optional<int> code;
    std::string out;
    std::string err;
};

class CalibrationSourceTest : public ServiceFixture {
protected:
    // kTests tests of kProfile, each by a scripted examinee of ability θ ~ N(0, 1) answering right
    // with the 2PL probability of the item's current parameters. Returns the answers stored.
    std::int64_t RunTests() {
        core::SeededRandom draws(23);
        Deviates dev(draws);
        const account::Principal p = PrincipalOf(learner_);
        for (int t = 0; t < kTests; ++t) {
            const double theta = dev.Normal();
            auto started = service_->Start(p, {kProfile, 0});
            EXPECT_TRUE(started) << started.error().message;
            if (!started) return -1;
            for (int guard = 0;; ++guard) {
                if (guard > 200) {
                    ADD_FAILURE() << "the test never stopped";
                    return -1;
                }
                auto step = service_->Next(p, started->id);
                EXPECT_TRUE(step) << step.error().message;
                if (!step || step->done) break;
                const item::Item item = ItemOf(step->item->id);
                const item::Irt irt = item.EffectiveIrt();
                const bool right = dev.Uniform() < Probability(theta, irt.a, irt.b);
                auto outcome = service_->Answer(p, started->id, item.id, ResponseFor(item, right));
                EXPECT_TRUE(outcome) << outcome.error().message;
                if (!outcome) return -1;
            }
        }
        auto rows = db_->Query("SELECT COUNT(*) FROM assessment_answers");
        EXPECT_TRUE(rows);
        return rows ? store::AsInt((*rows)[0][0]) : -1;
    }

    // Rewrites item `id` through the item service (a new revision), as an editor would.
    void EditItem(const std::string& id, bool anchor, std::optional<item::Irt> irt) {
        item::Item it = ItemOf(id);
        it.anchor = anchor;
        if (irt) it.irt = irt;
        auto updated =
            items_->Update(id, item::ItemToJson(it, item::JsonScope::kFull), item::Actor::System());
        ASSERT_TRUE(updated) << updated.error().message;
        EXPECT_EQ(updated->item.anchor, anchor);
    }

    // `passeur calibrate ARGS` with a loader over this test's database; `seen_url` gets the URL given.
    CliOutcome Calibrate(std::vector<std::string> args, std::string* seen_url = nullptr) {
        CLI::App cli("passeur");
        auto runner = AddAssessmentCommands(cli, core::CommandEnv{"sqlite:default.db", "/nonexistent"},
                                            [this, seen_url](const std::string& url) {
                                                if (seen_url != nullptr) *seen_url = url;
                                                return LoadStoredResponses(*db_);
                                            });
        args.insert(args.begin(), {"passeur", "calibrate"});
        std::vector<const char*> argv;
        for (const auto& a : args) argv.push_back(a.c_str());
        cli.parse(static_cast<int>(argv.size()), argv.data());
        ::testing::internal::CaptureStdout();
        ::testing::internal::CaptureStderr();
        CliOutcome run;
        run.code = runner();
        run.out = ::testing::internal::GetCapturedStdout();
        run.err = ::testing::internal::GetCapturedStderr();
        return run;
    }

    static std::filesystem::path TempPath(const std::string& name) {
        static int counter = 0;
        return std::filesystem::temp_directory_path() / ("passeur_calibration_" + std::to_string(::getpid()) +
                                                         "_" + std::to_string(++counter) + "_" + name);
    }
    static std::string Slurp(const std::filesystem::path& path) {
        std::ifstream in(path, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }
};

TEST_P(CalibrationSourceTest, NothingStored) {
    auto input = LoadStoredResponses(*db_);
    ASSERT_TRUE(input) << input.error().message;
    EXPECT_TRUE(input->data.observations.empty());
    EXPECT_TRUE(input->data.persons.empty());
    EXPECT_TRUE(input->data.items.empty());
    EXPECT_GT(input->bank_items_unanswered, 100u);  // the shipped bank, none answered

    const auto out = TempPath("none.csv");
    std::string url;
    const CliOutcome json = Calibrate({"--db", "sqlite:/tmp/x.db", "--json", "--out", out.string()}, &url);
    ASSERT_EQ(json.code, 0) << json.err;
    EXPECT_EQ(url, "sqlite:/tmp/x.db");
    const auto j = nlohmann::json::parse(json.out);
    EXPECT_EQ(j["fitted"], false);
    EXPECT_EQ(j["items"].size(), 0u);
    EXPECT_EQ(j["tests"], 0);
    EXPECT_EQ(j["answers"], 0);
    EXPECT_TRUE(j["population_mean"].is_null());
    EXPECT_EQ(Slurp(out), "id,a,b\n");
    const CliOutcome text = Calibrate({});
    ASSERT_EQ(text.code, 0) << text.err;
    EXPECT_NE(text.out.find("aucune réponse enregistrée utilisable, rien à calibrer"), std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("passeur items import"), std::string::npos) << text.out;
    std::filesystem::remove(out);
}

TEST_P(CalibrationSourceTest, StoredTestsToCalibration) {
    const std::int64_t answers = RunTests();
    ASSERT_GT(answers, kTests * 8);  // at least one answer per competence in every test

    // One answered item becomes an anchor, another gets explicit parameters (both through the
    // item service), a third is deleted from the bank: its answers are skipped.
    auto by_item = db_->Query(
        "SELECT item_id, COUNT(*) FROM assessment_answers GROUP BY item_id ORDER BY COUNT(*) DESC, item_id");
    ASSERT_TRUE(by_item);
    ASSERT_GE(by_item->size(), 5u);
    const std::string anchor_id = store::AsText((*by_item)[0][0]);
    const std::string edited_id = store::AsText((*by_item)[1][0]);
    const std::string deleted_id = store::AsText(by_item->back()[0]);
    const std::int64_t deleted_answers = store::AsInt(by_item->back()[1]);
    EditItem(anchor_id, true, std::nullopt);
    EditItem(edited_id, false, item::Irt{1.3, 0.4});
    ASSERT_TRUE(db_->Exec("DELETE FROM items WHERE id = $1", {deleted_id}));

    auto input = LoadStoredResponses(*db_);
    ASSERT_TRUE(input) << input.error().message;
    const StoredCalibrationInput& in = *input;
    EXPECT_EQ(in.data.persons.size(), static_cast<std::size_t>(kTests));
    EXPECT_EQ(static_cast<std::int64_t>(in.data.observations.size()), answers - deleted_answers);
    EXPECT_EQ(static_cast<std::int64_t>(in.answers_deleted_items), deleted_answers);
    EXPECT_EQ(in.deleted_items, 1u);
    EXPECT_EQ(in.answers_other_model, 0u);
    EXPECT_EQ(in.data.items.size(), by_item->size() - 1);
    ASSERT_EQ(in.start.size(), in.data.items.size());
    ASSERT_EQ(in.items.size(), in.data.items.size());
    EXPECT_TRUE(std::is_sorted(in.data.items.begin(), in.data.items.end()));
    auto bank_count = db_->Query("SELECT COUNT(*) FROM items");
    ASSERT_TRUE(bank_count);
    EXPECT_EQ(in.bank_items_unanswered + in.data.items.size(),
              static_cast<std::size_t>(store::AsInt((*bank_count)[0][0])));

    // Start values: the item's current parameters and anchor flag.
    int anchors = 0;
    for (std::size_t j = 0; j < in.data.items.size(); ++j) {
        const item::Item it = ItemOf(in.data.items[j]);
        EXPECT_EQ(in.start[j].a, it.EffectiveIrt().a) << it.id;
        EXPECT_EQ(in.start[j].b, it.EffectiveIrt().b) << it.id;
        EXPECT_EQ(in.start[j].anchor, it.anchor) << it.id;
        EXPECT_EQ(in.items[j].level, it.level);
        EXPECT_EQ(in.items[j].competence, it.competence);
        EXPECT_EQ(in.items[j].framework, it.framework);
        if (in.start[j].anchor) ++anchors;
        if (it.id == edited_id) {
            EXPECT_EQ(in.start[j].a, 1.3);
            EXPECT_EQ(in.start[j].b, 0.4);
        } else if (!it.irt) {
            EXPECT_EQ(in.start[j].b, item::DefaultIrt(it.level).b) << it.id;
        }
    }
    EXPECT_EQ(anchors, 1);
    EXPECT_EQ(std::find(in.data.items.begin(), in.data.items.end(), deleted_id), in.data.items.end());

    // Observations: exactly the stored (test, item, engine_score) of the items still in the bank.
    auto stored =
        db_->Query("SELECT assessment_id, item_id, engine_score FROM assessment_answers WHERE item_id <> $1",
                   {deleted_id});
    ASSERT_TRUE(stored);
    std::set<std::tuple<std::string, std::string, int>> expected, got;
    for (const store::Row& row : *stored) {
        const double score = std::holds_alternative<double>(row[2])
                                 ? std::get<double>(row[2])
                                 : static_cast<double>(store::AsInt(row[2]));
        expected.emplace(store::AsText(row[0]), store::AsText(row[1]), score == 1.0 ? 1 : 0);
    }
    for (const Observation& o : in.data.observations)
        got.emplace(in.data.persons[o.person], in.data.items[o.item], o.correct);
    EXPECT_EQ(got, expected);
    EXPECT_EQ(got.size(), in.data.observations.size());  // one per (test, item)

    // The bound: refused before reading.
    auto bounded = LoadStoredResponses(*db_, static_cast<std::size_t>(answers - 1));
    ASSERT_FALSE(bounded);
    EXPECT_EQ(bounded.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(bounded.error().field, "observations");

    // The command end to end: items under --min-responses keep their start values, the anchor its
    // own, the others are estimated; --out writes id,a,b; nothing is written to the bank.
    std::map<std::string, std::size_t> responses;
    for (const Observation& o : in.data.observations) ++responses[in.data.items[o.item]];
    const std::size_t min_responses = 15;
    const auto out_csv = TempPath("params.csv");
    std::string url;
    const CliOutcome run =
        Calibrate({"--db", "sqlite:stored.db", "--json", "--min-responses", std::to_string(min_responses),
                   "--threads", "1", "--out", out_csv.string()},
                  &url);
    ASSERT_EQ(run.code, 0) << run.err;
    EXPECT_EQ(url, "sqlite:stored.db");
    const auto j = nlohmann::json::parse(run.out);
    EXPECT_EQ(j["source"], "store");
    EXPECT_EQ(j["fitted"], true);
    EXPECT_EQ(j["tests"], kTests);
    EXPECT_EQ(j["answers"], answers - deleted_answers);
    EXPECT_EQ(j["answers_to_deleted_items"], deleted_answers);
    EXPECT_EQ(j["deleted_items"], 1);
    EXPECT_EQ(j["item_bank_written"], false);
    EXPECT_TRUE(j["population_mean"].is_number());
    EXPECT_GT(j["cycles"].get<int>(), 0);
    ASSERT_EQ(j["items"].size(), in.data.items.size());
    std::size_t estimated = 0, too_few = 0, anchored = 0;
    for (std::size_t k = 0; k < j["items"].size(); ++k) {
        const auto& f = j["items"][k];
        const std::string id = f["id"];
        EXPECT_EQ(id, in.data.items[k]);
        EXPECT_EQ(f["responses"], responses[id]) << id;
        if (id == anchor_id) {
            ++anchored;
            EXPECT_EQ(f["status"], "anchor");
            EXPECT_EQ(f["estimated"], false);
            EXPECT_EQ(f["a"], in.start[k].a);
            EXPECT_EQ(f["b"], in.start[k].b);
        } else if (responses[id] < min_responses) {
            ++too_few;
            EXPECT_EQ(f["status"], "too_few_responses") << id;
            EXPECT_EQ(f["estimated"], false) << id;
            EXPECT_EQ(f["a"], in.start[k].a) << id;
            EXPECT_EQ(f["b"], in.start[k].b) << id;
            EXPECT_EQ(f["change_a"], 0.0) << id;
            EXPECT_EQ(f["change_b"], 0.0) << id;
        } else {
            ++estimated;
            EXPECT_EQ(f["status"], "estimated") << id;
            EXPECT_EQ(f["estimated"], true) << id;
            EXPECT_NEAR(f["change_b"].get<double>(), f["b"].get<double>() - in.start[k].b, 1e-12) << id;
            EXPECT_GE(f["rmsd"].get<double>(), 0.0);
        }
    }
    EXPECT_EQ(anchored, 1u);
    EXPECT_GT(estimated, 0u);
    EXPECT_GT(too_few, 0u);
    EXPECT_EQ(j["items_estimated"], estimated);
    EXPECT_EQ(j["items_kept_anchor"], 1);
    EXPECT_EQ(j["items_kept_too_few_responses"], too_few);

    const std::string csv = Slurp(out_csv);
    ASSERT_EQ(csv.rfind("id,a,b\n", 0), 0u) << csv;
    EXPECT_EQ(static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')), in.data.items.size() + 1);
    const std::size_t anchor_k = static_cast<std::size_t>(
        std::find(in.data.items.begin(), in.data.items.end(), anchor_id) - in.data.items.begin());
    EXPECT_NE(
        csv.find(fmt::format("\n{},{:.6f},{:.6f}\n", anchor_id, in.start[anchor_k].a, in.start[anchor_k].b)),
        std::string::npos)
        << csv;

    // JSON parameters, and the table; the bank is unchanged.
    const auto out_json = TempPath("params.json");
    const CliOutcome table = Calibrate(
        {"--min-responses", std::to_string(min_responses), "--threads", "1", "--out", out_json.string()});
    ASSERT_EQ(table.code, 0) << table.err;
    EXPECT_NE(table.out.find(fmt::format("calibrage des réponses enregistrées : {} tests, {} réponses",
                                         kTests, answers - deleted_answers)),
              std::string::npos)
        << table.out;
    EXPECT_NE(table.out.find(fmt::format("{} réponse(s) à 1 question(s) supprimée(s)", deleted_answers)),
              std::string::npos)
        << table.out;
    EXPECT_NE(table.out.find(anchor_id), std::string::npos);
    EXPECT_NE(table.out.find("passeur items import"), std::string::npos);
    const auto params = nlohmann::json::parse(Slurp(out_json));
    ASSERT_EQ(params.size(), in.data.items.size());
    EXPECT_EQ(params[anchor_k]["id"], anchor_id);
    EXPECT_EQ(params[anchor_k]["a"], in.start[anchor_k].a);
    for (std::size_t k = 0; k < in.data.items.size(); ++k) {
        const item::Item it = ItemOf(in.data.items[k]);
        EXPECT_EQ(it.EffectiveIrt().a, in.start[k].a) << it.id;  // not written back
    }
    std::filesystem::remove(out_csv);
    std::filesystem::remove(out_json);
}

INSTANTIATE_TEST_SUITE_P(Engines, CalibrationSourceTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres), EngineName);

}  // namespace
}  // namespace passeur::assessment::testing
