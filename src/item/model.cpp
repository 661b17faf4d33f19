#include <array>

#include <item/model.hpp>
#include <item/validation.hpp>

namespace passeur::item {

namespace {

constexpr std::array<std::string_view, 6> kTypeNames = {"single_choice", "multiple_choice", "short_text",
                                                        "numeric",       "ordering",        "matching"};

nlohmann::json ChoicesToJson(const std::vector<Choice>& choices) {
    auto out = nlohmann::json::array();
    for (const auto& c : choices) out.push_back({{"id", c.id}, {"text", c.text}});
    return out;
}

struct AnswerToJson {
    nlohmann::json operator()(const SingleChoiceKey& k) const { return k.option; }
    nlohmann::json operator()(const MultipleChoiceKey& k) const { return k.options; }
    nlohmann::json operator()(const OrderingKey& k) const { return k.order; }
    nlohmann::json operator()(const ShortTextKey& k) const {
        nlohmann::json out = {{"accepted", k.accepted}};
        if (k.case_sensitive) out["case_sensitive"] = true;
        if (k.accent_sensitive) out["accent_sensitive"] = true;
        return out;
    }
    nlohmann::json operator()(const NumericKey& k) const {
        nlohmann::json out = {{"value", k.value}, {"tolerance", k.tolerance}};
        if (k.unit) out["unit"] = *k.unit;
        return out;
    }
    nlohmann::json operator()(const MatchingKey& k) const {
        auto out = nlohmann::json::object();
        for (const auto& [left, right] : k.pairs) out[left] = right;
        return out;
    }
};

}  // namespace

std::string_view ItemTypeName(ItemType type) { return kTypeNames[static_cast<std::size_t>(type)]; }

std::optional<ItemType> ParseItemType(std::string_view name) {
    for (std::size_t i = 0; i < kTypeNames.size(); ++i) {
        if (kTypeNames[i] == name) return static_cast<ItemType>(i);
    }
    return std::nullopt;
}

std::string_view ScoringModeName(ScoringMode mode) {
    return mode == ScoringMode::kPartial ? "partial" : "all_or_nothing";
}

std::optional<ScoringMode> ParseScoringMode(std::string_view name) {
    if (name == "all_or_nothing") return ScoringMode::kAllOrNothing;
    if (name == "partial") return ScoringMode::kPartial;
    return std::nullopt;
}

std::string_view ItemStatusName(ItemStatus status) {
    return status == ItemStatus::kRetired ? "retired" : "active";
}

std::optional<ItemStatus> ParseItemStatus(std::string_view name) {
    if (name == "active") return ItemStatus::kActive;
    if (name == "retired") return ItemStatus::kRetired;
    return std::nullopt;
}

bool UsesOptions(ItemType type) {
    return type == ItemType::kSingleChoice || type == ItemType::kMultipleChoice ||
           type == ItemType::kOrdering;
}

Irt DefaultIrt(int level) { return Irt{1.0, (level - 4.5) * 0.75}; }

Irt Item::EffectiveIrt() const { return irt ? *irt : DefaultIrt(level); }

nlohmann::json ItemToJson(const Item& item, JsonScope scope) {
    nlohmann::json out = nlohmann::json::object();
    out["id"] = item.id;
    if (scope == JsonScope::kFull) {
        out["framework"] = item.framework;
        out["competence"] = item.competence;
    }
    if (item.skill) out["skill"] = *item.skill;
    out["level"] = item.level;
    out["type"] = ItemTypeName(item.type);
    out["stem"] = item.stem;
    if (UsesOptions(item.type)) out["options"] = ChoicesToJson(item.options);
    if (item.type == ItemType::kMatching) {
        out["left"] = ChoicesToJson(item.left);
        out["right"] = ChoicesToJson(item.right);
    }
    out["answer"] = std::visit(AnswerToJson{}, item.answer);
    if (item.scoring != ScoringMode::kAllOrNothing) out["scoring"] = ScoringModeName(item.scoring);
    if (item.keep_order) out["keep_order"] = true;
    out["feedback"] = item.feedback;
    if (!item.resources.empty()) {
        auto list = nlohmann::json::array();
        for (const auto& r : item.resources) list.push_back({{"title", r.title}, {"url", r.url}});
        out["resources"] = std::move(list);
    }
    if (item.accessibility != Accessibility{}) {
        out["accessibility"] = {{"screen_reader", item.accessibility.screen_reader},
                                {"no_colour", item.accessibility.no_colour},
                                {"no_timer", item.accessibility.no_timer}};
    }
    if (item.irt) out["irt"] = {{"a", item.irt->a}, {"b", item.irt->b}};
    if (item.anchor) out["anchor"] = true;
    if (scope == JsonScope::kFull) {
        out["status"] = ItemStatusName(item.status);
        out["revision"] = item.revision;
    }
    return out;
}

core::Result<Item> ItemFromJson(const nlohmann::json& json, JsonScope scope, std::string_view framework,
                                std::string_view competence) {
    auto parsed = ParseItem(json, scope, framework, competence);
    if (!parsed.problems.empty()) {
        const auto& first = parsed.problems.front();
        return core::Fail(core::Error::InvalidArgument(
            (first.field.empty() ? std::string("item") : first.field) + ": " + first.message, first.field));
    }
    if (!parsed.item) return core::Fail(core::Error::InvalidArgument("item: not a valid item"));
    return std::move(*parsed.item);
}

}  // namespace passeur::item
