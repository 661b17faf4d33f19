// JSON routes of the item bank under /api/v1 (RouteKind::kJson; errors mapped by
// http/error_mapping). Platform admins only (account::Action::kEditItems): items carry their
// answer keys, which learners must never see. Cookie sessions must send X-CSRF-Token on writes.
// See docs/api/openapi.item.json.
//
//   GET  /api/v1/items[?framework&competence&level&type&status&q&offset&limit]  {items, total}
//   POST /api/v1/items                         body = item (JsonScope::kFull) -> 201
//   GET  /api/v1/items/{item}                  the item (kFull) with source and dates
//   PUT  /api/v1/items/{item}[?revision=N]     body = item -> the new revision
//   POST /api/v1/items/{item}/retire           -> the item
//   POST /api/v1/items/{item}/restore          -> the item
//   POST /api/v1/items/{item}/score            body {response} -> {credit, max_credit, fraction, malformed,
//   reason}
#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

#include "account/module.hpp"
#include "http/router.hpp"
#include "item/item_service.hpp"

namespace passeur::item {

// Bodies above this are refused (kPayloadTooLarge).
inline constexpr std::size_t kMaxItemBodyBytes = 256 * 1024;

// The API form of a stored item: ItemToJson(kFull) plus "source", "created_at", "updated_at".
nlohmann::json RecordToJson(const ItemRecord& record);
nlohmann::json ScoreToJson(const Score& score);

// `service` and `accounts` must outlive the router.
void RegisterItemApi(http::Router& router, ItemService& service, account::AccountModule& accounts);

}  // namespace passeur::item
