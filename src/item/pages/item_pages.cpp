#include "item/pages/item_pages.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "account/pages/page_kit.hpp"
#include "core/clock.hpp"
#include "core/encoding.hpp"
#include "core/random.hpp"
#include "item/learner_view.hpp"
#include "item/pages/question_form.hpp"
#include "item/scoring.hpp"
#include "item/validation.hpp"
#include "web/i18n.hpp"
#include "web/markdown.hpp"

namespace passeur::item {
namespace {

using nlohmann::json;

// The largest form field: a stem or feedback (4000 bytes) or 8 options of 500 bytes, with slack
// for the CRLF line ends browsers send.
constexpr std::size_t kFormFieldMaxBytes = 16 * 1024;
constexpr std::size_t kAnswerFieldMaxBytes = 2 * 1024;
constexpr std::size_t kDefaultPageSize = 50;
constexpr std::size_t kStemExcerptBytes = 140;

constexpr ItemType kAllTypes[] = {ItemType::kSingleChoice, ItemType::kMultipleChoice, ItemType::kShortText,
                                  ItemType::kNumeric,      ItemType::kOrdering,       ItemType::kMatching};

std::string ItemHref(std::string_view id) { return "/admin/questions/" + core::PercentEncode(id); }

std::string TypeKey(ItemType type) { return "items.type_" + std::string(ItemTypeName(type)); }

// Lines of a textarea without their ends and surrounding blanks; empty lines skipped.
std::vector<std::string> Lines(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string line = account::Trim(text.substr(start, end - start));
        if (!line.empty()) out.push_back(std::move(line));
        start = end + 1;
    }
    return out;
}

// "a, c" or "a c" -> {"a", "c"}.
std::vector<std::string> IdList(std::string_view text) {
    std::vector<std::string> out;
    std::string current;
    for (char c : text) {
        if (c == ',' || c == ';' || std::isspace(static_cast<unsigned char>(c))) {
            if (!current.empty()) out.push_back(std::move(current));
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) out.push_back(std::move(current));
    return out;
}

// French display of a number: shortest form that reads back, decimal comma.
std::string FormatNumber(double value) {
    char buffer[64];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
        if (std::strtod(buffer, nullptr) == value) break;
    }
    std::string out(buffer);
    std::replace(out.begin(), out.end(), '.', ',');
    return out;
}

std::string ChoicesText(const std::vector<Choice>& choices) {
    std::string out;
    for (const Choice& c : choices) out += c.id + " | " + c.text + "\n";
    return out;
}

// The first bytes of a stem as plain text (Markdown marks left as written), cut on a UTF-8 boundary.
std::string Excerpt(std::string_view stem) {
    std::string flat;
    for (char c : stem) flat += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    if (flat.size() <= kStemExcerptBytes) return flat;
    std::size_t cut = kStemExcerptBytes;
    while (cut > 0 && (static_cast<unsigned char>(flat[cut]) & 0xC0) == 0x80) --cut;
    return flat.substr(0, cut) + "…";
}

std::optional<std::size_t> ParseSize(std::optional<std::string_view> text) {
    if (!text || text->empty()) return std::nullopt;
    std::size_t value = 0;
    auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || ptr != text->data() + text->size()) return std::nullopt;
    return value;
}

// Which form field a JSON pointer of the validator belongs to.
std::string FieldOfPointer(std::string_view pointer, ItemType type) {
    auto starts = [&](std::string_view prefix) {
        return pointer == prefix || (pointer.starts_with(prefix) && pointer[prefix.size()] == '/');
    };
    if (starts("/id")) return "id";
    if (starts("/framework") || starts("/competence")) return "competence";
    if (starts("/skill")) return "skill";
    if (starts("/level")) return "level";
    if (starts("/type")) return "type";
    if (starts("/stem")) return "stem";
    if (starts("/feedback")) return "feedback";
    if (starts("/options")) return "options";
    if (starts("/left")) return "left";
    if (starts("/right")) return "right";
    if (starts("/scoring")) return "scoring";
    if (starts("/keep_order")) return "keep_order";
    if (starts("/resources")) return "resources";
    if (starts("/accessibility")) return "screen_reader";
    if (starts("/answer/tolerance")) return "numeric_tolerance";
    if (starts("/answer/unit")) return "numeric_unit";
    if (starts("/answer/accepted")) return "accepted";
    if (starts("/answer")) {
        switch (type) {
            case ItemType::kMatching:
                return "answer_pairs";
            case ItemType::kShortText:
                return "accepted";
            case ItemType::kNumeric:
                return "numeric_value";
            default:
                return "answer_ids";
        }
    }
    return "type";
}

class Pages : public account::PageKit {
public:
    Pages(ItemService& items, framework::FrameworkService& frameworks, account::AccountModule& accounts,
          web::Renderer& renderer)
        : PageKit(accounts, renderer), items_(items), frameworks_(frameworks) {}

    std::string Lang(const http::Request& request) const {
        return std::string(web::LocaleCode(Renderer().LocaleOf(request)));
    }

    // Platform admins only; everybody else gets the 403 page (never an item).
    core::Result<void> Admin(const account::Principal& principal) const {
        return Module().Authz().Authorize(principal, account::Action::kEditItems);
    }

    web::PageContext TitledContext(const account::Principal& principal, std::string title) const {
        web::PageContext context = Context(principal, "", "");
        context.title = std::move(title);
        return context;
    }

    // ---- frameworks and competences for selects ----------------------------------------------
    struct CompetenceChoice {
        std::string framework;
        std::string framework_name;
        std::string code;
        std::string name;
    };

