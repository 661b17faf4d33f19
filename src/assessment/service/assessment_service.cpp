#include "assessment/service/assessment_service.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "assessment/irt.hpp"
#include "item/item_repository.hpp"
#include "item/scoring.hpp"

namespace passeur::assessment {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxIdBytesInput = 200;
constexpr std::size_t kMaxResponseBytes = 64 * 1024;
constexpr int kMaxListed = 500;
constexpr double kFullCredit = 1.0 - 1e-9;

// SplitMix64 finaliser: a well-mixed 64-bit value of x.
std::uint64_t Mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::uint64_t Fnv1a(std::string_view text) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : text) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

// Option order of `item_id` in the test of `seed`; exposure draws of position `position`.
std::uint64_t ItemSeed(std::uint64_t seed, std::string_view item_id) {
    return Mix(seed ^ Mix(Fnv1a(item_id)));
}
std::uint64_t PositionSeed(std::uint64_t seed, int position) {
    return Mix(seed + 0x632be59bd9b4e019ULL * static_cast<std::uint64_t>(position + 1));
}

std::string CompetenceKey(std::string_view framework, std::string_view competence) {
    return std::string(framework) + "/" + std::string(competence);
}

core::Error Internal(const std::string& what) { return core::Error::Internal("évaluation : " + what); }

// --- stored rows --------------------------------------------------------------------------------

struct StoredConfig {
    TestConfig config;
    std::vector<framework::Requirement> requirements;
};

json ConfigToJson(const StoredConfig& stored) {
    const TestConfig& c = stored.config;
    json reqs = json::array();
    for (const auto& r : stored.requirements) {
        reqs.push_back({{"framework", r.framework},
                        {"framework_version", r.framework_version},
                        {"competence", r.competence},
                        {"level", r.level}});
    }
    return {{"se_target", c.se_target ? json(*c.se_target) : json(nullptr)},
            {"min_length", c.min_length},
            {"max_length", c.max_length},
            {"min_items_per_competence", c.min_items_per_competence},
            {"prior_correlation", c.prior_correlation},
            {"exposure", {{"kind", "randomesque"}, {"top_k", c.exposure.top_k}}},
            {"needs", c.needs},
            {"requirements", reqs}};
}

core::Result<StoredConfig> ConfigFromText(const std::string& text) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return core::Fail(Internal("configuration illisible"));
    try {
        StoredConfig out;
        TestConfig& c = out.config;
        if (j.at("se_target").is_null()) {
            c.se_target = std::nullopt;
        } else {
            c.se_target = j.at("se_target").get<double>();
        }
        c.min_length = j.at("min_length").get<int>();
        c.max_length = j.at("max_length").get<int>();
        c.min_items_per_competence = j.at("min_items_per_competence").get<int>();
        c.prior_correlation = j.at("prior_correlation").get<double>();
        const json& exposure = j.at("exposure");
        c.exposure.kind = exposure.at("kind").get<std::string>() == "randomesque"
                              ? ExposureControl::kRandomesque
                              : ExposureControl::kNone;
        c.exposure.top_k = exposure.at("top_k").get<int>();
        c.needs = j.at("needs").get<std::uint8_t>();
        for (const json& r : j.at("requirements")) {
            framework::Requirement req;
            req.framework = r.at("framework").get<std::string>();
            req.framework_version = r.at("framework_version").get<std::string>();
            req.competence = r.at("competence").get<std::string>();
            req.level = r.at("level").get<int>();
            out.requirements.push_back(std::move(req));
        }
        return out;
    } catch (const json::exception& e) {
        return core::Fail(Internal(std::string("configuration illisible : ") + e.what()));
    }
}

struct Row {
    AssessmentSummary summary;
    std::uint64_t seed = 0;
    StoredConfig config;
    std::string pending_item_id;
    int pending_position = 0;
    std::int64_t version = 0;
};

constexpr const char* kRowColumns =
    "id, user_id, target_profile_id, status, stop_reason, seed, needs, config, pending_item_id, "
    "pending_position, answered, score, version, created_at, updated_at, completed_at";

core::Result<Row> RowFrom(const store::Row& r) {
    Row row;
    AssessmentSummary& s = row.summary;
    s.id = store::AsText(r[0]);
    s.user_id = store::AsText(r[1]);
    s.target_profile_id = store::AsText(r[2]);
    s.status =
        store::AsText(r[3]) == "completed" ? AssessmentStatus::kCompleted : AssessmentStatus::kInProgress;
    s.stop_reason = store::AsText(r[4]);
    row.seed = static_cast<std::uint64_t>(store::AsInt(r[5]));
    s.needs = static_cast<std::uint8_t>(store::AsInt(r[6]) & kAllConditions);
    auto config = ConfigFromText(store::AsText(r[7]));
    if (!config) return core::Fail(config.error());
    row.config = std::move(*config);
    row.pending_item_id = store::AsText(r[8]);
    row.pending_position = static_cast<int>(store::AsInt(r[9]));
    s.answered = static_cast<int>(store::AsInt(r[10]));
    if (!std::holds_alternative<std::nullptr_t>(r[11])) s.score = static_cast<int>(store::AsInt(r[11]));
    row.version = store::AsInt(r[12]);
    s.created_at = store::AsInt(r[13]);
    s.updated_at = store::AsInt(r[14]);
    s.completed_at = store::AsInt(r[15]);
    s.competences = static_cast<int>(row.config.requirements.size());
    return row;
}

