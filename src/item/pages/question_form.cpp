#include "item/pages/question_form.hpp"

#include <string>
#include <string_view>

#include "web/markdown.hpp"

namespace passeur::item {
namespace {

using nlohmann::json;

std::string DomId(std::string_view id) {
    std::string out = "q-";
    for (char c : id) out += (c == '.') ? '-' : c;
    return out;
}

std::string FieldOr(const http::FieldList& form, std::string_view name) {
    auto value = http::Find(form, name);
    return value ? std::string(*value) : std::string();
}

bool Blank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace

json QuestionData(const ItemView& view, const http::FieldList* submitted) {
    const std::string dom = DomId(view.id);
    auto chosen = [&](std::string_view name, std::string_view value) {
        if (submitted == nullptr) return false;
        for (const auto& [n, v] : *submitted) {
            if (n == name && v == value) return true;
        }
        return false;
    };
    json q = {{"id", view.id},
              {"dom_id", dom},
              {"stem_html", web::RenderMarkdown(view.stem)},
              {"is_single", view.type == ItemType::kSingleChoice},
              {"is_multiple", view.type == ItemType::kMultipleChoice},
              {"is_short_text", view.type == ItemType::kShortText},
              {"is_numeric", view.type == ItemType::kNumeric},
              {"is_ordering", view.type == ItemType::kOrdering},
              {"is_matching", view.type == ItemType::kMatching},
              {"unit", view.unit.value_or("")},
              {"text", submitted ? FieldOr(*submitted, "answer") : std::string()}};
    json options = json::array();
    for (const Choice& c : view.options) {
        options.push_back({{"id", c.id},
                           {"text", c.text},
                           {"input_id", dom + "-" + c.id},
                           {"checked", chosen("answer", c.id)}});
    }
    q["options"] = options;
    json positions = json::array();
    for (std::size_t i = 0; i < view.options.size() && view.type == ItemType::kOrdering; ++i) {
        const std::string name = "order_" + std::to_string(i + 1);
        json choices = json::array();
        for (const Choice& c : view.options)
            choices.push_back({{"id", c.id}, {"text", c.text}, {"selected", chosen(name, c.id)}});
        positions.push_back(
            {{"position", i + 1}, {"name", name}, {"select_id", dom + "-" + name}, {"choices", choices}});
    }
    q["positions"] = positions;
    json pairs = json::array();
    for (const Choice& left : view.left) {
        const std::string name = "match_" + left.id;
        json choices = json::array();
        for (const Choice& r : view.right)
            choices.push_back({{"id", r.id}, {"text", r.text}, {"selected", chosen(name, r.id)}});
        pairs.push_back(
            {{"left", left.text}, {"name", name}, {"select_id", dom + "-" + name}, {"choices", choices}});
    }
    q["pairs"] = pairs;
    return q;
}

json ResponseFromForm(const ItemView& view, const http::FieldList& form) {
    switch (view.type) {
        case ItemType::kSingleChoice: {
            auto value = http::Find(form, "answer");
            return value ? json(std::string(*value)) : json(nullptr);
        }
        case ItemType::kMultipleChoice: {
            json out = json::array();
            for (const auto& [name, value] : form) {
                if (name == "answer") out.push_back(value);
            }
            return out;
        }
        case ItemType::kShortText:
        case ItemType::kNumeric:
            return FieldOr(form, "answer");
        case ItemType::kOrdering: {
            json out = json::array();
            for (std::size_t i = 1; i <= view.options.size(); ++i) {
                out.push_back(FieldOr(form, "order_" + std::to_string(i)));
            }
            return out;
        }
        case ItemType::kMatching: {
            json out = json::object();
            for (const Choice& left : view.left) {
                std::string value = FieldOr(form, "match_" + left.id);
                if (!value.empty()) out[left.id] = value;
            }
            return out;
        }
    }
    return nullptr;
}

bool IsEmptyResponse(const json& response) {
    if (response.is_null()) return true;
    if (response.is_string()) return Blank(response.get_ref<const std::string&>());
    if (response.is_array() || response.is_object()) {
        for (const auto& value : response) {
            if (!IsEmptyResponse(value)) return false;
        }
        return true;
    }
    return false;
}

}  // namespace passeur::item