    core::Result<std::vector<CompetenceChoice>> Competences(const std::string& lang) const {
        auto records = frameworks_.List();
        if (!records) return core::Fail(records.error());
        std::vector<CompetenceChoice> out;
        for (const auto& record : *records) {
            auto stored = frameworks_.Get(record.slug);
            if (!stored) return core::Fail(stored.error());
            const auto& f = stored->framework;
            for (const auto& area : f.areas) {
                for (const auto& c : area.competences) {
                    out.push_back({f.id, f.name.In(lang), c.code, c.name.In(lang)});
                }
            }
        }
        return out;
    }

    // [{label, options: [{value, label, selected}]}], one group per framework.
    static json CompetenceGroups(const std::vector<CompetenceChoice>& list, bool value_with_framework,
                                 std::string_view selected_framework, std::string_view selected) {
        json groups = json::array();
        for (const CompetenceChoice& c : list) {
            if (groups.empty() || groups.back()["framework"] != c.framework) {
                groups.push_back(
                    {{"framework", c.framework}, {"label", c.framework_name}, {"options", json::array()}});
            }
            std::string value = value_with_framework ? c.framework + "/" + c.code : c.code;
            bool is_selected = value_with_framework
                                   ? value == selected
                                   : (c.code == selected &&
                                      (selected_framework.empty() || selected_framework == c.framework));
            groups.back()["options"].push_back(
                {{"value", value}, {"label", c.code + " " + c.name}, {"selected", is_selected}});
        }
        return groups;
    }

    json TypeOptions(const http::Request& request, std::string_view selected, bool with_any) const {
        json out = json::array();
        if (with_any)
            out.push_back(
                {{"value", ""}, {"label", T(request, "items.filter_any")}, {"selected", selected.empty()}});
        for (ItemType type : kAllTypes) {
            std::string name(ItemTypeName(type));
            out.push_back(
                {{"value", name}, {"label", T(request, TypeKey(type))}, {"selected", name == selected}});
        }
        return out;
    }

    static json LevelOptions(std::string_view selected, bool with_any, const std::string& any_label) {
        json out = json::array();
        if (with_any) out.push_back({{"value", ""}, {"label", any_label}, {"selected", selected.empty()}});
        for (int level = 1; level <= 8; ++level) {
            std::string value = std::to_string(level);
            out.push_back({{"value", value}, {"label", value}, {"selected", value == selected}});
        }
        return out;
    }

    std::string StatusLabel(const http::Request& request, ItemStatus status) const {
        return T(request, status == ItemStatus::kActive ? "items.status_active" : "items.status_retired");
    }