core::Result<std::optional<Row>> FindRow(store::Executor& ex, std::string_view id) {
    auto rows =
        ex.Query(std::string("SELECT ") + kRowColumns + " FROM assessments WHERE id = $1", {std::string(id)});
    if (!rows) return core::Fail(rows.error());
    if (rows->empty()) return std::optional<Row>();
    auto row = RowFrom(rows->front());
    if (!row) return core::Fail(row.error());
    return std::optional<Row>(std::move(*row));
}

struct StoredAnswer {
    int position = 0;
    std::string item_id;
    std::int64_t item_revision = 0;
    std::string framework;
    std::string competence;
    bool skipped = false;
    double credit = 0;
    double engine_score = 0;
    double a = 1;
    double b = 0;
    std::int64_t answered_at = 0;
};

core::Result<std::vector<StoredAnswer>> LoadAnswers(store::Executor& ex, std::string_view id) {
    auto rows = ex.Query(
        "SELECT position, item_id, item_revision, framework, competence, "
        "CASE WHEN response IS NULL THEN 1 ELSE 0 END, credit, "
        "engine_score, a, b, answered_at FROM assessment_answers WHERE assessment_id = $1 ORDER BY position",
        {std::string(id)});
    if (!rows) return core::Fail(rows.error());
    auto real = [](const store::Value& v) {
        if (const auto* d = std::get_if<double>(&v)) return *d;
        return static_cast<double>(store::AsInt(v));
    };
    std::vector<StoredAnswer> out;
    for (const store::Row& r : *rows) {
        StoredAnswer a;
        a.position = static_cast<int>(store::AsInt(r[0]));
        a.item_id = store::AsText(r[1]);
        a.item_revision = store::AsInt(r[2]);
        a.framework = store::AsText(r[3]);
        a.competence = store::AsText(r[4]);
        a.skipped = store::AsInt(r[5]) != 0;
        a.credit = real(r[6]);
        a.engine_score = real(r[7]);
        a.a = real(r[8]);
        a.b = real(r[9]);
        a.answered_at = store::AsInt(r[10]);
        out.push_back(std::move(a));
    }
    return out;
}

std::uint8_t UsableIn(const item::Accessibility& access) {
    std::uint8_t usable = 0;
    if (access.screen_reader) usable |= kScreenReader;
    if (access.no_colour) usable |= kNoColour;
    if (access.no_timer) usable |= kNoTimer;
    return usable;
}

Progress ProgressOf(const StoredConfig& config, const std::vector<StoredAnswer>& answers) {
    Progress p;
    p.answered = static_cast<int>(answers.size());
    p.competences_total = static_cast<int>(config.requirements.size());
    p.max_length = config.config.max_length;
    std::set<std::string> covered;
    for (const auto& a : answers) covered.insert(CompetenceKey(a.framework, a.competence));
    for (const auto& r : config.requirements) {
        if (covered.count(CompetenceKey(r.framework, r.competence)) != 0) ++p.competences_covered;
    }
    return p;
}

int ScoreOf(const AdaptiveTest& test) {
    if (test.dimensions() == 0) return 0;
    double sum = 0;
    for (std::size_t d = 0; d < test.dimensions(); ++d) sum += Logistic(test.estimate(d).mean);
    return static_cast<int>(std::lround(100.0 * sum / static_cast<double>(test.dimensions())));
}

std::string AnswerVerdict(bool skipped, double credit) {
    if (skipped) return "skipped";
    if (credit >= kFullCredit) return "correct";
    if (credit > 0) return "partial";
    return "incorrect";
}

}  // namespace

// --- names and JSON -------------------------------------------------------------------------------

std::string_view AssessmentStatusName(AssessmentStatus status) {
    return status == AssessmentStatus::kCompleted ? "completed" : "in_progress";
}

core::Result<std::uint8_t> ParseNeeds(const std::vector<std::string>& names) {
    std::uint8_t needs = 0;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::string& n = names[i];
        if (n == "screen_reader") {
            needs |= kScreenReader;
        } else if (n == "no_colour") {
            needs |= kNoColour;
        } else if (n == "no_timer") {
            needs |= kNoTimer;
        } else {
            return core::Fail(core::Error::InvalidArgument(
                "Besoin inconnu « " + n.substr(0, 40) + " » (screen_reader, no_colour ou no_timer).",
                "needs[" + std::to_string(i) + "]"));
        }
    }
    return needs;
}

std::vector<std::string> NeedNames(std::uint8_t needs) {
    std::vector<std::string> out;
    if ((needs & kScreenReader) != 0) out.emplace_back("screen_reader");
    if ((needs & kNoColour) != 0) out.emplace_back("no_colour");
    if ((needs & kNoTimer) != 0) out.emplace_back("no_timer");
    return out;
}

TestConfig DefaultTestConfig(std::size_t competences, std::uint8_t needs) {
    TestConfig c;
    c.se_target = 0.40;
    c.min_length = static_cast<int>(competences);
    c.max_length = std::max(40, 5 * static_cast<int>(competences));
    c.min_items_per_competence = 1;
    c.prior_correlation = 0.5;
    c.exposure.kind = ExposureControl::kRandomesque;
    c.exposure.top_k = 3;
    c.needs = needs;
    return c;
}

