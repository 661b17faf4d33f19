#include "assessment/pages/assessment_pages.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "account/pages/page_kit.hpp"
#include "assessment/pages/profile_chart.hpp"
#include "core/clock.hpp"
#include "core/encoding.hpp"
#include "item/pages/question_form.hpp"
#include "web/i18n.hpp"
#include "web/markdown.hpp"

namespace passeur::assessment {
namespace {

using nlohmann::json;

constexpr std::size_t kStemExcerptBytes = 120;

std::string TestHref(std::string_view id) { return "/tests/" + core::PercentEncode(id); }

// The first bytes of a stem as plain text, cut on a UTF-8 boundary.
std::string Excerpt(std::string_view stem) {
    std::string flat;
    for (char c : stem) flat += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    if (flat.size() <= kStemExcerptBytes) return flat;
    std::size_t cut = kStemExcerptBytes;
    while (cut > 0 && (static_cast<unsigned char>(flat[cut]) & 0xC0) == 0x80) --cut;
    return flat.substr(0, cut) + "…";
}

class Pages : public account::PageKit {
public:
    Pages(AssessmentService& assessments, framework::FrameworkService& frameworks,
          account::AccountModule& accounts, web::Renderer& renderer)
        : PageKit(accounts, renderer), assessments_(assessments), frameworks_(frameworks) {}

    // ---- /tests -----------------------------------------------------------------------------
    core::Result<http::Response> List(http::Request& request, const account::Principal& principal) {
        const std::string lang = Lang(request);
        auto profiles = frameworks_.ListProfiles();
        if (!profiles) return core::Fail(profiles.error());
        json profile_list = json::array();
        for (const framework::StoredProfile& stored : *profiles) {
            const framework::TargetProfile& p = stored.profile;
            const std::size_t competences = p.requirements.size();
            const TestConfig config = DefaultTestConfig(competences, 0);
            profile_list.push_back({{"id", p.id},
                                    {"dom_id", "profil-" + p.id},
                                    {"name", p.name.In(lang)},
                                    {"description", p.description.In(lang)},
                                    {"length", F(request, "tests.profile_length",
                                                 {{"competences", std::to_string(competences)},
                                                  {"min", std::to_string(std::max(config.min_length, 1))},
                                                  {"max", std::to_string(config.max_length)}})}});
        }
        auto mine = assessments_.ListMine(principal);
        if (!mine) return core::Fail(mine.error());
        json in_progress = json::array();
        json completed = json::array();
        std::map<std::string, std::vector<const AssessmentSummary*>> by_profile;  // completed, newest first
        for (const AssessmentSummary& s : *mine) {
            json entry = {
                {"href", TestHref(s.id)},
                {"name", ProfileName(request, s)},
                {"started", Date(request, s.created_at)},
                {"answered", F(request, "tests.answered_count", {{"n", std::to_string(s.answered)}})}};
            if (s.status == AssessmentStatus::kInProgress) {
                in_progress.push_back(entry);
            } else {
                entry["result_href"] = TestHref(s.id) + "/resultat";
                entry["completed"] = Date(request, s.completed_at);
                entry["score"] = s.score
                                     ? F(request, "tests.score_value", {{"score", std::to_string(*s.score)}})
                                     : std::string();
                completed.push_back(entry);
                by_profile[s.target_profile_id].push_back(&s);
            }
        }
        json history = json::array();
        for (const auto& [profile_id, tests] : by_profile) {
            if (tests.size() < 2) continue;
            auto table = History(request, principal, tests);
            if (!table) return core::Fail(table.error());
            history.push_back(std::move(*table));
        }
        json data = {{"profiles", profile_list},
                     {"in_progress", in_progress},
                     {"has_in_progress", !in_progress.empty()},
                     {"completed", completed},
                     {"has_completed", !completed.empty()},
                     {"history", history},
                     {"has_history", !history.empty()}};
        return Renderer().RenderPage(request, Context(principal, "tests.list_title", "tests"),
                                     "assessment_list", data);
    }

    core::Result<http::Response> Start(http::Request& request, const account::Principal& principal,
                                       const http::FieldList& form) {
        std::vector<std::string> names;
        for (const auto& [name, value] : form) {
            if (name == "need") names.push_back(value);
        }
        auto needs = ParseNeeds(names);
        if (!needs) return core::Fail(needs.error());
        StartRequest start{Field(form, "target_profile_id"), *needs};
        auto started = assessments_.Start(principal, start);
        if (!started) {
            if (started.error().code == core::ErrorCode::kConflict) {
                web::Flash flash;
                flash.kind = "error";
                flash.message_key = "tests.flash_no_items";
                return Renderer().Redirect(request, "/tests", flash);
            }
            return core::Fail(started.error());
        }
        return Renderer().Redirect(request, TestHref(started->id));
    }

