// The learner's side of one question on an HTML page, shared by the item preview and the adaptive
// test pages: the data of the partial web/templates/item_question.mustache, and the response JSON
// (docs/formats/items.md) built from the posted form. Both need only the learner's view of the item
// (item::ItemView: type, option ids, left ids): never its key nor its feedback.
#pragma once

#include <nlohmann/json.hpp>

#include "http/request.hpp"
#include "item/learner_view.hpp"

namespace passeur::item {

// The partial's `question` object: {id, dom_id, stem_html (Markdown rendered), is_<type>, options,
// positions, pairs, unit, text}. `submitted` (may be null) keeps a posted answer selected.
nlohmann::json QuestionData(const ItemView& view, const http::FieldList* submitted);

// The response the form carries, in the shape scoring expects for view.type:
//   single_choice "b" (null when nothing chosen); multiple_choice ["a","c"]; short_text and
//   numeric the text as typed; ordering ["c","a","b"] with "" for an unset position (one per
//   option); matching {"<left id>": "<right id>"} with unset pairs left out.
// Fields read: "answer" (repeated for multiple choice), "order_1".."order_n", "match_<left id>".
nlohmann::json ResponseFromForm(const ItemView& view, const http::FieldList& form);

// True when the form carries no answer at all: nothing chosen, typed, ordered or matched (white
// space only counts as nothing). The test pages ask again instead of storing such a response.
bool IsEmptyResponse(const nlohmann::json& response);

}  // namespace passeur::item