json SummaryToJson(const AssessmentSummary& s) {
    json out = {{"id", s.id},
                {"target_profile_id", s.target_profile_id},
                {"profile_name", {{"fr", s.profile_name.fr}, {"en", s.profile_name.en}}},
                {"status", AssessmentStatusName(s.status)},
                {"needs", NeedNames(s.needs)},
                {"answered", s.answered},
                {"competences", s.competences},
                {"created_at", core::FormatRfc3339(s.created_at)},
                {"updated_at", core::FormatRfc3339(s.updated_at)}};
    if (s.status == AssessmentStatus::kCompleted) {
        out["stop_reason"] = s.stop_reason;
        out["completed_at"] = core::FormatRfc3339(s.completed_at);
        if (s.score) out["score"] = *s.score;
    }
    return out;
}

json ProgressToJson(const Progress& p) {
    return {{"answered", p.answered},
            {"competences_covered", p.competences_covered},
            {"competences_total", p.competences_total},
            {"max_length", p.max_length}};
}

json NextStepToJson(const NextStep& step) {
    if (step.done || !step.item) return {{"done", true}, {"progress", ProgressToJson(step.progress)}};
    return {{"done", false},
            {"position", step.position},
            {"item", item::ItemViewToJson(*step.item)},
            {"progress", ProgressToJson(step.progress)}};
}

json AnswerOutcomeToJson(const AnswerOutcome& o) {
    return {{"position", o.position},
            {"accepted", o.accepted},
            {"done", o.done},
            {"progress", ProgressToJson(o.progress)}};
}

json ResultToJson(const AssessmentResult& r) {
    json competences = json::array();
    for (const CompetenceResult& c : r.competences) {
        competences.push_back({{"framework", c.framework},
                               {"framework_version", c.framework_version},
                               {"competence", c.competence},
                               {"name", {{"fr", c.name.fr}, {"en", c.name.en}}},
                               {"mean", c.mean},
                               {"sd", c.sd},
                               {"level", c.range.level},
                               {"level_low", c.range.low},
                               {"level_high", c.range.high},
                               {"theta_low", c.range.theta_low},
                               {"theta_high", c.range.theta_high},
                               {"target_level", c.target_level},
                               {"verdict", c.verdict},
                               {"items", c.items}});
    }
    json answers = json::array();
    for (const AnsweredItem& a : r.answers) {
        answers.push_back({{"position", a.position},
                           {"item_id", a.item_id},
                           {"item_revision", a.item_revision},
                           {"framework", a.framework},
                           {"competence", a.competence},
                           {"skipped", a.skipped},
                           {"credit", a.credit},
                           {"verdict", a.verdict},
                           {"stem", a.stem},
                           {"feedback", a.feedback},
                           {"answered_at", core::FormatRfc3339(a.answered_at)}});
    }
    json out = {{"assessment", SummaryToJson(r.summary)},
                {"in_progress", r.in_progress},
                {"competences", competences},
                {"answers", answers}};
    if (r.score) out["score"] = *r.score;
    return out;
}

// --- the service ----------------------------------------------------------------------------------

struct AssessmentService::Impl {
    store::Database& db;
    core::Clock& clock;
    core::Random& random;
    framework::FrameworkService& frameworks;

    std::mutex random_mutex;
    mutable std::mutex cache_mutex;
    struct CachedBank {
        std::int64_t count = -1;
        std::int64_t revisions = -1;
        std::shared_ptr<const ItemBank> bank;
    };
    static constexpr std::size_t kCacheSize = 64;  // banks kept (all dropped when full)
    std::map<std::string, CachedBank> banks;
    std::vector<CompletionListener> listeners;  // set before serving, read-only after

    // The replayed state of one test.
    struct State {
        std::shared_ptr<const ItemBank> bank;
        std::vector<std::size_t> profile;
        std::optional<AdaptiveTest> test;
    };

    Impl(store::Database& d, core::Clock& c, core::Random& r, framework::FrameworkService& f)
        : db(d), clock(c), random(r), frameworks(f) {}

    static core::Result<void> RequireSession(const account::Principal& principal) {
        if (!principal.IsSession() || principal.user.id.empty()) {
            return core::Fail(core::Error::PermissionDenied(
                "Les tests de positionnement sont personnels : connectez-vous avec votre compte (les jetons "
                "d'API ne sont pas acceptés)."));
        }
        return core::Ok();
    }

    // The row of test `id` visible to `principal` (its owner; platform admins too when
    // `admin_reads`), else kNotFound.
    core::Result<Row> Visible(const account::Principal& principal, std::string_view id, bool admin_reads) {
        PASSEUR_TRY(RequireSession(principal));
        if (id.empty() || id.size() > 64) return core::Fail(core::Error::NotFound("Test inconnu."));
        auto row = FindRow(db, id);
        if (!row) return core::Fail(row.error());
        if (!*row) return core::Fail(core::Error::NotFound("Test inconnu."));
        const bool owner = (*row)->summary.user_id == principal.user.id;
        if (!owner && !(admin_reads && principal.IsPlatformAdmin())) {
            return core::Fail(core::Error::NotFound("Test inconnu."));
        }
        return std::move(**row);
    }