    // ---- /tests/{id} ------------------------------------------------------------------------
    core::Result<http::Response> Question(http::Request& request, const account::Principal& principal) {
        return QuestionPage(request, principal, nullptr);
    }

    core::Result<http::Response> Answer(http::Request& request, const account::Principal& principal,
                                        const http::FieldList& form) {
        const std::string id(request.PathParam("id").value_or(""));
        auto step = assessments_.Next(principal, id);
        if (!step) return core::Fail(step.error());
        if (step->done) return Renderer().Redirect(request, TestHref(id) + "/resultat");
        const item::ItemView& view = *step->item;
        if (Field(form, "item_id") != view.id) return AlreadyAnswered(request, id);
        json response = nullptr;
        if (!http::Find(form, "dont_know")) {
            response = item::ResponseFromForm(view, form);
            if (item::IsEmptyResponse(response)) return QuestionPage(request, principal, &form);
        }
        auto outcome = assessments_.Answer(principal, id, view.id, response);
        if (!outcome) {
            if (outcome.error().code == core::ErrorCode::kConflict) return AlreadyAnswered(request, id);
            return core::Fail(outcome.error());
        }
        if (outcome->done) return Renderer().Redirect(request, TestHref(id) + "/resultat");
        return Renderer().Redirect(request, TestHref(id) + "#question");
    }

    // ---- /tests/{id}/resultat ---------------------------------------------------------------
    core::Result<http::Response> Result(http::Request& request, const account::Principal& principal) {
        const std::string id(request.PathParam("id").value_or(""));
        const std::string lang = Lang(request);
        auto result = assessments_.Result(principal, id);
        if (!result) return core::Fail(result.error());
        if (result->in_progress) return Renderer().Redirect(request, TestHref(id));

        std::vector<ChartRow> rows;
        json table = json::array();
        json strengths = json::array();
        json gaps = json::array();
        json unsure = json::array();
        for (const CompetenceResult& c : result->competences) {
            const std::string name = CompetenceLabel(c, lang);
            rows.push_back({name, c.range.level, c.range.low, c.range.high, c.target_level});
            json row = {{"name", name},
                        {"level", LevelText(request, c.range)},
                        {"target", F(request, "tests.level_n", {{"n", std::to_string(c.target_level)}})},
                        {"verdict", Verdict(request, c.verdict)}};
            table.push_back(row);
            json item = {{"name", name}, {"level", row["level"]}, {"target", row["target"]}};
            if (c.verdict == "met") {
                strengths.push_back(item);
            } else if (c.verdict == "gap") {
                gaps.push_back(item);
            } else {
                unsure.push_back(item);
            }
        }
        const ChartText words{T(request, "tests.chart_title"), T(request, "tests.chart_desc"),
                              T(request, "tests.chart_level"), T(request, "tests.chart_estimate"),
                              T(request, "tests.chart_range"), T(request, "tests.chart_target")};
        json answers = json::array();
        for (const AnsweredItem& a : result->answers) {
            answers.push_back({{"position", a.position},
                               {"excerpt", Excerpt(a.stem)},
                               {"stem_html", web::RenderMarkdown(a.stem)},
                               {"feedback_html", web::RenderMarkdown(a.feedback)},
                               {"has_feedback", !a.feedback.empty()},
                               {"verdict", AnswerVerdict(request, a.verdict)}});
        }
        const AssessmentSummary& s = result->summary;
        json data = {
            {"test",
             {{"id", s.id}, {"name", ProfileName(request, s)}, {"completed", Date(request, s.completed_at)}}},
            {"chart_svg", ProfileChartSvg(rows, words, "profil")},
            {"table", table},
            {"strengths", strengths},
            {"has_strengths", !strengths.empty()},
            {"gaps", gaps},
            {"has_gaps", !gaps.empty()},
            {"unsure", unsure},
            {"has_unsure", !unsure.empty()},
            {"score", result->score
                          ? F(request, "tests.score_value", {{"score", std::to_string(*result->score)}})
                          : std::string()},
            {"answers", answers},
            {"answer_count", F(request, "tests.answered_count", {{"n", std::to_string(answers.size())}})}};
        web::PageContext context = Context(principal, "", "tests");
        context.title = F(request, "tests.result_title", {{"name", ProfileName(request, s)}});
        return Renderer().RenderPage(request, context, "assessment_result", data);
    }

private:
    std::string Lang(const http::Request& request) const {
        return std::string(web::LocaleCode(Renderer().LocaleOf(request)));
    }