    // ---- list ---------------------------------------------------------------------------------
    core::Result<http::Response> List(http::Request& request, const account::Principal& principal) {
        PASSEUR_TRY(Admin(principal));
        const std::string lang = Lang(request);
        ItemFilter filter;
        json values = json::object();
        for (const char* name : {"framework", "competence", "level", "type", "status", "q"}) {
            std::string value(request.Query(name).value_or(""));
            if (value.size() > 200) value.resize(200);
            values[name] = value;
        }
        filter.framework = values["framework"];
        filter.competence = values["competence"];
        filter.text = values["q"];
        if (std::string level = values["level"]; level.size() == 1 && level[0] >= '1' && level[0] <= '8') {
            filter.level = level[0] - '0';
        } else {
            values["level"] = "";
        }
        filter.type = ParseItemType(values["type"].get<std::string>());
        if (!filter.type) values["type"] = "";
        filter.status = ParseItemStatus(values["status"].get<std::string>());
        if (!filter.status) values["status"] = "";
        filter.offset = std::min<std::size_t>(ParseSize(request.Query("offset")).value_or(0), 1'000'000'000);
        filter.limit = std::clamp<std::size_t>(ParseSize(request.Query("limit")).value_or(kDefaultPageSize),
                                               1, kMaxPageSize);
        auto page = items_.List(filter, Actor::Of(principal));
        if (!page) return core::Fail(page.error());

        json rows = json::array();
        for (const ItemRecord& record : page->items) {
            const Item& item = record.item;
            rows.push_back({{"id", item.id},
                            {"href", ItemHref(item.id)},
                            {"framework", item.framework},
                            {"competence", item.competence},
                            {"level", item.level},
                            {"type_label", T(request, TypeKey(item.type))},
                            {"retired", item.status == ItemStatus::kRetired},
                            {"status_label", StatusLabel(request, item.status)},
                            {"excerpt", Excerpt(item.stem)}});
        }
        auto competences = Competences(lang);
        if (!competences) return core::Fail(competences.error());
        json frameworks = json::array({{{"value", ""},
                                        {"label", T(request, "items.filter_any")},
                                        {"selected", filter.framework.empty()}}});
        std::set<std::string> seen;
        for (const CompetenceChoice& c : *competences) {
            if (!seen.insert(c.framework).second) continue;
            frameworks.push_back({{"value", c.framework},
                                  {"label", c.framework_name},
                                  {"selected", c.framework == filter.framework}});
        }
        json statuses = json::array();
        for (auto [value, key] :
             {std::pair{"", "items.filter_any"}, std::pair{"active", "items.status_active"},
              std::pair{"retired", "items.status_retired"}}) {
            statuses.push_back(
                {{"value", value}, {"label", T(request, key)}, {"selected", values["status"] == value}});
        }

        // Pagination links keep the filters.
        auto href_at = [&](std::size_t offset) {
            std::string href = "/admin/questions?";
            for (const char* name : {"framework", "competence", "level", "type", "status", "q"}) {
                const std::string value = values[name];
                if (!value.empty()) href += std::string(name) + "=" + core::PercentEncode(value) + "&";
            }
            if (filter.limit != kDefaultPageSize) href += "limit=" + std::to_string(filter.limit) + "&";
            href += "offset=" + std::to_string(offset);
            return href;
        };
        const auto total = static_cast<std::size_t>(page->total);
        const std::size_t first = total == 0 ? 0 : std::min(filter.offset + 1, total);
        const std::size_t last = std::min(filter.offset + page->items.size(), total);
        json data = {
            {"values", values},
            {"frameworks", frameworks},
            {"competence_groups", CompetenceGroups(*competences, false, filter.framework, filter.competence)},
            {"competence_any_selected", filter.competence.empty()},
            {"levels",
             LevelOptions(values["level"].get<std::string>(), true, T(request, "items.filter_any"))},
            {"types", TypeOptions(request, values["type"].get<std::string>(), true)},
            {"statuses", statuses},
            {"items", rows},
            {"has_items", !rows.empty()},
            {"total", total},
            {"count_text", F(request, total == 1 ? "items.count_one" : "items.count_many",
                             {{"total", std::to_string(total)},
                              {"first", std::to_string(first)},
                              {"last", std::to_string(last)}})},
            {"has_previous", filter.offset > 0},
            {"previous_href", href_at(filter.offset > filter.limit ? filter.offset - filter.limit : 0)},
            {"has_next", filter.offset + page->items.size() < total},
            {"next_href", href_at(filter.offset + filter.limit)},
            {"has_pagination", filter.offset > 0 || filter.offset + page->items.size() < total}};
        web::PageContext context = Context(principal, "items.list_title", "");
        return Renderer().RenderPage(request, context, "item_list", data);
    }

    // ---- one item -----------------------------------------------------------------------------
    json CompetenceInfo(const Item& item, const std::string& lang) const {
        json out = {{"code", item.competence},
                    {"name", ""},
                    {"framework_name", item.framework},
                    {"href", "/referentiels/" + core::PercentEncode(item.framework) + "/competences/" +
                                 core::PercentEncode(item.competence)}};
        if (auto stored = frameworks_.Get(item.framework)) {
            out["framework_name"] = stored->framework.name.In(lang);
            if (const auto* c = stored->framework.FindCompetence(item.competence))
                out["name"] = c->name.In(lang);
        }
        return out;
    }

    static std::string DateOf(std::int64_t seconds) { return core::FormatRfc3339(seconds).substr(0, 10); }

    core::Result<http::Response> Show(http::Request& request, const account::Principal& principal) {
        PASSEUR_TRY(Admin(principal));
        const std::string id(request.PathParam("item").value_or(""));
        auto record = items_.Get(id, Actor::Of(principal));
        if (!record) return core::Fail(record.error());
        auto revisions = items_.Revisions(id, Actor::Of(principal));
        if (!revisions) return core::Fail(revisions.error());
        const Item& item = record->item;
        const std::string lang = Lang(request);

        json key = {{"is_choice", false},
                    {"is_ordering", false},
                    {"is_matching", false},
                    {"is_short_text", false},
                    {"is_numeric", false}};
        json options = json::array();
        auto text_of = [](const std::vector<Choice>& list, const std::string& id) {
            for (const Choice& c : list) {
                if (c.id == id) return c.text;
            }
            return id;
        };
        if (const auto* single = std::get_if<SingleChoiceKey>(&item.answer)) {
            key["is_choice"] = true;
            for (const Choice& c : item.options)
                options.push_back({{"id", c.id}, {"text", c.text}, {"correct", c.id == single->option}});
        } else if (const auto* multiple = std::get_if<MultipleChoiceKey>(&item.answer)) {
            key["is_choice"] = true;
            for (const Choice& c : item.options) {
                bool correct = std::find(multiple->options.begin(), multiple->options.end(), c.id) !=
                               multiple->options.end();
                options.push_back({{"id", c.id}, {"text", c.text}, {"correct", correct}});
            }
        } else if (const auto* ordering = std::get_if<OrderingKey>(&item.answer)) {
            key["is_ordering"] = true;
            for (const Choice& c : item.options)
                options.push_back({{"id", c.id}, {"text", c.text}, {"correct", false}});
            json order = json::array();
            for (const auto& id_in_order : ordering->order)
                order.push_back({{"id", id_in_order}, {"text", text_of(item.options, id_in_order)}});
            key["order"] = order;
        } else if (const auto* matching = std::get_if<MatchingKey>(&item.answer)) {
            key["is_matching"] = true;
            json pairs = json::array();
            for (const auto& [left, right] : matching->pairs) {
                pairs.push_back({{"left", text_of(item.left, left)},
                                 {"left_id", left},
                                 {"right", text_of(item.right, right)},
                                 {"right_id", right}});
            }
            key["pairs"] = pairs;
            json distractors = json::array();
            for (const Choice& r : item.right) {
                bool used = std::any_of(matching->pairs.begin(), matching->pairs.end(),
                                        [&](const auto& p) { return p.second == r.id; });
                if (!used) distractors.push_back({{"id", r.id}, {"text", r.text}});
            }
            key["distractors"] = distractors;
            key["has_distractors"] = !distractors.empty();
        } else if (const auto* text = std::get_if<ShortTextKey>(&item.answer)) {
            key["is_short_text"] = true;
            key["accepted"] = text->accepted;
            key["case_sensitive"] = text->case_sensitive;
            key["accent_sensitive"] = text->accent_sensitive;
        } else if (const auto* numeric = std::get_if<NumericKey>(&item.answer)) {
            key["is_numeric"] = true;
            key["value"] = FormatNumber(numeric->value);
            key["tolerance"] = FormatNumber(numeric->tolerance);
            key["unit"] = numeric->unit.value_or("");
        }
        json resources = json::array();
        for (const Resource& r : item.resources) resources.push_back({{"title", r.title}, {"url", r.url}});
        json revision_rows = json::array();
        for (auto it = revisions->rbegin(); it != revisions->rend(); ++it) {
            revision_rows.push_back({{"revision", it->item.revision},
                                     {"date", DateOf(it->created_at)},
                                     {"source_label", T(request, "items.source_" + it->source)},
                                     {"status_label", StatusLabel(request, it->item.status)},
                                     {"current", it->item.revision == item.revision}});
        }
        const Irt irt = item.EffectiveIrt();
        json data = {{"item",
                      {{"id", item.id},
                       {"href", ItemHref(item.id)},
                       {"type_label", T(request, TypeKey(item.type))},
                       {"level", item.level},
                       {"skill", item.skill.value_or("")},
                       {"stem_html", web::RenderMarkdown(item.stem)},
                       {"feedback_html", web::RenderMarkdown(item.feedback)},
                       {"retired", item.status == ItemStatus::kRetired},
                       {"status_label", StatusLabel(request, item.status)},
                       {"revision", item.revision},
                       {"source_label", T(request, "items.source_" + record->source)},
                       {"scoring_label",
                        T(request, item.scoring == ScoringMode::kPartial ? "items.scoring_partial"
                                                                         : "items.scoring_all_or_nothing")},
                       {"irt", "a = " + FormatNumber(irt.a) + " ; b = " + FormatNumber(irt.b)},
                       {"anchor", item.anchor},
                       {"screen_reader", item.accessibility.screen_reader},
                       {"no_colour", item.accessibility.no_colour},
                       {"no_timer", item.accessibility.no_timer}}},
                     {"competence", CompetenceInfo(item, lang)},
                     {"options", options},
                     {"has_options", !options.empty()},
                     {"key", key},
                     {"resources", resources},
                     {"has_resources", !resources.empty()},
                     {"revisions", revision_rows},
                     {"edit_href", ItemHref(item.id) + "/modifier"},
                     {"preview_href", ItemHref(item.id) + "/apercu"},
                     {"retire_action", ItemHref(item.id) + "/retirer"},
                     {"restore_action", ItemHref(item.id) + "/restaurer"}};
        return Renderer().RenderPage(
            request, TitledContext(principal, F(request, "items.show_title", {{"id", item.id}})), "item_show",
            data);
    }

    // ---- form ---------------------------------------------------------------------------------
    static json EmptyValues() {
        return {{"id", ""},
                {"competence", ""},
                {"skill", ""},
                {"level", "1"},
                {"type", "single_choice"},
                {"stem", ""},
                {"feedback", ""},
                {"options", ""},
                {"answer_ids", ""},
                {"left", ""},
                {"right", ""},
                {"answer_pairs", ""},
                {"accepted", ""},
                {"case_sensitive", false},
                {"accent_sensitive", false},
                {"numeric_value", ""},
                {"numeric_tolerance", "0"},
                {"numeric_unit", ""},
                {"scoring", "all_or_nothing"},
                {"keep_order", false},
                {"resources", ""},
                {"screen_reader", true},
                {"no_colour", true},
                {"no_timer", true},
                {"revision", ""}};
    }

    static json ValuesOf(const Item& item) {
        json v = EmptyValues();
        v["id"] = item.id;
        v["competence"] = item.framework + "/" + item.competence;
        v["skill"] = item.skill.value_or("");
        v["level"] = std::to_string(item.level);
        v["type"] = std::string(ItemTypeName(item.type));
        v["stem"] = item.stem;
        v["feedback"] = item.feedback;
        v["options"] = ChoicesText(item.options);
        v["left"] = ChoicesText(item.left);
        v["right"] = ChoicesText(item.right);
        v["scoring"] = std::string(ScoringModeName(item.scoring));
        v["keep_order"] = item.keep_order;
        std::string resources;
        for (const Resource& r : item.resources) resources += r.title + " | " + r.url + "\n";
        v["resources"] = resources;
        v["screen_reader"] = item.accessibility.screen_reader;
        v["no_colour"] = item.accessibility.no_colour;
        v["no_timer"] = item.accessibility.no_timer;
        v["revision"] = std::to_string(item.revision);
        if (const auto* single = std::get_if<SingleChoiceKey>(&item.answer)) {
            v["answer_ids"] = single->option;
        } else if (const auto* multiple = std::get_if<MultipleChoiceKey>(&item.answer)) {
            std::string ids;
            for (const auto& id : multiple->options) ids += (ids.empty() ? "" : ", ") + id;
            v["answer_ids"] = ids;
        } else if (const auto* ordering = std::get_if<OrderingKey>(&item.answer)) {
            std::string ids;
            for (const auto& id : ordering->order) ids += (ids.empty() ? "" : ", ") + id;
            v["answer_ids"] = ids;
        } else if (const auto* matching = std::get_if<MatchingKey>(&item.answer)) {
            std::string pairs;
            for (const auto& [l, r] : matching->pairs) pairs += l + " = " + r + "\n";
            v["answer_pairs"] = pairs;
        } else if (const auto* text = std::get_if<ShortTextKey>(&item.answer)) {
            std::string accepted;
            for (const auto& a : text->accepted) accepted += a + "\n";
            v["accepted"] = accepted;
            v["case_sensitive"] = text->case_sensitive;
            v["accent_sensitive"] = text->accent_sensitive;
        } else if (const auto* numeric = std::get_if<NumericKey>(&item.answer)) {
            v["numeric_value"] = FormatNumber(numeric->value);
            v["numeric_tolerance"] = FormatNumber(numeric->tolerance);
            v["numeric_unit"] = numeric->unit.value_or("");
        }
        return v;
    }

    static json ValuesOf(const http::FieldList& form, bool creating) {
        json v = EmptyValues();
        for (const char* name : {"id", "competence", "skill", "level", "type", "numeric_value",
                                 "numeric_tolerance", "numeric_unit", "scoring", "answer_ids", "revision"}) {
            v[name] = account::Trim(Field(form, name));
        }
        for (const char* name :
             {"stem", "feedback", "options", "left", "right", "answer_pairs", "accepted", "resources"}) {
            std::string text = Field(form, name);
            text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
            v[name] = account::Trim(text);
        }
        for (const char* name :
             {"case_sensitive", "accent_sensitive", "keep_order", "screen_reader", "no_colour", "no_timer"}) {
            v[name] = http::Find(form, name).has_value();
        }
        if (!creating) v["id"] = "";
        return v;
    }

    // Parses "id | text" lines into a JSON choice list; problems named after the field.
    json ParseChoices(const http::Request& request, const std::string& text, const std::string& field,
                      account::FormErrors& errors) const {
        json out = json::array();
        std::size_t line_number = 0;
        for (const std::string& line : Lines(text)) {
            ++line_number;
            std::size_t bar = line.find('|');
            std::string id = bar == std::string::npos ? std::string() : account::Trim(line.substr(0, bar));
            std::string label =
                bar == std::string::npos ? std::string() : account::Trim(line.substr(bar + 1));
            if (id.empty() || label.empty()) {
                errors.Add(field, F(request, "items.error_choice_line",
                                    {{"field", T(request, "items.field_" + field)},
                                     {"line", std::to_string(line_number)}}));
                continue;
            }
            if (!IsValidChoiceId(id)) {
                errors.Add(field, F(request, "items.error_choice_id",
                                    {{"field", T(request, "items.field_" + field)},
                                     {"line", std::to_string(line_number)},
                                     {"id", id}}));
                continue;
            }
            out.push_back({{"id", id}, {"text", label}});
        }
        if (out.size() < kMinOptions || out.size() > kMaxOptions) {
            errors.Add(field, F(request, "items.error_choice_count",
                                {{"field", T(request, "items.field_" + field)}}));
        }
        return out;
    }

    static bool HasId(const json& choices, const std::string& id) {
        return std::any_of(choices.begin(), choices.end(), [&](const json& c) { return c["id"] == id; });
    }

    // The API body (JsonScope::kFull) of the submitted form, or field errors. `stored`: the
    // revision being edited (its irt and anchor are kept).
    json BuildBody(const http::Request& request, const json& v,
                   const std::vector<CompetenceChoice>& competences, const Item* stored,
                   account::FormErrors& errors) const {
        json body = json::object();
        const std::string id = stored ? stored->id : v["id"].get<std::string>();
        if (id.empty()) {
            errors.Add("id", F(request, "items.error_required", {{"field", T(request, "items.field_id")}}));
        } else if (!IsValidItemId(id)) {
            errors.Add("id", T(request, "items.error_id"));
        }
        body["id"] = id;
        const std::string competence = v["competence"];
        auto known = std::find_if(competences.begin(), competences.end(), [&](const CompetenceChoice& c) {
            return c.framework + "/" + c.code == competence;
        });
        if (known == competences.end()) {
            errors.Add("competence", T(request, "items.error_competence"));
        } else {
            body["framework"] = known->framework;
            body["competence"] = known->code;
        }
        if (const std::string skill = v["skill"]; !skill.empty()) body["skill"] = skill;
        const std::string level = v["level"];
        if (level.size() == 1 && level[0] >= '1' && level[0] <= '8') {
            body["level"] = level[0] - '0';
        } else {
            errors.Add("level", T(request, "items.error_level"));
        }
        const auto type = ParseItemType(v["type"].get<std::string>());
        if (!type) {
            errors.Add("type", T(request, "items.error_type"));
            return body;
        }
        body["type"] = std::string(ItemTypeName(*type));
        for (const char* name : {"stem", "feedback"}) {
            const std::string text = v[name];
            if (text.empty()) {
                errors.Add(name, F(request, "items.error_required",
                                   {{"field", T(request, std::string("items.field_") + name)}}));
            }
            body[name] = text;
        }
        if (v["scoring"] == "partial") body["scoring"] = "partial";
        switch (*type) {
            case ItemType::kSingleChoice:
            case ItemType::kMultipleChoice:
            case ItemType::kOrdering: {
                json options = ParseChoices(request, v["options"], "options", errors);
                body["options"] = options;
                std::vector<std::string> ids = IdList(v["answer_ids"].get<std::string>());
                if (ids.empty()) {
                    errors.Add("answer_ids", F(request, "items.error_required",
                                               {{"field", T(request, "items.field_answer_ids")}}));
                }
                for (const std::string& answer_id : ids) {
                    if (!HasId(options, answer_id)) {
                        errors.Add("answer_ids", F(request, "items.error_answer_id", {{"id", answer_id}}));
                    }
                }
                if (*type == ItemType::kSingleChoice) {
                    if (ids.size() > 1) errors.Add("answer_ids", T(request, "items.error_single_answer"));
                    body["answer"] = ids.empty() ? std::string() : ids.front();
                } else {
                    body["answer"] = ids;
                }
                if (*type != ItemType::kOrdering && v["keep_order"].get<bool>()) body["keep_order"] = true;
                break;
            }
            case ItemType::kMatching: {
                json left = ParseChoices(request, v["left"], "left", errors);
                json right = ParseChoices(request, v["right"], "right", errors);
                body["left"] = left;
                body["right"] = right;
                json pairs = json::object();
                std::size_t line_number = 0;
                for (const std::string& line : Lines(v["answer_pairs"].get<std::string>())) {
                    ++line_number;
                    std::size_t eq = line.find('=');
                    std::string l = eq == std::string::npos ? "" : account::Trim(line.substr(0, eq));
                    std::string r = eq == std::string::npos ? "" : account::Trim(line.substr(eq + 1));
                    if (l.empty() || r.empty()) {
                        errors.Add("answer_pairs", F(request, "items.error_pair_line",
                                                     {{"line", std::to_string(line_number)}}));
                        continue;
                    }
                    if (!HasId(left, l) || !HasId(right, r)) {
                        errors.Add("answer_pairs", F(request, "items.error_pair_ids",
                                                     {{"line", std::to_string(line_number)}}));
                        continue;
                    }
                    pairs[l] = r;
                }
                if (pairs.empty()) {
                    errors.Add("answer_pairs", F(request, "items.error_required",
                                                 {{"field", T(request, "items.field_answer_pairs")}}));
                }
                body["answer"] = pairs;
                break;
            }
            case ItemType::kShortText: {
                std::vector<std::string> accepted = Lines(v["accepted"].get<std::string>());
                if (accepted.empty()) {
                    errors.Add("accepted", F(request, "items.error_required",
                                             {{"field", T(request, "items.field_accepted")}}));
                }
                json answer = {{"accepted", accepted}};
                if (v["case_sensitive"].get<bool>()) answer["case_sensitive"] = true;
                if (v["accent_sensitive"].get<bool>()) answer["accent_sensitive"] = true;
                body["answer"] = answer;
                break;
            }
            case ItemType::kNumeric: {
                json answer = json::object();
                auto value = ParseLearnerNumber(v["numeric_value"].get<std::string>());
                if (!value) {
                    errors.Add("numeric_value", T(request, "items.error_number"));
                } else {
                    answer["value"] = *value;
                }
                const std::string tolerance_text = v["numeric_tolerance"];
                auto tolerance =
                    tolerance_text.empty() ? std::optional<double>(0) : ParseLearnerNumber(tolerance_text);
                if (!tolerance || *tolerance < 0) {
                    errors.Add("numeric_tolerance", T(request, "items.error_tolerance"));
                } else {
                    answer["tolerance"] = *tolerance;
                }
                if (const std::string unit = v["numeric_unit"]; !unit.empty()) answer["unit"] = unit;
                body["answer"] = answer;
                break;
            }
        }
        json resources = json::array();
        std::size_t line_number = 0;
        for (const std::string& line : Lines(v["resources"].get<std::string>())) {
            ++line_number;
            std::size_t bar = line.rfind('|');
            std::string title = bar == std::string::npos ? "" : account::Trim(line.substr(0, bar));
            std::string url = bar == std::string::npos ? "" : account::Trim(line.substr(bar + 1));
            if (title.empty() || !IsHttpUrl(url)) {
                errors.Add("resources",
                           F(request, "items.error_resource_line", {{"line", std::to_string(line_number)}}));
                continue;
            }
            resources.push_back({{"title", title}, {"url", url}});
        }
        if (!resources.empty()) body["resources"] = resources;
        const bool screen_reader = v["screen_reader"], no_colour = v["no_colour"], no_timer = v["no_timer"];
        if (!screen_reader || !no_colour || !no_timer) {
            body["accessibility"] = {
                {"screen_reader", screen_reader}, {"no_colour", no_colour}, {"no_timer", no_timer}};
        }
        if (stored != nullptr) {
            if (stored->irt) body["irt"] = {{"a", stored->irt->a}, {"b", stored->irt->b}};
            if (stored->anchor) body["anchor"] = true;
        }
        return body;
    }

    http::Response FormPage(const http::Request& request, const account::Principal& principal,
                            const std::vector<CompetenceChoice>& competences, const Item* stored, json values,
                            const account::FormErrors& errors, bool conflict, unsigned status) const {
        const bool creating = stored == nullptr;
        json scoring = json::array();
        for (auto [value, key] : {std::pair{"all_or_nothing", "items.scoring_all_or_nothing"},
                                  std::pair{"partial", "items.scoring_partial"}}) {
            scoring.push_back(
                {{"value", value}, {"label", T(request, key)}, {"selected", values["scoring"] == value}});
        }
        json data = {{"creating", creating},
                     {"action", creating ? std::string("/admin/questions/nouvelle")
                                         : ItemHref(stored->id) + "/modifier"},
                     {"back", creating ? std::string("/admin/questions") : ItemHref(stored->id)},
                     {"item_id", creating ? std::string() : stored->id},
                     {"values", values},
                     {"competence_groups",
                      CompetenceGroups(competences, true, "", values["competence"].get<std::string>())},
                     {"levels", LevelOptions(values["level"].get<std::string>(), false, "")},
                     {"types", TypeOptions(request, values["type"].get<std::string>(), false)},
                     {"scoring_options", scoring},
                     {"conflict", conflict},
                     {"current_href", creating ? std::string() : ItemHref(stored->id) + "/modifier"}};
        errors.Into(data);
        const std::string title =
            creating ? T(request, "items.new_title") : F(request, "items.edit_title", {{"id", stored->id}});
        return Renderer().RenderPage(request, TitledContext(principal, title), "item_form", data, status);
    }

    core::Result<http::Response> GetNew(http::Request& request, const account::Principal& principal) {
        PASSEUR_TRY(Admin(principal));
        auto competences = Competences(Lang(request));
        if (!competences) return core::Fail(competences.error());
        return FormPage(request, principal, *competences, nullptr, EmptyValues(), {}, false, 200);
    }

    core::Result<http::Response> GetEdit(http::Request& request, const account::Principal& principal) {
        PASSEUR_TRY(Admin(principal));
        auto record = items_.Get(request.PathParam("item").value_or(""), Actor::Of(principal));
        if (!record) return core::Fail(record.error());
        auto competences = Competences(Lang(request));
        if (!competences) return core::Fail(competences.error());
        return FormPage(request, principal, *competences, &record->item, ValuesOf(record->item), {}, false,
                        200);
    }

    // Adds the validator's problems (English messages) under the French name of their field.
    void AddProblems(const http::Request& request, const std::vector<FieldProblem>& problems, ItemType type,
                     account::FormErrors& errors) const {
        for (const FieldProblem& p : problems) {
            const std::string field = FieldOfPointer(p.field, type);
            errors.Add(field, F(request, "items.error_check",
                                {{"field", T(request, "items.field_" + field)}, {"message", p.message}}));
        }
    }

    core::Result<http::Response> PostSave(http::Request& request, const account::Principal& principal,
                                          const http::FieldList& form, bool creating) {
        PASSEUR_TRY(Admin(principal));
        std::optional<ItemRecord> stored;
        if (!creating) {
            auto record = items_.Get(request.PathParam("item").value_or(""), Actor::Of(principal));
            if (!record) return core::Fail(record.error());
            stored = std::move(*record);
        }
        auto competences = Competences(Lang(request));
        if (!competences) return core::Fail(competences.error());
        const Item* stored_item = stored ? &stored->item : nullptr;
        json values = ValuesOf(form, creating);
        account::FormErrors errors;
        json body = BuildBody(request, values, *competences, stored_item, errors);
        const ItemType type =
            ParseItemType(values["type"].get<std::string>()).value_or(ItemType::kSingleChoice);
        std::optional<std::int64_t> expected;
        if (!creating) {
            auto revision = ParseSize(values["revision"].get<std::string>());
            if (!revision) return core::Fail(core::Error::InvalidArgument("Révision manquante.", "revision"));
            expected = static_cast<std::int64_t>(*revision);
            // A stale form is answered before any other check: nothing is written.
            if (*expected != stored->item.revision) {
                errors.Add("revision", F(request, "items.error_conflict",
                                         {{"revision", std::to_string(stored->item.revision)}}));
                return FormPage(request, principal, *competences, stored_item, values, errors, true, 409);
            }
        }
        if (errors.Empty()) {
            auto parse = items_.Validate(body);
            if (!parse) return core::Fail(parse.error());
            AddProblems(request, parse->problems, type, errors);
        }
        if (!errors.Empty()) {
            return FormPage(request, principal, *competences, stored_item, values, errors, false, 400);
        }
        auto saved = creating ? items_.Create(body, Actor::Of(principal))
                              : items_.Update(stored->item.id, body, Actor::Of(principal), expected);
        if (!saved) {
            const core::Error& error = saved.error();
            if (error.code == core::ErrorCode::kConflict && !creating) {
                // The item moved between our check and the write: say which revision it is at now.
                auto now = items_.Get(stored->item.id, Actor::Of(principal));
                const std::string revision = now ? std::to_string(now->item.revision) : std::string("?");
                errors.Add("revision", F(request, "items.error_conflict", {{"revision", revision}}));
                return FormPage(request, principal, *competences, stored_item, values, errors, true, 409);
            }
            if (error.code == core::ErrorCode::kConflict) {
                errors.Add("id", T(request, "items.error_id_taken"));
                return FormPage(request, principal, *competences, stored_item, values, errors, false, 409);
            }
            if (error.code == core::ErrorCode::kInvalidArgument) {
                AddProblems(request, {{error.field, error.message}}, type, errors);
                return FormPage(request, principal, *competences, stored_item, values, errors, false, 400);
            }
            return core::Fail(error);
        }
        return Renderer().Redirect(request, ItemHref(saved->item.id),
                                   web::Flash::Success(creating ? "items.flash_created" : "items.flash_saved",
                                                       {{"id", saved->item.id},
                                                        {"revision", std::to_string(saved->item.revision)}}));
    }

    // ---- preview ------------------------------------------------------------------------------
    // The partial's data comes from the learner view only (no key, no feedback before the answer).
    core::Result<http::Response> Preview(http::Request& request, const account::Principal& principal,
                                         const http::FieldList* form) {
        PASSEUR_TRY(Admin(principal));
        auto record = items_.Get(request.PathParam("item").value_or(""), Actor::Of(principal));
        if (!record) return core::Fail(record.error());
        const Item& item = record->item;
        ItemView view = ForLearner(item, random_);
        json data = {{"item",
                      {{"id", item.id},
                       {"href", ItemHref(item.id)},
                       {"retired", item.status == ItemStatus::kRetired}}},
                     {"question", QuestionData(view, form)},
                     {"action", ItemHref(item.id) + "/apercu"},
                     {"scored", false}};
        if (form != nullptr) {
            auto score = items_.ScoreItem(item.id, ResponseFromForm(view, *form), Actor::Of(principal));
            if (!score) return core::Fail(score.error());
            std::string verdict_key = "items.verdict_wrong";
            std::string kind = "error";
            if (score->malformed) {
                verdict_key = "items.verdict_malformed";
                kind = "warning";
            } else if (score->Fraction() >= 1.0) {
                verdict_key = "items.verdict_right";
                kind = "success";
            } else if (score->credit > 0) {
                verdict_key = "items.verdict_partial";
                kind = "warning";
            }
            data["scored"] = true;
            data["verdict"] = {{"kind", kind},
                               {"text", F(request, verdict_key,
                                          {{"credit", FormatNumber(score->credit)},
                                           {"max", FormatNumber(score->max_credit)}})},
                               {"feedback_html", web::RenderMarkdown(item.feedback)}};
        }
        return Renderer().RenderPage(
            request, TitledContext(principal, F(request, "items.preview_title", {{"id", item.id}})),
            "item_preview", data);
    }

    // ---- status -------------------------------------------------------------------------------
    core::Result<http::Response> SetStatus(http::Request& request, const account::Principal& principal,
                                           bool retire) {
        PASSEUR_TRY(Admin(principal));
        const std::string id(request.PathParam("item").value_or(""));
        auto record =
            retire ? items_.Retire(id, Actor::Of(principal)) : items_.Restore(id, Actor::Of(principal));
        if (!record) return core::Fail(record.error());
        return Renderer().Redirect(
            request, ItemHref(record->item.id),
            web::Flash::Success(retire ? "items.flash_retired" : "items.flash_restored",
                                {{"id", record->item.id}}));
    }

    // ---- images -------------------------------------------------------------------------------
    core::Result<http::Response> Image(http::Request& request) const {
        const std::string name(request.PathParam("file").value_or(""));
        auto not_found = [] { return core::Fail(core::Error::NotFound("Cette image n'existe pas.")); };
        if (!IsSafeImageName(name) || items_.ItemsDir().empty()) return not_found();
        const std::filesystem::path path = std::filesystem::path(items_.ItemsDir()) / "images" / name;
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec)) return not_found();
        const auto size = std::filesystem::file_size(path, ec);
        if (ec || size > kMaxItemImageBytes) return not_found();
        std::ifstream in(path, std::ios::binary);
        std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (!in.good() && !in.eof()) return not_found();
        std::string extension = name.substr(name.rfind('.') + 1);
        std::transform(extension.begin(), extension.end(), extension.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        static const std::map<std::string, std::string, std::less<>> kTypes = {{"png", "image/png"},
                                                                               {"jpg", "image/jpeg"},
                                                                               {"jpeg", "image/jpeg"},
                                                                               {"svg", "image/svg+xml"},
                                                                               {"webp", "image/webp"}};
        auto type = kTypes.find(extension);
        if (type == kTypes.end()) return not_found();
        http::Response response = http::Response::Text(std::move(body), type->second);
        response.SetHeader("Cache-Control", "public, max-age=3600");
        // An SVG opened on its own must not run scripts on our origin.
        response.SetHeader("Content-Security-Policy",
                           "default-src 'none'; style-src 'unsafe-inline'; sandbox");
        return response;
    }

private:
    ItemService& items_;
    framework::FrameworkService& frameworks_;
    mutable core::SystemRandom random_;
};

}  // namespace