    core::Result<std::pair<std::int64_t, std::int64_t>> Signature() {
        auto rows = db.Query("SELECT COUNT(*), CAST(COALESCE(SUM(revision), 0) AS BIGINT) FROM items");
        if (!rows) return core::Fail(rows.error());
        if (rows->empty()) return std::pair<std::int64_t, std::int64_t>(0, 0);
        return std::pair<std::int64_t, std::int64_t>(store::AsInt((*rows)[0][0]),
                                                     store::AsInt((*rows)[0][1]));
    }

    core::Result<std::vector<BankItem>> LoadItems(const std::vector<framework::Requirement>& reqs) {
        std::vector<BankItem> items;
        for (const auto& r : reqs) {
            auto rows = db.Query(
                "SELECT id, a, b, body FROM items WHERE status = 'active' AND framework = $1 AND competence "
                "= $2 "
                "ORDER BY id",
                {r.framework, r.competence});
            if (!rows) return core::Fail(rows.error());
            for (const store::Row& row : *rows) {
                BankItem b;
                b.id = store::AsText(row[0]);
                b.competence = CompetenceKey(r.framework, r.competence);
                b.a = std::get_if<double>(&row[1]) ? std::get<double>(row[1])
                                                   : static_cast<double>(store::AsInt(row[1]));
                b.b = std::get_if<double>(&row[2]) ? std::get<double>(row[2])
                                                   : static_cast<double>(store::AsInt(row[2]));
                json body = json::parse(store::AsText(row[3]), nullptr, false);
                item::Accessibility access;
                if (body.is_object() && body.contains("accessibility") && body["accessibility"].is_object()) {
                    const json& acc = body["accessibility"];
                    access.screen_reader = acc.value("screen_reader", true);
                    access.no_colour = acc.value("no_colour", true);
                    access.no_timer = acc.value("no_timer", true);
                }
                b.usable_in = UsableIn(access);
                items.push_back(std::move(b));
            }
        }
        return items;
    }

    // The bank of the active items of `reqs`' competences, cached until any item changes (the key
    // of the content is the count of items and the sum of their revisions: every change of an item
    // adds a revision).
    core::Result<std::shared_ptr<const ItemBank>> BaseBank(const std::vector<framework::Requirement>& reqs) {
        std::string key;
        for (const auto& r : reqs) key += CompetenceKey(r.framework, r.competence) + "\n";
        auto before = Signature();
        if (!before) return core::Fail(before.error());
        {
            std::lock_guard lock(cache_mutex);
            auto it = banks.find(key);
            if (it != banks.end() && it->second.count == before->first &&
                it->second.revisions == before->second) {
                return it->second.bank;
            }
        }
        auto items = LoadItems(reqs);
        if (!items) return core::Fail(items.error());
        auto bank = ItemBank::Create(std::move(*items));
        if (!bank) return core::Fail(Internal("banque de questions invalide : " + bank.error().message));
        auto shared = std::make_shared<const ItemBank>(std::move(*bank));
        auto after = Signature();
        if (!after) return core::Fail(after.error());
        if (*after == *before) {
            std::lock_guard lock(cache_mutex);
            if (banks.size() >= kCacheSize) banks.clear();
            banks[key] = CachedBank{before->first, before->second, shared};
        }
        return shared;
    }

    // The bank for a test: the base bank, or a private copy when `fixed` (answered items with the
    // parameters stored with the answer, and the pending item) differ from it or are missing from
    // it (retired or recalibrated since). Fixed items are usable in every condition: they were
    // shown already and are never drawn again.
    core::Result<std::shared_ptr<const ItemBank>> BankFor(const std::vector<framework::Requirement>& reqs,
                                                          const std::vector<BankItem>& fixed,
                                                          std::uint8_t needs) {
        auto base = BaseBank(reqs);
        if (!base) return core::Fail(base.error());
        const ItemBank& bank = **base;
        bool same = true;
        for (const BankItem& f : fixed) {
            auto i = bank.FindItem(f.id);
            if (!i || bank.item(*i).a != f.a || bank.item(*i).b != f.b || bank.item(*i).partial() ||
                bank.item(*i).competence != f.competence || (needs & ~bank.item(*i).usable_in) != 0) {
                same = false;
                break;
            }
        }
        if (same) return *base;
        std::vector<BankItem> items = bank.items();
        for (const BankItem& f : fixed) {
            auto i = bank.FindItem(f.id);
            BankItem copy = f;
            copy.usable_in = kAllConditions;
            if (i) {
                items[*i] = std::move(copy);
            } else {
                items.push_back(std::move(copy));
            }
        }
        auto created = ItemBank::Create(std::move(items));
        if (!created)
            return core::Fail(Internal("banque de questions invalide : " + created.error().message));
        return std::make_shared<const ItemBank>(std::move(*created));
    }

    static BankItem Fixed(const std::string& id, const std::string& framework, const std::string& competence,
                          double a, double b) {
        BankItem f;
        f.id = id;
        f.competence = CompetenceKey(framework, competence);
        f.a = a;
        f.b = b;
        return f;
    }

