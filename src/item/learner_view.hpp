// What a learner sees of an item while answering: never the answer key, the feedback or the IRT
// parameters. Choice lists are shuffled with an injected Random so that a test replays.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <core/random.hpp>

#include <item/model.hpp>

namespace passeur::item {

struct ItemView {
    std::string id;
    ItemType type = ItemType::kSingleChoice;
    std::string stem;                 // Markdown subset (render with web::RenderMarkdown)
    std::vector<Choice> options;      // choice and ordering items, in display order
    std::vector<Choice> left;         // matching: in file order
    std::vector<Choice> right;        // matching: shuffled
    std::optional<std::string> unit;  // numeric: shown after the input
    Accessibility accessibility;
};

// Options of single/multiple choice items are shuffled unless item.keep_order; ordering options
// are always shuffled (and never left in the key's order when another order exists); the right
// column of matching items is shuffled, the left one kept.
ItemView ForLearner(const Item& item, core::Random& random);

// {"id", "type", "stem", "options"?: [{"id", "text"}], "left"?, "right"?, "unit"?, "accessibility"}
nlohmann::json ItemViewToJson(const ItemView& view);

}  // namespace passeur::item
