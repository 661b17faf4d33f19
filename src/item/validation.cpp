#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <utility>

#include <core/encoding.hpp>
#include <core/located_json.hpp>

#include <item/validation.hpp>

namespace passeur::item {

namespace {

using nlohmann::json;

bool IsBlank(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

std::string Quote(std::string_view s) {
    constexpr std::size_t kShown = 60;
    std::string out = "\"";
    out += s.size() > kShown ? std::string(s.substr(0, kShown)) + "..." : std::string(s);
    out += "\"";
    return out;
}

std::string_view TypeOfJson(const json& j) {
    switch (j.type()) {
        case json::value_t::null:
            return "null";
        case json::value_t::boolean:
            return "a boolean";
        case json::value_t::string:
            return "a string";
        case json::value_t::array:
            return "an array";
        case json::value_t::object:
            return "an object";
        case json::value_t::number_float:
            return "a decimal number";
        default:
            return "an integer";
    }
}

class Reader {
public:
    explicit Reader(std::vector<FieldProblem>& problems) : problems_(problems) {}

    void Problem(std::string field, std::string message) {
        problems_.push_back({std::move(field), std::move(message)});
    }

    void WrongType(const std::string& field, std::string_view expected, const json& got) {
        Problem(field, "must be " + std::string(expected) + ", not " + std::string(TypeOfJson(got)));
    }

    // A string of min..max bytes, not only spaces when min > 0.
    std::optional<std::string> String(const json& j, const std::string& field, std::size_t min_bytes,
                                      std::size_t max_bytes) {
        if (!j.is_string()) {
            WrongType(field, "a string", j);
            return std::nullopt;
        }
        const auto& s = j.get_ref<const std::string&>();
        if (!core::IsValidUtf8(s)) {
            Problem(field, "is not valid UTF-8");
            return std::nullopt;
        }
        if (s.size() > max_bytes) {
            Problem(field, "is " + std::to_string(s.size()) + " bytes long, over the limit of " +
                               std::to_string(max_bytes));
            return std::nullopt;
        }
        if (min_bytes > 0 && (s.size() < min_bytes || IsBlank(s))) {
            Problem(field, "must not be empty");
            return std::nullopt;
        }
        return s;
    }

    std::optional<bool> Bool(const json& j, const std::string& field) {
        if (!j.is_boolean()) {
            WrongType(field, "true or false", j);
            return std::nullopt;
        }
        return j.get<bool>();
    }

    std::optional<double> Number(const json& j, const std::string& field) {
        if (!j.is_number()) {
            WrongType(field, "a number", j);
            return std::nullopt;
        }
        const double d = j.get<double>();
        if (!std::isfinite(d)) {
            Problem(field, "must be a finite number");
            return std::nullopt;
        }
        return d;
    }

    // Members of `object` not in `allowed` are reported.
    void UnknownMembers(const json& object, const std::string& pointer,
                        std::initializer_list<std::string_view> allowed) {
        for (const auto& [key, value] : object.items()) {
            if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
                Problem(core::JsonPointerAppend(pointer, key), "unknown field " + Quote(key));
            }
        }
    }

    // A list of {"id", "text"} with kMinOptions..kMaxOptions unique ids. nullopt when unusable.
    std::optional<std::vector<Choice>> Choices(const json& j, const std::string& field) {
        if (!j.is_array()) {
            WrongType(field, "a list of {\"id\", \"text\"}", j);
            return std::nullopt;
        }
        if (j.size() < kMinOptions || j.size() > kMaxOptions) {
            Problem(field, "must have " + std::to_string(kMinOptions) + " to " + std::to_string(kMaxOptions) +
                               " entries, not " + std::to_string(j.size()));
            if (j.size() > 64) return std::nullopt;
        }
        std::vector<Choice> out;
        std::set<std::string> seen;
        bool usable = true;
        for (std::size_t i = 0; i < j.size(); ++i) {
            const std::string at = core::JsonPointerAppend(field, i);
            const json& entry = j[i];
            if (!entry.is_object()) {
                WrongType(at, "an object {\"id\", \"text\"}", entry);
                usable = false;
                continue;
            }
            UnknownMembers(entry, at, {"id", "text"});
            Choice choice;
            if (!entry.contains("id")) {
                Problem(at, "missing field \"id\"");
                usable = false;
            } else if (const auto id = String(entry["id"], at + "/id", 1, 64)) {
                if (!IsValidChoiceId(*id)) {
                    Problem(at + "/id", Quote(*id) + " is not a valid id (1 to 8 of a-z, 0-9)");
                    usable = false;
                } else if (!seen.insert(*id).second) {
                    Problem(at + "/id", "duplicate id " + Quote(*id));
                    usable = false;
                }
                choice.id = *id;
            } else {
                usable = false;
            }
            if (!entry.contains("text")) {
                Problem(at, "missing field \"text\"");
            } else if (const auto text = String(entry["text"], at + "/text", 1, kMaxOptionTextBytes)) {
                choice.text = *text;
            }
            out.push_back(std::move(choice));
        }
        if (!usable) return std::nullopt;
        return out;
    }

private:
    std::vector<FieldProblem>& problems_;
};

bool HasId(const std::vector<Choice>& choices, std::string_view id) {
    return std::any_of(choices.begin(), choices.end(), [&](const Choice& c) { return c.id == id; });
}

std::string IdList(const std::vector<Choice>& choices) {
    std::string out;
    for (const auto& c : choices) {
        if (!out.empty()) out += ", ";
        out += c.id;
    }
    return out;
}

// A list of distinct ids of `choices`; nullopt (with problems) otherwise.
std::optional<std::vector<std::string>> IdArray(Reader& r, const json& j, const std::string& field,
                                                const std::vector<Choice>& choices) {
    if (!j.is_array()) {
        r.WrongType(field, "a list of option ids", j);
        return std::nullopt;
    }
    std::vector<std::string> out;
    bool ok = true;
    for (std::size_t i = 0; i < j.size() && i < 64; ++i) {
        const std::string at = core::JsonPointerAppend(field, i);
        if (!j[i].is_string()) {
            r.WrongType(at, "an option id", j[i]);
            ok = false;
            continue;
        }
        const auto& id = j[i].get_ref<const std::string&>();
        if (!HasId(choices, id)) {
            r.Problem(at, Quote(id) + " is not an option id (" + IdList(choices) + ")");
            ok = false;
        } else if (std::find(out.begin(), out.end(), id) != out.end()) {
            r.Problem(at, "option " + Quote(id) + " is listed twice");
            ok = false;
        }
        out.push_back(id);
    }
    if (j.size() > 64) {
        r.Problem(field, "has too many entries");
        ok = false;
    }
    if (!ok) return std::nullopt;
    return out;
}

std::optional<AnswerKey> ParseAnswer(Reader& r, const json& j, const std::string& field, const Item& item,
                                     bool lists_ok) {
    switch (item.type) {
        case ItemType::kSingleChoice: {
            if (!j.is_string()) {
                r.WrongType(field, "one option id (a string)", j);
                return std::nullopt;
            }
            const auto& id = j.get_ref<const std::string&>();
            if (!lists_ok) return SingleChoiceKey{id};
            if (!HasId(item.options, id)) {
                r.Problem(field, Quote(id) + " is not an option id (" + IdList(item.options) + ")");
                return std::nullopt;
            }
            return SingleChoiceKey{id};
        }
        case ItemType::kMultipleChoice: {
            if (!lists_ok) return std::nullopt;
            auto ids = IdArray(r, j, field, item.options);
            if (!ids) return std::nullopt;
            if (ids->empty()) {
                r.Problem(field, "must list at least one option id");
                return std::nullopt;
            }
            return MultipleChoiceKey{std::move(*ids)};
        }
        case ItemType::kOrdering: {
            if (!lists_ok) return std::nullopt;
            auto ids = IdArray(r, j, field, item.options);
            if (!ids) return std::nullopt;
            if (ids->size() != item.options.size()) {
                std::string missing;
                for (const auto& o : item.options) {
                    if (std::find(ids->begin(), ids->end(), o.id) == ids->end()) {
                        missing += missing.empty() ? o.id : ", " + o.id;
                    }
                }
                r.Problem(field, "must list every option id once; missing: " + missing);
                return std::nullopt;
            }
            return OrderingKey{std::move(*ids)};
        }
        case ItemType::kMatching: {
            if (!j.is_object()) {
                r.WrongType(field, "an object {\"left id\": \"right id\"}", j);
                return std::nullopt;
            }
            if (!lists_ok) return std::nullopt;
            MatchingKey key;
            bool ok = true;
            for (const auto& [left_id, right] : j.items()) {
                const std::string at = core::JsonPointerAppend(field, left_id);
                if (!HasId(item.left, left_id)) {
                    r.Problem(at, Quote(left_id) + " is not a left id (" + IdList(item.left) + ")");
                    ok = false;
                    continue;
                }
                if (!right.is_string()) {
                    r.WrongType(at, "a right id (a string)", right);
                    ok = false;
                    continue;
                }
                const auto& right_id = right.get_ref<const std::string&>();
                if (!HasId(item.right, right_id)) {
                    r.Problem(at, Quote(right_id) + " is not a right id (" + IdList(item.right) + ")");
                    ok = false;
                    continue;
                }
                key.pairs.emplace_back(left_id, right_id);
            }
            for (const auto& l : item.left) {
                if (!j.contains(l.id)) {
                    r.Problem(field, "left id " + Quote(l.id) + " has no match");
                    ok = false;
                }
            }
            if (!ok) return std::nullopt;
            // Keep the order of the left column, so that the key reads like the question.
            std::sort(key.pairs.begin(), key.pairs.end(), [&](const auto& x, const auto& y) {
                const auto index = [&](const std::string& id) {
                    return std::find_if(item.left.begin(), item.left.end(),
                                        [&](const Choice& c) { return c.id == id; }) -
                           item.left.begin();
                };
                return index(x.first) < index(y.first);
            });
            return key;
        }
        case ItemType::kShortText: {
            if (!j.is_object()) {
                r.WrongType(field, "an object {\"accepted\": [...]}", j);
                return std::nullopt;
            }
            r.UnknownMembers(j, field, {"accepted", "case_sensitive", "accent_sensitive"});
            ShortTextKey key;
            bool ok = true;
            if (!j.contains("accepted")) {
                r.Problem(field, "missing field \"accepted\"");
                ok = false;
            } else if (const json& accepted = j["accepted"]; !accepted.is_array()) {
                r.WrongType(field + "/accepted", "a list of strings", accepted);
                ok = false;
            } else if (accepted.empty() || accepted.size() > kMaxAcceptedVariants) {
                r.Problem(field + "/accepted", "must have 1 to " + std::to_string(kMaxAcceptedVariants) +
                                                   " variants, not " + std::to_string(accepted.size()));
                ok = false;
            } else {
                for (std::size_t i = 0; i < accepted.size(); ++i) {
                    const auto variant = r.String(
                        accepted[i], core::JsonPointerAppend(field + "/accepted", i), 1, kMaxAcceptedBytes);
                    if (!variant) {
                        ok = false;
                        continue;
                    }
                    key.accepted.push_back(*variant);
                }
            }
            if (j.contains("case_sensitive")) {
                if (const auto b = r.Bool(j["case_sensitive"], field + "/case_sensitive")) {
                    key.case_sensitive = *b;
                }
            }
            if (j.contains("accent_sensitive")) {
                if (const auto b = r.Bool(j["accent_sensitive"], field + "/accent_sensitive")) {
                    key.accent_sensitive = *b;
                }
            }
            if (!ok) return std::nullopt;
            return key;
        }
        case ItemType::kNumeric: {
            if (!j.is_object()) {
                r.WrongType(field, "an object {\"value\", \"tolerance\"}", j);
                return std::nullopt;
            }
            r.UnknownMembers(j, field, {"value", "tolerance", "unit"});
            NumericKey key;
            bool ok = true;
            for (const char* name : {"value", "tolerance"}) {
                if (!j.contains(name)) {
                    r.Problem(field, std::string("missing field \"") + name + "\"");
                    ok = false;
                    continue;
                }
                const auto d = r.Number(j[name], field + "/" + name);
                if (!d) {
                    ok = false;
                } else if (std::string_view(name) == "value") {
                    key.value = *d;
                } else if (*d < 0) {
                    r.Problem(field + "/tolerance", "must be 0 or more");
                    ok = false;
                } else {
                    key.tolerance = *d;
                }
            }
            if (j.contains("unit")) {
                if (const auto unit = r.String(j["unit"], field + "/unit", 1, kMaxUnitBytes))
                    key.unit = *unit;
            }
            if (!ok) return std::nullopt;
            return key;
        }
    }
    return std::nullopt;
}

constexpr std::string_view kTypeNames[] = {"single_choice", "multiple_choice", "short_text",
                                           "numeric",       "ordering",        "matching"};

}  // namespace

ItemParse ParseItem(const json& j, JsonScope scope, std::string_view framework, std::string_view competence) {
    ItemParse out;
    Reader r(out.problems);
    if (!j.is_object()) {
        r.WrongType("", "an object", j);
        return out;
    }
    if (scope == JsonScope::kFileItem) {
        r.UnknownMembers(
            j, "",
            {"id", "skill", "level", "type", "stem", "options", "left", "right", "answer", "scoring",
             "keep_order", "feedback", "resources", "accessibility", "irt", "anchor"});
    } else {
        r.UnknownMembers(
            j, "", {"id",    "skill",  "level",     "type",       "stem",     "options",   "left",
                    "right", "answer", "scoring",   "keep_order", "feedback", "resources", "accessibility",
                    "irt",   "anchor", "framework", "competence", "status",   "revision"});
    }
    auto required = [&](std::string_view name) -> const json* {
        const auto it = j.find(std::string(name));
        if (it == j.end()) {
            r.Problem("", "missing field \"" + std::string(name) + "\"");
            return nullptr;
        }
        return &*it;
    };
    Item item;
    bool usable = true;

    if (scope == JsonScope::kFull) {
        for (const char* name : {"framework", "competence"}) {
            if (const json* v = required(name)) {
                if (const auto s = r.String(*v, std::string("/") + name, 1, 64)) {
                    (std::string_view(name) == "framework" ? item.framework : item.competence) = *s;
                } else {
                    usable = false;
                }
            } else {
                usable = false;
            }
        }
        if (j.contains("status")) {
            if (const auto s = r.String(j["status"], "/status", 1, 16)) {
                if (const auto status = ParseItemStatus(*s)) {
                    item.status = *status;
                } else {
                    r.Problem("/status", "must be \"active\" or \"retired\", not " + Quote(*s));
                }
            }
        }
        if (j.contains("revision")) {
            if (!j["revision"].is_number_integer() || j["revision"].get<std::int64_t>() < 0) {
                r.Problem("/revision", "must be an integer, 0 or more");
            } else {
                item.revision = j["revision"].get<std::int64_t>();
            }
        }
    } else {
        item.framework = std::string(framework);
        item.competence = std::string(competence);
    }

    if (const json* v = required("id")) {
        if (const auto id = r.String(*v, "/id", 1, 64)) {
            if (!IsValidItemId(*id)) {
                r.Problem("/id", Quote(*id) +
                                     " is not a valid id (3 to 64 of a-z, 0-9, '.', '-', starting with a "
                                     "letter or digit; not \"nouvelle\")");
            }
            item.id = *id;
        } else {
            usable = false;
        }
    } else {
        usable = false;
    }

    if (j.contains("skill")) {
        if (const auto skill = r.String(j["skill"], "/skill", 1, kMaxSkillBytes)) item.skill = *skill;
    }

    if (const json* v = required("level")) {
        if (!v->is_number_integer()) {
            r.WrongType("/level", "an integer from 1 to 8", *v);
            usable = false;
        } else if (const auto level = v->get<std::int64_t>(); level < 1 || level > 8) {
            r.Problem("/level", "must be from 1 to 8, not " + std::to_string(level));
            usable = false;
        } else {
            item.level = static_cast<int>(level);
        }
    } else {
        usable = false;
    }

    bool type_ok = false;
    if (const json* v = required("type")) {
        if (const auto name = r.String(*v, "/type", 1, 32)) {
            if (const auto type = ParseItemType(*name)) {
                item.type = *type;
                type_ok = true;
            } else {
                std::string names;
                for (const auto n : kTypeNames) names += (names.empty() ? "" : ", ") + std::string(n);
                r.Problem("/type", Quote(*name) + " is not a type (" + names + ")");
            }
        }
    }
    if (!type_ok) usable = false;

    if (const json* v = required("stem")) {
        if (const auto stem = r.String(*v, "/stem", 1, kMaxStemBytes)) item.stem = *stem;
    }
    if (const json* v = required("feedback")) {
        if (const auto feedback = r.String(*v, "/feedback", 1, kMaxFeedbackBytes)) item.feedback = *feedback;
    }

    // Lists of choices, per type.
    bool lists_ok = type_ok;
    if (type_ok) {
        const bool wants_options = UsesOptions(item.type);
        const bool wants_sides = item.type == ItemType::kMatching;
        if (wants_options) {
            if (const json* v = required("options")) {
                if (auto options = r.Choices(*v, "/options")) {
                    item.options = std::move(*options);
                } else {
                    lists_ok = false;
                }
            } else {
                lists_ok = false;
            }
        } else if (j.contains("options")) {
            r.Problem("/options", "is only for single_choice, multiple_choice and ordering items");
        }
        for (const char* side : {"left", "right"}) {
            if (wants_sides) {
                if (const json* v = required(side)) {
                    if (auto choices = r.Choices(*v, std::string("/") + side)) {
                        (std::string_view(side) == "left" ? item.left : item.right) = std::move(*choices);
                    } else {
                        lists_ok = false;
                    }
                } else {
                    lists_ok = false;
                }
            } else if (j.contains(side)) {
                r.Problem(std::string("/") + side, "is only for matching items");
            }
        }
        if (!lists_ok) usable = false;
    }

    if (const json* v = required("answer")) {
        if (type_ok) {
            if (auto key = ParseAnswer(r, *v, "/answer", item, lists_ok)) {
                item.answer = std::move(*key);
            } else {
                usable = false;
            }
        }
    } else {
        usable = false;
    }

    if (j.contains("scoring")) {
        if (const auto name = r.String(j["scoring"], "/scoring", 1, 32)) {
            if (const auto mode = ParseScoringMode(*name)) {
                if (*mode == ScoringMode::kPartial && type_ok &&
                    (item.type == ItemType::kSingleChoice || item.type == ItemType::kShortText ||
                     item.type == ItemType::kNumeric)) {
                    r.Problem("/scoring",
                              "\"partial\" is only for multiple_choice, ordering and matching items");
                } else {
                    item.scoring = *mode;
                }
            } else {
                r.Problem("/scoring", "must be \"all_or_nothing\" or \"partial\", not " + Quote(*name));
            }
        }
    }

    if (j.contains("keep_order")) {
        if (const auto b = r.Bool(j["keep_order"], "/keep_order")) {
            if (*b && type_ok && item.type != ItemType::kSingleChoice &&
                item.type != ItemType::kMultipleChoice) {
                r.Problem("/keep_order", "is only for single_choice and multiple_choice items");
            } else {
                item.keep_order = *b;
            }
        }
    }

    if (j.contains("resources")) {
        const json& list = j["resources"];
        if (!list.is_array()) {
            r.WrongType("/resources", "a list of {\"title\", \"url\"}", list);
        } else if (list.size() > kMaxResources) {
            r.Problem("/resources", "has " + std::to_string(list.size()) + " entries, over the limit of " +
                                        std::to_string(kMaxResources));
        } else {
            for (std::size_t i = 0; i < list.size(); ++i) {
                const std::string at = core::JsonPointerAppend("/resources", i);
                if (!list[i].is_object()) {
                    r.WrongType(at, "an object {\"title\", \"url\"}", list[i]);
                    continue;
                }
                r.UnknownMembers(list[i], at, {"title", "url"});
                Resource resource;
                bool ok = true;
                if (!list[i].contains("title")) {
                    r.Problem(at, "missing field \"title\"");
                    ok = false;
                } else if (const auto title =
                               r.String(list[i]["title"], at + "/title", 1, kMaxResourceTitleBytes)) {
                    resource.title = *title;
                } else {
                    ok = false;
                }
                if (!list[i].contains("url")) {
                    r.Problem(at, "missing field \"url\"");
                    ok = false;
                } else if (const auto url = r.String(list[i]["url"], at + "/url", 1, kMaxUrlBytes)) {
                    if (!IsHttpUrl(*url)) {
                        r.Problem(at + "/url", Quote(*url) + " is not an http(s) address");
                        ok = false;
                    }
                    resource.url = *url;
                } else {
                    ok = false;
                }
                if (ok) item.resources.push_back(std::move(resource));
            }
        }
    }

    if (j.contains("accessibility")) {
        const json& a = j["accessibility"];
        if (!a.is_object()) {
            r.WrongType("/accessibility", "an object", a);
        } else {
            r.UnknownMembers(a, "/accessibility", {"screen_reader", "no_colour", "no_timer"});
            const std::pair<const char*, bool*> flags[] = {
                {"screen_reader", &item.accessibility.screen_reader},
                {"no_colour", &item.accessibility.no_colour},
                {"no_timer", &item.accessibility.no_timer}};
            for (const auto& [name, target] : flags) {
                if (!a.contains(name)) continue;
                if (const auto b = r.Bool(a[name], std::string("/accessibility/") + name)) *target = *b;
            }
        }
    }

    if (j.contains("irt")) {
        const json& p = j["irt"];
        if (!p.is_object()) {
            r.WrongType("/irt", "an object {\"a\", \"b\"}", p);
        } else {
            r.UnknownMembers(p, "/irt", {"a", "b"});
            Irt irt;
            bool ok = true;
            if (!p.contains("a")) {
                r.Problem("/irt", "missing field \"a\"");
                ok = false;
            } else if (const auto a = r.Number(p["a"], "/irt/a")) {
                if (*a < 0.2 || *a > 4.0) {
                    r.Problem("/irt/a", "discrimination must be in [0.2, 4], not " + p["a"].dump());
                    ok = false;
                }
                irt.a = *a;
            } else {
                ok = false;
            }
            if (!p.contains("b")) {
                r.Problem("/irt", "missing field \"b\"");
                ok = false;
            } else if (const auto b = r.Number(p["b"], "/irt/b")) {
                if (*b < -5.0 || *b > 5.0) {
                    r.Problem("/irt/b", "difficulty must be in [-5, 5], not " + p["b"].dump());
                    ok = false;
                }
                irt.b = *b;
            } else {
                ok = false;
            }
            if (ok) item.irt = irt;
        }
    }

    if (j.contains("anchor")) {
        if (const auto b = r.Bool(j["anchor"], "/anchor")) item.anchor = *b;
    }

    if (usable) out.item = std::move(item);
    return out;
}

std::vector<FieldProblem> CheckItemReferences(const Item& item, const CompetenceResolver& competences,
                                              const ImageExists& image_exists) {
    std::vector<FieldProblem> problems;
    const auto skills = competences(item.framework, item.competence);
    if (!skills) {
        problems.push_back(
            {"", "competence " + Quote(item.competence) + " is not in framework " + Quote(item.framework)});
    } else if (item.skill && std::find(skills->begin(), skills->end(), *item.skill) == skills->end()) {
        problems.push_back(
            {"/skill", Quote(*item.skill) + " is not a skill of competence " + Quote(item.competence)});
    }
    for (auto& message : CheckMarkdown(item.stem, image_exists))
        problems.push_back({"/stem", std::move(message)});
    for (auto& message : CheckMarkdown(item.feedback, image_exists)) {
        problems.push_back({"/feedback", std::move(message)});
    }
    return problems;
}

std::vector<MarkdownReference> FindMarkdownReferences(std::string_view md) {
    std::vector<MarkdownReference> out;
    std::size_t i = 0;
    while (i < md.size()) {
        const char c = md[i];
        if (c == '\\' && i + 1 < md.size()) {
            i += 2;
            continue;
        }
        if (c == '`') {
            const std::size_t close = md.find('`', i + 1);
            if (close == std::string_view::npos) break;
            i = close + 1;
            continue;
        }
        const bool image = c == '!' && i + 1 < md.size() && md[i + 1] == '[';
        if (c != '[' && !image) {
            ++i;
            continue;
        }
        const std::size_t open = image ? i + 1 : i;
        const std::size_t close = md.find(']', open + 1);
        if (close == std::string_view::npos || close + 1 >= md.size() || md[close + 1] != '(') {
            i = open + 1;
            continue;
        }
        const std::size_t end = md.find(')', close + 2);
        if (end == std::string_view::npos) {
            i = open + 1;
            continue;
        }
        out.push_back({image, std::string(md.substr(open + 1, close - open - 1)),
                       std::string(md.substr(close + 2, end - close - 2))});
        i = end + 1;
    }
    return out;
}

std::vector<std::string> CheckMarkdown(std::string_view markdown, const ImageExists& image_exists) {
    std::vector<std::string> problems;
    for (const auto& ref : FindMarkdownReferences(markdown)) {
        if (ref.image) {
            constexpr std::string_view kPrefix = "images/";
            const std::string_view target = ref.target;
            if (target.substr(0, kPrefix.size()) != kPrefix ||
                !IsSafeImageName(target.substr(kPrefix.size()))) {
                problems.push_back(
                    "image " + Quote(ref.target) +
                    " must be images/<name> (a-z, 0-9, '-', '_', extension svg, png, jpg, jpeg or webp)");
                continue;
            }
            if (IsBlank(ref.text))
                problems.push_back("image " + Quote(ref.target) + " needs an alternative text");
            if (!image_exists(target.substr(kPrefix.size()))) {
                problems.push_back("image " + Quote(ref.target) + " does not exist in data/items/images/");
            }
        } else if (!IsHttpUrl(ref.target)) {
            problems.push_back("link " + Quote(ref.target) + " is not an http(s) address");
        }
    }
    return problems;
}

bool IsSafeImageName(std::string_view name) {
    if (name.empty() || name.size() > 100) return false;
    const auto alnum = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    };
    if (!alnum(name.front())) return false;
    const std::size_t dot = name.rfind('.');
    if (dot == std::string_view::npos) return false;
    for (std::size_t i = 0; i < dot; ++i) {
        const char c = name[i];
        if (!alnum(c) && c != '-' && c != '_' && c != '.') return false;
        if (c == '.' && (name[i + 1] == '.' || !alnum(name[i - 1]))) return false;
    }
    std::string extension(name.substr(dot + 1));
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return extension == "svg" || extension == "png" || extension == "jpg" || extension == "jpeg" ||
           extension == "webp";
}