    std::string ProfileName(const http::Request& request, const AssessmentSummary& s) const {
        if (!s.profile_name.Empty()) return s.profile_name.In(Lang(request));
        return T(request, "tests.profile_deleted");
    }

    static std::string CompetenceLabel(const CompetenceResult& c, const std::string& lang) {
        const std::string& name = c.name.In(lang);
        return name.empty() ? c.competence : c.competence + " " + name;
    }

    // "12/03/2026" (fr) or "2026-03-12" (en), the UTC date of a Unix time in milliseconds.
    std::string Date(const http::Request& request, std::int64_t millis) const {
        if (millis <= 0) return "";
        const std::string iso = core::FormatRfc3339(millis).substr(0, 10);
        if (Renderer().LocaleOf(request) == web::Locale::kEn) return iso;
        return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
    }

    // "niveau 3 (entre 2 et 4)", or "niveau 3" when the range is one level.
    std::string LevelText(const http::Request& request, const LevelRange& range) const {
        if (range.low == range.high) return F(request, "tests.level_n", {{"n", std::to_string(range.level)}});
        return F(request, "tests.level_range",
                 {{"n", std::to_string(range.level)},
                  {"low", std::to_string(range.low)},
                  {"high", std::to_string(range.high)}});
    }

    // {text, icon, kind}: words and an icon, never a colour alone.
    json Verdict(const http::Request& request, const std::string& verdict) const {
        if (verdict == "met")
            return {{"text", T(request, "tests.verdict_met")},
                    {"icon", "fr-icon-checkbox-circle-line"},
                    {"kind", "success"}};
        if (verdict == "gap")
            return {{"text", T(request, "tests.verdict_gap")},
                    {"icon", "fr-icon-arrow-up-circle-line"},
                    {"kind", "warning"}};
        return {{"text", T(request, "tests.verdict_uncertain")},
                {"icon", "fr-icon-question-line"},
                {"kind", "info"}};
    }

    json AnswerVerdict(const http::Request& request, const std::string& verdict) const {
        if (verdict == "correct")
            return {{"text", T(request, "tests.answer_correct")}, {"icon", "fr-icon-check-line"}};
        if (verdict == "partial")
            return {{"text", T(request, "tests.answer_partial")}, {"icon", "fr-icon-subtract-line"}};
        if (verdict == "skipped")
            return {{"text", T(request, "tests.answer_skipped")}, {"icon", "fr-icon-question-line"}};
        return {{"text", T(request, "tests.answer_incorrect")}, {"icon", "fr-icon-close-line"}};
    }

    http::Response AlreadyAnswered(const http::Request& request, const std::string& id) const {
        web::Flash flash;
        flash.kind = "warning";
        flash.message_key = "tests.flash_already_answered";
        return Renderer().Redirect(request, TestHref(id) + "#question", flash);
    }

    // The pending question; `submitted` set: the same question again with the "empty answer" error.
    core::Result<http::Response> QuestionPage(http::Request& request, const account::Principal& principal,
                                              const http::FieldList* submitted) {
        const std::string id(request.PathParam("id").value_or(""));
        auto summary = assessments_.Get(principal, id);
        if (!summary) return core::Fail(summary.error());
        auto step = assessments_.Next(principal, id);
        if (!step) return core::Fail(step.error());
        if (step->done) return Renderer().Redirect(request, TestHref(id) + "/resultat");
        const Progress& progress = step->progress;
        const std::string position = std::to_string(step->position);
        json data = {{"test", {{"id", id}, {"name", ProfileName(request, *summary)}, {"href", TestHref(id)}}},
                     {"action", TestHref(id) + "/reponse"},
                     {"item_id", step->item->id},
                     {"heading", F(request, "tests.question_n", {{"n", position}})},
                     {"covered", F(request, "tests.covered",
                                   {{"n", std::to_string(progress.competences_covered)},
                                    {"total", std::to_string(progress.competences_total)}})},
                     {"question", item::QuestionData(*step->item, nullptr)},
                     {"has_error", submitted != nullptr}};
        web::PageContext context = Context(principal, "", "tests");
        context.title = F(request, submitted ? "tests.question_title_error" : "tests.question_title",
                          {{"n", position}, {"name", ProfileName(request, *summary)}});
        return Renderer().RenderPage(request, context, "assessment_question", data, submitted ? 400 : 200);
    }

