#include <algorithm>
#include <cstdint>
#include <utility>

#include <item/learner_view.hpp>

namespace passeur::item {

namespace {

// Uniform index in [0, bound) by rejection (no modulo bias).
std::size_t UniformBelow(core::Random& random, std::size_t bound) {
    const std::uint64_t n = bound;
    const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % n);
    while (true) {
        const std::uint64_t x = random.NextU64();
        if (x < limit) return static_cast<std::size_t>(x % n);
    }
}

void Shuffle(std::vector<Choice>& choices, core::Random& random) {
    for (std::size_t i = choices.size(); i > 1; --i)
        std::swap(choices[i - 1], choices[UniformBelow(random, i)]);
}

nlohmann::json ChoicesToJson(const std::vector<Choice>& choices) {
    auto out = nlohmann::json::array();
    for (const auto& c : choices) out.push_back({{"id", c.id}, {"text", c.text}});
    return out;
}

bool InKeyOrder(const std::vector<Choice>& options, const OrderingKey& key) {
    if (options.size() != key.order.size()) return false;
    for (std::size_t i = 0; i < options.size(); ++i) {
        if (options[i].id != key.order[i]) return false;
    }
    return true;
}

}  // namespace

ItemView ForLearner(const Item& item, core::Random& random) {
    ItemView view;
    view.id = item.id;
    view.type = item.type;
    view.stem = item.stem;
    view.accessibility = item.accessibility;
    switch (item.type) {
        case ItemType::kSingleChoice:
        case ItemType::kMultipleChoice:
            view.options = item.options;
            if (!item.keep_order) Shuffle(view.options, random);
            break;
        case ItemType::kOrdering: {
            view.options = item.options;
            Shuffle(view.options, random);
            // Showing the answer as the starting order would give it away: rotate by one.
            if (const auto* key = std::get_if<OrderingKey>(&item.answer);
                key && InKeyOrder(view.options, *key)) {
                std::rotate(view.options.begin(), view.options.begin() + 1, view.options.end());
            }
            break;
        }
        case ItemType::kMatching:
            view.left = item.left;
            view.right = item.right;
            Shuffle(view.right, random);
            break;
        case ItemType::kNumeric:
            if (const auto* key = std::get_if<NumericKey>(&item.answer)) view.unit = key->unit;
            break;
        case ItemType::kShortText:
            break;
    }
    return view;
}

nlohmann::json ItemViewToJson(const ItemView& view) {
    nlohmann::json out = {{"id", view.id}, {"type", ItemTypeName(view.type)}, {"stem", view.stem}};
    if (UsesOptions(view.type)) out["options"] = ChoicesToJson(view.options);
    if (view.type == ItemType::kMatching) {
        out["left"] = ChoicesToJson(view.left);
        out["right"] = ChoicesToJson(view.right);
    }
    if (view.unit) out["unit"] = *view.unit;
    out["accessibility"] = {{"screen_reader", view.accessibility.screen_reader},
                            {"no_colour", view.accessibility.no_colour},
                            {"no_timer", view.accessibility.no_timer}};
    return out;
}

}  // namespace passeur::item