    // Rebuilds the engine by replaying `answers` in order; `extra` joins the fixed items (the pending
    // item about to be answered).
    core::Result<State> Replay(const StoredConfig& config, const std::vector<StoredAnswer>& answers,
                               std::optional<BankItem> extra = std::nullopt) {
        std::vector<BankItem> fixed;
        for (const StoredAnswer& a : answers)
            fixed.push_back(Fixed(a.item_id, a.framework, a.competence, a.a, a.b));
        if (extra) fixed.push_back(*extra);
        State state;
        auto bank = BankFor(config.requirements, fixed, config.config.needs);
        if (!bank) return core::Fail(bank.error());
        state.bank = *bank;
        for (const auto& r : config.requirements) {
            auto c = state.bank->FindCompetence(CompetenceKey(r.framework, r.competence));
            if (!c) {
                return core::Fail(core::Error::Conflict(
                    "La compétence " + r.competence + " (" + r.framework + ") n'a aucune question active.",
                    "target_profile_id"));
            }
            state.profile.push_back(*c);
        }
        auto test = AdaptiveTest::Create(*state.bank, state.profile, config.config);
        if (!test) return core::Fail(Internal("configuration du test refusée : " + test.error().message));
        state.test.emplace(std::move(*test));
        for (const StoredAnswer& a : answers) {
            auto index = state.bank->FindItem(a.item_id);
            if (!index) return core::Fail(Internal("question rejouée absente : " + a.item_id));
            auto done = state.test->Answer(*index, a.engine_score);
            if (!done)
                return core::Fail(
                    Internal("rejeu impossible de " + a.item_id + " : " + done.error().message));
        }
        return state;
    }

    core::Result<item::ItemRecord> LoadItem(std::string_view item_id) {
        auto found = item::ItemRepository::Find(db, item_id);
        if (!found) return core::Fail(found.error());
        if (!*found) return core::Fail(Internal("question introuvable : " + std::string(item_id)));
        return std::move(**found);
    }

    // The result of a stored test (no access check).
    core::Result<AssessmentResult> ResultOf(const Row& row);

    // Runs the completion listeners for test `id`, which has just been completed and committed.
    void NotifyCompleted(std::string_view id) {
        if (listeners.empty()) return;
        auto row = FindRow(db, id);
        if (!row || !*row) {
            spdlog::error("assessment {}: completed test unreadable for its listeners: {}", id,
                          row ? std::string("absent") : row.error().message);
            return;
        }
        auto result = ResultOf(**row);
        if (!result) {
            spdlog::error("assessment {}: result not computed for the completion listeners: {}", id,
                          result.error().message);
            return;
        }
        for (const CompletionListener& listener : listeners) {
            try {
                listener((*row)->summary.user_id, *result);
            } catch (const std::exception& e) {
                spdlog::error("assessment {}: a completion listener failed: {}", id, e.what());
            } catch (...) {
                spdlog::error("assessment {}: a completion listener failed", id);
            }
        }
    }

    void FillProfileName(AssessmentSummary& summary, std::map<std::string, framework::Text>& names) {
        auto it = names.find(summary.target_profile_id);
        if (it == names.end()) {
            auto profile = frameworks.GetProfile(summary.target_profile_id);
            it = names.emplace(summary.target_profile_id, profile ? profile->profile.name : framework::Text{})
                     .first;
        }
        summary.profile_name = it->second;
    }
};

AssessmentService::AssessmentService(store::Database& db, core::Clock& clock, core::Random& random,
                                     framework::FrameworkService& frameworks)
    : impl_(std::make_unique<Impl>(db, clock, random, frameworks)) {}

AssessmentService::~AssessmentService() = default;

std::size_t AssessmentService::CachedBanks() const {
    std::lock_guard lock(impl_->cache_mutex);
    return impl_->banks.size();
}