bool IsValidItemId(std::string_view id) {
    if (id.size() < 3 || id.size() > 64) return false;
    if (id == kReservedItemId) return false;  // the URL of the authoring page's creation form
    const auto lower_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!lower_digit(id.front())) return false;
    return std::all_of(id.begin() + 1, id.end(),
                       [&](char c) { return lower_digit(c) || c == '.' || c == '-'; });
}

bool IsValidChoiceId(std::string_view id) {
    if (id.empty() || id.size() > 8) return false;
    return std::all_of(id.begin(), id.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

bool IsHttpUrl(std::string_view url) {
    const auto starts_with_ci = [&](std::string_view prefix) {
        if (url.size() < prefix.size()) return false;
        for (std::size_t i = 0; i < prefix.size(); ++i) {
            char c = url[i];
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            if (c != prefix[i]) return false;
        }
        return true;
    };
    std::size_t host = 0;
    if (starts_with_ci("https://")) {
        host = 8;
    } else if (starts_with_ci("http://")) {
        host = 7;
    } else {
        return false;
    }
    if (url.size() <= host || url[host] == '/' || url[host] == '.') return false;
    return std::none_of(url.begin(), url.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u <= 0x20 || u == 0x7F || c == '"' || c == '<' || c == '>' || c == '\\';
    });
}

}  // namespace passeur::item