    // One column per test (oldest first), one row per competence of the latest test, then the score.
    core::Result<json> History(const http::Request& request, const account::Principal& principal,
                               const std::vector<const AssessmentSummary*>& newest_first) {
        const std::string lang = Lang(request);
        const std::size_t count = std::min(newest_first.size(), kMaxHistoryColumns);
        std::vector<AssessmentResult> results;
        for (std::size_t i = count; i-- > 0;) {
            auto result = assessments_.Result(principal, newest_first[i]->id);
            if (!result) return core::Fail(result.error());
            results.push_back(std::move(*result));
        }
        json columns = json::array();
        for (const AssessmentResult& r : results) {
            columns.push_back({{"date", Date(request, r.summary.completed_at)},
                               {"href", TestHref(r.summary.id) + "/resultat"}});
        }
        json rows = json::array();
        for (const CompetenceResult& c : results.back().competences) {
            json cells = json::array();
            std::optional<int> first;
            for (const AssessmentResult& r : results) {
                auto it =
                    std::find_if(r.competences.begin(), r.competences.end(), [&](const CompetenceResult& o) {
                        return o.framework == c.framework && o.competence == c.competence;
                    });
                if (it == r.competences.end()) {
                    cells.push_back({{"text", "—"}});
                    continue;
                }
                if (!first) first = it->range.level;
                cells.push_back({{"text", LevelText(request, it->range)}});
            }
            rows.push_back({{"name", CompetenceLabel(c, lang)},
                            {"cells", cells},
                            {"change", Change(request, first.value_or(c.range.level), c.range.level)}});
        }
        json scores = json::array();
        std::optional<int> first_score;
        for (const AssessmentResult& r : results) {
            if (r.score && !first_score) first_score = *r.score;
            scores.push_back({{"text", r.score ? std::to_string(*r.score) : std::string("—")}});
        }
        const AssessmentResult& last = results.back();
        std::string score_change;
        if (first_score && last.score) {
            const int delta = *last.score - *first_score;
            score_change = delta == 0 ? T(request, "tests.change_same")
                                      : (delta > 0 ? "+" : "−") + std::to_string(std::abs(delta));
        }
        return json{{"name", ProfileName(request, last.summary)},
                    {"columns", columns},
                    {"rows", rows},
                    {"scores", scores},
                    {"score_change", score_change}};
    }

    std::string Change(const http::Request& request, int from, int to) const {
        if (from == to) return T(request, "tests.change_same");
        const int delta = to - from;
        return F(request, delta > 0 ? "tests.change_up" : "tests.change_down",
                 {{"n", std::to_string(std::abs(delta))}});
    }

    AssessmentService& assessments_;
    framework::FrameworkService& frameworks_;
};

}  // namespace

void RegisterAssessmentPages(http::Router& router, AssessmentService& assessments,
                             framework::FrameworkService& frameworks, account::AccountModule& accounts,
                             web::Renderer& renderer) {
    auto pages = std::make_shared<Pages>(assessments, frameworks, accounts, renderer);
    using SessionMethod = core::Result<http::Response> (Pages::*)(http::Request&, const account::Principal&);
    using FormMethod = core::Result<http::Response> (Pages::*)(http::Request&, const account::Principal&,
                                                               const http::FieldList&);
    auto get = [&](std::string_view pattern, SessionMethod method) {
        pages->SessionPage(router, "GET", pattern,
                           [pages, method](http::Request& request, const account::Principal& principal) {
                               return ((*pages).*method)(request, principal);
                           });
    };
    auto post = [&](std::string_view pattern, FormMethod method) {
        pages->FormPost(
            router, pattern,
            [pages, method](http::Request& request, const account::Principal& principal,
                            const http::FieldList& form) {
                return ((*pages).*method)(request, principal, form);
            },
            kAnswerFieldMaxBytes);
    };
    get("/tests", &Pages::List);
    post("/tests", &Pages::Start);
    get("/tests/{id}", &Pages::Question);
    post("/tests/{id}/reponse", &Pages::Answer);
    get("/tests/{id}/resultat", &Pages::Result);
}

}  // namespace passeur::assessment