core::Result<AssessmentSummary> AssessmentService::Start(const account::Principal& principal,
                                                         const StartRequest& request) {
    Impl& m = *impl_;
    PASSEUR_TRY(Impl::RequireSession(principal));
    if (request.target_profile_id.empty() || request.target_profile_id.size() > 64) {
        return core::Fail(core::Error::InvalidArgument("Profil cible requis.", "target_profile_id"));
    }
    if ((request.needs & ~kAllConditions) != 0) {
        return core::Fail(core::Error::InvalidArgument("Besoin inconnu.", "needs"));
    }
    auto profile = m.frameworks.GetProfile(request.target_profile_id);
    if (!profile) return core::Fail(profile.error());
    StoredConfig config;
    config.requirements = profile->profile.requirements;
    const std::size_t dims = config.requirements.size();
    if (dims == 0 || dims > kMaxProfileCompetences) {
        return core::Fail(core::Error::InvalidArgument("Ce profil compte " + std::to_string(dims) +
                                                           " compétences : un test en couvre de 1 à " +
                                                           std::to_string(kMaxProfileCompetences) + ".",
                                                       "target_profile_id"));
    }
    config.config = DefaultTestConfig(dims, request.needs);
    if (request.se_target) {
        const double se = *request.se_target;
        if (!(se >= kMinSeTarget && se <= kMaxSeTarget)) {
            return core::Fail(core::Error::InvalidArgument(
                fmt::format("La précision visée (erreur type) doit être comprise entre {:.2f} et {:.2f}.",
                            kMinSeTarget, kMaxSeTarget),
                "se_target"));
        }
        config.config.se_target = se;
    }
    if (request.max_length) {
        const int length = *request.max_length;
        if (length < static_cast<int>(dims) || length > kMaxTestLength) {
            return core::Fail(core::Error::InvalidArgument(
                fmt::format(
                    "La longueur maximale doit être comprise entre {} (une question par compétence) et {}.",
                    dims, kMaxTestLength),
                "max_length"));
        }
        config.config.max_length = length;
    }
    auto state = m.Replay(config, {});
    if (!state) return core::Fail(state.error());
    // Every competence needs an item the learner can use.
    for (std::size_t d = 0; d < dims; ++d) {
        bool usable = false;
        for (std::uint32_t i : state->bank->ItemsOf(state->profile[d])) {
            if ((request.needs & ~state->bank->item(i).usable_in) == 0) usable = true;
        }
        if (!usable) {
            return core::Fail(core::Error::Conflict("La compétence " + config.requirements[d].competence +
                                                        " (" + config.requirements[d].framework +
                                                        ") n'a aucune question adaptée à vos besoins.",
                                                    "target_profile_id"));
        }
    }
    AssessmentSummary s;
    std::uint64_t seed = 0;
    {
        std::lock_guard lock(m.random_mutex);
        s.id = core::NewUuid(m.random);
        seed = m.random.NextU64();
    }
    s.user_id = principal.user.id;
    s.target_profile_id = request.target_profile_id;
    s.profile_name = profile->profile.name;
    s.needs = request.needs;
    s.competences = static_cast<int>(dims);
    s.created_at = s.updated_at = m.clock.NowMillis();
    auto inserted = m.db.Exec(
        "INSERT INTO assessments (id, user_id, target_profile_id, status, stop_reason, seed, needs, config, "
        "pending_item_id, pending_position, answered, score, version, created_at, updated_at, completed_at) "
        "VALUES ($1, $2, $3, 'in_progress', '', $4, $5, $6, NULL, 0, 0, NULL, 1, $7, $7, 0)",
        {s.id, s.user_id, s.target_profile_id, static_cast<std::int64_t>(seed),
         static_cast<std::int64_t>(s.needs), ConfigToJson(config).dump(), s.created_at});
    if (!inserted) return core::Fail(inserted.error());
    return s;
}

core::Result<std::vector<AssessmentSummary>> AssessmentService::ListMine(
    const account::Principal& principal) {
    Impl& m = *impl_;
    PASSEUR_TRY(Impl::RequireSession(principal));
    auto rows = m.db.Query(std::string("SELECT ") + kRowColumns +
                               " FROM assessments WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT " +
                               std::to_string(kMaxListed),
                           {principal.user.id});
    if (!rows) return core::Fail(rows.error());
    std::vector<AssessmentSummary> out;
    std::map<std::string, framework::Text> names;
    for (const store::Row& r : *rows) {
        auto row = RowFrom(r);
        if (!row) return core::Fail(row.error());
        m.FillProfileName(row->summary, names);
        out.push_back(std::move(row->summary));
    }
    return out;
}

core::Result<AssessmentSummary> AssessmentService::Get(const account::Principal& principal,
                                                       std::string_view id) {
    auto row = impl_->Visible(principal, id, true);
    if (!row) return core::Fail(row.error());
    std::map<std::string, framework::Text> names;
    impl_->FillProfileName(row->summary, names);
    return std::move(row->summary);
}

core::Result<NextStep> AssessmentService::Next(const account::Principal& principal, std::string_view id) {
    Impl& m = *impl_;
    for (int attempt = 0; attempt < 3; ++attempt) {
        auto row = m.Visible(principal, id, false);
        if (!row) return core::Fail(row.error());
        auto answers = LoadAnswers(m.db, id);
        if (!answers) return core::Fail(answers.error());
        NextStep step;
        step.progress = ProgressOf(row->config, *answers);
        if (row->summary.status == AssessmentStatus::kCompleted) {
            step.done = true;
            return step;
        }
        if (!row->pending_item_id.empty()) {
            auto record = m.LoadItem(row->pending_item_id);
            if (!record) return core::Fail(record.error());
            core::SeededRandom shuffle(ItemSeed(row->seed, row->pending_item_id));
            step.item = item::ForLearner(record->item, shuffle);
            step.position = row->pending_position;
            return step;
        }
        auto state = m.Replay(row->config, *answers);
        if (!state) return core::Fail(state.error());
        const int position = static_cast<int>(answers->size()) + 1;
        core::SeededRandom draws(PositionSeed(row->seed, position));
        auto chosen = state->test->Next(draws);
        const std::int64_t now = m.clock.NowMillis();
        if (!chosen) {
            auto updated = m.db.Exec(
                "UPDATE assessments SET status = 'completed', stop_reason = $1, score = $2, completed_at = "
                "$3, "
                "updated_at = $3, version = version + 1 WHERE id = $4 AND version = $5",
                {std::string(StopReasonName(state->test->stop_reason())),
                 static_cast<std::int64_t>(ScoreOf(*state->test)), now, std::string(id), row->version});
            if (!updated) return core::Fail(updated.error());
            if (*updated == 0) continue;  // raced: read again
            m.NotifyCompleted(id);
            step.done = true;
            return step;
        }
        const std::string item_id = state->bank->item(*chosen).id;
        auto updated = m.db.Exec(
            "UPDATE assessments SET pending_item_id = $1, pending_position = $2, updated_at = $3, "
            "version = version + 1 WHERE id = $4 AND version = $5 AND status = 'in_progress'",
            {item_id, static_cast<std::int64_t>(position), now, std::string(id), row->version});
        if (!updated) return core::Fail(updated.error());
        if (*updated == 0) continue;
        auto record = m.LoadItem(item_id);
        if (!record) return core::Fail(record.error());
        core::SeededRandom shuffle(ItemSeed(row->seed, item_id));
        step.item = item::ForLearner(record->item, shuffle);
        step.position = position;
        return step;
    }
    return core::Fail(core::Error::Conflict("Le test change en ce moment : réessayez."));
}