void RegisterItemPages(http::Router& router, ItemService& items, framework::FrameworkService& frameworks,
                       account::AccountModule& accounts, web::Renderer& renderer) {
    auto pages = std::make_shared<Pages>(items, frameworks, accounts, renderer);
    using SessionMethod = core::Result<http::Response> (Pages::*)(http::Request&, const account::Principal&);
    auto get = [&](std::string_view pattern, SessionMethod method) {
        pages->SessionPage(router, "GET", pattern,
                           [pages, method](http::Request& request, const account::Principal& principal) {
                               return ((*pages).*method)(request, principal);
                           });
    };
    get("/admin/questions", &Pages::List);
    get("/admin/questions/nouvelle", &Pages::GetNew);
    get("/admin/questions/{item}", &Pages::Show);
    get("/admin/questions/{item}/modifier", &Pages::GetEdit);
    pages->SessionPage(router, "GET", "/admin/questions/{item}/apercu",
                       [pages](http::Request& request, const account::Principal& principal) {
                           return pages->Preview(request, principal, nullptr);
                       });
    pages->FormPost(
        router, "/admin/questions/nouvelle",
        [pages](http::Request& request, const account::Principal& principal, const http::FieldList& form) {
            return pages->PostSave(request, principal, form, true);
        },
        kFormFieldMaxBytes);
    pages->FormPost(
        router, "/admin/questions/{item}/modifier",
        [pages](http::Request& request, const account::Principal& principal, const http::FieldList& form) {
            return pages->PostSave(request, principal, form, false);
        },
        kFormFieldMaxBytes);
    pages->FormPost(
        router, "/admin/questions/{item}/apercu",
        [pages](http::Request& request, const account::Principal& principal, const http::FieldList& form) {
            return pages->Preview(request, principal, &form);
        },
        kAnswerFieldMaxBytes);
    for (auto [pattern, retire] : {std::pair{"/admin/questions/{item}/retirer", true},
                                   std::pair{"/admin/questions/{item}/restaurer", false}}) {
        pages->FormPost(router, pattern,
                        [pages, retire = retire](http::Request& request, const account::Principal& principal,
                                                 const http::FieldList&) {
                            return pages->SetStatus(request, principal, retire);
                        });
    }
    router.Add(
        "GET", "/media/items/{file}", [pages](http::Request& request) { return pages->Image(request); },
        http::RouteKind::kHtml);
}

}  // namespace passeur::item
