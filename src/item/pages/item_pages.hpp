// Server-rendered pages of the item bank for platform admins (RouteKind::kHtml, French URLs, DSFR):
//   GET  /admin/questions[?framework&competence&level&type&status&q&offset&limit]   list, filters, pages
//   GET  /admin/questions/nouvelle                  empty form;  POST: creates the item
//   GET  /admin/questions/{item}                    stem, options, answer key, feedback, revisions
//   GET  /admin/questions/{item}/modifier           form;        POST: a new revision
//   GET  /admin/questions/{item}/apercu             the item as a learner sees it (item::ForLearner);
//   POST /admin/questions/{item}/apercu             scores the answer (ItemService::ScoreItem)
//   POST /admin/questions/{item}/retirer            retire;  POST .../restaurer: restore
//   GET  /media/items/{file}                        public: an image of items_dir/images/
//
// Access: anonymous visitors are sent to the login page; any other person than a platform admin
// (account::Action::kEditItems) gets the 403 page, which never shows an item. The preview renders
// the partial item_question.mustache from an item::ItemView only (no key, no feedback before the
// answer is sent): the assessment pages reuse that partial.
//
// The form (item_form.mustache). Common fields: `id` (creation only), `competence`
// ("<framework>/<code>", one select grouped by framework), `skill` (optional code), `level`
// (1-8), `type`, `stem` and `feedback` (Markdown subset), `resources` (one "title | https://..."
// per line), `screen_reader`, `no_colour`, `no_timer` (checkboxes, checked = usable).
// Type-specific fields (only those of the chosen type are read):
//   single_choice, multiple_choice, ordering: `options`, one "id | text" per line (id: 1-8 of a-z,
//     0-9); `answer_ids`: single "b", multiple "a, c", ordering "c, a, b" (commas or spaces);
//     `keep_order` (choice items), `scoring` (all_or_nothing | partial: multiple, ordering, matching)
//   matching: `left` and `right` ("id | text" per line), `answer_pairs`: one "left = right" per line
//   short_text: `accepted` (one variant per line), `case_sensitive`, `accent_sensitive`
//   numeric: `numeric_value`, `numeric_tolerance` (decimal comma or point), `numeric_unit`
// `irt` and `anchor` are not on the form: an edit keeps the stored ones. An edit sends the
// `revision` it was read at: when the item moved since, nothing is written and the form comes
// back (409) with a conflict message and the submitted values.
#pragma once

#include "account/module.hpp"
#include "framework/framework_service.hpp"
#include "http/router.hpp"
#include "item/item_service.hpp"
#include "web/renderer.hpp"

namespace passeur::item {

// Images larger than this are not served.
inline constexpr std::size_t kMaxItemImageBytes = 2 * 1024 * 1024;

// All arguments must outlive the router. Images are read from items.ItemsDir() + "/images/".
void RegisterItemPages(http::Router& router, ItemService& items, framework::FrameworkService& frameworks,
                       account::AccountModule& accounts, web::Renderer& renderer);

}  // namespace passeur::item