core::Result<AnswerOutcome> AssessmentService::Answer(const account::Principal& principal,
                                                      std::string_view id, std::string_view item_id,
                                                      const json& response) {
    Impl& m = *impl_;
    auto row = m.Visible(principal, id, false);
    if (!row) return core::Fail(row.error());
    if (item_id.empty() || item_id.size() > kMaxIdBytesInput) {
        return core::Fail(core::Error::InvalidArgument("Identifiant de question invalide.", "item_id"));
    }
    const std::string dumped = response.dump(-1, ' ', false, json::error_handler_t::replace);
    if (dumped.size() > kMaxResponseBytes) {
        return core::Fail(core::Error::InvalidArgument("Réponse trop longue (64 Kio au plus).", "response"));
    }
    if (row->summary.status == AssessmentStatus::kCompleted) {
        return core::Fail(
            core::Error::Conflict("Ce test est terminé : il ne prend plus de réponse.", "item_id"));
    }
    auto answers = LoadAnswers(m.db, id);
    if (!answers) return core::Fail(answers.error());
    for (const StoredAnswer& a : *answers) {
        if (a.item_id == item_id) {
            return core::Fail(core::Error::Conflict("Vous avez déjà répondu à cette question.", "item_id"));
        }
    }
    if (row->pending_item_id != item_id) {
        return core::Fail(core::Error::Conflict(
            "Cette question n'est pas celle qui vous est posée maintenant.", "item_id"));
    }
    auto record = m.LoadItem(item_id);
    if (!record) return core::Fail(record.error());
    const item::Item& it = record->item;
    const bool skipped = response.is_null();
    double credit = 0;
    if (!skipped) credit = std::clamp(item::ScoreResponse(it, response).Fraction(), 0.0, 1.0);
    // Dichotomous on full credit (docs/assessment_service.md): partial credit is kept for the feedback,
    // the engine sees 1 only for a fully right answer.
    const double engine_score = credit >= kFullCredit ? 1.0 : 0.0;
    const item::Irt irt = it.EffectiveIrt();
    auto state =
        m.Replay(row->config, *answers, Impl::Fixed(it.id, it.framework, it.competence, irt.a, irt.b));
    if (!state) return core::Fail(state.error());
    auto index = state->bank->FindItem(item_id);
    if (!index) return core::Fail(Internal("question en attente absente de la banque"));
    const BankItem& used = state->bank->item(*index);
    auto accepted = state->test->Answer(*index, engine_score);
    if (!accepted) return core::Fail(Internal("réponse refusée par le moteur : " + accepted.error().message));
    const StopReason stop = state->test->stop_reason();
    const bool done = stop != StopReason::kNotStopped;
    const int position = static_cast<int>(answers->size()) + 1;
    const std::int64_t now = m.clock.NowMillis();
    store::Value score_value = nullptr;
    if (done) score_value = static_cast<std::int64_t>(ScoreOf(*state->test));

    auto written = m.db.WithTransaction([&](store::Executor& ex) -> core::Result<void> {
        auto updated = ex.Exec(
            "UPDATE assessments SET pending_item_id = NULL, pending_position = 0, answered = answered + 1, "
            "status = $1, stop_reason = $2, score = $3, completed_at = $4, updated_at = $5, version = "
            "version + 1 "
            "WHERE id = $6 AND version = $7 AND status = 'in_progress' AND pending_item_id = $8",
            {std::string(done ? "completed" : "in_progress"),
             std::string(done ? StopReasonName(stop) : std::string_view()), score_value,
             done ? now : std::int64_t{0}, now, std::string(id), row->version, std::string(item_id)});
        if (!updated) return core::Fail(updated.error());
        if (*updated == 0) {
            return core::Fail(
                core::Error::Conflict("Une autre réponse a été enregistrée entre-temps.", "item_id"));
        }
        auto inserted = ex.Exec(
            "INSERT INTO assessment_answers (assessment_id, position, item_id, item_revision, framework, "
            "competence, "
            "response, credit, engine_score, model, a, b, answered_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '2pl', $10, $11, $12)",
            {std::string(id), static_cast<std::int64_t>(position), std::string(item_id), it.revision,
             it.framework, it.competence, skipped ? store::Value(nullptr) : store::Value(dumped), credit,
             engine_score, used.a, used.b, now});
        if (!inserted) {
            if (store::IsUniqueViolation(inserted.error())) {
                return core::Fail(
                    core::Error::Conflict("Vous avez déjà répondu à cette question.", "item_id"));
            }
            return core::Fail(inserted.error());
        }
        return core::Ok();
    });
    if (!written) return core::Fail(written.error());
    if (done) m.NotifyCompleted(id);
    AnswerOutcome out;
    out.position = position;
    out.accepted = true;
    out.done = done;
    answers->push_back(StoredAnswer{position, std::string(item_id), it.revision, it.framework, it.competence,
                                    skipped, credit, engine_score, used.a, used.b, now});
    out.progress = ProgressOf(row->config, *answers);
    return out;
}

core::Result<AssessmentResult> AssessmentService::Result(const account::Principal& principal,
                                                         std::string_view id) {
    auto row = impl_->Visible(principal, id, true);
    if (!row) return core::Fail(row.error());
    return impl_->ResultOf(*row);
}

core::Result<AssessmentResult> AssessmentService::ResultForSystem(std::string_view id) {
    if (id.empty() || id.size() > 64) return core::Fail(core::Error::NotFound("Test inconnu."));
    auto row = FindRow(impl_->db, id);
    if (!row) return core::Fail(row.error());
    if (!*row) return core::Fail(core::Error::NotFound("Test inconnu."));
    return impl_->ResultOf(**row);
}

void AssessmentService::AddCompletionListener(CompletionListener listener) {
    impl_->listeners.push_back(std::move(listener));
}

core::Result<AssessmentResult> AssessmentService::Impl::ResultOf(const Row& row) {
    Impl& m = *this;
    const std::string& id = row.summary.id;
    auto answers = LoadAnswers(m.db, id);
    if (!answers) return core::Fail(answers.error());
    auto state = m.Replay(row.config, *answers);
    if (!state) return core::Fail(state.error());
    const AdaptiveTest& test = *state->test;
    AssessmentResult out;
    std::map<std::string, framework::Text> names;
    out.summary = row.summary;
    m.FillProfileName(out.summary, names);
    out.in_progress = row.summary.status == AssessmentStatus::kInProgress;
    if (!out.in_progress) out.score = row.summary.score ? *row.summary.score : ScoreOf(test);
    out.summary.score = out.score;
    for (std::size_t d = 0; d < row.config.requirements.size(); ++d) {
        const framework::Requirement& req = row.config.requirements[d];
        CompetenceResult c;
        c.framework = req.framework;
        c.framework_version = req.framework_version;
        c.competence = req.competence;
        c.target_level = req.level;
        std::vector<double> cuts(framework::kDefaultCutScores.begin(), framework::kDefaultCutScores.end());
        auto fw = m.frameworks.Get(req.framework, req.framework_version);
        if (!fw) fw = m.frameworks.Get(req.framework);
        if (fw) {
            if (ValidateCutScores(fw->framework.cut_scores)) cuts = fw->framework.cut_scores;
            if (const auto* comp = fw->framework.FindCompetence(req.competence)) c.name = comp->name;
        }
        const Estimate e = test.estimate(d);
        c.mean = e.mean;
        c.sd = e.sd;
        auto range = LevelRangeFor(e.mean, e.sd, cuts);
        if (!range) return core::Fail(Internal("estimation non finie : " + range.error().message));
        c.range = *range;
        if (c.range.low >= c.target_level) {
            c.verdict = "met";
        } else if (c.range.high < c.target_level) {
            c.verdict = "gap";
        } else {
            c.verdict = "uncertain";
        }
        c.items = static_cast<int>(test.items_in(d));
        out.competences.push_back(std::move(c));
    }
    for (const StoredAnswer& a : *answers) {
        AnsweredItem item;
        item.position = a.position;
        item.item_id = a.item_id;
        item.item_revision = a.item_revision;
        item.framework = a.framework;
        item.competence = a.competence;
        item.skipped = a.skipped;
        item.credit = a.credit;
        item.verdict = AnswerVerdict(a.skipped, a.credit);
        item.answered_at = a.answered_at;
        auto body = m.db.Query("SELECT body FROM item_revisions WHERE item_id = $1 AND revision = $2",
                               {a.item_id, a.item_revision});
        if (!body) return core::Fail(body.error());
        if (!body->empty()) {
            json j = json::parse(store::AsText(body->front()[0]), nullptr, false);
            if (j.is_object()) {
                if (j.contains("stem") && j["stem"].is_string()) item.stem = j["stem"].get<std::string>();
                if (j.contains("feedback") && j["feedback"].is_string()) {
                    item.feedback = j["feedback"].get<std::string>();
                }
            }
        }
        out.answers.push_back(std::move(item));
    }
    return out;
}

core::Result<nlohmann::json> ExportAssessments(AssessmentService& service,
                                               const account::Principal& principal) {
    auto mine = service.ListMine(principal);
    if (!mine) return core::Fail(mine.error());
    nlohmann::json out = nlohmann::json::array();
    for (const AssessmentSummary& summary : *mine) {
        auto result = service.Result(principal, summary.id);
        if (!result) return core::Fail(result.error());
        out.push_back(ResultToJson(*result));
    }
    return out;
}

}  // namespace passeur::assessment
